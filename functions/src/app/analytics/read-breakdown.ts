import type { Dimension } from "../../domain/dimensions.js";
import { impactRank, type ScoreSummary, summariseScores } from "../../domain/statistics/index.js";
import type { TargetRepository, TrendRepository } from "../ports.js";
import { assertRange } from "./date-range.js";
import { proportionOf, tallyDays } from "./day-tally.js";
import { targetFor } from "./target-period.js";

export interface BreakdownQuery {
  dimension: Dimension;
  from: string;
  to: string;
  /** Only this service: its own row for `dimension: "service"`, else the values within it. */
  service?: string | undefined;
}

export interface BreakdownRow extends ScoreSummary {
  value: string;
  /** The csat target that applies to the row on the range's last day, if a head set one. */
  target: { value: number; period: string; service: string | null } | null;
  /** What the row is measured against: its target, or the average of all rows when no target applies. */
  reference: { kind: "target" | "average"; value: number } | null;
  /** reference - csat: positive when the row falls short. */
  gap: number | null;
  /** Satisfied responses the row lacks against its reference (volume x shortfall): the sort key. */
  impact: number;
}

/** Csat per value of one dimension over a range, with targets, sorted by how much each value drags satisfaction down. */
export function makeReadBreakdown(deps: { trends: TrendRepository; targets: TargetRepository }) {
  return async function readBreakdown(query: BreakdownQuery) {
    assertRange(query.from, query.to);
    const withinService = query.dimension === "service" ? undefined : query.service;
    const [groups, targets] = await Promise.all([
      deps.trends.readGroup({ dimension: query.dimension, service: withinService }, query.from, query.to),
      deps.targets.list(),
    ]);
    const tallied = [...groups.entries()]
      .filter(
        ([value]) => query.dimension !== "service" || query.service === undefined || value === query.service,
      )
      .map(([value, days]) => ({ value, tally: tallyDays(days) }));
    const pooled = tallied.reduce(
      (sum, { tally }) => {
        const { positive, n } = proportionOf(tally);
        return { positive: sum.positive + positive, n: sum.n + n };
      },
      { positive: 0, n: 0 },
    );
    const average = pooled.n === 0 ? null : pooled.positive / pooled.n;

    const rows: BreakdownRow[] = tallied.map(({ value, tally }) => {
      const summary = summariseScores(tally.scores, tally.invited);
      const scope = query.dimension === "service" ? value : (query.service ?? null);
      const target = targetFor(targets, scope, query.to);
      const reference = target
        ? { kind: "target" as const, value: target.value }
        : average === null
          ? null
          : { kind: "average" as const, value: average };
      return {
        value,
        ...summary,
        target: target ? { value: target.value, period: target.period, service: target.service } : null,
        reference,
        gap: reference && summary.csat !== null ? reference.value - summary.csat : null,
        impact: reference ? impactRank(summary.n, summary.csat, reference.value) : 0,
      };
    });
    rows.sort((a, b) => b.impact - a.impact || b.n - a.n || a.value.localeCompare(b.value));
    return {
      dimension: query.dimension,
      from: query.from,
      to: query.to,
      service: query.service ?? null,
      average,
      rows,
    };
  };
}

export type ReadBreakdown = ReturnType<typeof makeReadBreakdown>;
