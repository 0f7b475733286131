import { DomainError } from "../domain/errors.js";

/**
 * How work that met contention or a passing fault is tried again. Two layers share these rules: the storage client
 * resends one call that failed in passing (throttling, a lock timeout, a dropped connection), and a use case decides
 * again from a fresh read when its conditional write lost a race. Both wait with exponential backoff and full jitter,
 * so writers racing for the same item spread out instead of colliding again in step.
 */
export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  /** The ceiling of the first wait; it doubles with every retry up to `capMs`. */
  baseMs: number;
  capMs: number;
  /** No retry starts once this much time has passed since the first try. */
  budgetMs: number;
}

/**
 * One storage call. Five tries with waits of up to 1 s cover DynamoDB's throttling and short outages; the budget
 * keeps a call inside the HTTP function's 15 s timeout (and API Gateway's 30 s) even when every try is slow.
 */
export const STORAGE_CALL_RETRIES: RetryPolicy = { attempts: 5, baseMs: 25, capMs: 1_000, budgetMs: 10_000 };

/**
 * A decision taken again from a fresh read after a conditional write lost a race (a rating against another rating
 * of the same survey, an intake against another intake sharing a day's aggregate).
 */
export const CONFLICT_RETRIES: RetryPolicy = { attempts: 20, baseMs: 10, capMs: 1_000, budgetMs: 20_000 };

/** A staff edit applied again to the latest version when someone else's edit landed between the read and the write. */
export const EDIT_RETRIES: RetryPolicy = { attempts: 5, baseMs: 10, capMs: 200, budgetMs: 5_000 };

/** Seconds a client is asked to wait before trying again when the retries ran out. */
export const RETRY_AFTER_SECONDS = 2;

/** The wait before retry number `retry` (1 for the first retry): a uniform draw below the capped exponential. */
export function retryDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/** Waits the jittered time before retry number `retry`, for loops that resend what a batch call left unprocessed. */
export async function waitBeforeRetry(retry: number, policy: RetryPolicy = CONFLICT_RETRIES): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, retryDelayMs(retry, policy)));
}

/** Whether another try may start: tries remain and the time budget, counting the wait, is not spent. */
export function mayRetry(
  triesSoFar: number,
  elapsedMs: number,
  waitMs: number,
  policy: RetryPolicy,
): boolean {
  return triesSoFar < policy.attempts && elapsedMs + waitMs < policy.budgetMs;
}

/** The error a client sees as 503 with Retry-After: the work did not happen, and trying again later is safe. */
export function serviceBusy(message: string, cause?: unknown): DomainError {
  return new DomainError("unavailable", message, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Returned by an attempt that lost a race and wants to decide again from a fresh read. */
export const TRY_AGAIN: unique symbol = Symbol("try again");

/**
 * Runs `attempt` until it settles, waiting between tries as the policy says; when tries or time run out it throws
 * what `exhausted` makes (by default a 503-mapped busy error), never a generic failure.
 */
export async function retryWhileContended<T>(
  attempt: (tryNumber: number) => Promise<T | typeof TRY_AGAIN>,
  options: {
    what: string;
    policy?: RetryPolicy;
    exhausted?: () => Error;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  },
): Promise<T> {
  const policy = options.policy ?? CONFLICT_RETRIES;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  for (let tryNumber = 1; ; tryNumber++) {
    const result = await attempt(tryNumber);
    if (result !== TRY_AGAIN) return result;
    const wait = retryDelayMs(tryNumber, policy);
    if (!mayRetry(tryNumber, now() - started, wait, policy)) break;
    await sleep(wait);
  }
  throw (
    options.exhausted?.() ??
    serviceBusy(`${options.what} met too many concurrent changes; nothing was stored, try again shortly.`)
  );
}
