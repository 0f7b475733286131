import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeHttpWebhookPoster } from "../../functions/src/adapters/outbound/http-webhook-poster.js";
import { verifyWebhookSignature } from "../../functions/src/app/outbound/webhook-signature.js";
import type { Log } from "../../functions/src/app/ports.js";
import { mailerFor } from "../../functions/src/composition/local-mailer.js";
import { compose } from "../../functions/src/composition.js";
import { loadConfig } from "../../functions/src/config.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { ensureTable } from "../../infra/local/bootstrap-table.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { type FakeAnswer, startFakeItsmApi } from "../helpers/itsm-api-receiver.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import {
  apiConformance,
  localEndpoint,
  startTestServices,
  type TestServices,
  testEnvironment,
} from "../helpers/test-services.js";
import { type ReceivedRequest, startWebhookReceiver } from "../helpers/webhook-receiver.js";

let pulse: TestServices;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  // A failed delivery comes back after 20 ms, then 40, 80…: the retries of a test take well under a second.
  pulse = await startTestServices({ env: { OUTBOUND_RETRY_SECONDS: "0.02" } });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const call = (role: Role, method: string, path: string, body?: unknown) =>
  callStaffApi(pulse, role, method, path, body);

/** Registers a webhook to a fresh loopback receiver, removed again after the test. */
async function registerReceiver(
  events: string[],
  options: { format?: "pulse" | "slack" | "teams"; statuses?: number[] } = {},
) {
  const receiver = await startWebhookReceiver(options.statuses);
  const created = await call("head", "POST", "/api/v1/webhooks", {
    url: receiver.url,
    events,
    format: options.format ?? "pulse",
  });
  expect(created.status).toBe(201);
  const { webhook, secret } = created.body as { webhook: { id: string }; secret: string };
  cleanups.push(
    () => receiver.close(),
    () => call("head", "DELETE", `/api/v1/webhooks/${webhook.id}`),
  );
  return { receiver, webhookId: webhook.id, secret };
}

/** A ticket through intake, rated from its email's link; resolves once the outbound queue is idle again. */
async function rateTicket(score: number, comment?: string) {
  const ticket = aResolvedTicket({
    resolvedAt: new Date(Date.now() - 3_600_000).toISOString(),
    ticketUrl: "https://itsm.example.com/INC/1",
  });
  const intake = await postTicket(pulse.app, ticket);
  expect(intake.status).toBe(202);
  const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
  if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
  const token = tokenOf(scoreLink(mail, score));
  const page = await openSurvey(pulse.app, `/s/${token}?score=${score}`);
  const rated = await postRating(pulse.app, token, {
    score,
    nonce: page.nonce ?? "",
    ...(comment === undefined ? {} : { comment }),
  });
  expect(rated.status).toBe(200);
  await pulse.outboundQueue.drain();
  return { ticket, token };
}

const signatureHolds = (request: ReceivedRequest, secret: string) =>
  verifyWebhookSignature({
    secret,
    headers: {
      id: String(request.headers["webhook-id"]),
      timestamp: String(request.headers["webhook-timestamp"]),
      signature: String(request.headers["webhook-signature"]),
    },
    body: request.body,
    now: new Date(),
  });

const deliveriesOf = async (webhookId: string) => {
  const log = await call("head", "GET", `/api/v1/webhooks/${webhookId}/deliveries`);
  expect(log.status).toBe(200);
  return (
    log.body as {
      items: Array<{
        id: string;
        eventType: string;
        status: string;
        attempts: Array<{ at: string; statusCode: number | null; error: string | null; durationMs: number }>;
      }>;
    }
  ).items;
};

describe("Outbound webhooks", () => {
  it("deliver a recorded rating to a loopback receiver, signed so that the receiver can verify it", async () => {
    const { receiver, webhookId, secret } = await registerReceiver(["rating.recorded"]);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const { ticket } = await rateTicket(4, "Quick and friendly");

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received as [ReceivedRequest];
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(signatureHolds(request, secret)).toBe(true);
    expect(signatureHolds({ ...request, body: request.body.replace('"score":4', '"score":5') }, secret)).toBe(
      false,
    );
    expect(signatureHolds(request, "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")).toBe(false);
    const event = JSON.parse(request.body);
    expect(event).toMatchObject({
      type: "rating.recorded",
      data: {
        source: "servicenow",
        ticketId: ticket.ticketId,
        score: 4,
        previousScore: null,
        comment: "Quick and friendly",
        service: "Remote access",
        agent: "jkowalski",
        ticketUrl: "https://itsm.example.com/INC/1",
      },
    });
    // Nothing of the requester's address leaves Pulse.
    expect(request.body).not.toContain("@example.com");
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery).toMatchObject({ id: request.headers["webhook-id"], status: "delivered" });
    expect(delivery?.attempts).toEqual([
      { at: expect.any(String), statusCode: 200, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it("try a receiver that fails three times again until the fourth try takes it, and log all four tries", async () => {
    const { receiver, webhookId, secret } = await registerReceiver(["rating.recorded"], {
      statuses: [500, 503, 502],
    });

    await rateTicket(3);

    expect(receiver.received).toHaveLength(4);
    const ids = new Set(receiver.received.map((request) => request.headers["webhook-id"]));
    expect(ids.size).toBe(1);
    expect(receiver.received.every((request) => signatureHolds(request, secret))).toBe(true);
    expect(new Set(receiver.received.map((request) => request.body)).size).toBe(1);
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery?.status).toBe("delivered");
    expect(delivery?.attempts.map((attempt) => attempt.statusCode)).toEqual([500, 503, 502, 200]);
    expect(delivery?.attempts.map((attempt) => attempt.error)).toEqual([
      "The receiver answered 500",
      "The receiver answered 503",
      "The receiver answered 502",
      null,
    ]);
    const times = delivery?.attempts.map((attempt) => Date.parse(attempt.at)) ?? [];
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("mark a delivery failed after its eighth try, without a dead letter, and deliver it when a head redelivers", async () => {
    const { receiver, webhookId } = await registerReceiver(["rating.recorded"], {
      statuses: Array.from({ length: 8 }, () => 500),
    });

    await rateTicket(4);

    expect(receiver.received).toHaveLength(8);
    const [failed] = await deliveriesOf(webhookId);
    expect(failed?.status).toBe("failed");
    expect(failed?.attempts).toHaveLength(8);
    const queue = pulse.outboundQueue;
    expect("deadLetters" in queue ? queue.deadLetters() : []).toEqual([]);

    await call("head", "POST", `/api/v1/webhooks/${webhookId}/deliveries/${failed?.id}/redeliver`);
    await pulse.outboundQueue.drain();
    const [redelivered] = await deliveriesOf(webhookId);
    expect(redelivered?.status).toBe("delivered");
    expect(redelivered?.attempts.map((attempt) => attempt.statusCode)).toEqual([
      ...Array.from({ length: 8 }, () => 500),
      200,
    ]);
  });

  it("send a delivery again when a head asks, with the same id and body, and log the new try", async () => {
    const { receiver, webhookId } = await registerReceiver(["rating.recorded"]);
    await rateTicket(5);
    const [delivery] = await deliveriesOf(webhookId);
    if (!delivery) throw new Error("no delivery");

    const redelivered = await call(
      "head",
      "POST",
      `/api/v1/webhooks/${webhookId}/deliveries/${delivery.id}/redeliver`,
    );
    expect(redelivered.status).toBe(202);
    expect(redelivered.body).toMatchObject({ id: delivery.id, status: "pending" });
    await pulse.outboundQueue.drain();

    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]?.headers["webhook-id"]).toBe(delivery.id);
    expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
    const [after] = await deliveriesOf(webhookId);
    expect(after?.status).toBe("delivered");
    expect(after?.attempts).toHaveLength(2);
  });

  it("answer a redelivery the outbound queue refuses as busy, with Retry-After, and leave the delivery as it was", async () => {
    const { webhookId } = await registerReceiver(["rating.recorded"]);
    await rateTicket(4);
    const [delivery] = await deliveriesOf(webhookId);
    expect(delivery?.status).toBe("delivered");
    const config = loadConfig(
      testEnvironment({ tableName: pulse.tableName, endpoint: pulse.endpoint, outbox: pulse.outbox }),
    );
    const refusing = await compose(config, {
      mailer: mailerFor(config),
      outboundQueue: {
        enqueue: async () => {
          throw new Error("The outbound queue refused 1 of 1 messages: InternalError");
        },
      },
    });

    const answer = await apiConformance
      .guard(refusing.app)
      .request(`/api/v1/webhooks/${webhookId}/deliveries/${delivery?.id}/redeliver`, {
        method: "POST",
        headers: { authorization: `Bearer ${await pulse.token("head")}` },
      });

    expect(answer.status).toBe(503);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    const [after] = await deliveriesOf(webhookId);
    expect(after).toEqual(delivery);
  });

  it("announce a requester's second thought as rating.changed, with the score before", async () => {
    const { receiver } = await registerReceiver(["rating.changed"]);
    const { token } = await rateTicket(4);
    expect(receiver.received).toHaveLength(0);

    const page = await openSurvey(pulse.app, `/s/${token}?score=2`);
    const again = await postRating(pulse.app, token, { score: 2, nonce: page.nonce ?? "" });
    expect(again.status).toBe(200);
    await pulse.outboundQueue.drain();

    expect(receiver.received.map((request) => JSON.parse(request.body))).toMatchObject([
      { type: "rating.changed", data: { score: 2, previousScore: 4 } },
    ]);
  });

  it("stop sending to a webhook once a head removes it", async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const created = await call("head", "POST", "/api/v1/webhooks", {
      url: receiver.url,
      events: ["rating.recorded"],
      format: "pulse",
    });
    const removed = await call("head", "DELETE", `/api/v1/webhooks/${created.body.webhook.id}`);
    expect(removed.status).toBe(204);
    await rateTicket(4);
    expect(receiver.received).toHaveLength(0);
    const again = await call("head", "DELETE", `/api/v1/webhooks/${created.body.webhook.id}`);
    expect(again.status).toBe(404);
  });

  it("refuse a redelivery of a delivery the webhook does not have, and a manager's try", async () => {
    const { webhookId } = await registerReceiver(["rating.recorded"]);
    const unknown = await call("head", "POST", `/api/v1/webhooks/${webhookId}/deliveries/dlv_nope/redeliver`);
    expect(unknown.status).toBe(404);
    expect(unknown.type).toContain("application/problem+json");
    const manager = await call("manager", "GET", "/api/v1/webhooks");
    expect(manager.status).toBe(403);
  });

  it("refuse a webhook whose URL is not http(s) or that names no event, naming the field", async () => {
    const notHttp = await call("head", "POST", "/api/v1/webhooks", {
      url: "ftp://files.example.com/in",
      events: ["rating.recorded"],
      format: "pulse",
    });
    expect(notHttp.status).toBe(400);
    expect(notHttp.body.errors).toEqual([{ field: "url", message: "must be an http(s) URL" }]);
    const noEvents = await call("head", "POST", "/api/v1/webhooks", {
      url: "https://hooks.example.com/in",
      events: [],
      format: "pulse",
    });
    expect(noEvents.status).toBe(400);
    expect(noEvents.body.errors.map((error: { field: string }) => error.field)).toEqual(["events"]);
  });

  it("list webhooks without their secrets", async () => {
    const { webhookId, secret } = await registerReceiver(["rating.changed"]);
    const listed = await call("head", "GET", "/api/v1/webhooks");
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item: { id: string }) => item.id)).toContain(webhookId);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
  });
});

describe("Bad-rating alerts in chat", () => {
  it("post a Slack-shaped and a Teams-shaped alert for a rating of 1, and nothing for a 5", async () => {
    const slack = await registerReceiver(["rating.recorded"], { format: "slack" });
    const teams = await registerReceiver(["rating.recorded"], { format: "teams" });

    const { ticket } = await rateTicket(1, "Nobody called me back <again> & again");
    await rateTicket(5);

    expect(slack.receiver.received).toHaveLength(1);
    const slackMessage = JSON.parse(slack.receiver.received[0]?.body ?? "{}");
    expect(slackMessage.text).toBe(`Bad rating: 1 of 5 for ticket ${ticket.ticketId}`);
    expect(slackMessage.blocks[0]).toMatchObject({ type: "header", text: { type: "plain_text" } });
    expect(slackMessage.blocks[1].fields).toContainEqual({
      type: "mrkdwn",
      text: "*Service*\nRemote access",
    });
    expect(slackMessage.blocks).toContainEqual({
      type: "section",
      text: { type: "mrkdwn", text: ">Nobody called me back &lt;again&gt; &amp; again" },
    });
    expect(slackMessage.blocks.at(-1)).toMatchObject({
      type: "actions",
      elements: [{ type: "button", url: "https://itsm.example.com/INC/1" }],
    });

    expect(teams.receiver.received).toHaveLength(1);
    const teamsMessage = JSON.parse(teams.receiver.received[0]?.body ?? "{}");
    expect(teamsMessage.type).toBe("message");
    expect(teamsMessage.attachments).toHaveLength(1);
    const [attachment] = teamsMessage.attachments;
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.content).toMatchObject({ type: "AdaptiveCard", version: "1.4" });
    expect(attachment.content.body[0]).toMatchObject({
      type: "TextBlock",
      text: `Bad rating: 1 of 5 for ticket ${ticket.ticketId}`,
    });
    expect(attachment.content.body[1].facts).toContainEqual({ title: "Agent", value: "jkowalski" });
    expect(attachment.content.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open the ticket", url: "https://itsm.example.com/INC/1" },
    ]);
  });
});

describe("Ratings written back to the ticket", () => {
  it.each([
    {
      format: "zendesk",
      path: "/api/v2/tickets/{ticketId}.json",
      method: "PUT",
      body: (note: string) => ({ ticket: { comment: { body: note, public: false } } }),
    },
    {
      format: "jira",
      path: "/rest/servicedeskapi/request/{ticketId}/comment",
      method: "POST",
      body: (note: string) => ({ body: note, public: false }),
    },
    {
      format: "freshservice",
      path: "/api/v2/tickets/{ticketId}/notes",
      method: "POST",
      body: (note: string) => ({ body: note.replace(/\n/g, "<br>"), private: true }),
    },
  ])(
    "reach a $format ticket as a private note, with the tool's authorization, and skip other tools' tickets",
    async (preset) => {
      const receiver = await startWebhookReceiver();
      cleanups.push(() => receiver.close());
      const created = await call("head", "POST", "/api/v1/webhooks", {
        url: `${new URL(receiver.url).origin}${preset.path}`,
        events: ["rating.recorded", "rating.changed"],
        format: preset.format,
        authorization: "Basic YWdlbnRAYWNtZS5jb20vdG9rZW46c2VjcmV0",
      });
      expect(created.status).toBe(201);
      expect(created.body.webhook).toMatchObject({ source: preset.format });
      expect(JSON.stringify(created.body.webhook)).not.toContain("YWdlbnRA");
      cleanups.push(() => call("head", "DELETE", `/api/v1/webhooks/${created.body.webhook.id}`));

      const ticket = aResolvedTicket({
        source: preset.format,
        ticketId: `${preset.format.toUpperCase()}-4711`,
        resolvedAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      await postTicket(pulse.app, ticket);
      const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
      if (!mail) throw new Error("no invitation");
      const token = tokenOf(scoreLink(mail, 2));
      const page = await openSurvey(pulse.app, `/s/${token}?score=2`);
      await postRating(pulse.app, token, { score: 2, nonce: page.nonce ?? "", comment: "Took three calls" });
      await pulse.outboundQueue.drain();
      await rateTicket(1);

      expect(receiver.received).toHaveLength(1);
      const [request] = receiver.received;
      expect(request?.method).toBe(preset.method);
      expect(request?.url).toBe(preset.path.replace("{ticketId}", ticket.ticketId));
      expect(request?.headers.authorization).toBe("Basic YWdlbnRAYWNtZS5jb20vdG9rZW46c2VjcmV0");
      expect(JSON.parse(request?.body ?? "{}")).toEqual(
        preset.body("Pulse: the requester rated this ticket 2 of 5.\nComment: Took three calls"),
      );
    },
  );

  it("refuse a write-back URL without the place of the ticket's id", async () => {
    const refused = await call("head", "POST", "/api/v1/webhooks", {
      url: "https://acme.zendesk.com/api/v2/tickets",
      events: ["rating.recorded"],
      format: "zendesk",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: "url", message: "must hold {ticketId} where the ticket's id goes" },
    ]);
  });

  it("refuse a write-back URL with the place of the ticket's id in its host, where an id would pick the server", async () => {
    for (const url of [
      "https://{ticketId}/api/v2/tickets",
      "https://{ticketId}.zendesk.com/api/v2/tickets.json",
    ]) {
      const refused = await call("head", "POST", "/api/v1/webhooks", {
        url,
        events: ["rating.recorded"],
        format: "zendesk",
      });
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        { field: "url", message: "must hold {ticketId} in its path, not its host" },
      ]);
    }
  });
});

/** A ticket from `source` through intake, rated from its email's link; resolves once the outbound queue is idle. */
async function rateTicketFrom(source: string, ticketId: string, score: number, comment?: string) {
  const ticket = aResolvedTicket({
    source,
    ticketId,
    resolvedAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  expect((await postTicket(pulse.app, ticket)).status).toBe(202);
  const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticketId));
  if (!mail) throw new Error(`no invitation for ${ticketId}`);
  const token = tokenOf(scoreLink(mail, score));
  const page = await openSurvey(pulse.app, `/s/${token}?score=${score}`);
  const rated = await postRating(pulse.app, token, {
    score,
    nonce: page.nonce ?? "",
    ...(comment === undefined ? {} : { comment }),
  });
  expect(rated.status).toBe(200);
  await pulse.outboundQueue.drain();
}

/** A fresh number per test, so that each test's ticket is a new one. */
const freshNumber = () => String(100_000 + Math.floor(Math.random() * 800_000));

/** A fake ServiceNow instance: the Table API finds the incident by number (after `failedLookups` 503s) and takes a PATCH. */
async function startFakeServiceNow(sysId: string, options: { failedLookups?: number } = {}) {
  let failures = options.failedLookups ?? 0;
  const api = await startFakeItsmApi((request): FakeAnswer => {
    const url = new URL(request.url ?? "/", "http://servicenow");
    if (request.method === "GET" && url.pathname === "/api/now/table/incident") {
      if (failures > 0) {
        failures -= 1;
        return { status: 503, body: { error: { message: "Instance hibernating" } } };
      }
      return { status: 200, body: { result: [{ sys_id: sysId }] } };
    }
    if (request.method === "PATCH" && url.pathname === `/api/now/table/incident/${sysId}`)
      return { status: 200, body: { result: { sys_id: sysId } } };
    return { status: 404, body: { error: { message: "No Record found" } } };
  });
  cleanups.push(() => api.close());
  return api;
}

/** A fake GLPI: initSession hands out a session token for the right user and app tokens, ITILFollowup takes a post. */
async function startFakeGlpi(sessionToken: string) {
  const api = await startFakeItsmApi((request): FakeAnswer => {
    const path = new URL(request.url ?? "/", "http://glpi").pathname;
    if (request.method === "GET" && path === "/apirest.php/initSession") {
      const known =
        request.headers.authorization === "user_token q56hqkniwot8wntb3z1qarka5atf365taaa2uyjrn" &&
        request.headers["app-token"] === "f7g3csp8mgatg3ebs9n16o6l8pfeykl52j3dunka";
      return known
        ? { status: 200, body: { session_token: sessionToken } }
        : { status: 401, body: ["ERROR_GLPI_LOGIN_USER_TOKEN", ""] };
    }
    const inSession = request.headers["session-token"] === sessionToken;
    if (request.method === "POST" && path === "/apirest.php/ITILFollowup")
      return inSession
        ? { status: 201, body: { id: 88, message: "" } }
        : { status: 401, body: ["ERROR_SESSION_TOKEN_INVALID", ""] };
    if (request.method === "GET" && path === "/apirest.php/killSession")
      return { status: inSession ? 200 : 401 };
    return { status: 400, body: ["ERROR_RESOURCE_NOT_FOUND_NOR_COMMONDBTM", ""] };
  });
  cleanups.push(() => api.close());
  return api;
}

async function registerWriteBack(body: Record<string, unknown>) {
  const created = await call("head", "POST", "/api/v1/webhooks", {
    events: ["rating.recorded", "rating.changed"],
    ...body,
  });
  expect(created.status).toBe(201);
  const webhook = (created.body as { webhook: { id: string; source: string | null } }).webhook;
  cleanups.push(() => call("head", "DELETE", `/api/v1/webhooks/${webhook.id}`));
  return { webhook, shown: JSON.stringify(created.body.webhook) };
}

describe("Ratings written back to ServiceNow and GLPI", () => {
  it("reach a ServiceNow incident as a work note PATCHed to the sys_id its number's lookup found, in one logged try", async () => {
    const sysId = "9d385017c611228701d22104cc95c371";
    const api = await startFakeServiceNow(sysId);
    const { webhook, shown } = await registerWriteBack({
      url: api.origin,
      format: "servicenow",
      authorization: "Basic cHVsc2U6c2VjcmV0",
    });
    expect(webhook.source).toBe("servicenow");
    expect(shown).not.toContain("cHVsc2U6");

    const number = `INC${freshNumber()}`;
    await rateTicketFrom("servicenow", number, 2, "Took three calls");

    expect(api.received.map((request) => request.method)).toEqual(["GET", "PATCH"]);
    const [lookup, update] = api.received;
    const asked = new URL(lookup?.url ?? "/", api.origin);
    expect(asked.pathname).toBe("/api/now/table/incident");
    expect(Object.fromEntries(asked.searchParams)).toEqual({
      sysparm_query: `number=${number}`,
      sysparm_fields: "sys_id",
      sysparm_limit: "1",
    });
    expect(lookup?.headers.authorization).toBe("Basic cHVsc2U6c2VjcmV0");
    expect(update?.url).toBe(`/api/now/table/incident/${sysId}`);
    expect(update?.headers.authorization).toBe("Basic cHVsc2U6c2VjcmV0");
    expect(JSON.parse(update?.body ?? "{}")).toEqual({
      work_notes: "Pulse: the requester rated this ticket 2 of 5.\nComment: Took three calls",
    });
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery?.status).toBe("delivered");
    expect(delivery?.attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([[200, null]]);
  });

  it("try a ServiceNow write-back again from the lookup when the lookup fails, logging the lookup's status", async () => {
    const sysId = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
    const api = await startFakeServiceNow(sysId, { failedLookups: 2 });
    const { webhook } = await registerWriteBack({ url: api.origin, format: "servicenow" });

    const number = `INC${freshNumber()}`;
    await rateTicketFrom("servicenow", number, 4);

    expect(api.received.map((request) => request.method)).toEqual(["GET", "GET", "GET", "PATCH"]);
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery?.status).toBe("delivered");
    expect(delivery?.attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([
      [503, `The lookup of ${number} answered 503`],
      [503, `The lookup of ${number} answered 503`],
      [200, null],
    ]);
  });

  it("open a GLPI session, post a private followup on the ticket with its token, and kill the session", async () => {
    const api = await startFakeGlpi("83af7e620c83a50a18d3eac2f6ed05a3ca0bea62");
    const { webhook, shown } = await registerWriteBack({
      url: `${api.origin}/apirest.php`,
      format: "glpi",
      authorization: "user_token q56hqkniwot8wntb3z1qarka5atf365taaa2uyjrn",
      appToken: "f7g3csp8mgatg3ebs9n16o6l8pfeykl52j3dunka",
    });
    expect(webhook.source).toBe("glpi");
    expect(shown).not.toContain("q56hqk");
    expect(shown).not.toContain("f7g3cs");

    const ticketId = freshNumber();
    await rateTicketFrom("glpi", ticketId, 1, "Nobody called back");

    expect(api.received.map((request) => `${request.method} ${request.url}`)).toEqual([
      "GET /apirest.php/initSession",
      "POST /apirest.php/ITILFollowup",
      "GET /apirest.php/killSession",
    ]);
    const [, followup, kill] = api.received;
    expect(followup?.headers["session-token"]).toBe("83af7e620c83a50a18d3eac2f6ed05a3ca0bea62");
    expect(followup?.headers["app-token"]).toBe("f7g3csp8mgatg3ebs9n16o6l8pfeykl52j3dunka");
    expect(followup?.headers.authorization).toBeUndefined();
    expect(JSON.parse(followup?.body ?? "{}")).toEqual({
      input: {
        itemtype: "Ticket",
        items_id: Number(ticketId),
        content: "Pulse: the requester rated this ticket 1 of 5.<br>Comment: Nobody called back",
        is_private: 1,
      },
    });
    expect(kill?.headers["session-token"]).toBe("83af7e620c83a50a18d3eac2f6ed05a3ca0bea62");
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery?.status).toBe("delivered");
    expect(delivery?.attempts.map((attempt) => [attempt.statusCode, attempt.error])).toEqual([[201, null]]);
  });

  it("log a GLPI session refused as one failed try with initSession's status, and post nothing", async () => {
    const api = await startFakeGlpi("unused");
    const { webhook } = await registerWriteBack({
      url: `${api.origin}/apirest.php/`,
      format: "glpi",
      events: ["rating.recorded"],
      authorization: "user_token revoked",
      appToken: "f7g3csp8mgatg3ebs9n16o6l8pfeykl52j3dunka",
    });

    await rateTicketFrom("glpi", freshNumber(), 3);

    expect(api.received.every((request) => request.url === "/apirest.php/initSession")).toBe(true);
    const [delivery] = await deliveriesOf(webhook.id);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts).toHaveLength(8);
    expect(delivery?.attempts[0]).toMatchObject({ statusCode: 401, error: "initSession answered 401" });
  });

  it("skip tickets from another tool: a Jira ticket reaches neither, a GLPI one not ServiceNow", async () => {
    const servicenow = await startFakeServiceNow("0123456789abcdef0123456789abcdef");
    const glpi = await startFakeGlpi("83af7e620c83a50a18d3eac2f6ed05a3ca0bea62");
    await registerWriteBack({ url: servicenow.origin, format: "servicenow" });
    await registerWriteBack({
      url: `${glpi.origin}/apirest.php`,
      format: "glpi",
      authorization: "user_token q56hqkniwot8wntb3z1qarka5atf365taaa2uyjrn",
      appToken: "f7g3csp8mgatg3ebs9n16o6l8pfeykl52j3dunka",
    });

    await rateTicketFrom("jira", `SD-${freshNumber()}`, 2);
    expect(servicenow.received).toHaveLength(0);
    expect(glpi.received).toHaveLength(0);

    await rateTicketFrom("glpi", freshNumber(), 2);
    expect(servicenow.received).toHaveLength(0);
    expect(glpi.received).toHaveLength(3);
  });

  it("refuse a GLPI webhook without its user token or App-Token, or not at apirest.php, naming each field", async () => {
    const refused = await call("head", "POST", "/api/v1/webhooks", {
      url: "https://glpi.acme.com/front/ticket.php",
      events: ["rating.recorded"],
      format: "glpi",
    });
    expect(refused.status).toBe(400);
    expect(refused.type).toContain("application/problem+json");
    expect(refused.body.errors.map((error: { field: string }) => error.field)).toEqual([
      "url",
      "authorization",
      "appToken",
    ]);

    const withoutAppToken = await call("head", "POST", "/api/v1/webhooks", {
      url: "https://glpi.acme.com/apirest.php",
      events: ["rating.recorded"],
      format: "glpi",
      authorization: "user_token q56hqkniwot8wntb3z1qarka5atf365taaa2uyjrn",
    });
    expect(withoutAppToken.status).toBe(400);
    expect(withoutAppToken.body.errors).toEqual([
      { field: "appToken", message: "GLPI needs the App-Token of its API client" },
    ]);
  });

  it("refuse a ServiceNow webhook whose URL is not the instance's address", async () => {
    const refused = await call("head", "POST", "/api/v1/webhooks", {
      url: "https://acme.service-now.com/api/now/table/incident?sysparm_query=number={ticketId}",
      events: ["rating.recorded"],
      format: "servicenow",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: "url", message: "must be the instance's address, e.g. https://acme.service-now.com" },
    ]);
  });
});

describe("Follow-up and initiative events", () => {
  it("announce a case opened by a low rating and resolved by staff, and an initiative's transition", async () => {
    const { receiver } = await registerReceiver([
      "follow-up.opened",
      "follow-up.resolved",
      "initiative.transitioned",
    ]);

    const { ticket } = await rateTicket(2);
    const cases = await call("manager", "GET", "/api/v1/follow-ups");
    const opened = cases.body.items.find((item: { ticketId: string }) => item.ticketId === ticket.ticketId);
    const resolved = await call("manager", "POST", `/api/v1/follow-ups/${opened.id}/transitions`, {
      to: "resolved",
      note: "Called back",
    });
    expect(resolved.status).toBe(200);
    const created = await call("manager", "POST", "/api/v1/initiatives", {
      title: "Call back every low rating within a day",
      source: "survey-feedback",
      category: "technology",
      services: ["Remote access"],
      owner: "Network L2 lead",
      effort: 3,
    });
    expect(created.status).toBe(201);
    const moved = await call("manager", "POST", `/api/v1/initiatives/${created.body.id}/transitions`, {
      to: "approved",
    });
    expect(moved.status).toBe(200);
    await pulse.outboundQueue.drain();

    const events = receiver.received.map((request) => JSON.parse(request.body));
    expect(events.map((event) => event.type)).toEqual([
      "follow-up.opened",
      "follow-up.resolved",
      "initiative.transitioned",
    ]);
    expect(events[0].data).toMatchObject({ ticketId: ticket.ticketId, rating: 2, status: "open" });
    expect(events[1].data).toMatchObject({ ticketId: ticket.ticketId, status: "resolved" });
    expect(events[2].data).toMatchObject({ initiativeId: created.body.id, from: "proposed", to: "approved" });
  });
});

describe("Follow-up events from the requester's side", () => {
  it("announce a case that a better rating closes as follow-up.resolved, and a rating that only updates it as nothing", async () => {
    const { receiver } = await registerReceiver(["follow-up.opened", "follow-up.resolved"]);
    const { ticket, token } = await rateTicket(1);
    const again = async (score: number) => {
      const page = await openSurvey(pulse.app, `/s/${token}?score=${score}`);
      expect((await postRating(pulse.app, token, { score, nonce: page.nonce ?? "" })).status).toBe(200);
      await pulse.outboundQueue.drain();
    };

    await again(2);
    await again(5);

    const events = receiver.received.map((request) => JSON.parse(request.body));
    expect(events.map((event) => [event.type, event.data.ticketId])).toEqual([
      ["follow-up.opened", ticket.ticketId],
      ["follow-up.resolved", ticket.ticketId],
    ]);
    expect(events[1].data.status).toBe("resolved");
  });
});

describe("The webhook poster", () => {
  it("on AWS refuses plain http and a host that resolves to a private address, before anything is sent", async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const poster = makeHttpWebhookPoster({ timeoutMs: 2000, targets: "public" });
    const port = new URL(receiver.url).port;

    await expect(poster.post(receiver.url, "{}", {})).rejects.toThrow("Webhooks reach https URLs only");
    await expect(poster.post(`https://localhost:${port}/hooks`, "{}", {})).rejects.toThrow(
      "localhost resolves to a private address; webhooks reach public hosts only",
    );
    expect(receiver.received).toHaveLength(0);
  });

  it("on AWS refuses a private IP address written in the URL, which no lookup sees, before anything is sent", async () => {
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const poster = makeHttpWebhookPoster({ timeoutMs: 2000, targets: "public" });
    const port = new URL(receiver.url).port;

    await expect(poster.post(`https://127.0.0.1:${port}/hooks`, "{}", {})).rejects.toThrow(
      "127.0.0.1 is a private address; webhooks reach public hosts only",
    );
    await expect(poster.post(`https://[::ffff:127.0.0.1]:${port}/hooks`, "{}", {})).rejects.toThrow(
      "is a private address; webhooks reach public hosts only",
    );
    expect(receiver.received).toHaveLength(0);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    silent.unref();
    const { port } = silent.address() as AddressInfo;
    const poster = makeHttpWebhookPoster({ timeoutMs: 100, targets: "any" });

    await expect(poster.post(`http://127.0.0.1:${port}/`, "{}", {})).rejects.toThrow(
      "No answer within 100 ms",
    );
  });
});

describe("The webhook poster's deadline", () => {
  it("gives up on a receiver that trickles its answer a byte at a time past the deadline", async () => {
    const trickling = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" });
      const drip = setInterval(() => response.write("."), 20);
      response.on("close", () => clearInterval(drip));
    });
    await new Promise<void>((resolve) => trickling.listen(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise((resolve) => trickling.close(resolve)));
    trickling.unref();
    const { port } = trickling.address() as AddressInfo;
    const poster = makeHttpWebhookPoster({ timeoutMs: 200, targets: "any" });
    const started = Date.now();

    await expect(poster.post(`http://127.0.0.1:${port}/`, "{}", {})).rejects.toThrow(
      "No answer within 200 ms",
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("A rating whose event the outbound queue refuses", () => {
  it("is still recorded and answered, and the refused message is logged whole to be queued again", async () => {
    const endpoint = localEndpoint();
    const tableName = `pulse-test-${randomBytes(6).toString("hex")}`;
    await ensureTable(endpoint, tableName);
    const outbox = await mkdtemp(join(tmpdir(), "pulse-outbox-"));
    const config = loadConfig(testEnvironment({ tableName, endpoint, outbox }));
    const errors: Array<{ message: string; fields?: Record<string, unknown> }> = [];
    const log: Log = {
      info() {},
      warn() {},
      error: (message, fields) => errors.push({ message, ...(fields ? { fields } : {}) }),
      appendKeys() {},
    };
    const refusing = await compose(config, {
      mailer: mailerFor(config),
      observability: { log, metrics: { count() {} } },
      outboundQueue: {
        enqueue: async () => {
          throw new Error("The outbound queue refused 1 of 1 messages: InternalError");
        },
      },
    });
    const ticket = aResolvedTicket({ resolvedAt: new Date(Date.now() - 3_600_000).toISOString() });
    const intake = await postTicket(refusing.app, ticket);
    const { surveyId } = (await intake.json()) as { surveyId: string };
    await refusing.mailQueue.drain();
    const mail = (await readOutbox(outbox)).find((m) => m.subject?.includes(ticket.ticketId));
    if (!mail) throw new Error("no invitation");
    const token = tokenOf(scoreLink(mail, 1));
    const page = await openSurvey(refusing.app, `/s/${token}?score=1`);

    const rated = await postRating(refusing.app, token, { score: 1, nonce: page.nonce ?? "" });

    expect(rated.status).toBe(200);
    expect((await refusing.surveys.getSurvey(surveyId))?.response?.score).toBe(1);
    expect(errors).toEqual([
      {
        message: "Rating event not queued",
        fields: {
          outboundMessage: {
            kind: "rating",
            surveyId,
            version: expect.any(Number),
            score: 1,
            followUp: "opened",
          },
          error: "Error: The outbound queue refused 1 of 1 messages: InternalError",
        },
      },
    ]);
  });
});
