/** The languages Pulse reads feedback in. */
export type Locale = "pl" | "en";

export const LOCALES: readonly Locale[] = ["pl", "en"];

const POLISH_LETTERS = /[ąćęłńóśźż]/i;

// Words common in short feedback that the other language does not use; "i" and "a" are left out because both have them.
const POLISH_MARKERS = new Set([
  "nie",
  "jest",
  "się",
  "sie",
  "na",
  "w",
  "z",
  "do",
  "że",
  "ze",
  "bardzo",
  "było",
  "bylo",
  "już",
  "juz",
  "szybko",
  "dziękuję",
  "dziekuje",
  "dzięki",
  "dzieki",
  "problem",
  "ale",
  "tak",
  "mam",
  "pan",
  "pani",
  "działa",
  "dziala",
  "po",
  "od",
  "za",
]);

const ENGLISH_MARKERS = new Set([
  "the",
  "is",
  "and",
  "not",
  "it",
  "to",
  "was",
  "very",
  "thanks",
  "thank",
  "my",
  "of",
  "for",
  "with",
  "you",
  "quick",
  "fast",
  "working",
  "issue",
  "but",
  "this",
  "that",
  "have",
  "has",
  "no",
  "please",
  "great",
  "good",
]);

/**
 * Guesses whether a comment is Polish or English from its diacritics and common words, falling back to English when
 * nothing tells them apart.
 */
export function detectLocale(text: string): Locale {
  if (POLISH_LETTERS.test(text)) return "pl";
  let polish = 0;
  let english = 0;
  for (const word of text.toLowerCase().split(/[^\p{L}']+/u)) {
    if (POLISH_MARKERS.has(word)) polish += 1;
    if (ENGLISH_MARKERS.has(word)) english += 1;
  }
  return polish > english ? "pl" : "en";
}
