import { stringify } from "csv-stringify/sync";

/**
 * Cells starting with these run as formulas in spreadsheets (OWASP CSV injection guidance). Leading apostrophes are
 * part of the test so that a text which itself starts with `'=` is prefixed again and reads back unchanged.
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;
const DEFUSED_START = /^'+[=+\-@\t\r]/;
// csv-stringify quotes line breaks on its own; naming them again keeps that promise if its defaults ever change.
const LINE_BREAK = /[\r\n]/;

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
 * Writes rows as CSV for spreadsheets, the one writer of every export: any cell with a line break, quote or
 * delimiter is quoted, and any text cell that would start a formula is defused.
 */
export function writeCsv<C extends string>(
  rows: ReadonlyArray<Partial<Record<C, CsvCell>>>,
  options: { columns: readonly C[]; recordDelimiter?: "\n" | "\r\n"; bom?: boolean },
): string {
  const body = stringify([...rows], {
    header: true,
    columns: [...options.columns],
    record_delimiter: options.recordDelimiter ?? "\n",
    quoted_match: LINE_BREAK,
    cast: { string: (value, context) => (context.header ? value : defuseFormula(value)) },
  });
  return options.bom ? `\uFEFF${body}` : body;
}
