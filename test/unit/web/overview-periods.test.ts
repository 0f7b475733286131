import { describe, expect, it } from "vitest";
import type { SatisfactionBucket } from "../../../web/src/api/types.js";
import {
  chosenPeriod,
  isPartialBucket,
  latestClosedMonth,
  periodChoices,
  quarterOf,
} from "../../../web/src/features/overview/periods.js";
import { toTrendPoints } from "../../../web/src/features/satisfaction/trend-points.js";
import type { I18n } from "../../../web/src/i18n/i18n.js";

describe("The overview's periods", () => {
  it("opens on the quarter today falls in when the link names no period the API takes", () => {
    expect(chosenPeriod(null, "2026-12-02")).toBe("2026-Q4");
    expect(chosenPeriod("last year", "2026-02-10")).toBe("2026-Q1");
    expect(chosenPeriod("2025", "2026-02-10")).toBe("2025");
    expect(quarterOf("2026-07-01")).toBe("2026-Q3");
  });

  it("offers the quarters that have begun and the years, newest first, marking the running ones", () => {
    const choices = periodChoices("2026-05-20", 2);
    expect(choices.map((c) => c.value)).toEqual([
      "2026-Q2",
      "2026-Q1",
      "2026",
      "2025-Q4",
      "2025-Q3",
      "2025-Q2",
      "2025-Q1",
      "2025",
    ]);
    expect(choices.filter((c) => c.running).map((c) => c.value)).toEqual(["2026-Q2", "2026"]);
  });

  it("takes the newest month that ended before today as the latest closed one", () => {
    const months = [{ month: "2026-10" }, { month: "2026-11" }, { month: "2026-12" }];
    expect(latestClosedMonth(months, "2026-12-02")?.month).toBe("2026-11");
    expect(latestClosedMonth(months, "2026-12-01")?.month).toBe("2026-11");
    expect(latestClosedMonth(months, "2026-11-30")?.month).toBe("2026-10");
    expect(latestClosedMonth(months, "2026-10-15")).toBeNull();
  });

  it("calls a bucket partial while it runs or when the range cuts it", () => {
    const range = { from: "2026-09-03", to: "2026-12-02" };
    expect(isPartialBucket("2026-11-30", "week", range, "2026-12-02")).toBe(true);
    expect(isPartialBucket("2026-11-23", "week", range, "2026-12-02")).toBe(false);
    expect(isPartialBucket("2026-09-01", "month", range, "2026-12-02")).toBe(true);
    expect(isPartialBucket("2026-10-01", "month", range, "2026-12-02")).toBe(false);
    expect(isPartialBucket("2026-12-01", "day", range, "2026-12-02")).toBe(false);
    expect(isPartialBucket("2026-12-02", "day", range, "2026-12-02")).toBe(true);
    expect(isPartialBucket("2026-10-01", "quarter", range, "2026-12-02")).toBe(true);
  });
});

describe("Satisfaction chart points", () => {
  const i18n: I18n = {
    locale: "en",
    t: (key) => key,
    percent: (value) => String(value),
    number: (value) => String(value),
    date: (isoDay) => isoDay,
  };
  const day = (start: string, n: number): SatisfactionBucket => ({
    start,
    n,
    positive: n,
    csat: n ? 1 : null,
    mean: n ? 5 : null,
    ci: n ? { low: 0.5, high: 1 } : null,
    distribution: { "1": 0, "2": 0, "3": 0, "4": 0, "5": n },
    invited: n,
    skipped: 0,
    responseRate: 1,
    control: { ucl: null, lcl: null, cusum: null, signals: [] },
  });

  it("mark a day of two responses as a small sample and today as partial, but not a day of thirty", () => {
    const points = toTrendPoints([day("2026-12-01", 30), day("2026-12-02", 2)], "day", i18n, {
      from: "2026-11-03",
      to: "2026-12-02",
      today: "2026-12-02",
    });
    expect(points.map((p) => [p.small, p.partial])).toEqual([
      [false, false],
      [true, true],
    ]);
  });
});
