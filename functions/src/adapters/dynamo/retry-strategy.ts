import type { DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";
import {
  mayRetry,
  type RetryPolicy,
  retryDelayMs,
  STORAGE_CALL_RETRIES,
  serviceBusy,
} from "../../app/retry-policy.js";

type RetryStrategy = Extract<
  NonNullable<DynamoDBClientConfig["retryStrategy"]>,
  { acquireInitialRetryToken: unknown }
>;
type RetryToken = Awaited<ReturnType<RetryStrategy["acquireInitialRetryToken"]>>;
type RetryErrorInfo = Parameters<RetryStrategy["refreshRetryTokenForRetry"]>[1];

interface SdkErrorShape {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
}

// A write that met a transaction in flight on the same item (for example a day's aggregate) changed nothing.
const CONFLICT_NAMES = new Set(["TransactionConflictException", "TransactionInProgressException"]);
const PASSING_FAULT_NAMES = new Set([
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "ThrottlingException",
  "LimitExceededException",
  "InternalServerError",
  "ServiceUnavailable",
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  ...CONFLICT_NAMES,
]);
const NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * Whether DynamoDB failed in passing, so that the same call may succeed a moment later: throttling, a server fault
 * (DynamoDB Local answers a lock wait that timed out with InternalServerError), a conflict with a transaction in
 * flight, a timeout or a dropped connection. A cancelled transaction is not one: its caller decides from a fresh read.
 */
export function isPassingFault(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, code, $retryable, $metadata } = error as SdkErrorShape;
  const status = $metadata?.httpStatusCode ?? 0;
  return (
    (name !== undefined && PASSING_FAULT_NAMES.has(name)) ||
    (code !== undefined && NETWORK_CODES.has(code)) ||
    $retryable !== undefined ||
    status === 429 ||
    status >= 500
  );
}

/** The SDK retry strategy every Pulse DynamoDB client uses: the shared storage policy, with no retry quota to drain. */
export function storageRetryStrategy(policy: RetryPolicy = STORAGE_CALL_RETRIES): RetryStrategy {
  const token = (count: number, delay: number, startedAt: number): RetryToken & { startedAt: number } => ({
    getRetryCount: () => count,
    getRetryDelay: () => delay,
    startedAt,
  });
  return {
    async acquireInitialRetryToken() {
      return token(0, 0, Date.now());
    },
    async refreshRetryTokenForRetry(previous: RetryToken, info: RetryErrorInfo) {
      const retryable =
        info.errorType !== "CLIENT_ERROR" ||
        CONFLICT_NAMES.has((info.error as SdkErrorShape | undefined)?.name ?? "");
      const startedAt = (previous as { startedAt?: number }).startedAt ?? Date.now();
      const tries = previous.getRetryCount() + 1;
      const wait = retryDelayMs(tries, policy);
      if (!retryable || !mayRetry(tries, Date.now() - startedAt, wait, policy)) {
        throw new Error("No retry left for this call");
      }
      return token(tries, wait, startedAt);
    },
    recordSuccess() {},
  };
}

/** Turns a passing fault that outlasted the retries into the busy error clients see as 503 with Retry-After. */
export function asServiceBusy(error: unknown): unknown {
  return isPassingFault(error)
    ? serviceBusy("The data store is busy; nothing was changed, try again shortly.", error)
    : error;
}
