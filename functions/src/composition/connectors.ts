import { makeDynamoAuditLogRepository } from "../adapters/dynamo/audit-log-repository.js";
import { type CapacityMeter, createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoConnectorMappingRepository } from "../adapters/dynamo/connector-mapping-repository.js";
import { makeDynamoSettingsReader } from "../adapters/dynamo/settings-repository.js";
import { makeDynamoPublicSurveyRepository } from "../adapters/dynamo/survey-repository.js";
import { makeSqsMailQueue } from "../adapters/queue/sqs-mail-queue.js";
import {
  type ConnectorSecretsSource,
  loadConnectorSecrets,
} from "../adapters/secrets/load-connector-secrets.js";
import { loadSecrets, originSecretsOf } from "../adapters/secrets/load-secrets.js";
import { makeAuditTrail } from "../app/audit/audit-trail.js";
import { type Clock, type Log, type MailQueue, type Metrics, systemClock } from "../app/ports.js";
import { makeIntakeTicket } from "../app/surveys/intake-ticket.js";
import { type Config, policyDefaults } from "../config.js";
import { createConnectorsApp } from "../http/connectors-app.js";
import { staffVerifierFor } from "./staff-verifier.js";

export interface ConnectorsCompositionOverrides {
  clock?: Clock;
  meter?: CapacityMeter;
  secrets?: {
    intakeSecret: string;
    connectorSecrets: ConnectorSecretsSource;
    originSecrets?: string[] | undefined;
  };
  /** Where intake puts invitations; by default the mail queue at `MAIL_QUEUE_URL`. */
  mailQueue?: MailQueue;
  observability?: { log: Log; metrics: Metrics };
}

/**
 * Builds the connectors function once per cold start: the intake use case behind both the generic signed webhook
 * and the connectors, with the connectors' mappings and secrets; no requester pages, no staff API.
 */
export async function composeConnectors(config: Config, overrides: ConnectorsCompositionOverrides = {}) {
  const secrets = overrides.secrets ?? (await loadIntakeSecrets(config));
  const db = createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    meter: overrides.meter,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  });
  const mailQueue =
    overrides.mailQueue ?? (config.MAIL_QUEUE_URL && makeSqsMailQueue({ queueUrl: config.MAIL_QUEUE_URL }));
  if (!mailQueue) {
    throw new Error(
      "Invalid configuration: the connectors function needs MAIL_QUEUE_URL, the mail queue intake fills",
    );
  }
  const clock = overrides.clock ?? systemClock;
  const intakeTicket = makeIntakeTicket({
    surveys: makeDynamoPublicSurveyRepository(db, config.TABLE_NAME),
    settings: makeDynamoSettingsReader(db, config.TABLE_NAME, policyDefaults(config)),
    mailQueue,
    clock,
    timeZone: config.ORG_TIMEZONE,
    ...overrides.observability,
  });
  const app = createConnectorsApp({
    intakeTicket,
    connectorMappings: makeDynamoConnectorMappingRepository(db, config.TABLE_NAME),
    intakeSecret: secrets.intakeSecret,
    connectorSecrets: secrets.connectorSecrets,
    verifyStaff: staffVerifierFor(config),
    auditTrail: makeAuditTrail({
      log: makeDynamoAuditLogRepository(db, config.TABLE_NAME),
      clock,
      // Only the mapping routes are audited here, and they name no requester.
      addressHash: () => {
        throw new Error("The connectors function audits no request that names a requester");
      },
    }),
    originSecrets: secrets.originSecrets,
  });
  return { app, db, intakeTicket };
}

/** The generic webhook's intake secret with the origin secrets, and the connectors' secrets, read side by side. */
async function loadIntakeSecrets(config: Config) {
  const [core, connectorSecrets] = await Promise.all([loadSecrets(config), loadConnectorSecrets(config)]);
  return {
    connectorSecrets,
    originSecrets: originSecretsOf(core),
    intakeSecret: core.intakeSecret,
  };
}
