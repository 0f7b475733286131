import { createTransport } from "nodemailer";
import type { Mailer } from "../../app/ports.js";
import { headersWithMailId, stableMessageId } from "./mail-id.js";

/** Sends through an SMTP server named by a URL such as `smtp://user:pass@host:587` or `smtps://...`. */
export function makeSmtpMailer(options: {
  url: string;
  from: string;
  /** How long connecting, the greeting and each socket wait may take; well under a claim's lease (default 10 s). */
  timeoutMs?: number;
}): Mailer & { close(): void } {
  // nodemailer waits minutes by default, longer than a claim's lease: a hung server would let a second try send too.
  const timeout = options.timeoutMs ?? 10_000;
  const url = new URL(options.url);
  const transport = createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
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
