import { addDays } from "../../domain/calendar.js";
import { OVERALL, type SeriesRef } from "../../domain/dimensions.js";
import type { Kpi } from "../../domain/initiatives/initiative.js";
import { type KpiProgress, kpiProgress } from "../../domain/initiatives/kpi-progress.js";
import { kpiSeriesKey } from "../../domain/initiatives/priority.js";
import type { ProportionCount } from "../../domain/statistics/counts.js";
import type { TrendRepository } from "../ports.js";

/** How far back the live KPI figures look: the backlog's gap, an initiative's progress and the digest's. */
export const LIVE_WINDOW_DAYS = 90;

/** The days the live figures through `to` cover. */
export function liveWindow(to: string): { from: string; to: string; days: number } {
  return { from: addDays(to, -(LIVE_WINDOW_DAYS - 1)), to, days: LIVE_WINDOW_DAYS };
}

/** The satisfaction series a KPI reads. */
export function seriesOfKpi(kpi: Pick<Kpi, "dimension" | "value">): SeriesRef {
  return kpi.dimension === "all" ? OVERALL : { dimension: kpi.dimension, value: kpi.value };
}

/**
 * The ratings of every distinct KPI series among `kpis` over the live window through `to`, read once per series from
 * the per-day aggregates and keyed by `kpiSeriesKey`.
 */
export async function readKpiRatings(
  trends: TrendRepository,
  kpis: ReadonlyArray<Pick<Kpi, "dimension" | "value">>,
  to: string,
): Promise<Map<string, ProportionCount>> {
  const { from } = liveWindow(to);
  const series = new Map<string, SeriesRef>();
  for (const kpi of kpis) series.set(kpiSeriesKey(kpi), seriesOfKpi(kpi));
  const ratings = new Map<string, ProportionCount>();
  await Promise.all(
    [...series].map(async ([key, ref]) => {
      const days = await trends.readSeries(ref, from, to);
      let n = 0;
      let positive = 0;
      for (const day of days) {
        n += day.scores.reduce((sum, count) => sum + count, 0);
        positive += day.scores[3] + day.scores[4];
      }
      ratings.set(key, { n, positive });
    }),
  );
  return ratings;
}

/** The progress of each initiative's KPIs (primary first) over the live window through `to`, one read per series. */
export async function readKpiProgress<T extends { kpis: readonly Kpi[] }>(
  trends: TrendRepository,
  subjects: readonly T[],
  to: string,
): Promise<Array<T & { progress: KpiProgress[] }>> {
  const ratings = await readKpiRatings(
    trends,
    subjects.flatMap((subject) => subject.kpis),
    to,
  );
  return subjects.map((subject) => ({
    ...subject,
    progress: subject.kpis.map((kpi, index) =>
      kpiProgress(kpi, ratings.get(kpiSeriesKey(kpi)) ?? { n: 0, positive: 0 }, index === 0),
    ),
  }));
}
