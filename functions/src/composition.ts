import { createDocumentClient } from "./adapters/dynamo/client.js";
import { makeDynamoConnectorMappingRepository } from "./adapters/dynamo/connector-mapping-repository.js";
import { makeLocalQueue } from "./adapters/queue/local-mail-queue.js";
import { loadConnectorSecrets } from "./adapters/secrets/load-connector-secrets.js";
import { fieldKeyringFor } from "./adapters/secrets/load-field-keys.js";
import { loadSecrets, originSecretsOf } from "./adapters/secrets/load-secrets.js";
import { makeSqsQueue } from "./adapters/sqs/sqs-queue.js";
import type { OutboundConsumer } from "./app/outbound/deliver-outbound.js";
import type { OutboundMessage } from "./app/outbound/outbound-message.js";
import { OUTBOUND_MAX_ATTEMPTS, OUTBOUND_VISIBILITY_SECONDS } from "./app/outbound/outbound-timing.js";
import { makeRetentionSweep } from "./app/requesters/retention-sweep.js";
import { makeIntakeTicket } from "./app/surveys/intake-ticket.js";
import { makeFormNonces } from "./app/surveys/link-secrets.js";
import { makeRespondToSurvey } from "./app/surveys/respond-to-survey.js";
import { type CompositionOverrides, composeCore } from "./composition/core.js";
import { composeMail } from "./composition/mail.js";
import { composeOutbound } from "./composition/outbound.js";
import { composeStaffUseCases, staffAppDeps } from "./composition/staff.js";
import { webhookUseCases } from "./composition/webhooks.js";
import { type Config, organisationOf } from "./config.js";
import { createApp } from "./http/app.js";

export type { CompositionOverrides };

/**
 * Builds the real adapters once per process and wires every use case and the all-in-one HTTP app over them: the local
 * server and the tests. On AWS each function composes only its own part (composition/public.ts, composition/staff.ts).
 */
export async function compose(config: Config, overrides: CompositionOverrides) {
  const traceClient = overrides.observability?.traceClient;
  const secrets = overrides.secrets ?? (await loadSecrets(config, { traceClient }));
  // Read only once a webhook's credentials are sealed or opened: a composition that never touches them (the erasure
  // replay after a restore) needs no access to the field keys.
  const core = composeCore(config, overrides);
  const fieldKeys = fieldKeyringFor(config, { traceClient, log: core.log });
  const { clock, db, surveys, trends, settings, initiatives, followUps, mailQueue } = core;
  // Locally the outbound queue is in process and feeds the same consumer as the outbound function, backing off the
  // same way; with OUTBOUND_QUEUE_URL the outbound function consumes SQS.
  let consumeOutbound: OutboundConsumer | undefined;
  const outboundQueue = overrides.outboundQueue
    ? { ...overrides.outboundQueue, drain: async () => {} }
    : config.OUTBOUND_QUEUE_URL
      ? {
          ...makeSqsQueue<OutboundMessage>({ queueUrl: config.OUTBOUND_QUEUE_URL, name: "outbound queue" }),
          drain: async () => {},
        }
      : makeLocalQueue<OutboundMessage>({
          consume: (records) => {
            if (!consumeOutbound) throw new Error("No outbound consumer is attached to the local queue");
            return consumeOutbound(records);
          },
          retryDelayMs: config.OUTBOUND_RETRY_SECONDS * 1000,
          maxReceiveCount: OUTBOUND_MAX_ATTEMPTS,
          maxHideMs: OUTBOUND_VISIBILITY_SECONDS * 1000,
          what: "Outbound message",
        });
  // Its own document client, as the outbound function has on AWS: its reads are not the request's (nor metered).
  if (!config.OUTBOUND_QUEUE_URL) {
    const outboundDb = createDocumentClient({
      endpoint: config.DYNAMODB_ENDPOINT,
      region: config.AWS_REGION,
      requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
    });
    consumeOutbound = composeOutbound({ config, db: outboundDb, clock, log: core.log, fieldKeys });
  }
  const intakeTicket = makeIntakeTicket({
    surveys,
    settings,
    mailQueue,
    clock,
    timeZone: config.ORG_TIMEZONE,
    log: core.log,
    metrics: core.metrics,
  });
  const respond = makeRespondToSurvey({
    surveys,
    settings,
    nonces: makeFormNonces(secrets.linkSecret),
    clock,
    log: core.log,
    metrics: core.metrics,
    outbound: outboundQueue,
  });
  const staff = composeStaffUseCases({ ...core, outboundQueue }, secrets);
  const { manageWebhooks } = webhookUseCases({ config, db, clock, outboundQueue, fieldKeys });
  const connectorSecrets = await loadConnectorSecrets(config, { traceClient });
  // Locally the in-process queue feeds the same consumer as the mailer function.
  const mail = config.MAIL_QUEUE_URL
    ? undefined
    : composeMail(core, { linkSecret: secrets.linkSecret, buildDigest: staff.analytics.buildDigest });
  if (mail) core.attachMailConsumer(mail.consumeMail);
  const sweepExpiredPersonalData = makeRetentionSweep({
    personalData: staff.personalData,
    clock,
    retentionDays: config.RETENTION_DAYS,
  });
  const app = createApp({
    ...staffAppDeps({ ...core, outboundQueue }, staff, secrets),
    manageWebhooks,
    intakeTicket,
    respond,
    intakeSecret: secrets.intakeSecret,
    connectorSecrets,
    connectorMappings: makeDynamoConnectorMappingRepository(db, config.TABLE_NAME),
    organisation: organisationOf(config),
    originSecrets: originSecretsOf(secrets),
  });
  return {
    ...staff,
    app,
    db,
    surveys,
    trends,
    settings,
    mailQueue,
    outboundQueue,
    manageWebhooks,
    sendSurveyMail: mail?.sendSurveyMail,
    sendReminders: core.sendReminders,
    sweepInvitations: core.sweepInvitations,
    intakeTicket,
    respond,
    initiatives,
    followUps,
    sweepExpiredPersonalData,
    config,
  };
}

export type Services = Awaited<ReturnType<typeof compose>>;
