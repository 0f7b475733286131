import { addDays, bucketStart, bucketStarts, type Interval, shiftBucket } from "../../domain/calendar.js";
import type { Dimension, SeriesRef } from "../../domain/dimensions.js";
import { DomainError } from "../../domain/errors.js";
import { type ScoreCounts, type ScoreSummary, summariseScores } from "../../domain/statistics/index.js";
import {
  type BaselineChoice,
  CUSUM_H,
  CUSUM_K,
  chooseBaseline,
  cusumInControlArl,
  DEFAULT_BASELINE_BUCKETS,
  type Dispersion,
  FALSE_ALARM_RUNS,
  type FalseAlarmRate,
  falseAlarmRate,
  type LimitsChoice,
  type PhasedChart,
  type PhasedSignalType,
  SIGMAS,
  twoPhaseChart,
} from "../../domain/statistics/two-phase-chart.js";
import type { DayCounts, TrendRepository } from "../ports.js";

export interface SatisfactionQuery {
  from: string;
  to: string;
  interval: Interval;
  /** At most the service and one other dimension: the aggregates are kept per dimension and per service × dimension. */
  filters: Partial<Record<Dimension, string>>;
  groupBy?: Dimension | undefined;
  /**
   * The control chart's centre line and limits come from the buckets starting between baselineFrom and baselineTo
   * (each optional, the other end then being the range's), e.g. the quarter before a change, so that a shift after
   * it shows as signals instead of dragging the centre line along. Without either, the buckets before the range
   * form the baseline (see chooseBaseline). A baseline ending before it starts is a 400.
   */
  baselineFrom?: string | undefined;
  baselineTo?: string | undefined;
  /** Binomial limits, Laney's p′, or (default) p′ only where the baseline is over-dispersed. */
  limits?: LimitsChoice | undefined;
}

export interface Bucket extends ScoreSummary {
  start: string;
  skipped: number;
  control: {
    ucl: number | null;
    lcl: number | null;
    cusum: { down: number; up: number } | null;
    signals: PhasedSignalType[];
  };
}

export interface ControlResult {
  centre: number | null;
  limits: PhasedChart["limits"];
  sigmaFactor: number;
  baseline: PhasedChart["baseline"];
  dispersion: Dispersion | null;
  rules: { sigmas: number; cusum: { k: number; h: number; inControlArl: number } };
  falseAlarm: FalseAlarmRate | null;
  signals: PhasedChart["signals"];
}

export interface SeriesResult {
  value?: string;
  buckets: Bucket[];
  totals: ScoreSummary & { skipped: number };
  control: ControlResult;
}

const MAX_DAYS = 1_200;
const MIN_GROUP_RUNS = 200;

/** Simulation runs per chart when one read shows several, so a breakdown by agent stays about as quick as one series. */
export function runsPerSeries(series: number): number {
  return Math.max(MIN_GROUP_RUNS, Math.floor(FALSE_ALARM_RUNS / Math.max(1, series)));
}

/** Rolls per-day counts up into the buckets of an interval, keeping every bucket in range even when it is empty. */
export function rollUp(days: DayCounts[], from: string, to: string, interval: Interval) {
  const buckets = new Map(
    bucketStarts(from, to, interval).map((start) => [
      start,
      { scores: [0, 0, 0, 0, 0] as number[], invited: 0, skipped: 0 },
    ]),
  );
  for (const day of days) {
    const bucket = buckets.get(bucketStart(day.day, interval));
    if (!bucket) continue;
    day.scores.forEach((count, index) => {
      bucket.scores[index] = (bucket.scores[index] ?? 0) + count;
    });
    bucket.invited += day.invited;
    bucket.skipped += day.skipped;
  }
  return [...buckets.entries()].map(([start, bucket]) => ({
    start,
    scores: bucket.scores as unknown as ScoreCounts,
    invited: bucket.invited,
    skipped: bucket.skipped,
  }));
}

/** The days a read must cover: the range, and the earlier buckets the baseline may take. */
function readRange(query: SatisfactionQuery): { from: string; to: string } {
  const first = bucketStart(query.from, query.interval);
  if (query.baselineFrom !== undefined || query.baselineTo !== undefined) {
    const from =
      query.baselineFrom !== undefined && query.baselineFrom < query.from ? query.baselineFrom : query.from;
    return { from, to: query.to };
  }
  return {
    from: shiftBucket(first, query.interval, -DEFAULT_BASELINE_BUCKETS[query.interval]),
    to: query.to,
  };
}

/** Describes one series over a query's range: its buckets, totals and two-phase control chart with its false-alarm rate. */
export function describeSeries(
  allDays: DayCounts[],
  query: SatisfactionQuery,
  runs = FALSE_ALARM_RUNS,
): SeriesResult {
  const days = allDays.filter((day) => day.day >= query.from);
  const rolled = rollUp(days, query.from, query.to, query.interval);
  const summaries = rolled.map((bucket) => ({
    ...summariseScores(bucket.scores, bucket.invited),
    start: bucket.start,
  }));
  // Earlier buckets end before the range's first bucket starts, so a range starting mid-week never counts a day twice.
  const displayedFrom = bucketStart(query.from, query.interval);
  const range = readRange(query);
  const earlier =
    range.from < displayedFrom
      ? rollUp(
          allDays.filter((day) => day.day < displayedFrom),
          range.from,
          addDays(displayedFrom, -1),
          query.interval,
        )
      : [];
  const points = [
    ...earlier.map((bucket) => {
      const { positive, n } = summariseScores(bucket.scores, bucket.invited);
      return { start: bucket.start, positive, n };
    }),
    ...summaries.map((summary) => ({ start: summary.start, positive: summary.positive, n: summary.n })),
  ];
  const requested = query.baselineFrom !== undefined || query.baselineTo !== undefined;
  const baseline: BaselineChoice = requested
    ? {
        from: bucketStart(query.baselineFrom ?? query.from, query.interval),
        to: query.baselineTo ?? query.to,
        source: "requested",
      }
    : chooseBaseline(points, displayedFrom, DEFAULT_BASELINE_BUCKETS[query.interval]);
  const options = { displayedFrom, baseline, limits: query.limits ?? "auto" } as const;
  const chart = twoPhaseChart(points, options);
  const buckets: Bucket[] = summaries.map((summary, index) => {
    const point = chart.points[index];
    return {
      ...summary,
      skipped: rolled[index]?.skipped ?? 0,
      control: {
        ucl: point?.ucl ?? null,
        lcl: point?.lcl ?? null,
        cusum: point?.cusum ?? null,
        signals: point?.signals ?? [],
      },
    };
  });
  const total = rolled.reduce(
    (sum, bucket) => {
      bucket.scores.forEach((count, index) => {
        sum.scores[index] = (sum.scores[index] ?? 0) + count;
      });
      sum.invited += bucket.invited;
      sum.skipped += bucket.skipped;
      return sum;
    },
    { scores: [0, 0, 0, 0, 0] as number[], invited: 0, skipped: 0 },
  );
  return {
    buckets,
    totals: {
      ...summariseScores(total.scores as unknown as ScoreCounts, total.invited),
      skipped: total.skipped,
    },
    control: {
      centre: chart.centre,
      limits: chart.limits,
      sigmaFactor: chart.sigmaFactor,
      baseline: chart.baseline,
      dispersion: chart.dispersion,
      rules: { sigmas: SIGMAS, cusum: { k: CUSUM_K, h: CUSUM_H, inControlArl: cusumInControlArl() / 2 } },
      falseAlarm: falseAlarmRate(points, options, chart, runs),
      signals: chart.signals,
    },
  };
}

/** Reads satisfaction over time from the aggregates alone: the cost follows the days and values asked for, not the responses. */
export function makeReadSatisfaction(deps: { trends: TrendRepository }) {
  return async function readSatisfaction(query: SatisfactionQuery) {
    if (query.from > query.to)
      throw new DomainError("validation", "from must not be after to", { fields: ["from", "to"] });
    const span = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000;
    if (span > MAX_DAYS) {
      throw new DomainError("validation", `The range may span at most ${MAX_DAYS} days`, {
        fields: ["from", "to"],
      });
    }
    const { service, ...others } = query.filters;
    const otherFilters = Object.entries(others).filter(([, value]) => value !== undefined) as Array<
      [Dimension, string]
    >;
    if (otherFilters.length > 1) {
      throw new DomainError("validation", "Filter by the service and at most one other dimension", {
        fields: otherFilters.map(([name]) => name),
      });
    }
    const other = otherFilters[0];
    if (
      query.baselineFrom !== undefined &&
      query.baselineTo !== undefined &&
      query.baselineFrom > query.baselineTo
    ) {
      throw new DomainError("invalid-baseline", "The baseline must not end before it starts.", {
        fields: ["baselineFrom", "baselineTo"],
      });
    }
    const read = readRange(query);
    if ((Date.parse(query.to) - Date.parse(read.from)) / 86_400_000 > 2 * MAX_DAYS) {
      throw new DomainError(
        "validation",
        `The baseline may start at most ${MAX_DAYS} days before the range`,
        {
          fields: ["baselineFrom"],
        },
      );
    }

    if (query.groupBy) {
      if (other) {
        throw new DomainError("validation", "groupBy combines only with a service filter", {
          fields: ["groupBy", other[0]],
        });
      }
      const inService = query.groupBy !== "service" ? service : undefined;
      const groups = await deps.trends.readGroup(
        { dimension: query.groupBy, service: inService },
        read.from,
        read.to,
      );
      const shown = [...groups.entries()].filter(
        ([value]) => query.groupBy !== "service" || service === undefined || value === service,
      );
      const runs = runsPerSeries(shown.length);
      const series = shown
        .map(([value, days]) => ({ value, ...describeSeries(days, query, runs) }))
        .sort((a, b) => b.totals.n - a.totals.n || a.value.localeCompare(b.value));
      return { ...frame(query), groupBy: query.groupBy, series };
    }

    const ref: SeriesRef = other
      ? { dimension: other[0], value: other[1], ...(service ? { service } : {}) }
      : service
        ? { dimension: "service", value: service }
        : { dimension: "all", value: "all" };
    const days = await deps.trends.readSeries(ref, read.from, read.to);
    return { ...frame(query), series: ref, ...describeSeries(days, query) };
  };
}

function frame(query: SatisfactionQuery) {
  return { from: query.from, to: query.to, interval: query.interval, filters: query.filters };
}

export type ReadSatisfaction = ReturnType<typeof makeReadSatisfaction>;
