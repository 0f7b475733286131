import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { makeDynamoSurveyRepository } from "../../functions/src/adapters/dynamo/survey-repository.js";
import { makeDynamoWebhookRepository } from "../../functions/src/adapters/dynamo/webhook-repository.js";
import { fixedFieldKeyring } from "../../functions/src/adapters/secrets/field-keyring.js";
import { fieldKeysOf } from "../../functions/src/adapters/secrets/field-seal.js";
import { deliveryIdOf, makeOutboundConsumer } from "../../functions/src/app/outbound/deliver-outbound.js";
import type { SurveyRepository } from "../../functions/src/app/ports.js";
import { requesterKeyOf } from "../../functions/src/app/surveys/link-secrets.js";
import { composeErasureReplay } from "../../functions/src/composition/erasure-replay.js";
import { loadConfig } from "../../functions/src/config.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import {
  FIELD_KEYS,
  startTestServices,
  type TestServices,
  testEnvironment,
} from "../helpers/test-services.js";
import { startWebhookReceiver } from "../helpers/webhook-receiver.js";

let pulse: TestServices;
const clock = manualClock("2026-11-21T09:00:00Z");

const ERASED = { email: "Ewa.Nowak@example.com", name: "Ewa Nowak" };
const KEPT = { email: "piotr.zielinski@example.com", name: "Piotr Zieliński" };

beforeAll(async () => {
  pulse = await startTestServices({ clock });
});

const call = (role: Role, method: string, path: string, body?: unknown) =>
  callStaffApi(pulse, role, method, path, body);

async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await pulse.db.send(
      new ScanCommand({ TableName: pulse.tableName, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

/** The items of the whole table that mention the text anywhere, in any letter case. */
async function itemsMentioning(text: string) {
  const needle = text.toLowerCase();
  return (await scanTable()).filter((item) => JSON.stringify(item).toLowerCase().includes(needle));
}

async function rateAs(person: { email: string; name: string }, score: number, comment: string) {
  const ticket = aResolvedTicket(
    { requester: { email: person.email, name: person.name, locale: "pl" } },
    clock,
  );
  const intake = await postTicket(pulse.app, ticket);
  const { surveyId } = (await intake.json()) as { surveyId: string };
  const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
  if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
  const token = tokenOf(scoreLink(mail, score));
  const page = await openSurvey(pulse.app, `/s/${token}?score=${score}`);
  const posted = await postRating(pulse.app, token, { score, nonce: page.nonce ?? "", comment });
  expect(posted.status).toBe(200);
  return surveyId;
}

describe("Erasing a requester by address", () => {
  let originals: Record<string, unknown>[] = [];
  let lowRated = "";

  beforeAll(async () => {
    lowRated = await rateAs(ERASED, 1, "Ewa Nowak tutaj: drukarka nadal nie drukuje, ewa.nowak@example.com");
    clock.advanceDays(8);
    await rateAs(ERASED, 5, "Drukarka działa, dziękuję");
    await rateAs(KEPT, 2, "Drukarka drukuje puste strony");
    const note = await call("manager", "POST", `/api/v1/follow-ups/${lowRated}/notes`, {
      note: "Called Ewa Nowak on ewa.nowak@example.com",
      expectedVersion: 1,
    });
    expect(note.status).toBe(200);
    // Themes are materialised first, so their samples quote the comments that the erasure must reach.
    expect((await call("analyst", "GET", "/api/v1/themes?from=2026-11-01&to=2026-11-30")).status).toBe(200);
    originals = await scanTable();
  });

  it("leaves no item in the table holding the address, the name or the address's requester key", async () => {
    expect(await itemsMentioning(ERASED.email)).not.toHaveLength(0);

    const erased = await call("head", "DELETE", `/api/v1/requesters/${encodeURIComponent(ERASED.email)}`);

    expect(erased.status).toBe(200);
    expect(erased.body.surveys).toBe(2);
    expect(await itemsMentioning(ERASED.email)).toEqual([]);
    expect(await itemsMentioning(ERASED.name)).toEqual([]);
    expect(await itemsMentioning(requesterKeyOf(ERASED.email))).toEqual([]);
    expect(await itemsMentioning(KEPT.email)).not.toHaveLength(0);
  });

  it("keeps every score counted: the aggregates are unchanged and equal a recount", async () => {
    const before = originals.filter((item) => item.type === "trend");
    const { stored, recount } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    const after = (await scanTable()).filter((item) => item.type === "trend");

    expect(stored).toEqual(recount);
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(before.length);
    const themes = await call("analyst", "GET", "/api/v1/themes?from=2026-11-01&to=2026-11-30");
    expect(JSON.stringify(themes.body)).not.toContain("ewa.nowak");
    expect(themes.body).toMatchObject({ comments: 1, responses: 3 });
  });

  it("records the erasure in a ledger holding a keyed hash, never the address", async () => {
    const ledger = (await scanTable()).filter((item) => item.type === "erasure");

    expect(ledger).toHaveLength(1);
    expect(String(ledger[0]?.sk)).toMatch(/^ERASURE#[0-9a-f]{64}$/);
    expect(JSON.stringify(ledger)).not.toContain(requesterKeyOf(ERASED.email));
  });

  it("erases the address again when the ledger is re-applied after a restore from backup, with no field keys at hand", async () => {
    for (const item of originals) {
      await pulse.db.send(new PutCommand({ TableName: pulse.tableName, Item: item }));
    }
    expect(await itemsMentioning(ERASED.email)).not.toHaveLength(0);
    // As `npm run reapply-erasures` runs: the restored table and its secrets, and no access to the field keys.
    const { PULSE_FIELD_KEYS: _keys, ...restored } = testEnvironment(pulse);
    const replay = await composeErasureReplay(loadConfig(restored), { clock });

    const reapplied = await replay.reapplyErasures();

    expect(reapplied.surveys).toBe(2);
    expect(await itemsMentioning(ERASED.email)).toEqual([]);
    expect(await itemsMentioning(ERASED.name)).toEqual([]);
    expect(await itemsMentioning(KEPT.email)).not.toHaveLength(0);
    const { stored, recount } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(stored).toEqual(recount);
  });
});

describe("Exporting what Pulse holds on one requester", () => {
  it("gives a head the person's surveys, comments, follow-up cases and profile as JSON", async () => {
    clock.advanceDays(8);
    const surveyId = await rateAs(KEPT, 1, "Nikt nie oddzwonił");

    const exported = await call(
      "head",
      "GET",
      `/api/v1/requesters/${encodeURIComponent(KEPT.email.toUpperCase())}`,
    );

    expect(exported.status).toBe(200);
    expect(exported.body.email).toBe(KEPT.email);
    expect(exported.body.profile).toMatchObject({ optedOut: false });
    const mine = exported.body.surveys.find((survey: { surveyId: string }) => survey.surveyId === surveyId);
    expect(mine).toMatchObject({
      requester: { email: KEPT.email, name: KEPT.name },
      response: { score: 1, comment: "Nikt nie oddzwonił" },
    });
    // What Pulse keeps only to run the survey (the requester key, the used page nonces, scanner hits) is not theirs.
    expect(mine.requester).not.toHaveProperty("key");
    expect(mine).not.toHaveProperty("usedNonces");
    expect(mine.response).not.toHaveProperty("autoHits");
    expect(exported.body.followUps.map((record: { id: string }) => record.id)).toContain(surveyId);
    expect(
      exported.body.surveys.every(
        (survey: { requester: { email: string } }) => survey.requester.email === KEPT.email,
      ),
    ).toBe(true);
  });

  it("is refused to managers and names the field for an address that is not one", async () => {
    expect(
      (await call("manager", "GET", `/api/v1/requesters/${encodeURIComponent(KEPT.email)}`)).status,
    ).toBe(403);

    const bad = await call("head", "GET", "/api/v1/requesters/not-an-address");

    expect(bad.status).toBe(400);
    expect(bad.type).toContain("application/problem+json");
    expect(JSON.stringify(bad.body.errors)).toContain("email");
  });
});

describe("The audit log of staff actions on personal data", () => {
  async function as(role: Role, name: string, method: string, path: string) {
    const response = await pulse.app.request(path, {
      method,
      headers: { authorization: `Bearer ${await pulse.token(role, name)}`, "user-agent": "AuditTest/1.0" },
    });
    expect(response.status).toBe(200);
    // A minute between actions, so the log's newest-first order is the order they happened in.
    clock.advanceDays(1 / 1440);
  }

  it("shows heads who read responses, exported and erased a requester, when, and from what client", async () => {
    const address = "marta.audit@example.com";
    await rateAs({ email: address, name: "Marta" }, 4, "Szybko");
    clock.advanceDays(1 / 1440);
    const before = clock.now().toISOString();

    await as("analyst", "Agata Analyst", "GET", "/api/v1/responses?from=2026-11-01&to=2026-11-30");
    await as("head", "Henryk Head", "GET", `/api/v1/requesters/${encodeURIComponent(address)}`);
    await as("head", "Henryk Head", "DELETE", `/api/v1/requesters/${encodeURIComponent(address)}`);
    const log = await call("head", "GET", `/api/v1/audit?month=${before.slice(0, 7)}`);

    expect(log.status).toBe(200);
    const entries = log.body.entries as Array<{ action: string; actor: { name: string }; at: string }>;
    expect(entries.slice(0, 3).map((entry) => [entry.action, entry.actor.name])).toEqual([
      ["requester.erase", "Henryk Head"],
      ["requester.export", "Henryk Head"],
      ["responses.read", "Agata Analyst"],
    ]);
    for (const entry of entries.slice(0, 3)) {
      expect(entry).toMatchObject({ userAgent: "AuditTest/1.0", clientAddress: expect.any(String) });
      expect(Date.parse(entry.at)).toBeGreaterThanOrEqual(Date.parse(before));
    }
    expect(JSON.stringify(log.body)).not.toContain(address);
  });

  it("logs a read whose path ends in a slash like the same read without it", async () => {
    const address = "olek.slash@example.com";
    await rateAs({ email: address, name: "Olek" }, 2, "Wolno");
    clock.advanceDays(1 / 1440);
    const before = clock.now().toISOString();

    await as("analyst", "Agata Analyst", "GET", "/api/v1/responses/?from=2026-11-01&to=2026-11-30");
    await as("head", "Henryk Head", "GET", `/api/v1/requesters/${encodeURIComponent(address)}/`);
    const log = await call("head", "GET", `/api/v1/audit?month=${before.slice(0, 7)}`);

    const entries = log.body.entries as Array<{ action: string; target: string }>;
    expect(entries.slice(0, 2).map((entry) => entry.action)).toEqual(["requester.export", "responses.read"]);
    expect(JSON.stringify(entries.slice(0, 2))).not.toContain(address);
  });

  it("is readable by heads only and cannot be changed through the API", async () => {
    expect((await call("manager", "GET", "/api/v1/audit")).status).toBe(403);
    expect((await call("head", "GET", "/api/v1/audit?month=2026-13")).status).toBe(400);
    for (const method of ["PUT", "DELETE", "POST"]) {
      expect((await call("head", method, "/api/v1/audit", {})).status).toBe(404);
    }
  });
});

describe("Undoing an opt-out from the same link", () => {
  async function intake(email: string) {
    clock.advanceDays(8);
    const ticket = aResolvedTicket({
      resolvedAt: clock.now().toISOString(),
      requester: { email, name: "Olga", locale: "en" },
    });
    const response = await postTicket(pulse.app, ticket);
    return { ticket, body: (await response.json()) as { status: string; reason?: string } };
  }

  it("offers to subscribe again after opting out, and then invites the requester as before", async () => {
    const email = "olga.optout@example.com";
    const { ticket } = await intake(email);
    const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
    if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
    const token = tokenOf(scoreLink(mail, 3));
    const form = { "content-type": "application/x-www-form-urlencoded" };

    const optedOut = await pulse.app.request(`/s/${token}/opt-out`, {
      method: "POST",
      headers: form,
      body: "",
    });
    const page = await optedOut.text();

    expect(optedOut.status).toBe(200);
    expect(page).toContain(`action="/s/${token}/opt-in"`);
    expect(page).toContain("Subscribe again");
    expect((await intake(email)).body).toMatchObject({ status: "skipped", reason: "opted-out" });

    const again = await pulse.app.request(`/s/${token}/opt-in`, {
      method: "POST",
      headers: form,
      body: "lang=en",
    });

    expect(again.status).toBe(200);
    expect(await again.text()).toContain("You are subscribed again");
    expect((await intake(email)).body).toMatchObject({ status: "invited" });
  });

  it("answers an unknown link's subscribe-again with the friendly not-found page", async () => {
    const response = await pulse.app.request(`/s/${"x".repeat(43)}/opt-in`, { method: "POST" });

    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
  });
});

describe("Erasing a requester whose ratings went out by webhook", () => {
  const PERSON = { email: "marta.wisniewska@example.com", name: "Marta Wiśniewska" };
  const COMMENT = "Marta Wiśniewska, marta.wisniewska@example.com: laptop znowu nie startuje";

  it("empties the logged bodies of their deliveries, lists them in the access export, and never sends them again", async () => {
    const receiver = await startWebhookReceiver();
    const created = await call("head", "POST", "/api/v1/webhooks", {
      url: receiver.url,
      events: ["rating.recorded", "follow-up.opened"],
      format: "pulse",
    });
    expect(created.status).toBe(201);
    const webhookId = (created.body as { webhook: { id: string } }).webhook.id;
    try {
      const surveyId = await rateAs(PERSON, 1, COMMENT);
      await pulse.outboundQueue.drain();
      expect(receiver.received.map((request) => JSON.parse(request.body).type).sort()).toEqual([
        "follow-up.opened",
        "rating.recorded",
      ]);
      expect(await itemsMentioning("laptop znowu nie startuje")).not.toEqual([]);

      const exported = await call("head", "GET", `/api/v1/requesters/${encodeURIComponent(PERSON.email)}`);
      expect(exported.status).toBe(200);
      expect(exported.body.webhookDeliveries).toHaveLength(2);
      expect(exported.body.webhookDeliveries).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ webhookId, eventType: "rating.recorded", surveyId, erasedAt: null }),
          expect.objectContaining({ webhookId, eventType: "follow-up.opened", surveyId, erasedAt: null }),
        ]),
      );

      const erased = await call("head", "DELETE", `/api/v1/requesters/${encodeURIComponent(PERSON.email)}`);
      expect(erased.status).toBe(200);
      expect(erased.body).toMatchObject({ surveys: 1, webhookDeliveries: 2 });

      const deliveries = (await scanTable()).filter(
        (item) => item.type === "webhook-delivery" && item.surveyId === surveyId,
      );
      expect(deliveries).toHaveLength(2);
      for (const delivery of deliveries) {
        expect(delivery.body).toBe("");
        expect(delivery.erasedAt).toBe(erased.body.erasedAt);
        // What happened stays in the log: every try with its status code and time.
        expect(delivery.attempts).toEqual([expect.objectContaining({ statusCode: 200 })]);
      }
      expect(await itemsMentioning("laptop znowu nie startuje")).toEqual([]);
      expect(await itemsMentioning(PERSON.name)).toEqual([]);
      expect(await itemsMentioning(PERSON.email)).toEqual([]);
      expect(await itemsMentioning("VPN drops every few minutes")).not.toContainEqual(
        expect.objectContaining({ type: "webhook-delivery", surveyId }),
      );

      const log = await call("head", "GET", `/api/v1/webhooks/${webhookId}/deliveries`);
      const rating = (
        log.body.items as Array<{ id: string; eventType: string; erasedAt: string | null }>
      ).find((item) => item.eventType === "rating.recorded");
      expect(rating?.erasedAt).toBe(erased.body.erasedAt);
      const redelivered = await call(
        "head",
        "POST",
        `/api/v1/webhooks/${webhookId}/deliveries/${rating?.id}/redeliver`,
      );
      expect(redelivered.status).toBe(410);
      expect(redelivered.type).toContain("application/problem+json");
      expect(redelivered.body).toMatchObject({ code: "delivery-erased" });
      expect(redelivered.body.detail).toContain("erased with the requester's data");
      await pulse.outboundQueue.drain();
      expect(receiver.received).toHaveLength(2);

      // A retry that was already queued when the erasure came finds the body gone and sends nothing.
      const { consume, posted, webhooks } = outboundConsumer({ getSurvey: async () => undefined });
      await webhooks.setStatus(String(rating?.id), "pending", clock.now().toISOString());
      const retried = await consume([
        {
          messageId: "m-1",
          body: JSON.stringify({ kind: "delivery", deliveryId: rating?.id }),
          receiveCount: 2,
        },
      ]);
      expect(retried.batchItemFailures).toEqual([]);
      expect(posted).toEqual([]);
    } finally {
      await call("head", "DELETE", `/api/v1/webhooks/${webhookId}`);
      await receiver.close();
    }
  });

  /** The outbound function's consumer over the real log, reading surveys as given, posting into `posted`. */
  function outboundConsumer(surveys: Pick<SurveyRepository, "getSurvey">) {
    const posted: string[] = [];
    const logged: string[] = [];
    const webhooks = makeDynamoWebhookRepository(
      pulse.db,
      pulse.tableName,
      fixedFieldKeyring(fieldKeysOf(FIELD_KEYS)),
    );
    const consume = makeOutboundConsumer({
      webhooks,
      surveys,
      followUps: { get: async () => undefined },
      poster: {
        post: async (_url, body) => {
          posted.push(body);
          return { statusCode: 200 };
        },
      },
      clock,
      log: {
        info: (line) => logged.push(line),
        warn: (line) => logged.push(line),
        error: (line) => logged.push(line),
        appendKeys: () => {},
      },
    });
    return { consume, posted, logged, webhooks };
  }

  /**
   * A requester rates, the outbound function reads the survey, a webhook is registered for `events` (deleted when the
   * test ends), and then the requester is erased: what a fan-out running late meets.
   */
  async function erasedAfterRating(
    person: { email: string; name: string },
    comment: string,
    events: string[],
  ) {
    const surveyId = await rateAs(person, 1, comment);
    await pulse.outboundQueue.drain();
    const surveys = makeDynamoSurveyRepository(pulse.db, pulse.tableName);
    const readBefore = await surveys.getSurvey(surveyId);
    expect(readBefore?.response?.comment).toBe(comment);
    const created = await call("head", "POST", "/api/v1/webhooks", {
      url: "http://127.0.0.1:9/never",
      events,
      format: "pulse",
    });
    expect(created.status).toBe(201);
    const webhookId = (created.body as { webhook: { id: string } }).webhook.id;
    onTestFinished(async () => {
      await call("head", "DELETE", `/api/v1/webhooks/${webhookId}`);
    });
    const erased = await call("head", "DELETE", `/api/v1/requesters/${encodeURIComponent(person.email)}`);
    expect(erased.status).toBe(200);
    return { surveyId, surveys, readBefore, webhookId, erased: erased.body };
  }

  it("stores and sends nothing of a rating read from the survey before the requester's erasure and fanned out after it", async () => {
    const LATE = { email: "jan.kowalczyk@example.com", name: "Jan Kowalczyk" };
    const { surveyId, readBefore, webhookId, erased } = await erasedAfterRating(
      LATE,
      "Jan Kowalczyk: drukarka nadal nie drukuje",
      ["rating.recorded"],
    );
    // The erasure found no delivery about the survey yet; only then is the event fanned out, from the earlier read.
    expect(erased).toMatchObject({ surveys: 1, webhookDeliveries: 0 });
    const { consume, posted, logged } = outboundConsumer({ getSurvey: async () => readBefore });
    const result = await consume([
      {
        messageId: "m-late",
        body: JSON.stringify({ kind: "rating", surveyId, version: readBefore?.version, score: 1 }),
        receiveCount: 1,
      },
    ]);
    expect(result.batchItemFailures).toEqual([]);
    expect(logged).toContain("Webhook delivery not stored: its requester's data was erased");
    expect(posted).toEqual([]);
    expect(await itemsMentioning("drukarka nadal nie drukuje")).toEqual([]);
    expect(await itemsMentioning(LATE.name)).toEqual([]);
    const log = await call("head", "GET", `/api/v1/webhooks/${webhookId}/deliveries`);
    expect(log.body.items).toEqual([]);
  });

  it("empties instead of sending a rating's delivery that the erasure missed, stored a moment before it", async () => {
    const MISSED = { email: "olga.mazur@example.com", name: "Olga Mazur" };
    const { surveyId, surveys, readBefore, webhookId } = await erasedAfterRating(
      MISSED,
      "Olga Mazur: skrzynka pocztowa pełna",
      ["rating.recorded"],
    );
    // What an erasure leaves when the survey's index had not yet listed a delivery stored just before it: the
    // delivery, pending, with the comment in its body.
    const { consume, posted, logged, webhooks } = outboundConsumer(surveys);
    const eventId = `evt_rating_${surveyId}_${readBefore?.version}`;
    const deliveryId = deliveryIdOf(eventId, webhookId);
    const at = clock.now().toISOString();
    await webhooks.createDelivery({
      id: deliveryId,
      webhookId,
      eventId,
      eventType: "rating.recorded",
      method: "POST",
      url: "http://127.0.0.1:9/never",
      body: JSON.stringify({ comment: readBefore?.response?.comment }),
      status: "pending",
      attempts: [],
      createdAt: at,
      updatedAt: at,
      surveyId,
      erasedAt: null,
    });
    expect(await itemsMentioning("skrzynka pocztowa pełna")).not.toEqual([]);

    const result = await consume([
      { messageId: "m-missed", body: JSON.stringify({ kind: "delivery", deliveryId }), receiveCount: 2 },
    ]);
    expect(result.batchItemFailures).toEqual([]);
    expect(posted).toEqual([]);
    expect(logged).toContain("Webhook delivery emptied, not sent: its requester's data was erased");
    expect(await itemsMentioning("skrzynka pocztowa pełna")).toEqual([]);
    expect(await webhooks.getDelivery(deliveryId)).toMatchObject({ body: "", erasedAt: at, attempts: [] });
  });

  it("still sends a follow-up event about an erased requester's survey, which names no requester", async () => {
    const CASE = { email: "adam.wrobel@example.com", name: "Adam Wróbel" };
    const { surveyId, surveys } = await erasedAfterRating(CASE, "Adam Wróbel: brak dostępu do VPN", [
      "follow-up.resolved",
    ]);
    const { consume, posted } = outboundConsumer(surveys);
    const event = {
      id: `evt_follow-up-resolved_${surveyId}_9`,
      type: "follow-up.resolved",
      timestamp: clock.now().toISOString(),
      data: { caseId: `case-${surveyId}`, ticketId: "T-1", service: "VPN", rating: 1, status: "resolved" },
    };
    const result = await consume([
      { messageId: "m-case", body: JSON.stringify({ kind: "event", event, surveyId }), receiveCount: 1 },
    ]);
    expect(result.batchItemFailures).toEqual([]);
    expect(posted.map((body) => JSON.parse(body).type)).toEqual(["follow-up.resolved"]);
  });
});
