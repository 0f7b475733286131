import { readFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import type { Mailer } from "../../functions/src/app/ports.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

/** A loopback port that nothing listens on: an SMTP server that is down. */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** An SMTP server started on a given port, recording the recipients of each mail it accepts. */
async function startSmtpServer(port: number) {
  const received: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => {
        received.push(session.envelope.rcptTo.map((rcpt) => rcpt.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const stopAfter: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stopAfter.splice(0)) await stop();
});

async function invitedOn(pulse: TestServices, surveyId: string): Promise<number> {
  const day = (await pulse.surveys.getSurvey(surveyId))?.day ?? "";
  const series = await pulse.trends.readSeries({ dimension: "all", value: "all" }, day, day);
  return series.reduce((sum, entry) => sum + entry.invited, 0);
}

async function waitFor(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 5_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Local mail through the in-process queue", () => {
  it("answers an intake with 202 while the SMTP server is down, then sends the invitation once it is back and only then counts it invited", async () => {
    const port = await unusedPort();
    const pulse = await startTestServices({
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_TRANSPORT: "smtp", MAIL_RETRY_SECONDS: "0.5" },
    });
    const response = await postTicket(
      pulse.app,
      aResolvedTicket({ requester: { email: "outage@example.com", locale: "en" } }),
    );
    expect(response.status).toBe(202);
    const { surveyId } = (await response.json()) as { surveyId: string };
    // The first try met the closed port and gave its claim back, keeping the nonce for the next try.
    await waitFor(async () => {
      const invitation = (await pulse.surveys.getSurvey(surveyId))?.invitation;
      return invitation?.state === "pending" && invitation.nonce !== undefined;
    }, "the first try");
    expect(await invitedOn(pulse, surveyId)).toBe(0);

    const smtp = await startSmtpServer(port);
    stopAfter.push(smtp.close);
    await pulse.mailQueue.drain();

    expect(smtp.received).toEqual([["outage@example.com"]]);
    expect((await pulse.surveys.getSurvey(surveyId))?.invitation?.state).toBe("sent");
    expect(await invitedOn(pulse, surveyId)).toBe(1);
  });

  it("keeps a mail that failed every try as a dead letter, in memory and on disk, and the sweep sends it once the server is back", async () => {
    const port = await unusedPort();
    const clock = manualClock("2026-11-20T10:00:00Z");
    const pulse = await startTestServices({
      clock,
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_TRANSPORT: "smtp" },
    });
    const response = await postTicket(
      pulse.app,
      aResolvedTicket({ requester: { email: "never@example.com", locale: "en" } }, clock),
    );
    expect(response.status).toBe(202);
    const { surveyId } = (await response.json()) as { surveyId: string };
    await pulse.mailQueue.drain();

    const letters = pulse.mailQueue.deadLetters?.() ?? [];
    expect(letters.map((letter) => [JSON.parse(letter.body), letter.receiveCount])).toEqual([
      [{ kind: "invitation", surveyId }, 5],
    ]);
    const onDisk = (await readFile(join(pulse.outbox, "dead-letters.jsonl"), "utf8")).trim().split("\n");
    expect(onDisk.map((line) => JSON.parse(line).messageId)).toEqual(
      letters.map((letter) => letter.messageId),
    );
    expect(await invitedOn(pulse, surveyId)).toBe(0);

    const smtp = await startSmtpServer(port);
    stopAfter.push(smtp.close);
    // A day on: well past the sweep's minimum age, well within its window.
    clock.advanceDays(1);
    expect(await pulse.sweepInvitations()).toEqual({ enqueued: 1 });
    await pulse.mailQueue.drain();
    expect(await pulse.sweepInvitations()).toEqual({ enqueued: 0 });
    await pulse.mailQueue.drain();

    expect(smtp.received).toEqual([["never@example.com"]]);
    expect(await invitedOn(pulse, surveyId)).toBe(1);
  });

  it("gives an invitation up after the queue's tries and two sweeps, counting it skipped rather than queueing it every 15 minutes", async () => {
    const clock = manualClock("2026-11-20T10:00:00Z");
    let tries = 0;
    const mailer: Mailer = {
      async send() {
        tries += 1;
        throw new Error("554 Message rejected: address not valid");
      },
    };
    const pulse = await startTestServices({ clock, mailer, env: { MAIL_RETRY_SECONDS: "0" } });
    const response = await postTicket(
      pulse.app,
      aResolvedTicket({ requester: { email: "nobody@example.com", locale: "en" } }, clock),
    );
    const { surveyId } = (await response.json()) as { surveyId: string };
    await pulse.mailQueue.drain();
    expect(tries).toBe(5);

    for (const expected of [10, 15]) {
      clock.advanceMinutes(15);
      expect(await pulse.sweepInvitations()).toEqual({ enqueued: 1 });
      await pulse.mailQueue.drain();
      expect(tries).toBe(expected);
    }
    clock.advanceMinutes(15);
    expect(await pulse.sweepInvitations()).toEqual({ enqueued: 1 });
    await pulse.mailQueue.drain();

    // No sixteenth try: the survey is a skip, counted, and the sweep has nothing more to queue.
    expect(tries).toBe(15);
    const survey = await pulse.surveys.getSurvey(surveyId);
    expect(survey).toMatchObject({ status: "skipped", skipReason: "mail-failed" });
    const day = await pulse.trends.readSeries(
      { dimension: "all", value: "all" },
      survey?.day ?? "",
      survey?.day ?? "",
    );
    expect(day.reduce((sum, entry) => sum + (entry.skippedBy["mail-failed"] ?? 0), 0)).toBe(1);
    expect(day.reduce((sum, entry) => sum + entry.invited, 0)).toBe(0);
    clock.advanceMinutes(15);
    expect(await pulse.sweepInvitations()).toEqual({ enqueued: 0 });
  });

  it("retries only the digest delivery that failed, so a half-failed run or a redelivery mails nobody twice", async () => {
    const sent: string[] = [];
    let boardFailed = false;
    const mailer: Mailer = {
      async send(mail) {
        if (mail.to === "board@example.com" && !boardFailed) {
          boardFailed = true;
          throw new Error("451 try again later");
        }
        sent.push(mail.to);
      },
    };
    const pulse = await startTestServices({ mailer });
    await pulse.analytics.digestMail.setRecipients(["head@example.com", "board@example.com"], "test");

    expect(await pulse.analytics.digestMail.send({ month: "2026-11" })).toMatchObject({ recipients: 2 });
    await pulse.mailQueue.drain();
    expect(boardFailed).toBe(true);
    expect(sent.sort()).toEqual(["board@example.com", "head@example.com"]);

    // A message delivered again, and the job run again, find the month's deliveries done.
    await pulse.mailQueue.enqueue([{ kind: "digest", month: "2026-11", to: "head@example.com" }]);
    expect(await pulse.analytics.digestMail.send({ month: "2026-11" })).toMatchObject({
      status: "already-sent",
    });
    await pulse.mailQueue.drain();
    expect(sent).toHaveLength(2);

    // A forced run is a new edition and goes to everyone once more.
    await pulse.analytics.digestMail.send({ month: "2026-11", force: true });
    await pulse.mailQueue.drain();
    expect(sent.sort()).toEqual([
      "board@example.com",
      "board@example.com",
      "head@example.com",
      "head@example.com",
    ]);
  });
});
