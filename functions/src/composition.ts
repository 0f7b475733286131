import {
  makeCognitoTokenVerifier,
  makeLocalTokenVerifier,
  type StaffTokenVerifier,
} from "./adapters/auth/staff-token-verifier.js";
import { type CapacityMeter, createDocumentClient } from "./adapters/dynamo/client.js";
import { makeDynamoSettingsRepository } from "./adapters/dynamo/settings-repository.js";
import { makeDynamoSurveyRepository } from "./adapters/dynamo/survey-repository.js";
import { makeDynamoTrendRepository } from "./adapters/dynamo/trend-repository.js";
import { makeOutboxMailer } from "./adapters/mail/outbox-mailer.js";
import { makeSesMailer } from "./adapters/mail/ses-mailer.js";
import { makeSmtpMailer } from "./adapters/mail/smtp-mailer.js";
import { makeDirectInvitationQueue } from "./adapters/queue/direct-invitation-queue.js";
import { makeSqsInvitationQueue } from "./adapters/queue/sqs-invitation-queue.js";
import { loadSecrets, type Secrets } from "./adapters/secrets/load-secrets.js";
import { makeReadSatisfaction } from "./app/metrics/read-satisfaction.js";
import { type Clock, type Mailer, systemClock } from "./app/ports.js";
import { makeIntakeTicket } from "./app/surveys/intake-ticket.js";
import { makeFormNonces } from "./app/surveys/link-secrets.js";
import { makeRespondToSurvey } from "./app/surveys/respond-to-survey.js";
import { makeSendInvitation } from "./app/surveys/send-invitation.js";
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

  const sendInvitation = makeSendInvitation({
    surveys,
    mailer,
    clock,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    organisationName: config.ORGANISATION_NAME,
  });
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
  });
  const readSatisfaction = makeReadSatisfaction({ trends });
  const verifyStaff = staffVerifierFor(config);

  const app = createApp({
    intakeTicket,
    respond,
    readSatisfaction,
    verifyStaff,
    clock,
    timeZone: config.ORG_TIMEZONE,
    intakeSecret: secrets.intakeSecret,
  });
  return {
    app,
    db,
    surveys,
    trends,
    settings,
    sendInvitation,
    intakeTicket,
    respond,
    readSatisfaction,
    config,
  };
}

export type Services = Awaited<ReturnType<typeof compose>>;
