import type { ReadSatisfaction } from "../../app/metrics/read-satisfaction.js";
import type { Clock } from "../../app/ports.js";
import { localDay } from "../../domain/calendar.js";
import type { Handlers } from "../contract/mount.js";
import { dayRange } from "../contracts/common.js";
import type { metricsContracts } from "../contracts/metrics.js";

/** Satisfaction over time, for analysts and above. */
export function metricsHandlers(deps: {
  readSatisfaction: ReadSatisfaction;
  clock: Clock;
  timeZone: string;
}): Handlers<typeof metricsContracts> {
  return {
    readSatisfaction: async ({ query }) => {
      const { from, to, interval, groupBy, baselineFrom, baselineTo, limits, ...filters } = query;
      const result = await deps.readSatisfaction({
        ...dayRange(from, to, () => localDay(deps.clock.now(), deps.timeZone)),
        interval,
        groupBy,
        filters: Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)),
        baselineFrom,
        baselineTo,
        limits,
      });
      return { status: 200, body: result };
    },
  };
}
