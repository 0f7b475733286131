import type { OutgoingMail } from "../../app/ports.js";

/** The header every try of one mail carries alike, so the receiving side (or a test) can tell a resend from a new mail. */
export const MAIL_ID_HEADER = "X-Pulse-Mail-Id";

/** The mail's own headers plus its mail id, for transports that take headers as a list. */
export function headersWithMailId(mail: OutgoingMail): Record<string, string> {
  return { ...mail.headers, ...(mail.mailId ? { [MAIL_ID_HEADER]: mail.mailId } : {}) };
}

/** A Message-ID that is the same for every try of one mail, in the sender's domain. */
export function stableMessageId(mail: OutgoingMail, from: string): string | undefined {
  if (!mail.mailId) return undefined;
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "pulse.invalid";
  return `<${mail.mailId.replace(/[^\w.-]/g, "_")}@${domain}>`;
}
