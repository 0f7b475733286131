import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices({ env: { SURVEY_SCANNER_WINDOW_SECONDS: "0" } });
});

describe("Page nonces", () => {
  it("refuses a survey page's first nonce replayed after 60 other posts, so the score stays", async () => {
    const ticket = aResolvedTicket({ requester: { email: "replay@example.com", name: "R", locale: "en" } });
    const intake = await postTicket(pulse.app, ticket);
    const { surveyId } = (await intake.json()) as { surveyId: string };
    const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
    if (!mail) throw new Error("no invitation email");
    const token = tokenOf(scoreLink(mail, 1));
    const first = (await openSurvey(pulse.app, `/s/${token}`)).nonce ?? "";

    const firstAnswer = await postRating(pulse.app, token, { score: 1, nonce: first }, { json: true });
    let next = ((await firstAnswer.json()) as { nextNonce: string }).nextNonce;
    for (let i = 0; i < 60; i++) {
      const answer = await postRating(pulse.app, token, { score: 5, nonce: next }, { json: true });
      const body = (await answer.json()) as { outcome: string; nextNonce: string };
      expect(body.outcome).toBe("recorded");
      next = body.nextNonce;
    }
    const replay = await postRating(pulse.app, token, { score: 1, nonce: first }, { json: true });

    expect(((await replay.json()) as { outcome: string }).outcome).toBe("already-recorded");
    expect((await pulse.surveys.getSurvey(surveyId))?.response?.score).toBe(5);
  });
});

describe("Staff tokens", () => {
  it("refuses a correctly signed local token that has no expiry with 401", async () => {
    const secret = new TextEncoder().encode(pulse.config.AUTH_JWT_SECRET ?? "");
    const claims = { role: "head", name: "Forever head" };
    const unsigned = new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("head-1")
      .setIssuer("pulse-local")
      .setAudience("pulse-staff")
      .setIssuedAt();
    const forever = await unsigned.sign(secret);
    const expiring = await unsigned.setExpirationTime("1h").sign(secret);
    const call = (token: string) =>
      pulse.app.request("/api/v1/settings/digest", { headers: { authorization: `Bearer ${token}` } });

    expect((await call(forever)).status).toBe(401);
    expect((await call(expiring)).status).toBe(200);
  });
});
