import { createTransport } from "nodemailer";
import type { OutgoingMail } from "../../app/ports.js";
import { headersWithMailId, stableMessageId } from "./mail-id.js";

// A transport that only composes: it turns a message into RFC 5322 bytes without sending anything.
const composer = createTransport({ streamTransport: true, buffer: true, newline: "windows" });

/** The complete MIME message (multipart/alternative: plain text and HTML) for an outgoing email. */
export async function composeMime(from: string, mail: OutgoingMail): Promise<Buffer> {
  const info = await composer.sendMail({
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: headersWithMailId(mail),
    messageId: stableMessageId(mail, from),
  });
  return info.message as Buffer;
}
