import { createTransport } from "nodemailer";
import type { Mailer } from "../../app/ports.js";
import { headersWithMailId, stableMessageId } from "./mail-id.js";

/** Sends through an SMTP server named by a URL such as `smtp://user:pass@host:587` or `smtps://...`. */
export function makeSmtpMailer(options: { url: string; from: string }): Mailer & { close(): void } {
  const transport = createTransport(options.url);
  return {
    async send(mail) {
      await transport.sendMail({
        from: options.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        headers: headersWithMailId(mail),
        messageId: stableMessageId(mail, options.from),
      });
    },
    close: () => transport.close(),
  };
}
