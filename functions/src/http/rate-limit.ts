import type { MiddlewareHandler } from "hono";
import { problem } from "./errors.js";

/** How many requests a client may burst, and how many per second it regains. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

// Forgetting idle clients keeps memory bounded under a flood of spoofed or rotating addresses.
const MAX_CLIENTS = 10_000;

/**
 * A token bucket per client address for one process: the answer says whether this request may pass, or how many
 * whole seconds until it would.
 */
export function makeRateLimiter(limit: RateLimit, now: () => number = Date.now) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return (client: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } => {
    const t = now();
    const bucket = buckets.get(client) ?? { tokens: limit.burst, at: t };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((t - bucket.at) / 1000) * limit.perSecond);
    bucket.at = t;
    buckets.delete(client);
    if (buckets.size >= MAX_CLIENTS) {
      const oldest = buckets.keys().next().value;
      if (oldest !== undefined) buckets.delete(oldest);
    }
    buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond)),
    };
  };
}

/** Answers 429 with Retry-After as problem+json once a client has used up its bucket. */
export function rateLimited(
  limiter: ReturnType<typeof makeRateLimiter>,
  clientOf: (c: Parameters<MiddlewareHandler>[0]) => string,
): MiddlewareHandler {
  return async (c, next) => {
    const verdict = limiter(clientOf(c));
    if (verdict.allowed) return next();
    c.header("Retry-After", String(verdict.retryAfterSeconds));
    return problem(
      c,
      429,
      `Too many requests from this address; try again in ${verdict.retryAfterSeconds} s`,
    );
  };
}
