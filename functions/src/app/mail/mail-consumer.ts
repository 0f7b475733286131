import type { DeliverDigest } from "../digest/send-monthly-digest.js";
import type { SendSurveyMail } from "../surveys/send-survey-mail.js";
import { MailNotYetSendable } from "./mail-errors.js";
import { describeMailMessage, type MailMessage, parseMailMessage } from "./mail-message.js";

/** A queue message as SQS hands it to Lambda, and as the local queue hands it to the same consumer. */
export interface MailRecord {
  messageId: string;
  body: string;
}

/** The SQS partial-batch answer: the messages to deliver again, every other one is done. */
export interface MailBatchResult {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** Sends the mail of each queue message (invitation, reminder or digest), reporting each failed message so only it is retried. */
export function makeMailConsumer(deps: {
  sendSurveyMail: SendSurveyMail;
  deliverDigest: DeliverDigest;
  log?: (entry: Record<string, unknown>) => void;
}) {
  const log = deps.log ?? ((entry) => console.error(JSON.stringify(entry)));
  const send = (message: MailMessage) =>
    message.kind === "digest"
      ? deps.deliverDigest(message)
      : deps.sendSurveyMail(message.kind, message.surveyId);

  return async function consumeMail(records: readonly MailRecord[]): Promise<MailBatchResult> {
    const failures: Array<{ itemIdentifier: string }> = [];
    await Promise.all(
      records.map(async (record) => {
        let message: MailMessage | undefined;
        try {
          message = parseMailMessage(record.body);
          await send(message);
        } catch (error) {
          log({
            level: error instanceof MailNotYetSendable ? "warn" : "error",
            message: error instanceof MailNotYetSendable ? "Mail not sent yet" : "Mail not sent",
            messageId: record.messageId,
            ...(message ? describeMailMessage(message) : {}),
            error: error instanceof Error ? error.message : String(error),
          });
          failures.push({ itemIdentifier: record.messageId });
        }
      }),
    );
    return { batchItemFailures: failures };
  };
}

export type MailConsumer = ReturnType<typeof makeMailConsumer>;
