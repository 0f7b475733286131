import { type Dimension, OVERALL, type SeriesRef } from "../../domain/dimensions.js";
import {
  compareProportions,
  type ProportionComparison,
  type ScoreSummary,
  summariseScores,
} from "../../domain/statistics/index.js";
import type { TrendRepository } from "../ports.js";
import { assertRange } from "./date-range.js";
import { EMPTY_TALLY, proportionOf, type Tally, tallyDays } from "./day-tally.js";
import { holmAdjust } from "./holm-adjustment.js";

export interface Period {
  from: string;
  to: string;
}

export interface ComparisonQuery {
  dimension: Dimension;
  a: Period;
  b: Period;
  service?: string | undefined;
  /** 0.95 by default. */
  confidence?: number | undefined;
}

/** Period b against period a: the difference b - a with its Newcombe interval and the pooled z-test. */
export interface PeriodChange {
  difference: number;
  low: number;
  high: number;
  z: number;
  pValue: number;
  /** Holm-adjusted across the values of the dimension (the overall row is not adjusted). */
  adjustedPValue: number;
  /** Whether the adjusted p-value is below 1 - confidence: a real move rather than one of many chances. */
  significant: boolean;
}

export interface ComparedRow {
  value: string;
  a: ScoreSummary;
  b: ScoreSummary;
  change: PeriodChange | null;
}

function summary(tally: Tally): ScoreSummary {
  return summariseScores(tally.scores, tally.invited);
}

function toChange(comparison: ProportionComparison, adjusted: number, confidence: number): PeriodChange {
  return {
    difference: comparison.difference,
    low: comparison.low,
    high: comparison.high,
    z: comparison.z,
    pValue: comparison.pValue,
    adjustedPValue: adjusted,
    significant: adjusted < 1 - confidence,
  };
}

/**
 * Compares two periods per value of a dimension and overall, flagging a change as significant only when it survives
 * Holm's adjustment for testing every value at once.
 */
export function makeComparePeriods(deps: { trends: TrendRepository }) {
  return async function comparePeriods(query: ComparisonQuery) {
    assertRange(query.a.from, query.a.to, ["aFrom", "aTo"]);
    assertRange(query.b.from, query.b.to, ["bFrom", "bTo"]);
    const confidence = query.confidence ?? 0.95;
    const withinService = query.dimension === "service" ? undefined : query.service;
    const group = { dimension: query.dimension, service: withinService };
    const overallRef: SeriesRef =
      query.service === undefined ? OVERALL : { dimension: "service", value: query.service };
    const [groupA, groupB, overallA, overallB] = await Promise.all([
      deps.trends.readGroup(group, query.a.from, query.a.to),
      deps.trends.readGroup(group, query.b.from, query.b.to),
      deps.trends.readSeries(overallRef, query.a.from, query.a.to),
      deps.trends.readSeries(overallRef, query.b.from, query.b.to),
    ]);
    const values = [...new Set([...groupA.keys(), ...groupB.keys()])].filter(
      (value) => query.dimension !== "service" || query.service === undefined || value === query.service,
    );
    const compared = values.map((value) => {
      const a = groupA.get(value) ? tallyDays(groupA.get(value) ?? []) : EMPTY_TALLY;
      const b = groupB.get(value) ? tallyDays(groupB.get(value) ?? []) : EMPTY_TALLY;
      return { value, a, b, comparison: compareProportions(proportionOf(a), proportionOf(b), confidence) };
    });
    const adjusted = holmAdjust(compared.map(({ comparison }) => comparison?.pValue ?? null));
    const rows: ComparedRow[] = compared.map(({ value, a, b, comparison }, index) => ({
      value,
      a: summary(a),
      b: summary(b),
      change: comparison ? toChange(comparison, adjusted[index] ?? 1, confidence) : null,
    }));
    rows.sort(
      (x, y) =>
        Number(y.change?.significant ?? false) - Number(x.change?.significant ?? false) ||
        Math.abs(y.change?.difference ?? 0) - Math.abs(x.change?.difference ?? 0) ||
        x.value.localeCompare(y.value),
    );

    const totalA = tallyDays(overallA);
    const totalB = tallyDays(overallB);
    const overallComparison = compareProportions(proportionOf(totalA), proportionOf(totalB), confidence);
    return {
      dimension: query.dimension,
      service: query.service ?? null,
      a: query.a,
      b: query.b,
      confidence,
      overall: {
        a: summary(totalA),
        b: summary(totalB),
        change: overallComparison ? toChange(overallComparison, overallComparison.pValue, confidence) : null,
      },
      rows,
    };
  };
}

export type ComparePeriods = ReturnType<typeof makeComparePeriods>;
