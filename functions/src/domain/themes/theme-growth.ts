import { DomainError } from "../errors.js";
import { benjaminiHochberg } from "../statistics/benjamini-hochberg.js";
import { fisherGrowthPValue } from "../statistics/fisher-exact.js";

/** How many comments of a period mention a theme. */
export interface ThemeMentions {
  key: string;
  label: string;
  count: number;
}

/** How one theme's share of comments moved between two periods, and whether the rise is a discovery. */
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
  /** One-sided Fisher exact p-value of a rise in the share of comments. */
  pValue: number;
  /** Benjamini–Hochberg adjusted p-value over every theme tested in the same comparison. */
  adjustedPValue: number;
  /** adjustedPValue is at most the false-discovery rate. */
  significant: boolean;
}

export interface ThemeGrowthOptions {
  /** Comments in the previous period, with or without a theme. */
  previousTotal: number;
  /** Comments in the current period, with or without a theme. */
  currentTotal: number;
  /** Fewest mentions in both periods together for a theme to be tested; 5 by default. */
  minCount?: number;
  /** Benjamini–Hochberg false-discovery rate; 0.05 by default. */
  falseDiscoveryRate?: number;
}

/** The defaults, stated once so that the API and the digest can say which test they used. */
export const THEME_GROWTH_DEFAULTS = { minCount: 5, falseDiscoveryRate: 0.05 } as const;

/**
 * Tests every theme mentioned at least `minCount` times in the two periods for a rise in its share of comments (a
 * one-sided Fisher exact test, conditional on the theme's total, so small counts need no continuity correction) and
 * controls the false-discovery rate over all of them with Benjamini–Hochberg; most convincing rises first.
 */
export function themeGrowth(
  previous: readonly ThemeMentions[],
  current: readonly ThemeMentions[],
  options: ThemeGrowthOptions,
): ThemeGrowth[] {
  const { previousTotal, currentTotal } = options;
  const minCount = options.minCount ?? THEME_GROWTH_DEFAULTS.minCount;
  const rate = options.falseDiscoveryRate ?? THEME_GROWTH_DEFAULTS.falseDiscoveryRate;
  assertTotal("previousTotal", previousTotal, previous);
  assertTotal("currentTotal", currentTotal, current);
  if (!(rate > 0 && rate < 1)) {
    throw new DomainError("invalid_theme_growth", "falseDiscoveryRate must lie in (0, 1)", { rate });
  }
  if (!Number.isInteger(minCount) || minCount < 1) {
    throw new DomainError("invalid_theme_growth", "minCount must be a positive integer", { minCount });
  }

  const previousByKey = new Map(previous.map((theme) => [theme.key, theme]));
  const currentByKey = new Map(current.map((theme) => [theme.key, theme]));
  const tested: Array<Omit<ThemeGrowth, "adjustedPValue" | "significant">> = [];
  for (const key of new Set([...currentByKey.keys(), ...previousByKey.keys()])) {
    const before = previousByKey.get(key);
    const after = currentByKey.get(key);
    const previousCount = before?.count ?? 0;
    const currentCount = after?.count ?? 0;
    // Filtering on the total that the exact test conditions on leaves the p-values of the rest valid.
    if (previousCount + currentCount < minCount || previousTotal === 0 || currentTotal === 0) continue;
    const previousShare = previousCount / previousTotal;
    const currentShare = currentCount / currentTotal;
    tested.push({
      key,
      label: after?.label ?? before?.label ?? "",
      previousCount,
      currentCount,
      previousShare,
      currentShare,
      growth: currentShare - previousShare,
      pValue: fisherGrowthPValue({
        previous: { x: previousCount, n: previousTotal },
        current: { x: currentCount, n: currentTotal },
      }),
    });
  }
  const adjusted = benjaminiHochberg(tested.map((row) => row.pValue));
  return tested
    .map((row, index) => {
      const adjustedPValue = adjusted[index] ?? 1;
      return { ...row, adjustedPValue, significant: adjustedPValue <= rate };
    })
    .sort(
      (a, b) =>
        a.adjustedPValue - b.adjustedPValue ||
        a.pValue - b.pValue ||
        b.growth - a.growth ||
        (a.key < b.key ? -1 : 1),
    );
}

function assertTotal(name: string, total: number, themes: readonly ThemeMentions[]): void {
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
