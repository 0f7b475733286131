import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentClient } from "../../functions/src/adapters/dynamo/client.js";
import { webhookKey } from "../../functions/src/adapters/dynamo/keys.js";
import { TABLE } from "../../functions/src/adapters/dynamo/table.js";
import { makeDynamoWebhookRepository } from "../../functions/src/adapters/dynamo/webhook-repository.js";
import { fieldKeysOf, openField, sealField } from "../../functions/src/adapters/secrets/field-seal.js";
import { fieldKeyringFor, loadFieldKeys } from "../../functions/src/adapters/secrets/load-field-keys.js";
import {
  generateWebhookSecret,
  verifyWebhookSignature,
} from "../../functions/src/app/outbound/webhook-signature.js";
import { systemClock } from "../../functions/src/app/ports.js";
import { composeErasureReplay } from "../../functions/src/composition/erasure-replay.js";
import { mailerFor } from "../../functions/src/composition/local-mailer.js";
import { composeOutbound } from "../../functions/src/composition/outbound.js";
import { compose } from "../../functions/src/composition.js";
import { loadConfig } from "../../functions/src/config.js";
import { ensureTable } from "../../infra/local/bootstrap-table.js";
import { INTAKE_SECRET, LINK_SECRET, localEndpoint } from "../helpers/test-services.js";

// A loopback Secrets Manager answering each secret's value as a test sets it.
const values: Record<string, unknown> = {};
const asked: string[] = [];
let stub: Server;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  stub = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      const { SecretId = "" } = JSON.parse(raw || "{}") as { SecretId?: string };
      asked.push(SecretId);
      const value = values[SecretId];
      response.writeHead(value === undefined ? 400 : 200, { "content-type": "application/x-amz-json-1.1" });
      response.end(
        JSON.stringify(
          value === undefined
            ? { __type: "ResourceNotFoundException" }
            : { ARN: SecretId, Name: SecretId, SecretString: JSON.stringify(value) },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  const environment = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: "stub",
    AWS_SECRET_ACCESS_KEY: "stub",
    AWS_MAX_ATTEMPTS: "1",
  };
  for (const [key, value] of Object.entries(environment)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
});

afterAll(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  await new Promise<void>((resolve) => stub.close(() => resolve()));
});

describe("The field keys on AWS", () => {
  it("are read from their own secret, the newest sealing and an older one still opening what it sealed", async () => {
    const here = { record: "wh_1", field: "secret" };
    values["arn:field-keys"] = { v1: "generated-by-cloudformation-0123456789abcdefghijklmnopqrstuvwxyz01" };
    const before = await loadFieldKeys(
      loadConfig({ PULSE_FIELD_KEYS_ARN: "arn:field-keys", AWS_REGION: "eu-central-1" }),
    );
    const sealedBefore = sealField(before, "whsec_x", here);
    values["arn:field-keys"] = {
      v1: "generated-by-cloudformation-0123456789abcdefghijklmnopqrstuvwxyz01",
      v2: "put-by-a-rotation-0123456789abcdefghijklmnopqrstuvwxyz0123456789",
    };

    const after = await loadFieldKeys(
      loadConfig({ PULSE_FIELD_KEYS_ARN: "arn:field-keys", AWS_REGION: "eu-central-1" }),
    );

    expect(asked).toEqual(["arn:field-keys", "arn:field-keys"]);
    expect(after.current).toBe("v2");
    expect(openField(after, sealedBefore, here).value).toBe("whsec_x");
    expect(sealField(after, "whsec_x", here)).toMatch(/^v2:/);
  });

  it("refuse to start without them, or with a key too short to be random", async () => {
    await expect(loadFieldKeys(loadConfig({}))).rejects.toThrow(
      "Invalid configuration: set PULSE_FIELD_KEYS_ARN, or PULSE_FIELD_KEYS",
    );
    values["arn:short"] = { v1: "short" };
    await expect(
      loadFieldKeys(loadConfig({ PULSE_FIELD_KEYS_ARN: "arn:short", AWS_REGION: "eu-central-1" })),
    ).rejects.toThrow("v1 must be at least 32 characters");
  });
});

const V1 = "generated-by-cloudformation-0123456789abcdefghijklmnopqrstuvwxyz01";
const V2 = "put-by-a-rotation-0123456789abcdefghijklmnopqrstuvwxyz0123456789";

/** A fresh table in DynamoDB Local, and the environment a function on AWS gets for it (its secrets on the stub). */
async function restoredTableEnvironment(secrets: Record<string, string>) {
  const endpoint = localEndpoint();
  const tableName = `pulse-test-${randomBytes(6).toString("hex")}`;
  await ensureTable(endpoint, tableName);
  const db = createDocumentClient({ endpoint, region: "eu-central-1" });
  const outbox = await mkdtemp(join(tmpdir(), "pulse-outbox-"));
  const env = {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: "eu-central-1",
    OUTBOX_DIR: outbox,
    MAIL_DEAD_LETTERS_FILE: join(outbox, "dead-letters.jsonl"),
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
    ...secrets,
  };
  return { db, tableName, env };
}

/** An initiative's transition as the outbound queue carries it, new each time. */
const transition = (n: number) =>
  JSON.stringify({
    kind: "event",
    event: {
      id: `evt_rotation_${randomBytes(4).toString("hex")}`,
      type: "initiative.transitioned",
      timestamp: new Date().toISOString(),
      data: {
        initiativeId: `in_${n}`,
        title: "Printer fleet",
        from: "planned",
        to: "doing",
        actor: "head user",
      },
    },
  });

const aWebhook = (id: string) => ({
  id,
  url: `https://hooks.example.com/${id}`,
  events: ["initiative.transitioned" as const],
  format: "pulse" as const,
  description: null,
  source: null,
  authorization: null,
  appToken: null,
  secret: generateWebhookSecret(),
  createdAt: "2026-12-01T09:00:00.000Z",
  createdBy: "head user",
});

describe("A warm outbound instance during a key rotation", () => {
  it("reads the field keys again once when a webhook names a key it does not hold, and delivers signed with it", async () => {
    const arn = "arn:field-keys-rotating";
    values[arn] = { v1: V1 };
    const { db, tableName, env } = await restoredTableEnvironment({ PULSE_FIELD_KEYS_ARN: arn });
    const config = loadConfig(env);
    const reads = () => asked.filter((id) => id === arn).length;
    let now = 1_000_000;
    const posted: Array<{ url: string; body: string; headers: Record<string, string> }> = [];
    const consume = composeOutbound({
      config,
      db,
      clock: systemClock,
      fieldKeys: fieldKeyringFor(config, { now: () => now }),
      poster: {
        post: async (url, body, headers) => {
          posted.push({ url, body, headers });
          return { statusCode: 200 };
        },
      },
    });
    const webhook = aWebhook(`wh_rotation${randomBytes(3).toString("hex")}`);
    await makeDynamoWebhookRepository(db, tableName, fieldKeyringFor(config)).create(webhook);
    // Warm: it has delivered under v1, and holds only v1.
    expect(
      (await consume([{ messageId: "m1", body: transition(1), receiveCount: 1 }])).batchItemFailures,
    ).toEqual([]);
    expect(reads()).toBe(2);

    // The rotation's first step: v2 beside v1; a fresh webhooks instance reads the webhook and seals it again under v2.
    values[arn] = { v1: V1, v2: V2 };
    expect(await makeDynamoWebhookRepository(db, tableName, fieldKeyringFor(config)).get(webhook.id)).toEqual(
      webhook,
    );
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: webhookKey(webhook.id) }));
    expect(Item?.secret).toMatch(/^v2:/);
    const before = reads();
    now += 1_000;

    const result = await consume([{ messageId: "m2", body: transition(2), receiveCount: 1 }]);

    expect(result.batchItemFailures).toEqual([]);
    expect(reads()).toBe(before + 1);
    expect(posted).toHaveLength(2);
    const delivered = posted[1];
    expect(
      verifyWebhookSignature({
        secret: webhook.secret,
        headers: {
          id: String(delivered?.headers["webhook-id"]),
          timestamp: String(delivered?.headers["webhook-timestamp"]),
          signature: String(delivered?.headers["webhook-signature"]),
        },
        body: delivered?.body ?? "",
        now: new Date(),
      }),
    ).toBe(true);
  });

  it("finds a value under a key that is in no version of the secret unreadable, and reads the secret at most once a minute for it", async () => {
    const arn = "arn:field-keys-without-v7";
    values[arn] = { v1: V1, v2: V2 };
    const { db, tableName, env } = await restoredTableEnvironment({ PULSE_FIELD_KEYS_ARN: arn });
    const config = loadConfig(env);
    const reads = () => asked.filter((id) => id === arn).length;
    let now = 1_000_000;
    const posted: string[] = [];
    const consume = composeOutbound({
      config,
      db,
      clock: systemClock,
      fieldKeys: fieldKeyringFor(config, { now: () => now }),
      poster: {
        post: async (url) => {
          posted.push(url);
          return { statusCode: 200 };
        },
      },
    });
    const readable = aWebhook(`wh_readable${randomBytes(3).toString("hex")}`);
    const stray = aWebhook(`wh_stray${randomBytes(3).toString("hex")}`);
    await makeDynamoWebhookRepository(db, tableName, fieldKeyringFor(config)).create(readable);
    const underV7 = fieldKeysOf({ v7: "a-key-no-version-of-the-secret-holds-0123456789" });
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          ...webhookKey(stray.id),
          [TABLE.entityType]: "webhook",
          ...stray,
          secret: sealField(underV7, stray.secret, { record: stray.id, field: "secret" }),
        },
      }),
    );
    const before = reads();

    // Two messages at once on a new instance: they share its first read of the secret, both meet v7, and share one
    // read again.
    const first = await consume([
      { messageId: "m1", body: transition(1), receiveCount: 1 },
      { messageId: "m2", body: transition(2), receiveCount: 1 },
    ]);
    now += 59_000;
    const second = await consume([{ messageId: "m3", body: transition(3), receiveCount: 1 }]);

    expect(reads()).toBe(before + 2);
    expect(first.batchItemFailures.map((failure) => failure.itemIdentifier).sort()).toEqual(["m1", "m2"]);
    expect(second.batchItemFailures).toEqual([{ itemIdentifier: "m3" }]);
    expect(posted).toEqual([readable.url, readable.url, readable.url]);
    const deliveries = await makeDynamoWebhookRepository(
      db,
      tableName,
      fieldKeyringFor(config),
    ).listDeliveries(stray.id, 10);
    expect(deliveries).toHaveLength(3);
    for (const delivery of deliveries) {
      expect(delivery.attempts.map((attempt) => attempt.error)).toEqual([
        "The webhook's stored secret was sealed under key v7, which is not among the field keys: nothing is sent to it",
      ]);
    }

    now += 2_000;
    await consume([{ messageId: "m4", body: transition(4), receiveCount: 1 }]);
    expect(reads()).toBe(before + 3);
  });
});

describe("A composition that never touches webhook credentials", () => {
  it("composes everything and replays the erasure ledger without the field keys, never reading their secret", async () => {
    values["arn:pulse-secrets"] = { intakeSecret: INTAKE_SECRET, linkSecret: LINK_SECRET };
    const { env } = await restoredTableEnvironment({
      PULSE_SECRETS_ARN: "arn:pulse-secrets",
      AUTH_JWT_SECRET: "a-local-staff-token-secret-0123456789",
    });
    const config = loadConfig(env);
    const asking = asked.length;

    const { requesterData } = await compose(config, { mailer: mailerFor(config) });
    const replayed = await requesterData.reapplyErasures();

    expect(replayed).toEqual({ surveys: 0 });
    expect(asked.slice(asking)).toEqual(["arn:pulse-secrets"]);
  });

  it("refuses, once it does seal a webhook's credentials without field keys, naming the configuration they need", async () => {
    values["arn:pulse-secrets"] = { intakeSecret: INTAKE_SECRET, linkSecret: LINK_SECRET };
    const { env } = await restoredTableEnvironment({
      PULSE_SECRETS_ARN: "arn:pulse-secrets",
      AUTH_JWT_SECRET: "a-local-staff-token-secret-0123456789",
    });
    const config = loadConfig(env);
    const { manageWebhooks } = await compose(config, { mailer: mailerFor(config) });

    await expect(
      manageWebhooks.register(
        { url: "https://hooks.example.com/pulse", events: ["rating.recorded"], format: "pulse" },
        "head user",
      ),
    ).rejects.toThrow("Invalid configuration: set PULSE_FIELD_KEYS_ARN, or PULSE_FIELD_KEYS");
    expect(await manageWebhooks.list()).toEqual([]);
  });

  it("the erasure replay after a restore needs only TABLE_NAME and PULSE_SECRETS_ARN, and reads no other secret", async () => {
    values["arn:restored-secrets"] = { intakeSecret: INTAKE_SECRET, linkSecret: LINK_SECRET };
    const { env } = await restoredTableEnvironment({ PULSE_SECRETS_ARN: "arn:restored-secrets" });
    const asking = asked.length;

    const replay = await composeErasureReplay(loadConfig(env));

    expect(await replay.reapplyErasures()).toEqual({ surveys: 0 });
    expect(asked.slice(asking)).toEqual(["arn:restored-secrets"]);
  });
});
