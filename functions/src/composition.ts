import {
  makeCognitoTokenVerifier,
  makeLocalTokenVerifier,
  type StaffTokenVerifier,
} from "./adapters/auth/staff-token-verifier.js";
import { makeDynamoAuditLogRepository } from "./adapters/dynamo/audit-log-repository.js";
import { makeDynamoResponseHistory } from "./adapters/dynamo/history-import.js";
import { makeDynamoPersonalDataRepository } from "./adapters/dynamo/personal-data-repository.js";
import { makeDynamoPrioritySettingsRepository } from "./adapters/dynamo/priority-settings-repository.js";
import { loadSecrets, originSecretsOf } from "./adapters/secrets/load-secrets.js";
import { makeAssessKpiImpact } from "./app/analytics/assess-kpi-impact.js";
import { makeInitiativeImpact } from "./app/analytics/initiative-impact.js";
import { makeAuditTrail } from "./app/audit/audit-trail.js";
import { makeWorkFollowUps } from "./app/follow-ups/work-follow-ups.js";
import { makeBacklog } from "./app/initiatives/backlog.js";
import { makeManageInitiatives } from "./app/initiatives/manage-initiatives.js";
import { makeRegisterCsv } from "./app/initiatives/register-csv.js";
import { makeReadSatisfaction } from "./app/metrics/read-satisfaction.js";
import { makeAddressHash, makeRequesterData } from "./app/requesters/requester-data.js";
import { makeRetentionSweep } from "./app/requesters/retention-sweep.js";
import { makeImportHistory } from "./app/responses/import-history.js";
import { makeIntakeTicket } from "./app/surveys/intake-ticket.js";
import { makeFormNonces } from "./app/surveys/link-secrets.js";
import { makeRespondToSurvey } from "./app/surveys/respond-to-survey.js";
import { composeAnalytics } from "./composition/analytics.js";
import { type CompositionOverrides, composeCore } from "./composition/core.js";
import { composeMail } from "./composition/mail.js";
import type { Config } from "./config.js";
import { type AppDeps, createApp } from "./http/app.js";
import { createStaffApp } from "./http/staff-app.js";

export type { CompositionOverrides };

function staffVerifierFor(config: Config): StaffTokenVerifier {
  if (config.AUTH_ISSUER && config.AUTH_AUDIENCE)
    return makeCognitoTokenVerifier(config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  if (config.AUTH_JWT_SECRET) return makeLocalTokenVerifier(config.AUTH_JWT_SECRET);
  throw new Error(
    "Invalid configuration: set AUTH_ISSUER and AUTH_AUDIENCE (user pool), or AUTH_JWT_SECRET (local)",
  );
}

/** Builds the real adapters once per process and wires every use case and the HTTP app over them. */
export function compose(config: Config, overrides: CompositionOverrides) {
  return composeWith(config, overrides, createApp);
}

/** The staff API's function: every use case behind `/api/v1` and the OpenAPI document; it sends no mail itself. */
export function composeStaff(config: Config, overrides: Omit<CompositionOverrides, "mailer"> = {}) {
  const mailer = {
    send: async () => {
      throw new Error("The staff API sends no mail; the mailer function does");
    },
  };
  return composeWith(config, { ...overrides, mailer }, createStaffApp);
}

async function composeWith<App>(
  config: Config,
  overrides: CompositionOverrides,
  buildApp: (deps: AppDeps) => App,
) {
  const traceClient = overrides.observability?.traceClient;
  const secrets = overrides.secrets ?? (await loadSecrets(config, { traceClient }));
  const core = composeCore(config, overrides);
  const {
    clock,
    db,
    tableName,
    surveys,
    trends,
    settings,
    initiatives,
    followUps,
    mailQueue,
    sendReminders,
    sweepInvitations,
  } = core;
  const prioritySettings = makeDynamoPrioritySettingsRepository(db, tableName);
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
  });
  const manageInitiatives = makeManageInitiatives({
    initiatives,
    clock,
    initiativeImpact: makeInitiativeImpact({
      initiatives,
      assessKpiImpact: makeAssessKpiImpact({ trends, clock, timeZone: config.ORG_TIMEZONE }),
    }),
  });
  const backlog = makeBacklog({
    initiatives,
    trends,
    prioritySettings,
    clock,
    timeZone: config.ORG_TIMEZONE,
  });
  const registerCsv = makeRegisterCsv({ initiatives, clock });
  const workFollowUps = makeWorkFollowUps({ followUps, initiatives, manageInitiatives, clock });
  const readSatisfaction = makeReadSatisfaction({ trends });
  // The history import (CSV parsing and its schemas) is wired here, for the HTTP API only: the scheduled function
  // composes the analytics for the digest and should not carry it.
  const reads = composeAnalytics(core);
  // Locally the in-process queue feeds the same consumer as the mailer function; on AWS nothing here sends.
  const mail = config.MAIL_QUEUE_URL
    ? undefined
    : composeMail(core, { linkSecret: secrets.linkSecret, buildDigest: reads.buildDigest });
  if (mail) core.attachMailConsumer(mail.consumeMail);
  const analytics = {
    ...reads,
    importHistory: makeImportHistory({
      history: makeDynamoResponseHistory(db, tableName),
      themes: reads.themeSnapshots,
      clock,
      timeZone: config.ORG_TIMEZONE,
    }),
  };
  const verifyStaff = staffVerifierFor(config);
  const addressHash = makeAddressHash(secrets.linkSecret);
  const personalData = makeDynamoPersonalDataRepository(db, tableName);
  const requesterData = makeRequesterData({ personalData, addressHash, clock });
  const sweepExpiredPersonalData = makeRetentionSweep({
    personalData,
    clock,
    retentionDays: config.RETENTION_DAYS,
  });
  const auditTrail = makeAuditTrail({ log: makeDynamoAuditLogRepository(db, tableName), clock, addressHash });

  const app = buildApp({
    intakeTicket,
    respond,
    readSatisfaction,
    verifyStaff,
    clock,
    timeZone: config.ORG_TIMEZONE,
    intakeSecret: secrets.intakeSecret,
    manageInitiatives,
    backlog,
    registerCsv,
    workFollowUps,
    analytics,
    settings,
    requesterData,
    auditTrail,
    originSecrets: originSecretsOf(secrets),
  });
  return {
    app,
    db,
    surveys,
    trends,
    settings,
    mailQueue,
    sendSurveyMail: mail?.sendSurveyMail,
    sendReminders,
    sweepInvitations,
    intakeTicket,
    respond,
    readSatisfaction,
    initiatives,
    followUps,
    prioritySettings,
    manageInitiatives,
    backlog,
    registerCsv,
    workFollowUps,
    analytics,
    requesterData,
    sweepExpiredPersonalData,
    config,
  };
}

export type Services = Awaited<ReturnType<typeof compose>>;
