import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import {
  CSV_COLUMNS,
  initiativeToRow,
  planImport,
  registerToCsv,
  rowToInitiativeInput,
} from "../../../functions/src/domain/initiatives/csv.js";
import {
  createInitiative,
  fieldsOf,
  type Initiative,
} from "../../../functions/src/domain/initiatives/initiative.js";
import { ACTOR, anInitiative, anInitiativeIn, NOW } from "./initiative-builders.js";

/** The fields the register CSV carries: all but the prioritisation inputs. */
function csvFieldsOf(initiative: Initiative) {
  const { manualRank: _m, wsjf: _w, rice: _r, ...fields } = fieldsOf(initiative);
  return fields;
}

function recreate(row: Record<string, string>, id: string): Initiative {
  const result = rowToInitiativeInput(row, 2);
  if (!result.ok) throw new Error(`row rejected: ${JSON.stringify(result.errors)}`);
  return createInitiative(result.input, { id, actor: ACTOR, now: NOW });
}

describe("Register CSV round trip", () => {
  it("reads back every register field of a closed initiative from its row", () => {
    const original = anInitiativeIn("closed", {
      title: '=HYPERLINK("http://evil")',
      description: 'Users say "VPN drops", often;\nsecond line',
      services: ["Remote access", "Identity"],
      linkedResponseIds: ["r-1", "r-2"],
      notes: "-5 tickets a week hoped for",
      estimatedCost: 1234.5,
      effort: 2.5,
    });
    const row = initiativeToRow(original);
    expect(registerToCsv([original])).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const copy = recreate(row, original.id);
    expect(csvFieldsOf(copy)).toEqual(csvFieldsOf(original));
  });

  it("keeps the ids and reads back several initiatives through the CSV text", () => {
    const register = [
      anInitiative({ kpi: null, estimatedCost: null }, "CSI-001"),
      anInitiativeIn("rejected", {}, "CSI-002"),
      anInitiativeIn("implemented", { services: [] }, "CSI-1000"),
    ];
    const plan = planImport(registerToCsv(register));
    expect(plan.rejected).toEqual([]);
    expect(plan.columns.ignored).toEqual([]);
    expect(plan.accepted.map((a) => [a.line, a.id])).toEqual([
      [2, "CSI-001"],
      [3, "CSI-002"],
      [4, "CSI-1000"],
    ]);
    plan.accepted.forEach((accepted, k) => {
      const copy = createInitiative(accepted.input, { id: accepted.id ?? "", actor: ACTOR, now: NOW });
      expect(csvFieldsOf(copy)).toEqual(csvFieldsOf(register[k] as Initiative));
    });
  });
});

describe("Reading a spreadsheet export", () => {
  it("reads Polish headers, a semicolon separator, decimal commas, percentages and dotted dates", () => {
    const csv = [
      "Identyfikator;Tytuł;Źródło;Usługi;Kategoria;Właściciel;Status;Data zgłoszenia;Nakład;Koszt;Wymiar KPI;Wartość KPI;Wartość bazowa;Cel;Termin celu",
      'CSI-7;Reset VPN;Ankieta;"Zdalny dostęp; Poczta";Technologia;Sieć L2;W toku;15.01.2026;12,5;1 200,50 zł;Usługa;Zdalny dostęp;72%;0,85;30.06.2026',
    ].join("\r\n");
    const plan = planImport(csv);
    expect(plan.rejected).toEqual([]);
    expect(plan.accepted[0]).toMatchObject({
      line: 2,
      id: "CSI-007",
      input: {
        title: "Reset VPN",
        source: "survey-feedback",
        services: ["Zdalny dostęp", "Poczta"],
        category: "technology",
        owner: "Sieć L2",
        status: "in-progress",
        raisedAt: "2026-01-15",
        effort: 12.5,
        estimatedCost: 1200.5,
        kpi: {
          dimension: "service",
          value: "Zdalny dostęp",
          baseline: 0.72,
          target: 0.85,
          targetDate: "2026-06-30",
        },
      },
    });
  });

  it("matches headers whatever their case and spacing, and reports the columns it ignores or misses", () => {
    const csv =
      ' Title ,SOURCE,Category,owner,Estimated Cost,KPI_Baseline,Colour\nPrinter queue,audit,process,Desk,"1,234.50",,red\n';
    const plan = planImport(csv);
    expect(plan.columns.mapped).toEqual({
      " Title ": "title",
      SOURCE: "source",
      Category: "category",
      owner: "owner",
      "Estimated Cost": "estimatedCost",
      KPI_Baseline: "kpiBaseline",
    });
    expect(plan.columns.ignored).toEqual(["Colour"]);
    expect(plan.columns.missing).toEqual(["effort"]);
    expect(plan.rejected).toEqual([
      { line: 2, errors: [{ field: "effort", message: "is required (person-days)" }] },
    ]);
  });

  it("numbers rows by the line they start on, past multi-line cells and blank lines", () => {
    const csv =
      'title,source,category,owner,effort\n"Two\nline title",audit,process,Desk,1\n\nShort,audit,process,Desk,x\n';
    const plan = planImport(csv);
    expect(plan.accepted.map((a) => a.line)).toEqual([2]);
    expect(plan.rejected.map((r) => r.line)).toEqual([5]);
  });

  it("rejects a second row carrying an id already used in the file", () => {
    const csv =
      "id,title,source,category,owner,effort\nCSI-1,One,audit,process,Desk,1\ncsi-001,Two,audit,process,Desk,1\n";
    const plan = planImport(csv);
    expect(plan.rejected).toEqual([
      { line: 3, errors: [{ field: "id", message: "CSI-001 is already used on line 2" }] },
    ]);
  });

  it("refuses a file that is not readable CSV", () => {
    expect(() => planImport('title,source\n"unclosed,audit\n')).toThrow(DomainError);
  });
});

describe("Planning the import of a 500-row register with 20 bad rows", () => {
  const header = [...CSV_COLUMNS];
  const statuses = [
    "proposed",
    "approved",
    "planned",
    "in progress",
    "Implemented",
    "reviewed",
    "closed",
    "rejected",
  ];

  function goodRow(i: number): Record<string, string> {
    const status = statuses[i % statuses.length] as string;
    const implemented = ["Implemented", "reviewed", "closed"].includes(status);
    const reviewed = ["reviewed", "closed"].includes(status);
    return {
      id: `CSI-${i + 1}`,
      title: `Initiative number ${i + 1}`,
      description: i % 7 === 0 ? 'Spans, commas; and "quotes"' : "",
      source: ["survey feedback", "incident-trend", "Problem", "audit", "supplier_review", "staff-idea"][
        i % 6
      ] as string,
      services: i % 3 === 0 ? "Remote access; Email" : "Service desk",
      category: ["process", "technology", "people", "supplier"][i % 4] as string,
      owner: `Group ${i % 9}`,
      status,
      statusReason: status === "rejected" ? "Out of scope" : "",
      raisedAt: i % 2 === 0 ? "2025-11-03" : "03.11.2025",
      approvedAt: "",
      startedAt: "",
      implementedAt: implemented ? "2026-01-20" : "",
      reviewedAt: reviewed ? "2026-02-20" : "",
      closedAt: status === "closed" ? "2026-03-01" : "",
      estimatedCost: i % 5 === 0 ? "" : "1 500,75",
      effort: i % 2 === 0 ? "12,5" : "3",
      expectedBenefit: "",
      kpiDimension: i % 4 === 0 ? "" : "service",
      kpiValue: i % 4 === 0 ? "" : "Service desk",
      kpiBaseline: i % 4 === 0 ? "" : (["72%", "0,72", "0.72"][i % 3] as string),
      kpiTarget: i % 4 === 0 ? "" : "85%",
      kpiTargetDate: i % 4 === 0 ? "" : "30.06.2026",
      benefitRealised: reviewed ? "partly" : "",
      benefitReason: "",
      linkedResponseIds: "",
      notes: "",
    };
  }

  /** Each defect: which column it breaks, and how. */
  const DEFECTS: Array<{ field: string; apply: (row: Record<string, string>) => void }> = [
    { field: "status", apply: (r) => Object.assign(r, { status: "finished" }) },
    { field: "title", apply: (r) => Object.assign(r, { title: "" }) },
    { field: "kpiBaseline", apply: (r) => Object.assign(r, { kpiBaseline: "abc" }) },
    { field: "effort", apply: (r) => Object.assign(r, { effort: "0" }) },
    { field: "raisedAt", apply: (r) => Object.assign(r, { raisedAt: "2025-13-45" }) },
    { field: "source", apply: (r) => Object.assign(r, { source: "gossip" }) },
    { field: "category", apply: (r) => Object.assign(r, { category: "finance" }) },
    { field: "kpiTarget", apply: (r) => Object.assign(r, { kpiTarget: "150%" }) },
    { field: "implementedAt", apply: (r) => Object.assign(r, { status: "implemented", implementedAt: "" }) },
    { field: "statusReason", apply: (r) => Object.assign(r, { status: "rejected", statusReason: "" }) },
    { field: "estimatedCost", apply: (r) => Object.assign(r, { estimatedCost: "-500" }) },
    { field: "effort", apply: (r) => Object.assign(r, { effort: "five" }) },
    { field: "kpiTargetDate", apply: (r) => Object.assign(r, { kpiTargetDate: "31.02.2026" }) },
    { field: "owner", apply: (r) => Object.assign(r, { owner: "" }) },
    { field: "kpiDimension", apply: (r) => Object.assign(r, { kpiDimension: "weather" }) },
    {
      field: "benefitReason",
      apply: (r) =>
        Object.assign(r, {
          status: "reviewed",
          implementedAt: "2026-01-20",
          benefitRealised: "not realised",
        }),
    },
    { field: "title", apply: (r) => Object.assign(r, { title: "ab" }) },
    { field: "id", apply: (r) => Object.assign(r, { id: "XYZ-1" }) },
    { field: "kpiValue", apply: (r) => Object.assign(r, { kpiValue: "" }) },
    { field: "approvedAt", apply: (r) => Object.assign(r, { approvedAt: "tomorrow" }) },
  ];

  // Bad rows spread over the file: row index 17, 41, 65, ... (line = index + 2, after the header).
  const badIndexes = DEFECTS.map((_, k) => 17 + k * 24);
  const rows = Array.from({ length: 500 }, (_, i) => {
    const row = goodRow(i);
    if (i % 4 === 0)
      Object.assign(row, {
        kpiDimension: "service",
        kpiValue: "Service desk",
        kpiBaseline: "0.7",
        kpiTarget: "0.8",
        kpiTargetDate: "2026-06-30",
      });
    const defect = badIndexes.indexOf(i);
    if (defect >= 0) DEFECTS[defect]?.apply(row);
    return header.map((column) => row[column] ?? "");
  });
  const csv = stringify([header, ...rows]);

  const plan = planImport(csv);

  it("accepts the 480 good rows", () => {
    expect(plan.accepted).toHaveLength(480);
    expect(plan.accepted.every((a) => !badIndexes.includes(a.line - 2))).toBe(true);
  });

  it("names exactly the 20 bad lines, each with the column at fault and why", () => {
    expect(plan.rejected.map((r) => r.line)).toEqual(badIndexes.map((i) => i + 2));
    plan.rejected.forEach((rejection, k) => {
      expect(rejection.errors.map((e) => e.field)).toEqual([DEFECTS[k]?.field]);
      expect(rejection.errors[0]?.message.length).toBeGreaterThan(5);
    });
  });

  it("explains a non-numeric baseline and an unknown status in words a spreadsheet user can act on", () => {
    const messages = plan.rejected.flatMap((r) => r.errors.map((e) => e.message));
    expect(messages).toContain('"abc" is not a share (use 0.85, 0,85 or 85%)');
    expect(messages.find((m) => m.startsWith('"finished" is not one of'))).toContain("in-progress");
  });
});
