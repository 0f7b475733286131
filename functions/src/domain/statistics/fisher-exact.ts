import { DomainError } from "../errors.js";

// Lanczos approximation (g = 7, n = 9), accurate to about 15 significant digits for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** Natural logarithm of the gamma function for a positive argument. */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const shifted = x - 1;
  let sum = LANCZOS[0] as number;
  for (let index = 1; index < LANCZOS.length; index += 1) {
    sum += (LANCZOS[index] as number) / (shifted + index);
  }
  const t = shifted + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (shifted + 0.5) * Math.log(t) - t + Math.log(sum);
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/** Counts of one term in two periods: `x` of `n` comments mention it. */
export interface TwoCounts {
  previous: { x: number; n: number };
  current: { x: number; n: number };
}

/**
 * One-sided Fisher exact test that the current share exceeds the previous one: the probability, given both periods'
 * comments and the term's total, that at least the current count falls in the current period by chance.
 */
export function fisherGrowthPValue({ previous, current }: TwoCounts): number {
  for (const [name, value] of Object.entries({
    previousX: previous.x,
    previousN: previous.n,
    currentX: current.x,
    currentN: current.n,
  })) {
    if (!Number.isInteger(value) || value < 0) {
      throw new DomainError("invalid_counts", `${name} must be a non-negative integer`, { [name]: value });
    }
  }
  if (previous.x > previous.n || current.x > current.n) {
    throw new DomainError("invalid_counts", "A count cannot exceed its comments", { previous, current });
  }
  const total = previous.n + current.n;
  const mentions = previous.x + current.x;
  const highest = Math.min(mentions, current.n);
  if (current.x === 0 || mentions === 0) return 1;
  // The hypergeometric terms from current.x upwards, by the ratio of neighbours, starting from one computed in logs.
  const logFirst =
    logChoose(mentions, current.x) +
    logChoose(total - mentions, current.n - current.x) -
    logChoose(total, current.n);
  let term = Math.exp(logFirst);
  let tail = 0;
  for (let k = current.x; k <= highest; k += 1) {
    tail += term;
    term *= ((mentions - k) * (current.n - k)) / ((k + 1) * (total - mentions - current.n + k + 1));
  }
  return Math.min(1, tail);
}
