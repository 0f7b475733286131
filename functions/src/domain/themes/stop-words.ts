import type { Locale } from "./locale.js";

/**
 * Polish function words and the fillers of short service-desk feedback (politeness, intensifiers, auxiliaries).
 * Negations are deliberately absent: they are joined to the word they negate instead.
 */
export const POLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a aby ach albo ale ależ ani aż bardzo bardziej bo bowiem by był była było były będzie będą być cała cały całe co coś
  czy czyli dla do dość dosyć dzięki dzieki dziękuję dziekuje dziękujemy go gdy gdyż gdzie i ich ile im inne
  iż ja jak jaki jaka jakie jakiś jako je jeden jedna jedno jego jej jemu jest jestem jesteśmy jeszcze jeśli jesli już juz
  każdy kiedy kto która które który którzy których którym lub ma mają mam mamy mi miał miała miało miałem miałam mnie mną
  moja moje moim mojej mojego mój mu musiał musiała musiałem musiałam my na nad nam nami nas nasz nasza nasze naszej
  nawet nic nich niej nim niż no o od ok okej oraz po pod pan pana panu panią pani państwo ponieważ pozdrawiam pozdr
  proszę prosze przed przez przy raz razy sam sama się sie są ta tak także tam te tego tej temu ten też tez to tobą tu
  tutaj ty tylko tym tę tą u w we wiec więc wszystko wszystkie wszystkich właśnie wy z za ze że żeby zostać został
  została zostało zostały mogę mogłem mogłam może można mógł chciałem chciałam chciałbym chciałabym trochę troche itp
  itd np ode trzeba dało da dwa dwie dwóch trzy trzech ogóle ogole wszyscy końcu koncu`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/** English function words and the fillers of short service-desk feedback; "not", "no" and "never" are kept apart. */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after all also am an and any are as at be been before being below between both but by can could did
  do does doing done during each few for from further get gets getting got had has have having he her here hers
  him his how i if in into is it its itself just me more most much my myself of off on once only or other our ours out
  over own please pls really same she should so some such than thank thanks thx that the their theirs them then there
  these they this those through to too under until up us very was we were what when where which while who whom why
  will would you your yours yourself ok okay hi hello regards cheers dear lot lots quite bit also able etc via s t ll
  ve re d m shall may might must let lets one two three every everything everyone anything something
  nothing anyone someone`
    .split(/\s+/)
    .filter((word) => word.length > 0),
);

/**
 * Words that carry no theme in any of their inflections ("kilka", "sprawa", "thing"): unlike stop words they are
 * matched by stem, so "sprawy", "sprawę" and "sprawie" go with "sprawa", and they never make a theme or half a phrase.
 */
export const FILLER_WORDS: Record<Locale, readonly string[]> = {
  pl: `kilka kilkoma sprawa rzecz coś cokolwiek kwestia sposób chwila razem naprawdę oczywiście raczej ogólnie
  generalnie teraz nadal wciąż ponownie znowu znów dziś dzisiaj wczoraj jutro temat pozdrawiam dziękuję dzięki proszę
  witam panie pani ok okej jakoś trochę zawsze tam tutaj`
    .split(/\s+/)
    .filter((word) => word.length > 0),
  en: `thing stuff please really actually again still yes sure well now even guy way basically anyway
  lot thanks thank hello hi regards cheers today yesterday tomorrow always sometimes ok okay just overall`
    .split(/\s+/)
    .filter((word) => word.length > 0),
};

const STOP_WORDS: Record<Locale, ReadonlySet<string>> = { pl: POLISH_STOP_WORDS, en: ENGLISH_STOP_WORDS };

// Each negator maps to the marker that prefixes the word it negates, so "not", "no" and "never" fall together.
const NEGATORS: Record<Locale, ReadonlyMap<string, string>> = {
  pl: new Map([
    ["nie", "nie"],
    ["bez", "bez"],
  ]),
  en: new Map([
    ["not", "not"],
    ["no", "not"],
    ["never", "not"],
    ["without", "without"],
  ]),
};

// A negator reaches over this many stop words ("nie było problemu", "not very helpful") to the word it negates.
const NEGATION_REACH = 2;

/** A word that carries meaning, possibly negated: "nie działa" is `{ word: "działa", negation: "nie" }`. */
export interface ContentWord {
  /** The joined token, `nie_działa` for a negated word, the word itself otherwise. */
  text: string;
  word: string;
  negation?: string;
  /** The words as the requester wrote them, including stop words a negation reached over. */
  surface: string;
}

/** Tells whether a word is a stop word of the locale; negators are not stop words. */
export function isStopWord(word: string, locale: Locale): boolean {
  return STOP_WORDS[locale].has(word) && !NEGATORS[locale].has(word);
}

/** Returns the negation marker a word stands for in the locale ("nie", "not", "bez", "without"), if any. */
export function negationMarker(word: string, locale: Locale): string | undefined {
  return NEGATORS[locale].get(word);
}

/**
 * Drops stop words from a clause and joins each negator to the content word it negates ("nie działa" ->
 * "nie_działa"); a negator with nothing to negate within reach is dropped rather than left to flip a later word.
 */
export function contentWords(words: readonly string[], locale: Locale): ContentWord[] {
  const result: ContentWord[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] as string;
    const negation = negationMarker(word, locale);
    if (negation !== undefined) {
      const target = negatedWordIndex(words, index, locale);
      if (target === undefined) continue;
      const negated = words[target] as string;
      result.push({
        text: `${negation}_${negated}`,
        word: negated,
        negation,
        surface: words.slice(index, target + 1).join(" "),
      });
      index = target;
      continue;
    }
    if (isStopWord(word, locale) || word.length < 2) continue;
    result.push({ text: word, word, surface: word });
  }
  return result;
}

function negatedWordIndex(
  words: readonly string[],
  negatorIndex: number,
  locale: Locale,
): number | undefined {
  const last = Math.min(words.length - 1, negatorIndex + NEGATION_REACH + 1);
  for (let index = negatorIndex + 1; index <= last; index += 1) {
    const word = words[index] as string;
    if (negationMarker(word, locale) !== undefined) return undefined;
    if (!isStopWord(word, locale) && word.length >= 2) return index;
  }
  return undefined;
}
