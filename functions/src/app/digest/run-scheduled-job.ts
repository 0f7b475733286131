import { DomainError } from "../../domain/errors.js";
import type { DigestRunResult } from "./send-monthly-digest.js";

/** What EventBridge Scheduler sends: the name of the job to run. */
export interface ScheduledJobEvent {
  job?: unknown;
  /** Optional override for a manual re-run of the digest, e.g. `{ "job": "monthly-digest", "month": "2026-11" }`. */
  month?: unknown;
  force?: unknown;
}

export type ScheduledJobResult =
  | ({ job: "monthly-digest" } & DigestRunResult)
  | { job: "send-reminders"; enqueued: number }
  | { job: "sweep-invitations"; enqueued: number }
  | { job: "retention-sweep"; surveys: number; resolvedBefore: string };

export const SCHEDULED_JOB_NAMES = [
  "monthly-digest",
  "send-reminders",
  "retention-sweep",
  "sweep-invitations",
] as const;

/** Runs one scheduled job by name. */
export function makeRunScheduledJob(deps: {
  sendMonthlyDigest: (options: {
    month?: string | undefined;
    force?: boolean | undefined;
  }) => Promise<DigestRunResult>;
  sendReminders: () => Promise<{ enqueued: number }>;
  sweepInvitations: () => Promise<{ enqueued: number }>;
  sweepExpiredPersonalData: () => Promise<{ surveys: number; resolvedBefore: string }>;
  log?: (entry: Record<string, unknown>) => void;
}) {
  const log = deps.log ?? ((entry) => console.log(JSON.stringify(entry)));
  return async function runScheduledJob(event: ScheduledJobEvent): Promise<ScheduledJobResult> {
    switch (event.job) {
      case "monthly-digest": {
        const result = await deps.sendMonthlyDigest({
          month: typeof event.month === "string" ? event.month : undefined,
          force: event.force === true,
        });
        log({ level: "info", job: "monthly-digest", ...result });
        return { job: "monthly-digest", ...result };
      }
      case "send-reminders": {
        const result = { job: "send-reminders" as const, ...(await deps.sendReminders()) };
        log({ level: "info", ...result });
        return result;
      }
      case "sweep-invitations": {
        const result = { job: "sweep-invitations" as const, ...(await deps.sweepInvitations()) };
        log({ level: result.enqueued > 0 ? "warn" : "info", ...result });
        return result;
      }
      case "retention-sweep": {
        const result = { job: "retention-sweep" as const, ...(await deps.sweepExpiredPersonalData()) };
        log({ level: "info", ...result });
        return result;
      }
      default:
        throw new DomainError("validation", `Unknown scheduled job ${JSON.stringify(event.job)}`, {
          known: [...SCHEDULED_JOB_NAMES],
        });
    }
  };
}
