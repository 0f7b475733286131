import { type CapacityMeter, createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoSettingsReader } from "../adapters/dynamo/settings-repository.js";
import { makeDynamoPublicSurveyRepository } from "../adapters/dynamo/survey-repository.js";
import { loadSecrets, originSecretsOf, type Secrets } from "../adapters/secrets/load-secrets.js";
import { makeSqsQueue } from "../adapters/sqs/sqs-queue.js";
import type { OutboundMessage } from "../app/outbound/outbound-message.js";
import type { OutboundQueue } from "../app/outbound/outbound-ports.js";
import { type Clock, type Log, type Metrics, systemClock } from "../app/ports.js";
import { makeFormNonces } from "../app/surveys/link-secrets.js";
import { makeRespondToSurvey } from "../app/surveys/respond-to-survey.js";
import { type Config, organisationOf, policyDefaults } from "../config.js";
import { createPublicApp } from "../http/public-app.js";

export interface PublicCompositionOverrides {
  clock?: Clock;
  meter?: CapacityMeter;
  secrets?: Secrets;
  /** Where a recorded rating is announced; by default the outbound queue at `OUTBOUND_QUEUE_URL`, if any. */
  outbound?: OutboundQueue;
  /** Where the use cases report on Lambda (Powertools logs and metrics); silent by default. */
  observability?: { log: Log; metrics: Metrics };
}

/**
 * Builds what the public function needs once per cold start (one document client, the public part of the survey
 * repository, which also reads and writes the follow-up cases that ratings open, the settings and the requester's
 * answers) and the public app over them: no intake, no staff API, no mail sender.
 */
export async function composePublic(config: Config, overrides: PublicCompositionOverrides = {}) {
  const secrets = overrides.secrets ?? (await loadSecrets(config));
  const clock = overrides.clock ?? systemClock;
  const db = createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    meter: overrides.meter,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  });
  const surveys = makeDynamoPublicSurveyRepository(db, config.TABLE_NAME);
  const settings = makeDynamoSettingsReader(db, config.TABLE_NAME, policyDefaults(config));
  const respond = makeRespondToSurvey({
    surveys,
    settings,
    nonces: makeFormNonces(secrets.linkSecret),
    clock,
    ...overrides.observability,
    // One small message a rating; the outbound function reads the rest and delivers.
    outbound:
      overrides.outbound ??
      (config.OUTBOUND_QUEUE_URL
        ? makeSqsQueue<OutboundMessage>({ queueUrl: config.OUTBOUND_QUEUE_URL, name: "outbound queue" })
        : undefined),
  });
  const app = createPublicApp({
    respond,
    timeZone: config.ORG_TIMEZONE,
    organisation: organisationOf(config),
    originSecrets: originSecretsOf(secrets),
  });
  return { app, db, respond };
}
