import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { Mailer } from "../../app/ports.js";
import { formatSenderAddress, parseSenderAddress } from "../../domain/sender-address.js";
import { headersWithMailId } from "./mail-id.js";

/** Sends through Amazon SES v2; SES builds the MIME message, and the unsubscribe headers travel as message headers. */
export function makeSesMailer(options: {
  from: string;
  client?: SESv2Client;
  configurationSet?: string;
  /** Wraps the client once it is built, e.g. to trace each send with X-Ray. */
  traceClient?: <T>(client: T) => T;
  /** A try that takes longer is abandoned and its mail tried again later with the same mail id. */
  requestTimeoutMs?: number;
}): Mailer {
  const built =
    options.client ??
    new SESv2Client({
      // One try per receive: a send whose outcome is unknown is retried by the queue under its claim, with the same
      // mail id, rather than re-sent blindly by the SDK within the same try.
      maxAttempts: 1,
      ...(options.requestTimeoutMs
        ? { requestHandler: { requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } }
        : {}),
    });
  const client = options.traceClient ? options.traceClient(built) : built;
  // SES takes a display name only MIME-encoded; parsing at construction also stops a bad MAIL_FROM at cold start.
  const from = formatSenderAddress(parseSenderAddress(options.from));
  return {
    async send(mail) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
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
