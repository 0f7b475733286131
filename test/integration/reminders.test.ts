import { beforeAll, describe, expect, it } from "vitest";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

/** The organisation-local day some days from the clock's, as the reminder listing keys it. */
const localDayOf = (at: { now(): Date }, days: number) =>
  new Date(at.now().getTime() + days * 86_400_000).toLocaleDateString("en-CA", { timeZone: "Europe/Warsaw" });
const clock = manualClock("2026-11-16T09:00:00Z");

beforeAll(async () => {
  pulse = await startTestServices({ clock });
});

const mailsTo = async (address: string) =>
  (await readOutbox(pulse.outbox)).filter((mail) =>
    (mail.to && "text" in mail.to ? mail.to.text : "").includes(address),
  );

describe("Reminders", () => {
  it("go once, three days after the invitation, only to requesters who have not answered, with a working link", async () => {
    await postTicket(
      pulse.app,
      aResolvedTicket({ requester: { email: "silent@example.com", locale: "en" } }, clock),
    );
    await postTicket(
      pulse.app,
      aResolvedTicket({ requester: { email: "answered@example.com", locale: "pl" } }, clock),
    );
    const [invitation] = await mailsTo("answered@example.com");
    if (!invitation) throw new Error("no invitation");
    const token = tokenOf(scoreLink(invitation, 5));
    const page = await openSurvey(pulse.app, `/s/${token}?score=5`);
    await postRating(pulse.app, token, { score: 5, nonce: page.nonce ?? "" });

    clock.advanceDays(2);
    expect(await pulse.sendReminders()).toEqual({ enqueued: 0 });

    clock.advanceDays(1);
    expect(await pulse.sendReminders()).toEqual({ enqueued: 1 });
    const silent = await mailsTo("silent@example.com");
    expect(silent).toHaveLength(2);
    expect(silent[1]?.subject).toMatch(/^Reminder: /);
    expect(await mailsTo("answered@example.com")).toHaveLength(1);

    const reminderLink = scoreLink(silent[1] ?? invitation, 2);
    const reminderPage = await openSurvey(pulse.app, `${reminderLink.pathname}${reminderLink.search}`);
    expect(reminderPage.response.status).toBe(200);

    clock.advanceDays(1);
    expect(await pulse.sendReminders()).toEqual({ enqueued: 0 });
    expect(await mailsTo("silent@example.com")).toHaveLength(2);
  });

  it("are checked again when the mailer sends them: one answered after the job queued it gets none", async () => {
    await postTicket(
      pulse.app,
      aResolvedTicket({ requester: { email: "late@example.com", locale: "en" } }, clock),
    );
    const [invitation] = await mailsTo("late@example.com");
    if (!invitation) throw new Error("no invitation");
    clock.advanceDays(3);
    const surveyId = (await pulse.surveys.listAwaitingReminder(localDayOf(clock, -3))).at(-1) ?? "";

    // The job has queued the reminder; the requester answers before the mailer gets to it.
    const token = tokenOf(scoreLink(invitation, 4));
    const page = await openSurvey(pulse.app, `/s/${token}?score=4`);
    await postRating(pulse.app, token, { score: 4, nonce: page.nonce ?? "" });
    expect(await pulse.sendSurveyMail?.("reminder", surveyId)).toBe("not-needed");
    expect(await mailsTo("late@example.com")).toHaveLength(1);
  });
});
