import { DomainError } from "../errors.js";
import { wilsonInterval } from "./wilson.js";

/** How many responses gave each score, in order 1, 2, 3, 4, 5. */
export type ScoreCounts = readonly [number, number, number, number, number];

/** The score counts of no responses at all. */
export const NO_SCORES: ScoreCounts = [0, 0, 0, 0, 0];

/** A bucket of responses described for the analytics API; every rate is null when it is undefined. */
export interface ScoreSummary {
  n: number;
  /** Responses scoring 4 or 5. */
  positive: number;
  /** Share of responses scoring 4 or 5. */
  csat: number | null;
  mean: number | null;
  /** Wilson 95% interval around csat. */
  ci: { low: number; high: number } | null;
  /** Count of responses per score. */
  distribution: Record<"1" | "2" | "3" | "4" | "5", number>;
  invited: number | null;
  /**
   * Responses per invitation. Not clamped: over a short window responses to earlier invitations can push it above 1,
   * and hiding that would hide the cause.
   */
  responseRate: number | null;
}

function assertCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new DomainError("invalid-counts", `${what} must be a whole, non-negative count, got ${value}.`, {
      value,
    });
  }
}

function assertScoreCounts(counts: ScoreCounts): void {
  if (counts.length !== 5) {
    throw new DomainError("invalid-counts", `Expected five score counts, got ${counts.length}.`, {
      length: counts.length,
    });
  }
  for (const [index, count] of counts.entries()) assertCount(count, `The count of score ${index + 1}`);
}

/** Adds two sets of score counts, e.g. to roll days up into a week. */
export function addCounts(a: ScoreCounts, b: ScoreCounts): ScoreCounts {
  assertScoreCounts(a);
  assertScoreCounts(b);
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4]];
}

/** Summarises score counts (and optionally invitations) into n, csat with its Wilson interval, mean and response rate. */
export function summariseScores(counts: ScoreCounts, invited?: number): ScoreSummary {
  assertScoreCounts(counts);
  if (invited !== undefined) assertCount(invited, "The number of invitations");
  const [ones, twos, threes, fours, fives] = counts;
  const n = ones + twos + threes + fours + fives;
  const positive = fours + fives;
  const interval = wilsonInterval(positive, n);
  return {
    n,
    positive,
    csat: interval?.estimate ?? null,
    mean: n === 0 ? null : (ones + 2 * twos + 3 * threes + 4 * fours + 5 * fives) / n,
    ci: interval ? { low: interval.low, high: interval.high } : null,
    distribution: { "1": ones, "2": twos, "3": threes, "4": fours, "5": fives },
    invited: invited ?? null,
    responseRate: invited === undefined || invited === 0 ? null : n / invited,
  };
}
