import { OVERALL, type SeriesRef } from "../../domain/dimensions.js";
import type { Kpi } from "../../domain/initiatives/initiative.js";
import { currentFrom, type KpiProgress, kpiProgress } from "../../domain/initiatives/kpi-progress.js";
import { kpiSeriesKey } from "../../domain/initiatives/priority.js";
import type { ProportionCount } from "../../domain/statistics/counts.js";
import { proportionOf, tallyDays } from "../analytics/day-tally.js";
import type { TrendRepository } from "../ports.js";

/** The satisfaction series a KPI reads. */
export function seriesOfKpi(kpi: Pick<Kpi, "dimension" | "value">): SeriesRef {
  return kpi.dimension === "all" ? OVERALL : { dimension: kpi.dimension, value: kpi.value };
}

/** One read of a KPI's series: from a first day through the read's last day. */
export interface KpiRead {
  kpi: Pick<Kpi, "dimension" | "value">;
  from: string;
}

const readKey = (read: KpiRead) => `${kpiSeriesKey(read.kpi)}|${read.from}`;

/**
 * The ratings of each KPI read, from its first day through `to`, read once per distinct series and first day from the
 * per-day aggregates; `get` answers a read with what was counted (none when its first day is after `to`).
 */
export async function readKpiRatings(
  trends: TrendRepository,
  reads: readonly KpiRead[],
  to: string,
): Promise<{ get: (read: KpiRead) => ProportionCount }> {
  const distinct = new Map<string, KpiRead>();
  for (const read of reads) if (read.from <= to) distinct.set(readKey(read), read);
  const ratings = new Map<string, ProportionCount>();
  await Promise.all(
    [...distinct].map(async ([key, read]) => {
      ratings.set(
        key,
        proportionOf(tallyDays(await trends.readSeries(seriesOfKpi(read.kpi), read.from, to))),
      );
    }),
  );
  return { get: (read) => ratings.get(readKey(read)) ?? { n: 0, positive: 0 } };
}

/**
 * The progress of each subject's KPIs (primary first) through `to`: over the live window, or for a live initiative
 * from the end of each KPI's settling days after go-live when that is later. One read per series and first day.
 */
export async function readKpiProgress<T extends { kpis: readonly Kpi[]; implementedAt: string | null }>(
  trends: TrendRepository,
  subjects: readonly T[],
  to: string,
): Promise<Array<T & { progress: KpiProgress[] }>> {
  const readsOf = (subject: T) =>
    subject.kpis.map((kpi) => ({ kpi, from: currentFrom(kpi, subject.implementedAt, to) }));
  const ratings = await readKpiRatings(trends, subjects.flatMap(readsOf), to);
  return subjects.map((subject) => ({
    ...subject,
    progress: readsOf(subject).map((read, index) =>
      kpiProgress(read.kpi, ratings.get(read), { from: read.from, to }, index === 0),
    ),
  }));
}
