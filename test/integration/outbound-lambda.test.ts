import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyWebhookSignature } from "../../functions/src/app/outbound/webhook-signature.js";
import { httpApiEvent } from "../helpers/api-gateway-event.js";
import { sqsRecord, startAwsEndpointStub } from "../helpers/aws-endpoint-stub.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { formNonceOf } from "../helpers/survey-page.js";
import { startTestServices, type TestServices, testEnvironment } from "../helpers/test-services.js";
import { startWebhookReceiver } from "../helpers/webhook-receiver.js";

type HttpHandler = (event: unknown, context: Context) => Promise<{ statusCode: number; body?: string }>;
type SqsHandler = (
  event: unknown,
  context: Context,
) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;

const context = {
  awsRequestId: "test-request",
  functionName: "pulse-outbound",
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

let pulse: TestServices;
let aws: Awaited<ReturnType<typeof startAwsEndpointStub>>;
let publicLambda: HttpHandler;
let outboundLambda: SqsHandler;

beforeAll(async () => {
  pulse = await startTestServices();
  aws = await startAwsEndpointStub();
  // As on Lambda: the public function announces ratings on the outbound queue (the stub), the outbound function
  // consumes what the test hands it as SQS would and sets the backoff on the same queue.
  Object.assign(process.env, testEnvironment(pulse), aws.environment, {
    OUTBOUND_QUEUE_URL: `${aws.url}/111111111111/pulse-outbound`,
  });
  publicLambda = (await import("../../functions/handlers/public.js")).handler as unknown as HttpHandler;
  outboundLambda = (await import("../../functions/handlers/outbound.js")).handler as unknown as SqsHandler;
});

afterAll(async () => {
  await aws?.close();
});

const outboundEvent = (body: string, receiveCount: number) => ({
  Records: [{ ...sqsRecord(body, "o1"), attributes: { ApproximateReceiveCount: String(receiveCount) } }],
});

describe("Outbound events on AWS", () => {
  it("go from the public function to the queue as one small message, and the outbound function backs off a failure", async () => {
    const receiver = await startWebhookReceiver([503]);
    const created = await callStaffApi(pulse, "head", "POST", "/api/v1/webhooks", {
      url: receiver.url,
      events: ["rating.recorded"],
      format: "pulse",
    });
    expect(created.status).toBe(201);
    const ticket = aResolvedTicket({ resolvedAt: new Date(Date.now() - 3_600_000).toISOString() });
    const { surveyId } = (await (await postTicket(pulse.app, ticket)).json()) as { surveyId: string };
    const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
    if (!mail) throw new Error("no invitation");
    const path = `/s/${tokenOf(scoreLink(mail, 2))}`;
    const page = await publicLambda(httpApiEvent({ method: "GET", path, query: "score=2" }), context);
    const form = new URLSearchParams({ score: "2", nonce: formNonceOf(page.body ?? ""), mode: "deliberate" });
    const rated = await publicLambda(
      httpApiEvent({
        method: "POST",
        path,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: form.toString(),
      }),
      context,
    );
    expect(rated.statusCode).toBe(200);

    const announced = aws.queuedBodies().filter((body) => body.includes('"kind":"rating"'));
    expect(announced.map((body) => JSON.parse(body))).toEqual([
      { kind: "rating", surveyId, version: expect.any(Number), score: 2, followUp: "opened" },
    ]);
    const [message] = announced as [string];
    expect(message.length).toBeLessThan(120);

    const first = await outboundLambda(outboundEvent(message, 1), context);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: "o1" }]);
    const backoff = aws.calls.find((call) => call.operation === "ChangeMessageVisibilityBatch");
    expect(backoff?.body.Entries).toEqual([{ Id: "0", ReceiptHandle: "r-o1", VisibilityTimeout: 30 }]);

    const second = await outboundLambda(outboundEvent(message, 2), context);
    expect(second.batchItemFailures).toEqual([]);
    expect(receiver.received).toHaveLength(2);
    const [, delivered] = receiver.received;
    expect(
      verifyWebhookSignature({
        secret: created.body.secret,
        headers: {
          id: String(delivered?.headers["webhook-id"]),
          timestamp: String(delivered?.headers["webhook-timestamp"]),
          signature: String(delivered?.headers["webhook-signature"]),
        },
        body: delivered?.body ?? "",
        now: new Date(),
      }),
    ).toBe(true);
    expect(JSON.parse(delivered?.body ?? "{}")).toMatchObject({
      type: "rating.recorded",
      data: { surveyId, score: 2 },
    });
    await receiver.close();
    await callStaffApi(pulse, "head", "DELETE", `/api/v1/webhooks/${created.body.webhook.id}`);
  });
});
