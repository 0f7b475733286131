import type { Context } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { httpApiEvent } from "../helpers/api-gateway-event.js";
import { aResolvedTicket, INTAKE_SIGNATURE_HEADER, sign } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import {
  INTAKE_SECRET,
  startTestServices,
  type TestServices,
  testEnvironment,
} from "../helpers/test-services.js";

type LambdaResult = {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
};
type Handler = (event: unknown, context: Context) => Promise<LambdaResult>;

let pulse: TestServices;
let lambda: Handler;

const context = {
  awsRequestId: "test-request",
  functionName: "pulse-http",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

beforeAll(async () => {
  pulse = await startTestServices();
  // The handler reads its configuration from the environment at cold start, as on Lambda.
  Object.assign(process.env, testEnvironment(pulse));
  lambda = (await import("../../functions/handlers/http.js")).handler as unknown as Handler;
});

/** The same request through the Lambda handler and through the app that the local server runs. */
async function both(input: {
  method: string;
  path: string;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
}) {
  const viaLambda = await lambda(httpApiEvent(input), context);
  const url = `${input.path}${input.query ? `?${input.query}` : ""}`;
  const viaLocal = await pulse.app.request(url, {
    method: input.method,
    headers: input.headers ?? {},
    ...(input.body !== undefined ? { body: input.body } : {}),
  });
  return { viaLambda, viaLocal, localBody: await viaLocal.text() };
}

describe("The Lambda handler", () => {
  it("answers a metrics query exactly as the local server does", async () => {
    const authorization = `Bearer ${await pulse.token("analyst")}`;
    const { viaLambda, viaLocal, localBody } = await both({
      method: "GET",
      path: "/api/v1/metrics/satisfaction",
      query: "from=2026-11-01&to=2026-11-30&interval=week&groupBy=service",
      headers: { authorization },
    });
    expect(viaLambda.statusCode).toBe(200);
    expect(viaLambda.statusCode).toBe(viaLocal.status);
    expect(viaLambda.headers?.["content-type"]).toBe(viaLocal.headers.get("content-type"));
    expect(JSON.parse(viaLambda.body ?? "")).toEqual(JSON.parse(localBody));
  });

  it("takes a signed intake and answers a repeated delivery with the same survey, like the local server", async () => {
    const body = JSON.stringify(aResolvedTicket());
    const headers = {
      "content-type": "application/json",
      [INTAKE_SIGNATURE_HEADER]: sign(body, INTAKE_SECRET),
    };
    const first = await lambda(
      httpApiEvent({ method: "POST", path: "/api/v1/tickets/resolved", headers, body }),
      context,
    );
    expect(first.statusCode).toBe(202);
    const { viaLambda, viaLocal, localBody } = await both({
      method: "POST",
      path: "/api/v1/tickets/resolved",
      headers,
      body,
    });
    expect(viaLambda.statusCode).toBe(viaLocal.status);
    expect(JSON.parse(viaLambda.body ?? "")).toEqual(JSON.parse(localBody));
    expect(JSON.parse(localBody)).toEqual(JSON.parse(first.body ?? ""));
  });

  it("serves the requester page with the same status and protective headers", async () => {
    const [mail] = await readOutbox(pulse.outbox);
    if (!mail) throw new Error("no invitation");
    const token = tokenOf(scoreLink(mail, 5));
    const { viaLambda, viaLocal, localBody } = await both({
      method: "GET",
      path: `/s/${token}`,
      query: "score=5",
    });
    expect(viaLambda.statusCode).toBe(200);
    expect(viaLambda.statusCode).toBe(viaLocal.status);
    for (const header of ["content-type", "cache-control", "referrer-policy", "x-content-type-options"]) {
      expect(viaLambda.headers?.[header]).toBe(viaLocal.headers.get(header));
    }
    // Pages differ only in their one-time values.
    const withoutNonces = (html: string) =>
      html.replace(/nonce="[^"]*"/g, 'nonce=""').replace(/[a-z0-9]+\.[\w-]{12}\.[\w-]{32}/g, "<form-nonce>");
    expect(withoutNonces(viaLambda.body ?? "")).toBe(withoutNonces(localBody));
  });

  it("answers bad input with the same problem document", async () => {
    const { viaLambda, viaLocal, localBody } = await both({
      method: "POST",
      path: "/api/v1/tickets/resolved",
      headers: { "content-type": "application/json", [INTAKE_SIGNATURE_HEADER]: "sha256=00" },
      body: "{}",
    });
    expect(viaLambda.statusCode).toBe(401);
    expect(viaLambda.statusCode).toBe(viaLocal.status);
    expect(viaLambda.headers?.["content-type"]).toBe("application/problem+json");
    expect(JSON.parse(viaLambda.body ?? "")).toEqual(JSON.parse(localBody));
  });
});
