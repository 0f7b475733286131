/**
 * DynamoDB stores numbers from 1e-130 to 1e126 with 38 digits, and JavaScript counts integers exactly only below 2^53,
 * so every number a client sends is held to a range both can carry without loss or a storage error.
 */
export const LARGEST_STORABLE = 1e15;
/** Below this size a number other than 0 is noise (and 1e-320 is one DynamoDB refuses). */
export const SMALLEST_STORABLE = 1e-9;

/** Whether a number is 0 or between SMALLEST_STORABLE and LARGEST_STORABLE in size, so storage and scoring keep it exactly. */
export function isStorableNumber(value: unknown): value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) return false;
  const size = Math.abs(value);
  return size === 0 || (size >= SMALLEST_STORABLE && size <= LARGEST_STORABLE);
}

/** The message a refused number carries, naming the range. */
export const STORABLE_NUMBER_MESSAGE = `must be 0 or between ${SMALLEST_STORABLE} and ${LARGEST_STORABLE} in size`;
