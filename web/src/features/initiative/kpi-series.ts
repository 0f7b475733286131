import type { Initiative, Kpi } from "../../api/types.js";
import type { I18n } from "../../i18n/i18n.js";
import { DIMENSION_LABELS } from "../satisfaction/dimension-labels.js";

/** Names the series a KPI reads: "Service: Remote access", or "All services" for the whole organisation. */
export function kpiSeriesLabel(kpi: Pick<Kpi, "dimension" | "value">, t: I18n["t"]): string {
  return kpi.dimension === "all" ? t("allServices") : `${t(DIMENSION_LABELS[kpi.dimension])}: ${kpi.value}`;
}

/** An initiative's KPIs in the order the screen offers them: the primary first, then the secondary ones. */
export function kpisOf(initiative: Pick<Initiative, "kpi" | "secondaryKpis">): Kpi[] {
  return initiative.kpi ? [initiative.kpi, ...initiative.secondaryKpis] : [];
}

/** Names a KPI's series uniquely within an initiative, so that a choice of it survives a reorder of the KPIs. */
export function kpiSeriesKey(kpi: Pick<Kpi, "dimension" | "value">): string {
  // A dimension never holds a colon, so the first one splits the two.
  return `${kpi.dimension}:${kpi.value}`;
}

/** Where the KPI chosen by its series sits among the primary and secondary KPIs: the primary's 0 unless it is there. */
export function chosenKpiIndex(
  kpis: readonly Pick<Kpi, "dimension" | "value">[],
  chosen: string | null,
): number {
  const index = chosen === null ? -1 : kpis.findIndex((kpi) => kpiSeriesKey(kpi) === chosen);
  return Math.max(index, 0);
}
