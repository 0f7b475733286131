import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { Mailer } from "../../app/ports.js";
import { headersWithMailId } from "./mail-id.js";

/** Sends through Amazon SES v2; SES builds the MIME message, and the unsubscribe headers travel as message headers. */
export function makeSesMailer(options: {
  from: string;
  client?: SESv2Client;
  configurationSet?: string;
  /** A try that takes longer is abandoned and its mail tried again later with the same mail id. */
  requestTimeoutMs?: number;
}): Mailer {
  const client =
    options.client ??
    new SESv2Client(
      options.requestTimeoutMs
        ? { requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } }
        : {},
    );
  return {
    async send(mail) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [mail.to] },
          Content: {
            Simple: {
              Subject: { Data: mail.subject, Charset: "UTF-8" },
              Body: {
                Text: { Data: mail.text, Charset: "UTF-8" },
                Html: { Data: mail.html, Charset: "UTF-8" },
              },
              // SES sets its own Message-ID; the mail id header is what stays the same across tries.
              Headers: Object.entries(headersWithMailId(mail)).map(([Name, Value]) => ({ Name, Value })),
            },
          },
          ConfigurationSetName: options.configurationSet,
        }),
      );
    },
  };
}
