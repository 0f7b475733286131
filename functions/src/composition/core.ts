import { type CapacityMeter, createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoFollowUpRepository } from "../adapters/dynamo/follow-up-repository.js";
import { makeDynamoInitiativeRepository } from "../adapters/dynamo/initiative-repository.js";
import { makeDynamoSettingsRepository } from "../adapters/dynamo/settings-repository.js";
import { makeDynamoSurveyRepository } from "../adapters/dynamo/survey-repository.js";
import { makeDynamoTrendRepository } from "../adapters/dynamo/trend-repository.js";
import type { Secrets } from "../adapters/secrets/load-secrets.js";
import {
  type Clock,
  type Log,
  type Mailer,
  type Metrics,
  silentLog,
  systemClock,
  uncountedMetrics,
} from "../app/ports.js";
import { makeSendInvitation } from "../app/surveys/send-invitation.js";
import { makeSendReminders } from "../app/surveys/send-reminders.js";
import type { Config } from "../config.js";
import type { SurveyPolicy } from "../domain/survey-policy.js";

/** How a function reports: Powertools on AWS; locally nothing, so tests and the server print no JSON lines. */
export interface Observability {
  log: Log;
  metrics: Metrics;
  /** Wraps each AWS SDK client as it is built, so its calls are traced. */
  traceClient?: (<T>(client: T) => T) | undefined;
}

export interface CompositionOverrides {
  clock?: Clock;
  /** How mail leaves: SES on AWS; locally the outbox or SMTP (see `mailerFor`). */
  mailer: Mailer;
  meter?: CapacityMeter;
  secrets?: Secrets;
  observability?: Observability;
}

/** The survey policy that applies until a head changes it, from the configuration. */
export function policyDefaults(config: Config): SurveyPolicy {
  return {
    throttleDays: config.SURVEY_THROTTLE_DAYS,
    sampleRate: config.SURVEY_SAMPLE_RATE,
    expiryDays: config.SURVEY_EXPIRY_DAYS,
    scannerWindowSeconds: config.SURVEY_SCANNER_WINDOW_SECONDS,
    followUpThreshold: config.FOLLOW_UP_THRESHOLD,
  };
}

/**
 * The adapters every Pulse function shares and the mail use cases: what the mailer function needs and nothing more,
 * so its bundle carries no HTTP framework and its cold start reads no secrets.
 */
export function composeCore(config: Config, overrides: CompositionOverrides) {
  const clock = overrides.clock ?? systemClock;
  const observability = overrides.observability ?? { log: silentLog, metrics: uncountedMetrics };
  const { log, metrics } = observability;
  const db = createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    meter: overrides.meter,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
    traceClient: observability.traceClient,
  });
  const tableName = config.TABLE_NAME;
  const surveys = makeDynamoSurveyRepository(db, tableName);
  const mailer = overrides.mailer;
  const surveyMail = {
    surveys,
    mailer,
    clock,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    organisationName: config.ORGANISATION_NAME,
    timeZone: config.ORG_TIMEZONE,
  };
  return {
    config,
    clock,
    observability,
    log,
    metrics,
    db,
    tableName,
    surveys,
    trends: makeDynamoTrendRepository(db, tableName),
    settings: makeDynamoSettingsRepository(db, tableName, policyDefaults(config)),
    initiatives: makeDynamoInitiativeRepository(db, tableName),
    followUps: makeDynamoFollowUpRepository(db, tableName),
    mailer,
    sendInvitation: makeSendInvitation({ ...surveyMail, log, metrics }),
    sendReminders: makeSendReminders(surveyMail),
  };
}

export type Core = ReturnType<typeof composeCore>;
