import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import {
  cronPattern,
  eventBridgeCronProblems,
  SCHEDULED_JOBS,
  type ScheduledJobName,
} from "../../../functions/src/app/jobs/schedules.js";

const WARSAW = "Europe/Warsaw";

function nextRuns(job: ScheduledJobName, count: number, after: string): string[] {
  const cron = new Cron(cronPattern(SCHEDULED_JOBS[job].cron), { timezone: WARSAW, paused: true });
  return cron.nextRuns(count, new Date(after)).map((run) => run.toISOString());
}

describe("The job schedules", () => {
  it("are all valid EventBridge cron fields", () => {
    for (const [job, { cron }] of Object.entries(SCHEDULED_JOBS)) {
      expect(eventBridgeCronProblems(cron), job).toEqual([]);
    }
  });

  it("name the four jobs the scheduled function runs", () => {
    expect(Object.keys(SCHEDULED_JOBS).sort()).toEqual([
      "monthly-digest",
      "retention-sweep",
      "send-reminders",
      "sweep-invitations",
    ]);
  });

  it("send reminders at 09:00 Warsaw time on either side of the spring change to summer time", () => {
    expect(nextRuns("send-reminders", 3, "2026-03-28T12:00:00Z")).toEqual([
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
    ]);
  });

  it("send reminders at 09:00 Warsaw time on either side of the autumn change to winter time", () => {
    expect(nextRuns("send-reminders", 3, "2026-10-24T06:00:00Z")).toEqual([
      "2026-10-24T07:00:00.000Z",
      "2026-10-25T08:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
    ]);
  });

  it("send the digest at 07:00 Warsaw time on the first of each month, winter or summer", () => {
    expect(nextRuns("monthly-digest", 3, "2026-02-10T00:00:00Z")).toEqual([
      "2026-03-01T06:00:00.000Z",
      "2026-04-01T05:00:00.000Z",
      "2026-05-01T05:00:00.000Z",
    ]);
  });

  it("sweep retention at 03:00 local once a day, also on the nights the clocks change", () => {
    // 03:00 follows the skipped hour in March and the repeated hour in October, so it happens once either way.
    expect(nextRuns("retention-sweep", 2, "2026-03-28T12:00:00Z")).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T01:00:00.000Z",
    ]);
    expect(nextRuns("retention-sweep", 2, "2026-10-24T12:00:00Z")).toEqual([
      "2026-10-25T02:00:00.000Z",
      "2026-10-26T02:00:00.000Z",
    ]);
  });

  it("sweep pending invitations every 15 minutes of real time, straight across the skipped and the repeated hour", () => {
    expect(nextRuns("sweep-invitations", 3, "2026-03-29T00:40:00Z")).toEqual([
      "2026-03-29T00:45:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:15:00.000Z",
    ]);
    // In October 02:00-03:00 comes twice; the sweep runs in both, still 15 minutes apart.
    expect(nextRuns("sweep-invitations", 6, "2026-10-25T00:40:00Z")).toEqual([
      "2026-10-25T00:45:00.000Z",
      "2026-10-25T01:00:00.000Z",
      "2026-10-25T01:15:00.000Z",
      "2026-10-25T01:30:00.000Z",
      "2026-10-25T01:45:00.000Z",
      "2026-10-25T02:00:00.000Z",
    ]);
  });
});

describe("Cron fields", () => {
  it("are refused when EventBridge would refuse them, naming the field", () => {
    expect(eventBridgeCronProblems({ minute: "60" })).toEqual(['minute "60": expected values in 0-59']);
    expect(eventBridgeCronProblems({ minute: "0", hour: "9", weekDay: "0" })[0]).toMatch(/^weekDay/);
    expect(eventBridgeCronProblems({ minute: "0/0" })[0]).toMatch(/step/);
    expect(eventBridgeCronProblems({ minute: "0", day: "1", weekDay: "MON" })).toEqual([
      "day and weekDay: one of them must be ?",
    ]);
  });

  it("become croner patterns with EventBridge's Sunday-first weekday numbers shifted to croner's", () => {
    expect(cronPattern({ minute: "30", hour: "8", weekDay: "2-6" })).toBe("30 8 * * 1-5");
    expect(cronPattern({ minute: "0", hour: "8", weekDay: "MON#1" })).toBe("0 8 * * MON#1");
    expect(cronPattern({ minute: "0", hour: "12", day: "L" })).toBe("0 12 L * *");
    // Monday to Friday at 08:30 Warsaw time: the week of 2026-06-01 starts on a Monday.
    const weekdays = new Cron(cronPattern({ minute: "30", hour: "8", weekDay: "2-6" }), {
      timezone: WARSAW,
      paused: true,
    });
    expect(
      weekdays.nextRuns(6, new Date("2026-05-31T00:00:00Z")).map((d) => d.toISOString().slice(0, 10)),
    ).toEqual(["2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04", "2026-06-05", "2026-06-08"]);
  });

  it("with a year have no local equivalent and say so", () => {
    expect(() => cronPattern({ minute: "0", hour: "9", year: "2027" })).toThrow(/year/);
  });
});
