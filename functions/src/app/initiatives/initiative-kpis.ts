import { localDay } from "../../domain/calendar.js";
import { DomainError } from "../../domain/errors.js";
import { kpisOf } from "../../domain/initiatives/initiative.js";
import { type KpiProgress, liveWindow } from "../../domain/initiatives/kpi-progress.js";
import type { Clock, InitiativeRepository, TrendRepository } from "../ports.js";
import { readKpiProgress } from "./kpi-ratings.js";

/** Every KPI of an initiative, the primary first, with how far each has come towards its goal. */
export interface InitiativeKpis {
  id: string;
  asOf: string;
  /** The recent days the backlog's gap reads; a live initiative's KPIs count from the end of their settling days. */
  window: { from: string; to: string; days: number };
  kpis: KpiProgress[];
}

/** Reads an initiative's KPIs against their ratings through today (see `readKpiProgress`), one read per series. */
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
    const [read] = await readKpiProgress(
      deps.trends,
      [{ kpis: kpisOf(initiative), implementedAt: initiative.implementedAt }],
      today,
    );
    return { id: initiative.id, asOf: today, window: liveWindow(today), kpis: read?.progress ?? [] };
  };
}

export type ReadInitiativeKpis = ReturnType<typeof makeInitiativeKpis>;
