import { useApi } from "../../api/use-api.js";
import { shiftDay, today } from "./trend-points.js";

/** The services that received ratings in the past year, busiest first, for filter menus. */
export function useServices(): string[] {
  const to = today();
  const state = useApi("/api/v1/metrics/satisfaction", {
    query: { from: shiftDay(to, -365), to, interval: "quarter", groupBy: "service" },
  });
  const series = Array.isArray(state.data?.series) ? state.data.series : [];
  return [...series]
    .sort((a, b) => b.totals.n - a.totals.n)
    .flatMap((s) => (s.value === undefined ? [] : [s.value]));
}
