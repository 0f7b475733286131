import { Cron } from "croner";
import { makeRunScheduledJob } from "../../functions/src/app/digest/run-scheduled-job.js";
import {
  cronPattern,
  SCHEDULED_JOBS,
  type ScheduledJobName,
} from "../../functions/src/app/jobs/schedules.js";
import type { Services } from "../../functions/src/composition.js";

/** What one run of a job did, as printed: the job's own counts. */
export type JobOutcome = { job: ScheduledJobName } & Record<string, unknown>;

/** The in-process mail queue where the build has one: a run waits for its mail to leave before it reports. */
export interface DrainableQueue {
  drain(): Promise<void>;
}

/** The composed use cases the jobs call, and the local mail queue that their mail waits in. */
export type JobServices = Pick<
  Services,
  "sendReminders" | "sweepInvitations" | "sweepExpiredPersonalData"
> & {
  analytics: { digestMail: Pick<Services["analytics"]["digestMail"], "send"> };
  mailQueue: DrainableQueue;
};

// A queue that keeps retrying a mail must not hold a run forever; its dead-letter rules take over from here.
const DRAIN_LIMIT_MS = 120_000;

async function drained(drain: Promise<void>, limitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`mail still queued after ${limitMs / 1000} s`)), limitMs);
  });
  try {
    await Promise.race([drain, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs one scheduled job the way the scheduled function does on AWS, then waits for its mail to leave. */
export function makeLocalJobRunner(services: JobServices) {
  const runScheduledJob = makeRunScheduledJob({
    sendMonthlyDigest: services.analytics.digestMail.send,
    sendReminders: services.sendReminders,
    sweepInvitations: services.sweepInvitations,
    sweepExpiredPersonalData: services.sweepExpiredPersonalData,
    // The local runner prints its own line per run.
    log: () => {},
  });
  return async function runLocalJob(
    job: ScheduledJobName,
    options: { month?: string | undefined; force?: boolean | undefined } = {},
  ): Promise<JobOutcome> {
    const outcome: JobOutcome = await runScheduledJob({ job, month: options.month, force: options.force });
    await drained(services.mailQueue.drain(), DRAIN_LIMIT_MS);
    return outcome;
  };
}

/** One line for a run: the job and its counts, e.g. `send-reminders: sent 2, skipped 0, failed 0`. */
export function describeOutcome(outcome: JobOutcome): string {
  const { job, ...counts } = outcome;
  const parts = Object.entries(counts).map(([key, value]) => `${key} ${String(value)}`);
  return `${job}: ${parts.join(", ")}`;
}

export interface RunningSchedules {
  /** Each job with its next run, for the start banner. */
  jobs: Array<{ job: ScheduledJobName; next: Date | null }>;
  stop(): void;
}

/**
 * Runs every scheduled job in this process on the same schedules as on AWS, in the organisation's time zone; a run
 * that is still going when its next time comes is skipped rather than overlapped.
 */
export function startSchedules(
  services: JobServices,
  options: {
    timeZone: string;
    log: (line: string) => void;
    /** The croner pattern of a job; its schedule's by default (tests run jobs every second). */
    patternOf?: (job: ScheduledJobName) => string;
  },
): RunningSchedules {
  const patternOf = options.patternOf ?? ((job) => cronPattern(SCHEDULED_JOBS[job].cron));
  const runLocalJob = makeLocalJobRunner(services);
  const crons = (Object.keys(SCHEDULED_JOBS) as ScheduledJobName[]).map((job) => {
    const cron = new Cron(
      patternOf(job),
      {
        timezone: options.timeZone,
        protect: () => options.log(`[schedule] ${job}: still running from its last time, this run skipped`),
        catch: (error: unknown) => options.log(`[schedule] ${job} failed: ${String(error)}`),
      },
      async () => {
        const started = new Date();
        const outcome = await runLocalJob(job);
        const next = cron.nextRun();
        options.log(
          `[schedule] ${started.toISOString()} ${describeOutcome(outcome)} (${Date.now() - started.getTime()} ms)` +
            (next ? `; next ${next.toISOString()}` : ""),
        );
      },
    );
    return { job, cron };
  });
  return {
    jobs: crons.map(({ job, cron }) => ({ job, next: cron.nextRun() })),
    stop: () => {
      for (const { cron } of crons) cron.stop();
    },
  };
}

/** Whether `npm start` runs the schedules: on unless `PULSE_SCHEDULES=off`. */
export function schedulesEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.PULSE_SCHEDULES !== "off";
}

/** `npm start`'s schedules over the composed services, announced with each job's next run; returns how to stop them. */
export function startLocalSchedules(services: Services, log: (line: string) => void): () => void {
  if (!schedulesEnabled()) {
    log(
      "Schedules off (PULSE_SCHEDULES=off): run a job with `npm run job -- reminders|digest|retention|sweep`.",
    );
    return () => {};
  }
  const timeZone = services.config.ORG_TIMEZONE;
  const schedules = startSchedules(services, { timeZone, log });
  log(`Schedules (${timeZone}), as on AWS:`);
  for (const { job, next } of schedules.jobs) {
    log(`  ${job.padEnd(18)} next ${next ? next.toISOString() : "never"}`);
  }
  return () => schedules.stop();
}
