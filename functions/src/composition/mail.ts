import { makeDynamoDeliveryClaims } from "../adapters/dynamo/delivery-claims.js";
import type { BuildMonthlyDigest } from "../app/digest/build-monthly-digest.js";
import { makeDeliverDigest } from "../app/digest/send-monthly-digest.js";
import { makeMailConsumer } from "../app/mail/mail-consumer.js";
import { makeSendSurveyMail } from "../app/surveys/send-survey-mail.js";
import type { Core } from "./core.js";

/** The one sender: survey mails and digest deliveries under leased claims, and the queue consumer over both. */
export function composeMail(core: Core, deps: { linkSecret: string; buildDigest: BuildMonthlyDigest }) {
  const { config, clock, mailer } = core;
  if (!mailer) throw new Error("Invalid composition: the mail consumer needs a mailer");
  const sendSurveyMail = makeSendSurveyMail({
    surveys: core.surveys,
    mailer,
    clock,
    linkSecret: deps.linkSecret,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    organisationName: config.ORGANISATION_NAME,
    timeZone: config.ORG_TIMEZONE,
    log: core.log,
    metrics: core.metrics,
  });
  const deliverDigest = makeDeliverDigest({
    buildDigest: deps.buildDigest,
    deliveries: makeDynamoDeliveryClaims(core.db, core.tableName),
    mailer,
    clock,
    organisationName: config.ORGANISATION_NAME,
  });
  const consumeMail = makeMailConsumer({
    sendSurveyMail,
    deliverDigest,
    log: core.log,
    metrics: core.metrics,
    sendIntervalMs: config.MAIL_SEND_INTERVAL_MS,
  });
  return { sendSurveyMail, deliverDigest, consumeMail };
}
