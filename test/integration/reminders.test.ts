import { beforeAll, describe, expect, it } from "vitest";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;
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
      aResolvedTicket({ requester: { email: "silent@example.com", locale: "en" } }),
    );
    await postTicket(
      pulse.app,
      aResolvedTicket({ requester: { email: "answered@example.com", locale: "pl" } }),
    );
    const [invitation] = await mailsTo("answered@example.com");
    if (!invitation) throw new Error("no invitation");
    const token = tokenOf(scoreLink(invitation, 5));
    const page = await openSurvey(pulse.app, `/s/${token}?score=5`);
    await postRating(pulse.app, token, { score: 5, nonce: page.nonce ?? "" });

    clock.advanceDays(2);
    expect(await pulse.sendReminders()).toMatchObject({ sent: 0 });

    clock.advanceDays(1);
    expect(await pulse.sendReminders()).toMatchObject({ sent: 1, failed: 0 });
    const silent = await mailsTo("silent@example.com");
    expect(silent).toHaveLength(2);
    expect(silent[1]?.subject).toMatch(/^Reminder: /);
    expect(await mailsTo("answered@example.com")).toHaveLength(1);

    const reminderLink = scoreLink(silent[1] ?? invitation, 2);
    const reminderPage = await openSurvey(pulse.app, `${reminderLink.pathname}${reminderLink.search}`);
    expect(reminderPage.response.status).toBe(200);

    clock.advanceDays(1);
    expect(await pulse.sendReminders()).toMatchObject({ sent: 0 });
    expect(await mailsTo("silent@example.com")).toHaveLength(2);
  });
});
