import { DomainError } from "../errors.js";
import { detectLocale, type Locale } from "./locale.js";
import { tokenizeClauses } from "./normalise.js";
import { stemEnglish } from "./stem-en.js";
import { foldPolishLetters, stemPolish } from "./stem-pl.js";
import { type ContentWord, contentWords, FILLER_WORDS } from "./stop-words.js";

/** One free-text comment a requester left with a rating. */
export interface ThemeComment {
  id: string;
  text: string;
  locale?: Locale;
  service?: string;
  /** ISO date (YYYY-MM-DD) of the response. */
  day?: string;
}

/** A recurring theme: a stem or a pair of adjacent stems, with the responses that mention it. */
export interface Theme {
  /** A stem ("drukark", "not_work") or two adjacent stems separated by a space ("drukark nie_dział"). */
  key: string;
  /** The most frequent surface form of the theme as requesters wrote it. */
  label: string;
  /** Distinct comments that mention the theme. */
  count: number;
  responseIds: string[];
  locales: Locale[];
  /** Up to `sampleSize` of those comments, verbatim, in input order. */
  sample: string[];
}

export interface ExtractThemesOptions {
  /** Fewest distinct comments a theme needs; 2 by default, and never under 2 for a phrase. */
  minSupport?: number;
  /** Most themes returned; 20 by default. */
  maxThemes?: number;
  /** Comments shown with each theme; 3 by default. */
  sampleSize?: number;
  /**
   * A unigram is dropped when a bigram containing it covers at least this share of its comments; 0.8 by default.
   */
  coverage?: number;
  /** Keep only comments of this service. */
  service?: string;
  /** Keep only comments on or after this ISO day. */
  from?: string;
  /** Keep only comments on or before this ISO day. */
  to?: string;
}

/** A stemmed content word of a comment with the words it was written as. */
export interface ThemeTerm {
  stem: string;
  surface: string;
}

interface Candidate {
  key: string;
  isPhrase: boolean;
  responseIds: string[];
  surfaces: Map<string, number>;
  locales: Set<Locale>;
}

// Phrases are more telling than single words, so at equal support a bigram ranks first; the boost is under one so
// that it never lifts a bigram above a theme with more comments.
const PHRASE_BOOST = 0.5;

/**
 * Finds the recurring themes in a set of comments: stemmed words and adjacent word pairs ranked by how many distinct
 * comments mention them, with near-duplicate single words folded into the phrases that cover them; a repeated id
 * counts once, with its first text.
 */
export function extractThemes(
  comments: readonly ThemeComment[],
  options: ExtractThemesOptions = {},
): Theme[] {
  const minSupport = options.minSupport ?? 2;
  const maxThemes = options.maxThemes ?? 20;
  const sampleSize = options.sampleSize ?? 3;
  const coverage = options.coverage ?? 0.8;
  assertOptions(minSupport, maxThemes, sampleSize, coverage);

  const texts = new Map<string, string>();
  const candidates = new Map<string, Candidate>();
  // Feedback repeats a small vocabulary, so each distinct word is stemmed once per call.
  const stems = new Map<string, string>();
  for (const comment of comments) {
    if (!isInScope(comment, options) || texts.has(comment.id)) continue;
    texts.set(comment.id, comment.text);
    const locale = comment.locale ?? detectLocale(comment.text);
    const seen = new Set<string>();
    for (const clause of commentTerms(comment.text, locale, stems)) {
      clause.forEach((term, index) => {
        record(candidates, seen, comment.id, locale, term.stem, term.surface, false);
        const next = clause[index + 1];
        if (next !== undefined && next.stem !== term.stem) {
          record(
            candidates,
            seen,
            comment.id,
            locale,
            `${term.stem} ${next.stem}`,
            `${term.surface} ${next.surface}`,
            true,
          );
        }
      });
    }
  }

  // A phrase met once is not recurring, so phrases need two comments even when single words may stand alone.
  const supported = [...candidates.values()].filter(
    (candidate) =>
      candidate.responseIds.length >= (candidate.isPhrase ? Math.max(2, minSupport) : minSupport),
  );
  const phrases = supported.filter((candidate) => candidate.isPhrase);
  const kept = supported.filter(
    (candidate) => candidate.isPhrase || !isCoveredByPhrase(candidate, phrases, coverage),
  );
  return kept
    .sort(byRank)
    .slice(0, maxThemes)
    .map((candidate) => toTheme(candidate, texts, sampleSize));
}

/** Reduces a comment to its clauses of stemmed content words without fillers, for theme extraction and its tests. */
export function commentTerms(
  text: string,
  locale: Locale,
  stems: Map<string, string> = new Map(),
): ThemeTerm[][] {
  const fillers = fillerStems(locale);
  return tokenizeClauses(text, locale)
    .map((words) =>
      contentWords(words, locale)
        .map((word) => ({ word, term: toTerm(word, locale, stems) }))
        .filter(({ word, term }) => !fillers.has(stems.get(`${locale}:${word.word}`) ?? term.stem))
        .map(({ term }) => term),
    )
    .filter((clause) => clause.length > 0);
}

const FILLER_STEMS = new Map<Locale, ReadonlySet<string>>();

/** The stems of the locale's filler words, so that every inflection of a filler is dropped. */
export function fillerStems(locale: Locale): ReadonlySet<string> {
  let stems = FILLER_STEMS.get(locale);
  if (stems === undefined) {
    stems = new Set(FILLER_WORDS[locale].map((word) => stemWord(word, locale)));
    FILLER_STEMS.set(locale, stems);
  }
  return stems;
}

/**
 * Stems one word with the stemmer of its locale; Polish stems are folded to plain letters because requesters often
 * type without diacritics.
 */
export function stemWord(word: string, locale: Locale): string {
  return locale === "pl" ? foldPolishLetters(stemPolish(word)) : stemEnglish(word);
}

function toTerm(word: ContentWord, locale: Locale, stems: Map<string, string>): ThemeTerm {
  const cacheKey = `${locale}:${word.word}`;
  let stem = stems.get(cacheKey);
  if (stem === undefined) {
    stem = stemWord(word.word, locale);
    stems.set(cacheKey, stem);
  }
  return { stem: word.negation === undefined ? stem : `${word.negation}_${stem}`, surface: word.surface };
}

function record(
  candidates: Map<string, Candidate>,
  seen: Set<string>,
  id: string,
  locale: Locale,
  key: string,
  surface: string,
  isPhrase: boolean,
): void {
  let candidate = candidates.get(key);
  if (candidate === undefined) {
    candidate = { key, isPhrase, responseIds: [], surfaces: new Map(), locales: new Set() };
    candidates.set(key, candidate);
  }
  candidate.surfaces.set(surface, (candidate.surfaces.get(surface) ?? 0) + 1);
  candidate.locales.add(locale);
  if (!seen.has(key)) {
    seen.add(key);
    candidate.responseIds.push(id);
  }
}

function isInScope(comment: ThemeComment, options: ExtractThemesOptions): boolean {
  if (options.service !== undefined && comment.service !== options.service) return false;
  if (options.from !== undefined && (comment.day === undefined || comment.day < options.from)) return false;
  if (options.to !== undefined && (comment.day === undefined || comment.day > options.to)) return false;
  return true;
}

function isCoveredByPhrase(word: Candidate, phrases: readonly Candidate[], coverage: number): boolean {
  return phrases.some(
    (phrase) =>
      phrase.key.split(" ").includes(word.key) &&
      phrase.responseIds.length >= coverage * word.responseIds.length,
  );
}

function rankScore(candidate: Candidate): number {
  return candidate.responseIds.length + (candidate.isPhrase ? PHRASE_BOOST : 0);
}

function byRank(left: Candidate, right: Candidate): number {
  return rankScore(right) - rankScore(left) || compareText(left.key, right.key);
}

function compareText(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function toTheme(candidate: Candidate, texts: ReadonlyMap<string, string>, sampleSize: number): Theme {
  return {
    key: candidate.key,
    label: mostFrequentSurface(candidate.surfaces),
    count: candidate.responseIds.length,
    responseIds: [...candidate.responseIds],
    locales: [...candidate.locales].sort(compareText),
    sample: candidate.responseIds.slice(0, sampleSize).map((id) => texts.get(id) ?? ""),
  };
}

function mostFrequentSurface(surfaces: ReadonlyMap<string, number>): string {
  let best = "";
  let bestCount = 0;
  for (const [surface, count] of surfaces) {
    if (count > bestCount || (count === bestCount && compareText(surface, best) < 0)) {
      best = surface;
      bestCount = count;
    }
  }
  return best;
}

function assertOptions(minSupport: number, maxThemes: number, sampleSize: number, coverage: number): void {
  if (!Number.isInteger(minSupport) || minSupport < 1) {
    throw new DomainError("invalid_theme_options", "minSupport must be a positive integer", { minSupport });
  }
  if (!Number.isInteger(maxThemes) || maxThemes < 0) {
    throw new DomainError("invalid_theme_options", "maxThemes must be a non-negative integer", { maxThemes });
  }
  if (!Number.isInteger(sampleSize) || sampleSize < 0) {
    throw new DomainError("invalid_theme_options", "sampleSize must be a non-negative integer", {
      sampleSize,
    });
  }
  if (!(coverage > 0 && coverage <= 1)) {
    throw new DomainError("invalid_theme_options", "coverage must lie in (0, 1]", { coverage });
  }
}
