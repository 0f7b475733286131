import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { makeReadThemes } from "../../../functions/src/app/analytics/read-themes.js";
import { makeBuildMonthlyDigest } from "../../../functions/src/app/digest/build-monthly-digest.js";
import { renderDigestCsv } from "../../../functions/src/app/digest/render-digest-csv.js";
import type { DayCounts } from "../../../functions/src/app/ports.js";
import { defuseFormula, restoreFormula, writeCsv } from "../../../functions/src/domain/csv-writer.js";
import { planImport, registerToCsv } from "../../../functions/src/domain/initiatives/csv.js";
import { anInitiative } from "../initiatives/initiative-builders.js";

const NOTE = '=1+1 first line\n=HYPERLINK("http://evil.example","click")\r\n@SUM(A1)';
const SERVICE = '=HYPERLINK("http://evil.example","Email")\n=1+1';
const FORMULA = /^[=+\-@\t\r]/;

function parseCsv(text: string): Array<Record<string, string>> {
  return parse(text.replace(/^\uFEFF/, ""), { columns: true }) as Array<Record<string, string>>;
}

function day(date: string, n: number, positive: number): DayCounts {
  return { day: date, scores: [n - positive, 0, 0, 0, positive], invited: n, skipped: 0, skippedBy: {} };
}

describe("Exports a spreadsheet opens", () => {
  it("keep a cell with a bare line feed, quotes and a leading formula as one inert cell", () => {
    const csv = writeCsv(
      [
        { a: NOTE, b: 'say "hi", then go' },
        { a: "\tTab", b: "-5 as text" },
      ],
      {
        columns: ["a", "b"],
      },
    );
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({ a: `'${NOTE}`, b: 'say "hi", then go' });
    expect(rows[1]).toEqual({ a: "'\tTab", b: "'-5 as text" });
    expect(rows.flatMap((row) => Object.values(row)).some((cell) => FORMULA.test(cell))).toBe(false);
  });

  it("write negative figures as numbers, not as defused text", () => {
    expect(writeCsv([{ change: -6.4, name: "-6.4" }], { columns: ["change", "name"] })).toBe(
      "change,name\n-6.4,'-6.4\n",
    );
  });

  it("read back a text that itself starts with an apostrophe and a formula sign unchanged", () => {
    for (const text of ["'=x", "''+1", "=x", "plain", "it's"]) {
      expect(restoreFormula(defuseFormula(text))).toBe(text);
    }
  });

  it("give the register's note with a bare line feed and a leading = as one inert cell that imports back", () => {
    const initiative = anInitiative({
      notes: NOTE,
      title: SERVICE,
      services: ["=cmd|' /C calc'!A0", "Email"],
    });
    const csv = registerToCsv([initiative]);
    const rows = parseCsv(csv);

    expect(rows).toHaveLength(1);
    expect(rows[0]?.notes).toBe(`'${NOTE}`);
    expect(rows[0]?.title).toBe(`'${SERVICE}`);
    expect(Object.values(rows[0] ?? {}).some((cell) => FORMULA.test(cell))).toBe(false);
    const plan = planImport(csv);
    expect(plan.rejected).toEqual([]);
    expect(plan.accepted[0]?.input).toMatchObject({
      notes: NOTE,
      title: SERVICE,
      services: ["=cmd|' /C calc'!A0", "Email"],
    });
  });

  it("give the digest's row of a service named =HYPERLINK(...) with a line feed as one inert cell", async () => {
    const services = new Map<string, DayCounts[]>([
      [SERVICE, [day("2026-10-15", 200, 170), day("2026-11-15", 200, 100)]],
      ["Printing", [day("2026-10-15", 200, 170), day("2026-11-15", 200, 170)]],
    ]);
    const buildDigest = makeBuildMonthlyDigest({
      trends: {
        readSeries: async () => [day("2026-10-15", 400, 340), day("2026-11-15", 400, 270)],
        readGroup: async ({ dimension }) => (dimension === "service" ? services : new Map()),
      },
      targets: { list: async () => [], put: async () => {}, remove: async () => false },
      readThemes: makeReadThemes({
        monthlyThemes: async (month, service) => ({
          month,
          service,
          comments: 0,
          responses: 0,
          themes: [],
          terms: [],
          reasons: [],
          computedAt: "2026-12-20T07:00:00Z",
          final: true,
        }),
        lowScoreThreshold: async () => 2,
      }),
      clock: { now: () => new Date("2026-12-20T07:00:00Z") },
      timeZone: "Europe/Warsaw",
      responseWindowDays: 14,
    });
    const rows = parseCsv(renderDigestCsv(await buildDigest("2026-11")));

    const evil = rows.filter((row) => row.scope?.includes("HYPERLINK"));
    expect(evil.map((row) => row.section)).toEqual(expect.arrayContaining(["service", "mover"]));
    for (const row of evil) expect(row.scope).toBe(`'${SERVICE}`);
    expect(rows.flatMap((row) => Object.values(row)).filter((cell) => FORMULA.test(cell))).toEqual(
      rows
        .flatMap((row) => [row.change_pp, row.change_low_pp, row.change_high_pp])
        .filter((c) => c?.startsWith("-")),
    );
  });
});
