import type { Score } from "../../domain/survey.js";
import { renderInvitationEmail } from "../mail/invitation-email.js";
import type { Clock, InvitationMessage, Mailer, SurveyRepository } from "../ports.js";
import { hashLinkToken, newLinkToken } from "./link-secrets.js";

/** Sends the invitation email of one survey, at most once in the ordinary course; the link token exists only in it. */
export function makeSendInvitation(deps: {
  surveys: SurveyRepository;
  mailer: Mailer;
  clock: Clock;
  publicBaseUrl: string;
  organisationName: string;
}) {
  const { surveys, mailer, clock, publicBaseUrl, organisationName } = deps;
  const base = publicBaseUrl.replace(/\/$/, "");

  return async function sendInvitation(message: InvitationMessage): Promise<"sent" | "not-needed"> {
    const survey = await surveys.getSurvey(message.surveyId);
    if (survey?.status !== "invited" || !survey.requester.email || !survey.expiresAt) return "not-needed";
    if (survey.invitation?.state === "sent") return "not-needed";
    const token = newLinkToken();
    const claimed = await surveys.claimInvitation({
      surveyId: survey.surveyId,
      tokenHash: hashLinkToken(token),
      expiresAt: survey.expiresAt,
      at: clock.now().toISOString(),
    });
    if (!claimed) return "not-needed";
    const link = `${base}/s/${token}`;
    const mail = renderInvitationEmail({
      locale: survey.requester.locale,
      requesterName: survey.requester.name,
      ticket: {
        id: survey.ticketId,
        title: survey.title,
        resolvedAt: survey.resolvedAt,
        service: survey.dimensions.service,
      },
      scoreUrl: (score: Score) => `${link}?score=${score}`,
      optOutUrl: `${link}/opt-out`,
      expiresAt: survey.expiresAt,
      organisationName,
    });
    try {
      await mailer.send({
        to: survey.requester.email,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        headers: {
          // One-click unsubscribe (RFC 8058) so mail clients can offer it next to the sender.
          "List-Unsubscribe": `<${link}/opt-out>`,
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "X-Pulse-Survey": survey.surveyId,
        },
      });
    } catch (error) {
      await surveys.releaseInvitation(survey.surveyId);
      throw error;
    }
    await surveys.markInvitationSent(survey.surveyId, clock.now().toISOString());
    return "sent";
  };
}

export type SendInvitation = ReturnType<typeof makeSendInvitation>;
