import { SQSClient } from "@aws-sdk/client-sqs";
import middy from "@middy/core";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import { createDocumentClient } from "../src/adapters/dynamo/client.js";
import {
  instrument,
  lambdaObservability as observability,
} from "../src/adapters/observability/powertools.js";
import { fieldKeyringFor } from "../src/adapters/secrets/load-field-keys.js";
import { makeSqsBackoff } from "../src/adapters/sqs/sqs-queue.js";
import { outboundRetryDelaySeconds } from "../src/app/outbound/outbound-timing.js";
import { systemClock } from "../src/app/ports.js";
import { composeOutbound } from "../src/composition/outbound.js";
import { loadConfig } from "../src/config.js";

const config = loadConfig();
const db = createDocumentClient({
  endpoint: config.DYNAMODB_ENDPOINT,
  region: config.AWS_REGION,
  requestTimeoutMs: config.DYNAMODB_REQUEST_TIMEOUT_MS,
  traceClient: observability.traceClient,
});
const fieldKeys = fieldKeyringFor(config, { traceClient: observability.traceClient, log: observability.log });
// Every event opens webhook credentials: a function without its keys fails to start rather than on its first batch.
await fieldKeys.held();
const consumeOutbound = composeOutbound({
  config,
  db,
  clock: systemClock,
  log: observability.log,
  fieldKeys,
});
const backOff = config.OUTBOUND_QUEUE_URL
  ? makeSqsBackoff({
      queueUrl: config.OUTBOUND_QUEUE_URL,
      client: observability.traceClient(new SQSClient({})),
    })
  : undefined;

/**
 * SQS → events fanned out to the webhooks that want them, each delivery POSTed and logged. A message with a failed
 * delivery is hidden for 30 s doubling (its visibility timeout) before the queue hands it over again.
 */
export const handler = instrument(
  middy<SQSEvent, SQSBatchResponse>().handler(async (event) => {
    const records = event.Records.map((record) => ({
      messageId: record.messageId,
      body: record.body,
      receiveCount: Number(record.attributes.ApproximateReceiveCount) || 1,
    }));
    const result = await consumeOutbound(records);
    const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
    const retries = event.Records.filter((record) => failed.has(record.messageId)).map((record) => ({
      receiptHandle: record.receiptHandle,
      seconds: outboundRetryDelaySeconds(Number(record.attributes.ApproximateReceiveCount) || 1),
    }));
    // Without the longer wait the message simply comes back after the queue's own visibility timeout.
    if (backOff && retries.length > 0) {
      await backOff(retries).catch((error: unknown) =>
        observability.log.warn("Backoff not set", { error: String(error) }),
      );
    }
    return result;
  }),
);
