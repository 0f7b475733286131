import Papa from "papaparse";
import { DomainError } from "./errors.js";

/** One record of a CSV file with the line it starts on. */
export interface ParsedRecord {
  /** The file line the record starts on, 1-based, as a spreadsheet numbers its rows. */
  line: number;
  cells: string[];
}

const QUOTE_PROBLEMS: Record<string, string> = {
  MissingQuotes: "a quoted cell is not closed",
  InvalidQuotes: "a quoted cell has text after its closing quote",
};

/**
 * Reads a CSV file as spreadsheets write it (a BOM, `;` or tab from comma-decimal locales, blank lines), each record
 * with the line a spreadsheet shows it on; an unreadable file is a validation error naming `file` and its line.
 */
export function readCsvRecords(csvText: string): ParsedRecord[] {
  // One kind of line break between records, whatever mix the file came with; a quoted cell keeps its own line breaks
  // (a quoted segment is matched whole, so only the breaks outside one are rewritten).
  const text = csvText
    .replace(/^\uFEFF/, "")
    .replace(/"[^"]*"|\r\n/g, (match) => (match === "\r\n" ? "\n" : match));
  const records: ParsedRecord[] = [];
  // Papa Parse tells where each record ends; the next one starts there, so its line is one more than the line breaks
  // before that point (a quoted cell may hold line breaks of its own).
  let start = 0;
  let line = 1;
  let failure: { line: number; message: string } | undefined;
  Papa.parse<string[]>(text, {
    delimiter: detectDelimiter(text),
    newline: "\n",
    step: (result, parser) => {
      const problem = result.errors.find((error) => error.type === "Quotes");
      if (problem) {
        failure = { line, message: QUOTE_PROBLEMS[problem.code] ?? problem.message };
        parser.abort();
        return;
      }
      const cells = result.data;
      if (!(cells.length === 1 && cells[0] === "")) records.push({ line, cells });
      const end = result.meta.cursor;
      for (let at = text.indexOf("\n", start); at !== -1 && at < end; at = text.indexOf("\n", at + 1))
        line += 1;
      start = end;
    },
  });
  if (failure) {
    throw new DomainError(
      "validation",
      `The file is not readable CSV: ${failure.message} on line ${failure.line}`,
      {
        fields: [{ field: "file", message: `${failure.message} on line ${failure.line}` }],
        line: failure.line,
      },
    );
  }
  return records;
}

/** Spreadsheets in comma-decimal locales (Polish Excel among them) export `;`; pick what the header line uses. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [";", ",", "\t"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ",";
}
