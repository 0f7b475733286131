import { SQSClient } from "@aws-sdk/client-sqs";
import { type CapacityMeter, createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoFollowUpRepository } from "../adapters/dynamo/follow-up-repository.js";
import { makeDynamoInitiativeRepository } from "../adapters/dynamo/initiative-repository.js";
import { makeDynamoSettingsRepository } from "../adapters/dynamo/settings-repository.js";
import { makeDynamoSurveyRepository } from "../adapters/dynamo/survey-repository.js";
import { makeDynamoTrendRepository } from "../adapters/dynamo/trend-repository.js";
import { type DeadLetter, makeLocalMailQueue } from "../adapters/queue/local-mail-queue.js";
import { makeSqsMailQueue } from "../adapters/queue/sqs-mail-queue.js";
import type { Secrets } from "../adapters/secrets/load-secrets.js";
import type { MailConsumer } from "../app/mail/mail-consumer.js";
import { makeSweepInvitations } from "../app/mail/sweep-invitations.js";
import type { OutboundQueue } from "../app/outbound/outbound-ports.js";
import {
  type Clock,
  type Log,
  type Mailer,
  type MailQueue,
  type Metrics,
  silentLog,
  systemClock,
  uncountedMetrics,
} from "../app/ports.js";
import { makeSendReminders } from "../app/surveys/send-reminders.js";
import { type Config, policyDefaults } from "../config.js";

/** How a function reports: Powertools on AWS; locally nothing, so tests and the server print no JSON lines. */
export interface Observability {
  log: Log;
  metrics: Metrics;
  /** Wraps each AWS SDK client as it is built, so its calls are traced. */
  traceClient?: (<T>(client: T) => T) | undefined;
}

export interface CompositionOverrides {
  clock?: Clock;
  /** How mail leaves: SES in the mailer function; locally the outbox or SMTP (see `mailerFor`). Only the mailer sends. */
  mailer?: Mailer;
  meter?: CapacityMeter;
  secrets?: Secrets;
  observability?: Observability;
  /** Where events go instead of the outbound queue (tests of a queue that refuses them); all-in-one app only. */
  outboundQueue?: OutboundQueue;
}

/**
 * The adapters every Pulse function shares, the mail queue and the jobs that only enqueue: what the mailer and the
 * scheduled function need and nothing more, so their bundles carry no HTTP framework.
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
  let consumer: MailConsumer | undefined;
  // Locally the queue is in process and feeds the consumer that `compose` attaches once the mail use cases exist
  // (they need the digest, which needs this queue); on AWS the mailer function consumes SQS.
  const mailQueue: MailQueue & { drain(): Promise<void>; deadLetters?: () => readonly DeadLetter[] } =
    config.MAIL_QUEUE_URL
      ? {
          ...makeSqsMailQueue({
            queueUrl: config.MAIL_QUEUE_URL,
            ...(observability.traceClient ? { client: observability.traceClient(new SQSClient({})) } : {}),
          }),
          drain: async () => {},
        }
      : makeLocalMailQueue({
          consume: (records) => {
            if (!consumer) throw new Error("No mail consumer is attached to the local mail queue");
            return consumer(records);
          },
          retryDelayMs: config.MAIL_RETRY_SECONDS * 1000,
          deadLetterFile: config.MAIL_DEAD_LETTERS_FILE,
        });
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
    mailer: overrides.mailer,
    mailQueue,
    attachMailConsumer(consume: MailConsumer) {
      consumer = consume;
    },
    sendReminders: makeSendReminders({ surveys, mailQueue, clock, timeZone: config.ORG_TIMEZONE }),
    sweepInvitations: makeSweepInvitations({ surveys, mailQueue, clock }),
  };
}

export type Core = ReturnType<typeof composeCore>;
