export {
  commentTerms,
  type ExtractThemesOptions,
  extractThemes,
  stemWord,
  type Theme,
  type ThemeComment,
  type ThemeTerm,
} from "./extract-themes.js";
export { detectLocale, LOCALES, type Locale } from "./locale.js";
export { normaliseText, tokenize, tokenizeClauses } from "./normalise.js";
export { stemEnglish } from "./stem-en.js";
export { foldPolishLetters, stemPolish } from "./stem-pl.js";
export {
  type ContentWord,
  contentWords,
  ENGLISH_STOP_WORDS,
  isStopWord,
  negationMarker,
  POLISH_STOP_WORDS,
} from "./stop-words.js";
export {
  type ThemeGrowth,
  type ThemeGrowthOptions,
  themeGrowth,
} from "./theme-growth.js";
