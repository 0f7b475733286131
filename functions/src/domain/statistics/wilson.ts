import { assertProportionCount } from "./counts.js";
import { twoSidedCritical } from "./normal.js";

/** A proportion with its two-sided confidence interval. */
export interface ProportionInterval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * The Wilson score interval without continuity correction (Wilson 1927; Newcombe 1998, method 3), or null for n = 0.
 * Unlike the Wald interval it never leaves [0, 1] and keeps its coverage for small n and rates near 0 or 1,
 * which is exactly where a single agent's or a quiet week's csat lives.
 */
export function wilsonInterval(positive: number, n: number, confidence = 0.95): ProportionInterval | null {
  assertProportionCount({ positive, n });
  const z = twoSidedCritical(confidence);
  if (n === 0) return null;
  const estimate = positive / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (estimate + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((estimate * (1 - estimate)) / n + z2 / (4 * n * n))) / denominator;
  // At 0 or n the exact bound is 0 or 1; rounding would otherwise leave it a hair outside.
  const low = positive === 0 ? 0 : Math.max(0, centre - halfWidth);
  const high = positive === n ? 1 : Math.min(1, centre + halfWidth);
  return { estimate, low, high };
}
