import { ChangeMessageVisibilityBatchCommand, SendMessageBatchCommand, SQSClient } from "@aws-sdk/client-sqs";

// SendMessageBatch and ChangeMessageVisibilityBatch take at most ten entries.
const BATCH_SIZE = 10;

/** Sends messages to one SQS queue as JSON, ten a call; any entry the queue refuses fails the whole send. */
export function makeSqsQueue<M>(options: { queueUrl: string; client?: SQSClient; name?: string }) {
  const client = options.client ?? new SQSClient({});
  const name = options.name ?? "queue";
  return {
    async enqueue(messages: readonly M[]): Promise<void> {
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
            `The ${name} refused ${result.Failed.length} of ${chunk.length} messages: ${reasons}`,
          );
        }
      }
    },
  };
}

/** Hides received messages for longer before their next receive: the backoff of a consumer that failed them. */
export function makeSqsBackoff(options: { queueUrl: string; client?: SQSClient }) {
  const client = options.client ?? new SQSClient({});
  return async function hideFor(entries: ReadonlyArray<{ receiptHandle: string; seconds: number }>) {
    for (let start = 0; start < entries.length; start += BATCH_SIZE) {
      await client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: entries.slice(start, start + BATCH_SIZE).map((entry, index) => ({
            Id: String(index),
            ReceiptHandle: entry.receiptHandle,
            VisibilityTimeout: Math.round(entry.seconds),
          })),
        }),
      );
    }
  };
}
