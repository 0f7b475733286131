import { localDay } from "../../domain/calendar.js";
import { MailNotYetSendable } from "../mail/mail-errors.js";
import { MAIL_LEASE_SECONDS, MAIL_MAX_INVITATION_ATTEMPTS } from "../mail/mail-timing.js";
import {
  type Clock,
  type Log,
  type Metrics,
  type SurveyMailKind,
  type SurveyRepository,
  silentLog,
  uncountedMetrics,
} from "../ports.js";
import { retryWhileContended, TRY_AGAIN } from "../retry-policy.js";
import { hashLinkToken, mailLinkToken, newClaimNonce } from "./link-secrets.js";
import { makeSurveyMail, type SurveyMailDeps } from "./survey-mail.js";

/** No reminder when the link closes sooner than this. */
export const REMINDER_MINIMUM_OPEN_HOURS = 24;

/**
 * Sends a survey's invitation or its one reminder under a leased claim. Every try of one mail carries the same link
 * and mail id; a mail another try holds fails (so the queue tries it again later) rather than being dropped.
 */
export function makeSendSurveyMail(
  deps: SurveyMailDeps & {
    surveys: SurveyRepository;
    clock: Clock;
    linkSecret: string;
    leaseSeconds?: number;
    minimumOpenHours?: number;
    log?: Log;
    metrics?: Metrics;
  },
) {
  const { surveys, clock } = deps;
  const log = deps.log ?? silentLog;
  const metrics = deps.metrics ?? uncountedMetrics;
  const leaseMs = (deps.leaseSeconds ?? MAIL_LEASE_SECONDS) * 1000;
  const minimumOpenHours = deps.minimumOpenHours ?? REMINDER_MINIMUM_OPEN_HOURS;
  const mailSurveyLink = makeSurveyMail(deps);

  return async function sendSurveyMail(
    kind: SurveyMailKind,
    surveyId: string,
  ): Promise<"sent" | "not-needed"> {
    const survey = await surveys.getSurvey(surveyId);
    if (survey?.status !== "invited" || !survey.requester.email || !survey.expiresAt) return "not-needed";
    const expiresAt = survey.expiresAt;
    const now = clock.now();
    const mail = kind === "invitation" ? survey.invitation : survey.reminder;
    if (!mail && kind === "invitation") return "not-needed";
    // The mails of one batch are sent side by side, so each line names its survey instead of appending keys.
    const ids = { surveyId, ticketId: survey.ticketId };
    // The address may have bounced, complained or opted out since the intake: never mail it again.
    const profile = survey.requester.key
      ? await surveys.getRequesterProfile(survey.requester.key)
      : undefined;
    const barred = profile?.undeliverable ? "undeliverable" : profile?.optedOut ? "opted-out" : undefined;
    if (barred && kind === "invitation" && mail?.state === "pending") {
      await surveys.skipPendingInvitation({ survey, reason: barred });
      metrics.count("SurveysSkipped", 1, { reason: barred });
      log.info("Invitation not sent", { ...ids, reason: barred });
      return "not-needed";
    }
    if (barred) return "not-needed";
    if (
      kind === "invitation" &&
      mail?.state === "pending" &&
      (mail.attempts ?? 0) >= MAIL_MAX_INVITATION_ATTEMPTS
    ) {
      await surveys.skipPendingInvitation({ survey, reason: "mail-failed" });
      metrics.count("SurveysSkipped", 1, { reason: "mail-failed" });
      log.warn("Invitation given up: the mail server refused every try", { ...ids, attempts: mail.attempts });
      return "not-needed";
    }
    if (kind === "reminder") {
      // What can change between the job's listing and this send is checked again here.
      if (survey.invitation?.state !== "sent" || survey.response?.score !== undefined) return "not-needed";
      if ((Date.parse(expiresAt) - now.getTime()) / 3_600_000 < minimumOpenHours) return "not-needed";
      // Reminders recorded before claims had states were sent.
      if (mail && mail.state === undefined) return "not-needed";
    }
    if (mail?.state === "sent") return "not-needed";
    let seenClaimedAt: string | undefined;
    if (mail?.state === "sending") {
      const claimedAt = Date.parse(mail.claimedAt ?? "");
      if (now.getTime() - claimedAt < leaseMs) {
        throw new MailNotYetSendable(`The ${kind} of survey ${surveyId} is claimed by another try`);
      }
      seenClaimedAt = mail.claimedAt;
    }
    const nonce = mail?.nonce ?? newClaimNonce();
    const token = mailLinkToken(deps.linkSecret, surveyId, kind, nonce);
    const claim = await retryWhileContended(
      async () => {
        const outcome = await surveys.claimSurveyMail({
          kind,
          surveyId,
          tokenHash: hashLinkToken(token),
          nonce,
          expiresAt,
          at: now.toISOString(),
          seenClaimedAt,
          attempts: (mail?.attempts ?? 0) + 1,
          version: survey.version,
        });
        return outcome === "contended" ? TRY_AGAIN : outcome;
      },
      { what: `Claiming the ${kind}` },
    );
    // Sent, answered or taken by another try meanwhile: the next try reads which, and only a live claim keeps it failing.
    if (claim === "refused")
      throw new MailNotYetSendable(`The ${kind} of survey ${surveyId} changed meanwhile`);
    try {
      await mailSurveyLink({ ...survey, expiresAt }, token, kind, `${kind}.${surveyId}.${nonce}`);
    } catch (error) {
      metrics.count("MailsFailed");
      log.warn(`The ${kind} was not sent; it is tried again`, { ...ids, error: String(error) });
      await surveys.releaseSurveyMail(kind, surveyId, nonce);
      throw error;
    }
    const sentAt = clock.now();
    if (kind === "invitation") {
      await surveys.markInvitationSent({
        survey,
        nonce,
        at: sentAt.toISOString(),
        sentDay: localDay(sentAt, deps.timeZone),
      });
    } else {
      await surveys.markReminderSent({ surveyId, nonce, at: sentAt.toISOString() });
    }
    metrics.count(kind === "invitation" ? "InvitationsSent" : "RemindersSent");
    log.info(`The ${kind} was sent`, ids);
    return "sent";
  };
}

export type SendSurveyMail = ReturnType<typeof makeSendSurveyMail>;
