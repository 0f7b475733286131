import { makeDynamoAuditLogRepository } from "../adapters/dynamo/audit-log-repository.js";
import { createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoWebhookRepository } from "../adapters/dynamo/webhook-repository.js";
import type { FieldKeyring } from "../adapters/secrets/field-keyring.js";
import { fieldKeyringFor } from "../adapters/secrets/load-field-keys.js";
import { loadSecrets, originSecretsOf } from "../adapters/secrets/load-secrets.js";
import { makeAuditTrail } from "../app/audit/audit-trail.js";
import { makeManageWebhooks } from "../app/outbound/manage-webhooks.js";
import type { OutboundQueue } from "../app/outbound/outbound-ports.js";
import { type Clock, type Log, systemClock } from "../app/ports.js";
import { makeAddressHash } from "../app/requesters/requester-data.js";
import type { Config } from "../config.js";
import { createWebhooksApp } from "../http/webhooks-app.js";
import { outboundQueueFor } from "./staff.js";
import { staffVerifierFor } from "./staff-verifier.js";

/**
 * The webhooks use case over its adapters: the webhook store, sealing credentials with the field keys (read when first
 * needed), and the
 * outbound queue that redeliveries go to.
 */
export function webhookUseCases(parts: {
  config: Config;
  db: ReturnType<typeof createDocumentClient>;
  clock: Clock;
  outboundQueue: OutboundQueue;
  fieldKeys: FieldKeyring;
}) {
  return {
    manageWebhooks: makeManageWebhooks({
      webhooks: makeDynamoWebhookRepository(parts.db, parts.config.TABLE_NAME, parts.fieldKeys),
      queue: parts.outboundQueue,
      clock: parts.clock,
      targets: parts.config.WEBHOOK_TARGETS,
    }),
  };
}

/** Builds the webhooks function once per cold start: the webhook routes behind a staff token, audited. */
export async function composeWebhooks(config: Config, options: { log?: Log } = {}) {
  // The log tells of a key read that fails during a rotation; the keys held stay in use.
  const fieldKeys = fieldKeyringFor(config, { log: options.log });
  // Read at the cold start all the same: every webhook route but the delivery log seals or opens credentials, and a
  // function without its keys should fail to start rather than on its first request.
  const [secrets] = await Promise.all([loadSecrets(config), fieldKeys.held()]);
  const clock = systemClock;
  const db = createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  });
  const { manageWebhooks } = webhookUseCases({
    config,
    db,
    clock,
    outboundQueue: outboundQueueFor(config),
    fieldKeys,
  });
  const auditTrail = makeAuditTrail({
    log: makeDynamoAuditLogRepository(db, config.TABLE_NAME),
    clock,
    addressHash: makeAddressHash(secrets.linkSecret),
  });
  return {
    app: createWebhooksApp({
      manageWebhooks,
      verifyStaff: staffVerifierFor(config),
      auditTrail,
      originSecrets: originSecretsOf(secrets),
    }),
  };
}
