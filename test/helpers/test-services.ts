import { randomBytes } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import { CapacityMeter } from "../../functions/src/adapters/dynamo/client.js";
import type { Clock, Mailer } from "../../functions/src/app/ports.js";
import { mailerFor } from "../../functions/src/composition/local-mailer.js";
import { compose } from "../../functions/src/composition.js";
import { loadConfig } from "../../functions/src/config.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { apiDocument } from "../../functions/src/http/api-document.js";
import { ensureTable } from "../../infra/local/bootstrap-table.js";
import { drainBeforeReading } from "./outbox.js";
import { ResponseConformance } from "./response-conformance.js";

export const INTAKE_SECRET = "test-intake-secret-0123456789";
export const LINK_SECRET = "test-link-secret-0123456789";
const JWT_SECRET = "test-jwt-secret-0123456789-0123456789";
/** The keys the test product seals webhook credentials with, as the secret's JSON holds them. */
export const FIELD_KEYS = { v1: "test-field-key-v1-0123456789-0123456789" };

/** The DynamoDB Local endpoint of this run; refuses anything that is not on this machine. */
export function localEndpoint(): string {
  const endpoint = inject("dynamoEndpoint");
  const host = new URL(endpoint).hostname;
  if (host !== "127.0.0.1" && host !== "localhost") {
    throw new Error(`Integration tests run only against DynamoDB Local on this machine, not ${endpoint}`);
  }
  return endpoint;
}

/** The environment a Pulse process needs to run over a test table, as a Lambda function would get it. */
export function testEnvironment(target: {
  tableName: string;
  endpoint: string;
  outbox: string;
}): Record<string, string> {
  return {
    TABLE_NAME: target.tableName,
    DYNAMODB_ENDPOINT: target.endpoint,
    PULSE_INTAKE_SECRET: INTAKE_SECRET,
    PULSE_LINK_SECRET: LINK_SECRET,
    AUTH_JWT_SECRET: JWT_SECRET,
    PULSE_FIELD_KEYS: JSON.stringify(FIELD_KEYS),
    OUTBOX_DIR: target.outbox,
    MAIL_DEAD_LETTERS_FILE: join(target.outbox, "dead-letters.jsonl"),
    // A failed mail is tried again within milliseconds, so a test sees its retries and dead letter at once.
    MAIL_RETRY_SECONDS: "0.02",
    PUBLIC_BASE_URL: "http://pulse.test",
    // Handlers loaded in tests write no Powertools JSON lines unless a test asks for them.
    POWERTOOLS_LOG_LEVEL: "SILENT",
    POWERTOOLS_METRICS_DISABLED: "true",
  };
}

/** Every response of an app that startTestServices hands a test is checked against the API's document; counted here. */
export const apiConformance = new ResponseConformance(apiDocument());

/**
 * A fresh table in DynamoDB Local and the whole product wired over it, as the local server wires it. A response that
 * the OpenAPI document does not describe fails the test that asked for it.
 */
export async function startTestServices(
  options: { clock?: Clock; mailer?: Mailer; env?: Record<string, string> } = {},
) {
  const endpoint = localEndpoint();
  const tableName = `pulse-test-${randomBytes(6).toString("hex")}`;
  await ensureTable(endpoint, tableName);
  const outbox = await mkdtemp(join(tmpdir(), "pulse-outbox-"));
  const env = { ...testEnvironment({ tableName, endpoint, outbox }), ...options.env };
  const config = loadConfig(env);
  const meter = new CapacityMeter();
  const services = await compose(config, {
    meter,
    ...(options.clock ? { clock: options.clock } : {}),
    mailer: options.mailer ?? mailerFor(config),
  });
  drainBeforeReading(outbox, services.mailQueue.drain);
  return {
    ...services,
    app: apiConformance.guard(services.app),
    outbox,
    tableName,
    endpoint,
    meter,
    token: (role: Role, name = `${role} user`) =>
      issueLocalToken(JWT_SECRET, { id: `${role}-1`, name, role }),
  };
}

export type TestServices = Awaited<ReturnType<typeof startTestServices>>;
