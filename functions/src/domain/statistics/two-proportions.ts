import { assertProportionCount, type ProportionCount } from "./counts.js";
import { twoSidedCritical, twoSidedPValue } from "./normal.js";
import { type ProportionInterval, wilsonInterval } from "./wilson.js";

/** How one proportion moved from a before sample to an after sample. */
export interface ProportionComparison {
  before: ProportionInterval;
  after: ProportionInterval;
  /** after - before. */
  difference: number;
  /** Newcombe's hybrid score interval (method 10) around the difference. */
  low: number;
  high: number;
  /** The pooled two-proportion z statistic, positive when after is higher. */
  z: number;
  /** Two-sided p-value of the pooled z-test. */
  pValue: number;
  /** Whether pValue < 1 - confidence. */
  significant: boolean;
  confidence: number;
}

/**
 * Compares after with before: the difference with Newcombe's (1998) method-10 interval and the pooled z-test, or null
 * when either side has no responses (there is nothing to compare).
 */
export function compareProportions(
  before: ProportionCount,
  after: ProportionCount,
  confidence = 0.95,
): ProportionComparison | null {
  assertProportionCount(before);
  assertProportionCount(after);
  twoSidedCritical(confidence);
  const beforeInterval = wilsonInterval(before.positive, before.n, confidence);
  const afterInterval = wilsonInterval(after.positive, after.n, confidence);
  if (!beforeInterval || !afterInterval) return null;

  const difference = afterInterval.estimate - beforeInterval.estimate;
  // Newcombe (1998), method 10: each tail of the difference borrows the matching tails of the two Wilson intervals.
  const low =
    difference -
    Math.hypot(afterInterval.estimate - afterInterval.low, beforeInterval.high - beforeInterval.estimate);
  const high =
    difference +
    Math.hypot(afterInterval.high - afterInterval.estimate, beforeInterval.estimate - beforeInterval.low);

  const pooled = (before.positive + after.positive) / (before.n + after.n);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / before.n + 1 / after.n));
  // A pooled rate of exactly 0 or 1 means both samples agree completely: no evidence of any difference.
  const z = standardError === 0 ? 0 : difference / standardError;
  const pValue = twoSidedPValue(z);
  return {
    before: beforeInterval,
    after: afterInterval,
    difference,
    low: Math.max(-1, low),
    high: Math.min(1, high),
    z,
    pValue,
    significant: pValue < 1 - confidence,
    confidence,
  };
}
