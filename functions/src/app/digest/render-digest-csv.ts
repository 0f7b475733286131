import { stringify } from "csv-stringify/sync";
import type { MonthlyDigest } from "./build-monthly-digest.js";

const HEADER = [
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
  "change",
  "change_low",
  "change_high",
  "p_value",
  "note",
];

const num = (value: number | null | undefined) =>
  value === null || value === undefined ? "" : String(Number(value.toFixed(6)));

/** The digest as one CSV table for the board's spreadsheets: one row per figure, a `section` column to filter on. */
export function renderDigestCsv(digest: MonthlyDigest): string {
  const rows: string[][] = [];
  for (const score of [digest.overall, ...digest.services]) {
    rows.push([
      score === digest.overall ? "overall" : "service",
      score.name,
      score === digest.overall ? "all" : "service",
      String(score.n),
      num(score.csat),
      num(score.ci?.low),
      num(score.ci?.high),
      num(score.target),
      score.status ?? "",
      num(score.previous.csat),
      num(score.change?.difference),
      num(score.change?.low),
      num(score.change?.high),
      num(score.change?.pValue),
      score.targetSource === "overall" ? "target inherited from overall" : "",
    ]);
  }
  for (const mover of digest.movers) {
    rows.push([
      "mover",
      mover.value,
      mover.dimension,
      String(mover.current.n),
      num(mover.current.csat),
      "",
      "",
      "",
      "",
      num(mover.previous.csat),
      num(mover.difference),
      num(mover.low),
      num(mover.high),
      num(mover.adjustedPValue),
      "Holm-adjusted p-value",
    ]);
  }
  for (const signal of digest.signals) {
    rows.push([
      "signal",
      signal.series,
      "week",
      "",
      num(signal.csat),
      "",
      "",
      "",
      signal.type,
      "",
      "",
      "",
      "",
      "",
      `week of ${signal.weekStart}; centre ${num(signal.centre)}`,
    ]);
  }
  for (const row of digest.portfolio?.byStatus ?? []) {
    rows.push([
      "portfolio",
      row.status,
      "status",
      String(row.count),
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      `estimated cost ${row.estimatedCost}; ${row.withoutCost} without estimate`,
    ]);
  }
  for (const row of digest.portfolio?.benefits ?? []) {
    rows.push([
      "benefit",
      row.outcome,
      "outcome",
      String(row.count),
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
    ]);
  }
  for (const theme of digest.themes.top) {
    rows.push([
      "theme",
      theme.label,
      "theme",
      String(theme.count),
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      theme.key,
    ]);
  }
  return stringify([HEADER, ...rows]);
}
