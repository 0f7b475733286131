import type { SQSClient } from "@aws-sdk/client-sqs";
import type { MailMessage, MailQueue } from "../../app/ports.js";
import { makeSqsQueue } from "../sqs/sqs-queue.js";

/** On AWS the intake and the schedules only enqueue, ten messages a call; the mailer function consumes the queue. */
export function makeSqsMailQueue(options: { queueUrl: string; client?: SQSClient }): MailQueue {
  return makeSqsQueue<MailMessage>({ ...options, name: "mail queue" });
}
