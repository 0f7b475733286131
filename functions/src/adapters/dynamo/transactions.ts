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
 * Whether a failed transaction met contention that a retry resolves: another transaction holding the items, or (in
 * DynamoDB Local) a lock wait that timed out. Callers retry from a fresh read, so a write that did land is seen then.
 */
export function isContention(error: unknown): boolean {
  const name = (error as { name?: string })?.name;
  if (name === "TransactionInProgressException" || name === "TransactionConflictException") return true;
  if (name === "InternalServerError") return true;
  return cancellationCodes(error)?.some((code) => code === "TransactionConflict") ?? false;
}
