import { GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { webhookKey } from "../../functions/src/adapters/dynamo/keys.js";
import { TABLE } from "../../functions/src/adapters/dynamo/table.js";
import { makeDynamoWebhookRepository } from "../../functions/src/adapters/dynamo/webhook-repository.js";
import { fixedFieldKeyring } from "../../functions/src/adapters/secrets/field-keyring.js";
import { fieldKeysOf, openField } from "../../functions/src/adapters/secrets/field-seal.js";
import {
  generateWebhookSecret,
  verifyWebhookSignature,
} from "../../functions/src/app/outbound/webhook-signature.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { type FakeAnswer, startFakeItsmApi } from "../helpers/itsm-api-receiver.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { FIELD_KEYS, startTestServices, type TestServices } from "../helpers/test-services.js";
import { type ReceivedRequest, startWebhookReceiver } from "../helpers/webhook-receiver.js";

const USER_TOKEN = "user_token q56hqkniwot8wntb3z1qarka5atf365taaa2uyjrn";
const APP_TOKEN = "f7g3csp8mgatg3ebs9n16o6l8pfeykl52j3dunka";
const ZENDESK_AUTHORIZATION = "Basic YWdlbnRAYWNtZS5jb20vdG9rZW46c2VjcmV0";

let pulse: TestServices;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  // A failed delivery comes back after 20 ms, then 40, 80…: eight tries take a few seconds.
  pulse = await startTestServices({ env: { OUTBOUND_RETRY_SECONDS: "0.02" } });
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const call = (role: Role, method: string, path: string, body?: unknown) =>
  callStaffApi(pulse, role, method, path, body);

/** The webhook's item exactly as the table holds it. */
async function storedItem(webhookId: string): Promise<Record<string, unknown>> {
  const { Item } = await pulse.db.send(
    new GetCommand({ TableName: pulse.tableName, Key: webhookKey(webhookId), ConsistentRead: true }),
  );
  if (!Item) throw new Error(`no item for ${webhookId}`);
  return Item;
}

async function register(body: Record<string, unknown>) {
  const created = await call("head", "POST", "/api/v1/webhooks", body);
  expect(created.status).toBe(201);
  const { webhook, secret } = created.body as { webhook: { id: string }; secret: string };
  cleanups.push(() => call("head", "DELETE", `/api/v1/webhooks/${webhook.id}`));
  return { id: webhook.id, secret, answer: JSON.stringify(created.body.webhook) };
}

async function receiver() {
  const started = await startWebhookReceiver();
  cleanups.push(() => started.close());
  return started;
}

/** A ticket from `source` through intake, rated from its email's link; resolves once the outbound queue is idle. */
async function rateTicketFrom(source: string, ticketId: string, score: number) {
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
  expect((await postRating(pulse.app, token, { score, nonce: page.nonce ?? "" })).status).toBe(200);
  await pulse.outboundQueue.drain();
}

const freshNumber = () => String(100_000 + Math.floor(Math.random() * 800_000));

const signatureHolds = (request: ReceivedRequest | undefined, secret: string) =>
  request !== undefined &&
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

/** A fake GLPI that opens a session only for the right user token and App-Token, and takes a followup in it. */
async function startFakeGlpi() {
  const api = await startFakeItsmApi((request): FakeAnswer => {
    const path = new URL(request.url ?? "/", "http://glpi").pathname;
    if (path === "/apirest.php/initSession") {
      const known =
        request.headers.authorization === USER_TOKEN && request.headers["app-token"] === APP_TOKEN;
      return known
        ? { status: 200, body: { session_token: "session-1" } }
        : { status: 401, body: ["ERROR_GLPI_LOGIN_USER_TOKEN", ""] };
    }
    const inSession = request.headers["session-token"] === "session-1";
    if (path === "/apirest.php/ITILFollowup") return { status: inSession ? 201 : 401, body: { id: 88 } };
    return { status: inSession ? 200 : 401 };
  });
  cleanups.push(() => api.close());
  return api;
}

const deliveriesOf = async (webhookId: string) => {
  const log = await call("head", "GET", `/api/v1/webhooks/${webhookId}/deliveries`);
  expect(log.status).toBe(200);
  return (
    log.body as {
      items: Array<{ status: string; attempts: Array<{ statusCode: number | null; error: string | null }> }>;
    }
  ).items;
};

describe("Webhook credentials at rest", () => {
  it("are stored only sealed, and a delivery is still signed and a GLPI write-back still authenticates with them", async () => {
    const pulseReceiver = await receiver();
    const signed = await register({ url: pulseReceiver.url, events: ["rating.recorded"], format: "pulse" });
    const glpi = await startFakeGlpi();
    const writeBack = await register({
      url: `${glpi.origin}/apirest.php`,
      events: ["rating.recorded"],
      format: "glpi",
      authorization: USER_TOKEN,
      appToken: APP_TOKEN,
    });

    for (const [id, plaintexts] of [
      [signed.id, [signed.secret]],
      [writeBack.id, [writeBack.secret, USER_TOKEN, APP_TOKEN]],
    ] as const) {
      const item = await storedItem(id);
      const raw = JSON.stringify(item);
      for (const plaintext of plaintexts) {
        expect(raw).not.toContain(plaintext);
        // Not even the distinctive middle of a value is there.
        expect(raw).not.toContain(plaintext.slice(8, 24));
      }
      expect(item.secret).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    }
    const glpiItem = await storedItem(writeBack.id);
    expect(glpiItem.authorization).toMatch(/^v1:/);
    expect(glpiItem.appToken).toMatch(/^v1:/);

    await rateTicketFrom("glpi", freshNumber(), 2);

    expect(pulseReceiver.received).toHaveLength(1);
    expect(signatureHolds(pulseReceiver.received[0], signed.secret)).toBe(true);
    expect(glpi.received.map((request) => `${request.url} ${request.headers["app-token"]}`)).toEqual([
      `/apirest.php/initSession ${APP_TOKEN}`,
      `/apirest.php/ITILFollowup ${APP_TOKEN}`,
      `/apirest.php/killSession ${APP_TOKEN}`,
    ]);
    expect(glpi.received[0]?.headers.authorization).toBe(USER_TOKEN);
    expect((await deliveriesOf(writeBack.id))[0]?.status).toBe("delivered");
  });

  it("are never in the API's answers: not at registration, in the list, nor in the delivery log", async () => {
    const glpi = await startFakeGlpi();
    const writeBack = await register({
      url: `${glpi.origin}/apirest.php`,
      events: ["rating.recorded"],
      format: "glpi",
      authorization: USER_TOKEN,
      appToken: APP_TOKEN,
    });
    await rateTicketFrom("glpi", freshNumber(), 3);

    const listed = await call("head", "GET", "/api/v1/webhooks");
    const log = await call("head", "GET", `/api/v1/webhooks/${writeBack.id}/deliveries`);

    for (const answer of [writeBack.answer, JSON.stringify(listed.body), JSON.stringify(log.body)]) {
      for (const secret of [writeBack.secret, USER_TOKEN, APP_TOKEN, "v1:"])
        expect(answer).not.toContain(secret);
    }
  });

  it("copied sealed to another webhook do not open there: nothing is sent to it, its log says why, the other still gets its own", async () => {
    const first = await receiver();
    const second = await receiver();
    const original = await register({ url: first.url, events: ["rating.recorded"], format: "pulse" });
    const target = await register({ url: second.url, events: ["rating.recorded"], format: "pulse" });
    const copied = (await storedItem(original.id)).secret;
    await pulse.db.send(
      new UpdateCommand({
        TableName: pulse.tableName,
        Key: webhookKey(target.id),
        UpdateExpression: "SET secret = :copied",
        ExpressionAttributeValues: { ":copied": copied },
      }),
    );

    await rateTicketFrom("servicenow", `INC${freshNumber()}`, 4);

    expect(first.received).toHaveLength(1);
    expect(signatureHolds(first.received[0], original.secret)).toBe(true);
    expect(second.received).toHaveLength(0);
    const [delivery] = await deliveriesOf(target.id);
    expect(delivery?.status).toBe("failed");
    expect(delivery?.attempts.length).toBeGreaterThan(0);
    for (const attempt of delivery?.attempts ?? []) {
      expect(attempt.statusCode).toBeNull();
      expect(attempt.error).toBe(
        "The webhook's stored secret does not open under key v1: it was sealed for another record or field, or altered: nothing is sent to it",
      );
    }
    // The copy is left as it was: Pulse does not overwrite what it cannot open.
    expect((await storedItem(target.id)).secret).toBe(copied);
  });

  it("stored plain before sealing still deliver, signed and authorized, and are stored sealed once read", async () => {
    const zendesk = await receiver();
    const id = `wh_legacy${freshNumber()}`;
    const secret = generateWebhookSecret();
    await pulse.db.send(
      new PutCommand({
        TableName: pulse.tableName,
        Item: {
          ...webhookKey(id),
          [TABLE.entityType]: "webhook",
          id,
          url: `${new URL(zendesk.url).origin}/api/v2/tickets/{ticketId}.json`,
          events: ["rating.recorded", "rating.changed"],
          format: "zendesk",
          description: "Registered before credentials were sealed",
          source: "zendesk",
          authorization: ZENDESK_AUTHORIZATION,
          appToken: null,
          secret,
          createdAt: "2026-11-01T09:00:00.000Z",
          createdBy: "head user",
        },
      }),
    );
    cleanups.push(() => call("head", "DELETE", `/api/v1/webhooks/${id}`));

    await rateTicketFrom("zendesk", `ZD-${freshNumber()}`, 2);

    expect(zendesk.received).toHaveLength(1);
    expect(signatureHolds(zendesk.received[0], secret)).toBe(true);
    expect(zendesk.received[0]?.headers.authorization).toBe(ZENDESK_AUTHORIZATION);
    const item = await storedItem(id);
    expect(JSON.stringify(item)).not.toContain(secret);
    expect(JSON.stringify(item)).not.toContain(ZENDESK_AUTHORIZATION);
    const keys = fieldKeysOf(FIELD_KEYS);
    expect(openField(keys, String(item.secret), { record: id, field: "secret" }).value).toBe(secret);
    expect(openField(keys, String(item.authorization), { record: id, field: "authorization" }).value).toBe(
      ZENDESK_AUTHORIZATION,
    );
    expect(item.appToken).toBeNull();

    // Sealed, it delivers as before.
    await rateTicketFrom("zendesk", `ZD-${freshNumber()}`, 1);
    expect(zendesk.received).toHaveLength(2);
    expect(signatureHolds(zendesk.received[1], secret)).toBe(true);
    expect(zendesk.received[1]?.headers.authorization).toBe(ZENDESK_AUTHORIZATION);
  });
  it("sealed under an older key are sealed again under the newest once read, after a key is added", async () => {
    const id = `wh_rotated${freshNumber()}`;
    const webhook = {
      id,
      url: "https://acme.zendesk.com/api/v2/tickets/{ticketId}.json",
      events: ["rating.recorded" as const],
      format: "zendesk" as const,
      description: null,
      source: "zendesk",
      authorization: ZENDESK_AUTHORIZATION,
      appToken: null,
      secret: generateWebhookSecret(),
      createdAt: "2026-11-01T09:00:00.000Z",
      createdBy: "head user",
    };
    await makeDynamoWebhookRepository(
      pulse.db,
      pulse.tableName,
      fixedFieldKeyring(fieldKeysOf(FIELD_KEYS)),
    ).create(webhook);
    cleanups.push(() => call("head", "DELETE", `/api/v1/webhooks/${id}`));
    expect((await storedItem(id)).secret).toMatch(/^v1:/);
    const rotated = fieldKeysOf({ ...FIELD_KEYS, v2: "field-key-v2-added-by-a-rotation-0123456789" });

    const read = await makeDynamoWebhookRepository(pulse.db, pulse.tableName, fixedFieldKeyring(rotated)).get(
      id,
    );

    expect(read).toEqual(webhook);
    const item = await storedItem(id);
    expect(item.secret).toMatch(/^v2:/);
    expect(item.authorization).toMatch(/^v2:/);
    expect(openField(rotated, String(item.secret), { record: id, field: "secret" }).value).toBe(
      webhook.secret,
    );
  });
});
