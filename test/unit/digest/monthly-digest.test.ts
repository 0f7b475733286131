import { describe, expect, it } from "vitest";
import { makeReadThemes } from "../../../functions/src/app/analytics/read-themes.js";
import { makeBuildMonthlyDigest } from "../../../functions/src/app/digest/build-monthly-digest.js";
import type { DayCounts, TrendRepository } from "../../../functions/src/app/ports.js";

/** One day of counts with `positive` ratings of 5 and the rest ratings of 1. */
function day(date: string, n: number, positive: number): DayCounts {
  return { day: date, scores: [n - positive, 0, 0, 0, positive], invited: n, skipped: 0, skippedBy: {} };
}

/**
 * Twenty services with 200 ratings in October and in November: eighteen flat, Email up from 80% to 90% (p about
 * 0.005 on its own, not enough once 21 comparisons are made) and Remote access down from 85% to 50%.
 */
function trends(): TrendRepository {
  const services = new Map<string, DayCounts[]>();
  for (let i = 0; i < 18; i++)
    services.set(`Service ${i}`, [day("2026-10-15", 200, 170), day("2026-11-15", 200, 170)]);
  services.set("Email", [day("2026-10-15", 200, 160), day("2026-11-15", 200, 180)]);
  services.set("Remote access", [day("2026-10-15", 200, 170), day("2026-11-15", 200, 100)]);
  const overall = ["2026-10-15", "2026-11-15"].map((date) => {
    const days = [...services.values()].flatMap((list) => list.filter((entry) => entry.day === date));
    const n = days.reduce((sum, entry) => sum + entry.invited, 0);
    return day(
      date,
      n,
      days.reduce((sum, entry) => sum + entry.scores[4], 0),
    );
  });
  return {
    readSeries: async () => overall,
    readGroup: async ({ dimension }) => (dimension === "service" ? services : new Map()),
  };
}

function digestOn(now: string) {
  return makeBuildMonthlyDigest({
    trends: trends(),
    targets: { list: async () => [], put: async () => {}, remove: async () => false },
    readThemes: makeReadThemes({
      monthlyThemes: async (month, service) => ({
        month,
        service,
        comments: 0,
        responses: 0,
        themes: [],
        terms: [],
        reasons: [],
        computedAt: now,
        final: true,
      }),
      lowScoreThreshold: async () => 2,
    }),
    clock: { now: () => new Date(now) },
    timeZone: "Europe/Warsaw",
    responseWindowDays: 14,
  });
}

describe("The monthly digest's verdicts", () => {
  it("does not call a service's change significant when it fails the adjustment the movers pass", async () => {
    const digest = await digestOn("2026-12-20T07:00:00Z")("2026-11");
    const email = digest.services.find((row) => row.name === "Email");
    const remote = digest.services.find((row) => row.name === "Remote access");

    expect(email?.change?.pValue).toBeLessThan(0.05);
    expect(email?.change?.adjustedPValue).toBeGreaterThan(0.05);
    expect(email?.change?.significant).toBe(false);
    expect(remote?.change?.significant).toBe(true);
    expect(digest.movers.map((mover) => mover.value)).toEqual(["Remote access"]);
    expect(digest.movers[0]?.adjustedPValue).toBe(remote?.change?.adjustedPValue);
  });

  it("is provisional until the survey window of the month's last tickets has closed", async () => {
    const onTheFirst = await digestOn("2026-12-01T06:00:00Z")("2026-11");
    const lastDay = await digestOn("2026-12-15T20:00:00Z")("2026-11");
    const after = await digestOn("2026-12-16T08:00:00Z")("2026-11");

    expect(onTheFirst).toMatchObject({ provisional: true, collectingUntil: "2026-12-15" });
    expect(lastDay.provisional).toBe(true);
    expect(after.provisional).toBe(false);
  });
});
