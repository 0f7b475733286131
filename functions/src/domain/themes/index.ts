export {
  commentTerms,
  type ExtractThemesOptions,
  extractThemes,
  fillerStems,
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
  FILLER_WORDS,
  isStopWord,
  negationMarker,
  POLISH_STOP_WORDS,
} from "./stop-words.js";
export {
  THEME_GROWTH_DEFAULTS,
  type ThemeGrowth,
  type ThemeGrowthOptions,
  type ThemeMentions,
  themeGrowth,
} from "./theme-growth.js";
export {
  countThemeTerms,
  lowScoreCount,
  type RankedTheme,
  type RankThemesOptions,
  rankThemes,
  type ScoreCounts,
  type ScoredComment,
  sumTermCounts,
  type TermCount,
  termTotal,
  themeKeysOf,
} from "./theme-terms.js";
