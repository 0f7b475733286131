import { makeDynamoAuditLogRepository } from "../adapters/dynamo/audit-log-repository.js";
import { type CapacityMeter, createDocumentClient } from "../adapters/dynamo/client.js";
import { makeDynamoFollowUpRepository } from "../adapters/dynamo/follow-up-repository.js";
import { makeDynamoResponseHistory } from "../adapters/dynamo/history-import.js";
import { makeDynamoInitiativeRepository } from "../adapters/dynamo/initiative-repository.js";
import { makeDynamoPersonalDataRepository } from "../adapters/dynamo/personal-data-repository.js";
import { makeDynamoPrioritySettingsRepository } from "../adapters/dynamo/priority-settings-repository.js";
import { makeDynamoSettingsRepository } from "../adapters/dynamo/settings-repository.js";
import { makeDynamoTrendRepository } from "../adapters/dynamo/trend-repository.js";
import { loadSecrets, originSecretsOf, type Secrets } from "../adapters/secrets/load-secrets.js";
import { makeSqsQueue } from "../adapters/sqs/sqs-queue.js";
import { makeAssessKpiImpact } from "../app/analytics/assess-kpi-impact.js";
import { makeInitiativeImpact } from "../app/analytics/initiative-impact.js";
import { makeAuditTrail } from "../app/audit/audit-trail.js";
import { makeWorkFollowUps } from "../app/follow-ups/work-follow-ups.js";
import { makeBacklog } from "../app/initiatives/backlog.js";
import { makeManageInitiatives } from "../app/initiatives/manage-initiatives.js";
import { makeRegisterCsv } from "../app/initiatives/register-csv.js";
import { makeReadSatisfaction } from "../app/metrics/read-satisfaction.js";
import type { OutboundMessage } from "../app/outbound/outbound-message.js";
import type { OutboundQueue } from "../app/outbound/outbound-ports.js";
import { makeEventPublisher } from "../app/outbound/publish-events.js";
import { type Clock, type Log, type MailQueue, systemClock } from "../app/ports.js";
import { makeAddressHash, makeRequesterData } from "../app/requesters/requester-data.js";
import { makeImportHistory } from "../app/responses/import-history.js";
import { type Config, policyDefaults } from "../config.js";
import { createStaffApp, type StaffAppDeps } from "../http/staff-app.js";
import { composeAnalytics } from "./analytics.js";
import { staffVerifierFor } from "./staff-verifier.js";

/** The adapters the staff use cases stand on: built by the staff function alone, or shared in the all-in-one app. */
export interface StaffParts {
  config: Config;
  clock: Clock;
  db: ReturnType<typeof createDocumentClient>;
  tableName: string;
  trends: ReturnType<typeof makeDynamoTrendRepository>;
  settings: ReturnType<typeof makeDynamoSettingsRepository>;
  initiatives: ReturnType<typeof makeDynamoInitiativeRepository>;
  followUps: ReturnType<typeof makeDynamoFollowUpRepository>;
  /** Where the digest's deliveries go: the staff API edits recipients but never sends (the scheduler does). */
  mailQueue: MailQueue;
  /** Where staff actions' events and redeliveries go: the outbound function delivers them. */
  outboundQueue: OutboundQueue;
  /** Where a refused hand-off of an event is reported; silent by default. */
  log?: Log | undefined;
}

/** The outbound queue at `OUTBOUND_QUEUE_URL`, where staff actions announce their events; none without it. */
export function outboundQueueFor(config: Config): OutboundQueue {
  return config.OUTBOUND_QUEUE_URL
    ? makeSqsQueue<OutboundMessage>({ queueUrl: config.OUTBOUND_QUEUE_URL, name: "outbound queue" })
    : noOutboundQueue;
}

/** The outbound queue when none is configured: events are not announced, and a redelivery is refused. */
export const noOutboundQueue: OutboundQueue = {
  enqueue: async () => {
    throw new Error("No outbound queue is configured (OUTBOUND_QUEUE_URL)");
  },
};

/** Wires every use case behind the staff API over its adapters. */
export function composeStaffUseCases(parts: StaffParts, secrets: Secrets) {
  const { config, clock, db, tableName, trends, initiatives, followUps } = parts;
  const timeZone = config.ORG_TIMEZONE;
  const prioritySettings = makeDynamoPrioritySettingsRepository(db, tableName);
  const events = makeEventPublisher({ queue: parts.outboundQueue, ...(parts.log ? { log: parts.log } : {}) });
  const manageInitiatives = makeManageInitiatives({
    initiatives,
    prioritySettings,
    clock,
    timeZone,
    events,
    initiativeImpact: makeInitiativeImpact({
      initiatives,
      assessKpiImpact: makeAssessKpiImpact({ trends, clock, timeZone }),
    }),
  });
  const reads = composeAnalytics(parts);
  const addressHash = makeAddressHash(secrets.linkSecret);
  const personalData = makeDynamoPersonalDataRepository(db, tableName);
  return {
    prioritySettings,
    personalData,
    manageInitiatives,
    backlog: makeBacklog({ initiatives, trends, prioritySettings, clock, timeZone }),
    registerCsv: makeRegisterCsv({ initiatives, clock }),
    workFollowUps: makeWorkFollowUps({ followUps, initiatives, manageInitiatives, clock, events }),
    readSatisfaction: makeReadSatisfaction({ trends }),
    // The history import (CSV parsing and its schemas) belongs to the staff API only: the scheduled function
    // composes the analytics for the digest and should not carry it.
    analytics: {
      ...reads,
      importHistory: makeImportHistory({
        history: makeDynamoResponseHistory(db, tableName),
        themes: reads.themeSnapshots,
        clock,
        timeZone,
      }),
    },
    verifyStaff: staffVerifierFor(config),
    requesterData: makeRequesterData({ personalData, addressHash, clock }),
    auditTrail: makeAuditTrail({ log: makeDynamoAuditLogRepository(db, tableName), clock, addressHash }),
  };
}

/** What the staff app needs from the use cases, the settings and the secrets. */
export function staffAppDeps(
  parts: StaffParts,
  useCases: ReturnType<typeof composeStaffUseCases>,
  secrets: Secrets,
): StaffAppDeps {
  return {
    ...useCases,
    clock: parts.clock,
    timeZone: parts.config.ORG_TIMEZONE,
    settings: parts.settings,
    originSecrets: originSecretsOf(secrets),
  };
}

export interface StaffCompositionOverrides {
  clock?: Clock;
  /** The function's log (Powertools on Lambda), for what the use cases report. */
  log?: Log;
  meter?: CapacityMeter;
  secrets?: Secrets;
}

// The digest is sent by the scheduled function; nothing behind the staff API enqueues mail.
const enqueuesNoMail: MailQueue = {
  enqueue: async () => {
    throw new Error("The staff API enqueues no mail: intake, the scheduler and the mailer do");
  },
};

/**
 * Builds the staff function once per cold start: one document client, the repositories and use cases behind
 * `/api/v1` and the staff app over them; no intake, no requester pages, no mail pipeline.
 */
export async function composeStaff(config: Config, overrides: StaffCompositionOverrides = {}) {
  const secrets = overrides.secrets ?? (await loadSecrets(config));
  const clock = overrides.clock ?? systemClock;
  const db = createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    meter: overrides.meter,
    requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  });
  const tableName = config.TABLE_NAME;
  const parts: StaffParts = {
    config,
    clock,
    db,
    tableName,
    trends: makeDynamoTrendRepository(db, tableName),
    settings: makeDynamoSettingsRepository(db, tableName, policyDefaults(config)),
    initiatives: makeDynamoInitiativeRepository(db, tableName),
    followUps: makeDynamoFollowUpRepository(db, tableName),
    mailQueue: enqueuesNoMail,
    outboundQueue: outboundQueueFor(config),
    log: overrides.log,
  };
  const useCases = composeStaffUseCases(parts, secrets);
  return { app: createStaffApp(staffAppDeps(parts, useCases, secrets)), db, ...useCases };
}
