import { DomainError } from "../errors.js";
import { commentTerms } from "./extract-themes.js";
import { detectLocale, type Locale } from "./locale.js";

/** Comments per score 1 to 5 (index 0 holds the comments rated 1). */
export type ScoreCounts = [number, number, number, number, number];

/** A comment with the score its requester gave. */
export interface ScoredComment {
  text: string;
  score: number;
  locale?: Locale | undefined;
}

/** Every comment that mentions one theme term (a stem or two adjacent stems) in one period, by score. */
export interface TermCount {
  /** The stem or stem pair; an identifier for queries, never shown to people. */
  key: string;
  /** The most frequent surface form, as requesters wrote it. */
  label: string;
  /** How many times the label was written, which decides the label when periods are summed. */
  labelUses: number;
  scores: ScoreCounts;
}

/** A theme ready to show: its comments, how many of them carry a low score, and its rank. */
export interface RankedTheme {
  key: string;
  label: string;
  count: number;
  lowCount: number;
  /** lowCount / count. */
  lowShare: number;
  /** count + lowCount: a low-score mention counts twice, so unhappy themes rank above neutral ones of like size. */
  weight: number;
}

/** Total comments of a term's score counts. */
export function termTotal(scores: ScoreCounts): number {
  return scores[0] + scores[1] + scores[2] + scores[3] + scores[4];
}

/** Comments rated at or below `lowAtMost`. */
export function lowScoreCount(scores: ScoreCounts, lowAtMost: number): number {
  return scores.slice(0, Math.max(0, Math.min(5, lowAtMost))).reduce((sum, count) => sum + count, 0);
}

/**
 * Counts every theme term of a period (each stem and each pair of adjacent stems in a clause) by the scores of the
 * distinct comments that mention it, so that growth can be tested against the period's comments and nothing is cut.
 */
export function countThemeTerms(comments: readonly ScoredComment[]): TermCount[] {
  const counts = new Map<string, { scores: ScoreCounts; surfaces: Map<string, number> }>();
  const stems = new Map<string, string>();
  for (const comment of comments) {
    if (!Number.isInteger(comment.score) || comment.score < 1 || comment.score > 5) {
      throw new DomainError("invalid_theme_comment", "A score is an integer from 1 to 5", {
        score: comment.score,
      });
    }
    const locale = comment.locale ?? detectLocale(comment.text);
    const seen = new Set<string>();
    const mention = (key: string, surface: string) => {
      let entry = counts.get(key);
      if (entry === undefined) {
        entry = { scores: [0, 0, 0, 0, 0], surfaces: new Map() };
        counts.set(key, entry);
      }
      entry.surfaces.set(surface, (entry.surfaces.get(surface) ?? 0) + 1);
      if (seen.has(key)) return;
      seen.add(key);
      const index = comment.score - 1;
      entry.scores[index] = (entry.scores[index] as number) + 1;
    };
    for (const clause of commentTerms(comment.text, locale, stems)) {
      clause.forEach((term, index) => {
        mention(term.stem, term.surface);
        const next = clause[index + 1];
        if (next !== undefined && next.stem !== term.stem) {
          mention(`${term.stem} ${next.stem}`, `${term.surface} ${next.surface}`);
        }
      });
    }
  }
  return [...counts.entries()]
    .map(([key, { scores, surfaces }]) => {
      const [label, labelUses] = mostUsed(surfaces);
      return { key, label, labelUses, scores };
    })
    .sort((a, b) => termTotal(b.scores) - termTotal(a.scores) || compareText(a.key, b.key));
}

/** The theme terms (stems and adjacent stem pairs) that one comment mentions, as keys. */
export function themeKeysOf(text: string, locale?: Locale): Set<string> {
  const keys = new Set<string>();
  for (const clause of commentTerms(text, locale ?? detectLocale(text))) {
    clause.forEach((term, index) => {
      keys.add(term.stem);
      const next = clause[index + 1];
      if (next !== undefined && next.stem !== term.stem) keys.add(`${term.stem} ${next.stem}`);
    });
  }
  return keys;
}

/** Sums the term counts of several periods; each label is the surface form written most often in its period. */
export function sumTermCounts(periods: ReadonlyArray<readonly TermCount[]>): TermCount[] {
  const summed = new Map<string, TermCount>();
  for (const terms of periods) {
    for (const term of terms) {
      const entry = summed.get(term.key);
      if (entry === undefined) {
        summed.set(term.key, { ...term, scores: [...term.scores] });
        continue;
      }
      entry.scores = entry.scores.map((count, index) => count + (term.scores[index] ?? 0)) as ScoreCounts;
      if (
        term.labelUses > entry.labelUses ||
        (term.labelUses === entry.labelUses && term.label < entry.label)
      ) {
        entry.label = term.label;
        entry.labelUses = term.labelUses;
      }
    }
  }
  return [...summed.values()];
}

export interface RankThemesOptions {
  /** Scores at or below this are low; the follow-up threshold, 2 by default. */
  lowAtMost?: number;
  /** Fewest comments a theme needs; 2 by default (one comment is not a recurring theme). */
  minSupport?: number;
  /** A single word is left out when a phrase containing it covers this share of its comments; 0.8 by default. */
  coverage?: number;
}

/**
 * Ranks the recurring terms of a period as themes by their comments with each low-score comment counted twice, and
 * leaves out a single word that a phrase containing it nearly always accompanies.
 */
export function rankThemes(terms: readonly TermCount[], options: RankThemesOptions = {}): RankedTheme[] {
  const lowAtMost = options.lowAtMost ?? 2;
  const minSupport = options.minSupport ?? 2;
  const coverage = options.coverage ?? 0.8;
  const supported = terms.filter((term) => termTotal(term.scores) >= Math.max(1, minSupport));
  const phrases = supported.filter((term) => term.key.includes(" "));
  return supported
    .filter(
      (term) =>
        term.key.includes(" ") ||
        !phrases.some(
          (phrase) =>
            phrase.key.split(" ").includes(term.key) &&
            termTotal(phrase.scores) >= coverage * termTotal(term.scores),
        ),
    )
    .map((term) => {
      const count = termTotal(term.scores);
      const lowCount = lowScoreCount(term.scores, lowAtMost);
      return {
        key: term.key,
        label: term.label,
        count,
        lowCount,
        lowShare: count === 0 ? 0 : lowCount / count,
        weight: count + lowCount,
      };
    })
    .sort(
      (a, b) =>
        b.weight - a.weight ||
        b.count - a.count ||
        Number(b.key.includes(" ")) - Number(a.key.includes(" ")) ||
        compareText(a.key, b.key),
    );
}

function mostUsed(surfaces: ReadonlyMap<string, number>): [string, number] {
  let best = "";
  let uses = 0;
  for (const [surface, count] of surfaces) {
    if (count > uses || (count === uses && compareText(surface, best) < 0)) {
      best = surface;
      uses = count;
    }
  }
  return [best, uses];
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
