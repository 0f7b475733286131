import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { DomainError } from "../domain/errors.js";

/** The header CloudFront adds to every request it forwards to the API, holding the origin secret. */
export const ORIGIN_VERIFY_HEADER = "x-pulse-origin-verify";

// Hashing both sides first gives equal lengths, so the comparison takes the same time whatever was sent.
const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/**
 * Refuses (403) any request that does not carry one of the accepted origin secrets, so that only CloudFront,
 * with its headers and any web ACL, reaches the API; two secrets are accepted while one is being rotated.
 */
export function originGuard(acceptedSecrets: readonly string[]): MiddlewareHandler {
  const accepted = acceptedSecrets.filter((secret) => secret !== "").map(digest);
  if (accepted.length === 0) throw new Error("originGuard needs at least one non-empty secret");
  return async (c, next) => {
    const given = digest(c.req.header(ORIGIN_VERIFY_HEADER) ?? "");
    // Every candidate is compared, so the time taken does not tell which one matched.
    let matched = false;
    for (const secret of accepted) matched = timingSafeEqual(given, secret) || matched;
    if (!matched) {
      throw new DomainError(
        "origin-not-verified",
        "Requests reach Pulse through its CloudFront distribution only; call the published URL.",
      );
    }
    await next();
  };
}
