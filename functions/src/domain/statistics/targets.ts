import { DomainError } from "../errors.js";
import type { ProportionCount } from "./counts.js";
import { wilsonInterval } from "./wilson.js";

export const TARGET_STATUSES = ["on-track", "at-risk", "off-track", "too-few-responses", "no-data"] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/**
 * Fewer responses than this are reported with their figures but not judged: at n = 30 the Wilson interval around
 * 85% is still about ±13 points wide, so a smaller cell cannot tell on track from off track, and 1/1 or 0/1 would
 * otherwise read as a verdict.
 */
export const MIN_JUDGED_RESPONSES = 30;

export interface TargetJudgement {
  actual: number | null;
  ci: { low: number; high: number } | null;
  target: number;
  /** How far the estimate falls short of the target; negative when it exceeds it, null without data. */
  gap: number | null;
  status: TargetStatus;
}

function assertTarget(target: number): void {
  if (!(target >= 0 && target <= 1)) {
    throw new DomainError("invalid-target", `A csat target must lie in [0, 1], got ${target}.`, { target });
  }
}

/**
 * Judges csat against a target: on track when the estimate meets it, at risk when it falls short but the Wilson
 * interval still reaches the target (the shortfall may be noise), off track when even the interval's top falls short;
 * below `minimumN` responses only "too few responses", with the figures still reported.
 */
export function judgeAgainstTarget(
  count: ProportionCount,
  target: number,
  confidence = 0.95,
  minimumN = MIN_JUDGED_RESPONSES,
): TargetJudgement {
  assertTarget(target);
  const interval = wilsonInterval(count.positive, count.n, confidence);
  if (!interval) return { actual: null, ci: null, target, gap: null, status: "no-data" };
  const status: TargetStatus =
    count.n < minimumN
      ? "too-few-responses"
      : interval.estimate >= target
        ? "on-track"
        : interval.high >= target
          ? "at-risk"
          : "off-track";
  return {
    actual: interval.estimate,
    ci: { low: interval.low, high: interval.high },
    target,
    gap: target - interval.estimate,
    status,
  };
}

/**
 * Ranks a breakdown row by how many satisfied responses it lacks against the target (volume x shortfall),
 * so that a large team slightly below target outranks a tiny one far below it; 0 at or above target.
 */
export function impactRank(n: number, csat: number | null, target: number): number {
  assertTarget(target);
  if (!Number.isFinite(n) || n < 0) {
    throw new DomainError("invalid-counts", `A volume must be a non-negative number, got ${n}.`, { n });
  }
  if (csat === null || n === 0) return 0;
  return n * Math.max(0, target - csat);
}
