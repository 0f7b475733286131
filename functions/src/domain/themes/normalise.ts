import type { Locale } from "./locale.js";

const LOCALE_TAGS: Record<Locale, string> = { pl: "pl-PL", en: "en-GB" };

const URL = /\b(?:https?:\/\/|www\.)\S+/giu;
// The lookbehinds anchor matches at word starts, which keeps these scans linear on long comments.
const EMAIL = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
// ServiceNow-style references (INC0012345, RITM0001234, CHG-123) and anything else that carries a digit.
const TICKET = /\b(?:inc|req|ritm|chg|prb|task|sctask|sr|wo)[-_]?\d+\b/giu;
const WITH_DIGIT = /(?<![\p{L}\p{N}_])[\p{L}\p{N}_]*\p{N}[\p{L}\p{N}_]*/gu;
// Word-internal hyphens glue loanwords and inflections ("wi-fi", "VPN-a", "e-mail") into one word.
const INNER_HYPHEN = /(?<=\p{L})[-‐‑](?=\p{L})/gu;
const CLAUSE_BREAK = /[.!?;:,()[\]{}"“”„«»…\n\r\t/\\|–—]+|\s-+\s/u;
const WORD = /\p{L}+/gu;

const ENGLISH_CONTRACTIONS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcan'?t\b/g, "can not"],
  [/\bcannot\b/g, "can not"],
  [/\bwon'?t\b/g, "will not"],
  [/\bshan'?t\b/g, "shall not"],
  [/\b(\p{L}+)n't\b/gu, "$1 not"],
  [/'(?:s|re|ve|ll|d|m)\b/g, ""],
];

/**
 * Lower-cases a comment for its locale in Unicode NFC and removes what is never a theme: links, e-mail addresses,
 * ticket references and numbers; English contractions are spelt out so that "doesn't" keeps its "not".
 */
export function normaliseText(text: string, locale: Locale): string {
  let normalised = text
    .normalize("NFC")
    .toLocaleLowerCase(LOCALE_TAGS[locale])
    .replace(/[’‘`´]/g, "'")
    .replace(URL, " ")
    .replace(EMAIL, " ")
    .replace(TICKET, " ")
    .replace(WITH_DIGIT, " ")
    .replace(INNER_HYPHEN, "");
  if (locale === "en") {
    for (const [pattern, replacement] of ENGLISH_CONTRACTIONS)
      normalised = normalised.replace(pattern, replacement);
  }
  return normalised;
}

/**
 * Splits a comment into clauses (at punctuation) of word tokens, so that phrases are never formed across a comma or a
 * full stop.
 */
export function tokenizeClauses(text: string, locale: Locale): string[][] {
  const clauses: string[][] = [];
  for (const clause of normaliseText(text, locale).split(CLAUSE_BREAK)) {
    const words = clause.match(WORD);
    if (words && words.length > 0) clauses.push(words);
  }
  return clauses;
}

/** Splits a comment into its word tokens, in order, keeping Polish letters. */
export function tokenize(text: string, locale: Locale): string[] {
  return tokenizeClauses(text, locale).flat();
}
