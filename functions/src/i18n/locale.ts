/** The languages Pulse speaks to requesters in. */
export const LOCALES = ["pl", "en"] as const;

export type Locale = (typeof LOCALES)[number];

const FALLBACK_LOCALE: Locale = "en";

/** Tells whether a value is one of the supported locales, exactly. */
export function isLocale(value: unknown): value is Locale {
  return value === "pl" || value === "en";
}

/**
 * Picks the first supported locale from the candidates in order; each candidate may be a language tag
 * ("pl-PL", "en_GB") or a whole Accept-Language header, and English is the fallback.
 */
export function pickLocale(...candidates: Array<string | undefined | null>): Locale {
  for (const candidate of candidates) {
    if (!candidate) continue;
    for (const tag of rankLanguageTags(candidate)) {
      const primary = tag.split(/[-_]/)[0]?.toLowerCase();
      if (isLocale(primary)) return primary;
    }
  }
  return FALLBACK_LOCALE;
}

/** The locale a page's language switch leads to. */
export function otherLocale(locale: Locale): Locale {
  return locale === "pl" ? "en" : "pl";
}

/** The BCP 47 tag used to format dates and numbers for a locale. */
export function intlTagOf(locale: Locale): string {
  return locale === "pl" ? "pl-PL" : "en-GB";
}

/** The tags of a header like "pl-PL,pl;q=0.9,en;q=0.8", most preferred first, without those marked q=0. */
function rankLanguageTags(header: string): string[] {
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const qParam = params.map((p) => p.trim()).find((p) => p.toLowerCase().startsWith("q="));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((entry) => entry.tag !== "" && entry.tag !== "*" && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}
