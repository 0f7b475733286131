import { randomUUID } from "node:crypto";
import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { MailBatchResult, MailRecord } from "../../app/mail/mail-consumer.js";
import { MAIL_MAX_RECEIVE_COUNT, MAIL_VISIBILITY_SECONDS } from "../../app/mail/mail-timing.js";
import type { MailMessage, MailQueue } from "../../app/ports.js";

/** A message that failed on every receive, kept as SQS keeps one in its dead-letter queue. */
export interface DeadLetter {
  messageId: string;
  body: string;
  receiveCount: number;
  deadAt: string;
}

interface Waiting {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

// The mailer Lambda receives at most ten messages a batch; the local consumer gets the same.
const BATCH_SIZE = 10;

/**
 * The mail queue of the local runtime: in process, feeding the same consumer as the mailer function, with the rules
 * of SQS: a failed message is hidden for a while (doubling from `retryDelayMs`, capped at the visibility timeout),
 * received at most `maxReceiveCount` times, then dead-lettered: logged, kept in memory and appended to a JSON-lines file.
 */
export function makeLocalMailQueue(options: {
  consume: (records: readonly MailRecord[]) => Promise<MailBatchResult>;
  retryDelayMs: number;
  maxReceiveCount?: number;
  deadLetterFile?: string | undefined;
  log?: (entry: Record<string, unknown>) => void;
}): MailQueue & { drain(): Promise<void>; deadLetters(): readonly DeadLetter[] } {
  return makeLocalQueue<MailMessage>({
    ...options,
    maxReceiveCount: options.maxReceiveCount ?? MAIL_MAX_RECEIVE_COUNT,
    maxHideMs: MAIL_VISIBILITY_SECONDS * 1000,
    what: "Mail",
  });
}

/**
 * Any queue of the local runtime, with the rules of SQS as the mail queue above has them; each record also says how
 * often it has been received, as SQS's `ApproximateReceiveCount` does.
 */
export function makeLocalQueue<M>(options: {
  consume: (records: ReadonlyArray<MailRecord & { receiveCount: number }>) => Promise<MailBatchResult>;
  retryDelayMs: number;
  maxReceiveCount: number;
  /** The longest a failed message is hidden (the queue's visibility timeout). */
  maxHideMs: number;
  /** What the messages are, for the dead-letter log line. */
  what: string;
  deadLetterFile?: string | undefined;
  log?: (entry: Record<string, unknown>) => void;
}): {
  enqueue(messages: readonly M[]): Promise<void>;
  drain(): Promise<void>;
  deadLetters(): readonly DeadLetter[];
} {
  const maxReceiveCount = options.maxReceiveCount;
  const log = options.log ?? ((entry) => console.error(JSON.stringify(entry)));
  const waiting: Waiting[] = [];
  const dead: DeadLetter[] = [];
  const idle: Array<() => void> = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;

  const hideFor = (receiveCount: number) =>
    Math.min(options.retryDelayMs * 2 ** (receiveCount - 1), options.maxHideMs);

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) {
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
      return;
    }
    const next = Math.min(...waiting.map((entry) => entry.visibleAt));
    timer = setTimeout(() => void receive(), Math.max(0, next - Date.now()));
    // A waiting retry does not keep a finished process (a test run, a one-off job) alive.
    timer.unref();
  }

  async function deadLetter(entry: Waiting) {
    const letter: DeadLetter = {
      messageId: entry.messageId,
      body: entry.body,
      receiveCount: entry.receiveCount,
      deadAt: new Date().toISOString(),
    };
    dead.push(letter);
    log({ level: "error", message: `${options.what} moved to the dead letters`, ...letter });
    if (options.deadLetterFile) {
      await mkdir(dirname(options.deadLetterFile), { recursive: true });
      await appendFile(options.deadLetterFile, `${JSON.stringify(letter)}\n`);
    }
  }

  async function receive() {
    timer = undefined;
    const now = Date.now();
    const batch = waiting.filter((entry) => entry.visibleAt <= now).slice(0, BATCH_SIZE);
    // A timer may fire a little before the message it waits for is visible.
    if (batch.length === 0) {
      schedule();
      return;
    }
    for (const entry of batch) {
      waiting.splice(waiting.indexOf(entry), 1);
      entry.receiveCount += 1;
    }
    inFlight += batch.length;
    schedule();
    let failed: Set<string>;
    try {
      const result = await options.consume(
        batch.map(({ messageId, body, receiveCount }) => ({ messageId, body, receiveCount })),
      );
      failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
    } catch {
      failed = new Set(batch.map((entry) => entry.messageId));
    }
    for (const entry of batch) {
      if (!failed.has(entry.messageId)) continue;
      if (entry.receiveCount >= maxReceiveCount) {
        await deadLetter(entry).catch((error: unknown) =>
          log({ level: "error", message: "Dead letter not written", error: String(error) }),
        );
      } else {
        waiting.push({ ...entry, visibleAt: Date.now() + hideFor(entry.receiveCount) });
      }
    }
    inFlight -= batch.length;
    schedule();
  }

  return {
    async enqueue(messages) {
      for (const message of messages) {
        waiting.push({
          messageId: randomUUID(),
          body: JSON.stringify(message),
          receiveCount: 0,
          visibleAt: 0,
        });
      }
      if (messages.length > 0) schedule();
    },
    /** Resolves once every message is sent or dead-lettered. */
    drain() {
      if (waiting.length === 0 && inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => idle.push(resolve));
    },
    deadLetters: () => [...dead],
  };
}
