/**
 * Cells starting with these run as formulas in spreadsheets (OWASP CSV injection guidance). Leading apostrophes are
 * part of the test so that a text which itself starts with `'=` is prefixed again and reads back unchanged.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const DEFUSED_START = /^'+[=+\-@\t\r]/;

/** One cell of an export: text is defused, numbers are written as they are so spreadsheets still sum them. */
export type CsvCell = string | number | null | undefined;

/** Prefixes a text that a spreadsheet would run as a formula with a single quote, so it shows as text. */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes `defuseFormula` on a cell read back from an export. */
export function restoreFormula(text: string): string {
  return DEFUSED_START.test(text) ? text.slice(1) : text;
}

/**
 * Writes rows as CSV for spreadsheets, the one writer of every export: any cell with a line break, quote, delimiter
 * or edge space is quoted, and any text cell that would start a formula is defused.
 */
export function writeCsv<C extends string>(
  rows: ReadonlyArray<Partial<Record<C, CsvCell>>>,
  options: { columns: readonly C[]; recordDelimiter?: "\n" | "\r\n"; bom?: boolean },
): string {
  const newline = options.recordDelimiter ?? "\n";
  const header = options.columns.map(quoted).join(",");
  const records = rows.map((row) => options.columns.map((column) => writeCell(row[column])).join(","));
  // Every record ends with a line break, the last one too, as spreadsheets and line-oriented tools expect.
  return `${options.bom ? "\uFEFF" : ""}${[header, ...records].join(newline)}${newline}`;
}

/** RFC 4180 quotes a cell with a quote, delimiter or line break; an edge space or a BOM a spreadsheet would drop. */
const NEEDS_QUOTES = /[",\r\n\uFEFF]|^ | $/;

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function writeCell(value: CsvCell): string {
  if (typeof value === "number") return String(value);
  return value === null || value === undefined ? "" : quoted(defuseFormula(value));
}
