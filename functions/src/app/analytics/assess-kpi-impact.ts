import { localDay } from "../../domain/calendar.js";
import { type Dimension, OVERALL, type SeriesRef } from "../../domain/dimensions.js";
import { DomainError } from "../../domain/errors.js";
import {
  assessImpact,
  type ImpactAssessment,
  type ImpactWindowOptions,
  impactWindows,
} from "../../domain/statistics/index.js";
import { rollUp } from "../metrics/read-satisfaction.js";
import type { Clock, TrendRepository } from "../ports.js";
import { proportionOf, subtractTally, type Tally, tallyDays } from "./day-tally.js";

export interface KpiImpactQuery extends ImpactWindowOptions {
  /** The series the initiative is meant to move; dimension "all" is the whole organisation. */
  kpi: { dimension: Dimension | "all"; value: string };
  /** The go-live day (YYYY-MM-DD). */
  goLive: string;
  /** The change the initiative is meant to make (a share, 0.1 = 10 points); 0.05 when not given. */
  targetChange?: number | undefined;
}

const DEFAULT_TARGET_CHANGE = 0.05;
const DAY_MS = 86_400_000;

function rate(tally: Tally): { n: number; csat: number | null } {
  const { n, positive } = proportionOf(tally);
  return { n, csat: n === 0 ? null : positive / n };
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Judges whether a KPI series moved after go-live: a before window, a settling period left out, an after window
 * read once per full week (the looks of a group-sequential design), and the rest of the organisation beside it.
 */
export function makeAssessKpiImpact(deps: { trends: TrendRepository; clock: Clock; timeZone: string }) {
  return async function assessKpiImpact(query: KpiImpactQuery) {
    const windows = impactWindows(query.goLive, query);
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

    const today = localDay(deps.clock.now(), deps.timeZone);
    const plannedLooks = Math.round(
      (Date.parse(windows.after.to) - Date.parse(windows.after.from) + DAY_MS) / (7 * DAY_MS),
    );
    // A look is the end of a full week of the after window, so the verdict moves once a week, not with every reply.
    const weekEnds = Array.from({ length: plannedLooks }, (_, week) =>
      addDays(windows.after.from, 7 * week + 6),
    );
    const completed = weekEnds.filter((end) => end < today);
    const readThrough = completed.at(-1);
    const afterLooks = completed.map((end) => proportionOf(tallyDays(kpiDays, windows.after.from, end)).n);

    const kpiBefore = tallyDays(kpiDays, windows.before.from, windows.before.to);
    const kpiAfter = readThrough ? tallyDays(kpiDays, windows.after.from, readThrough) : tallyDays([]);
    const restBefore = subtractTally(
      tallyDays(overallDays, windows.before.from, windows.before.to),
      kpiBefore,
    );
    const restAfter = readThrough
      ? subtractTally(tallyDays(overallDays, windows.after.from, readThrough), kpiAfter)
      : tallyDays([]);

    const assessment: ImpactAssessment = assessImpact({
      target: { before: kpiBefore.scores, after: kpiAfter.scores },
      // The whole organisation has no "rest" to compare with, so its verdict rests on its own change.
      comparison: isOverall ? undefined : { before: restBefore.scores, after: restAfter.scores },
      afterLooks,
      plannedLooks,
      open: today <= windows.after.to,
      targetChange: query.targetChange ?? DEFAULT_TARGET_CHANGE,
    });

    const kpiWeeks = rollUp(kpiDays, from, to, "week");
    const overallWeeks = rollUp(overallDays, from, to, "week");
    return {
      kpi: { dimension: query.kpi.dimension, value: isOverall ? "all" : query.kpi.value },
      goLive: query.goLive,
      windows: {
        ...windows,
        settlingDays: Math.round((Date.parse(windows.after.from) - Date.parse(query.goLive)) / DAY_MS),
        /** The after window is counted through the last full week; null before its first week has ended. */
        afterReadThrough: readThrough ?? null,
        afterOpen: today <= windows.after.to,
      },
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

/** What an impact assessment of a KPI returns. */
export type KpiImpact = Awaited<ReturnType<AssessKpiImpact>>;
