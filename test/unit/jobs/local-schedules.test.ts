import { describe, expect, it } from "vitest";
import { type JobServices, schedulesEnabled, startSchedules } from "../../../infra/local/schedules.js";

const EVERY_SECOND = "* * * * * *";
const NEVER_SOON = "0 0 1 1 *";

function services(sendReminders: JobServices["sendReminders"]): JobServices {
  return {
    sendReminders,
    sweepInvitations: async () => ({ enqueued: 0 }),
    mailQueue: { drain: async () => {} },
    sweepExpiredPersonalData: async () => ({ surveys: 0, resolvedBefore: "2025-01-01" }),
    analytics: {
      digestMail: { send: async () => ({ status: "no-recipients", month: "2026-11", recipients: 0 }) },
    },
  };
}

async function until(condition: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe("The schedules npm start runs", () => {
  it("run a job at its time, log what it did, and skip a run that would overlap the one still going", async () => {
    const lines: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const slowReminders = async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((r) => setTimeout(r, 2_200));
      running -= 1;
      return { enqueued: 2 };
    };
    const schedules = startSchedules(services(slowReminders), {
      timeZone: "Europe/Warsaw",
      log: (line) => lines.push(line),
      patternOf: (job) => (job === "send-reminders" ? EVERY_SECOND : NEVER_SOON),
    });
    try {
      await until(() => lines.some((line) => line.includes("send-reminders: enqueued 2")), 10_000);
    } finally {
      schedules.stop();
    }

    expect(lines.find((line) => line.includes("send-reminders: enqueued 2"))).toMatch(
      /^\[schedule\] \S+ send-reminders: enqueued 2 \(\d+ ms\); next \S+$/,
    );
    expect(lines.filter((line) => line.includes("still running")).length).toBeGreaterThan(0);
    expect(mostAtOnce).toBe(1);
  });

  it("log a failed run and run the job again at its next time", async () => {
    const lines: string[] = [];
    const schedules = startSchedules(
      services(async () => {
        throw new Error("mail server down");
      }),
      {
        timeZone: "Europe/Warsaw",
        log: (line) => lines.push(line),
        patternOf: (job) => (job === "send-reminders" ? EVERY_SECOND : NEVER_SOON),
      },
    );
    try {
      await until(
        () => lines.filter((line) => line.includes("failed: Error: mail server down")).length >= 2,
        5_000,
      );
    } finally {
      schedules.stop();
    }

    expect(
      lines.filter((line) => line.includes("send-reminders failed: Error: mail server down")).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it("are off when PULSE_SCHEDULES=off, and on otherwise", () => {
    expect(schedulesEnabled({ PULSE_SCHEDULES: "off" })).toBe(false);
    expect(schedulesEnabled({})).toBe(true);
  });
});
