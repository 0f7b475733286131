import { DomainError } from "./errors.js";

/** One record of a CSV file with the line it starts on. */
export interface ParsedRecord {
  /** The file line the record starts on, 1-based, as a spreadsheet numbers its rows. */
  line: number;
  cells: string[];
}

/**
 * Reads a CSV file as spreadsheets write it (a BOM, `;` or tab from comma-decimal locales, blank lines, LF or CRLF
 * line breaks), each record with the line a spreadsheet shows it on; an unreadable file is a validation error naming
 * `file` and its line.
 */
export function readCsvRecords(csvText: string): ParsedRecord[] {
  const text = csvText.replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(text);
  const records: ParsedRecord[] = [];
  let at = 0;
  // The line the reader is on; a quoted cell may hold line breaks of its own, so it runs ahead of the record's line.
  let line = 1;
  let record: ParsedRecord = { line, cells: [] };
  for (;;) {
    let cell = "";
    if (text[at] === '"') {
      // RFC 4180: a quoted cell runs to the quote not doubled, keeping its line breaks (CRLF too) as they are.
      const opened = line;
      for (;;) {
        const close = text.indexOf('"', at + 1);
        if (close === -1) throw unreadable("a quoted cell is not closed", opened);
        const part = text.slice(at + 1, close);
        cell += part;
        line += part.split("\n").length - 1;
        at = close + 1;
        if (text[at] !== '"') break;
        cell += '"';
      }
      // Spaces a hand edit left after the closing quote, and the CR of a CRLF, are not text.
      while (at < text.length && text[at] !== delimiter && " \t\r".includes(text[at] as string)) at += 1;
      if (at < text.length && text[at] !== delimiter && text[at] !== "\n") {
        throw unreadable("a quoted cell has text after its closing quote", line);
      }
    } else {
      const start = at;
      while (at < text.length && text[at] !== delimiter && text[at] !== "\n") at += 1;
      // The CR of a CRLF is no text, at the end of the file too.
      const crlf = at > start && text[at - 1] === "\r" && (text[at] === "\n" || at === text.length);
      cell = text.slice(start, crlf ? at - 1 : at);
    }
    record.cells.push(cell);
    if (at < text.length && text[at] === delimiter) {
      at += 1;
      continue;
    }
    // A blank line, or the end of a file whose last line ends with a break, is no record.
    if (record.cells.length > 1 || record.cells[0] !== "") records.push(record);
    if (at >= text.length) return records;
    at += 1;
    line += 1;
    record = { line, cells: [] };
  }
}

function unreadable(problem: string, line: number): DomainError {
  return new DomainError("validation", `The file is not readable CSV: ${problem} on line ${line}`, {
    fields: [{ field: "file", message: `${problem} on line ${line}` }],
    line,
  });
}

/** Spreadsheets in comma-decimal locales (Polish Excel among them) export `;`; pick what the header line uses. */
function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [";", ",", "\t"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ",";
}
