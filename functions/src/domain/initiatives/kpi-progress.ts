import type { ProportionCount } from "../statistics/counts.js";
import { judgeAgainstTarget, type TargetStatus } from "../statistics/targets.js";
import type { Kpi } from "./initiative.js";

/** How far one KPI has come from its baseline towards its goal, read from the ratings of a recent window. */
export interface KpiProgress {
  kpi: Kpi;
  primary: boolean;
  /** The ratings of the window: their number, the share satisfied and its Wilson 95% interval. */
  current: { n: number; csat: number | null; ci: { low: number; high: number } | null };
  /** Current csat minus the baseline, a share (0.05 = 5 points); null without ratings. */
  change: number | null;
  /**
   * The share of the planned rise achieved: (current - baseline) / (target - baseline). 1 is the goal reached, 0 no
   * move, a negative share a fall; null without ratings, or when the target does not lie above the baseline (a KPI
   * to be held rather than raised, which `status` alone judges).
   */
  ofGoal: number | null;
  /**
   * The current csat judged against the target: on-track when it meets it, at-risk when it falls short within the
   * interval, off-track when even the interval's top falls short, too-few-responses below the judged sample.
   */
  status: TargetStatus;
}

/** The progress of a KPI given the ratings of its series over the window read. */
export function kpiProgress(kpi: Kpi, ratings: ProportionCount, primary: boolean): KpiProgress {
  const judgement = judgeAgainstTarget(ratings, kpi.target);
  const csat = judgement.actual;
  const planned = kpi.target - kpi.baseline;
  const change = csat === null ? null : csat - kpi.baseline;
  return {
    kpi,
    primary,
    current: { n: ratings.n, csat, ci: judgement.ci },
    change,
    ofGoal: change === null || !(planned > 0) ? null : change / planned,
    status: judgement.status,
  };
}
