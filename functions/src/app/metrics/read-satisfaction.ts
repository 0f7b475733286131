import { bucketStart, bucketStarts, type Interval } from "../../domain/calendar.js";
import type { Dimension, SeriesRef } from "../../domain/dimensions.js";
import { DomainError } from "../../domain/errors.js";
import {
  pChart,
  type ScoreCounts,
  type ScoreSummary,
  summariseScores,
} from "../../domain/statistics/index.js";
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
   * (each optional; the whole range without them), e.g. the quarter before a change, so that a shift after it shows
   * as signals instead of dragging the centre line along. A baseline ending before it starts is a 400.
   */
  baselineFrom?: string | undefined;
  baselineTo?: string | undefined;
}

export interface Bucket extends ScoreSummary {
  start: string;
  skipped: number;
  control: { ucl: number | null; lcl: number | null; signals: string[] };
}

export interface SeriesResult {
  value?: string;
  buckets: Bucket[];
  totals: ScoreSummary & { skipped: number };
  control: {
    centre: number | null;
    baseline: { from: string | null; to: string | null; n: number };
    signals: unknown[];
  };
}

const MAX_DAYS = 1_200;

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

function describeSeries(days: DayCounts[], query: SatisfactionQuery): SeriesResult {
  const rolled = rollUp(days, query.from, query.to, query.interval);
  const summaries = rolled.map((bucket) => ({
    ...summariseScores(bucket.scores, bucket.invited),
    start: bucket.start,
  }));
  const chart = pChart(
    summaries.map((summary) => ({ start: summary.start, positive: summary.positive, n: summary.n })),
    {
      ...(query.baselineFrom ? { baselineFrom: query.baselineFrom } : {}),
      ...(query.baselineTo ? { baselineTo: query.baselineTo } : {}),
    },
  );
  const buckets: Bucket[] = summaries.map((summary, index) => {
    const point = chart.points[index];
    return {
      ...summary,
      skipped: rolled[index]?.skipped ?? 0,
      control: { ucl: point?.ucl ?? null, lcl: point?.lcl ?? null, signals: point?.signals ?? [] },
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
    control: { centre: chart.centre, baseline: chart.baseline, signals: chart.signals },
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

    if (query.groupBy) {
      if (other) {
        throw new DomainError("validation", "groupBy combines only with a service filter", {
          fields: ["groupBy", other[0]],
        });
      }
      const inService = query.groupBy !== "service" ? service : undefined;
      const groups = await deps.trends.readGroup(
        { dimension: query.groupBy, service: inService },
        query.from,
        query.to,
      );
      const series = [...groups.entries()]
        .filter(([value]) => query.groupBy !== "service" || service === undefined || value === service)
        .map(([value, days]) => ({ value, ...describeSeries(days, query) }))
        .sort((a, b) => b.totals.n - a.totals.n || a.value.localeCompare(b.value));
      return { ...frame(query), groupBy: query.groupBy, series };
    }

    const ref: SeriesRef = other
      ? { dimension: other[0], value: other[1], ...(service ? { service } : {}) }
      : service
        ? { dimension: "service", value: service }
        : { dimension: "all", value: "all" };
    const days = await deps.trends.readSeries(ref, query.from, query.to);
    return { ...frame(query), series: ref, ...describeSeries(days, query) };
  };
}

function frame(query: SatisfactionQuery) {
  return { from: query.from, to: query.to, interval: query.interval, filters: query.filters };
}

export type ReadSatisfaction = ReturnType<typeof makeReadSatisfaction>;
