import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, it } from "vitest";
import { makeRunScheduledJob } from "../../functions/src/app/digest/run-scheduled-job.js";
import type { Survey } from "../../functions/src/domain/survey.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { manualClock } from "../helpers/manual-clock.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";
import { startWebhookReceiver } from "../helpers/webhook-receiver.js";

let pulse: TestServices;
const clock = manualClock("2026-11-21T09:00:00Z");
const TREND = "/api/v1/metrics/satisfaction?from=2026-11-01&to=2026-11-30&interval=day";

beforeAll(async () => {
  pulse = await startTestServices({ clock });
});

async function scanTable(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await pulse.db.send(
      new ScanCommand({ TableName: pulse.tableName, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

async function rated(email: string, score: number, comment: string, resolvedAt: string) {
  const ticket = aResolvedTicket({
    resolvedAt,
    requester: { email, name: `Name of ${email}`, locale: "en" },
  });
  const { surveyId } = (await (await postTicket(pulse.app, ticket)).json()) as { surveyId: string };
  const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
  if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
  const token = tokenOf(scoreLink(mail, score));
  const page = await openSurvey(pulse.app, `/s/${token}?score=${score}`);
  expect((await postRating(pulse.app, token, { score, nonce: page.nonce ?? "", comment })).status).toBe(200);
  return surveyId;
}

const personalFields = (survey: Survey) => ({
  email: survey.requester.email,
  name: survey.requester.name,
  key: survey.requester.key,
  comment: survey.response?.comment,
});

describe("Retention of personal data", () => {
  it("removes address, name and comment past the period, deletes the cases, and leaves the trend unchanged", async () => {
    const old = [
      await rated("first.old@example.com", 1, "Still broken after three calls", "2026-11-20T10:00:00Z"),
      await rated("second.old@example.com", 5, "Quick and friendly", "2026-11-20T11:00:00Z"),
      await rated("third.old@example.com", 4, "Fine in the end", "2026-11-19T09:00:00Z"),
    ];
    const trendBefore = await callStaffApi(pulse, "analyst", "GET", TREND);
    expect(trendBefore.status).toBe(200);
    expect(trendBefore.body.totals).toMatchObject({ n: 3, invited: 3 });
    expect((await scanTable()).filter((item) => item.type === "follow-up")).toHaveLength(1);

    // 401 days on; a survey resolved yesterday is within the 400-day period and keeps its data.
    clock.advanceDays(401);
    const recent = await rated(
      "recent@example.com",
      2,
      "Slow answer",
      new Date(clock.now().getTime() - 86_400_000).toISOString(),
    );
    const runJob = makeRunScheduledJob({
      sendMonthlyDigest: pulse.analytics.digestMail.send,
      sendReminders: pulse.sendReminders,
      sweepInvitations: pulse.sweepInvitations,
      sweepExpiredPersonalData: pulse.sweepExpiredPersonalData,
      log: () => {},
    });

    const swept = await runJob({ job: "retention-sweep" });

    expect(swept).toMatchObject({ job: "retention-sweep", surveys: 3 });
    const items = await scanTable();
    const surveys = items.filter((item) => item.type === "survey") as unknown as Survey[];
    for (const id of old) {
      const survey = surveys.find((s) => s.surveyId === id);
      expect(survey && personalFields(survey)).toEqual({
        email: undefined,
        name: undefined,
        key: undefined,
        comment: undefined,
      });
      expect(survey?.response?.score).toBeDefined();
    }
    const text = JSON.stringify(items);
    for (const address of ["first.old@", "second.old@", "third.old@", "Still broken", "Quick and friendly"]) {
      expect(text).not.toContain(address);
    }
    const cases = items.filter((item) => item.type === "follow-up");
    expect(cases.map((item) => item.responseId)).toEqual([recent]);
    const kept = surveys.find((s) => s.surveyId === recent);
    expect(kept && personalFields(kept)).toMatchObject({
      email: "recent@example.com",
      comment: "Slow answer",
    });

    const trendAfter = await callStaffApi(pulse, "analyst", "GET", TREND);
    expect(trendAfter.body.buckets).toEqual(trendBefore.body.buckets);
    expect(trendAfter.body.totals).toEqual(trendBefore.body.totals);
    const { stored, recount } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(stored).toEqual(recount);
  });

  it("finds nothing more to remove on the next run", async () => {
    expect(await pulse.sweepExpiredPersonalData()).toMatchObject({ surveys: 0 });
  });
});

describe("Retention of webhook deliveries", () => {
  it("empties the body of a delivery about a swept survey even while the delivery log still keeps it", async () => {
    const lateClock = manualClock("2026-11-21T09:00:00Z");
    const short = await startTestServices({ clock: lateClock, env: { RETENTION_DAYS: "30" } });
    const receiver = await startWebhookReceiver();
    const created = await callStaffApi(short, "head", "POST", "/api/v1/webhooks", {
      url: receiver.url,
      events: ["rating.recorded"],
      format: "pulse",
    });
    expect(created.status).toBe(201);
    try {
      const ticket = aResolvedTicket(
        { requester: { email: "late.rater@example.com", name: "Late Rater", locale: "en" } },
        lateClock,
      );
      const { surveyId } = (await (await postTicket(short.app, ticket)).json()) as { surveyId: string };
      const mail = (await readOutbox(short.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
      if (!mail) throw new Error(`no invitation for ${ticket.ticketId}`);
      // Rated ten days after the ticket was resolved: the delivery is logged (for 30 days) from then on.
      lateClock.advanceDays(10);
      const token = tokenOf(scoreLink(mail, 2));
      const page = await openSurvey(short.app, `/s/${token}?score=2`);
      const comment = "Answered only after a week";
      expect(
        (await postRating(short.app, token, { score: 2, nonce: page.nonce ?? "", comment })).status,
      ).toBe(200);
      await short.outboundQueue.drain();
      expect(receiver.received[0]?.body).toContain(comment);

      // Day 31: the survey is past the 30-day retention, its delivery only 21 days into its life.
      lateClock.advanceDays(21);
      expect(await short.sweepExpiredPersonalData()).toMatchObject({ surveys: 1 });

      const { Items = [] } = await short.db.send(
        new ScanCommand({ TableName: short.tableName, ConsistentRead: true }),
      );
      const [delivery] = Items.filter(
        (item) => item.type === "webhook-delivery" && item.surveyId === surveyId,
      );
      expect(delivery).toMatchObject({ body: "", erasedAt: lateClock.now().toISOString() });
      expect(delivery?.ttl).toBeGreaterThan(Math.floor(lateClock.now().getTime() / 1000));
      expect(JSON.stringify(Items)).not.toContain(comment);
    } finally {
      await receiver.close();
    }
  });
});
