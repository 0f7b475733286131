import { beforeAll, describe, expect, it } from "vitest";
import { retryWhileBusy } from "../helpers/busy-retry.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

describe("Aggregates under concurrent load", () => {
  it("spread over shards still equal a recount after 200 concurrent submissions with changes of mind, while duplicate and new tickets all get 202", async () => {
    // Forty surveys across two services and a few agents, so submissions collide on shared trend items, resolved on
    // three recent days (within the survey window).
    const days = [4, 3, 2].map((ago) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10));
    const ticketOn = (index: number) =>
      aResolvedTicket({
        service: index % 2 === 0 ? "Remote access" : "Email & calendar",
        agent: `agent${index % 3}`,
        resolvedAt: `${days[index % 3]}T10:00:00Z`,
      });
    const tickets = Array.from({ length: 40 }, (_, index) => ticketOn(index));
    // Every ticket delivered twice at once: the same survey, one invitation. A busy answer is retried, as ITSM tools do.
    const intakes = await Promise.all(
      [...tickets, ...tickets].map((ticket) => retryWhileBusy(() => postTicket(pulse.app, ticket))),
    );
    expect(intakes.every((response) => response.status === 202)).toBe(true);
    const mails = await readOutbox(pulse.outbox);
    expect(mails).toHaveLength(40);
    const tokens = mails.map((mail) => tokenOf(scoreLink(mail, 1)));

    // Each requester opens their survey five times (five pages, five nonces) and submits from each at the same moment.
    const pages = await Promise.all(
      tokens.flatMap((token) => Array.from({ length: 5 }, () => openSurvey(pulse.app, `/s/${token}`))),
    );
    const submissions = pages.map((page, index) => {
      const token = tokens[Math.floor(index / 5)] as string;
      const score = ((index * 7) % 5) + 1;
      return retryWhileBusy(() => postRating(pulse.app, token, { score, nonce: page.nonce ?? "" }));
    });
    // Meanwhile the ITSM tool delivers every ticket a third time and twenty new ones, on the same trend items.
    const fresh = Array.from({ length: 20 }, (_, index) => ticketOn(index));
    const lateIntakes = [...tickets, ...fresh].map((ticket) =>
      retryWhileBusy(() => postTicket(pulse.app, ticket)),
    );
    const [answers, late] = await Promise.all([Promise.all(submissions), Promise.all(lateIntakes)]);
    expect(answers).toHaveLength(200);
    expect(answers.every((response) => response.status === 200)).toBe(true);
    expect(late.map((response) => response.status)).toEqual(Array.from({ length: 60 }, () => 202));
    const firstIds = await Promise.all(
      intakes.slice(0, 40).map(async (response) => (await response.json()).surveyId),
    );
    const againIds = await Promise.all(
      late.slice(0, 40).map(async (response) => (await response.json()).surveyId),
    );
    expect(againIds).toEqual(firstIds);

    const { stored, recount, surveys, shardItems } = await aggregatesAndRecount(pulse.db, pulse.tableName);
    expect(surveys).toHaveLength(60);
    expect(surveys.filter((survey) => survey.response?.score !== undefined)).toHaveLength(40);
    expect(stored).toEqual(recount);
    // The writes were spread: each day's overall counts sit in several items, none of them below zero.
    for (const day of days) {
      const shards = shardItems.filter((item) => item.pk === "TREND#all" && item.day === day);
      expect(shards.length).toBeGreaterThan(1);
    }
    const counters = shardItems.flatMap((item) =>
      ["s1", "s2", "s3", "s4", "s5", "invited", "skipped"].map((name) => Number(item[name] ?? 0)),
    );
    expect(counters.every((count) => count >= 0)).toBe(true);

    // And the staff API's trend, which sums the shards, shows exactly the recount.
    const trend = await callStaffApi(
      pulse,
      "analyst",
      "GET",
      `/api/v1/metrics/satisfaction?from=${days[0]}&to=${days[2]}&interval=day`,
    );
    expect(trend.status).toBe(200);
    const expected: Record<string, number> = {};
    for (const survey of surveys) {
      const score = survey.response?.score;
      if (score !== undefined) expected[String(score)] = (expected[String(score)] ?? 0) + 1;
    }
    const shown = Object.fromEntries(
      Object.entries(trend.body.totals.distribution as Record<string, number>).filter(([, n]) => n > 0),
    );
    expect(shown).toEqual(expected);
    expect(trend.body.totals.n).toBe(40);
  }, 240_000);
});
