import { makeDynamoConnectorMappingRepository } from "./adapters/dynamo/connector-mapping-repository.js";
import { loadConnectorSecrets } from "./adapters/secrets/load-connector-secrets.js";
import { loadSecrets, originSecretsOf } from "./adapters/secrets/load-secrets.js";
import { makeRetentionSweep } from "./app/requesters/retention-sweep.js";
import { makeIntakeTicket } from "./app/surveys/intake-ticket.js";
import { makeFormNonces } from "./app/surveys/link-secrets.js";
import { makeRespondToSurvey } from "./app/surveys/respond-to-survey.js";
import { type CompositionOverrides, composeCore } from "./composition/core.js";
import { composeMail } from "./composition/mail.js";
import { composeStaffUseCases, staffAppDeps } from "./composition/staff.js";
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
  const core = composeCore(config, overrides);
  const { clock, db, surveys, trends, settings, initiatives, followUps, mailQueue } = core;
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
  const staff = composeStaffUseCases(core, secrets);
  const { connectorSecrets } = await loadConnectorSecrets(config, { traceClient });
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
    ...staffAppDeps(core, staff, secrets),
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
