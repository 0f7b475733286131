import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import type { Mailer } from "../../app/ports.js";
import { composeMime } from "./mime.js";

/** Sends through Amazon SES v2 as a raw message, so the unsubscribe headers travel with it. */
export function makeSesMailer(options: {
  from: string;
  client?: SESv2Client;
  configurationSet?: string;
}): Mailer {
  const client = options.client ?? new SESv2Client({});
  return {
    async send(mail) {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [mail.to] },
          Content: { Raw: { Data: await composeMime(options.from, mail) } },
          ConfigurationSetName: options.configurationSet,
        }),
      );
    },
  };
}
