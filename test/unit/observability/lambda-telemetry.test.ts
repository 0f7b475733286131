import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import type { UndeliverableReason } from "../../../functions/src/domain/survey-policy.js";
import { bounceEvent } from "../../helpers/ses-events.js";
import { emfMetrics, jsonLinesWrittenBy } from "../../helpers/stdout-lines.js";

type Powertools = typeof import("../../../functions/src/adapters/observability/powertools.js");
let powertools: Powertools;

const context = (requestId: string) =>
  ({
    awsRequestId: requestId,
    functionName: "pulse-mailer",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:eu-central-1:111111111111:function:pulse-mailer",
    memoryLimitInMB: "512",
    getRemainingTimeInMillis: () => 30_000,
  }) as unknown as Context;

beforeAll(async () => {
  // As on Lambda: no development mode, metrics on, logs at INFO; the module reads these once, at cold start.
  for (const name of ["POWERTOOLS_DEV", "POWERTOOLS_METRICS_DISABLED", "POWERTOOLS_LOG_LEVEL"])
    delete process.env[name];
  process.env.POWERTOOLS_SERVICE_NAME = "pulse-mailer";
  process.env.AWS_LAMBDA_INITIALIZATION_TYPE = "on-demand";
  powertools = await import("../../../functions/src/adapters/observability/powertools.js");
});

describe("An instrumented Lambda handler", () => {
  it("publishes its counts as EMF in the Pulse namespace, skips split by reason, and a cold start only once", async () => {
    const { metrics } = powertools.lambdaObservability;
    const handler = powertools.instrument(
      middy().handler(async () => {
        metrics.count("InvitationsSent");
        metrics.count("MailsFailed");
        metrics.count("SurveysSkipped", 1, { reason: "undeliverable" });
        return "done";
      }),
    );
    const first = emfMetrics(await jsonLinesWrittenBy(() => handler({}, context("req-1"))));
    const second = emfMetrics(await jsonLinesWrittenBy(() => handler({}, context("req-2"))));

    expect(first.every((metric) => metric.namespace === "Pulse")).toBe(true);
    expect(first.map((metric) => metric.name).sort()).toEqual([
      "ColdStart",
      "InvitationsSent",
      "MailsFailed",
      "SurveysSkipped",
    ]);
    expect(first.find((metric) => metric.name === "SurveysSkipped")).toMatchObject({
      value: 1,
      dimensions: { service: "pulse-mailer", reason: "undeliverable" },
    });
    // The reason splits only the skips: the other counts keep the plain service series that alarms watch.
    expect(first.find((metric) => metric.name === "InvitationsSent")?.dimensions).toEqual({
      service: "pulse-mailer",
    });
    expect(second.map((metric) => metric.name).sort()).toEqual([
      "InvitationsSent",
      "MailsFailed",
      "SurveysSkipped",
    ]);
  });

  it("writes JSON log lines carrying the request ids and the survey and ticket ids, and forgets them afterwards", async () => {
    const { log } = powertools.lambdaObservability;
    const handler = powertools.instrument(
      middy<{ requestContext?: { requestId: string }; survey?: string }>().handler(async (event) => {
        if (event.survey)
          log.appendKeys({ surveyId: event.survey, ticketId: "INC0012345", initiativeId: undefined });
        log.info("Survey created", { source: "servicenow" });
      }),
    );
    const [line] = await jsonLinesWrittenBy(() =>
      handler({ requestContext: { requestId: "api-req-9" }, survey: "S-1" }, context("lambda-req-9")),
    );
    const [next] = await jsonLinesWrittenBy(() => handler({}, context("lambda-req-10")));

    expect(line).toMatchObject({
      level: "INFO",
      message: "Survey created",
      service: "pulse-mailer",
      function_request_id: "lambda-req-9",
      correlation_id: "api-req-9",
      surveyId: "S-1",
      ticketId: "INC0012345",
      source: "servicenow",
    });
    expect(line).not.toHaveProperty("initiativeId");
    expect(next).toMatchObject({ function_request_id: "lambda-req-10" });
    expect(next).not.toHaveProperty("surveyId");
    expect(next).not.toHaveProperty("correlation_id");
  });

  it("counts an address suppressed by a permanent bounce with its reason, and nothing for a transient one", async () => {
    const { makeMailSuppression } = await import("../../../functions/src/app/requesters/mail-suppression.js");
    const { mailFeedbackOf } = await import("../../../functions/src/adapters/mail/ses-feedback.js");
    const marked: Array<{ key: string; reason: UndeliverableReason }> = [];
    const suppress = makeMailSuppression({
      surveys: { markUndeliverable: async (key, reason) => void marked.push({ key, reason }) },
      ...powertools.lambdaObservability,
    });
    const handler = powertools.instrument(
      middy<ReturnType<typeof bounceEvent>>().handler((event) => suppress(mailFeedbackOf(event))),
    );

    const permanent = emfMetrics(
      await jsonLinesWrittenBy(() => handler(bounceEvent("gone@example.com"), context("r-1"))),
    );
    const transient = emfMetrics(
      await jsonLinesWrittenBy(() => handler(bounceEvent("full@example.com", "Transient"), context("r-2"))),
    );

    expect(permanent.find((metric) => metric.name === "AddressesSuppressed")).toMatchObject({
      value: 1,
      dimensions: { reason: "bounced" },
    });
    expect(transient.map((metric) => metric.name)).not.toContain("AddressesSuppressed");
    expect(marked).toHaveLength(1);
    expect(marked[0]?.reason).toBe("bounced");
  });
});
