import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { pChart } from "../../../functions/src/domain/statistics/index.js";
import { simulateWeeks, weekStart } from "./seeded-random.js";

// Montgomery D. C., Introduction to Statistical Quality Control (6th ed., 2009), Example 7.1, Table 7.1:
// nonconforming orange-juice cans in 30 samples of n = 50 (347 in all, so p-bar = 347/1500 = 0.2313).
const ORANGE_JUICE = [
  12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9, 6,
];
const orangeJuiceSamples = ORANGE_JUICE.map((defects, index) => ({
  start: weekStart(index),
  positive: defects,
  n: 50,
}));

const flat = (length: number, rate: number) => Array.from({ length }, () => rate);

describe("p-chart", () => {
  it("reproduces Montgomery's trial limits for the orange-juice cans", () => {
    const chart = pChart(orangeJuiceSamples);

    expect(chart.centre).toBeCloseTo(0.2313, 4);
    expect(chart.points[0]?.ucl).toBeCloseTo(0.4102, 4);
    expect(chart.points[0]?.lcl).toBeCloseTo(0.0524, 4);
  });

  it("flags the two samples Montgomery finds beyond the trial limits (15 and 23)", () => {
    const chart = pChart(orangeJuiceSamples);

    const beyond = chart.signals.filter(({ type }) => type === "beyond-limits").map(({ index }) => index + 1);
    expect(beyond).toEqual([15, 23]);
  });

  it("reproduces Montgomery's revised limits once samples 15 and 23 leave the baseline", () => {
    // Montgomery drops the two samples with assignable causes: p-bar = 301/1400 = 0.2150, UCL 0.3893, LCL 0.0407.
    const kept = orangeJuiceSamples.filter((_, index) => index !== 14 && index !== 22);

    const chart = pChart(kept);

    expect(chart.centre).toBeCloseTo(0.215, 4);
    expect(chart.points[0]?.ucl).toBeCloseTo(0.3893, 4);
    expect(chart.points[0]?.lcl).toBeCloseTo(0.0407, 4);
  });

  it("computes the centre line from the baseline periods only", () => {
    const points = [
      { start: "2024-01-01", positive: 80, n: 100 },
      { start: "2024-01-08", positive: 70, n: 100 },
      { start: "2024-01-15", positive: 10, n: 100 },
    ];

    const chart = pChart(points, { baselineFrom: "2024-01-01", baselineTo: "2024-01-08" });

    expect(chart.centre).toBeCloseTo(0.75, 12);
    expect(chart.baseline).toEqual({ from: "2024-01-01", to: "2024-01-08", n: 200 });
    expect(chart.points[2]?.signals).toContain("beyond-limits");
  });

  it("uses each period's own n, so smaller periods get wider limits", () => {
    const chart = pChart([
      { start: "2024-01-01", positive: 40, n: 50 },
      { start: "2024-01-08", positive: 400, n: 500 },
    ]);
    const [small, large] = chart.points;

    expect((small?.ucl ?? 0) - (small?.lcl ?? 0)).toBeGreaterThan((large?.ucl ?? 0) - (large?.lcl ?? 0));
  });

  it("leaves a period without responses without p or limits", () => {
    const chart = pChart([
      { start: "2024-01-01", positive: 40, n: 50 },
      { start: "2024-01-08", positive: 0, n: 0 },
    ]);

    expect(chart.points[1]).toEqual({
      start: "2024-01-08",
      n: 0,
      p: null,
      ucl: null,
      lcl: null,
      signals: [],
    });
  });

  it("has no centre and no limits when the baseline holds no responses", () => {
    const chart = pChart([{ start: "2024-01-01", positive: 40, n: 50 }], { baselineTo: "2023-12-31" });

    expect(chart.centre).toBeNull();
    expect(chart.baseline).toEqual({ from: null, to: null, n: 0 });
    expect(chart.points[0]?.ucl).toBeNull();
  });

  it("flags a run from its eighth point on one side of the centre", () => {
    const rates = [0.5, 0.5, ...flat(9, 0.6), 0.4, 0.4];
    const points = rates.map((rate, index) => ({ start: weekStart(index), positive: rate * 10, n: 10 }));

    const chart = pChart(points, { baselineTo: weekStart(1) });

    const runs = chart.signals.filter(({ type }) => type === "run").map(({ index }) => index);
    expect(runs).toEqual([9, 10]);
  });

  it("flags a trend from its sixth steadily rising point", () => {
    const positives = [50, 50, 51, 52, 53, 54, 55, 56, 50];
    const points = positives.map((positive, index) => ({ start: weekStart(index), positive, n: 100 }));

    const chart = pChart(points);

    const trends = chart.signals.filter(({ type }) => type === "trend").map(({ index }) => index);
    expect(trends).toEqual([6, 7]);
  });

  it("lets an empty period neither extend nor break a trend", () => {
    const positives = [10, 20, 30, null, 40, 50, 60];
    const points = positives.map((positive, index) => ({
      start: weekStart(index),
      positive: positive ?? 0,
      n: positive === null ? 0 : 100,
    }));

    const chart = pChart(points);

    expect(chart.signals.filter(({ type }) => type === "trend").map(({ index }) => index)).toEqual([6]);
  });

  it("flags a planted shift from 0.80 to 0.65 in the last 10 of 30 weekly points", () => {
    const points = simulateWeeks(20240101, 120, [...flat(20, 0.8), ...flat(10, 0.65)]);

    const chart = pChart(points, { baselineTo: weekStart(19) });

    const flagged = new Set(chart.signals.map(({ index }) => index));
    expect([...flagged].filter((index) => index >= 20).length).toBeGreaterThanOrEqual(8);
    expect([...flagged].filter((index) => index < 20)).toEqual([]);
  });

  it("flags the same shift when the whole series forms the baseline", () => {
    const points = simulateWeeks(20240101, 120, [...flat(20, 0.8), ...flat(10, 0.65)]);

    const chart = pChart(points);

    expect(chart.signals.some(({ index }) => index >= 20)).toBe(true);
  });

  it("raises no signal on a stable series of the same size", () => {
    const points = simulateWeeks(20240101, 120, flat(30, 0.8));

    const chart = pChart(points);

    expect(chart.signals).toEqual([]);
  });

  it("catches nearly every planted shift and rarely cries wolf across many seeded series", () => {
    const seeds = Array.from({ length: 40 }, (_, seed) => seed + 1);
    const caught = seeds.filter((seed) => {
      const chart = pChart(simulateWeeks(seed, 120, [...flat(20, 0.8), ...flat(10, 0.65)]), {
        baselineTo: weekStart(19),
      });
      return chart.signals.some(({ index }) => index >= 20);
    });
    const falseAlarms = seeds.filter(
      (seed) => pChart(simulateWeeks(seed, 120, flat(30, 0.8))).signals.length > 0,
    );

    expect(caught.length).toBe(seeds.length);
    // Together the three rules fire by chance in about 15% of stable 30-point series (measured over 2,000 seeds),
    // so about 6 false alarms are expected here; more than 12 would mean the rules are miscounted.
    expect(falseAlarms.length).toBeLessThanOrEqual(12);
  });

  it("keeps limits ordered and within [0, 1] for any series", () => {
    const point = fc
      .integer({ min: 0, max: 5000 })
      .chain((n) => fc.record({ n: fc.constant(n), positive: fc.integer({ min: 0, max: n }) }));
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 40 }), (counts) => {
        const chart = pChart(counts.map((count, index) => ({ start: weekStart(index), ...count })));
        for (const { ucl, lcl } of chart.points) {
          if (ucl === null || lcl === null) continue;
          expect(lcl).toBeGreaterThanOrEqual(0);
          expect(ucl).toBeLessThanOrEqual(1);
          expect(lcl).toBeLessThanOrEqual(ucl);
          if (chart.centre !== null) {
            expect(lcl).toBeLessThanOrEqual(chart.centre);
            expect(ucl).toBeGreaterThanOrEqual(chart.centre);
          }
        }
      }),
    );
  });

  it("refuses points out of date order", () => {
    const points = [
      { start: "2024-01-08", positive: 1, n: 2 },
      { start: "2024-01-01", positive: 1, n: 2 },
    ];

    expect(() => pChart(points)).toThrow(expect.objectContaining({ code: "unordered-points" }));
  });
});
