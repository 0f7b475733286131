import { DomainError } from "../../domain/errors.js";
import { type Theme, type ThemeGrowth, themeGrowth } from "../../domain/themes/index.js";
import type { StoredTheme, ThemeSnapshot } from "../ports.js";
import { assertRange } from "./date-range.js";
import { ALL_SERVICES, type MonthlyThemes, monthsBetween } from "./monthly-themes.js";

export interface ThemesQuery {
  from: string;
  to: string;
  service?: string | undefined;
  compareFrom?: string | undefined;
  compareTo?: string | undefined;
  /** Most themes returned; 20 by default. */
  limit?: number | undefined;
}

/** A theme over whole months: counts summed over the months' snapshots. */
export interface MergedTheme extends StoredTheme {
  /** Comments of the range per month that mention it. */
  months: Array<{ month: string; count: number }>;
}

const MAX_MONTHS = 24;

/** Sums the monthly snapshots' themes by key; samples and ids come newest month first. */
export function mergeSnapshots(snapshots: readonly ThemeSnapshot[]): {
  comments: number;
  themes: MergedTheme[];
} {
  const merged = new Map<string, MergedTheme & { best: number }>();
  const newestFirst = [...snapshots].sort((a, b) => b.month.localeCompare(a.month));
  for (const snapshot of newestFirst) {
    for (const theme of snapshot.themes) {
      const entry = merged.get(theme.key);
      if (!entry) {
        merged.set(theme.key, {
          ...theme,
          responseIds: [...theme.responseIds],
          locales: [...theme.locales],
          sample: [...theme.sample],
          months: [{ month: snapshot.month, count: theme.count }],
          best: theme.count,
        });
        continue;
      }
      entry.count += theme.count;
      entry.responseIds.push(...theme.responseIds);
      entry.locales = [...new Set([...entry.locales, ...theme.locales])].sort();
      entry.sample = [...entry.sample, ...theme.sample].slice(0, 3);
      entry.months.push({ month: snapshot.month, count: theme.count });
      // The label follows the month where the theme was strongest.
      if (theme.count > entry.best) {
        entry.best = theme.count;
        entry.label = theme.label;
      }
    }
  }
  const themes = [...merged.values()]
    .map(({ best: _best, ...theme }) => ({ ...theme, months: theme.months.reverse() }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  return { comments: snapshots.reduce((sum, snapshot) => sum + snapshot.comments, 0), themes };
}

function asThemes(themes: readonly MergedTheme[]): Theme[] {
  return themes.map((theme) => ({
    key: theme.key,
    label: theme.label,
    count: theme.count,
    responseIds: theme.responseIds,
    locales: theme.locales as Theme["locales"],
    sample: theme.sample,
  }));
}

/**
 * The recurring themes of a service's (or everyone's) comments over the months a range touches, and the themes whose
 * share of comments grew most against a comparison range; reads one stored item per month and service.
 */
export function makeReadThemes(deps: { monthlyThemes: MonthlyThemes }) {
  async function over(from: string, to: string, service: string) {
    const months = monthsBetween(from, to);
    if (months.length > MAX_MONTHS) {
      throw new DomainError("validation", `Themes cover at most ${MAX_MONTHS} months at once`, {
        fields: ["from", "to"],
      });
    }
    const snapshots = await Promise.all(months.map((month) => deps.monthlyThemes(month, service)));
    return { months, ...mergeSnapshots(snapshots) };
  }

  return async function readThemes(query: ThemesQuery) {
    assertRange(query.from, query.to);
    const service = query.service ?? ALL_SERVICES;
    const limit = query.limit ?? 20;
    const current = await over(query.from, query.to, service);
    let growing: ThemeGrowth[] | null = null;
    let comparison: { months: string[]; comments: number } | null = null;
    if (query.compareFrom !== undefined || query.compareTo !== undefined) {
      if (query.compareFrom === undefined || query.compareTo === undefined) {
        throw new DomainError("validation", "Give both compareFrom and compareTo", {
          fields: ["compareFrom", "compareTo"],
        });
      }
      assertRange(query.compareFrom, query.compareTo, ["compareFrom", "compareTo"]);
      const previous = await over(query.compareFrom, query.compareTo, service);
      comparison = { months: previous.months, comments: previous.comments };
      growing = themeGrowth(asThemes(previous.themes), asThemes(current.themes), {
        previousTotal: previous.comments,
        currentTotal: current.comments,
      })
        .filter((row) => row.growth > 0)
        .slice(0, 10);
    }
    return {
      from: query.from,
      to: query.to,
      service: query.service ?? null,
      /** Themes are kept per calendar month, so a range counts the whole months it touches. */
      months: current.months,
      comments: current.comments,
      themes: current.themes.slice(0, limit),
      comparison,
      growing,
    };
  };
}

export type ReadThemes = ReturnType<typeof makeReadThemes>;
