import { DomainError } from "../errors.js";
import { normalCdf } from "../statistics/normal.js";
import type { Theme } from "./extract-themes.js";

/** How one theme's share of comments moved between two periods. */
export interface ThemeGrowth {
  key: string;
  label: string;
  previousCount: number;
  currentCount: number;
  /** previousCount / previousTotal, 0 when the previous period had no comments. */
  previousShare: number;
  currentShare: number;
  /** currentShare - previousShare. */
  growth: number;
  /** Pooled two-proportion z statistic of the change; 0 when it cannot be computed. */
  z: number;
  /** Two-sided p-value of z. */
  pValue: number;
  significant: boolean;
}

export interface ThemeGrowthOptions {
  /** Comments in the previous period, with or without a theme. */
  previousTotal: number;
  /** Comments in the current period, with or without a theme. */
  currentTotal: number;
  /** Significance level of the two-sided test; 0.05 by default. */
  alpha?: number;
  /** Standard normal CDF; a local approximation (error below 1e-7) by default. */
  normalCdf?: (x: number) => number;
}

/**
 * Compares the themes of two periods by their share of comments, flagging with a two-proportion z-test the changes
 * unlikely to be chance, fastest-growing first; a theme absent from one period counts as zero there (it may have been
 * below that period's minimum support), unless it was folded into a phrase of that period, whose count it takes.
 */
export function themeGrowth(
  previous: readonly Theme[],
  current: readonly Theme[],
  options: ThemeGrowthOptions,
): ThemeGrowth[] {
  const { previousTotal, currentTotal } = options;
  const alpha = options.alpha ?? 0.05;
  const cdf = options.normalCdf ?? normalCdf;
  assertTotal("previousTotal", previousTotal, previous);
  assertTotal("currentTotal", currentTotal, current);
  if (!(alpha > 0 && alpha < 1)) {
    throw new DomainError("invalid_theme_growth", "alpha must lie in (0, 1)", { alpha });
  }

  const previousByKey = new Map(previous.map((theme) => [theme.key, theme]));
  const currentByKey = new Map(current.map((theme) => [theme.key, theme]));
  const keys = new Set([...currentByKey.keys(), ...previousByKey.keys()]);
  const rows: ThemeGrowth[] = [];
  for (const key of keys) {
    const before = previousByKey.get(key);
    const after = currentByKey.get(key);
    const previousCount = before?.count ?? countWithinPhrases(key, previous);
    const currentCount = after?.count ?? countWithinPhrases(key, current);
    const previousShare = share(previousCount, previousTotal);
    const currentShare = share(currentCount, currentTotal);
    const z = twoProportionZ(previousCount, previousTotal, currentCount, currentTotal);
    const pValue = Math.min(1, 2 * cdf(-Math.abs(z)));
    rows.push({
      key,
      label: after?.label ?? before?.label ?? key,
      previousCount,
      currentCount,
      previousShare,
      currentShare,
      growth: currentShare - previousShare,
      z,
      pValue,
      significant: pValue < alpha,
    });
  }
  return rows.sort((left, right) => right.growth - left.growth || (left.key < right.key ? -1 : 1));
}

// A word missing from a period may have been folded into a phrase that covers nearly all its comments: the largest
// such phrase is a close lower bound of its count, which beats claiming the word was never mentioned.
function countWithinPhrases(key: string, themes: readonly Theme[]): number {
  if (key.includes(" ")) return 0;
  return themes.reduce(
    (most, theme) => (theme.key.split(" ").includes(key) ? Math.max(most, theme.count) : most),
    0,
  );
}

function share(count: number, total: number): number {
  return total === 0 ? 0 : count / total;
}

function twoProportionZ(x1: number, n1: number, x2: number, n2: number): number {
  if (n1 === 0 || n2 === 0) return 0;
  const pooled = (x1 + x2) / (n1 + n2);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return standardError === 0 ? 0 : (x2 / n2 - x1 / n1) / standardError;
}

function assertTotal(name: string, total: number, themes: readonly Theme[]): void {
  if (!Number.isInteger(total) || total < 0) {
    throw new DomainError("invalid_theme_growth", `${name} must be a non-negative integer`, {
      [name]: total,
    });
  }
  const largest = themes.reduce((most, theme) => Math.max(most, theme.count), 0);
  if (largest > total) {
    throw new DomainError("invalid_theme_growth", `a theme has more comments than ${name}`, {
      [name]: total,
      largest,
    });
  }
}
