/**
 * Every code the code base throws a DomainError with: a union, so that the one mapping to HTTP (`http/errors.ts`)
 * must give each a status, and a new code without one fails to compile.
 */
export type ErrorCode =
  | "already-exists"
  | "approval-required"
  | "delivery-erased"
  | "impact-unavailable"
  | "import-rejected"
  | "import-too-large"
  | "invalid-baseline"
  | "invalid-confidence"
  | "invalid-counts"
  | "invalid-date"
  | "invalid-impact-parameters"
  | "invalid-nonce"
  | "invalid-probability"
  | "invalid-sender-address"
  | "invalid-target"
  | "invalid-transition"
  | "invalid-window"
  | "invalid_counts"
  | "invalid_theme_comment"
  | "invalid_theme_growth"
  | "invalid_theme_options"
  | "not-found"
  | "origin-not-verified"
  | "survey-expired"
  | "survey-not-found"
  | "survey-not-open"
  | "unavailable"
  | "unordered-points"
  | "validation"
  | "version-conflict";

/**
 * An error the domain raises when a rule is broken. It knows nothing of HTTP: `code` names the
 * rule, and `http/errors.ts` decides what a client sees.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
