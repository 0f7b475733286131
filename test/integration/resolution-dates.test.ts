import { beforeAll, describe, expect, it } from "vitest";
import { localDay } from "../../functions/src/domain/calendar.js";
import { OVERALL } from "../../functions/src/domain/dimensions.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox } from "../helpers/outbox.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

const MINUTE = 60_000;
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
const dayOf = (iso: string) => localDay(new Date(iso), "Europe/Warsaw");

async function countsOn(day: string) {
  const [counts] = await pulse.trends.readSeries(OVERALL, day, day);
  return { skipped: counts?.skipped ?? 0, skippedBy: counts?.skippedBy ?? {}, invited: counts?.invited ?? 0 };
}

async function mailsTo(email: string) {
  const addressed = (await readOutbox(pulse.outbox)).filter((mail) =>
    (mail.to && "text" in mail.to ? mail.to.text : "").includes(email),
  );
  return addressed.length;
}

describe("A resolution dated in the future", () => {
  it("is refused with a problem naming resolvedAt, and nothing is stored or counted", async () => {
    const ticket = aResolvedTicket({ resolvedAt: at(10 * MINUTE) });

    const response = await postTicket(pulse.app, ticket);

    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { errors: Array<{ field: string; message: string }> };
    expect(problem.errors.map((error) => error.field)).toEqual(["resolvedAt"]);
    expect(await pulse.surveys.findByTicket("servicenow", ticket.ticketId)).toBeUndefined();
    expect(await countsOn(dayOf(ticket.resolvedAt))).toMatchObject({ skipped: 0, invited: 0 });
  });

  it("is refused for a ticket already surveyed too, which keeps its survey", async () => {
    const ticket = aResolvedTicket();
    const first = (await (await postTicket(pulse.app, ticket)).json()) as { surveyId: string };

    const later = await postTicket(pulse.app, { ...ticket, resolvedAt: "2030-01-01T00:00:00Z" });

    expect(later.status).toBe(400);
    expect((await pulse.surveys.findByTicket("servicenow", ticket.ticketId))?.surveyId).toBe(first.surveyId);
  });

  it("is taken within five minutes of the clock, as an ITSM tool's clock may run a little fast", async () => {
    const response = await postTicket(pulse.app, aResolvedTicket({ resolvedAt: at(4 * MINUTE) }));

    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ status: "invited" });
  });
});

describe("A resolution older than the survey window", () => {
  it("is stored as skipped stale, counted on its day, and its requester is not mailed", async () => {
    const email = "late.report@example.com";
    const ticket = aResolvedTicket({ resolvedAt: at(-15 * DAY), requester: { email, locale: "en" } });
    const day = dayOf(ticket.resolvedAt);
    const before = await countsOn(day);

    const response = await postTicket(pulse.app, ticket);
    const again = await postTicket(pulse.app, ticket);

    expect(response.status).toBe(202);
    const answer = (await response.json()) as { surveyId: string; status: string; reason: string };
    expect(answer).toMatchObject({ status: "skipped", reason: "stale" });
    expect(await again.json()).toEqual(answer);
    expect((await pulse.surveys.getSurvey(answer.surveyId))?.skipReason).toBe("stale");
    const after = await countsOn(day);
    expect(after.skipped).toBe(before.skipped + 1);
    expect(after.skippedBy.stale).toBe((before.skippedBy.stale ?? 0) + 1);
    expect(await mailsTo(email)).toBe(0);
  });

  it("follows the survey window a head sets", async () => {
    const policy = await pulse.settings.getSurveyPolicy();
    const set = async (expiryDays: number) =>
      pulse.app.request("/api/v1/settings/survey-policy", {
        method: "PUT",
        headers: { authorization: `Bearer ${await pulse.token("head")}`, "content-type": "application/json" },
        body: JSON.stringify({ ...policy, expiryDays }),
      });
    expect((await set(30)).status).toBe(200);

    const response = await postTicket(pulse.app, aResolvedTicket({ resolvedAt: at(-15 * DAY) }));

    expect(await response.json()).toMatchObject({ status: "invited" });
    expect((await set(policy.expiryDays)).status).toBe(200);
  });
});
