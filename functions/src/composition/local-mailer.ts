import { makeOutboxMailer } from "../adapters/mail/outbox-mailer.js";
import { makeSesMailer } from "../adapters/mail/ses-mailer.js";
import { makeSmtpMailer } from "../adapters/mail/smtp-mailer.js";
import type { Mailer } from "../app/ports.js";
import type { Config } from "../config.js";

/** The mailer the configuration names: the outbox folder (the local default), an SMTP server, or SES. */
export function mailerFor(config: Config): Mailer {
  switch (config.mailTransport) {
    case "ses":
      return makeSesMailer({ from: config.MAIL_FROM });
    case "smtp":
      return makeSmtpMailer({
        url: config.SMTP_URL ?? "",
        from: config.MAIL_FROM,
        timeoutMs: config.MAIL_SEND_TIMEOUT_MS,
      });
    case "outbox":
      return makeOutboxMailer({ folder: config.OUTBOX_DIR, from: config.MAIL_FROM });
  }
}
