import { localDay } from "../../domain/calendar.js";
import { type Dimension, OVERALL, type SeriesRef } from "../../domain/dimensions.js";
import { DomainError } from "../../domain/errors.js";
import { assessImpact, type ImpactAssessment, impactWindows } from "../../domain/statistics/index.js";
import { rollUp } from "../metrics/read-satisfaction.js";
import type { Clock, TrendRepository } from "../ports.js";
import { proportionOf, subtractTally, type Tally, tallyDays } from "./day-tally.js";

export interface KpiImpactQuery {
  /** The series the initiative is meant to move; dimension "all" is the whole organisation. */
  kpi: { dimension: Dimension | "all"; value: string };
  /** The go-live day (YYYY-MM-DD). */
  goLive: string;
  weeks?: number | undefined;
  settlingDays?: number | undefined;
  minimumDetectableEffect?: number | undefined;
}

function rate(tally: Tally): { n: number; csat: number | null } {
  const { n, positive } = proportionOf(tally);
  return { n, csat: n === 0 ? null : positive / n };
}

/**
 * Judges whether a KPI series moved after go-live: equal windows before and after (a settling period left out), the
 * change, and a difference-in-differences against the rest of the organisation (overall minus the series).
 */
export function makeAssessKpiImpact(deps: { trends: TrendRepository; clock: Clock; timeZone: string }) {
  return async function assessKpiImpact(query: KpiImpactQuery) {
    const windows = impactWindows(query.goLive, {
      ...(query.weeks === undefined ? {} : { weeks: query.weeks }),
      ...(query.settlingDays === undefined ? {} : { settlingDays: query.settlingDays }),
    });
    const isOverall = query.kpi.dimension === "all";
    if (!isOverall && query.kpi.value.trim() === "") {
      throw new DomainError("validation", "A KPI needs a dimension value", { fields: ["value"] });
    }
    const series: SeriesRef = isOverall
      ? OVERALL
      : { dimension: query.kpi.dimension, value: query.kpi.value };
    const from = windows.before.from;
    const to = windows.after.to;
    // Both windows and the settling days between them are one contiguous read per series.
    const [kpiDays, overallDays] = await Promise.all([
      deps.trends.readSeries(series, from, to),
      isOverall ? Promise.resolve([]) : deps.trends.readSeries(OVERALL, from, to),
    ]);

    const kpiBefore = tallyDays(kpiDays, windows.before.from, windows.before.to);
    const kpiAfter = tallyDays(kpiDays, windows.after.from, windows.after.to);
    const restBefore = subtractTally(
      tallyDays(overallDays, windows.before.from, windows.before.to),
      kpiBefore,
    );
    const restAfter = subtractTally(tallyDays(overallDays, windows.after.from, windows.after.to), kpiAfter);

    const assessment: ImpactAssessment = assessImpact({
      target: { before: proportionOf(kpiBefore), after: proportionOf(kpiAfter) },
      // The whole organisation has no "rest" to compare with, so its verdict rests on its own change.
      ...(isOverall
        ? {}
        : { comparison: { before: proportionOf(restBefore), after: proportionOf(restAfter) } }),
      ...(query.minimumDetectableEffect === undefined
        ? {}
        : { minimumDetectableEffect: query.minimumDetectableEffect }),
    });

    const today = localDay(deps.clock.now(), deps.timeZone);
    const kpiWeeks = rollUp(kpiDays, from, to, "week");
    const overallWeeks = rollUp(overallDays, from, to, "week");
    return {
      kpi: { dimension: query.kpi.dimension, value: isOverall ? "all" : query.kpi.value },
      goLive: query.goLive,
      windows,
      asOf: today,
      /** False while the after window has not ended: the verdict may still change. */
      complete: today > windows.after.to,
      ...assessment,
      /** Week by week over both windows, for a chart that marks go-live and the windows. */
      weekly: kpiWeeks.map((week, index) => {
        const overall = overallWeeks[index];
        return {
          start: week.start,
          kpi: rate(week),
          rest: isOverall || overall === undefined ? null : rate(subtractTally(overall, week)),
        };
      }),
    };
  };
}

export type AssessKpiImpact = ReturnType<typeof makeAssessKpiImpact>;
