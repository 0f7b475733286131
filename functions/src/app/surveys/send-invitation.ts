import { localDay } from "../../domain/calendar.js";
import {
  type Clock,
  type InvitationMessage,
  type Log,
  type Metrics,
  type SurveyRepository,
  silentLog,
  uncountedMetrics,
} from "../ports.js";
import { retryWhileContended, TRY_AGAIN } from "../retry-policy.js";
import { hashLinkToken, newLinkToken } from "./link-secrets.js";
import { makeSurveyMail, type SurveyMailDeps } from "./survey-mail.js";

/** Sends the invitation email of one survey, at most once in the ordinary course; the link token exists only in it. */
export function makeSendInvitation(
  deps: SurveyMailDeps & { surveys: SurveyRepository; clock: Clock; log?: Log; metrics?: Metrics },
) {
  const { surveys, clock } = deps;
  const log = deps.log ?? silentLog;
  const metrics = deps.metrics ?? uncountedMetrics;
  const mailSurveyLink = makeSurveyMail(deps);

  return async function sendInvitation(message: InvitationMessage): Promise<"sent" | "not-needed"> {
    const survey = await surveys.getSurvey(message.surveyId);
    if (survey?.status !== "invited" || !survey.requester.email || !survey.expiresAt) return "not-needed";
    if (survey.invitation?.state === "sent") return "not-needed";
    // The address may have bounced or complained after the survey was stored: never mail it again.
    const profile = survey.requester.key
      ? await surveys.getRequesterProfile(survey.requester.key)
      : undefined;
    if (profile?.undeliverable) {
      metrics.count("SurveysSkipped", 1, { reason: "undeliverable" });
      log.info("Invitation not sent: address undeliverable", { surveyId: survey.surveyId });
      return "not-needed";
    }
    const token = newLinkToken();
    const expiresAt = survey.expiresAt;
    const claim = await retryWhileContended(
      async () => {
        const outcome = await surveys.claimInvitation({
          surveyId: survey.surveyId,
          tokenHash: hashLinkToken(token),
          expiresAt,
          at: clock.now().toISOString(),
        });
        return outcome === "contended" ? TRY_AGAIN : outcome;
      },
      { what: "Claiming the invitation" },
    );
    if (claim === "refused") return "not-needed";
    try {
      await mailSurveyLink({ ...survey, expiresAt: survey.expiresAt }, token, "invitation");
    } catch (error) {
      metrics.count("MailsFailed");
      log.warn("Invitation not sent", { surveyId: survey.surveyId, error: String(error) });
      await surveys.releaseInvitation(survey.surveyId);
      throw error;
    }
    const sentAt = clock.now();
    await surveys.markInvitationSent(survey.surveyId, sentAt.toISOString(), localDay(sentAt, deps.timeZone));
    metrics.count("InvitationsSent");
    log.info("Invitation sent", { surveyId: survey.surveyId, ticketId: survey.ticketId });
    return "sent";
  };
}

export type SendInvitation = ReturnType<typeof makeSendInvitation>;
