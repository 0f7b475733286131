import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type ChartInput,
  chooseBaseline,
  cusumInControlArl,
  falseAlarmRate,
  type PhasedChartOptions,
  twoPhaseChart,
} from "../../../functions/src/domain/statistics/two-phase-chart.js";
import { drawPositive, mulberry32, weekStart } from "./seeded-random.js";

const BASELINE_WEEKS = 26;
const flat = (length: number, rate: number) => Array.from({ length }, () => rate);

/** Weekly counts with about `n` responses a week (n ± 5, uniformly), drawn at the given rates. */
function weeks(seed: number, n: number, rates: readonly number[], spread = 5): ChartInput[] {
  const random = mulberry32(seed);
  return rates.map((rate, index) => {
    const size = n - spread + Math.floor(random() * (2 * spread + 1));
    return { start: weekStart(index), positive: drawPositive(random, size, rate), n: size };
  });
}

/** The default chart: the 26 weeks before the displayed ones form the baseline, as the API chooses it. */
function defaultChart(points: ChartInput[], shown: number) {
  const displayedFrom = weekStart(points.length - shown);
  const options: PhasedChartOptions = {
    displayedFrom,
    baseline: chooseBaseline(points, displayedFrom, BASELINE_WEEKS),
  };
  return { options, chart: twoPhaseChart(points, options) };
}

describe("two-phase control chart", () => {
  it("takes its limits from the weeks before the range, so a drop inside the range cannot pull them down", () => {
    const points = weeks(7, 50, [...flat(BASELINE_WEEKS, 0.85), ...flat(7, 0.85), ...flat(6, 0.6)], 0);

    const { chart } = defaultChart(points, 13);

    expect(chart.baseline).toMatchObject({
      from: weekStart(0),
      to: weekStart(BASELINE_WEEKS - 1),
      source: "before-range",
      buckets: BASELINE_WEEKS,
    });
    expect(chart.centre).toBeGreaterThan(0.8);
    expect(chart.points).toHaveLength(13);
    expect(chart.signals.some(({ index }) => index >= 7)).toBe(true);
  });

  it("falls back to the range's first half, and says so, when there is too little history before it", () => {
    const points = weeks(8, 50, flat(3 + 20, 0.85));

    const { chart } = defaultChart(points, 20);

    expect(chart.baseline).toMatchObject({ source: "range-start", from: weekStart(3), to: weekStart(12) });
  });

  it("uses the whole range, and says so, when even the range is too short for a separate baseline", () => {
    const points = weeks(9, 50, flat(10, 0.85));

    const { chart } = defaultChart(points, 10);

    expect(chart.baseline.source).toBe("whole-range");
    expect(chart.baseline.buckets).toBe(10);
  });

  it("removes baseline samples beyond the baseline's own limits and revises them (Montgomery's orange-juice cans)", () => {
    // Montgomery, Introduction to Statistical Quality Control (6th ed.), Example 7.1: samples 15 and 23 fall beyond
    // the trial limits; once they are left out, sample 21 (p = 0.40) lies beyond the revised UCL of 0.3893, and the
    // procedure applied without judgement leaves it out too: p-bar = 281/1350.
    const defects = [
      12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7, 13, 9,
      6,
    ];
    const samples = defects.map((positive, index) => ({ start: weekStart(index), positive, n: 50 }));
    const points = [...samples, { start: weekStart(30), positive: 10, n: 50 }];

    const chart = twoPhaseChart(points, {
      displayedFrom: weekStart(30),
      baseline: { from: weekStart(0), to: weekStart(29), source: "requested" },
      limits: "binomial",
    });

    expect(chart.baseline.excluded).toEqual([weekStart(14), weekStart(20), weekStart(22)]);
    expect(chart.centre).toBeCloseTo(281 / 1350, 10);
    expect(chart.points[0]?.ucl).toBeCloseTo(
      281 / 1350 + 3 * Math.sqrt(((281 / 1350) * (1069 / 1350)) / 50),
      10,
    );
  });

  it("on stable yearly charts at about 50 a week signals in at most a quarter of charts, as often as each chart says", () => {
    const runs = 1000;
    let signalled = 0;
    const stated: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      const points = weeks(1000 + run, 50, flat(BASELINE_WEEKS + 52, 0.85));
      const { chart, options } = defaultChart(points, 52);
      if (chart.signals.length > 0) signalled += 1;
      // The stated rate is itself a 2,000-run simulation; every 25th chart's is enough to know what charts say.
      if (run % 25 === 0) stated.push(falseAlarmRate(points, options, chart)?.rate ?? Number.NaN);
    }
    const share = signalled / runs;
    const statedMean = stated.reduce((sum, rate) => sum + rate, 0) / stated.length;

    // Measured: 20.7% of charts signal, and the charts state 19.7% on average.
    expect(share).toBeLessThanOrEqual(0.25);
    expect(Math.abs(share - statedMean)).toBeLessThanOrEqual(0.03);
  });

  it("flags a 10-point drop (85% to 75%) at 50 a week within 6 weeks on the default 13-week chart in at least 80% of runs", () => {
    const runs = 1000;
    let flagged = 0;
    let byCusumOnly = 0;
    for (let run = 0; run < runs; run += 1) {
      const points = weeks(
        5000 + run,
        50,
        [...flat(BASELINE_WEEKS, 0.85), ...flat(7, 0.85), ...flat(6, 0.75)],
        0,
      );
      const { chart } = defaultChart(points, 13);
      const afterDrop = chart.signals.filter(({ index }) => index >= 7 && index <= 12);
      if (afterDrop.length > 0) flagged += 1;
      if (afterDrop.length > 0 && afterDrop.every(({ type }) => type !== "beyond-limits")) byCusumOnly += 1;
    }

    // Measured: 87.7% flagged, 13.4% by the CUSUM alone (drops that stay inside the 3-sigma limits).
    expect(flagged / runs).toBeGreaterThanOrEqual(0.8);
    expect(byCusumOnly / runs).toBeGreaterThan(0.1);
  });

  it("switches to Laney's p′ limits when large weekly volumes vary beyond binomial chance, keeping false alarms rare", () => {
    const runs = 200;
    let binomialAlarms = 0;
    let laneyAlarms = 0;
    let laneyChosen = 0;
    for (let run = 0; run < runs; run += 1) {
      const random = mulberry32(9000 + run);
      // Each week's true rate wanders by 2 points around 85%: stable, but no binomial process at n = 2,000.
      const rates = flat(BASELINE_WEEKS + 52, 0.85).map(
        (rate) => rate + 0.02 * (random() + random() + random() - 1.5) * 2,
      );
      const points = weeks(9000 + run, 2000, rates, 0);
      const displayedFrom = weekStart(BASELINE_WEEKS);
      const baseline = chooseBaseline(points, displayedFrom, BASELINE_WEEKS);
      const binomial = twoPhaseChart(points, { displayedFrom, baseline, limits: "binomial" });
      const auto = twoPhaseChart(points, { displayedFrom, baseline });
      if (binomial.signals.length > 0) binomialAlarms += 1;
      if (auto.signals.length > 0) laneyAlarms += 1;
      if (auto.limits === "laney" && auto.dispersion?.overDispersed) laneyChosen += 1;
    }

    // Measured: binomial limits signal on every chart, p′ limits on 18.5%.
    expect(binomialAlarms / runs).toBeGreaterThan(0.9);
    expect(laneyChosen / runs).toBeGreaterThan(0.95);
    expect(laneyAlarms / runs).toBeLessThan(0.35);
  });

  it("keeps binomial limits on a binomial process", () => {
    const points = weeks(11, 50, flat(BASELINE_WEEKS + 13, 0.85));

    const { chart } = defaultChart(points, 13);

    expect(chart.limits).toBe("binomial");
    expect(chart.dispersion?.overDispersed).toBe(false);
    expect(chart.sigmaFactor).toBe(1);
  });

  it("states the CUSUM's in-control run length as Montgomery's table gives it for k = 0.5 (168 at h = 4, 465 at h = 5)", () => {
    expect(cusumInControlArl(0.5, 4) / 2).toBeGreaterThan(166);
    expect(cusumInControlArl(0.5, 4) / 2).toBeLessThan(171);
    expect(cusumInControlArl(0.5, 5) / 2).toBeGreaterThan(460);
    expect(cusumInControlArl(0.5, 5) / 2).toBeLessThan(472);
  });

  it("refuses a baseline that ends before it starts", () => {
    const points = weeks(12, 50, flat(4, 0.85));

    expect(() =>
      twoPhaseChart(points, {
        displayedFrom: weekStart(0),
        baseline: { from: weekStart(3), to: weekStart(1), source: "requested" },
      }),
    ).toThrow(expect.objectContaining({ code: "invalid-baseline" }));
  });

  it("uses each period's own n, so smaller periods get wider limits", () => {
    const chart = wholeRange([
      { start: "2024-01-01", positive: 40, n: 50 },
      { start: "2024-01-08", positive: 400, n: 500 },
    ]);
    const [small, large] = chart.points;

    expect((small?.ucl ?? 0) - (small?.lcl ?? 0)).toBeGreaterThan((large?.ucl ?? 0) - (large?.lcl ?? 0));
  });

  it("leaves a period without responses without p, limits or CUSUM", () => {
    const chart = wholeRange([
      { start: "2024-01-01", positive: 40, n: 50 },
      { start: "2024-01-08", positive: 0, n: 0 },
    ]);

    expect(chart.points[1]).toMatchObject({
      start: "2024-01-08",
      n: 0,
      p: null,
      ucl: null,
      lcl: null,
      signals: [],
    });
  });

  it("keeps limits ordered and within [0, 1] for any series", () => {
    const point = fc
      .integer({ min: 0, max: 5000 })
      .chain((n) => fc.record({ n: fc.constant(n), positive: fc.integer({ min: 0, max: n }) }));
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 40 }), (counts) => {
        const chart = wholeRange(counts.map((count, index) => ({ start: weekStart(index), ...count })));
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
      { numRuns: 50 },
    );
  });

  it("refuses points out of date order", () => {
    const points = [
      { start: "2024-01-08", positive: 1, n: 2 },
      { start: "2024-01-01", positive: 1, n: 2 },
    ];

    expect(() => wholeRange(points)).toThrow(expect.objectContaining({ code: "unordered-points" }));
  });
});

/** A chart whose baseline is the whole series it shows. */
function wholeRange(points: ChartInput[]) {
  const first = points[0]?.start ?? "2024-01-01";
  return twoPhaseChart(points, {
    displayedFrom: first,
    baseline: { from: first, to: points.at(-1)?.start ?? first, source: "whole-range" },
  });
}
