import { describe, expect, it } from "vitest";
import { makeReadThemes } from "../../../functions/src/app/analytics/read-themes.js";
import { makeBuildMonthlyDigest } from "../../../functions/src/app/digest/build-monthly-digest.js";
import { renderDigestCsv } from "../../../functions/src/app/digest/render-digest-csv.js";
import { renderDigestHtml } from "../../../functions/src/app/digest/render-digest-html.js";
import { makeReadSatisfaction } from "../../../functions/src/app/metrics/read-satisfaction.js";
import type { DayCounts, TrendRepository } from "../../../functions/src/app/ports.js";
import { addDays } from "../../../functions/src/domain/calendar.js";
import type { Initiative } from "../../../functions/src/domain/initiatives/initiative.js";
import { DEFAULT_PRIORITY_SETTINGS } from "../../../functions/src/domain/initiatives/priority.js";
import { transition } from "../../../functions/src/domain/initiatives/workflow.js";
import { binomialSampler, mulberry32 } from "../../../functions/src/domain/statistics/seeded-random.js";
import { anInitiative, anInitiativeIn, FULL_OPTIONS } from "../initiatives/initiative-builders.js";

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

/**
 * Half a year of daily ratings drawn with a fixed seed: three services at 85% with 10 a day, one of which (Remote
 * access) falls to 70% from 2026-11-09, a shift that the weekly chart's CUSUM or limits should catch.
 */
function dailyHistory(): TrendRepository {
  const random = mulberry32(20_261_130);
  const sample = binomialSampler();
  const services = new Map<string, DayCounts[]>();
  for (const name of ["Email", "Printing", "Remote access"]) {
    const days: DayCounts[] = [];
    for (let date = "2026-05-01"; date <= "2026-11-30"; date = addDays(date, 1)) {
      const csat = name === "Remote access" && date >= "2026-11-09" ? 0.7 : 0.85;
      days.push(day(date, 10, sample(10, csat)(random)));
    }
    services.set(name, days);
  }
  const overall = (services.get("Email") ?? []).map((entry, index) => {
    const same = [...services.values()].map((days) => days[index] as DayCounts);
    return day(
      entry.day,
      same.reduce((sum, item) => sum + item.invited, 0),
      same.reduce((sum, item) => sum + item.scores[4], 0),
    );
  });
  return {
    readSeries: async () => overall,
    readGroup: async ({ dimension }) => (dimension === "service" ? services : new Map()),
  };
}

function digestOn(
  now: string,
  history: TrendRepository = trends(),
  register?: { initiatives: Initiative[]; staleAfterDays?: number },
) {
  return makeBuildMonthlyDigest({
    trends: history,
    ...(register
      ? {
          initiatives: { listAll: async () => register.initiatives },
          ...(register.staleAfterDays
            ? {
                prioritySettings: {
                  get: async () => ({
                    ...DEFAULT_PRIORITY_SETTINGS,
                    staleAfterDays: register.staleAfterDays ?? 30,
                  }),
                },
              }
            : {}),
        }
      : {}),
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

describe("The monthly digest's control-chart signals", () => {
  const month = { from: "2026-11-01", to: "2026-11-30", interval: "week", filters: {} } as const;

  it("flags the same weeks with the same rules as the satisfaction chart of the month in the app", async () => {
    const history = dailyHistory();
    const digest = await digestOn("2026-12-20T07:00:00Z", history)("2026-11");
    const read = makeReadSatisfaction({ trends: history });
    const overall = await read(month);
    const byService = await read({ ...month, groupBy: "service" });
    if (!("control" in overall) || !("groupBy" in byService))
      throw new Error("expected one series and a breakdown");

    const inApp = [
      ...overall.control.signals.map((signal) => ({
        series: "Overall",
        ...signal,
        falseAlarm: overall.control.falseAlarm,
      })),
      ...byService.series.flatMap((series) =>
        series.control.signals.map((signal) => ({
          series: series.value,
          ...signal,
          falseAlarm: series.control.falseAlarm,
        })),
      ),
    ];
    const inDigest = digest.signals.map((signal) => ({
      series: signal.series,
      start: signal.weekStart,
      type: signal.type,
      falseAlarm: signal.falseAlarm,
    }));
    expect(inDigest).toEqual(
      inApp.map(({ series, start, type, falseAlarm }) => ({ series, start, type, falseAlarm })),
    );
    expect(inDigest.filter((signal) => signal.series === "Remote access").length).toBeGreaterThan(0);
    expect(inDigest.some((signal) => signal.series === "Email" || signal.series === "Printing")).toBe(false);
    expect(digest.signals.every((signal) => signal.baseline.source === "before-range")).toBe(true);
  });

  it("states how often a stable series would signal on each chart and across all of them", async () => {
    const digest = await digestOn("2026-12-20T07:00:00Z", dailyHistory())("2026-11");
    const remote = digest.signals.find((signal) => signal.series === "Remote access");

    expect(remote?.falseAlarm?.rate).toBeGreaterThan(0);
    expect(remote?.falseAlarm?.rate).toBeLessThan(0.2);
    expect(digest.signalCheck.charts).toBe(4);
    expect(digest.signalCheck.expectedFalseAlarms).toBeGreaterThan(0);
    const html = renderDigestHtml(digest, "Pulse");
    expect(html).toContain(`${((remote?.falseAlarm?.rate ?? 0) * 100).toFixed(1)}% of`);
    expect(html).toContain("Of the 4 weekly charts read, about");
    expect(html).not.toMatch(/run of|trend of|run-of|trend-/i);
    const csv = renderDigestCsv(digest).split("\n");
    expect(csv.some((line) => /^signal,Remote access,week,.*,(beyond-limits|cusum-down),/.test(line))).toBe(
      true,
    );
    expect(csv.some((line) => line.startsWith("signal-check,2026-11,week,4,"))).toBe(true);
  });
});

describe("The monthly digest's neglected initiatives", () => {
  // The builders date every initiative's last change 2026-03-10; the digest is built on 2026-12-02.
  const register = () => [
    anInitiative({ owner: "", kpi: null }, "CSI-001"),
    anInitiative(
      { kpi: { dimension: "all", value: "all", baseline: 0.7, target: 0.8, targetDate: "2026-11-30" } },
      "CSI-002",
    ),
    transition(
      anInitiativeIn(
        "planned",
        { kpi: { dimension: "all", value: "all", baseline: 0.7, target: 0.8, targetDate: "2027-06-30" } },
        "CSI-003",
      ),
      "on-hold",
      { ...FULL_OPTIONS, reason: "Freeze" },
    ),
    anInitiativeIn("closed", { owner: "", kpi: null }, "CSI-004"),
    anInitiativeIn("rejected", { kpi: null }, "CSI-005"),
  ];

  it("counts each warning over the open and held initiatives as the register stands, naming the worst first", async () => {
    const digest = await digestOn("2026-12-02T07:00:00Z", trends(), { initiatives: register() })("2026-11");
    const graveyard = digest.portfolio?.graveyard;

    expect(graveyard).toMatchObject({ asOf: "2026-12-02", staleAfterDays: 30, watched: 3, flaggedCount: 3 });
    expect(graveyard?.counts).toEqual([
      { flag: "no-owner", count: 1 },
      { flag: "no-target", count: 1 },
      { flag: "review-overdue", count: 1 },
      { flag: "stale", count: 3 },
    ]);
    expect(graveyard?.flagged.map((row) => [row.id, row.flags])).toEqual([
      ["CSI-001", ["no-owner", "no-target", "stale"]],
      ["CSI-002", ["review-overdue", "stale"]],
      ["CSI-003", ["stale"]],
    ]);
  });

  it("takes the stale limit from the settings, and shows the counts in the HTML and CSV", async () => {
    const digest = await digestOn("2026-12-02T07:00:00Z", trends(), {
      initiatives: register(),
      staleAfterDays: 365,
    })("2026-11");
    const html = renderDigestHtml(digest, "Acme");
    const csv = renderDigestCsv(digest).split(/\r?\n/);

    expect(digest.portfolio?.graveyard.counts.find((row) => row.flag === "stale")?.count).toBe(0);
    expect(html).toContain("2 of 3 open or on hold carry a warning");
    expect(html).toContain("CSI-002");
    expect(csv).toContainEqual(expect.stringMatching(/^graveyard,review-overdue,flag,1,/));
    expect(csv).toContainEqual(expect.stringMatching(/^graveyard-initiative,CSI-001,initiative,/));
  });
});
