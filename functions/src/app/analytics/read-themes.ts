import { addDays } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import {
  lowScoreCount,
  rankThemes,
  type ScoreCounts,
  sumTermCounts,
  type TermCount,
  THEME_GROWTH_DEFAULTS,
  type ThemeGrowth,
  termTotal,
  themeGrowth,
} from "../../domain/themes/index.js";
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
/** Without a comparison range, growth is tested against the three whole months before the range. */
export const DEFAULT_BASELINE_MONTHS = 3;
const GROWING_SHOWN = 10;
// Scores at or below this are low when follow-ups are switched off (threshold 0).
const LOW_SCORE_FALLBACK = 2;

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

function firstMonthDay(month: string): string {
  return `${month}-01`;
}

/** The whole months before a range's first month that its growth is tested against by default. */
export function defaultBaseline(from: string): { from: string; to: string } {
  let month = from.slice(0, 7);
  for (let step = 0; step < DEFAULT_BASELINE_MONTHS; step += 1)
    month = addDays(firstMonthDay(month), -1).slice(0, 7);
  return { from: firstMonthDay(month), to: addDays(firstMonthDay(from.slice(0, 7)), -1) };
}

function sumScores(rows: ReadonlyArray<{ scores: ScoreCounts }>): ScoreCounts {
  return rows.reduce<ScoreCounts>(
    (sum, row) => sum.map((count, index) => count + (row.scores[index] ?? 0)) as ScoreCounts,
    [0, 0, 0, 0, 0],
  );
}

// A growing single word whose rise a growing phrase containing it already shows is left out of the list.
function withoutCoveredWords(rows: readonly ThemeGrowth[]): ThemeGrowth[] {
  return rows.filter(
    (row) =>
      row.key.includes(" ") ||
      !rows.some(
        (phrase) =>
          phrase.key.includes(" ") &&
          phrase.key.split(" ").includes(row.key) &&
          phrase.currentCount >= 0.8 * row.currentCount,
      ),
  );
}

/**
 * The themes of a service's (or everyone's) comments over the months a range touches, ranked so that unhappy themes
 * come first, with their share of low scores, the requesters' reason tags, and every theme's growth against a
 * comparison range tested with false-discovery-rate control; reads the items of one snapshot per month and service.
 */
export function makeReadThemes(deps: {
  monthlyThemes: MonthlyThemes;
  /** The follow-up threshold in force: scores at or below it count as low. */
  lowScoreThreshold: () => Promise<number>;
}) {
  async function over(from: string, to: string, service: string, fields: string[]) {
    const months = monthsBetween(from, to);
    if (months.length > MAX_MONTHS) {
      throw new DomainError("validation", `Themes cover at most ${MAX_MONTHS} months at once`, { fields });
    }
    const snapshots = await Promise.all(months.map((month) => deps.monthlyThemes(month, service)));
    return {
      months,
      snapshots,
      ...mergeSnapshots(snapshots),
      responses: snapshots.reduce((sum, snapshot) => sum + snapshot.responses, 0),
      terms: sumTermCounts(snapshots.map((snapshot) => snapshot.terms)),
    };
  }

  return async function readThemes(query: ThemesQuery) {
    assertRange(query.from, query.to);
    const service = query.service ?? ALL_SERVICES;
    const limit = query.limit ?? 20;
    if ((query.compareFrom === undefined) !== (query.compareTo === undefined)) {
      throw new DomainError("validation", "Give both compareFrom and compareTo, or neither", {
        fields: ["compareFrom", "compareTo"],
      });
    }
    const baseline =
      query.compareFrom !== undefined && query.compareTo !== undefined
        ? { from: query.compareFrom, to: query.compareTo }
        : defaultBaseline(query.from);
    assertRange(baseline.from, baseline.to, ["compareFrom", "compareTo"]);
    const threshold = await deps.lowScoreThreshold();
    const lowAtMost = threshold >= 1 ? threshold : LOW_SCORE_FALLBACK;
    const [current, previous] = await Promise.all([
      over(query.from, query.to, service, ["from", "to"]),
      over(baseline.from, baseline.to, service, ["compareFrom", "compareTo"]),
    ]);

    const stored = new Map(current.themes.map((theme) => [theme.key, theme]));
    const monthly = new Map<string, Array<{ month: string; count: number }>>();
    current.snapshots.forEach((snapshot) => {
      for (const term of snapshot.terms) {
        const months = monthly.get(term.key) ?? [];
        months.push({ month: snapshot.month, count: termTotal(term.scores) });
        monthly.set(term.key, months);
      }
    });
    const themes = rankThemes(current.terms, { lowAtMost })
      .slice(0, limit)
      .map((theme) => {
        const behind = stored.get(theme.key);
        return {
          ...theme,
          responseIds: behind?.responseIds ?? [],
          locales: behind?.locales ?? [],
          sample: behind?.sample ?? [],
          months: (monthly.get(theme.key) ?? []).sort((a, b) => a.month.localeCompare(b.month)),
        };
      });

    const mentions = (terms: readonly TermCount[]) =>
      terms.map((term) => ({ key: term.key, label: term.label, count: termTotal(term.scores) }));
    const tested = themeGrowth(mentions(previous.terms), mentions(current.terms), {
      previousTotal: previous.comments,
      currentTotal: current.comments,
    });
    const growing = withoutCoveredWords(tested.filter((row) => row.growth > 0)).slice(0, GROWING_SHOWN);

    const reasons = [...new Set(current.snapshots.flatMap((s) => s.reasons.map((r) => r.reason)))]
      .map((reason) => {
        const scores = sumScores(
          current.snapshots.flatMap((snapshot) => snapshot.reasons.filter((row) => row.reason === reason)),
        );
        const count = termTotal(scores);
        const lowCount = lowScoreCount(scores, lowAtMost);
        return { reason, count, lowCount, lowShare: count === 0 ? 0 : lowCount / count };
      })
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));

    return {
      from: query.from,
      to: query.to,
      service: query.service ?? null,
      /** Themes are kept per calendar month, so a range counts the whole months it touches. */
      months: current.months,
      comments: current.comments,
      responses: current.responses,
      lowScoreAtMost: lowAtMost,
      themes,
      reasons,
      comparison: {
        from: baseline.from,
        to: baseline.to,
        months: previous.months,
        comments: previous.comments,
      },
      growthTest: {
        method:
          "one-sided Fisher exact test of each theme's share of comments, Benjamini–Hochberg over every theme tested",
        minCount: THEME_GROWTH_DEFAULTS.minCount,
        falseDiscoveryRate: THEME_GROWTH_DEFAULTS.falseDiscoveryRate,
        tested: tested.length,
        significant: tested.filter((row) => row.significant && row.growth > 0).length,
      },
      growing,
    };
  };
}

export type ReadThemes = ReturnType<typeof makeReadThemes>;
