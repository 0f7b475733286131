import { SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { MailQueue } from "../../app/ports.js";

// SendMessageBatch takes at most ten entries.
const BATCH_SIZE = 10;

/** On AWS the intake and the schedules only enqueue, ten messages a call; the mailer function consumes the queue. */
export function makeSqsMailQueue(options: { queueUrl: string; client?: SQSClient }): MailQueue {
  const client = options.client ?? new SQSClient({});
  return {
    async enqueue(messages) {
      for (let start = 0; start < messages.length; start += BATCH_SIZE) {
        const chunk = messages.slice(start, start + BATCH_SIZE);
        const result = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              MessageBody: JSON.stringify(message),
            })),
          }),
        );
        // A batch call succeeds even when some entries were refused; those must not pass as queued.
        if (result.Failed && result.Failed.length > 0) {
          const reasons = result.Failed.map((entry) => entry.Code ?? "unknown").join(", ");
          throw new Error(
            `The mail queue refused ${result.Failed.length} of ${chunk.length} messages: ${reasons}`,
          );
        }
      }
    },
  };
}
