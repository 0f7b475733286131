import { DomainError } from "../errors.js";
import { assertProportionCount, type ProportionCount } from "./counts.js";
import { normalQuantile, twoSidedCritical, twoSidedPValue } from "./normal.js";
import { compareProportions, type ProportionComparison } from "./two-proportions.js";
import { wilsonInterval } from "./wilson.js";

/** An inclusive range of ISO dates (YYYY-MM-DD). */
export interface DateWindow {
  from: string;
  to: string;
}

export interface ImpactWindows {
  before: DateWindow;
  after: DateWindow;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseIsoDate(value: string): number {
  const time = ISO_DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
  // Date.parse rolls 2025-02-30 over to March; a round trip catches it.
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new DomainError("invalid-date", `Expected a calendar date as YYYY-MM-DD, got "${value}".`, {
      value,
    });
  }
  return time;
}

function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

function assertWholeDays(value: number, what: string, minimum: number): void {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new DomainError(
      "invalid-window",
      `${what} must be a whole number of at least ${minimum}, got ${value}.`,
      {
        value,
      },
    );
  }
}

/**
 * The before window (the `weeks` ending the day before go-live) and the after window (`weeks` long, starting once
 * `settlingDays` have passed), so that the change-over period counts in neither.
 */
export function impactWindows(
  goLive: string,
  { weeks = 8, settlingDays = 14 }: { weeks?: number; settlingDays?: number } = {},
): ImpactWindows {
  const goLiveTime = parseIsoDate(goLive);
  assertWholeDays(weeks, "weeks", 1);
  assertWholeDays(settlingDays, "settlingDays", 0);
  const length = weeks * 7;
  const afterStart = goLiveTime + settlingDays * DAY_MS;
  return {
    before: { from: isoDate(goLiveTime - length * DAY_MS), to: isoDate(goLiveTime - DAY_MS) },
    after: { from: isoDate(afterStart), to: isoDate(afterStart + (length - 1) * DAY_MS) },
  };
}

function assertOpenUnit(value: number, name: string): void {
  if (!(value > 0 && value < 1)) {
    throw new DomainError(
      "invalid-impact-parameters",
      `${name} must lie strictly between 0 and 1, got ${value}.`,
      {
        [name]: value,
      },
    );
  }
}

/**
 * Responses needed in each of two equal groups to detect a move from `baseline` by `minimumDetectableEffect`
 * with a two-sided test at `alpha` and the given power (Fleiss, Levin & Paik 2003, eq. 4.14, without continuity correction).
 */
export function sampleSizePerGroup(
  baseline: number,
  minimumDetectableEffect: number,
  alpha = 0.05,
  power = 0.8,
): number {
  assertOpenUnit(alpha, "alpha");
  assertOpenUnit(power, "power");
  assertOpenUnit(minimumDetectableEffect, "minimumDetectableEffect");
  if (!(baseline >= 0 && baseline <= 1)) {
    throw new DomainError("invalid-impact-parameters", `baseline must lie in [0, 1], got ${baseline}.`, {
      baseline,
    });
  }
  // Look upward unless that leaves [0, 1]: an initiative is meant to raise csat.
  const p1 = baseline;
  const p2 = p1 + minimumDetectableEffect <= 1 ? p1 + minimumDetectableEffect : p1 - minimumDetectableEffect;
  if (p2 < 0) {
    throw new DomainError(
      "invalid-impact-parameters",
      "The minimum detectable effect does not fit inside [0, 1].",
      {
        baseline,
        minimumDetectableEffect,
      },
    );
  }
  const mean = (p1 + p2) / 2;
  const zAlpha = twoSidedCritical(1 - alpha);
  const zBeta = normalQuantile(power);
  const numerator =
    zAlpha * Math.sqrt(2 * mean * (1 - mean)) + zBeta * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  // The epsilon keeps an exact integer from being bumped up by floating-point noise.
  return Math.ceil((numerator / (p2 - p1)) ** 2 - 1e-9);
}

export interface WindowResult {
  n: number;
  positive: number;
  csat: number | null;
  ci: { low: number; high: number } | null;
}

export interface SeriesImpact {
  before: WindowResult;
  after: WindowResult;
  /** after - before with Newcombe's interval and the pooled z-test; null when a window is empty. */
  change: ProportionComparison | null;
}

export interface DifferenceInDifferences {
  /** (target after - target before) - (comparison after - comparison before). */
  estimate: number;
  low: number;
  high: number;
  z: number;
  pValue: number;
}

export type ImpactVerdict = "improved" | "no-detectable-change" | "worsened" | "insufficient-data";

export interface ImpactAssessment {
  target: SeriesImpact;
  comparison: SeriesImpact | null;
  differenceInDifferences: DifferenceInDifferences | null;
  /** What the verdict rests on: the difference-in-differences when a comparison was given, else the target's change. */
  judgedOn: "difference-in-differences" | "change";
  verdict: ImpactVerdict;
  alpha: number;
  power: number;
  minimumDetectableEffect: number;
  /** Responses each target window needs to detect the minimum effect at this alpha and power. */
  sampleNeeded: number;
  /** Responses each target window still lacks (0 when it has enough). */
  sampleShortfall: { before: number; after: number };
}

export interface ImpactInput {
  target: { before: ProportionCount; after: ProportionCount };
  /** The rest of the organisation over the same windows, to net out drift that is not the initiative's doing. */
  comparison?: { before: ProportionCount; after: ProportionCount };
  alpha?: number;
  power?: number;
  minimumDetectableEffect?: number;
}

function describeWindow(count: ProportionCount, confidence: number): WindowResult {
  const interval = wilsonInterval(count.positive, count.n, confidence);
  return {
    n: count.n,
    positive: count.positive,
    csat: interval?.estimate ?? null,
    ci: interval ? { low: interval.low, high: interval.high } : null,
  };
}

function describeSeries(
  series: { before: ProportionCount; after: ProportionCount },
  confidence: number,
): SeriesImpact {
  return {
    before: describeWindow(series.before, confidence),
    after: describeWindow(series.after, confidence),
    change: compareProportions(series.before, series.after, confidence),
  };
}

function differenceInDifferences(
  target: { before: ProportionCount; after: ProportionCount },
  comparison: { before: ProportionCount; after: ProportionCount },
  alpha: number,
): DifferenceInDifferences | null {
  const counts = [target.before, target.after, comparison.before, comparison.after];
  if (counts.some(({ n }) => n === 0)) return null;
  const rate = ({ positive, n }: ProportionCount) => positive / n;
  const estimate =
    rate(target.after) - rate(target.before) - (rate(comparison.after) - rate(comparison.before));
  const variance = counts.reduce((sum, count) => sum + (rate(count) * (1 - rate(count))) / count.n, 0);
  const standardError = Math.sqrt(variance);
  const zCritical = twoSidedCritical(1 - alpha);
  // With every rate at 0 or 1 the Wald variance vanishes; only a zero difference is then unremarkable.
  const z =
    standardError > 0 ? estimate / standardError : estimate === 0 ? 0 : Math.sign(estimate) * Infinity;
  return {
    estimate,
    low: estimate - zCritical * standardError,
    high: estimate + zCritical * standardError,
    z,
    pValue: twoSidedPValue(z),
  };
}

function verdictFrom(estimate: number, pValue: number, alpha: number): ImpactVerdict {
  if (pValue >= alpha) return "no-detectable-change";
  return estimate > 0 ? "improved" : "worsened";
}

/**
 * Judges whether an initiative moved csat: the target's before/after change, net of the comparison's change when
 * one is given, with a verdict that refuses to call it when the windows are too small to detect the minimum effect.
 */
export function assessImpact({
  target,
  comparison,
  alpha = 0.05,
  power = 0.8,
  minimumDetectableEffect = 0.05,
}: ImpactInput): ImpactAssessment {
  for (const count of [target.before, target.after, comparison?.before, comparison?.after]) {
    if (count) assertProportionCount(count);
  }
  assertOpenUnit(alpha, "alpha");
  assertOpenUnit(power, "power");
  assertOpenUnit(minimumDetectableEffect, "minimumDetectableEffect");

  const confidence = 1 - alpha;
  const targetImpact = describeSeries(target, confidence);
  const comparisonImpact = comparison ? describeSeries(comparison, confidence) : null;
  const did = comparison ? differenceInDifferences(target, comparison, alpha) : null;

  // Without a before rate, plan for the worst case: p = 0.5 has the largest variance.
  const baseline = targetImpact.before.csat ?? 0.5;
  const sampleNeeded = sampleSizePerGroup(baseline, minimumDetectableEffect, alpha, power);
  const sampleShortfall = {
    before: Math.max(0, sampleNeeded - target.before.n),
    after: Math.max(0, sampleNeeded - target.after.n),
  };

  const judgedOn = comparison ? "difference-in-differences" : "change";
  const evidence = comparison
    ? did && { estimate: did.estimate, pValue: did.pValue }
    : targetImpact.change && { estimate: targetImpact.change.difference, pValue: targetImpact.change.pValue };
  const verdict: ImpactVerdict =
    sampleShortfall.before > 0 || sampleShortfall.after > 0 || !evidence
      ? "insufficient-data"
      : verdictFrom(evidence.estimate, evidence.pValue, alpha);

  return {
    target: targetImpact,
    comparison: comparisonImpact,
    differenceInDifferences: did,
    judgedOn,
    verdict,
    alpha,
    power,
    minimumDetectableEffect,
    sampleNeeded,
    sampleShortfall,
  };
}
