import { beforeAll, describe, expect, it } from "vitest";
import type { Clock } from "../../functions/src/app/ports.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { messagesFor } from "../../functions/src/i18n/messages.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;
// A clock the test moves forward, to see a case become overdue.
let now = new Date();
const clock: Clock = { now: () => now };

beforeAll(async () => {
  pulse = await startTestServices({ clock });
});

const call = (role: Role, method: string, path: string, body?: unknown) =>
  callStaffApi(pulse, role, method, path, body);

/** Sends a ticket through intake and returns its survey id and link token. */
async function invite(overrides: Record<string, unknown> = {}) {
  const ticket = aResolvedTicket({
    resolvedAt: new Date(now.getTime() - 3_600_000).toISOString(),
    ...overrides,
  });
  const intake = await postTicket(pulse.app, ticket);
  const { surveyId } = (await intake.json()) as { surveyId: string };
  const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId as string));
  if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
  return { surveyId, token: tokenOf(scoreLink(mail, 1)), ticket };
}

async function rate(token: string, score: number, comment?: string) {
  const page = await openSurvey(pulse.app, `/s/${token}?score=${score}`);
  const response = await postRating(pulse.app, token, {
    score,
    nonce: page.nonce ?? "",
    ...(comment === undefined ? {} : { comment }),
  });
  expect(response.status).toBe(200);
}

/** Rates as the page does, with script (JSON) or without (the page that comes back). */
async function ratingAnswer(services: TestServices, token: string, score: number, json: boolean) {
  const page = await openSurvey(services.app, `/s/${token}?score=${score}`);
  const response = await postRating(services.app, token, { score, nonce: page.nonce ?? "" }, { json });
  expect(response.status).toBe(200);
  if (json) return (await response.json()) as { followUp?: boolean };
  // The thanks that the page shows after a save without script.
  return /<div class="notice ok" role="status">([\s\S]*?)<\/div>/.exec(await response.text())?.[1] ?? "";
}

describe("What a requester is told after rating", () => {
  it.each(["pl", "en"] as const)(
    "says in %s that someone will be in touch after a rating at or below the threshold, and not above it",
    async (locale) => {
      const followUp = messagesFor(locale).survey.followUp;
      const { token } = await invite({ requester: { email: `low-${locale}@example.com`, locale } });

      expect(await ratingAnswer(pulse, token, 2, false)).toContain(followUp);
      const thanks = await ratingAnswer(pulse, token, 3, false);
      expect(thanks).toContain(messagesFor(locale).survey.saved);
      expect(thanks).not.toContain(followUp);
      expect(await ratingAnswer(pulse, token, 1, true)).toMatchObject({ followUp: true });
      expect(await ratingAnswer(pulse, token, 4, true)).toMatchObject({ followUp: false });
    },
  );

  it("follows the threshold the survey policy sets", async () => {
    const strict = await startTestServices({ clock, env: { FOLLOW_UP_THRESHOLD: "3" } });
    await postTicket(strict.app, aResolvedTicket({ ticketId: "INC-THRESHOLD-3" }, clock));
    const [mail] = await readOutbox(strict.outbox);
    if (!mail) throw new Error("no invitation");
    const token = tokenOf(scoreLink(mail, 3));

    expect(await ratingAnswer(strict, token, 3, true)).toMatchObject({ followUp: true });
    expect(await ratingAnswer(strict, token, 4, true)).toMatchObject({ followUp: false });
  });
});

describe("The follow-up queue in the survey loop", () => {
  it("opens a case for a rating of 1 and closes it by itself when the rating changes to 5", async () => {
    const { surveyId, token, ticket } = await invite({
      requester: { email: "zofia@example.com", name: "Zofia", locale: "pl" },
      assignmentGroup: "Network L2",
    });

    await rate(token, 1, "VPN nadal nie działa");
    const opened = await call("analyst", "GET", `/api/v1/follow-ups/${surveyId}`);

    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      status: "open",
      rating: 1,
      comment: "VPN nadal nie działa",
      ticketId: ticket.ticketId,
      requesterName: "Zofia",
      service: "Remote access",
      ownerGroup: "Network L2",
      overdue: false,
    });
    const queue = await call("analyst", "GET", "/api/v1/follow-ups?group=Network%20L2");
    expect(queue.body.items.map((item: { id: string }) => item.id)).toContain(surveyId);

    await rate(token, 5);
    const closed = await call("analyst", "GET", `/api/v1/follow-ups/${surveyId}`);

    expect(closed.body).toMatchObject({ status: "resolved", resolution: "rating-raised", rating: 5 });
    const active = await call("analyst", "GET", "/api/v1/follow-ups");
    expect(active.body.items.map((item: { id: string }) => item.id)).not.toContain(surveyId);
    const resolved = await call("analyst", "GET", "/api/v1/follow-ups?status=resolved");
    expect(resolved.body.items.map((item: { id: string }) => item.id)).toContain(surveyId);
  });

  it("shows managers the requester's address and the link back to the ticket, and analysts no address", async () => {
    const ticketUrl = "https://itsm.example.com/nav_to.do?uri=incident.do?sys_id=42";
    const { surveyId, token, ticket } = await invite({
      ticketUrl,
      requester: { email: "marek@example.com", name: "Marek", locale: "pl" },
    });
    await rate(token, 1);

    const byManager = await call("manager", "GET", `/api/v1/follow-ups/${surveyId}`);
    const byAnalyst = await call("analyst", "GET", `/api/v1/follow-ups/${surveyId}`);
    const queueByAnalyst = await call("analyst", "GET", "/api/v1/follow-ups");

    expect(byManager.body).toMatchObject({
      ticketId: ticket.ticketId,
      ticketTitle: ticket.title,
      ticketUrl,
      requesterName: "Marek",
      requesterEmail: "marek@example.com",
    });
    expect(byAnalyst.body).toMatchObject({ ticketUrl, requesterName: "Marek", requesterEmail: null });
    const listed = queueByAnalyst.body.items.find((item: { id: string }) => item.id === surveyId);
    expect(listed).toMatchObject({ ticketUrl, requesterEmail: null });
  });

  it("refuses a ticket link that is not an http or https address", async () => {
    const refused = await postTicket(pulse.app, aResolvedTicket({ ticketUrl: "javascript:alert(1)" }));
    const tooLong = await postTicket(
      pulse.app,
      aResolvedTicket({ ticketUrl: `https://itsm.example.com/${"a".repeat(2000)}` }),
    );

    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("ticketUrl");
    expect(tooLong.status).toBe(400);
  });

  it("opens no case for a rating above the threshold", async () => {
    const { surveyId, token } = await invite();

    await rate(token, 3);

    expect((await call("analyst", "GET", `/api/v1/follow-ups/${surveyId}`)).status).toBe(404);
  });

  it("lets a manager contact and resolve a case with notes, refusing steps the case cannot take", async () => {
    const { surveyId, token } = await invite();
    await rate(token, 2);
    const path = `/api/v1/follow-ups/${surveyId}`;

    const byAnalyst = await call("analyst", "POST", `${path}/transitions`, { to: "contacted" });
    const contacted = await call("manager", "POST", `${path}/transitions`, {
      to: "contacted",
      note: "Called the requester; VPN profile reinstalled.",
    });
    const noted = await call("manager", "POST", `${path}/notes`, { note: "Requester confirms it works." });
    const resolved = await call("manager", "POST", `${path}/transitions`, { to: "resolved" });
    const again = await call("manager", "POST", `${path}/transitions`, { to: "contacted" });

    expect(byAnalyst.status).toBe(403);
    expect(contacted.body).toMatchObject({ status: "contacted", contactedAt: expect.any(String) });
    expect(noted.body.notes.map((note: { text: string }) => note.text)).toEqual([
      "Called the requester; VPN profile reinstalled.",
      "Requester confirms it works.",
    ]);
    expect(resolved.body).toMatchObject({ status: "resolved", resolution: "handled" });
    expect(again.status).toBe(409);
    expect(again.type).toContain("application/problem+json");
    expect(again.body).toMatchObject({ code: "invalid-transition", allowed: [] });
  });

  it("shows a case as overdue after two working days, oldest due first", async () => {
    const first = await invite();
    await rate(first.token, 1);
    now = new Date(now.getTime() + 60_000);
    const second = await invite();
    await rate(second.token, 2);

    const notYet = await call("analyst", "GET", "/api/v1/follow-ups?overdue=true");
    now = new Date(now.getTime() + 5 * 86_400_000);
    const overdue = await call("analyst", "GET", "/api/v1/follow-ups?overdue=true");

    const ids = (page: { body: { items: Array<{ id: string }> } }) => page.body.items.map((item) => item.id);
    expect(ids(notYet)).not.toContain(first.surveyId);
    const order = ids(overdue);
    expect(order).toEqual(expect.arrayContaining([first.surveyId, second.surveyId]));
    expect(order.indexOf(first.surveyId)).toBeLessThan(order.indexOf(second.surveyId));
    expect(overdue.body.items.every((item: { overdue: boolean }) => item.overdue)).toBe(true);
  });

  it("no longer counts a case as overdue once the requester was contacted", async () => {
    const waiting = await invite();
    await rate(waiting.token, 1);
    const reached = await invite();
    await rate(reached.token, 1);
    await call("manager", "POST", `/api/v1/follow-ups/${reached.surveyId}/transitions`, { to: "contacted" });

    now = new Date(now.getTime() + 5 * 86_400_000);
    const overdue = await call("analyst", "GET", "/api/v1/follow-ups?overdue=true");
    const contactedOverdue = await call("analyst", "GET", "/api/v1/follow-ups?overdue=true&status=contacted");
    const contacted = await call("analyst", "GET", `/api/v1/follow-ups/${reached.surveyId}`);
    const open = await call("analyst", "GET", `/api/v1/follow-ups/${waiting.surveyId}`);

    const ids = overdue.body.items.map((item: { id: string }) => item.id);
    expect(ids).toContain(waiting.surveyId);
    expect(ids).not.toContain(reached.surveyId);
    expect(contactedOverdue.body.items).toEqual([]);
    expect(contacted.body).toMatchObject({ status: "contacted", overdue: false });
    expect(open.body).toMatchObject({ status: "open", overdue: true });
  });

  it("links a case to an initiative, and promotes another into a new initiative", async () => {
    const linked = await invite();
    await rate(linked.token, 1, "Długo czekałem");
    const promoted = await invite();
    await rate(promoted.token, 2, "Nikt nie poinformował mnie o postępach");
    const initiative = await call("manager", "POST", "/api/v1/initiatives", {
      title: "Proactive VPN status updates",
      source: "survey-feedback",
      category: "process",
      effort: 3,
    });

    const link = await call("manager", "PUT", `/api/v1/follow-ups/${linked.surveyId}/initiative`, {
      initiativeId: initiative.body.id,
    });
    const promotion = await call("manager", "POST", `/api/v1/follow-ups/${promoted.surveyId}/promote`, {
      effort: 2,
    });

    expect(link.body.initiativeId).toBe(initiative.body.id);
    const withResponse = await call("analyst", "GET", `/api/v1/initiatives/${initiative.body.id}`);
    expect(withResponse.body.linkedResponseIds).toEqual([linked.surveyId]);
    expect(promotion.status).toBe(201);
    expect(promotion.body.initiative).toMatchObject({
      source: "survey-feedback",
      services: ["Remote access"],
      linkedResponseIds: [promoted.surveyId],
      description: "Nikt nie poinformował mnie o postępach",
      effort: 2,
    });
    expect(promotion.body.followUp.initiativeId).toBe(promotion.body.initiative.id);
  });
});
