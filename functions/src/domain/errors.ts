/**
 * An error the domain raises when a rule is broken. It knows nothing of HTTP: `code` names the
 * rule, and `http/errors.ts` decides what a client sees.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
