import { DomainError } from "../../domain/errors.js";
import { type Kpi, kpisOf } from "../../domain/initiatives/initiative.js";
import type { ImpactWindowOptions } from "../../domain/statistics/index.js";
import type { InitiativeRepository } from "../ports.js";
import type { AssessKpiImpact } from "./assess-kpi-impact.js";

/** The change an initiative set out to make, its KPI target minus baseline; 0.05 when it set no rise. */
export function targetChangeOf(kpi: Pick<Kpi, "baseline" | "target">): number {
  const change = kpi.target - kpi.baseline;
  return change > 0 && change <= 1 ? change : 0.05;
}

/** Which of the initiative's KPIs to assess: 0, the default, is the primary one, 1 the first secondary one, and so on. */
export interface InitiativeImpactOptions extends ImpactWindowOptions {
  kpi?: number | undefined;
}

/** The impact of one initiative: one of its KPI series, the primary one unless asked, split on its go-live day. */
export function makeInitiativeImpact(deps: {
  initiatives: Pick<InitiativeRepository, "getHead">;
  assessKpiImpact: AssessKpiImpact;
}) {
  return async function initiativeImpact(id: string, options: InitiativeImpactOptions = {}) {
    const initiative = await deps.initiatives.getHead(id);
    if (!initiative) throw new DomainError("not-found", `No initiative ${id}`);
    if (!initiative.kpi) {
      throw new DomainError("impact-unavailable", `${id} has no KPI to assess`, { reason: "no-kpi" });
    }
    if (!initiative.implementedAt) {
      throw new DomainError("impact-unavailable", `${id} has no go-live day yet`, {
        reason: "not-implemented",
      });
    }
    const kpis = kpisOf(initiative);
    const index = options.kpi ?? 0;
    const kpi = kpis[index];
    if (kpi === undefined) {
      throw new DomainError(
        "validation",
        `${id} has ${kpis.length} KPIs, numbered from 0 (the primary one)`,
        {
          fields: [{ field: "kpi", message: `must be from 0 to ${kpis.length - 1}` }],
        },
      );
    }
    const stored = kpi.impactWindows;
    const impact = await deps.assessKpiImpact({
      kpi: { dimension: kpi.dimension, value: kpi.value },
      goLive: initiative.implementedAt.slice(0, 10),
      // A query may try other windows; the initiative's own are the default, and the product's after them.
      beforeWeeks: options.beforeWeeks ?? options.weeks ?? stored?.beforeWeeks,
      afterWeeks: options.afterWeeks ?? options.weeks ?? stored?.afterWeeks,
      settlingDays: options.settlingDays ?? stored?.settlingDays,
      targetChange: targetChangeOf(kpi),
    });
    return {
      initiative: {
        id: initiative.id,
        title: initiative.title,
        status: initiative.status,
        kpi,
        kpiIndex: index,
        primary: index === 0,
        implementedAt: initiative.implementedAt,
      },
      ...impact,
    };
  };
}

export type InitiativeImpact = ReturnType<typeof makeInitiativeImpact>;
