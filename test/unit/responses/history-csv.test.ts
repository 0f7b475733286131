import { describe, expect, it } from "vitest";
import {
  HISTORY_COLUMNS,
  HISTORY_IMPORT_LIMITS,
  planHistoryImport,
} from "../../../functions/src/domain/responses/history-csv.js";

const now = new Date("2026-12-03T07:00:00Z");
const options = { timeZone: "Europe/Warsaw", now };
const header = HISTORY_COLUMNS.join(",");
const row = (cells: Partial<Record<(typeof HISTORY_COLUMNS)[number], string>> = {}) =>
  HISTORY_COLUMNS.map(
    (column) =>
      cells[column] ??
      {
        source: "legacy",
        ticketId: "INC1",
        resolvedAt: "2026-10-31T23:30:00Z",
        respondedAt: "2026-11-01T08:00:00Z",
        score: "4",
      }[column as string] ??
      "",
  ).join(",");

describe("Reading a history file", () => {
  it("counts a response on the organisation's local day of resolution, as a live rating would be", () => {
    const plan = planHistoryImport(`${header}\n${row()}\n`, options);

    // 23:30 UTC on 31 October is already 1 November in Warsaw.
    expect(plan.accepted[0]).toMatchObject({ line: 2, day: "2026-11-01", score: 4, locale: "en" });
  });

  it("reads the semicolon-separated export of a Polish spreadsheet and Polish yes/no answers", () => {
    const text = `${HISTORY_COLUMNS.join(";")}\n${row({ slaBreached: "tak", locale: "pl-PL" }).replaceAll(",", ";")}\n`;

    const plan = planHistoryImport(text, options);

    expect(plan.rejected).toEqual([]);
    expect(plan.accepted[0]?.dimensions.slaBreached).toBe("breached");
    expect(plan.accepted[0]?.locale).toBe("pl");
  });

  it("numbers rejected rows by their file line, blank lines included, and names every bad field", () => {
    const text = `${header}\n${row()}\n\n${row({ ticketId: "INC2", score: "0", resolvedAt: "soon" })}\n`;

    const plan = planHistoryImport(text, options);

    expect(plan.rejected).toEqual([
      {
        line: 4,
        errors: [
          { field: "resolvedAt", message: expect.stringContaining("ISO 8601") },
          { field: "score", message: expect.stringContaining("1 to 5") },
        ],
      },
    ]);
  });

  it("refuses a response given before its ticket was resolved", () => {
    const plan = planHistoryImport(`${header}\n${row({ respondedAt: "2026-10-30T08:00:00Z" })}\n`, options);

    expect(plan.rejected[0]?.errors).toEqual([{ field: "respondedAt", message: "is before resolvedAt" }]);
  });

  it("refuses a ticket resolved in the future, naming its line and field", () => {
    const plan = planHistoryImport(
      `${header}\n${row({ resolvedAt: "2026-12-04T07:00:00Z", respondedAt: "2026-12-04T08:00:00Z" })}\n`,
      options,
    );

    expect(plan.rejected[0]).toMatchObject({
      line: 2,
      errors: expect.arrayContaining([{ field: "resolvedAt", message: "lies in the future" }]),
    });
  });

  it("lower-cases the source as intake does, keeping the file's spelling to find older imports", () => {
    const plan = planHistoryImport(
      `${header}\n${row({ source: "FEAT" })}\n${row({ source: "feat", ticketId: "INC2" })}\n`,
      options,
    );

    expect(plan.accepted.map((accepted) => [accepted.source, accepted.sourceAsWritten])).toEqual([
      ["feat", "FEAT"],
      ["feat", undefined],
    ]);
  });

  it("ignores columns it does not know, a requester's email among them, and says so", () => {
    const text = `${header},requesterEmail\n${row()},anna@example.com\n`;

    const plan = planHistoryImport(text, options);

    expect(plan.ignored).toEqual(["requesterEmail"]);
    expect(JSON.stringify(plan.accepted)).not.toContain("anna@example.com");
  });

  it("refuses a file without the required columns, naming each of them", () => {
    expect(() => planHistoryImport("source,ticketId\nlegacy,INC1\n", options)).toThrow(
      expect.objectContaining({
        code: "validation",
        details: {
          fields: [
            expect.objectContaining({ field: "resolvedAt" }),
            expect.objectContaining({ field: "respondedAt" }),
            expect.objectContaining({ field: "score" }),
          ],
        },
      }),
    );
  });

  it("refuses a file with more rows than one import takes", () => {
    const rows = Array.from({ length: HISTORY_IMPORT_LIMITS.maxRows + 1 }, (_, i) =>
      row({ ticketId: `T${i}` }),
    );

    expect(() => planHistoryImport(`${header}\n${rows.join("\n")}\n`, options)).toThrow(
      expect.objectContaining({ code: "import-too-large" }),
    );
  });
});
