import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpApiEvent } from "../helpers/api-gateway-event.js";
import { INTAKE_SECRET, startTestServices, testEnvironment } from "../helpers/test-services.js";

type Handler = (
  event: unknown,
  context: Context,
) => Promise<{ statusCode: number; headers?: Record<string, string>; body?: string }>;

const ORIGIN_SECRET = "o".repeat(64);
const PREVIOUS_ORIGIN_SECRET = "p".repeat(64);
const SECRETS = {
  "arn:aws:secretsmanager:eu-central-1:111111111111:secret:pulse-secrets": {
    intakeSecret: INTAKE_SECRET,
    linkSecret: "l".repeat(64),
  },
  "arn:aws:secretsmanager:eu-central-1:111111111111:secret:pulse-origin": {
    originSecret: ORIGIN_SECRET,
    previousOriginSecret: PREVIOUS_ORIGIN_SECRET,
  },
};
const context = { awsRequestId: "origin-test", getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

let lambda: Handler;
let closeStub: () => Promise<void>;
const readSecrets: string[] = [];

beforeAll(async () => {
  // A loopback Secrets Manager: the handler reads both secrets through the real SDK at cold start, as on AWS.
  const stub = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    request.on("end", () => {
      const { SecretId } = JSON.parse(raw || "{}") as { SecretId?: string };
      const secret = SECRETS[SecretId as keyof typeof SECRETS];
      readSecrets.push(String(SecretId));
      response.writeHead(secret ? 200 : 400, { "content-type": "application/x-amz-json-1.1" });
      response.end(
        JSON.stringify(
          secret
            ? { ARN: SecretId, Name: SecretId, SecretString: JSON.stringify(secret) }
            : { __type: "ResourceNotFoundException" },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
  closeStub = () => new Promise<void>((resolve) => stub.close(() => resolve()));
  const pulse = await startTestServices();
  const environment: Record<string, string | undefined> = {
    ...testEnvironment(pulse),
    PULSE_INTAKE_SECRET: undefined,
    PULSE_LINK_SECRET: undefined,
    PULSE_SECRETS_ARN: Object.keys(SECRETS)[0],
    PULSE_ORIGIN_SECRET_ARN: Object.keys(SECRETS)[1],
    AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(stub.address() as AddressInfo).port}`,
    AWS_ACCESS_KEY_ID: "stub",
    AWS_SECRET_ACCESS_KEY: "stub",
    AWS_REGION: "eu-central-1",
    // As on Lambda, intake hands mail to the queue; no request here gets that far.
    MAIL_QUEUE_URL: "http://127.0.0.1:9/111111111111/pulse-mail",
  };
  for (const [key, value] of Object.entries(environment)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  lambda = (await import("../../functions/handlers/http.js")).handler as unknown as Handler;
});

afterAll(async () => {
  await closeStub?.();
});

const openApi = (headers: Record<string, string> = {}) =>
  lambda(httpApiEvent({ method: "GET", path: "/api/openapi.json", headers }), context);

describe("The HTTP function on AWS", () => {
  it("reads the origin secret from Secrets Manager beside the other secrets at cold start", () => {
    expect([...new Set(readSecrets)].sort()).toEqual(Object.keys(SECRETS).sort());
  });

  it("refuses a request without CloudFront's origin header with a 403 problem", async () => {
    const response = await openApi();

    expect(response.statusCode).toBe(403);
    expect(response.headers?.["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(response.body ?? "{}")).toMatchObject({ status: 403, code: "origin-not-verified" });
  });

  it("refuses an intake whose origin header is wrong before looking at its body", async () => {
    const response = await lambda(
      httpApiEvent({
        method: "POST",
        path: "/api/v1/tickets/resolved",
        headers: { "x-pulse-origin-verify": "guessed", "content-type": "application/json" },
        body: "{}",
      }),
      context,
    );
    expect(response.statusCode).toBe(403);
  });

  it("serves a request that CloudFront forwarded with the current or, during a rotation, the previous secret", async () => {
    expect((await openApi({ "X-Pulse-Origin-Verify": ORIGIN_SECRET })).statusCode).toBe(200);
    expect((await openApi({ "X-Pulse-Origin-Verify": PREVIOUS_ORIGIN_SECRET })).statusCode).toBe(200);
  });
});
