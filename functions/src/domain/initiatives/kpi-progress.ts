import { addDays } from "../calendar.js";
import type { ProportionCount } from "../statistics/counts.js";
import { DEFAULT_IMPACT_WINDOWS } from "../statistics/impact.js";
import { judgeAgainstTarget, type TargetStatus } from "../statistics/targets.js";
import type { Kpi } from "./initiative.js";

/** How far back a KPI's current figure looks: the backlog's gap, an initiative's progress and the digest's. */
export const LIVE_WINDOW_DAYS = 90;

/** The last `LIVE_WINDOW_DAYS` days through `to`. */
export function liveWindow(to: string): { from: string; to: string; days: number } {
  return { from: addDays(to, -(LIVE_WINDOW_DAYS - 1)), to, days: LIVE_WINDOW_DAYS };
}

/** How far one KPI has come from its baseline towards its goal, read from the ratings of a recent window. */
export interface KpiProgress {
  kpi: Kpi;
  primary: boolean;
  /**
   * The ratings counted, from `from` through `to`: their number, the share satisfied and its Wilson 95% interval.
   * `from` is after `to` while a live initiative is still in its settling days, and nothing is counted.
   */
  current: {
    from: string;
    to: string;
    n: number;
    csat: number | null;
    ci: { low: number; high: number } | null;
  };
  /** Current csat minus the baseline, a share (0.05 = 5 points); null without ratings. */
  change: number | null;
  /**
   * The share of the planned rise achieved: (current - baseline) / (target - baseline). 1 is the goal reached, 0 no
   * move, a negative share a fall. Null below the judged sample (a handful of ratings would read as 300% or -200%),
   * and for a KPI to be held rather than raised (target not above baseline), which `status` alone judges.
   */
  ofGoal: number | null;
  /**
   * The current csat judged against the target: on-track when it meets it, at-risk when it falls short within the
   * interval, off-track when even the interval's top falls short, too-few-responses below the judged sample.
   */
  status: TargetStatus;
}

/**
 * The first day a KPI's current figure counts: the start of the last `LIVE_WINDOW_DAYS` through `to`, or, once the
 * initiative is live, the end of the KPI's settling days after go-live when that is later, so that ratings from
 * before the change are not credited to it.
 */
export function currentFrom(
  kpi: Pick<Kpi, "impactWindows">,
  implementedAt: string | null,
  to: string,
): string {
  const start = liveWindow(to).from;
  if (implementedAt === null) return start;
  const settled = addDays(
    implementedAt.slice(0, 10),
    kpi.impactWindows?.settlingDays ?? DEFAULT_IMPACT_WINDOWS.settlingDays,
  );
  // Calendar days compare as text; the later of the two is the first day counted.
  return [start, settled].sort()[1] ?? start;
}

/** The progress of a KPI given the ratings of its series from `from` through `to`. */
export function kpiProgress(
  kpi: Kpi,
  ratings: ProportionCount,
  window: { from: string; to: string },
  primary: boolean,
): KpiProgress {
  const judgement = judgeAgainstTarget(ratings, kpi.target);
  const csat = judgement.actual;
  const planned = kpi.target - kpi.baseline;
  const change = csat === null ? null : csat - kpi.baseline;
  const judged = judgement.status !== "too-few-responses" && judgement.status !== "no-data";
  return {
    kpi,
    primary,
    current: { from: window.from, to: window.to, n: ratings.n, csat, ci: judgement.ci },
    change,
    ofGoal: change === null || !judged || !(planned > 0) ? null : change / planned,
    status: judgement.status,
  };
}
