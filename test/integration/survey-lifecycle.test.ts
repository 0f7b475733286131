import { beforeAll, describe, expect, it } from "vitest";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;
const clock = manualClock("2026-11-20T15:00:00Z");

beforeAll(async () => {
  pulse = await startTestServices({ clock });
});

async function invitationFor(surveyId: string) {
  const mail = (await readOutbox(pulse.outbox)).find(
    (candidate) => candidate.headers.get("x-pulse-survey") === surveyId,
  );
  if (!mail) throw new Error(`no invitation for ${surveyId}`);
  return mail;
}

async function intake(overrides: Record<string, unknown>) {
  const response = await postTicket(pulse.app, aResolvedTicket(overrides, clock));
  return (await response.json()) as { surveyId: string; status: string; reason?: string };
}

describe("A survey's life", () => {
  it("surveys a requester at most once in seven days and counts every skip, so the response rate stays honest", async () => {
    const requester = { email: "piotr@example.com", locale: "en" };
    const first = await intake({ requester, service: "Printing", resolvedAt: "2026-11-18T10:00:00Z" });
    const second = await intake({ requester, service: "Printing", resolvedAt: "2026-11-18T11:00:00Z" });
    expect(first.status).toBe("invited");
    expect(second).toMatchObject({ status: "skipped", reason: "throttled" });
    // `invited` counts the mail once it is handed over, which the local queue does right after the intake.
    await pulse.mailQueue.drain();

    const response = await pulse.app.request(
      "/api/v1/metrics/satisfaction?from=2026-11-18&to=2026-11-18&interval=day&service=Printing",
      { headers: { authorization: `Bearer ${await pulse.token("analyst")}` } },
    );
    const body = (await response.json()) as { totals: { invited: number; skipped: number; n: number } };
    expect(body.totals).toMatchObject({ invited: 1, skipped: 1, n: 0 });
  });

  it("honours an opt-out from the email footer for good", async () => {
    const requester = { email: "ewa@example.com", locale: "pl" };
    const { surveyId } = await intake({ requester });
    const token = tokenOf(scoreLink(await invitationFor(surveyId), 3));

    const confirm = await pulse.app.request(`/s/${token}/opt-out`);
    expect(confirm.status).toBe(200);
    // A GET only asks; the requester is still surveyable until they press the button.
    clock.advanceDays(8);
    expect((await intake({ requester })).status).toBe("invited");

    const done = await pulse.app.request(`/s/${token}/opt-out`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(done.status).toBe(200);
    clock.advanceDays(30);
    expect(await intake({ requester })).toMatchObject({ status: "skipped", reason: "opted-out" });
  });

  it("takes changes of mind until the survey closes, then shows the closed page with 410", async () => {
    const { surveyId } = await intake({ requester: { email: "ola@example.com", locale: "pl" } });
    const token = tokenOf(scoreLink(await invitationFor(surveyId), 4));
    const page = await openSurvey(pulse.app, `/s/${token}?score=4`);
    expect((await postRating(pulse.app, token, { score: 4, nonce: page.nonce ?? "" })).status).toBe(200);

    clock.advanceDays(13);
    const later = await openSurvey(pulse.app, `/s/${token}?score=2`);
    expect(later.response.status).toBe(200);
    expect((await postRating(pulse.app, token, { score: 2, nonce: later.nonce ?? "" })).status).toBe(200);
    expect((await pulse.surveys.getSurvey(surveyId))?.response).toMatchObject({ score: 2, changes: 1 });

    clock.advanceDays(2);
    const closed = await pulse.app.request(`/s/${token}?score=5`);
    expect(closed.status).toBe(410);
    expect(closed.headers.get("content-type")).toContain("text/html");
    const lateNonce = later.nonce ?? "";
    const latePost = await postRating(pulse.app, token, { score: 5, nonce: lateNonce });
    expect(latePost.status).toBe(410);
    expect((await pulse.surveys.getSurvey(surveyId))?.response?.score).toBe(2);
  });

  it("records a page's one-time value once: a replayed post changes nothing", async () => {
    const { surveyId } = await intake({ requester: { email: "jan@example.com", locale: "en" } });
    const token = tokenOf(scoreLink(await invitationFor(surveyId), 5));
    const page = await openSurvey(pulse.app, `/s/${token}?score=5`);
    await postRating(pulse.app, token, { score: 5, nonce: page.nonce ?? "" });
    const replay = await postRating(pulse.app, token, { score: 1, nonce: page.nonce ?? "" }, { json: true });
    expect(await replay.json()).toMatchObject({ outcome: "already-recorded", score: 5 });
    expect((await pulse.surveys.getSurvey(surveyId))?.response?.score).toBe(5);
  });
});
