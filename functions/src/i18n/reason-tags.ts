import type { Score } from "../domain/survey.js";

/** Reasons a requester may tick after a low score (1 to 3). */
export const LOW_SCORE_REASON_CODES = [
  "not-solved",
  "slow",
  "communication",
  "had-to-chase",
  "reopened",
] as const;

/** Reasons a requester may tick after a high score (4 or 5). */
export const HIGH_SCORE_REASON_CODES = [
  "fast",
  "solved-first-time",
  "friendly",
  "clear-explanation",
  "kept-informed",
] as const;

export type LowScoreReasonCode = (typeof LOW_SCORE_REASON_CODES)[number];
export type HighScoreReasonCode = (typeof HIGH_SCORE_REASON_CODES)[number];
export type ReasonCode = LowScoreReasonCode | HighScoreReasonCode;

/** Every reason code, stable across languages: what the edge accepts and what is stored. */
export const REASON_CODES: readonly ReasonCode[] = [...LOW_SCORE_REASON_CODES, ...HIGH_SCORE_REASON_CODES];

/** Tells whether a posted value is a known reason code. */
export function isReasonCode(value: string): value is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(value);
}

/** The reason codes that fit a score: the low-score list for 1 to 3, the high-score list for 4 and 5. */
export function reasonCodesForScore(score: Score): readonly ReasonCode[] {
  return score <= 3 ? LOW_SCORE_REASON_CODES : HIGH_SCORE_REASON_CODES;
}
