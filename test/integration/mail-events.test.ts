import type { Context, SNSEvent, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requesterKeyOf } from "../../functions/src/app/surveys/link-secrets.js";
import { OVERALL } from "../../functions/src/domain/dimensions.js";
import { httpApiEvent } from "../helpers/api-gateway-event.js";
import { startAwsEndpointStub } from "../helpers/aws-endpoint-stub.js";
import { aResolvedTicket, signedHeaders } from "../helpers/intake.js";
import { bounceEvent, complaintEvent } from "../helpers/ses-events.js";
import { emfMetrics, jsonLinesWrittenBy } from "../helpers/stdout-lines.js";
import {
  INTAKE_SECRET,
  startTestServices,
  type TestServices,
  testEnvironment,
} from "../helpers/test-services.js";

type HttpResult = { statusCode: number; body?: string };
let pulse: TestServices;
let aws: Awaited<ReturnType<typeof startAwsEndpointStub>>;
let http: (event: unknown, context: Context) => Promise<HttpResult>;
let mailer: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
let mailEvents: (event: SNSEvent, context: Context) => Promise<{ marked: number }>;

const context = (functionName: string) =>
  ({
    awsRequestId: `${functionName}-request`,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:111111111111:function:${functionName}`,
    memoryLimitInMB: "512",
    getRemainingTimeInMillis: () => 30_000,
  }) as unknown as Context;

beforeAll(async () => {
  pulse = await startTestServices({ env: { SURVEY_THROTTLE_DAYS: "0" } });
  aws = await startAwsEndpointStub();
  // As on Lambda, with no throttle so that one address can be invited for ticket after ticket, and Powertools on so
  // that the test reads the metrics and logs the handlers write.
  Object.assign(process.env, testEnvironment(pulse), aws.environment, {
    SURVEY_THROTTLE_DAYS: "0",
    POWERTOOLS_LOG_LEVEL: "INFO",
    POWERTOOLS_METRICS_DISABLED: "false",
    AWS_LAMBDA_INITIALIZATION_TYPE: "on-demand",
  });
  http = (await import("../../functions/handlers/http.js")).handler as unknown as typeof http;
  mailer = (await import("../../functions/handlers/mailer.js")).handler as unknown as typeof mailer;
  mailEvents = (await import("../../functions/handlers/mail-events.js"))
    .handler as unknown as typeof mailEvents;
});

afterAll(async () => {
  await aws?.close();
});

async function intake(email: string, day: string) {
  const ticket = aResolvedTicket({ requester: { email, locale: "en" }, resolvedAt: `${day}T10:00:00Z` });
  const body = JSON.stringify(ticket);
  const event = httpApiEvent({
    method: "POST",
    path: "/api/v1/tickets/resolved",
    headers: { "content-type": "application/json", ...signedHeaders(body, INTAKE_SECRET) },
    body,
  });
  let answer: HttpResult | undefined;
  const lines = await jsonLinesWrittenBy(async () => {
    answer = await http(event, context("pulse-http"));
  });
  expect(answer?.statusCode).toBe(202);
  return {
    ticketId: ticket.ticketId,
    lines,
    ...(JSON.parse(answer?.body ?? "{}") as { surveyId: string; status: string; reason?: string }),
  };
}

/** Runs the mailer over every message enqueued for these surveys, as SQS would deliver them. */
async function deliver(surveyIds: readonly string[]) {
  const bodies = aws
    .queuedBodies()
    .filter((body) => surveyIds.includes((JSON.parse(body) as { surveyId: string }).surveyId));
  const event = {
    Records: bodies.map((body, index) => ({
      messageId: `m-${surveyIds[0]}-${index}`,
      receiptHandle: `r${index}`,
      body,
      attributes: {},
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-central-1:111111111111:pulse-mail",
      awsRegion: "eu-central-1",
    })),
  } as unknown as SQSEvent;
  let result: SQSBatchResponse | undefined;
  const lines = await jsonLinesWrittenBy(async () => {
    result = await mailer(event, context("pulse-mailer"));
  });
  expect(result?.batchItemFailures).toEqual([]);
  return { lines };
}

/** Hands one SNS event to the mail-events function, keeping its log lines for the test. */
async function report(event: SNSEvent) {
  let result: { marked: number } | undefined;
  const lines = await jsonLinesWrittenBy(async () => {
    result = await mailEvents(event, context("pulse-mail-events"));
  });
  return { ...result, lines };
}

const mailsTo = (address: string) =>
  aws.calls.filter(
    (call) =>
      call.service === "sesv2" &&
      (call.body.Destination as { ToAddresses: string[] }).ToAddresses.includes(address),
  ).length;

const skippedOn = async (day: string) =>
  (await pulse.trends.readSeries(OVERALL, day, day))[0]?.skippedBy ?? {};

// Each case's tickets on a day of their own, recent enough to be within the survey window.
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const [BOUNCE_DAY, COMPLAINT_DAY, TRANSIENT_DAY] = [4, 3, 2].map(daysAgo) as [string, string, string];

describe("Bounces and complaints reported by SES", () => {
  it("never mails an address again once it bounced for good, and counts its next ticket as skipped undeliverable", async () => {
    const address = "gone@example.com";
    const first = await intake(address, BOUNCE_DAY);
    await deliver([first.surveyId]);
    expect(mailsTo(address)).toBe(1);
    // Stored and queued before the bounce arrives, sent after it.
    const queued = await intake(address, BOUNCE_DAY);
    expect(queued.status).toBe("invited");

    expect(await report(bounceEvent(address))).toMatchObject({ marked: 1 });

    const { lines: mailerLines } = await deliver([queued.surveyId]);
    expect(mailsTo(address)).toBe(1);
    expect(emfMetrics(mailerLines)).toContainEqual(
      expect.objectContaining({
        name: "SurveysSkipped",
        dimensions: expect.objectContaining({ reason: "undeliverable" }),
      }),
    );
    const next = await intake("Gone@Example.com", BOUNCE_DAY);
    expect(next).toMatchObject({ status: "skipped", reason: "undeliverable" });
    // Both count as skipped: the survey queued before the bounce, and the next ticket.
    expect(await skippedOn(BOUNCE_DAY)).toEqual({ undeliverable: 2 });
    expect((await pulse.surveys.getSurvey(queued.surveyId))?.skipReason).toBe("undeliverable");
    // The intake's own metric and log line name the reason, the survey and the ticket.
    expect(emfMetrics(next.lines)).toContainEqual(
      expect.objectContaining({
        namespace: "Pulse",
        name: "SurveysSkipped",
        value: 1,
        dimensions: expect.objectContaining({ reason: "undeliverable" }),
      }),
    );
    expect(next.lines).toContainEqual(
      expect.objectContaining({
        message: "Survey skipped",
        surveyId: next.surveyId,
        ticketId: next.ticketId,
        function_request_id: "pulse-http-request",
      }),
    );
  });

  it("never mails an address again once its owner complained, and counts its next ticket as skipped undeliverable", async () => {
    const address = "annoyed@example.com";
    const first = await intake(address, COMPLAINT_DAY);
    await deliver([first.surveyId]);

    const { lines, marked } = await report(complaintEvent(address));
    expect(marked).toBe(1);
    expect(emfMetrics(lines)).toContainEqual(
      expect.objectContaining({
        name: "AddressesSuppressed",
        dimensions: expect.objectContaining({ reason: "complained" }),
      }),
    );

    const next = await intake(address, COMPLAINT_DAY);
    expect(next).toMatchObject({ status: "skipped", reason: "undeliverable" });
    expect(mailsTo(address)).toBe(1);
    expect(await skippedOn(COMPLAINT_DAY)).toEqual({ undeliverable: 1 });
    // The person's access export shows why Pulse stopped mailing them, and since when.
    expect((await pulse.requesterData.exportData(address)).profile).toMatchObject({
      undeliverable: "complained",
      undeliverableAt: "2026-11-20T16:00:00.000Z",
    });
  });

  it("keeps mailing an address whose bounce was only transient", async () => {
    const address = "full-mailbox@example.com";
    const first = await intake(address, TRANSIENT_DAY);
    await deliver([first.surveyId]);

    const { marked, lines } = await report(bounceEvent(address, "Transient"));
    expect(marked).toBe(0);
    expect(emfMetrics(lines).map((metric) => metric.name)).not.toContain("AddressesSuppressed");
    expect((await pulse.surveys.getRequesterProfile(requesterKeyOf(address))).undeliverable).toBeUndefined();

    const next = await intake(address, TRANSIENT_DAY);
    expect(next.status).toBe("invited");
    await deliver([next.surveyId]);
    expect(mailsTo(address)).toBe(2);
    expect(await skippedOn(TRANSIENT_DAY)).toEqual({});
  });
});
