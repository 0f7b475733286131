/** How many used page nonces a survey lists one by one; older ones are covered by the survey's floor. */
export const NONCES_LISTED = 50;

/** The used page nonces of one survey: the latest few by id, and the issue time at or before which all are spent. */
export interface NonceLedger {
  usedNonces: string[];
  /** Milliseconds since the epoch; a nonce issued at or before it counts as used. */
  nonceFloor: number;
}

/** The issue time a nonce id carries (`<issued ms in base 36>.<random>`), or 0 for ids written before it did. */
export function issuedAtOf(nonceId: string): number {
  const dot = nonceId.indexOf(".");
  const issued = dot > 0 ? Number.parseInt(nonceId.slice(0, dot), 36) : Number.NaN;
  return Number.isFinite(issued) ? issued : 0;
}

/**
 * Spends a nonce for the survey's whole life in bounded space: null when it was used before, else the ledger with
 * it recorded. Ids that drop off the list raise the floor to their issue time, so a dropped nonce stays spent; the
 * cost is that a page older than the last fifty used nonces must be reloaded, which no requester meets.
 */
export function spendNonce(ledger: Partial<NonceLedger>, nonceId: string): NonceLedger | null {
  const used = ledger.usedNonces ?? [];
  let floor = ledger.nonceFloor ?? 0;
  if (used.includes(nonceId) || issuedAtOf(nonceId) <= floor) return null;
  const next = [...used, nonceId];
  const dropped = next.splice(0, Math.max(0, next.length - NONCES_LISTED));
  for (const id of dropped) floor = Math.max(floor, issuedAtOf(id));
  return { usedNonces: next, nonceFloor: floor };
}
