import { apiPath } from "../../api/client.js";
import type { Satisfaction } from "../../api/types.js";
import { useApi } from "../../api/use-api.js";
import { shiftDay, today } from "./trend-points.js";

/** The services that received ratings in the past year, busiest first, for filter menus. */
export function useServices(): string[] {
  const to = today();
  const state = useApi<Satisfaction>(
    apiPath("/api/v1/metrics/satisfaction", {
      from: shiftDay(to, -365),
      to,
      interval: "quarter",
      groupBy: "service",
    }),
  );
  const series = Array.isArray(state.data?.series) ? state.data.series : [];
  return series
    .filter((s) => s.value !== undefined)
    .sort((a, b) => b.totals.n - a.totals.n)
    .map((s) => s.value as string);
}
