import { beforeAll, describe, expect, it } from "vitest";
import { dimensionsOf, type Survey } from "../../functions/src/domain/survey.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;
const clock = manualClock("2026-11-20T15:00:00Z");

beforeAll(async () => {
  pulse = await startTestServices({ clock });
});

/** A resolution time `hours` before the clock's now, as the ITSM tool stamps it. */
const hoursAgo = (hours: number) => new Date(clock.now().getTime() - hours * 3_600_000).toISOString();

type Ticket = ReturnType<typeof aResolvedTicket>;

async function intake(ticket: Ticket) {
  const response = await postTicket(pulse.app, ticket);
  expect(response.status).toBe(202);
  return (await response.json()) as { surveyId: string; status: string; reason?: string };
}

async function invitationsOf(surveyId: string) {
  return (await readOutbox(pulse.outbox)).filter((mail) => mail.headers.get("x-pulse-survey") === surveyId);
}

async function rate(surveyId: string, score: number) {
  const [mail] = await invitationsOf(surveyId);
  if (!mail) throw new Error(`no invitation for ${surveyId}`);
  const token = tokenOf(scoreLink(mail, score));
  const page = await openSurvey(pulse.app, `/s/${token}?score=${score}`);
  expect((await postRating(pulse.app, token, { score, nonce: page.nonce ?? "" })).status).toBe(200);
}

/** The day's totals of one service, as the satisfaction report shows them. */
async function totalsOf(service: string, day: string) {
  const query = new URLSearchParams({ from: day, to: day, interval: "day", service });
  const { status, body } = await callStaffApi(
    pulse,
    "analyst",
    "GET",
    `/api/v1/metrics/satisfaction?${query}`,
  );
  expect(status).toBe(200);
  return (body as { totals: { invited: number; n: number } }).totals;
}

/** A survey stored as intake stores it, whose invitation no mailer has taken yet. */
async function aSurveyNotYetMailed(service: string) {
  const resolvedAt = hoursAgo(2);
  const ticket = aResolvedTicket({ resolvedAt, service });
  const survey: Survey = {
    surveyId: `held-${ticket.ticketId}`,
    source: ticket.source,
    ticketId: ticket.ticketId,
    title: ticket.title,
    resolvedAt,
    day: resolvedAt.slice(0, 10),
    requester: { email: ticket.requester.email, locale: "pl" },
    dimensions: dimensionsOf(ticket),
    status: "invited",
    createdAt: clock.now().toISOString(),
    expiresAt: new Date(clock.now().getTime() + 14 * 86_400_000).toISOString(),
    invitation: { state: "pending" },
    version: 0,
  };
  await pulse.surveys.createSurvey({ survey, seenLastInvitedAt: undefined });
  return { ticket, survey };
}

async function expectAggregatesToEqualARecount() {
  await pulse.mailQueue.drain();
  const { stored, recount } = await aggregatesAndRecount(pulse.db, pulse.tableName);
  expect(stored).toEqual(recount);
}

describe("A ticket resolved more than once", () => {
  it("gets a second survey with its own invitation when it is resolved again after its survey closed", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(2) });
    const first = await intake(ticket);
    expect(first.status).toBe("invited");
    expect(await invitationsOf(first.surveyId)).toHaveLength(1);

    clock.advanceDays(15);
    const reopened = { ...ticket, resolvedAt: hoursAgo(1) };
    const second = await intake(reopened);

    expect(second.status).toBe("invited");
    expect(second.surveyId).not.toBe(first.surveyId);
    expect(await invitationsOf(second.surveyId)).toHaveLength(1);
    expect((await pulse.surveys.findByTicket(ticket.source, ticket.ticketId))?.surveyId).toBe(
      second.surveyId,
    );
    await expectAggregatesToEqualARecount();
  });

  it("answers the same survey, with no second mail, when the same resolution is delivered again", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(2) });
    const first = await intake(ticket);
    clock.advanceDays(15);
    const reopened = { ...ticket, resolvedAt: hoursAgo(1) };
    const second = await intake(reopened);

    expect((await intake(reopened)).surveyId).toBe(second.surveyId);
    // The first resolution arriving late is answered by the ticket's latest survey, not opened again.
    expect((await intake(ticket)).surveyId).toBe(second.surveyId);
    expect(await invitationsOf(first.surveyId)).toHaveLength(1);
    expect(await invitationsOf(second.surveyId)).toHaveLength(1);
  });

  it("keeps one survey when the ticket is resolved again while its survey is still open", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(30) });
    const first = await intake(ticket);
    clock.advanceDays(3);
    const again = await intake({ ...ticket, resolvedAt: hoursAgo(1) });

    expect(again.surveyId).toBe(first.surveyId);
    expect(await invitationsOf(first.surveyId)).toHaveLength(1);
    // The later resolution is folded into the open survey: delivered again once the survey closed, it opens nothing.
    clock.advanceDays(15);
    expect((await intake({ ...ticket, resolvedAt: hoursAgo(15 * 24 + 1) })).surveyId).toBe(first.surveyId);
    await expectAggregatesToEqualARecount();
  });

  it("counts a skipped resolution and the ticket's next resolution once each", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(3), requester: { locale: "en" } });
    const first = await intake(ticket);
    const second = await intake({ ...ticket, resolvedAt: hoursAgo(2) });

    expect(first).toMatchObject({ status: "skipped", reason: "no-email" });
    expect(second).toMatchObject({ status: "skipped", reason: "no-email" });
    expect(second.surveyId).not.toBe(first.surveyId);
    await expectAggregatesToEqualARecount();
  });

  it("opens exactly one new survey when two re-resolutions arrive at once", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(2) });
    const first = await intake(ticket);
    clock.advanceDays(15);

    const answers = await Promise.all([
      intake({ ...ticket, resolvedAt: hoursAgo(1) }),
      intake({ ...ticket, resolvedAt: hoursAgo(0.5) }),
    ]);

    const [one, other] = answers;
    expect(one?.surveyId).not.toBe(first.surveyId);
    expect(other?.surveyId).toBe(one?.surveyId);
    await expectAggregatesToEqualARecount();
    const { surveys } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(surveys.filter((survey) => survey.ticketId === ticket.ticketId)).toHaveLength(2);
    expect(await invitationsOf(one?.surveyId ?? "")).toHaveLength(1);
  });
});

describe("A ticket whose service or agent changes", () => {
  it("moves a rating given after the change to the new service, and the aggregates equal a recount", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(2), service: "Scanning", agent: "anowak" });
    const { surveyId } = await intake(ticket);
    await pulse.mailQueue.drain();
    const day = (await pulse.surveys.getSurvey(surveyId))?.day ?? "";

    const moved = await intake({ ...ticket, service: "Email", agent: "pzielinski" });
    expect(moved.surveyId).toBe(surveyId);
    await rate(surveyId, 2);

    expect(await totalsOf("Email", day)).toMatchObject({ invited: 1, n: 1 });
    expect(await totalsOf("Scanning", day)).toMatchObject({ invited: 0, n: 0 });
    expect((await pulse.surveys.getSurvey(surveyId))?.dimensions).toMatchObject({
      service: "Email",
      agent: "pzielinski",
    });
    await expectAggregatesToEqualARecount();
  });

  it("moves a survey whose invitation is still on its way, and counts the invitation where the ticket ended", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(2), service: "Copiers", category: "Hardware" });
    const { surveyId } = await intake(ticket);
    // No waiting for the mail: the change may meet the invitation pending, being sent or sent.
    await intake({ ...ticket, service: "Telephony", category: "Mobile" });
    await expectAggregatesToEqualARecount();

    const day = (await pulse.surveys.getSurvey(surveyId))?.day ?? "";
    expect(await totalsOf("Telephony", day)).toMatchObject({ invited: 1 });
    expect(await invitationsOf(surveyId)).toHaveLength(1);
  });

  it("waits for an invitation being sent before moving it, so the invitation counts where the ticket ended", async () => {
    const { ticket, survey } = await aSurveyNotYetMailed("Badges");
    const claim = { kind: "invitation", surveyId: survey.surveyId, nonce: "held-nonce" } as const;
    const at = clock.now().toISOString();
    expect(
      await pulse.surveys.claimSurveyMail({
        ...claim,
        tokenHash: "held",
        expiresAt: survey.expiresAt ?? "",
        at,
        attempts: 1,
        version: 0,
      }),
    ).toBe("claimed");

    const moving = intake({ ...ticket, service: "Lockers" });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The mailer records the mail against the survey as it read it, before the move.
    await pulse.surveys.markInvitationSent({ survey, nonce: claim.nonce, at, sentDay: survey.day });
    expect((await moving).surveyId).toBe(survey.surveyId);

    expect((await pulse.surveys.getSurvey(survey.surveyId))?.dimensions.service).toBe("Lockers");
    expect(await totalsOf("Lockers", survey.day)).toMatchObject({ invited: 1 });
    expect(await totalsOf("Badges", survey.day)).toMatchObject({ invited: 0 });
    await expectAggregatesToEqualARecount();
  });

  it("refuses the invitation to a mailer that read the survey before it moved, so it reads it again", async () => {
    const { survey } = await aSurveyNotYetMailed("Kiosks");
    // Moved as a delivery moves it, with no invitation queued, so no mailer of this test's own takes it first.
    const dimensions = { ...survey.dimensions, service: "Vending" };
    expect(await pulse.surveys.reviseSurvey({ survey, dimensions, lastResolvedAt: undefined })).toBe(
      "revised",
    );

    const claim = {
      kind: "invitation",
      surveyId: survey.surveyId,
      nonce: "stale-nonce",
      tokenHash: "stale",
      expiresAt: survey.expiresAt ?? "",
      at: clock.now().toISOString(),
      attempts: 1,
    } as const;
    expect(await pulse.surveys.claimSurveyMail({ ...claim, version: survey.version })).toBe("refused");
    const fresh = await pulse.surveys.getSurvey(survey.surveyId);
    expect(await pulse.surveys.claimSurveyMail({ ...claim, version: fresh?.version })).toBe("claimed");
    if (!fresh) throw new Error("no survey");
    await pulse.surveys.markInvitationSent({
      survey: fresh,
      nonce: claim.nonce,
      at: claim.at,
      sentDay: fresh.day,
    });
    expect(await totalsOf("Vending", fresh.day)).toMatchObject({ invited: 1 });
    await expectAggregatesToEqualARecount();
  });

  it("moves a skipped resolution's count to the new service", async () => {
    const ticket = aResolvedTicket({
      resolvedAt: hoursAgo(2),
      service: "Parking",
      requester: { locale: "pl" },
    });
    const { surveyId } = await intake(ticket);
    await intake({ ...ticket, service: "Facilities" });

    expect((await pulse.surveys.getSurvey(surveyId))?.dimensions.service).toBe("Facilities");
    await expectAggregatesToEqualARecount();
  });

  it("leaves a rating where it was given when the ticket changes after it", async () => {
    const ticket = aResolvedTicket({ resolvedAt: hoursAgo(2), service: "Catering" });
    const { surveyId } = await intake(ticket);
    await rate(surveyId, 5);
    const day = (await pulse.surveys.getSurvey(surveyId))?.day ?? "";
    const before = await totalsOf("Catering", day);

    expect((await intake({ ...ticket, service: "Networking" })).surveyId).toBe(surveyId);

    expect((await pulse.surveys.getSurvey(surveyId))?.dimensions.service).toBe("Catering");
    expect(await totalsOf("Catering", day)).toEqual(before);
    expect(await totalsOf("Networking", day)).toMatchObject({ invited: 0, n: 0 });
    await expectAggregatesToEqualARecount();
  });
});
