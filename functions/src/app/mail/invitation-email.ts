import type { Score } from "../../domain/survey.js";
import { emailMessagesFor } from "../../i18n/email-messages.js";
import { formatLongDate } from "../../i18n/format-date.js";
import type { Locale } from "../../i18n/locale.js";
import { messagesFor } from "../../i18n/messages.js";
import { escapeHtml } from "./escape-html.js";

export interface InvitationEmailInput {
  locale: Locale;
  requesterName?: string | undefined;
  ticket: { id: string; title: string; resolvedAt: string; service?: string | undefined };
  scoreUrl: (score: Score) => string;
  optOutUrl: string;
  expiresAt: string;
  organisationName: string;
  /** The organisation's IANA time zone for the dates shown; UTC when absent. */
  timeZone?: string | undefined;
  /** The single reminder to a requester who has not answered yet. */
  reminder?: boolean | undefined;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

const SCORES_LOW_TO_HIGH: readonly Score[] = [1, 2, 3, 4, 5];
const SUBJECT_TITLE_MAX = 90;

// Colours chosen for at least 4.5:1 text contrast on white; clients that invert for dark mode keep the ratio.
const INK = "#1b1b1f";
const MUTED = "#4a4a55";
const LINK = "#0a4fb4";
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/** Renders the invitation to rate a resolved ticket as a subject, an HTML body and a plain-text body. */
export function renderInvitationEmail(input: InvitationEmailInput): RenderedEmail {
  const m = emailMessagesFor(input.locale);
  const scoreLabels = messagesFor(input.locale).scores;
  const ticketId = singleLine(input.ticket.id);
  const title = singleLine(input.ticket.title);
  const resolvedOn = formatLongDate(input.ticket.resolvedAt, input.locale, input.timeZone);
  const openUntil = formatLongDate(input.expiresAt, input.locale, input.timeZone);
  const service = input.ticket.service ? singleLine(input.ticket.service) : undefined;
  const organisation = singleLine(input.organisationName);
  const greeting = m.greeting({ name: input.requesterName ? singleLine(input.requesterName) : undefined });
  const choices = SCORES_LOW_TO_HIGH.map((score) => ({
    score,
    label: `${score} — ${scoreLabels[score]}`,
    url: input.scoreUrl(score),
  }));

  const subject = `${input.reminder ? m.reminderPrefix : ""}${m.subject({ ticketId, title: truncate(title, SUBJECT_TITLE_MAX) })}`;
  const resolved = m.resolved({ ticketId, title, date: resolvedOn });

  const text = [
    greeting,
    "",
    resolved,
    ...(service ? [m.service({ service })] : []),
    "",
    m.question,
    m.oneClick,
    "",
    ...choices.map((choice) => `${choice.label}:\n${choice.url}\n`),
    m.commentLater,
    m.openUntil({ date: openUntil }),
    "",
    "———",
    m.sentBy({ organisation }),
    `${m.optOutQuestion} ${m.optOutLink}: ${input.optOutUrl}`,
    "",
  ].join("\n");

  const e = escapeHtml;
  const paragraph = (content: string, extra = "") =>
    `<p style="margin:0 0 16px 0;font-family:${FONT};font-size:16px;line-height:24px;color:${INK};${extra}">${content}</p>`;
  const buttons = choices
    .map(
      (choice) => `<tr>
<td style="padding:0 0 10px 0;">
<a href="${e(choice.url)}" style="display:block;padding:14px 18px;border:2px solid ${LINK};border-radius:8px;background-color:#ffffff;color:${LINK};font-family:${FONT};font-size:17px;line-height:22px;font-weight:bold;text-decoration:none;">${e(choice.label)}</a>
</td>
</tr>`,
    )
    .join("\n");

  const html = `<!DOCTYPE html>
<html lang="${input.locale}" dir="ltr" xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${e(subject)}</title>
<style>
  @media (prefers-color-scheme: dark) {
    .pulse-body, .pulse-card { background-color: #15161a !important; }
    .pulse-card p, .pulse-card td { color: #ececf1 !important; }
    .pulse-card a { color: #9cc2ff !important; border-color: #9cc2ff !important; background-color: #15161a !important; }
  }
  @media screen and (max-width: 600px) { .pulse-card { padding: 20px 16px !important; } }
</style>
</head>
<body class="pulse-body" style="margin:0;padding:0;background-color:#f2f2f5;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;" aria-hidden="true">${e(m.preheader({ ticketId }))}${"&#847;&zwnj;&nbsp;".repeat(40)}</div>
<div role="article" aria-roledescription="email" aria-label="${e(subject)}" lang="${input.locale}">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f2f2f5;">
<tr>
<td align="center" style="padding:24px 12px;">
<table role="presentation" class="pulse-card" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:8px;padding:28px 24px;">
<tr>
<td>
${paragraph(e(greeting))}
${paragraph(e(resolved))}
${service ? paragraph(e(m.service({ service })), `color:${MUTED};`) : ""}
${paragraph(`<strong>${e(m.question)}</strong><br>${e(m.oneClick)}`)}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0">
${buttons}
</table>
${paragraph(`${e(m.commentLater)} ${e(m.openUntil({ date: openUntil }))}`, "margin-top:8px;")}
</td>
</tr>
<tr>
<td style="border-top:1px solid #d0d0d8;padding-top:16px;">
${paragraph(e(m.sentBy({ organisation })), `font-size:14px;line-height:20px;color:${MUTED};margin-bottom:8px;`)}
${paragraph(
  `${e(m.optOutQuestion)} <a href="${e(input.optOutUrl)}" style="color:${LINK};text-decoration:underline;">${e(m.optOutLink)}</a>`,
  `font-size:14px;line-height:20px;color:${MUTED};margin-bottom:0;`,
)}
</td>
</tr>
</table>
</td>
</tr>
</table>
</div>
</body>
</html>
`;

  return { subject, html, text };
}

/** Collapses line breaks and runs of whitespace, so a title can never split a header or a text line. */
function singleLine(value: string): string {
  return value.replace(/\s+/g, " ").trim();
}

function truncate(value: string, max: number): string {
  const chars = Array.from(value);
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join("")}…`;
}
