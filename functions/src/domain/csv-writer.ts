import Papa from "papaparse";

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
  const cell = (value: CsvCell) =>
    typeof value === "string" ? defuseFormula(value) : value === null || value === undefined ? "" : value;
  const body = Papa.unparse(
    {
      fields: [...options.columns],
      data: rows.map((row) => options.columns.map((column) => cell(row[column]))),
    },
    { newline: options.recordDelimiter ?? "\n" },
  );
  // Every record ends with a line break, the last one too, as spreadsheets and line-oriented tools expect.
  return `${options.bom ? "\uFEFF" : ""}${body}${options.recordDelimiter ?? "\n"}`;
}
