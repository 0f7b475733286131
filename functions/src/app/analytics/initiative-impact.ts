import { DomainError } from "../../domain/errors.js";
import type { InitiativeRepository } from "../ports.js";
import type { AssessKpiImpact } from "./assess-kpi-impact.js";

/** The impact of one initiative: its KPI series split on its go-live day. */
export function makeInitiativeImpact(deps: {
  initiatives: Pick<InitiativeRepository, "getHead">;
  assessKpiImpact: AssessKpiImpact;
}) {
  return async function initiativeImpact(
    id: string,
    options: { weeks?: number | undefined; settlingDays?: number | undefined } = {},
  ) {
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
    const impact = await deps.assessKpiImpact({
      kpi: { dimension: initiative.kpi.dimension, value: initiative.kpi.value },
      goLive: initiative.implementedAt.slice(0, 10),
      weeks: options.weeks,
      settlingDays: options.settlingDays,
    });
    return {
      initiative: {
        id: initiative.id,
        title: initiative.title,
        status: initiative.status,
        kpi: initiative.kpi,
        implementedAt: initiative.implementedAt,
      },
      ...impact,
    };
  };
}

export type InitiativeImpact = ReturnType<typeof makeInitiativeImpact>;
