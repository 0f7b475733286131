import { createTransport } from "nodemailer";
import type { Mailer } from "../../app/ports.js";

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
        headers: mail.headers,
      });
    },
    close: () => transport.close(),
  };
}
