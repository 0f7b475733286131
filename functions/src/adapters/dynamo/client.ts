import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { STORAGE_CALL_RETRIES } from "../../app/retry-policy.js";
import { asServiceBusy, storageRetryStrategy } from "./retry-strategy.js";

const WRITE_COMMANDS = /^(Put|Update|Delete|BatchWrite)(Item)?Command$/;

/** Capacity units that DynamoDB reported as consumed, summed while metering is on. */
export class CapacityMeter {
  read = 0;
  write = 0;
  calls = 0;
  /** Transactions DynamoDB cancelled (a conflict or a failed condition): they report no capacity, but are retried. */
  cancelled = 0;

  reset(): void {
    this.read = 0;
    this.write = 0;
    this.calls = 0;
    this.cancelled = 0;
  }

  /** Adds one call's consumed capacity; `writes` says where a bare total belongs (a write command's total is writes). */
  record(consumed: unknown, writes = false): void {
    const list = Array.isArray(consumed) ? consumed : consumed ? [consumed] : [];
    for (const entry of list as Array<{
      ReadCapacityUnits?: number;
      WriteCapacityUnits?: number;
      CapacityUnits?: number;
    }>) {
      this.read += entry.ReadCapacityUnits ?? 0;
      this.write += entry.WriteCapacityUnits ?? 0;
      // Single-item calls report only a total (DynamoDB Local does so for PutItem and UpdateItem too).
      if (entry.ReadCapacityUnits === undefined && entry.WriteCapacityUnits === undefined) {
        if (writes) this.write += entry.CapacityUnits ?? 0;
        else this.read += entry.CapacityUnits ?? 0;
      }
    }
    this.calls += 1;
  }
}

export interface DynamoOptions {
  endpoint?: string | undefined;
  region?: string | undefined;
  /** When given, every call asks DynamoDB for its consumed capacity and adds it here. */
  meter?: CapacityMeter | undefined;
  /** How long one try of a call may take before it is abandoned and retried. */
  requestTimeoutMs?: number | undefined;
  /** Wraps the client once it is built, e.g. to trace each call with X-Ray. */
  traceClient?: (<T>(client: T) => T) | undefined;
}

// DynamoDB answers in milliseconds; a try that takes seconds is stalled. DynamoDB Local may hold a request for up to
// 10 s waiting for a lock before it fails it, so locally a try is given longer than that.
const AWS_REQUEST_TIMEOUT_MS = 3_000;
const LOCAL_REQUEST_TIMEOUT_MS = 15_000;

/** Builds the document client a process uses for its whole life. */
export function createDocumentClient(options: DynamoOptions = {}): DynamoDBDocumentClient {
  const requestTimeout =
    options.requestTimeoutMs ?? (options.endpoint ? LOCAL_REQUEST_TIMEOUT_MS : AWS_REQUEST_TIMEOUT_MS);
  const config: DynamoDBClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? "eu-central-1",
    maxAttempts: STORAGE_CALL_RETRIES.attempts,
    retryStrategy: storageRetryStrategy(),
    requestHandler: { connectionTimeout: 2_000, requestTimeout, throwOnRequestTimeout: true },
  };
  if (options.endpoint) {
    config.endpoint = options.endpoint;
    // DynamoDB Local accepts any credentials; these keep the SDK from searching the machine for real ones.
    config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  }
  const built = new DynamoDBClient(config);
  const client = options.traceClient ? options.traceClient(built) : built;
  // Outermost, so it sees what is left after the retries: a passing fault then reaches callers as a busy error.
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        throw asServiceBusy(error);
      }
    },
    { step: "initialize", name: "pulseServiceBusy", priority: "high" },
  );
  const meter = options.meter;
  if (meter) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { ReturnConsumedCapacity?: string };
        input.ReturnConsumedCapacity ??= "TOTAL";
        const result = await next(args).catch((error: unknown) => {
          if ((error as { name?: string } | undefined)?.name === "TransactionCanceledException") {
            meter.cancelled += 1;
          }
          throw error;
        });
        meter.record(
          (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity,
          WRITE_COMMANDS.test(context.commandName ?? ""),
        );
        return result;
      },
      { step: "initialize", name: "pulseCapacityMeter" },
    );
  }
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
