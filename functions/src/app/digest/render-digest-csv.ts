import { type CsvCell, writeCsv } from "../../domain/csv-writer.js";
import type { MonthlyDigest } from "./build-monthly-digest.js";

const COLUMNS = [
  "section",
  "scope",
  "dimension",
  "n",
  "csat",
  "ci_low",
  "ci_high",
  "target",
  "status",
  "previous_csat",
  "change_pp",
  "change_low_pp",
  "change_high_pp",
  "p_value",
  "note",
] as const;

type Row = Partial<Record<(typeof COLUMNS)[number], CsvCell>>;

// Figures stay numbers so the writer leaves a negative change as a number instead of defusing it as text.
const num = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : Number(value.toFixed(6));
// A difference of two shares in percentage points (0.064 is 6.4), so no one reads it as a relative change.
const pp = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : Number((value * 100).toFixed(4));

/** The digest as one CSV table for the board's spreadsheets: one row per figure, a `section` column to filter on. */
export function renderDigestCsv(digest: MonthlyDigest): string {
  const rows: Row[] = [
    {
      section: "month",
      scope: digest.month,
      dimension: "month",
      status: digest.provisional ? "provisional" : "final",
      note: digest.provisional
        ? `responses to late tickets can arrive until ${digest.collectingUntil}`
        : `complete since ${digest.collectingUntil}`,
    },
  ];
  for (const score of [digest.overall, ...digest.services]) {
    const overall = score === digest.overall;
    rows.push({
      section: overall ? "overall" : "service",
      scope: score.name,
      dimension: overall ? "all" : "service",
      n: String(score.n),
      csat: num(score.csat),
      ci_low: num(score.ci?.low),
      ci_high: num(score.ci?.high),
      target: num(score.target),
      status: score.status ?? "",
      previous_csat: num(score.previous.csat),
      change_pp: pp(score.change?.difference),
      change_low_pp: pp(score.change?.low),
      change_high_pp: pp(score.change?.high),
      p_value: num(score.change?.adjustedPValue),
      note: [
        score.change ? `Holm-adjusted p-value${score.change.significant ? "; significant" : ""}` : "",
        score.targetSource === "overall" ? "target inherited from overall" : "",
      ]
        .filter(Boolean)
        .join("; "),
    });
  }
  for (const mover of digest.movers) {
    rows.push({
      section: "mover",
      scope: mover.value,
      dimension: mover.dimension,
      n: String(mover.current.n),
      csat: num(mover.current.csat),
      previous_csat: num(mover.previous.csat),
      change_pp: pp(mover.difference),
      change_low_pp: pp(mover.low),
      change_high_pp: pp(mover.high),
      p_value: num(mover.adjustedPValue),
      note: "Holm-adjusted p-value",
    });
  }
  for (const signal of digest.signals) {
    rows.push({
      section: "signal",
      scope: signal.series,
      dimension: "week",
      csat: num(signal.csat),
      status: signal.type,
      ci_low: num(signal.lcl),
      ci_high: num(signal.ucl),
      note: `week of ${signal.weekStart}; centre ${num(signal.centre)}; ${signal.limits} control limits in ci_low and ci_high; baseline ${signal.baseline.source} ${signal.baseline.from ?? ""} to ${signal.baseline.to ?? ""}${signal.falseAlarm ? `; a stable chart like it signals in ${num(signal.falseAlarm.rate)} of ${signal.falseAlarm.runs} simulated runs` : ""}`,
    });
  }
  rows.push({
    section: "signal-check",
    scope: digest.month,
    dimension: "week",
    n: String(digest.signalCheck.charts),
    note: `weekly charts read; ${num(digest.signalCheck.expectedFalseAlarms)} of them would show a signal by chance if every series were stable`,
  });
  for (const row of digest.portfolio?.byStatus ?? []) {
    rows.push({
      section: "portfolio",
      scope: row.status,
      dimension: "status",
      n: String(row.count),
      note: `estimated cost ${row.estimatedCost}; ${row.withoutCost} without estimate`,
    });
  }
  for (const row of digest.portfolio?.benefits ?? []) {
    rows.push({ section: "benefit", scope: row.outcome, dimension: "outcome", n: String(row.count) });
  }
  const kpis = digest.portfolio?.kpis;
  for (const initiative of kpis?.initiatives ?? []) {
    for (const row of initiative.progress) {
      rows.push({
        section: row.primary ? "kpi-primary" : "kpi-secondary",
        scope: initiative.id,
        dimension: row.kpi.dimension === "all" ? "all" : `${row.kpi.dimension}:${row.kpi.value}`,
        n: String(row.current.n),
        csat: num(row.current.csat),
        ci_low: num(row.current.ci?.low),
        ci_high: num(row.current.ci?.high),
        target: num(row.kpi.target),
        status: row.status,
        change_pp: pp(row.change),
        note: `baseline ${num(row.kpi.baseline)} by ${row.kpi.targetDate}; goal achieved ${row.ofGoal === null ? "n/a" : `${num(row.ofGoal * 100)}%`}; ${row.current.from} to ${row.current.to}`,
      });
    }
  }
  const graveyard = digest.portfolio?.graveyard;
  if (graveyard) {
    const note = `as of ${graveyard.asOf}, of ${graveyard.watched} open or on hold; stale after ${graveyard.staleAfterDays} days`;
    for (const row of [{ flag: "any", count: graveyard.flaggedCount }, ...graveyard.counts]) {
      rows.push({ section: "graveyard", scope: row.flag, dimension: "flag", n: String(row.count), note });
    }
    for (const row of graveyard.flagged) {
      rows.push({
        section: "graveyard-initiative",
        scope: row.id,
        dimension: "initiative",
        note: row.flags.join(" "),
      });
    }
  }
  for (const theme of digest.themes.top) {
    rows.push({
      section: "theme",
      scope: theme.label,
      dimension: "theme",
      n: String(theme.count),
      note: `low-score share ${num(theme.lowShare)} (scores at most ${digest.themes.lowScoreAtMost})`,
    });
  }
  for (const theme of digest.themes.growing) {
    rows.push({
      section: "growing-theme",
      scope: theme.label,
      dimension: "theme",
      n: String(theme.currentCount),
      change_pp: num(theme.growth * 100),
      p_value: num(theme.adjustedPValue),
      note: `share of comments ${num(theme.previousShare)} in ${digest.themes.baseline.from}..${digest.themes.baseline.to} -> ${num(theme.currentShare)}; Benjamini-Hochberg adjusted over ${digest.themes.baseline.tested} themes`,
    });
  }
  for (const row of digest.themes.reasons) {
    rows.push({
      section: "reason",
      scope: row.reason,
      dimension: "reason",
      n: String(row.count),
      note: `low-score share ${num(row.lowShare)}`,
    });
  }
  return writeCsv(rows, { columns: COLUMNS });
}
