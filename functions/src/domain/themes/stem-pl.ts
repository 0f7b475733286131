/*
 * A light Polish stemmer in the spirit of the rule-based light stemmers for Polish (Kubiński's pl_stemmer and its
 * Snowball descendant): one pass of inflectional suffix stripping, longest suffix first, guarded by a minimum stem
 * length, plus the few consonant alternations that break the commonest paradigms (drukarka -> drukarce, internet ->
 * internecie, komputer -> komputerze, usługa -> usłudze). It aims at grouping feedback words, not at linguistic stems:
 * a few unrelated words will share a stem and some rare forms (genitive plurals with a mobile e) stay apart.
 */

// Case endings of nouns and adjectives, and person/tense endings of verbs, with the "i" that softens a stem.
const SUFFIXES: readonly string[] = [
  // verbs in -ować / -uje
  "owaliśmy",
  "owałyśmy",
  "owaliście",
  "owałem",
  "owałam",
  "owałeś",
  "owałaś",
  "owała",
  "owało",
  "owali",
  "owały",
  "ował",
  "ować",
  "ujemy",
  "ujecie",
  "ujesz",
  "uje",
  "ują",
  "uję",
  // past tense and infinitives
  "aliśmy",
  "ałyśmy",
  "iliśmy",
  "iłyśmy",
  "yliśmy",
  "ałem",
  "ałam",
  "ałeś",
  "ałaś",
  "iłem",
  "iłam",
  "iłeś",
  "iłaś",
  "yłem",
  "yłam",
  "iałem",
  "iałam",
  "iała",
  "iało",
  "iały",
  "ieli",
  "iał",
  "ała",
  "ało",
  "ały",
  "ali",
  "iła",
  "iło",
  "iły",
  "ili",
  "yła",
  "yło",
  "yły",
  "yli",
  "ęła",
  "ęło",
  "ęły",
  "ęli",
  "ął",
  "ał",
  "ił",
  "ył",
  "ać",
  "eć",
  "ić",
  "yć",
  "ąć",
  // present tense
  "amy",
  "acie",
  "ają",
  "asz",
  "emy",
  "ecie",
  "esz",
  "imy",
  "icie",
  "isz",
  "ymy",
  "ysz",
  // adjectives (hard and soft declension)
  "iego",
  "iemu",
  "ego",
  "emu",
  "ych",
  "ich",
  "ymi",
  "imi",
  "iej",
  "ej",
  "ym",
  "im",
  // nouns
  "iami",
  "iach",
  "iowi",
  "owi",
  "ami",
  "ach",
  "iom",
  "iem",
  "iów",
  "ów",
  "om",
  "em",
  "am",
  "ia",
  "ie",
  "iu",
  "ią",
  "ię",
  "ii",
  "a",
  "e",
  "i",
  "o",
  "u",
  "y",
  "ą",
  "ę",
].toSorted((left, right) => right.length - left.length);

const SUFFIX_SET: ReadonlySet<string> = new Set(SUFFIXES);

// Stems whose own ending looks like an inflection (problem: -em, dział: -ał), mostly IT loanwords; any of their forms
// made of the stem and a known suffix keeps the whole stem, so "działa", "działało" and "działać" meet at "dział".
const PROTECTED_STEMS: readonly string[] = [
  "problem",
  "system",
  "program",
  "modem",
  "spam",
  "team",
  "item",
  "forum",
  "dział",
  "kanał",
  "materiał",
];

// Locative/dative forms whose stem consonant alternates: each ending is replaced by the hard consonant.
const ALTERNATIONS: ReadonlyArray<{ ending: string; replacement: string; minStem: number }> = [
  { ending: "ecie", replacement: "et", minStem: 3 }, // internet -> internecie, tablet -> tablecie
  { ending: "rze", replacement: "r", minStem: 3 }, // komputer -> komputerze, dobry -> dobrze
  { ending: "dze", replacement: "g", minStem: 3 }, // usługa -> usłudze
  { ending: "rce", replacement: "rk", minStem: 3 }, // drukarka -> drukarce
  { ending: "tce", replacement: "tk", minStem: 3 }, // kurtka -> kurtce
  { ending: "jce", replacement: "jk", minStem: 3 }, // kolejka -> kolejce
  { ending: "szce", replacement: "szk", minStem: 2 }, // myszka -> myszce
  { ending: "czce", replacement: "czk", minStem: 2 }, // apteczka -> apteczce
];

// A stem ending in a soft consonant is written with an acute at the end of a word and without it before a vowel.
const SOFT_FINALS: Readonly<Record<string, string>> = { ń: "n", ś: "s", ć: "c", ź: "z" };

const MIN_STEM = 3;
const MIN_STEM_SINGLE_LETTER = 2;

/** Reduces an inflected Polish word to a light stem so that its case, number and tense forms fall together. */
export function stemPolish(word: string): string {
  let stem = word.normalize("NFC").toLocaleLowerCase("pl-PL");
  if (stem.length <= 3) return finalise(stem);
  const protectedStem = PROTECTED_STEMS.find(
    (candidate) =>
      stem.startsWith(candidate) && (stem === candidate || SUFFIX_SET.has(stem.slice(candidate.length))),
  );
  if (protectedStem !== undefined) return protectedStem;
  if (stem.startsWith("naj") && stem.length > 7) stem = stem.slice(3);
  const alternated = applyAlternation(stem);
  if (alternated !== undefined) return finalise(alternated);
  for (const suffix of SUFFIXES) {
    if (!stem.endsWith(suffix)) continue;
    const remaining = stem.length - suffix.length;
    if (remaining >= (suffix.length === 1 ? MIN_STEM_SINGLE_LETTER : MIN_STEM)) {
      stem = stem.slice(0, remaining);
      break;
    }
  }
  return finalise(stem);
}

function applyAlternation(word: string): string | undefined {
  for (const { ending, replacement, minStem } of ALTERNATIONS) {
    if (word.endsWith(ending) && word.length - ending.length >= minStem) {
      return word.slice(0, word.length - ending.length) + replacement;
    }
  }
  return undefined;
}

// The ó/o alternation (zespół, zespołu; pomóc, pomoc) is levelled so both spellings meet.
function finalise(stem: string): string {
  const last = stem.at(-1);
  const softened = last !== undefined && last in SOFT_FINALS ? stem.slice(0, -1) + SOFT_FINALS[last] : stem;
  return softened.replaceAll("ó", "o");
}

const PLAIN_LETTERS: Readonly<Record<string, string>> = {
  ą: "a",
  ć: "c",
  ę: "e",
  ł: "l",
  ń: "n",
  ó: "o",
  ś: "s",
  ź: "z",
  ż: "z",
};

/**
 * Replaces Polish letters by their plain Latin base, so a stem typed without diacritics ("nie dziala") meets the
 * same stem typed with them ("nie działa").
 */
export function foldPolishLetters(stem: string): string {
  return stem.replace(/[ąćęłńóśźż]/g, (letter) => PLAIN_LETTERS[letter] ?? letter);
}
