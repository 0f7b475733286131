import { createContext, useContext } from "hono/jsx/dom";
import { en, type MessageKey, pl } from "./messages.js";

export type Locale = "en" | "pl";
export const LOCALES: readonly Locale[] = ["en", "pl"];
const KEY = "pulse.locale";

/** What a component needs to speak the user's language. */
export interface I18n {
  locale: Locale;
  t: (key: MessageKey, values?: Record<string, string | number>) => string;
  percent: (value: number | null | undefined, digits?: number) => string;
  number: (value: number | null | undefined, digits?: number) => string;
  date: (isoDay: string, style?: "day" | "month" | "short") => string;
}

/** The saved choice, else the browser's preference, else English. */
export function initialLocale(): Locale {
  const saved = localStorage.getItem(KEY);
  if (saved === "en" || saved === "pl") return saved;
  return navigator.languages.some((language) => language.toLowerCase().startsWith("pl")) ? "pl" : "en";
}

/** Remembers the language chosen in the header. */
export function saveLocale(locale: Locale): void {
  localStorage.setItem(KEY, locale);
}

/** Builds the translation and formatting functions for one locale. */
export function makeI18n(locale: Locale): I18n {
  const messages = locale === "pl" ? pl : en;
  const tag = locale === "pl" ? "pl-PL" : "en-GB";
  return {
    locale,
    t: (key, values = {}) =>
      messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in values ? String(values[name]) : whole,
      ),
    percent: (value, digits = 1) =>
      value === null || value === undefined || Number.isNaN(value)
        ? "–"
        : new Intl.NumberFormat(tag, {
            style: "percent",
            maximumFractionDigits: digits,
            minimumFractionDigits: digits,
          }).format(value),
    number: (value, digits = 0) =>
      value === null || value === undefined || Number.isNaN(value)
        ? "–"
        : new Intl.NumberFormat(tag, { maximumFractionDigits: digits }).format(value),
    date: (isoDay, style = "day") => {
      const [y, m, d] = isoDay.slice(0, 10).split("-").map(Number);
      const when = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
      return new Intl.DateTimeFormat(tag, {
        timeZone: "UTC",
        ...(style === "month"
          ? { month: "short", year: "numeric" }
          : style === "short"
            ? { day: "numeric", month: "short" }
            : { day: "numeric", month: "short", year: "numeric" }),
      }).format(when);
    },
  };
}

export const I18nContext = createContext<I18n>(makeI18n("en"));

/** The current language's strings and formatters. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
