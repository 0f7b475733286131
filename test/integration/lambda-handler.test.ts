import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { Context } from "aws-lambda";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { makeSqsMailQueue } from "../../functions/src/adapters/queue/sqs-mail-queue.js";
import { MAIL_LEASE_SECONDS, MAIL_VISIBILITY_SECONDS } from "../../functions/src/app/mail/mail-timing.js";
import { hashLinkToken, mailLinkToken } from "../../functions/src/app/surveys/link-secrets.js";
import { apiDocument } from "../../functions/src/http/api-document.js";
import { bundleEntry } from "../../infra/aws/bundle-report.js";
import { entryPath } from "../../infra/aws/bundles.js";
import { httpApiEvent } from "../helpers/api-gateway-event.js";
import { startAwsEndpointStub } from "../helpers/aws-endpoint-stub.js";
import { aResolvedTicket, INTAKE_SIGNATURE_HEADER, signedHeaders } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import {
  INTAKE_SECRET,
  LINK_SECRET,
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
let connectorsLambda: Handler;
const SERVICENOW_SECRET = "servicenow-secret-for-the-lambda-0123";
let mailerLambda: (
  event: unknown,
  context: Context,
) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
let scheduledLambda: (event: unknown, context: Context) => Promise<Record<string, unknown>>;
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
  // A send to SES that takes longer than this counts as failed, its outcome unknown.
  Object.assign(process.env, testEnvironment(pulse), aws.environment, {
    MAIL_SEND_TIMEOUT_MS: "300",
    PULSE_CONNECTOR_SECRETS: JSON.stringify({ servicenow: SERVICENOW_SECRET }),
  });
  lambda = (await import("../../functions/handlers/http.js")).handler as unknown as Handler;
  publicLambda = (await import("../../functions/handlers/public.js")).handler as unknown as Handler;
  staffLambda = (await import("../../functions/handlers/staff.js")).handler as unknown as Handler;
  connectorsLambda = (await import("../../functions/handlers/connectors.js")).handler as unknown as Handler;
  mailerLambda = (await import("../../functions/handlers/mailer.js"))
    .handler as unknown as typeof mailerLambda;
  scheduledLambda = (await import("../../functions/handlers/scheduled.js"))
    .handler as unknown as typeof scheduledLambda;
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

  it("take intake in the connectors function, the requester pages in the public one, and the staff API in its own", async () => {
    const ticket = aResolvedTicket({ requester: { email: "olek@example.com", locale: "pl" } });
    const body = JSON.stringify(ticket);
    const headers = { "content-type": "application/json", ...signedHeaders(body, INTAKE_SECRET) };
    const intake = { method: "POST", path: "/api/v1/tickets/resolved", headers, body };
    const accepted = await connectorsLambda(httpApiEvent(intake), context);
    expect(accepted.statusCode).toBe(202);
    const { surveyId } = JSON.parse(accepted.body ?? "{}") as { surveyId: string };
    expect(aws.queuedBodies().map((body) => JSON.parse(body))).toContainEqual({
      kind: "invitation",
      surveyId,
    });
    expect((await staffLambda(httpApiEvent(intake), context)).statusCode).toBe(404);
    expect((await publicLambda(httpApiEvent(intake), context)).statusCode).toBe(404);

    const [mail] = await readOutbox(pulse.outbox);
    if (!mail) throw new Error("no invitation");
    const page = { method: "GET", path: `/s/${tokenOf(scoreLink(mail, 4))}`, query: "score=4" };
    const shown = await publicLambda(httpApiEvent(page), context);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers?.["referrer-policy"]).toBe("no-referrer");
    expect((await staffLambda(httpApiEvent(page), context)).statusCode).toBe(404);
    expect((await connectorsLambda(httpApiEvent(page), context)).statusCode).toBe(404);

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

  it("take a ServiceNow delivery and serve the connectors' mappings in the connectors function alone", async () => {
    const payload = JSON.parse(
      await readFile(
        join(import.meta.dirname, "../fixtures/connectors/servicenow-incident-resolved.json"),
        "utf8",
      ),
    ) as Record<string, unknown>;
    // Resolved just now, whatever day the suite runs.
    const body = JSON.stringify({ ...payload, number: "INC0077777", resolved_at: new Date().toISOString() });
    const delivery = {
      method: "POST",
      path: "/api/v1/tickets/resolved/servicenow",
      headers: { "content-type": "application/json", authorization: `Bearer ${SERVICENOW_SECRET}` },
      body,
    };
    const accepted = await connectorsLambda(httpApiEvent(delivery), context);
    expect(accepted.statusCode).toBe(202);
    const { surveyId } = JSON.parse(accepted.body ?? "{}") as { surveyId: string };
    expect(aws.queuedBodies().map((queued) => JSON.parse(queued))).toContainEqual({
      kind: "invitation",
      surveyId,
    });
    expect((await publicLambda(httpApiEvent(delivery), context)).statusCode).toBe(404);

    const wrong = {
      ...delivery,
      headers: { ...delivery.headers, authorization: "Bearer wrong-secret-0123456789" },
    };
    expect((await connectorsLambda(httpApiEvent(wrong), context)).statusCode).toBe(401);

    const mapping = {
      method: "GET",
      path: "/api/v1/connectors/servicenow/mapping",
      headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
    };
    expect((await connectorsLambda(httpApiEvent(mapping), context)).statusCode).toBe(200);
    expect((await connectorsLambda(httpApiEvent({ ...mapping, headers: {} }), context)).statusCode).toBe(401);
    expect((await staffLambda(httpApiEvent(mapping), context)).statusCode).toBe(404);

    const head = { authorization: `Bearer ${await pulse.token("head")}`, "content-type": "application/json" };
    const replace = { ...mapping, method: "PUT", headers: head, body: JSON.stringify({ fields: {} }) };
    expect((await connectorsLambda(httpApiEvent(replace), context)).statusCode).toBe(200);
    const month = new Date().toISOString().slice(0, 7);
    const audit = await staffLambda(
      httpApiEvent({ method: "GET", path: "/api/v1/audit", query: `month=${month}`, headers: head }),
      context,
    );
    expect(JSON.parse(audit.body ?? "{}").entries).toContainEqual(
      expect.objectContaining({ action: "settings.change", target: "/api/v1/connectors/servicenow/mapping" }),
    );
  });

  it("leave the OpenAPI document to the file the stack deploys beside the staff app, the one the local server serves", async () => {
    const viaStaff = await staffLambda(httpApiEvent({ method: "GET", path: "/api/openapi.json" }), context);
    const viaLocal = await pulse.app.request("/api/openapi.json");

    expect(viaStaff.statusCode).toBe(404);
    const document = (await viaLocal.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths)).toContain("/api/v1/tickets/resolved");
    expect(document).toEqual(JSON.parse(JSON.stringify(apiDocument())));
  });

  it("name the bad fields of a signed intake in the connectors function exactly as the local server does", async () => {
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
    const viaLambda = await connectorsLambda(httpApiEvent(request), context);
    const viaLocal = await pulse.app.request(request.path, {
      method: "POST",
      headers: request.headers,
      body,
    });
    expect(viaLambda.statusCode).toBe(400);
    expect(viaLambda.headers?.["content-type"]).toBe("application/problem+json");
    const problem = JSON.parse(viaLambda.body ?? "{}") as {
      errors: Array<{ field: string; message: string }>;
    };
    expect(problem.errors.map((error) => error.field).sort()).toEqual(["requester", "resolvedAt", "title"]);
    expect(problem.errors.every((error) => error.message !== "Invalid input")).toBe(true);
    expect(problem).toEqual(await viaLocal.json());
  });
});

describe("The connectors function as bundled for Lambda", () => {
  // The later tests read the queue from the start: what these enqueue is theirs alone.
  afterEach(() => {
    aws.calls.splice(0);
  });

  it("carries its own AWS SDK and takes a signed intake, enqueuing the invitation", async () => {
    const outdir = await mkdtemp(join(tmpdir(), "pulse-connectors-bundle-"));
    try {
      const bundle = await bundleEntry("connectors", entryPath("connectors"), outdir, { flat: true });
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
      expect(aws.queuedBodies().map((body) => JSON.parse(body))).toContainEqual({
        kind: "invitation",
        surveyId,
      });
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
    const sesCalls = () => aws.calls.filter((call) => call.service === "sesv2");
    const sesCallsBefore = sesCalls().length;
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
    expect(aws.queuedBodies().map((body) => JSON.parse(body))).toContainEqual({
      kind: "invitation",
      surveyId,
    });
    // The intake only enqueued: nothing went through SES yet.
    expect(sesCalls()).toHaveLength(sesCallsBefore);

    const delivered = await mailerLambda(aws.takeQueued(), context);
    expect(delivered.batchItemFailures).toEqual([]);
    const email = sesCalls()
      .slice(sesCallsBefore)
      .find((call) => JSON.stringify(call.body.Destination).includes("marta@example.com"));
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

const MINUTE = 60_000;

/** Runs the rest of a test as if it were `ms` later (or earlier), for every handler's clock at once. */
function shiftClock(ms: number) {
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(now + ms);
}

afterEach(() => {
  vi.useRealTimers();
});

async function intakeViaLambda(email: string): Promise<string> {
  const body = JSON.stringify(aResolvedTicket({ requester: { email, locale: "en" } }));
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
  return (JSON.parse(intake.body ?? "{}") as { surveyId: string }).surveyId;
}

const mailsFor = (surveyId: string) =>
  aws.mails().filter((mail) => mail.headers["X-Pulse-Survey"] === surveyId);
const linkOf = (html: string) => /href="[^"]*(\/s\/[\w-]+)\?score=1"/.exec(html)?.[1];
const invitedOn = async (day: string) =>
  (await pulse.trends.readSeries({ dimension: "all", value: "all" }, day, day)).reduce(
    (sum, entry) => sum + entry.invited,
    0,
  );
const dayOf = async (surveyId: string) => (await pulse.surveys.getSurvey(surveyId))?.day ?? "";

describe("The one sender on AWS", () => {
  it("sends a reminder and the monthly digest only through the queue and the mailer function", async () => {
    const surveyId = await intakeViaLambda("quiet@example.com");
    // Its invitation went out three days ago.
    const invitation = aws.takeQueued();
    shiftClock(-3 * 24 * 60 * MINUTE);
    expect((await mailerLambda(invitation, context)).batchItemFailures).toEqual([]);
    vi.useRealTimers();

    const sentBefore = aws.mails().length;
    const reminders = await scheduledLambda({ job: "send-reminders" }, context);
    expect(reminders).toMatchObject({ job: "send-reminders", enqueued: 1 });
    expect(aws.mails()).toHaveLength(sentBefore);
    const queuedReminders = aws.takeQueued();
    expect(queuedReminders.Records.map((record) => JSON.parse(record.body))).toEqual([
      { kind: "reminder", surveyId },
    ]);
    expect((await mailerLambda(queuedReminders, context)).batchItemFailures).toEqual([]);
    const [invited, reminder] = mailsFor(surveyId);
    expect(reminder?.subject).toMatch(/^Reminder: /);
    expect(linkOf(reminder?.html ?? "")).toBeDefined();
    expect(linkOf(reminder?.html ?? "")).not.toBe(linkOf(invited?.html ?? ""));

    await pulse.analytics.digestMail.setRecipients(["head@example.com", "board@example.com"], "test");
    const digest = await scheduledLambda({ job: "monthly-digest", month: "2026-11" }, context);
    expect(digest).toMatchObject({ job: "monthly-digest", status: "sent", recipients: 2 });
    const queuedDigests = aws.takeQueued();
    expect(queuedDigests.Records.map((record) => JSON.parse(record.body).kind)).toEqual(["digest", "digest"]);
    expect((await mailerLambda(queuedDigests, context)).batchItemFailures).toEqual([]);
    // SQS delivers at least once: a redelivered digest message finds its delivery done.
    expect((await mailerLambda(queuedDigests, context)).batchItemFailures).toEqual([]);
    const digests = aws.mails().filter((mail) => mail.subject.startsWith("Satisfaction digest 2026-11"));
    expect(digests.flatMap((mail) => mail.to).sort()).toEqual(["board@example.com", "head@example.com"]);
    expect(new Set(digests.map((mail) => mail.mailId)).size).toBe(2);
  });

  it("leaves a mail claimed by a mailer that died to a later delivery, which sends it once with that claim's link", async () => {
    expect(MAIL_LEASE_SECONDS).toBeLessThan(MAIL_VISIBILITY_SECONDS);
    const surveyId = await intakeViaLambda("crash-after-claim@example.com");
    const survey = await pulse.surveys.getSurvey(surveyId);
    const records = aws.takeQueued();
    // A mailer took the message, claimed the invitation, and died before sending.
    const nonce = "claim-of-a-mailer-that-died";
    await pulse.surveys.claimSurveyMail({
      kind: "invitation",
      surveyId,
      tokenHash: hashLinkToken(mailLinkToken(LINK_SECRET, surveyId, "invitation", nonce)),
      nonce,
      expiresAt: survey?.expiresAt ?? "",
      at: new Date().toISOString(),
      attempts: 1,
    });

    // Another delivery while the claim is live fails, so the queue keeps the message instead of dropping it.
    expect((await mailerLambda(records, context)).batchItemFailures).toHaveLength(1);
    expect(mailsFor(surveyId)).toHaveLength(0);

    // SQS delivers it again after its visibility timeout, by when the dead mailer's lease has run out.
    shiftClock(MAIL_VISIBILITY_SECONDS * 1000);
    expect((await mailerLambda(records, context)).batchItemFailures).toEqual([]);
    expect((await mailerLambda(records, context)).batchItemFailures).toEqual([]);
    const mails = mailsFor(surveyId);
    expect(mails.map((mail) => mail.mailId)).toEqual([`invitation.${surveyId}.${nonce}`]);
    const link = linkOf(mails[0]?.html ?? "") ?? "";
    expect(link).toBe(`/s/${mailLinkToken(LINK_SECRET, surveyId, "invitation", nonce)}`);
    const page = await lambda(httpApiEvent({ method: "GET", path: link, query: "score=1" }), context);
    expect(page.statusCode).toBe(200);
  });

  it("sends nothing more when a message is delivered again after its mail went out, and counts it invited once", async () => {
    const surveyId = await intakeViaLambda("crash-after-send@example.com");
    const day = await dayOf(surveyId);
    const invitedBefore = await invitedOn(day);
    const records = aws.takeQueued();

    expect((await mailerLambda(records, context)).batchItemFailures).toEqual([]);
    // The acknowledgement was lost: SQS delivers the same message again.
    expect((await mailerLambda(records, context)).batchItemFailures).toEqual([]);

    expect(mailsFor(surveyId)).toHaveLength(1);
    expect(await invitedOn(day)).toBe(invitedBefore + 1);
  });

  it("resends a mail whose SES answer came too late with the same mail id and link, and counts it invited once", async () => {
    const surveyId = await intakeViaLambda("ses-timeout@example.com");
    const day = await dayOf(surveyId);
    const invitedBefore = await invitedOn(day);
    const records = aws.takeQueued();

    aws.answerNextSendAfter(1_500);
    let failures = (await mailerLambda(records, context)).batchItemFailures;
    for (let redelivery = 0; failures.length > 0 && redelivery < 3; redelivery++)
      failures = (await mailerLambda(records, context)).batchItemFailures;

    expect(failures).toEqual([]);
    const mails = mailsFor(surveyId);
    // SES took the first try too: the outcome was unknown, so the mail went again, recognisably the same.
    expect(mails.length).toBeGreaterThanOrEqual(2);
    expect(new Set(mails.map((mail) => mail.mailId)).size).toBe(1);
    expect(new Set(mails.map((mail) => linkOf(mail.html))).size).toBe(1);
    expect(await invitedOn(day)).toBe(invitedBefore + 1);
  });

  it("answers 202 when the queue is down at intake, and the sweep then sends that invitation once", async () => {
    aws.setQueueDown(true);
    const surveyId = await intakeViaLambda("queue-down@example.com").finally(() => aws.setQueueDown(false));
    const carries = (records: { Records: Array<{ body: string }> }) =>
      records.Records.some((record) => JSON.parse(record.body).surveyId === surveyId);
    expect(carries(aws.takeQueued())).toBe(false);
    expect((await pulse.surveys.getSurvey(surveyId))?.invitation?.state).toBe("pending");

    // A sweep right away leaves a fresh survey alone: its own message may still be on the way.
    await scheduledLambda({ job: "sweep-invitations" }, context);
    expect(carries(aws.takeQueued())).toBe(false);

    shiftClock(6 * MINUTE);
    await scheduledLambda({ job: "sweep-invitations" }, context);
    const swept = aws.takeQueued();
    expect(carries(swept)).toBe(true);
    expect((await mailerLambda(swept, context)).batchItemFailures).toEqual([]);
    vi.useRealTimers();

    shiftClock(12 * MINUTE);
    await scheduledLambda({ job: "sweep-invitations" }, context);
    expect(carries(aws.takeQueued())).toBe(false);
    expect(mailsFor(surveyId)).toHaveLength(1);
  });

  it("queues many mails in batches of ten, the most SQS takes in one call", async () => {
    const queue = makeSqsMailQueue({
      queueUrl: aws.environment.MAIL_QUEUE_URL,
      client: new SQSClient({ endpoint: aws.url, region: "eu-central-1" }),
    });
    const before = aws.calls.length;
    aws.takeQueued();

    await queue.enqueue(
      Array.from({ length: 23 }, (_, index) => ({ kind: "reminder" as const, surveyId: `s${index}` })),
    );

    const batches = aws.calls.slice(before).filter((call) => call.operation === "SendMessageBatch");
    expect(batches.map((call) => (call.body.Entries as unknown[]).length)).toEqual([10, 10, 3]);
    expect(aws.takeQueued().Records.map((record) => JSON.parse(record.body).surveyId)).toEqual(
      Array.from({ length: 23 }, (_, index) => `s${index}`),
    );
  });
});
