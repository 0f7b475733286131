import {
  makeCognitoTokenVerifier,
  makeLocalTokenVerifier,
  type StaffTokenVerifier,
} from "./adapters/auth/staff-token-verifier.js";
import { type CapacityMeter, createDocumentClient } from "./adapters/dynamo/client.js";
import { makeDynamoDigestSettingsRepository } from "./adapters/dynamo/digest-settings-repository.js";
import { makeDynamoFollowUpRepository } from "./adapters/dynamo/follow-up-repository.js";
import { makeDynamoInitiativeRepository } from "./adapters/dynamo/initiative-repository.js";
import { makeDynamoPrioritySettingsRepository } from "./adapters/dynamo/priority-settings-repository.js";
import { makeDynamoResponseListing } from "./adapters/dynamo/response-listing-repository.js";
import { makeDynamoSettingsRepository } from "./adapters/dynamo/settings-repository.js";
import { makeDynamoSurveyRepository } from "./adapters/dynamo/survey-repository.js";
import { makeDynamoTargetRepository } from "./adapters/dynamo/target-repository.js";
import { makeDynamoThemeRepository } from "./adapters/dynamo/theme-repository.js";
import { makeDynamoTrendRepository } from "./adapters/dynamo/trend-repository.js";
import { makeOutboxMailer } from "./adapters/mail/outbox-mailer.js";
import { makeSesMailer } from "./adapters/mail/ses-mailer.js";
import { makeSmtpMailer } from "./adapters/mail/smtp-mailer.js";
import { makeDirectInvitationQueue } from "./adapters/queue/direct-invitation-queue.js";
import { makeSqsInvitationQueue } from "./adapters/queue/sqs-invitation-queue.js";
import { loadSecrets, type Secrets } from "./adapters/secrets/load-secrets.js";
import { makeAssessKpiImpact } from "./app/analytics/assess-kpi-impact.js";
import { makeComparePeriods } from "./app/analytics/compare-periods.js";
import { makeInitiativeImpact } from "./app/analytics/initiative-impact.js";
import { makeListResponses } from "./app/analytics/list-responses.js";
import { makeTargets } from "./app/analytics/manage-targets.js";
import { makeMonthlyThemes } from "./app/analytics/monthly-themes.js";
import { makeReadBreakdown } from "./app/analytics/read-breakdown.js";
import { makeReadThemes } from "./app/analytics/read-themes.js";
import { makeBuildMonthlyDigest } from "./app/digest/build-monthly-digest.js";
import { makeMonthlyDigestMail } from "./app/digest/send-monthly-digest.js";
import { makeWorkFollowUps } from "./app/follow-ups/work-follow-ups.js";
import { makeBacklog } from "./app/initiatives/backlog.js";
import { makeManageInitiatives } from "./app/initiatives/manage-initiatives.js";
import { makeRegisterCsv } from "./app/initiatives/register-csv.js";
import { makeReadSatisfaction } from "./app/metrics/read-satisfaction.js";
import { type Clock, type Mailer, systemClock } from "./app/ports.js";
import { makeIntakeTicket } from "./app/surveys/intake-ticket.js";
import { makeFormNonces } from "./app/surveys/link-secrets.js";
import { makeRespondToSurvey } from "./app/surveys/respond-to-survey.js";
import { makeSendInvitation } from "./app/surveys/send-invitation.js";
import { makeSendReminders } from "./app/surveys/send-reminders.js";
import type { Config } from "./config.js";
import type { SurveyPolicy } from "./domain/survey-policy.js";
import { createApp } from "./http/app.js";

export interface CompositionOverrides {
  clock?: Clock;
  mailer?: Mailer;
  meter?: CapacityMeter;
  secrets?: Secrets;
}

function policyDefaults(config: Config): SurveyPolicy {
  return {
    throttleDays: config.SURVEY_THROTTLE_DAYS,
    sampleRate: config.SURVEY_SAMPLE_RATE,
    expiryDays: config.SURVEY_EXPIRY_DAYS,
    scannerWindowSeconds: config.SURVEY_SCANNER_WINDOW_SECONDS,
    followUpThreshold: config.FOLLOW_UP_THRESHOLD,
  };
}

function mailerFor(config: Config): Mailer {
  switch (config.mailTransport) {
    case "ses":
      return makeSesMailer({ from: config.MAIL_FROM });
    case "smtp":
      return makeSmtpMailer({ url: config.SMTP_URL ?? "", from: config.MAIL_FROM });
    case "outbox":
      return makeOutboxMailer({ folder: config.OUTBOX_DIR, from: config.MAIL_FROM });
  }
}

function staffVerifierFor(config: Config): StaffTokenVerifier {
  if (config.AUTH_ISSUER && config.AUTH_AUDIENCE)
    return makeCognitoTokenVerifier(config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  if (config.AUTH_JWT_SECRET) return makeLocalTokenVerifier(config.AUTH_JWT_SECRET);
  throw new Error(
    "Invalid configuration: set AUTH_ISSUER and AUTH_AUDIENCE (user pool), or AUTH_JWT_SECRET (local)",
  );
}

/** Wires the analytics, themes, targets and digest use cases over their adapters. */
function composeAnalytics(deps: {
  db: ReturnType<typeof createDocumentClient>;
  tableName: string;
  config: Config;
  trends: ReturnType<typeof makeDynamoTrendRepository>;
  initiatives: ReturnType<typeof makeDynamoInitiativeRepository>;
  mailer: Mailer;
  clock: Clock;
}) {
  const { db, tableName, config, trends, clock } = deps;
  const timeZone = config.ORG_TIMEZONE;
  const targetRepository = makeDynamoTargetRepository(db, tableName);
  const responses = makeDynamoResponseListing(db, tableName);
  const monthlyThemes = makeMonthlyThemes({
    responses,
    snapshots: makeDynamoThemeRepository(db, tableName),
    clock,
    timeZone,
    responseWindowDays: config.SURVEY_EXPIRY_DAYS,
  });
  const assessKpiImpact = makeAssessKpiImpact({ trends, clock, timeZone });
  const readThemes = makeReadThemes({ monthlyThemes });
  const buildDigest = makeBuildMonthlyDigest({
    trends,
    targets: targetRepository,
    readThemes,
    initiatives: deps.initiatives,
  });
  return {
    readBreakdown: makeReadBreakdown({ trends, targets: targetRepository }),
    comparePeriods: makeComparePeriods({ trends }),
    assessKpiImpact,
    initiativeImpact: makeInitiativeImpact({ initiatives: deps.initiatives, assessKpiImpact }),
    targets: makeTargets({ targets: targetRepository, trends, clock, timeZone }),
    readThemes,
    listResponses: makeListResponses({ responses, monthlyThemes }),
    buildDigest,
    digestMail: makeMonthlyDigestMail({
      buildDigest,
      digestSettings: makeDynamoDigestSettingsRepository(db, tableName),
      mailer: deps.mailer,
      clock,
      timeZone,
      organisationName: config.ORGANISATION_NAME,
    }),
    organisationName: config.ORGANISATION_NAME,
  };
}

/** Builds the real adapters once per process and wires every use case and the HTTP app over them. */
export async function compose(config: Config, overrides: CompositionOverrides = {}) {
  const secrets = overrides.secrets ?? (await loadSecrets(config));
  const clock = overrides.clock ?? systemClock;
  const db = createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    meter: overrides.meter,
  });
  const tableName = config.TABLE_NAME;
  const surveys = makeDynamoSurveyRepository(db, tableName);
  const trends = makeDynamoTrendRepository(db, tableName);
  const settings = makeDynamoSettingsRepository(db, tableName, policyDefaults(config));
  const mailer = overrides.mailer ?? mailerFor(config);
  const initiatives = makeDynamoInitiativeRepository(db, tableName);
  const followUps = makeDynamoFollowUpRepository(db, tableName);
  const prioritySettings = makeDynamoPrioritySettingsRepository(db, tableName);

  const surveyMail = {
    surveys,
    mailer,
    clock,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    organisationName: config.ORGANISATION_NAME,
    timeZone: config.ORG_TIMEZONE,
  };
  const sendInvitation = makeSendInvitation(surveyMail);
  const sendReminders = makeSendReminders(surveyMail);
  const invitations = config.MAIL_QUEUE_URL
    ? makeSqsInvitationQueue({ queueUrl: config.MAIL_QUEUE_URL })
    : makeDirectInvitationQueue(sendInvitation);
  const intakeTicket = makeIntakeTicket({
    surveys,
    settings,
    invitations,
    clock,
    timeZone: config.ORG_TIMEZONE,
  });
  const respond = makeRespondToSurvey({
    surveys,
    settings,
    nonces: makeFormNonces(secrets.linkSecret),
    clock,
    followUps,
  });
  const manageInitiatives = makeManageInitiatives({ initiatives, clock });
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
  const analytics = composeAnalytics({ db, tableName, config, trends, initiatives, mailer, clock });
  const verifyStaff = staffVerifierFor(config);

  const app = createApp({
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
  });
  return {
    app,
    db,
    surveys,
    trends,
    settings,
    sendInvitation,
    sendReminders,
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
    config,
  };
}

export type Services = Awaited<ReturnType<typeof compose>>;
