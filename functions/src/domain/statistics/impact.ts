import { DomainError } from "../errors.js";
import type { ProportionCount } from "./counts.js";
import { normalCdf, normalQuantile, twoSidedCritical } from "./normal.js";
import { type ScoreCounts, summariseScores } from "./scores.js";
import { groupSequentialBoundaries } from "./sequential.js";
import { compareProportions } from "./two-proportions.js";

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

/** How an initiative's impact windows are laid out; `weeks` sets both windows at once. */
export interface ImpactWindowOptions {
  weeks?: number | undefined;
  beforeWeeks?: number | undefined;
  afterWeeks?: number | undefined;
  settlingDays?: number | undefined;
}

/** The default layout: 8 weeks before go-live, 2 settling weeks left out, 8 weeks after. */
export const DEFAULT_IMPACT_WINDOWS = { beforeWeeks: 8, afterWeeks: 8, settlingDays: 14 } as const;

/**
 * The before window (the `beforeWeeks` ending the day before go-live) and the after window (`afterWeeks` long,
 * starting once `settlingDays` have passed), so that the change-over period counts in neither.
 */
export function impactWindows(goLive: string, options: ImpactWindowOptions = {}): ImpactWindows {
  const goLiveTime = parseIsoDate(goLive);
  const beforeWeeks = options.beforeWeeks ?? options.weeks ?? DEFAULT_IMPACT_WINDOWS.beforeWeeks;
  const afterWeeks = options.afterWeeks ?? options.weeks ?? DEFAULT_IMPACT_WINDOWS.afterWeeks;
  const settlingDays = options.settlingDays ?? DEFAULT_IMPACT_WINDOWS.settlingDays;
  assertWholeDays(beforeWeeks, "beforeWeeks", 1);
  assertWholeDays(afterWeeks, "afterWeeks", 1);
  assertWholeDays(settlingDays, "settlingDays", 0);
  const afterStart = goLiveTime + settlingDays * DAY_MS;
  return {
    before: { from: isoDate(goLiveTime - beforeWeeks * 7 * DAY_MS), to: isoDate(goLiveTime - DAY_MS) },
    after: { from: isoDate(afterStart), to: isoDate(afterStart + (afterWeeks * 7 - 1) * DAY_MS) },
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

/** An estimate with its two-sided interval at the confidence the method allows at this look. */
export interface ImpactInterval {
  estimate: number;
  low: number;
  high: number;
}

export interface WindowResult {
  n: number;
  positive: number;
  csat: number | null;
  /** Wilson 95% interval around csat (fixed-sample, for reading one window on its own). */
  ci: { low: number; high: number } | null;
  mean: number | null;
}

export type ImpactVerdict =
  | "improved"
  | "worsened"
  | "no-detectable-change"
  | "not-yet-conclusive"
  | "insufficient-data";

/** The sequential method that makes the after-window verdict valid however often it is looked at. */
export interface ImpactMethod {
  name: "group-sequential";
  spending: "lan-demets-obrien-fleming";
  description: string;
  /** The weekly look this verdict is from (1 = the first full week of the after window). */
  look: number;
  plannedLooks: number;
  /** The z value an interval uses at this look; about 1.96 only at the planned end. */
  criticalValue: number;
  /** The confidence of the intervals at this look (higher than 95% before the planned end). */
  confidence: number;
}

export interface ImpactAssessment {
  target: { before: WindowResult; after: WindowResult };
  /** The rest of the organisation without the initiative's own series, over the same windows. */
  comparison: { before: WindowResult; after: WindowResult } | null;
  /** The service's own change in csat, after - before: the verdict's primary comparison. */
  change: ImpactInterval | null;
  /** The change in the mean score (1..5), after - before. */
  meanChange: ImpactInterval | null;
  /** The change net of the rest's change; shown beside `change`, required to agree with it for a credit. */
  differenceInDifferences: ImpactInterval | null;
  verdict: ImpactVerdict;
  /** True while the after window is still open: the verdict may still change. */
  provisional: boolean;
  /** The change the initiative set out to make (its KPI target minus its baseline). */
  targetChange: number;
  /** The smallest change the current sample would detect with `power`; null without data. */
  minimumDetectableChange: number | null;
  /** At the current response rate, full weeks from now until the target change would be detectable; null if never within two years. */
  weeksUntilDetectable: number | null;
  method: ImpactMethod;
  insufficientData: { minimumResponses: number; reason: string };
  alpha: number;
  power: number;
}

export interface ImpactInput {
  target: { before: ScoreCounts; after: ScoreCounts };
  /** The rest of the organisation over the same windows, to net out drift that is not the initiative's doing. */
  comparison?: { before: ScoreCounts; after: ScoreCounts } | undefined;
  /**
   * The target's after-window responses counted at the end of each full week so far (cumulative), the current
   * look last; `target.after` and `comparison.after` hold the counts up to that same week.
   */
  afterLooks: readonly number[];
  /** The after window's length in weeks: the planned number of looks. */
  plannedLooks: number;
  /** Whether the after window has not ended yet. */
  open: boolean;
  /** The change the initiative is meant to make, > 0 (a share, 0.1 = 10 points). */
  targetChange: number;
  alpha?: number;
  power?: number;
}

/**
 * Below this many responses in the before or the after window not even a 50-point change (50% to 100%) would be
 * detected with 80% power at alpha 0.05: (1.96 + 0.84) x sqrt(0.25 x 2 / n) > 0.5 for n < 16.
 */
export const MIN_WINDOW_RESPONSES = 16;
const INSUFFICIENT_REASON =
  "With fewer than 16 responses in the before or the after window not even a 50-point change (50% to 100%) would be detected with 80% power, so no verdict is given.";
const METHOD_DESCRIPTION =
  "Group-sequential design, one look per full week of the after window, Lan-DeMets alpha spending of the O'Brien-Fleming type (alpha 0.05 over all looks): early looks need a far larger change, the last look is close to the fixed-sample 95% interval.";
const MAX_PROJECTED_WEEKS = 104;
// A window whose few responses all gave one score would otherwise claim a mean with no spread at all.
const PRIOR_VARIANCE = 1;
const PRIOR_WEIGHT = 2;

function assertParameter(value: number, name: string, valid: boolean): void {
  if (!valid) {
    throw new DomainError("invalid-impact-parameters", `${name} is out of range, got ${value}.`, {
      [name]: value,
    });
  }
}

function describeWindow(counts: ScoreCounts): WindowResult {
  const summary = summariseScores(counts);
  return { n: summary.n, positive: summary.positive, csat: summary.csat, ci: summary.ci, mean: summary.mean };
}

function proportion(counts: ScoreCounts): ProportionCount {
  return { positive: counts[3] + counts[4], n: counts.reduce((sum, count) => sum + count, 0) };
}

function meanAndVariance(counts: ScoreCounts): { n: number; mean: number; variance: number } | null {
  const n = counts.reduce((sum, count) => sum + count, 0);
  if (n === 0) return null;
  const mean = counts.reduce((sum, count, index) => sum + count * (index + 1), 0) / n;
  const squares = counts.reduce((sum, count, index) => sum + count * (index + 1 - mean) ** 2, 0);
  return { n, mean, variance: (squares + PRIOR_WEIGHT * PRIOR_VARIANCE) / (n - 1 + PRIOR_WEIGHT) };
}

function meanChange(before: ScoreCounts, after: ScoreCounts, critical: number): ImpactInterval | null {
  const b = meanAndVariance(before);
  const a = meanAndVariance(after);
  if (!b || !a) return null;
  const estimate = a.mean - b.mean;
  const half = critical * Math.sqrt(b.variance / b.n + a.variance / a.n);
  return { estimate, low: estimate - half, high: estimate + half };
}

function shareChange(before: ScoreCounts, after: ScoreCounts, confidence: number): ImpactInterval | null {
  const comparison = compareProportions(proportion(before), proportion(after), confidence);
  return comparison && { estimate: comparison.difference, low: comparison.low, high: comparison.high };
}

/**
 * The difference of two Newcombe intervals by the MOVER method (Zou & Donner 2008): each tail borrows the matching
 * tails of the two changes, so Wilson's non-zero width on tiny cells carries through.
 */
function differenceOfChanges(target: ImpactInterval, rest: ImpactInterval): ImpactInterval {
  const estimate = target.estimate - rest.estimate;
  const low = estimate - Math.hypot(target.estimate - target.low, rest.high - rest.estimate);
  const high = estimate + Math.hypot(target.high - target.estimate, rest.estimate - rest.low);
  return { estimate, low: Math.max(-2, low), high: Math.min(2, high) };
}

/** The standard error of a csat change between windows of these sizes, with +1/+1 smoothing against 0 or 1 rates. */
function changeStandardError(before: ProportionCount, afterN: number, afterPositive: number): number {
  const pb = (before.positive + 1) / (before.n + 2);
  const pa = (afterPositive + 1) / (afterN + 2);
  return Math.sqrt((pb * (1 - pb)) / before.n + (pa * (1 - pa)) / afterN);
}

function lookInformation(beforeN: number, afterN: number): number {
  return 1 / (1 / beforeN + 1 / afterN);
}

/**
 * Judges whether an initiative moved csat, validly at every weekly look: the service's own change and, beside it,
 * the change net of the rest of the organisation, each with the interval the group-sequential design allows at
 * this look; a credit (improved or worsened) needs both to exclude no change.
 */
export function assessImpact(input: ImpactInput): ImpactAssessment {
  const alpha = input.alpha ?? 0.05;
  const power = input.power ?? 0.8;
  assertParameter(alpha, "alpha", alpha > 0 && alpha < 1);
  assertParameter(power, "power", power > 0 && power < 1);
  assertParameter(input.targetChange, "targetChange", input.targetChange > 0 && input.targetChange <= 1);
  assertParameter(
    input.plannedLooks,
    "plannedLooks",
    Number.isSafeInteger(input.plannedLooks) && input.plannedLooks >= 1,
  );
  const windows = [
    input.target.before,
    input.target.after,
    input.comparison?.before,
    input.comparison?.after,
  ];
  const described = windows.map((counts) => counts && describeWindow(counts));
  const [targetBefore, targetAfter, restBefore, restAfter] = described;
  if (!targetBefore || !targetAfter)
    throw new DomainError("invalid-counts", "Both target windows are needed.");

  // Weeks that added no response add no information: they are no new look.
  const looks: { n: number; week: number }[] = [];
  for (const [index, n] of input.afterLooks.entries()) {
    assertParameter(n, "afterLooks", Number.isSafeInteger(n) && n >= 0);
    if (n > (looks[looks.length - 1]?.n ?? 0)) looks.push({ n, week: index + 1 });
  }
  const weeksElapsed = Math.min(input.afterLooks.length, input.plannedLooks);
  const finalLook = !input.open || weeksElapsed >= input.plannedLooks;
  const beforeN = targetBefore.n;
  const afterN = targetAfter.n;
  const usable = beforeN > 0 && looks.length > 0;
  const information = usable ? looks.map((look) => lookInformation(beforeN, look.n)) : [1];
  const times = usable
    ? looks.map((look, index) =>
        finalLook && index === looks.length - 1 ? 1 : Math.min(look.week / input.plannedLooks, 1),
      )
    : [1];
  const boundaries = groupSequentialBoundaries(information, times, alpha);
  const critical = boundaries[boundaries.length - 1] as number;
  const confidence = 1 - 2 * normalCdf(-critical);

  const method: ImpactMethod = {
    name: "group-sequential",
    spending: "lan-demets-obrien-fleming",
    description: METHOD_DESCRIPTION,
    look: weeksElapsed,
    plannedLooks: input.plannedLooks,
    criticalValue: critical,
    confidence,
  };
  const change = shareChange(input.target.before, input.target.after, confidence);
  const restUsable =
    input.comparison !== undefined &&
    (restBefore?.n ?? 0) >= MIN_WINDOW_RESPONSES &&
    (restAfter?.n ?? 0) >= MIN_WINDOW_RESPONSES;
  const restChange =
    restUsable && input.comparison
      ? shareChange(input.comparison.before, input.comparison.after, confidence)
      : null;
  const did = change && restChange ? differenceOfChanges(change, restChange) : null;

  const enough = beforeN >= MIN_WINDOW_RESPONSES && afterN >= MIN_WINDOW_RESPONSES;
  const targetChange = input.targetChange;
  const verdict = judge(enough ? change : null, did, targetChange);

  const detection = enough
    ? detectability(input, { beforeN, afterN, weeksElapsed, critical, alpha, power, restUsable })
    : { minimumDetectableChange: null, weeksUntilDetectable: null };

  return {
    target: { before: targetBefore, after: targetAfter },
    comparison: restBefore && restAfter ? { before: restBefore, after: restAfter } : null,
    change,
    meanChange: meanChange(input.target.before, input.target.after, critical),
    differenceInDifferences: did,
    verdict,
    provisional: !finalLook,
    targetChange,
    ...detection,
    method,
    insufficientData: { minimumResponses: MIN_WINDOW_RESPONSES, reason: INSUFFICIENT_REASON },
    alpha,
    power,
  };
}

function judge(
  change: ImpactInterval | null,
  did: ImpactInterval | null,
  targetChange: number,
): ImpactVerdict {
  if (!change) return "insufficient-data";
  // The rest enters as a veto: a rise every service shared is no credit, a fall every service shared no blame.
  if (change.low > 0 && (!did || did.low > 0)) return "improved";
  if (change.high < 0 && (!did || did.high < 0)) return "worsened";
  const within = (interval: ImpactInterval) => interval.low > -targetChange && interval.high < targetChange;
  if (within(change) || (did !== null && within(did))) return "no-detectable-change";
  return "not-yet-conclusive";
}

function detectability(
  input: ImpactInput,
  context: {
    beforeN: number;
    afterN: number;
    weeksElapsed: number;
    critical: number;
    alpha: number;
    power: number;
    restUsable: boolean;
  },
): { minimumDetectableChange: number; weeksUntilDetectable: number | null } {
  const before = proportion(input.target.before);
  const after = proportion(input.target.after);
  const restBefore = input.comparison ? proportion(input.comparison.before) : null;
  const restAfter = input.comparison ? proportion(input.comparison.after) : null;
  const zPower = normalQuantile(context.power);
  // The verdict needs the difference-in-differences too, so detectability is the wider of the two comparisons.
  const standardError = (extraWeeks: number) => {
    const weeks = Math.max(context.weeksElapsed, 1);
    const growth = 1 + extraWeeks / weeks;
    const target = changeStandardError(before, after.n * growth, after.positive * growth);
    if (!context.restUsable || !restBefore || !restAfter) return target;
    const rest = changeStandardError(restBefore, restAfter.n * growth, restAfter.positive * growth);
    return Math.hypot(target, rest);
  };
  const minimumDetectableChange = (context.critical + zPower) * standardError(0);
  if (minimumDetectableChange <= input.targetChange) {
    return { minimumDetectableChange, weeksUntilDetectable: 0 };
  }
  // Later looks sit near the fixed-sample critical value; the planned end's is the honest one to project with.
  const finalCritical = plannedFinalCritical(input, context);
  for (let weeks = 1; weeks <= MAX_PROJECTED_WEEKS; weeks += 1) {
    if ((finalCritical + zPower) * standardError(weeks) <= input.targetChange) {
      return { minimumDetectableChange, weeksUntilDetectable: weeks };
    }
  }
  return { minimumDetectableChange, weeksUntilDetectable: null };
}

function plannedFinalCritical(
  input: ImpactInput,
  context: { beforeN: number; afterN: number; weeksElapsed: number; critical: number; alpha: number },
): number {
  const remaining = input.plannedLooks - context.weeksElapsed;
  if (remaining <= 0 || context.afterN === 0) return context.critical;
  const rate = context.afterN / Math.max(context.weeksElapsed, 1);
  const information: number[] = [];
  const times: number[] = [];
  let lastN = 0;
  for (let week = 1; week <= input.plannedLooks; week += 1) {
    const n =
      week <= context.weeksElapsed
        ? (input.afterLooks[week - 1] ?? 0)
        : context.afterN + rate * (week - context.weeksElapsed);
    if (n <= lastN) continue;
    lastN = n;
    information.push(lookInformation(context.beforeN, n));
    times.push(week / input.plannedLooks);
  }
  if (information.length === 0) return context.critical;
  times[times.length - 1] = 1;
  return groupSequentialBoundaries(information, times, context.alpha).at(-1) ?? context.critical;
}
