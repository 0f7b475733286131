import { describe, expect, it } from "vitest";
import { makeLocalMailQueue } from "../../../functions/src/adapters/queue/local-mail-queue.js";
import type { MailRecord } from "../../../functions/src/app/mail/mail-consumer.js";

describe("The local mail queue", () => {
  it("retries only the failed messages of a batch, with a growing wait, and dead-letters one after its fifth receive", async () => {
    const receives = new Map<string, number[]>();
    const started = Date.now();
    const queue = makeLocalMailQueue({
      retryDelayMs: 10,
      log: () => {},
      consume: async (records: readonly MailRecord[]) => {
        const failures: Array<{ itemIdentifier: string }> = [];
        for (const record of records) {
          const { surveyId } = JSON.parse(record.body) as { surveyId: string };
          const seen = receives.get(surveyId) ?? [];
          seen.push(Date.now() - started);
          receives.set(surveyId, seen);
          // "flaky" succeeds on its third receive; "broken" never does.
          if (surveyId === "broken" || (surveyId === "flaky" && seen.length < 3))
            failures.push({ itemIdentifier: record.messageId });
        }
        return { batchItemFailures: failures };
      },
    });

    await queue.enqueue([
      { kind: "invitation", surveyId: "fine" },
      { kind: "invitation", surveyId: "flaky" },
      { kind: "invitation", surveyId: "broken" },
    ]);
    await queue.drain();

    expect(receives.get("fine")).toHaveLength(1);
    expect(receives.get("flaky")).toHaveLength(3);
    const broken = receives.get("broken") ?? [];
    expect(broken).toHaveLength(5);
    // Waits of 10, 20, 40 and 80 ms between the five receives: each at least the one before.
    const waits = broken.slice(1).map((at, index) => at - (broken[index] ?? 0));
    for (const [index, wait] of waits.entries()) expect(wait).toBeGreaterThanOrEqual(10 * 2 ** index - 2);
    expect(
      queue.deadLetters().map((letter) => [JSON.parse(letter.body).surveyId, letter.receiveCount]),
    ).toEqual([["broken", 5]]);
  });

  it("treats a consumer that throws as a failure of its whole batch", async () => {
    let calls = 0;
    const queue = makeLocalMailQueue({
      retryDelayMs: 1,
      log: () => {},
      consume: async () => {
        calls += 1;
        if (calls === 1) throw new Error("consumer crashed");
        return { batchItemFailures: [] };
      },
    });
    await queue.enqueue([{ kind: "reminder", surveyId: "a" }]);
    await queue.drain();
    expect(calls).toBe(2);
    expect(queue.deadLetters()).toEqual([]);
  });
});
