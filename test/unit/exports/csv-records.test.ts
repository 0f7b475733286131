import { describe, expect, it } from "vitest";
import { readCsvRecords } from "../../../functions/src/domain/csv-records.js";
import { writeCsv } from "../../../functions/src/domain/csv-writer.js";
import { DomainError } from "../../../functions/src/domain/errors.js";

describe("Reading a CSV file as a spreadsheet wrote it", () => {
  it("numbers each record by the line a spreadsheet shows it on, past blank lines and cells that span lines", () => {
    const text = '\uFEFFid;note\r\n1;"two\nlines"\n\n2;plain\n3;"a ""quoted"" word"\n';

    expect(readCsvRecords(text)).toEqual([
      { line: 1, cells: ["id", "note"] },
      { line: 2, cells: ["1", "two\nlines"] },
      { line: 5, cells: ["2", "plain"] },
      { line: 6, cells: ["3", 'a "quoted" word'] },
    ]);
  });

  it("refuses a file with a quoted cell left open, naming the file and the line it opens on", () => {
    const read = () => readCsvRecords('title,source\nok,audit\n"unclosed,audit\nmore,rows\n');

    expect(read).toThrow(DomainError);
    expect(read).toThrow(/line 3/);
    try {
      read();
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ fields: [{ field: "file" }], line: 3 });
    }
  });

  it("reads back what the export writer wrote, cell for cell", () => {
    const rows = [
      { a: "plain", b: "comma, and ; semicolon" },
      { a: 'quote " inside', b: "line\nbreak" },
      { a: " edge space ", b: 42 },
      { a: "=SUM(A1)", b: null },
    ];

    const written = writeCsv(rows, { columns: ["a", "b"] });

    expect(written.endsWith("\n")).toBe(true);
    expect(readCsvRecords(written).map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["plain", "comma, and ; semicolon"],
      ['quote " inside', "line\nbreak"],
      [" edge space ", "42"],
      ["'=SUM(A1)", ""],
    ]);
  });
});
