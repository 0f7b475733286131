import { localDay } from "../../domain/calendar.js";
import { OVERALL, type SeriesRef } from "../../domain/dimensions.js";
import { DomainError } from "../../domain/errors.js";
import { judgeAgainstTarget, type TargetJudgement } from "../../domain/statistics/index.js";
import { rollUp } from "../metrics/read-satisfaction.js";
import type { Clock, CsatTarget, TargetRepository, TrendRepository } from "../ports.js";
import { proportionOf, tallyDays } from "./day-tally.js";
import { periodRange } from "./target-period.js";

export interface TargetInput {
  service: string | null;
  period: string;
  value: number;
}

/** A target with its actual over the period so far, judged with the interval, and month by month. */
export interface TargetStatusRow extends TargetJudgement {
  service: string | null;
  /** The period the target was set for: the year's target stands in for a quarter without its own. */
  setFor: string;
  n: number;
  months: Array<{ month: string } & TargetJudgement & { n: number }>;
}

function sortTargets(targets: CsatTarget[]): CsatTarget[] {
  return targets.sort(
    (a, b) =>
      a.period.localeCompare(b.period) ||
      Number(a.service !== null) - Number(b.service !== null) ||
      (a.service ?? "").localeCompare(b.service ?? ""),
  );
}

/** Setting, listing and judging csat targets: a head sets them, anyone with analyst rights reads them. */
export function makeTargets(deps: {
  targets: TargetRepository;
  trends: TrendRepository;
  clock: Clock;
  timeZone: string;
}) {
  return {
    async list(): Promise<CsatTarget[]> {
      return sortTargets(await deps.targets.list());
    },

    async set(input: TargetInput, actor: string): Promise<CsatTarget> {
      periodRange(input.period);
      if (!(input.value >= 0 && input.value <= 1)) {
        throw new DomainError("validation", "A csat target lies between 0 and 1", { fields: ["value"] });
      }
      const service = input.service?.trim() ? input.service.trim() : null;
      const target: CsatTarget = {
        service,
        period: input.period,
        value: input.value,
        setBy: actor,
        setAt: deps.clock.now().toISOString(),
      };
      await deps.targets.put(target);
      return target;
    },

    async remove(period: string, service: string | null): Promise<void> {
      periodRange(period);
      if (!(await deps.targets.remove(period, service))) {
        throw new DomainError("not-found", `No target for ${service ?? "the organisation"} in ${period}`);
      }
    },

    /** Every target in force for a period (a year's target covers a quarter without its own), judged on the data so far. */
    async status(period: string) {
      const range = periodRange(period);
      const today = localDay(deps.clock.now(), deps.timeZone);
      // ISO days order as strings: the period so far ends today or on its last day, whichever comes first.
      const through = [today, range.to].sort()[0] as string;
      const all = await deps.targets.list();
      const year = period.slice(0, 4);
      const exact = all.filter((target) => target.period === period);
      const inherited =
        period.length === 4
          ? []
          : all.filter(
              (target) => target.period === year && !exact.some((own) => own.service === target.service),
            );
      const inForce = sortTargets([...exact, ...inherited]);
      const rows: TargetStatusRow[] = await Promise.all(
        inForce.map(async (target) => {
          const series: SeriesRef =
            target.service === null ? OVERALL : { dimension: "service", value: target.service };
          const days = through < range.from ? [] : await deps.trends.readSeries(series, range.from, through);
          const count = proportionOf(tallyDays(days));
          const months = rollUp(days, range.from, range.to, "month").map((bucket) => {
            const monthly = proportionOf(bucket);
            return {
              month: bucket.start.slice(0, 7),
              n: monthly.n,
              ...judgeAgainstTarget(monthly, target.value),
            };
          });
          return {
            service: target.service,
            setFor: target.period,
            n: count.n,
            ...judgeAgainstTarget(count, target.value),
            months,
          };
        }),
      );
      return { period, from: range.from, to: range.to, through, targets: rows };
    },
  };
}

export type Targets = ReturnType<typeof makeTargets>;
