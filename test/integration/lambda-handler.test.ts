import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bundleEntry } from "../../infra/aws/bundle-report.js";
import { entryPath } from "../../infra/aws/bundles.js";
import { httpApiEvent } from "../helpers/api-gateway-event.js";
import { startAwsEndpointStub } from "../helpers/aws-endpoint-stub.js";
import { aResolvedTicket, INTAKE_SIGNATURE_HEADER, signedHeaders } from "../helpers/intake.js";
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
let publicLambda: Handler;
let staffLambda: Handler;
let mailerLambda: (
  event: unknown,
  context: Context,
) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
let aws: Awaited<ReturnType<typeof startAwsEndpointStub>>;

const context = {
  awsRequestId: "test-request",
  functionName: "pulse-http",
  getRemainingTimeInMillis: () => 30_000,
} as unknown as Context;

beforeAll(async () => {
  pulse = await startTestServices();
  aws = await startAwsEndpointStub();
  // The handlers read their configuration from the environment at cold start, as on Lambda: invitations go to the
  // queue and mail to SES, both answered by a loopback stub; the table is the test's DynamoDB Local table.
  Object.assign(process.env, testEnvironment(pulse), aws.environment);
  lambda = (await import("../../functions/handlers/http.js")).handler as unknown as Handler;
  publicLambda = (await import("../../functions/handlers/public.js")).handler as unknown as Handler;
  staffLambda = (await import("../../functions/handlers/staff.js")).handler as unknown as Handler;
  mailerLambda = (await import("../../functions/handlers/mailer.js"))
    .handler as unknown as typeof mailerLambda;
});

afterAll(async () => {
  await aws?.close();
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
      ...signedHeaders(body, INTAKE_SECRET),
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

describe("The public and staff functions", () => {
  // The later tests read the queue from the start: what these enqueue is theirs alone.
  afterEach(() => {
    aws.calls.splice(0);
  });

  it("take intake and the requester pages on the public side only, and the staff API on the other", async () => {
    const ticket = aResolvedTicket({ requester: { email: "olek@example.com", locale: "pl" } });
    const body = JSON.stringify(ticket);
    const headers = { "content-type": "application/json", ...signedHeaders(body, INTAKE_SECRET) };
    const intake = { method: "POST", path: "/api/v1/tickets/resolved", headers, body };
    const accepted = await publicLambda(httpApiEvent(intake), context);
    expect(accepted.statusCode).toBe(202);
    const { surveyId } = JSON.parse(accepted.body ?? "{}") as { surveyId: string };
    const enqueued = aws.calls.filter((call) => call.service === "sqs" && call.operation === "SendMessage");
    expect(enqueued.map((call) => JSON.parse(String(call.body.MessageBody)))).toContainEqual({ surveyId });
    expect((await staffLambda(httpApiEvent(intake), context)).statusCode).toBe(404);

    const [mail] = await readOutbox(pulse.outbox);
    if (!mail) throw new Error("no invitation");
    const page = { method: "GET", path: `/s/${tokenOf(scoreLink(mail, 4))}`, query: "score=4" };
    const shown = await publicLambda(httpApiEvent(page), context);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers?.["referrer-policy"]).toBe("no-referrer");
    expect((await staffLambda(httpApiEvent(page), context)).statusCode).toBe(404);

    const authorization = `Bearer ${await pulse.token("analyst")}`;
    const metrics = {
      method: "GET",
      path: "/api/v1/metrics/satisfaction",
      query: "from=2026-11-01&to=2026-11-30&interval=week",
      headers: { authorization },
    };
    expect((await staffLambda(httpApiEvent(metrics), context)).statusCode).toBe(200);
    expect((await publicLambda(httpApiEvent(metrics), context)).statusCode).toBe(404);
    expect(
      (await publicLambda(httpApiEvent({ method: "GET", path: "/api/openapi.json" }), context)).statusCode,
    ).toBe(404);
  });

  it("document every route in the staff function's OpenAPI document, the public ones too, as the local server does", async () => {
    const viaStaff = await staffLambda(httpApiEvent({ method: "GET", path: "/api/openapi.json" }), context);
    const viaLocal = await pulse.app.request("/api/openapi.json");
    expect(viaStaff.statusCode).toBe(200);
    const document = JSON.parse(viaStaff.body ?? "{}") as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain("/api/v1/tickets/resolved");
    expect(document).toEqual(await viaLocal.json());
  });

  it("name the bad fields of a signed intake in the public function exactly as the local server does", async () => {
    const body = JSON.stringify({
      ...aResolvedTicket(),
      title: "",
      resolvedAt: "yesterday",
      requester: { x: 1 },
    });
    const request = {
      method: "POST",
      path: "/api/v1/tickets/resolved",
      headers: { "content-type": "application/json", ...signedHeaders(body, INTAKE_SECRET) },
      body,
    };
    const viaPublic = await publicLambda(httpApiEvent(request), context);
    const viaLocal = await pulse.app.request(request.path, {
      method: "POST",
      headers: request.headers,
      body,
    });
    expect(viaPublic.statusCode).toBe(400);
    expect(viaPublic.headers?.["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(viaPublic.body ?? "{}") as {
      errors: Array<{ field: string; message: string }>;
    };
    expect(problem.errors.map((error) => error.field).sort()).toEqual(["requester", "resolvedAt", "title"]);
    expect(problem.errors.every((error) => error.message !== "Invalid input")).toBe(true);
    expect(problem).toEqual(await viaLocal.json());
  });
});

describe("The public function as bundled for Lambda", () => {
  // The later tests read the queue from the start: what these enqueue is theirs alone.
  afterEach(() => {
    aws.calls.splice(0);
  });

  it("carries its own AWS SDK and takes a signed intake, enqueuing the invitation", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "pulse-public-bundle-"));
    try {
      const bundle = await bundleEntry("public", entryPath("public"), outdir, { flat: true });
      // The runtime's own SDK is never loaded, so its version cannot drift from the lockfile's.
      expect(await readFile(bundle.outfile, "utf8")).not.toMatch(/from\s*["']@aws-sdk\//);
      const bundled = (await import(/* @vite-ignore */ pathToFileURL(bundle.outfile).href)) as {
        handler: Handler;
      };
      const body = JSON.stringify(aResolvedTicket({ requester: { email: "ida@example.com", locale: "en" } }));
      const answer = await bundled.handler(
        httpApiEvent({
          method: "POST",
          path: "/api/v1/tickets/resolved",
          headers: { "content-type": "application/json", ...signedHeaders(body, INTAKE_SECRET) },
          body,
        }),
        context,
      );
      expect(answer.statusCode).toBe(202);
      const { surveyId } = JSON.parse(answer.body ?? "{}") as { surveyId: string };
      const enqueued = aws.calls.filter((call) => call.service === "sqs" && call.operation === "SendMessage");
      expect(enqueued.map((call) => JSON.parse(String(call.body.MessageBody)))).toContainEqual({ surveyId });
    } finally {
      await rm(outdir, { recursive: true, force: true });
    }
  });
});

describe("The AWS path", () => {
  it("enqueues an invitation at intake, sends it through SES from the mailer, and rates from its link", async () => {
    const ticket = aResolvedTicket({
      requester: { email: "marta@example.com", locale: "en" },
      service: "Printing",
    });
    const body = JSON.stringify(ticket);
    const intake = await lambda(
      httpApiEvent({
        method: "POST",
        path: "/api/v1/tickets/resolved",
        headers: { "content-type": "application/json", ...signedHeaders(body, INTAKE_SECRET) },
        body,
      }),
      context,
    );
    expect(intake.statusCode).toBe(202);
    const { surveyId } = JSON.parse(intake.body ?? "{}") as { surveyId: string };
    const enqueued = aws.calls.filter((call) => call.service === "sqs" && call.operation === "SendMessage");
    expect(enqueued.map((call) => JSON.parse(String(call.body.MessageBody)))).toContainEqual({ surveyId });
    expect(aws.calls.some((call) => call.service === "sesv2")).toBe(false);

    const delivered = await mailerLambda(
      {
        Records: enqueued.map((call, index) => ({
          messageId: `m${index}`,
          receiptHandle: `r${index}`,
          body: String(call.body.MessageBody),
          attributes: {},
          messageAttributes: {},
          md5OfBody: "",
          eventSource: "aws:sqs",
          eventSourceARN: "arn:aws:sqs:eu-central-1:111111111111:pulse-mail",
          awsRegion: "eu-central-1",
        })),
      },
      context,
    );
    expect(delivered.batchItemFailures).toEqual([]);
    const email = aws.calls.find((call) => call.service === "sesv2");
    if (!email) throw new Error("the mailer sent nothing through SES");
    const simple = (email.body.Content as { Simple: { Body: { Html: { Data: string } } } }).Simple;
    const link = /href="https?:\/\/[^"]*(\/s\/[\w-]+)\?score=1"/.exec(simple.Body.Html.Data)?.[1];
    expect(link).toBeDefined();

    const page = await lambda(httpApiEvent({ method: "GET", path: link ?? "", query: "score=1" }), context);
    expect(page.statusCode).toBe(200);
    const nonce = /name="nonce"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="nonce"/.exec(page.body ?? "");
    const form = new URLSearchParams({
      score: "1",
      nonce: nonce?.[1] ?? nonce?.[2] ?? "",
      mode: "deliberate",
    });
    const rated = await lambda(
      httpApiEvent({
        method: "POST",
        path: link ?? "",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
      }),
      context,
    );
    expect(rated.statusCode).toBe(200);
    expect(JSON.parse(rated.body ?? "{}")).toMatchObject({ ok: true, score: 1 });
    expect((await pulse.surveys.getSurvey(surveyId))?.response?.score).toBe(1);
  });
});
