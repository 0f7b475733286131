import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import type { InvitationQueue } from "../../app/ports.js";

/** On AWS the intake only enqueues; the mailer function consumes the queue. */
export function makeSqsInvitationQueue(options: { queueUrl: string; client?: SQSClient }): InvitationQueue {
  const client = options.client ?? new SQSClient({});
  return {
    async enqueue(message) {
      await client.send(
        new SendMessageCommand({ QueueUrl: options.queueUrl, MessageBody: JSON.stringify(message) }),
      );
    },
  };
}
