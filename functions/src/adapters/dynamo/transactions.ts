import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";

/** The cancellation reason codes of a failed transaction, one per item in order; undefined for any other error. */
export function cancellationCodes(error: unknown): Array<string | undefined> | undefined {
  if (
    error instanceof TransactionCanceledException ||
    (error as { name?: string })?.name === "TransactionCanceledException"
  ) {
    const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
    return reasons.map((reason) => (reason.Code === "None" ? undefined : reason.Code));
  }
  return undefined;
}

/** Whether an error is DynamoDB refusing a write because its condition did not hold. */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === "ConditionalCheckFailedException";
}

/**
 * Whether a transaction was cancelled because another transaction held one of its items. Nothing of it was written,
 * and the caller decides again from a fresh read. (Faults in passing, such as throttling or DynamoDB Local's lock
 * timeouts, are retried by the client itself and reach callers only as a busy error once its retries run out.)
 */
export function isContention(error: unknown): boolean {
  return cancellationCodes(error)?.some((code) => code === "TransactionConflict") ?? false;
}
