import type { Kpi } from "../../api/types.js";
import type { I18n } from "../../i18n/i18n.js";
import { DIMENSION_LABELS } from "../satisfaction/dimension-labels.js";

/** Names the series a KPI reads: "Service: Remote access", or "All services" for the whole organisation. */
export function kpiSeriesLabel(kpi: Pick<Kpi, "dimension" | "value">, t: I18n["t"]): string {
  return kpi.dimension === "all" ? t("allServices") : `${t(DIMENSION_LABELS[kpi.dimension])}: ${kpi.value}`;
}
