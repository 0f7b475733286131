import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { recordRunningPulse } from "../../infra/local/running-pulse.js";
import { startLocal } from "../../infra/local/server.js";
import { aResolvedTicket, signedHeaders } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";

async function outboxFiles(folder: string): Promise<string[]> {
  return (await readdir(join(folder, "outbox")).catch(() => []))
    .filter((name) => name.endsWith(".eml"))
    .sort();
}

async function surveyOf(folder: string, name: string): Promise<string> {
  const mail = await simpleParser(await readFile(join(folder, "outbox", name)));
  return String(mail.headers.get("x-pulse-survey"));
}

/** Runs `npm run job -- <args>` as its own process over a data folder, as a person at a terminal would. */
async function runJob(folder: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/job.ts", ...args], {
    env: { ...process.env, PULSE_DATA_DIR: folder },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { code, output };
}

describe("npm run job -- reminders --now", () => {
  it("sends the reminders due at that date and no others, once, whether or not Pulse is running", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-job-"));
    // Invitations go out on four days; on 12 November the reminder is due for those sent 3 to 6 days before.
    const clock = manualClock("2026-11-05T10:00:00+01:00");
    const pulse = await startLocal({ port: 0, dataDir: folder, clock });
    const forgetRunning = await recordRunningPulse(folder, pulse);
    const surveys: { day: string; surveyId: string; email: string }[] = [];
    const intake = async (day: string, count: number) => {
      for (let i = 0; i < count; i++) {
        const ticket = aResolvedTicket({
          resolvedAt: new Date(clock.now().getTime() - 3_600_000).toISOString(),
        });
        const body = JSON.stringify(ticket);
        // The signature's timestamp is wall-clock time (it bounds a replay); the product's clock says the day.
        const response = await fetch(`${pulse.url}/api/v1/tickets/resolved`, {
          method: "POST",
          headers: { "content-type": "application/json", ...signedHeaders(body, pulse.secrets.intakeSecret) },
          body,
        });
        const answer = (await response.json()) as { surveyId: string; status: string };
        expect(response.status).toBe(202);
        expect(answer.status).toBe("invited");
        surveys.push({ day, surveyId: answer.surveyId, email: ticket.requester.email });
      }
      // The invitation leaves through the local queue; it is sent (and dated) before the clock moves on.
      await pulse.services.mailQueue.drain();
    };
    let invitations: string[] = [];
    let first: { code: number | null; output: string };
    try {
      await intake("11-05", 1);
      clock.advanceDays(1);
      await intake("11-06", 1);
      clock.advanceDays(3);
      await intake("11-09", 2);
      clock.advanceDays(1);
      await intake("11-10", 1);
      // The invitations may leave through a queue: wait until all five reached the outbox.
      const deadline = Date.now() + 30_000;
      while ((await outboxFiles(folder)).length < 5 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
      }
      invitations = await outboxFiles(folder);
      expect(invitations).toHaveLength(5);

      // While Pulse runs over the folder, the job goes through its DynamoDB Local.
      first = await runJob(folder, ["reminders", "--now", "2026-11-12T09:00:00+01:00"]);
    } finally {
      await forgetRunning();
      await pulse.stop();
    }

    expect(first.code, first.output).toBe(0);
    expect(first.output).toContain("through the running Pulse's DynamoDB Local");
    const due = surveys.filter((survey) => survey.day === "11-06" || survey.day === "11-09");
    const reminders = (await outboxFiles(folder)).filter((name) => !invitations.includes(name));
    const reminded = await Promise.all(reminders.map((name) => surveyOf(folder, name)));
    expect(reminded.sort()).toEqual(due.map((survey) => survey.surveyId).sort());
    for (const { email } of due) expect(first.output).toContain(`sent to ${email}: `);
    expect(first.output).toContain("send-reminders: enqueued 3");

    // Again with Pulse stopped: the job opens the folder's database itself, and nothing is sent twice.
    const second = await runJob(folder, ["reminders", "--now", "2026-11-12T09:30:00+01:00"]);

    expect(second.code, second.output).toBe(0);
    expect(second.output).not.toContain("running Pulse");
    expect(second.output).toContain("send-reminders: enqueued 0");
    expect(await outboxFiles(folder)).toHaveLength(invitations.length + reminders.length);
  }, 240_000);

  it("refuses a data folder that Pulse never started in, saying what to do", async () => {
    const folder = await mkdtemp(join(tmpdir(), "pulse-job-empty-"));

    const { code, output } = await runJob(folder, ["digest"]);

    expect(code).toBe(1);
    expect(output).toContain("no Pulse data in");
    expect(output).toContain("npm start");
  }, 60_000);
});
