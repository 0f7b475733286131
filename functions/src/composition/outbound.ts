import type { createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoFollowUpRepository } from "../adapters/dynamo/follow-up-repository.js";
import { makeDynamoSurveyRepository } from "../adapters/dynamo/survey-repository.js";
import { makeDynamoWebhookRepository } from "../adapters/dynamo/webhook-repository.js";
import { makeHttpWebhookPoster } from "../adapters/outbound/http-webhook-poster.js";
import type { FieldKeyring } from "../adapters/secrets/field-keyring.js";
import { makeOutboundConsumer } from "../app/outbound/deliver-outbound.js";
import type { WebhookPoster } from "../app/outbound/outbound-ports.js";
import { OUTBOUND_REQUEST_TIMEOUT_MS } from "../app/outbound/outbound-timing.js";
import type { Clock, Log } from "../app/ports.js";
import type { Config } from "../config.js";

/**
 * The outbound function's consumer over its adapters: the webhooks (their credentials opened with the field keys), the
 * surveys and cases events tell of, HTTP.
 */
export function composeOutbound(deps: {
  config: Config;
  db: ReturnType<typeof createDocumentClient>;
  clock: Clock;
  fieldKeys: FieldKeyring;
  log?: Log | undefined;
  poster?: WebhookPoster | undefined;
}) {
  const { config, db, clock } = deps;
  const tableName = config.TABLE_NAME;
  return makeOutboundConsumer({
    webhooks: makeDynamoWebhookRepository(db, tableName, deps.fieldKeys),
    surveys: makeDynamoSurveyRepository(db, tableName),
    followUps: makeDynamoFollowUpRepository(db, tableName),
    poster:
      deps.poster ??
      makeHttpWebhookPoster({ timeoutMs: OUTBOUND_REQUEST_TIMEOUT_MS, targets: config.WEBHOOK_TARGETS }),
    clock,
    ...(deps.log ? { log: deps.log } : {}),
  });
}
