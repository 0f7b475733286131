import { describe, expect, it } from "vitest";
import {
  isPassingFault,
  storageRetryStrategy,
} from "../../../functions/src/adapters/dynamo/retry-strategy.js";
import {
  CONFLICT_RETRIES,
  type RetryPolicy,
  retryDelayMs,
  retryWhileContended,
  TRY_AGAIN,
} from "../../../functions/src/app/retry-policy.js";
import { DomainError } from "../../../functions/src/domain/errors.js";

const noWait = { sleep: async () => {} };

describe("Retrying work that lost a race", () => {
  it("returns the first settled result, after as many tries as it took", async () => {
    let tries = 0;
    const result = await retryWhileContended(
      async () => {
        tries += 1;
        return tries < 3 ? TRY_AGAIN : "stored";
      },
      { what: "The rating", ...noWait },
    );
    expect(result).toBe("stored");
    expect(tries).toBe(3);
  });

  it("gives up with a busy error that asks the client to retry later, never a generic failure", async () => {
    const policy: RetryPolicy = { attempts: 4, baseMs: 1, capMs: 1, budgetMs: 60_000 };
    let tries = 0;
    const failure = await retryWhileContended(
      async () => {
        tries += 1;
        return TRY_AGAIN;
      },
      { what: "The rating", policy, ...noWait },
    ).catch((error: unknown) => error);
    expect(tries).toBe(4);
    expect(failure).toBeInstanceOf(DomainError);
    expect((failure as DomainError).code).toBe("unavailable");
    expect((failure as DomainError).details?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it("stops retrying once the time budget is spent, whatever tries remain", async () => {
    let clock = 0;
    let tries = 0;
    const policy: RetryPolicy = { attempts: 100, baseMs: 10, capMs: 10, budgetMs: 1_000 };
    await retryWhileContended(
      async () => {
        tries += 1;
        clock += 400;
        return TRY_AGAIN;
      },
      { what: "The intake", policy, now: () => clock, ...noWait },
    ).catch(() => undefined);
    expect(tries).toBe(3);
  });

  it("lets a domain error through at once instead of retrying it", async () => {
    let tries = 0;
    const failure = await retryWhileContended(
      async () => {
        tries += 1;
        throw new DomainError("version-conflict", "stale");
      },
      { what: "The edit", ...noWait },
    ).catch((error: unknown) => error);
    expect(tries).toBe(1);
    expect((failure as DomainError).code).toBe("version-conflict");
  });

  it("waits a jittered time below a ceiling that doubles per retry up to the cap", () => {
    const policy = CONFLICT_RETRIES;
    expect(retryDelayMs(1, policy, () => 0.999)).toBeLessThan(policy.baseMs);
    expect(retryDelayMs(3, policy, () => 0.999)).toBeLessThan(policy.baseMs * 4);
    expect(retryDelayMs(30, policy, () => 0.999)).toBeLessThan(policy.capMs);
    expect(retryDelayMs(5, policy, () => 0)).toBe(0);
  });
});

describe("DynamoDB faults in passing", () => {
  const fault = (name: string, status: number, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status }, ...extra });

  it("include DynamoDB Local's lock timeouts, throttling, conflicts with a transaction in flight and dropped connections", () => {
    expect(isPassingFault(fault("InternalServerError", 500))).toBe(true);
    expect(isPassingFault(fault("ProvisionedThroughputExceededException", 400))).toBe(true);
    expect(isPassingFault(fault("ThrottlingException", 400))).toBe(true);
    expect(isPassingFault(fault("TransactionConflictException", 400))).toBe(true);
    expect(isPassingFault(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isPassingFault(fault("TimeoutError", 0))).toBe(true);
  });

  it("exclude a failed condition and a cancelled transaction, which their callers decide on", () => {
    expect(isPassingFault(fault("ConditionalCheckFailedException", 400))).toBe(false);
    expect(isPassingFault(fault("TransactionCanceledException", 400))).toBe(false);
    expect(isPassingFault(fault("ValidationException", 400))).toBe(false);
  });

  it("are resent by the client's strategy until its tries run out, and client errors are not", async () => {
    const strategy = storageRetryStrategy({ attempts: 3, baseMs: 1, capMs: 1, budgetMs: 60_000 });
    const first = await strategy.acquireInitialRetryToken("");
    type ErrorInfo = Parameters<typeof strategy.refreshRetryTokenForRetry>[1];
    const clientError = (name: string) =>
      ({ errorType: "CLIENT_ERROR", error: fault(name, 400) }) as unknown as ErrorInfo;
    const conflict = clientError("TransactionConflictException");
    const second = await strategy.refreshRetryTokenForRetry(first, conflict);
    const third = await strategy.refreshRetryTokenForRetry(second, { errorType: "TRANSIENT" });
    await expect(strategy.refreshRetryTokenForRetry(third, { errorType: "TRANSIENT" })).rejects.toThrow();
    const validation = clientError("ValidationException");
    await expect(strategy.refreshRetryTokenForRetry(first, validation)).rejects.toThrow();
  });
});
