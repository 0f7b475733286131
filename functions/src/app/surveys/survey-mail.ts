import type { Score, Survey } from "../../domain/survey.js";
import { renderInvitationEmail } from "../mail/invitation-email.js";
import type { Mailer } from "../ports.js";

export interface SurveyMailDeps {
  mailer: Mailer;
  publicBaseUrl: string;
  organisationName: string;
  timeZone: string;
}

/** Sends a survey's email (the invitation, or its one reminder) carrying a link token that exists only there. */
export function makeSurveyMail(deps: SurveyMailDeps) {
  const base = deps.publicBaseUrl.replace(/\/$/, "");
  return async function mailSurveyLink(
    survey: Survey & { expiresAt: string },
    token: string,
    kind: "invitation" | "reminder",
    mailId: string,
  ) {
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
      organisationName: deps.organisationName,
      timeZone: deps.timeZone,
      reminder: kind === "reminder",
    });
    await deps.mailer.send({
      to: survey.requester.email ?? "",
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      headers: {
        // One-click unsubscribe (RFC 8058) so mail clients can offer it next to the sender.
        "List-Unsubscribe": `<${link}/opt-out>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "X-Pulse-Survey": survey.surveyId,
      },
      mailId,
    });
  };
}
