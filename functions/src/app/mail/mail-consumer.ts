import type { DeliverDigest } from "../digest/send-monthly-digest.js";
import { type Log, type Metrics, silentLog, uncountedMetrics } from "../ports.js";
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

/**
 * Sends the mail of each queue message (invitation, reminder or digest), reporting each failed message so only it is
 * retried. The sends of one batch start `sendIntervalMs` apart, so that all consumers together stay within the mail
 * server's rate (SES throttles a burst, and a throttled mail would only come back later).
 */
export function makeMailConsumer(deps: {
  sendSurveyMail: SendSurveyMail;
  deliverDigest: DeliverDigest;
  log?: Log;
  metrics?: Metrics;
  sendIntervalMs?: number;
  sleep?: (ms: number) => Promise<void>;
}) {
  const log = deps.log ?? silentLog;
  const metrics = deps.metrics ?? uncountedMetrics;
  const interval = deps.sendIntervalMs ?? 0;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const send = async (message: MailMessage) => {
    if (message.kind !== "digest") return deps.sendSurveyMail(message.kind, message.surveyId);
    const outcome = await deps.deliverDigest(message);
    if (outcome === "sent") metrics.count("DigestsSent");
    return outcome;
  };

  return async function consumeMail(records: readonly MailRecord[]): Promise<MailBatchResult> {
    const failures: Array<{ itemIdentifier: string }> = [];
    await Promise.all(
      records.map(async (record, index) => {
        if (interval > 0 && index > 0) await sleep(index * interval);
        let message: MailMessage | undefined;
        try {
          message = parseMailMessage(record.body);
          await send(message);
        } catch (error) {
          const fields = {
            messageId: record.messageId,
            ...(message ? describeMailMessage(message) : {}),
            error: error instanceof Error ? error.message : String(error),
          };
          if (error instanceof MailNotYetSendable) log.warn("Mail not sent yet", fields);
          else log.error("Mail not sent", fields);
          failures.push({ itemIdentifier: record.messageId });
        }
      }),
    );
    return { batchItemFailures: failures };
  };
}

export type MailConsumer = ReturnType<typeof makeMailConsumer>;
