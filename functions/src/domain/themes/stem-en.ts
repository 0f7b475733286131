/*
 * The Porter2 (Snowball "english") stemmer, written out here to keep the Lambda free of a dependency, followed by one
 * Pulse-specific step: an agent or comparative "-er" on a stem of four letters or more is folded away, so that
 * "printer" meets "printing" and "slower" meets "slow", which Porter2 keeps apart when the "-er" lies outside R2.
 */

const EXCEPTIONS: Readonly<Record<string, string>> = {
  skis: "ski",
  skies: "sky",
  dying: "die",
  lying: "lie",
  tying: "tie",
  idly: "idl",
  gently: "gentl",
  ugly: "ugli",
  early: "earli",
  only: "onli",
  singly: "singl",
  sky: "sky",
  news: "news",
  howe: "howe",
  atlas: "atlas",
  cosmos: "cosmos",
  bias: "bias",
  andes: "andes",
};

const INVARIANT_AFTER_STEP_1A = new Set([
  "inning",
  "outing",
  "canning",
  "herring",
  "earring",
  "proceed",
  "exceed",
  "succeed",
]);

const DOUBLES = new Set(["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]);
const LI_ENDINGS = new Set("cdeghkmnrt");

const STEP_2: ReadonlyArray<readonly [string, string]> = [
  ["ization", "ize"],
  ["ational", "ate"],
  ["fulness", "ful"],
  ["ousness", "ous"],
  ["iveness", "ive"],
  ["tional", "tion"],
  ["biliti", "ble"],
  ["lessli", "less"],
  ["entli", "ent"],
  ["ation", "ate"],
  ["alism", "al"],
  ["aliti", "al"],
  ["ousli", "ous"],
  ["iviti", "ive"],
  ["fulli", "ful"],
  ["enci", "ence"],
  ["anci", "ance"],
  ["abli", "able"],
  ["izer", "ize"],
  ["ator", "ate"],
  ["alli", "al"],
  ["bli", "ble"],
  ["ogi", "og"],
  ["li", ""],
];

const STEP_3: ReadonlyArray<readonly [string, string]> = [
  ["ational", "ate"],
  ["tional", "tion"],
  ["alize", "al"],
  ["icate", "ic"],
  ["iciti", "ic"],
  ["ative", ""],
  ["ical", "ic"],
  ["ness", ""],
  ["ful", ""],
];

const STEP_4: readonly string[] = [
  "ement",
  "ance",
  "ence",
  "able",
  "ible",
  "ment",
  "ant",
  "ent",
  "ism",
  "ate",
  "iti",
  "ous",
  "ive",
  "ize",
  "ion",
  "al",
  "er",
  "ic",
];

const MIN_FOLDED_STEM = 4;

/** Reduces an English word to its Porter2 stem, with "-er" folded, so that plural, gerund and agent forms meet. */
export function stemEnglish(word: string): string {
  const lower = word.toLowerCase().replace(/^'+/, "").replaceAll("'", "");
  if (lower.length <= 2) return lower;
  const exception = EXCEPTIONS[lower];
  if (exception !== undefined) return exception;
  return foldAgentSuffix(porter2(lower));
}

function porter2(input: string): string {
  let w = markConsonantY(input);
  const { r1, r2 } = regions(w);
  w = step1a(w);
  if (INVARIANT_AFTER_STEP_1A.has(w)) return w;
  w = step1b(w, r1);
  w = step1c(w);
  w = step2(w, r1);
  w = step3(w, r1, r2);
  w = step4(w, r2);
  w = step5(w, r1, r2);
  return w.replaceAll("Y", "y");
}

function isVowel(w: string, index: number): boolean {
  const letter = w[index];
  return letter !== undefined && "aeiouy".includes(letter);
}

// An initial y, and a y after a vowel, act as consonants: they are written Y while stemming.
function markConsonantY(w: string): string {
  let marked = "";
  for (let index = 0; index < w.length; index += 1) {
    const letter = w[index] as string;
    marked += letter === "y" && (index === 0 || isVowel(w, index - 1)) ? "Y" : letter;
  }
  return marked;
}

function regionAfter(w: string, start: number): number {
  for (let index = start + 1; index < w.length; index += 1) {
    if (!isVowel(w, index) && isVowel(w, index - 1)) return index + 1;
  }
  return w.length;
}

function regions(w: string): { r1: number; r2: number } {
  const prefix = ["gener", "commun", "arsen"].find((candidate) => w.startsWith(candidate));
  const r1 = prefix !== undefined ? prefix.length : regionAfter(w, 0);
  return { r1, r2: regionAfter(w, r1) };
}

function endsWithShortSyllable(w: string): boolean {
  const n = w.length;
  if (n === 2) return isVowel(w, 0) && !isVowel(w, 1);
  if (n < 3) return false;
  const last = w[n - 1] as string;
  return !isVowel(w, n - 3) && isVowel(w, n - 2) && !isVowel(w, n - 1) && !"wxY".includes(last);
}

function isShort(w: string, r1: number): boolean {
  return r1 >= w.length && endsWithShortSyllable(w);
}

function containsVowel(w: string): boolean {
  for (let index = 0; index < w.length; index += 1) if (isVowel(w, index)) return true;
  return false;
}

function step1a(w: string): string {
  if (w.endsWith("sses")) return w.slice(0, -2);
  if (w.endsWith("ied") || w.endsWith("ies")) return w.length > 4 ? w.slice(0, -2) : w.slice(0, -1);
  if (w.endsWith("us") || w.endsWith("ss")) return w;
  if (w.endsWith("s") && containsVowel(w.slice(0, -2))) return w.slice(0, -1);
  return w;
}

function step1b(w: string, r1: number): string {
  if (w.endsWith("eedly")) return w.length - 5 >= r1 ? `${w.slice(0, -5)}ee` : w;
  if (w.endsWith("eed")) return w.length - 3 >= r1 ? w.slice(0, -1) : w;
  const suffix = ["ingly", "edly", "ing", "ed"].find((candidate) => w.endsWith(candidate));
  if (suffix === undefined) return w;
  const stem = w.slice(0, -suffix.length);
  if (!containsVowel(stem)) return w;
  if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) return `${stem}e`;
  if (DOUBLES.has(stem.slice(-2))) return stem.slice(0, -1);
  if (isShort(stem, r1)) return `${stem}e`;
  return stem;
}

function step1c(w: string): string {
  const last = w.at(-1);
  if ((last === "y" || last === "Y") && w.length > 2 && !isVowel(w, w.length - 2))
    return `${w.slice(0, -1)}i`;
  return w;
}

function step2(w: string, r1: number): string {
  const rule = STEP_2.find(([suffix]) => w.endsWith(suffix));
  if (rule === undefined) return w;
  const [suffix, replacement] = rule;
  const start = w.length - suffix.length;
  if (start < r1) return w;
  const before = w[start - 1] ?? "";
  if (suffix === "ogi" && before !== "l") return w;
  if (suffix === "li" && !LI_ENDINGS.has(before)) return w;
  return w.slice(0, start) + replacement;
}

function step3(w: string, r1: number, r2: number): string {
  const rule = STEP_3.find(([suffix]) => w.endsWith(suffix));
  if (rule === undefined) return w;
  const [suffix, replacement] = rule;
  const start = w.length - suffix.length;
  if (start < r1 || (suffix === "ative" && start < r2)) return w;
  return w.slice(0, start) + replacement;
}

function step4(w: string, r2: number): string {
  const suffix = STEP_4.find((candidate) => w.endsWith(candidate));
  if (suffix === undefined) return w;
  const start = w.length - suffix.length;
  if (start < r2) return w;
  if (suffix === "ion" && !"st".includes(w[start - 1] ?? "x")) return w;
  return w.slice(0, start);
}

function step5(w: string, r1: number, r2: number): string {
  const last = w.length - 1;
  if (w.endsWith("e")) {
    if (last >= r2 || (last >= r1 && !endsWithShortSyllable(w.slice(0, -1)))) return w.slice(0, -1);
    return w;
  }
  if (w.endsWith("l") && last >= r2 && w[last - 1] === "l") return w.slice(0, -1);
  return w;
}

function foldAgentSuffix(stem: string): string {
  if (!stem.endsWith("er") || stem.length - 2 < MIN_FOLDED_STEM || isVowel(stem, stem.length - 3))
    return stem;
  const folded = stem.slice(0, -2);
  return DOUBLES.has(folded.slice(-2)) ? folded.slice(0, -1) : folded;
}
