import { DomainError } from "../errors.js";
import { assertProportionCount } from "./counts.js";

/** One period of a p-chart: its first day (ISO date) and its responses. */
export interface ChartInput {
  start: string;
  positive: number;
  n: number;
}

/** Why a point deserves a look: outside its limits, part of a long run on one side, or part of a steady trend. */
export type SignalType = "beyond-limits" | "run" | "trend";

export interface ChartPoint {
  start: string;
  n: number;
  p: number | null;
  ucl: number | null;
  lcl: number | null;
  signals: SignalType[];
}

export interface ChartSignal {
  type: SignalType;
  start: string;
  index: number;
}

export interface PChart {
  /** p-bar over the baseline, null when the baseline holds no responses. */
  centre: number | null;
  /** The first and last period actually in the baseline, and its responses. */
  baseline: { from: string | null; to: string | null; n: number };
  points: ChartPoint[];
  signals: ChartSignal[];
}

export interface PChartOptions {
  baselineFrom?: string;
  baselineTo?: string;
}

/** Nelson (1984) rule 2 in the form Montgomery uses: eight successive points on one side of the centre line. */
export const RUN_LENGTH = 8;
/** Nelson (1984) rule 3: six points in a row steadily increasing or decreasing. */
export const TREND_LENGTH = 6;
const SIGMAS = 3;

/**
 * Builds a p-chart: p-bar from the baseline periods (all of them by default), 3-sigma limits from each period's own n,
 * and the beyond-limits, run and trend signals.
 */
export function pChart(points: readonly ChartInput[], options: PChartOptions = {}): PChart {
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
  const { baselineFrom, baselineTo } = options;
  if (baselineFrom !== undefined && baselineTo !== undefined && baselineFrom > baselineTo) {
    throw new DomainError("invalid-baseline", "The baseline must not end before it starts.", {
      baselineFrom,
      baselineTo,
    });
  }

  const inBaseline = points.filter(
    ({ start }) =>
      (baselineFrom === undefined || start >= baselineFrom) &&
      (baselineTo === undefined || start <= baselineTo),
  );
  const baselineN = inBaseline.reduce((sum, point) => sum + point.n, 0);
  const baselinePositive = inBaseline.reduce((sum, point) => sum + point.positive, 0);
  const centre = baselineN === 0 ? null : baselinePositive / baselineN;

  const charted: ChartPoint[] = points.map(({ start, positive, n }) => {
    const p = n === 0 ? null : positive / n;
    if (centre === null || n === 0) return { start, n, p, ucl: null, lcl: null, signals: [] };
    const spread = SIGMAS * Math.sqrt((centre * (1 - centre)) / n);
    return { start, n, p, ucl: Math.min(1, centre + spread), lcl: Math.max(0, centre - spread), signals: [] };
  });

  const signals: ChartSignal[] = [];
  const flag = (type: SignalType, index: number) => {
    const point = charted[index];
    if (!point) return;
    point.signals.push(type);
    signals.push({ type, start: point.start, index });
  };

  charted.forEach((point, index) => {
    if (point.p === null || point.ucl === null || point.lcl === null) return;
    if (point.p > point.ucl || point.p < point.lcl) flag("beyond-limits", index);
  });

  // A period without responses is no observation: it neither extends nor breaks a run or a trend.
  const observed = charted.flatMap((point, index) => (point.p === null ? [] : [{ index, p: point.p }]));

  if (centre !== null) {
    let side = 0;
    let length = 0;
    for (const { index, p } of observed) {
      const current = Math.sign(p - centre);
      length = current !== 0 && current === side ? length + 1 : current === 0 ? 0 : 1;
      side = current;
      if (length >= RUN_LENGTH) flag("run", index);
    }
  }

  let direction = 0;
  let steps = 0;
  for (let k = 1; k < observed.length; k += 1) {
    const current = observed[k];
    const previous = observed[k - 1];
    if (!current || !previous) continue;
    const step = Math.sign(current.p - previous.p);
    steps = step !== 0 && step === direction ? steps + 1 : step === 0 ? 0 : 1;
    direction = step;
    // Six points make five steps in the same direction.
    if (steps >= TREND_LENGTH - 1) flag("trend", current.index);
  }

  signals.sort((a, b) => a.index - b.index);
  return {
    centre,
    baseline: { from: inBaseline[0]?.start ?? null, to: inBaseline.at(-1)?.start ?? null, n: baselineN },
    points: charted,
    signals,
  };
}
