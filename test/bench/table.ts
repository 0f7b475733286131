import type { BenchRow } from "./bench-types.js";

/** A number as a person reads it in a table: whole numbers grouped, small ones with a few significant digits. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (Number.isInteger(value) || magnitude >= 100) return Math.round(value).toLocaleString("en-US");
  const digits = magnitude >= 10 ? 1 : magnitude >= 1 ? 2 : 3;
  return Number(value.toFixed(digits)).toString();
}

/** The benchmark rows as one fixed-width text table: section | measure | value | unit | note. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ["section", "measure", "value", "unit", "note"];
  const cells = rows.map((row) => [
    row.section,
    row.measure,
    formatValue(row.value),
    row.unit,
    row.note ?? "",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]?.length ?? 0)),
  );
  const line = (cell: string[]) =>
    cell
      .map((text, column) =>
        column === 2 ? text.padStart(widths[column] ?? 0) : text.padEnd(widths[column] ?? 0),
      )
      .join(" | ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("-|-");
  return [line(header), rule, ...cells.map(line)].join("\n");
}
