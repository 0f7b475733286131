import { DomainError } from "../errors.js";
import { assertProportionCount } from "./counts.js";
import { normalCdf } from "./normal.js";
import { binomialSampler, mulberry32, normalDraw } from "./seeded-random.js";

/** One period of a p-chart: its first day (ISO date) and its responses. */
export interface ChartInput {
  start: string;
  positive: number;
  n: number;
}

/**
 * Why a point deserves a look: outside its 3-sigma limits, or where a CUSUM of the standardised points has
 * accumulated evidence of a sustained fall or rise (small shifts that stay inside the limits).
 */
export type PhasedSignalType = "beyond-limits" | "cusum-down" | "cusum-up";

/** Where the baseline came from: chosen by the user, the buckets before the range, the range's first buckets, or (too little history for either) the whole range. */
export type BaselineSource = "requested" | "before-range" | "range-start" | "whole-range";

/** Binomial limits, Laney's p′ limits (widened by the between-period spread), or whichever the baseline calls for. */
export type LimitsChoice = "auto" | "binomial" | "laney";

export interface BaselineChoice {
  from: string;
  to: string;
  source: BaselineSource;
}

export interface PhasedChartOptions {
  /** The first bucket shown; buckets before it may only serve as baseline. */
  displayedFrom: string;
  baseline: BaselineChoice;
  limits?: LimitsChoice;
}

export interface PhasedPoint {
  start: string;
  n: number;
  p: number | null;
  ucl: number | null;
  lcl: number | null;
  /** The CUSUM statistics after this point, in standard errors; null where nothing is charted. */
  cusum: { down: number; up: number } | null;
  signals: PhasedSignalType[];
}

export interface Dispersion {
  /** Laney's sigma-Z: the spread of the baseline's standardised points, estimated from their moving ranges. */
  sigmaZ: number;
  /** Pearson's chi-square of the baseline against a common binomial rate, its degrees of freedom and p-value. */
  chiSquare: number;
  degreesOfFreedom: number;
  pValue: number;
  /** Whether the baseline varies beyond binomial chance (p < 0.01 and sigma-Z above 1), so p′ limits apply. */
  overDispersed: boolean;
}

export interface PhasedChart {
  centre: number | null;
  limits: "binomial" | "laney";
  /** The factor the binomial standard error is multiplied by (sigma-Z under Laney's p′, else 1). */
  sigmaFactor: number;
  baseline: {
    from: string | null;
    to: string | null;
    source: BaselineSource;
    n: number;
    buckets: number;
    /** Baseline buckets removed because they fell beyond the baseline's own limits (phase I). */
    excluded: string[];
  };
  dispersion: Dispersion | null;
  points: PhasedPoint[];
  signals: Array<{ type: PhasedSignalType; start: string; index: number }>;
}

/** Shewhart limits at 3 sigma. */
export const SIGMAS = 3;
/** CUSUM reference value and decision interval, in standard errors: tuned for a shift of about 2 standard errors. */
export const CUSUM_K = 1;
export const CUSUM_H = 3.5;
/** Fewer baseline buckets with responses than this give limits too uncertain to judge by. */
export const MIN_BASELINE_BUCKETS = 8;
/** The range's first half serves from this many buckets with responses: fewer than a full baseline, but kept apart from the rest. */
export const MIN_RANGE_START_BUCKETS = 6;
const PHASE_ONE_ROUNDS = 10;
const DISPERSION_ALPHA = 0.01;

/** How many buckets before the range form the default baseline, per interval (about half a year of weeks, a year of months). */
export const DEFAULT_BASELINE_BUCKETS = { day: 28, week: 26, month: 12, quarter: 8 } as const;

/**
 * Picks the default baseline: the buckets before the range when they hold at least MIN_BASELINE_BUCKETS with
 * responses, else the range's first half (at most as many buckets as the default) when it holds at least
 * MIN_RANGE_START_BUCKETS with responses, else the whole range.
 */
export function chooseBaseline(
  points: readonly ChartInput[],
  displayedFrom: string,
  defaultBuckets: number,
): BaselineChoice {
  const earlier = points.filter((point) => point.start < displayedFrom);
  const displayed = points.filter((point) => point.start >= displayedFrom);
  const first = earlier[0];
  const last = earlier.at(-1);
  if (first && last && earlier.filter((point) => point.n > 0).length >= MIN_BASELINE_BUCKETS) {
    return { from: first.start, to: last.start, source: "before-range" };
  }
  const half = displayed.slice(0, Math.min(defaultBuckets, Math.floor(displayed.length / 2)));
  const halfFirst = half[0];
  const halfLast = half.at(-1);
  if (halfFirst && halfLast && half.filter((point) => point.n > 0).length >= MIN_RANGE_START_BUCKETS) {
    return { from: halfFirst.start, to: halfLast.start, source: "range-start" };
  }
  return {
    from: displayed[0]?.start ?? displayedFrom,
    to: displayed.at(-1)?.start ?? displayedFrom,
    source: "whole-range",
  };
}

interface Evaluation {
  centre: number | null;
  factor: number;
  laney: boolean;
  excluded: number[];
  dispersion: Dispersion | null;
  baselineN: number;
  /** Per displayed index: signals, limits and CUSUM state. */
  ucl: Array<number | null>;
  lcl: Array<number | null>;
  cusum: Array<{ down: number; up: number } | null>;
  signals: PhasedSignalType[][];
  anySignal: boolean;
  anyCusum: boolean;
}

/** Chi-square upper tail by the Wilson–Hilferty cube-root approximation (accurate to about 1e-3 from 5 degrees of freedom). */
function chiSquareUpperTail(statistic: number, df: number): number {
  const scale = 2 / (9 * df);
  const z = ((statistic / df) ** (1 / 3) - (1 - scale)) / Math.sqrt(scale);
  return 1 - normalCdf(z);
}

function dispersionOf(
  positives: ArrayLike<number>,
  ns: ArrayLike<number>,
  members: number[],
  centre: number,
) {
  const spread = centre * (1 - centre);
  const z = members.map(
    (i) => ((positives[i] as number) / (ns[i] as number) - centre) / Math.sqrt(spread / (ns[i] as number)),
  );
  if (z.length < 3) return null;
  let movingRange = 0;
  for (let k = 1; k < z.length; k += 1) movingRange += Math.abs((z[k] as number) - (z[k - 1] as number));
  // 1.128 is d2 for ranges of two: the mean moving range over d2 estimates sigma (Laney 2002).
  const sigmaZ = movingRange / (z.length - 1) / 1.128;
  const chiSquare = z.reduce((sum, value) => sum + value * value, 0);
  const degreesOfFreedom = z.length - 1;
  const pValue = chiSquareUpperTail(chiSquare, degreesOfFreedom);
  return {
    sigmaZ,
    chiSquare,
    degreesOfFreedom,
    pValue,
    overDispersed: pValue < DISPERSION_ALPHA && sigmaZ > 1,
  };
}

/**
 * Phase I on the baseline (Montgomery): centre and limits from the baseline, baseline points beyond them removed,
 * and the limits revised until none is; then phase II on the displayed points: limits and CUSUM.
 */
function evaluate(
  positives: ArrayLike<number>,
  ns: ArrayLike<number>,
  baseline: readonly number[],
  displayedStart: number,
  limits: LimitsChoice,
  quick = false,
): Evaluation {
  let members = baseline.filter((i) => (ns[i] as number) > 0);
  const excluded: number[] = [];
  let centre: number | null = null;
  let factor = 1;
  let laney = false;
  let dispersion: Dispersion | null = null;
  let baselineN = 0;
  for (let round = 0; round < PHASE_ONE_ROUNDS; round += 1) {
    let n = 0;
    let positive = 0;
    for (const i of members) {
      n += ns[i] as number;
      positive += positives[i] as number;
    }
    baselineN = n;
    centre = n === 0 ? null : positive / n;
    if (centre === null || centre === 0 || centre === 1) {
      dispersion = null;
      factor = 1;
      laney = false;
      break;
    }
    dispersion = dispersionOf(positives, ns, members, centre);
    laney = limits === "laney" || (limits === "auto" && dispersion?.overDispersed === true);
    factor = laney && dispersion ? Math.max(1, dispersion.sigmaZ) : 1;
    const spread = centre * (1 - centre);
    const c = centre;
    const beyond = members.filter(
      (i) =>
        Math.abs((positives[i] as number) / (ns[i] as number) - c) >
        SIGMAS * factor * Math.sqrt(spread / (ns[i] as number)),
    );
    // Keep at least half the baseline: a baseline that would lose more is no stable reference, and says so by its signals.
    if (beyond.length === 0 || members.length - beyond.length < Math.max(2, members.length / 2)) break;
    excluded.push(...beyond);
    members = members.filter((i) => !beyond.includes(i));
  }

  const count = ns.length - displayedStart;
  // A simulated chart only needs to know whether it signalled, so it keeps no per-point detail.
  const kept = quick ? 0 : count;
  const ucl: Array<number | null> = new Array(kept).fill(null);
  const lcl: Array<number | null> = new Array(kept).fill(null);
  const cusum: Array<{ down: number; up: number } | null> = new Array(kept).fill(null);
  const signals: PhasedSignalType[][] = Array.from({ length: kept }, () => []);
  let anySignal = false;
  let anyCusum = false;
  if (centre !== null && centre > 0 && centre < 1) {
    const spread = centre * (1 - centre);
    let down = 0;
    let up = 0;
    for (let k = 0; k < count; k += 1) {
      const i = displayedStart + k;
      const n = ns[i] as number;
      if (n === 0) continue;
      const se = factor * Math.sqrt(spread / n);
      const z = ((positives[i] as number) / n - centre) / se;
      down = Math.max(0, down - z - CUSUM_K);
      up = Math.max(0, up + z - CUSUM_K);
      const beyond = Math.abs(z) > SIGMAS;
      const shifted = down > CUSUM_H || up > CUSUM_H;
      anySignal ||= beyond || shifted;
      anyCusum ||= shifted;
      if (quick) {
        if (anyCusum) break;
        continue;
      }
      ucl[k] = Math.min(1, centre + SIGMAS * se);
      lcl[k] = Math.max(0, centre - SIGMAS * se);
      cusum[k] = { down, up };
      const flags = signals[k] as PhasedSignalType[];
      if (beyond) flags.push("beyond-limits");
      if (down > CUSUM_H) flags.push("cusum-down");
      if (up > CUSUM_H) flags.push("cusum-up");
    }
  }
  return {
    centre,
    factor,
    laney,
    excluded,
    dispersion,
    baselineN,
    ucl,
    lcl,
    cusum,
    signals,
    anySignal,
    anyCusum,
  };
}

function validate(points: readonly ChartInput[], baseline: BaselineChoice) {
  points.forEach((point, index) => {
    assertProportionCount(point);
    const previous = points[index - 1];
    if (previous && previous.start >= point.start) {
      throw new DomainError("unordered-points", "Control-chart points must be in ascending order of start.", {
        index,
        start: point.start,
      });
    }
  });
  if (baseline.from > baseline.to) {
    throw new DomainError("invalid-baseline", "The baseline must not end before it starts.", {
      baselineFrom: baseline.from,
      baselineTo: baseline.to,
      fields: ["baselineFrom", "baselineTo"],
    });
  }
}

function layout(points: readonly ChartInput[], options: PhasedChartOptions) {
  const displayedStart = points.findIndex((point) => point.start >= options.displayedFrom);
  const start = displayedStart < 0 ? points.length : displayedStart;
  const baseline = points.flatMap((point, index) =>
    point.start >= options.baseline.from && point.start <= options.baseline.to ? [index] : [],
  );
  return { displayedStart: start, baseline };
}

/**
 * Builds a two-phase p-chart: limits from a baseline revised by Montgomery's phase I procedure (binomial, or Laney's
 * p′ when the baseline is over-dispersed), then the displayed points judged against them with 3-sigma limits and a
 * two-sided CUSUM.
 */
export function twoPhaseChart(points: readonly ChartInput[], options: PhasedChartOptions): PhasedChart {
  validate(points, options.baseline);
  const { displayedStart, baseline } = layout(points, options);
  const positives = points.map((point) => point.positive);
  const ns = points.map((point) => point.n);
  const result = evaluate(positives, ns, baseline, displayedStart, options.limits ?? "auto");
  const kept = baseline.filter((i) => !result.excluded.includes(i) && (ns[i] as number) > 0);
  const charted: PhasedPoint[] = points.slice(displayedStart).map((point, k) => ({
    start: point.start,
    n: point.n,
    p: point.n === 0 ? null : point.positive / point.n,
    ucl: result.ucl[k] ?? null,
    lcl: result.lcl[k] ?? null,
    cusum: result.cusum[k] ?? null,
    signals: result.signals[k] ?? [],
  }));
  return {
    centre: result.centre,
    limits: result.laney ? "laney" : "binomial",
    sigmaFactor: result.factor,
    baseline: {
      from: points[kept[0] ?? -1]?.start ?? null,
      to: points[kept.at(-1) ?? -1]?.start ?? null,
      source: options.baseline.source,
      n: result.baselineN,
      buckets: kept.length,
      excluded: result.excluded.map((i) => points[i]?.start ?? "").sort(),
    },
    dispersion: result.dispersion,
    points: charted,
    signals: charted.flatMap((point, index) =>
      point.signals.map((type) => ({ type, start: point.start, index })),
    ),
  };
}

export interface FalseAlarmRate {
  /** Share of simulated stable charts of this shape with at least one signal. */
  rate: number;
  /** Share of them in which the CUSUM signalled (the rest signalled by a point beyond the limits only). */
  cusumRate: number;
  runs: number;
  /** The displayed points with responses, which the rate is for. */
  points: number;
}

/** Runs behind each stated false-alarm rate: its standard error is below 1 point at the rates charts have. */
export const FALSE_ALARM_RUNS = 2000;
const FALSE_ALARM_SEED = 20_240_601;

/**
 * The chance that a stable process shows a signal somewhere on this chart: simulated with the chart's own bucket
 * sizes, baseline and rules, the process held at the baseline's centre (and, under p′ limits, its between-period
 * spread), so the baseline's own estimation error is included.
 */
export function falseAlarmRate(
  points: readonly ChartInput[],
  options: PhasedChartOptions,
  chart: Pick<PhasedChart, "centre" | "limits" | "sigmaFactor">,
  runs = FALSE_ALARM_RUNS,
): FalseAlarmRate | null {
  const { displayedStart, baseline } = layout(points, options);
  const ns = points.map((point) => point.n);
  const observed = ns.slice(displayedStart).filter((n) => n > 0).length;
  const centre = chart.centre;
  if (centre === null || centre <= 0 || centre >= 1 || observed === 0) return null;
  // The seed is fixed, so the rate is a function of these inputs alone: a chart viewed again costs no simulation.
  const key = JSON.stringify([
    ns,
    displayedStart,
    baseline,
    options.limits ?? "auto",
    centre,
    chart.limits,
    chart.sigmaFactor,
    runs,
  ]);
  const known = simulatedRates.get(key);
  if (known) return known;
  const rate = simulateFalseAlarms(ns, displayedStart, baseline, options, chart, centre, runs, observed);
  if (simulatedRates.size >= SIMULATED_RATES_KEPT) {
    const oldest = simulatedRates.keys().next().value;
    if (oldest !== undefined) simulatedRates.delete(oldest);
  }
  simulatedRates.set(key, rate);
  return rate;
}

const SIMULATED_RATES_KEPT = 500;
const simulatedRates = new Map<string, FalseAlarmRate>();

function simulateFalseAlarms(
  ns: number[],
  displayedStart: number,
  baseline: ReturnType<typeof layout>["baseline"],
  options: PhasedChartOptions,
  chart: Pick<PhasedChart, "centre" | "limits" | "sigmaFactor">,
  centre: number,
  runs: number,
  observed: number,
): FalseAlarmRate {
  const random = mulberry32(FALSE_ALARM_SEED);
  const sampler = binomialSampler();
  const extra = chart.limits === "laney" ? Math.sqrt(Math.max(0, chart.sigmaFactor ** 2 - 1)) : 0;
  const atCentre = ns.map((n) => sampler(n, centre));
  const positives = new Float64Array(ns.length);
  let alarms = 0;
  let cusumAlarms = 0;
  for (let run = 0; run < runs; run += 1) {
    for (let i = 0; i < ns.length; i += 1) {
      const n = ns[i] as number;
      if (extra > 0 && n > 0) {
        // Under p′ limits each period has its own rate, spread as the baseline's periods were.
        const drift = extra * Math.sqrt((centre * (1 - centre)) / n) * normalDraw(random);
        const p = Math.min(1, Math.max(0, Math.round((centre + drift) * 1000) / 1000));
        positives[i] = sampler(n, p)(random);
      } else positives[i] = (atCentre[i] as (random: () => number) => number)(random);
    }
    const simulated = evaluate(positives, ns, baseline, displayedStart, options.limits ?? "auto", true);
    if (simulated.anySignal) alarms += 1;
    if (simulated.anyCusum) cusumAlarms += 1;
  }
  return { rate: alarms / runs, cusumRate: cusumAlarms / runs, runs, points: observed };
}

/**
 * The in-control average run length of a one-sided CUSUM with reference k and interval h on normal data, by
 * Siegmund's (1985) approximation; the two-sided chart's is half of it.
 */
export function cusumInControlArl(k = CUSUM_K, h = CUSUM_H): number {
  const b = h + 1.166;
  return (Math.exp(2 * k * b) - 2 * k * b - 1) / (2 * k * k);
}
