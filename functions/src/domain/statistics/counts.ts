import { DomainError } from "../errors.js";

/** Responses out of which `positive` were satisfied (a score of 4 or 5). */
export interface ProportionCount {
  positive: number;
  n: number;
}

/** Throws unless `positive` and `n` are whole, non-negative counts with positive <= n. */
export function assertProportionCount({ positive, n }: ProportionCount): void {
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(positive) || n < 0 || positive < 0 || positive > n) {
    throw new DomainError(
      "invalid-counts",
      `Expected whole counts with 0 <= positive <= n, got positive=${positive}, n=${n}.`,
      { positive, n },
    );
  }
}
