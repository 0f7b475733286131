import { parse } from "csv-parse/sync";
import { DomainError } from "./errors.js";

/** One record of a CSV file with the line it starts on. */
export interface ParsedRecord {
  /** The file line the record starts on, 1-based, as a spreadsheet numbers its rows. */
  line: number;
  cells: string[];
}

/**
 * Reads a CSV file as spreadsheets write it (a BOM, `;` or tab from comma-decimal locales, blank lines), each record
 * with the line a spreadsheet shows it on; an unreadable file is a validation error naming `file`.
 */
export function readCsvRecords(csvText: string): ParsedRecord[] {
  const text = csvText.replace(/^\uFEFF/, "");
  let parsed: Array<{ record: string[]; info: { lines: number; empty_lines: number } }>;
  try {
    parsed = parse(text, {
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as typeof parsed;
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new DomainError("validation", `The file is not readable CSV: ${(error as Error).message}`, {
      fields: [{ field: "file", message: (error as Error).message }],
      ...(line === undefined ? {} : { line }),
    });
  }
  // csv-parse reports where a record ends; its start follows the previous record's end and any blank lines.
  let previousEnd = 0;
  let previousEmpty = 0;
  return parsed.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, cells: record };
  });
}

/** Spreadsheets in comma-decimal locales (Polish Excel among them) export `;`; pick what the header line uses. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [";", ",", "\t"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ",";
}
