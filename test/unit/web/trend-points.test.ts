import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SatisfactionBucket } from "../../../web/src/api/types.js";
import { bucketLabel, shiftDay, toTrendPoints } from "../../../web/src/features/satisfaction/trend-points.js";
import type { I18n } from "../../../web/src/i18n/i18n.js";

// A stand-in that shows which date style was asked for, so the tests pin the choice rather than Intl's output.
const i18n: I18n = {
  locale: "en",
  t: (key) => key,
  percent: (value) => String(value),
  number: (value) => String(value),
  date: (isoDay, style = "day") => `${style}:${isoDay}`,
};

function bucket(start: string, overrides: Partial<SatisfactionBucket> = {}): SatisfactionBucket {
  return {
    start,
    n: 20,
    positive: 17,
    csat: 0.85,
    mean: 4.3,
    ci: { low: 0.64, high: 0.95 },
    distribution: { "1": 1, "2": 1, "3": 1, "4": 5, "5": 12 },
    invited: 40,
    skipped: 2,
    responseRate: 0.5,
    control: { ucl: 0.99, lcl: 0.6, cusum: { down: 0, up: 4 }, signals: ["cusum-up"] },
    ...overrides,
  };
}

describe("Trend bucket label", () => {
  it.each([
    ["2026-01-01", "Q1 2026"],
    ["2026-03-01", "Q1 2026"],
    ["2026-04-01", "Q2 2026"],
    ["2026-07-01", "Q3 2026"],
    ["2026-10-01", "Q4 2026"],
    ["2026-12-01", "Q4 2026"],
  ])("names the quarter starting %s as %s", (start, label) => {
    expect(bucketLabel(start, "quarter", i18n)).toBe(label);
  });

  it("names a month bucket in the month style and a day or week bucket as a full day", () => {
    expect(bucketLabel("2026-03-01", "month", i18n)).toBe("month:2026-03-01");
    expect(bucketLabel("2026-03-09", "week", i18n)).toBe("day:2026-03-09");
    expect(bucketLabel("2026-03-10", "day", i18n)).toBe("day:2026-03-10");
  });
});

describe("Trend points from API buckets", () => {
  it("carries the share, interval, control limits, signals and count of each bucket", () => {
    const [point] = toTrendPoints([bucket("2026-03-09")], "week", i18n);

    expect(point).toEqual({
      start: "2026-03-09",
      label: "day:2026-03-09",
      short: "short:2026-03-09",
      value: 0.85,
      low: 0.64,
      high: 0.95,
      ucl: 0.99,
      lcl: 0.6,
      signals: ["cusum-up"],
      n: 20,
      small: true,
      partial: false,
    });
  });

  it("gives a bucket without responses no value and no interval", () => {
    const [point] = toTrendPoints(
      [
        bucket("2026-03-01", {
          n: 0,
          positive: 0,
          csat: null,
          ci: null,
          control: { ucl: null, lcl: null, cusum: null, signals: [] },
        }),
      ],
      "month",
      i18n,
    );

    expect(point).toMatchObject({ value: null, low: null, high: null, ucl: null, lcl: null, n: 0 });
    expect(point?.short).toBe("month:2026-03-01");
  });

  it("uses the quarter name as the short label of a quarter", () => {
    expect(toTrendPoints([bucket("2026-10-01")], "quarter", i18n)[0]?.short).toBe("Q4 2026");
  });
});

describe("Day shift", () => {
  it.each([
    ["2026-02-28", 1, "2026-03-01"],
    ["2028-02-28", 1, "2028-02-29"],
    ["2026-01-01", -1, "2025-12-31"],
    ["2026-03-29", 1, "2026-03-30"],
    ["2026-10-25", 1, "2026-10-26"],
    ["2026-01-31", 365, "2027-01-31"],
  ])("moves %s by %i days to %s", (day, days, expected) => {
    expect(shiftDay(day, days)).toBe(expected);
  });

  it("comes back to the same day after moving forth and back by any number of days", () => {
    const day = fc
      .date({
        min: new Date("1970-01-01T00:00:00Z"),
        max: new Date("2999-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -5000, max: 5000 }), (start, days) => {
        const moved = shiftDay(start, days);

        expect(shiftDay(moved, -days)).toBe(start);
        expect((Date.parse(moved) - Date.parse(start)) / 86_400_000).toBe(days);
      }),
    );
  });
});
