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

  it("reads doubled quotes as one quote and keeps a CRLF inside a quoted cell, counting it as one line", () => {
    const text = 'a,b\r\n"say ""hi""","""",""\r\n"first\r\nsecond",x\r\nlast,row\r\n';

    expect(readCsvRecords(text)).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ['say "hi"', '"', ""] },
      { line: 3, cells: ["first\r\nsecond", "x"] },
      { line: 5, cells: ["last", "row"] },
    ]);
  });

  it("reads a last line without a line break, and empty cells anywhere in a row", () => {
    expect(readCsvRecords("a,b,c\n,,\n1,,3\n4,5,").map((r) => r.cells)).toEqual([
      ["a", "b", "c"],
      ["", "", ""],
      ["1", "", "3"],
      ["4", "5", ""],
    ]);
  });

  it("keeps the CR of a CRLF out of the last cell, the file's very last one too", () => {
    expect(readCsvRecords("a,b\r\n1,2\r\n3,4\r").map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ]);
  });

  it("splits on what the header line uses: semicolons, tabs or commas, a lone column reading as comma-separated", () => {
    expect(readCsvRecords("a;b,c;d\n1;2,5;3\n").map((r) => r.cells)).toEqual([
      ["a", "b,c", "d"],
      ["1", "2,5", "3"],
    ]);
    expect(readCsvRecords("a\tb\n1,5\t2\n").map((r) => r.cells)).toEqual([
      ["a", "b"],
      ["1,5", "2"],
    ]);
    expect(readCsvRecords("a,b,c;d\n1,2,3;4\n").map((r) => r.cells)).toEqual([
      ["a", "b", "c;d"],
      ["1", "2", "3;4"],
    ]);
    expect(readCsvRecords("title\nx,y\n").map((r) => r.cells)).toEqual([["title"], ["x", "y"]]);
  });

  it("keeps a quote inside an unquoted cell as text, and spaces or a CRLF after a closing quote out of the cell", () => {
    expect(readCsvRecords('size,name\r\n27",monitor\r\n"27" ,"wide" \r\n').map((r) => r.cells)).toEqual([
      ["size", "name"],
      ['27"', "monitor"],
      ["27", "wide"],
    ]);
  });

  it("refuses a quoted cell with text after its closing quote, naming the line that text is on", () => {
    const read = () => readCsvRecords('title,notes\nok,"fine"\nbad,"two\nlines" said\n');

    expect(read).toThrow(
      "The file is not readable CSV: a quoted cell has text after its closing quote on line 4",
    );
    try {
      read();
    } catch (error) {
      expect((error as DomainError).details).toMatchObject({ fields: [{ field: "file" }], line: 4 });
    }
  });

  it("names the line a quoted cell opens on when it is never closed, however many lines follow", () => {
    expect(() => readCsvRecords('a,b\n1,"open\n2,3\n4,5')).toThrow(
      "The file is not readable CSV: a quoted cell is not closed on line 2",
    );
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

describe("Writing a CSV file for spreadsheets", () => {
  it("quotes a cell with a delimiter, quote, line break or edge space, and leaves other cells bare", () => {
    const rows = [{ a: "a,b", b: 'say "hi"', c: "one\r\ntwo", d: " lead", e: "trail ", f: "in side" }];

    expect(writeCsv(rows, { columns: ["a", "b", "c", "d", "e", "f"] })).toBe(
      'a,b,c,d,e,f\n"a,b","say ""hi""","one\r\ntwo"," lead","trail ",in side\n',
    );
  });

  it("ends every record, the header of an empty export too, with the chosen line break, after an optional BOM", () => {
    expect(writeCsv([], { columns: ["id", "title"] })).toBe("id,title\n");
    expect(
      writeCsv([{ id: 1, title: "x" }, { id: 2 }], {
        columns: ["id", "title"],
        recordDelimiter: "\r\n",
        bom: true,
      }),
    ).toBe("\uFEFFid,title\r\n1,x\r\n2,\r\n");
  });
});
