import { addDays, localDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { kpisOf } from "../../domain/initiatives/initiative.js";
import { type KpiProgress, kpiProgress } from "../../domain/initiatives/kpi-progress.js";
import { kpiSeriesKey } from "../../domain/initiatives/priority.js";
import type { Clock, InitiativeRepository, TrendRepository } from "../ports.js";
import { LIVE_WINDOW_DAYS, readKpiRatings } from "./backlog.js";

/** Every KPI of an initiative, the primary first, with how far each has come towards its goal. */
export interface InitiativeKpis {
  id: string;
  asOf: string;
  /** The days the current figures are read over: the same recent window the backlog's gap reads. */
  window: { from: string; to: string; days: number };
  kpis: KpiProgress[];
}

/** Reads an initiative's KPIs against the ratings of the last `LIVE_WINDOW_DAYS` days, one read per series. */
export function makeInitiativeKpis(deps: {
  initiatives: Pick<InitiativeRepository, "getHead">;
  trends: TrendRepository;
  clock: Clock;
  timeZone: string;
}) {
  return async function initiativeKpis(id: string): Promise<InitiativeKpis> {
    const initiative = await deps.initiatives.getHead(id);
    if (!initiative) throw new DomainError("not-found", `No initiative ${id}`);
    const today = localDay(deps.clock.now(), deps.timeZone);
    const kpis = kpisOf(initiative);
    const ratings = await readKpiRatings(deps.trends, kpis, today);
    return {
      id: initiative.id,
      asOf: today,
      window: { from: addDays(today, -(LIVE_WINDOW_DAYS - 1)), to: today, days: LIVE_WINDOW_DAYS },
      kpis: kpis.map((kpi, index) =>
        kpiProgress(kpi, ratings.get(kpiSeriesKey(kpi)) ?? { n: 0, positive: 0 }, index === 0),
      ),
    };
  };
}

export type ReadInitiativeKpis = ReturnType<typeof makeInitiativeKpis>;
