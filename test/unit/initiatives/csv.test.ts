import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../functions/src/domain/errors.js";
import {
  CSV_COLUMNS,
  type ImportPlan,
  initiativeToRow,
  planImport,
  registerToCsv,
  resolveColumn,
  rowToInitiativeInput,
} from "../../../functions/src/domain/initiatives/csv.js";
import { KPI_DIMENSIONS } from "../../../functions/src/domain/initiatives/fields.js";
import {
  createInitiative,
  fieldsOf,
  type Initiative,
  type InitiativeInput,
} from "../../../functions/src/domain/initiatives/initiative.js";
import { transition } from "../../../functions/src/domain/initiatives/workflow.js";
import {
  ACTOR,
  anInitiative,
  anInitiativeHeldFrom,
  anInitiativeIn,
  FULL_OPTIONS,
  NOW,
} from "./initiative-builders.js";

function recreate(row: Record<string, string>, id: string): Initiative {
  const result = rowToInitiativeInput(row, 2);
  if (!result.ok) throw new Error(`row rejected: ${JSON.stringify(result.errors)}`);
  return createInitiative(result.input, { id, actor: ACTOR, now: NOW });
}

describe("Register CSV round trip", () => {
  it("reads back every field of a closed initiative from its row, the prioritisation inputs and impact windows too", () => {
    const original = anInitiativeIn("closed", {
      title: '=HYPERLINK("http://evil")',
      description: 'Users say "VPN drops", often;\nsecond line',
      services: ["Remote access", "Identity"],
      linkedResponseIds: ["r-1", "r-2"],
      notes: "-5 tickets a week hoped for",
      estimatedCost: 1234.5,
      actualCost: 987.65,
      effort: 2.5,
      kpi: {
        dimension: "service",
        value: "Remote access",
        baseline: 1e-7,
        target: 0.85,
        targetDate: "2026-09-30",
        impactWindows: { beforeWeeks: 6, afterWeeks: 12, settlingDays: 0 },
      },
      manualRank: 2,
      wsjf: { businessValue: 8, timeCriticality: 5.5, riskReduction: 1, jobSize: 10 },
      rice: { reach: 1e15, impact: 0.25, confidence: 0.8 },
      records: [
        { kind: "problem", id: "PRB0040012", url: "https://desk.example.com/problem/PRB0040012?a=1&b=2" },
        { kind: "change", id: "=CHG0001", url: null },
      ],
    });
    const row = initiativeToRow(original);
    expect(registerToCsv([original])).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(row.version).toBe(String(original.version));
    const copy = recreate(row, original.id);
    expect(fieldsOf(copy)).toEqual(fieldsOf(original));
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
      expect(fieldsOf(copy)).toEqual(fieldsOf(register[k] as Initiative));
    });
  });
});

describe("Register CSV with hold, cancel and closure codes", () => {
  const register = [
    anInitiativeHeldFrom("implemented", "CSI-010"),
    transition(anInitiativeIn("planned", {}, "CSI-011"), "cancelled", { ...FULL_OPTIONS, reason: "Retired" }),
    transition(anInitiativeIn("reviewed", {}, "CSI-012"), "closed", {
      ...FULL_OPTIONS,
      closureCode: "withdrawn",
    }),
    anInitiative({ owner: "" }, "CSI-013"),
  ];

  it("exports the status held from and the closure code, and recreates each initiative from its row", () => {
    const rows = register.map(initiativeToRow);
    expect(rows.map((r) => [r.status, r.heldFrom, r.closureCode])).toEqual([
      ["on-hold", "implemented", ""],
      ["cancelled", "", "withdrawn"],
      ["closed", "", "withdrawn"],
      ["proposed", "", ""],
    ]);
    register.forEach((initiative, k) => {
      expect(fieldsOf(recreate(rows[k] ?? initiativeToRow(initiative), initiative.id))).toEqual(
        fieldsOf(initiative),
      );
    });
  });

  it("reads an unedited export back unchanged, and refuses an edited closure code or held-from status", () => {
    const exported = registerToCsv(register);
    expect(planImport(exported, overStored(register)).accepted.map((r) => r.outcome)).toEqual([
      "unchanged",
      "unchanged",
      "unchanged",
      "unchanged",
    ]);
    const csv = edited(exported, (rows) => {
      Object.assign(rows[0] ?? {}, { heldFrom: "planned" });
      Object.assign(rows[2] ?? {}, { closureCode: "successful" });
    });
    const plan = planImport(csv, overStored(register));
    expect(plan.rejected.map((r) => [r.id, r.errors.map((e) => e.field)])).toEqual([
      ["CSI-010", ["heldFrom"]],
      ["CSI-012", ["closureCode"]],
    ]);
  });

  it("reads Polish status and closure words, and proposes the code of a closed row that has none", () => {
    const csv = [
      "Tytuł;Źródło;Kategoria;Właściciel;Osobodni;Stan;Powód;Wstrzymana ze;Kod zamknięcia;Data wdrożenia;Ocena korzyści",
      "Portal;ankieta;proces;Anna;3;Wstrzymana;Urlop;w toku;;;",
      "Czat;ankieta;proces;Anna;3;Zamknięta;;;;2026-01-10;częściowo",
      "Wiki;ankieta;proces;Anna;3;Anulowana;Brak budżetu;;wycofana;;",
    ].join("\n");
    const plan = planImport(csv);
    expect(plan.rejected).toEqual([]);
    const made = plan.accepted.map((r) =>
      createInitiative(r.input, { id: "CSI-020", actor: ACTOR, now: NOW }),
    );
    expect(made.map((i) => [i.status, i.heldFrom, i.closureCode])).toEqual([
      ["on-hold", "in-progress", null],
      ["closed", null, "partially-successful"],
      ["cancelled", null, "withdrawn"],
    ]);
  });
});

describe("Register CSV with tasks", () => {
  it("writes one task a line and reads every task back, and reads Polish states and dotted dates", () => {
    const original = anInitiative({
      tasks: [
        { title: "=Draft the form", owner: "Ewa", due: "2026-04-30", state: "done" },
        { title: "Train the desk", owner: "", due: null, state: "in-progress" },
      ],
    });
    const row = initiativeToRow(original);
    expect(row.tasks).toBe("=Draft the form | Ewa | 2026-04-30 | done\nTrain the desk |  |  | in-progress");
    expect(fieldsOf(recreate(row, original.id)).tasks).toEqual(original.tasks);
    expect(registerToCsv([original])).toContain(`"'=Draft the form`);

    const polish = rowToInitiativeInput({ ...row, tasks: "Szkolenie | Jan | 15.05.2026 | otwarte" }, 2);
    expect(polish.ok && polish.input.tasks).toEqual([
      { title: "Szkolenie", owner: "Jan", due: "2026-05-15", state: "open" },
    ]);
  });

  it("names the tasks column and the line when a task cannot be read", () => {
    const row = initiativeToRow(anInitiative());
    const result = rowToInitiativeInput(
      { ...row, tasks: "Fine | Ewa | | done\nBroken | Ewa | soon | done" },
      2,
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors).toEqual([
        expect.objectContaining({
          field: "tasks",
          message: expect.stringContaining('line 2 "Broken | Ewa | soon | done"'),
        }),
      ]);
    }
  });
});

describe("Register CSV with secondary KPIs", () => {
  const withSecondaryKpis = (overrides: Partial<InitiativeInput> = {}, id = "CSI-042") =>
    anInitiative(
      {
        secondaryKpis: [
          { dimension: "agent", value: "Ewa Nowak", baseline: 0.64, target: 0.8, targetDate: "2026-12-31" },
          {
            dimension: "all",
            value: "all",
            baseline: 0.7,
            target: 0.75,
            targetDate: "2027-03-31",
            impactWindows: { beforeWeeks: 6, afterWeeks: 12, settlingDays: 0 },
          },
        ],
        ...overrides,
      },
      id,
    );
  /** The result of reading a row whose secondaryKpis cell is `cell`, beside the builder's primary Remote access KPI. */
  const withCell = (cell: string, overrides: Partial<Record<string, string>> = {}) =>
    rowToInitiativeInput({ ...initiativeToRow(anInitiative()), secondaryKpis: cell, ...overrides }, 7);

  it("writes one KPI a line, its impact windows only when it has its own, and reads every KPI back", () => {
    const original = withSecondaryKpis();

    const row = initiativeToRow(original);

    expect(row.secondaryKpis).toBe(
      "agent | Ewa Nowak | 0.64 | 0.8 | 2026-12-31\nall | all | 0.7 | 0.75 | 2027-03-31 | 6 | 12 | 0",
    );
    expect(fieldsOf(recreate(row, original.id)).secondaryKpis).toEqual(original.secondaryKpis);
  });

  it("reads the dimension words, percentages, decimal commas and dotted dates the primary KPI columns read", () => {
    const result = withCell(
      "Usługa | Poczta | 72% | 0,8 | 30.06.2026\n\ntechnik | Jan Kowalski | 60 | 75% | 2026-09-30 | 4 | 8 | 14\n",
    );

    expect(result.ok && result.input.secondaryKpis).toEqual([
      { dimension: "service", value: "Poczta", baseline: 0.72, target: 0.8, targetDate: "2026-06-30" },
      {
        dimension: "agent",
        value: "Jan Kowalski",
        baseline: 0.6,
        target: 0.75,
        targetDate: "2026-09-30",
        impactWindows: { beforeWeeks: 4, afterWeeks: 8, settlingDays: 14 },
      },
    ]);
  });

  it("reads the column under its English and Polish names", () => {
    const names = [
      "Secondary KPIs",
      "Additional KPIs",
      "Other KPIs",
      "KPI dodatkowe",
      "Dodatkowe KPI",
      "Pozostałe KPI",
    ];

    expect(names.map(resolveColumn)).toEqual(names.map(() => "secondaryKpis"));
  });

  const BAD_CELLS: Array<{ cell: string; field?: string; message: string; primary?: "none" }> = [
    {
      cell: "service | Email | 72%",
      message:
        'line 1 "service | Email | 72%" is not "dimension | value | baseline | target | targetDate", optionally followed by "| beforeWeeks | afterWeeks | settlingDays"',
    },
    {
      cell: "service | Email | 70% | 80% | 2026-06-30 | 4 | 8",
      message: expect.stringContaining('line 1 "service | Email | 70% | 80% | 2026-06-30 | 4 | 8" is not'),
    },
    {
      cell: "service | Email | 70% | 80% | 2026-06-30\nweather | Sunny | 70% | 80% | 2026-06-30",
      message: `line 2: dimension "weather" is not one of ${KPI_DIMENSIONS.join(", ")}`,
    },
    {
      cell: "service |  | 70% | 80% | 2026-06-30",
      message: "line 1: value is required when a KPI is given",
    },
    {
      cell: "service | Email | abc | 80% | 2026-06-30",
      message: 'line 1: baseline "abc" is not a share (use 0.85, 0,85 or 85%)',
    },
    {
      cell: "service | Email | 70% |  | 2026-06-30",
      message: "line 1: target is required when a KPI is given",
    },
    {
      cell: "service | Email | 70% | 80% | 31.02.2026",
      message: 'line 1: targetDate "31.02.2026" is not a date (use YYYY-MM-DD or DD.MM.YYYY)',
    },
    {
      cell: "service | Email | 70% | 80% | 2026-06-30 | 4 |  | 7",
      message: "line 1: afterWeeks is required when an impact window is given",
    },
    {
      cell: "service | Email | 70% | 80% | 2026-06-30\n\nagent | Ewa | 70% | 150% | 2026-06-30",
      message: "line 2: target must be a share between 0 and 1",
    },
    {
      cell: "service | Email | 70% | 80% | 2026-06-30 | 4 | 200 | 7",
      message: "line 1: afterWeeks must be a whole number of weeks from 1 to 104",
    },
    {
      cell: "agent | Ewa | 70% | 80% | 2026-06-30\nusługa | Remote access | 70% | 80% | 2026-06-30",
      message: 'line 2: value service "Remote access" is already a KPI of this initiative',
    },
    {
      cell: Array.from({ length: 6 }, (_, i) => `agent | Agent ${i} | 70% | 80% | 2026-06-30`).join("\n"),
      message: "must hold at most 5 KPIs beside the primary one",
    },
    {
      cell: "agent | Ewa | 70% | 80% | 2026-06-30",
      primary: "none",
      field: "kpiDimension",
      message: "is required when secondary KPIs are given: one KPI is the primary",
    },
  ];

  it.each(BAD_CELLS)("refuses the cell $cell, naming its column, line and why", (bad) => {
    const noPrimary = { kpiDimension: "", kpiValue: "", kpiBaseline: "", kpiTarget: "", kpiTargetDate: "" };

    const result = withCell(bad.cell, bad.primary === "none" ? noPrimary : {});

    expect(result).toEqual({
      ok: false,
      line: 7,
      errors: [{ field: bad.field ?? "secondaryKpis", message: bad.message }],
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
      { line: 2, id: null, errors: [{ field: "effort", message: "is required (person-days)" }] },
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
      { line: 3, id: "CSI-001", errors: [{ field: "id", message: "CSI-001 is already used on line 2" }] },
    ]);
  });

  it("refuses a file that is not readable CSV", () => {
    expect(() => planImport('title,source\n"unclosed,audit\n')).toThrow(DomainError);
  });
});

/** A register CSV as a spreadsheet reads it: one record per row, keyed by header. */
function rowsOf(csv: string): Array<Record<string, string>> {
  return parse(csv.replace(/^\uFEFF/, ""), { columns: true }) as Array<Record<string, string>>;
}

/** The CSV a spreadsheet saves after `edit` changed its rows. */
function edited(csv: string, edit: (rows: Array<Record<string, string>>) => void): string {
  const rows = rowsOf(csv);
  edit(rows);
  return stringify(rows, { header: true, columns: Object.keys(rows[0] ?? {}) });
}

const IMPORTER = "ewa.importer";
const LATER = "2026-04-01T08:00:00.000Z";
const overStored = (stored: Initiative[]) => ({ stored, actor: IMPORTER, now: LATER });

describe("Planning an import over the stored register", () => {
  const register = [
    anInitiative({ wsjf: { businessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 5 } }, "CSI-001"),
    anInitiativeIn("in-progress", { manualRank: 1 }, "CSI-002"),
    anInitiativeIn(
      "reviewed",
      {
        kpi: {
          dimension: "all",
          value: "all",
          baseline: 0.7,
          target: 0.8,
          targetDate: "2026-12-31",
          impactWindows: { beforeWeeks: 4, afterWeeks: 4, settlingDays: 7 },
        },
      },
      "CSI-003",
    ),
  ];
  const exported = registerToCsv(register);
  const row = (plan: ImportPlan, line: number) =>
    plan.accepted.find((r) => r.line === line) ?? plan.rejected.find((r) => r.line === line);

  it("reports every row of an unedited export unchanged, at the version it has", () => {
    const plan = planImport(exported, overStored(register));

    expect(plan.rejected).toEqual([]);
    expect(plan.accepted.map((r) => [r.id, r.outcome])).toEqual([
      ["CSI-001", "unchanged"],
      ["CSI-002", "unchanged"],
      ["CSI-003", "unchanged"],
    ]);
  });

  it("updates what a row changes to the next version, with a history entry per field by the importing user", () => {
    const csv = edited(exported, (rows) => {
      Object.assign(rows[0] ?? {}, {
        title: "Self-service VPN token reset",
        wsjfJobSize: "2",
        manualRank: "3",
      });
    });

    const plan = planImport(csv, overStored(register));

    const update = plan.accepted[0];
    if (update?.outcome !== "updated") throw new Error(`expected an update, got ${JSON.stringify(update)}`);
    expect(update.next.version).toBe(2);
    expect(update.next.title).toBe("Self-service VPN token reset");
    expect(update.next.wsjf?.jobSize).toBe(2);
    expect(update.next.history.slice(1)).toEqual([
      {
        at: LATER,
        actor: IMPORTER,
        field: "title",
        from: "Self-service VPN reset",
        to: "Self-service VPN token reset",
      },
      { at: LATER, actor: IMPORTER, field: "manualRank", from: null, to: 3 },
      {
        at: LATER,
        actor: IMPORTER,
        field: "wsjf",
        from: { businessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 5 },
        to: { businessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 2 },
      },
    ]);
    expect(plan.accepted.slice(1).map((r) => r.outcome)).toEqual(["unchanged", "unchanged"]);
  });

  it("rejects a row exported at another version than the stored one, naming version and the current version", () => {
    const moved = { ...(register[1] as Initiative), version: 7 };

    const plan = planImport(
      exported,
      overStored([register[0] as Initiative, moved, register[2] as Initiative]),
    );

    expect(plan.rejected).toEqual([
      {
        line: 3,
        id: "CSI-002",
        currentVersion: 7,
        errors: [{ field: "version", message: expect.stringContaining("CSI-002 is at version 7") }],
      },
    ]);
  });

  it("rejects a row that names a stored initiative without a version, saying which version it is at", () => {
    const csv = edited(exported, (rows) => {
      Object.assign(rows[0] ?? {}, { version: "", title: "Renamed without a version" });
    });

    const rejected = row(planImport(csv, overStored(register)), 2);

    expect(rejected).toEqual({
      line: 2,
      id: "CSI-001",
      currentVersion: 1,
      errors: [{ field: "version", message: expect.stringContaining("is at version 1") }],
    });
  });

  it("rejects a changed status naming status, and reads the stored status in other words as unchanged", () => {
    const csv = edited(exported, (rows) => {
      Object.assign(rows[0] ?? {}, { status: "approved" });
      Object.assign(rows[1] ?? {}, { status: "W toku" });
    });

    const plan = planImport(csv, overStored(register));

    expect(row(plan, 2)).toMatchObject({
      id: "CSI-001",
      errors: [
        { field: "status", message: "changes only through a workflow transition (CSI-001 is proposed)" },
      ],
    });
    expect(row(plan, 3)).toMatchObject({ id: "CSI-002", outcome: "unchanged" });
  });

  it("rejects a changed workflow date, and reads a spreadsheet's calendar day for a stored instant as unchanged", () => {
    const csv = edited(exported, (rows) => {
      Object.assign(rows[0] ?? {}, { raisedAt: "10.03.2026" });
      Object.assign(rows[1] ?? {}, { approvedAt: "2026-01-01" });
    });

    const plan = planImport(csv, overStored(register));

    expect(row(plan, 2)).toMatchObject({ outcome: "unchanged" });
    expect(row(plan, 3)).toMatchObject({ errors: [{ field: "approvedAt" }] });
  });

  it("holds an update to the rules of an edit and names the columns at fault", () => {
    const csv = edited(exported, (rows) => {
      Object.assign(rows[0] ?? {}, { wsjfJobSize: "11", implementedAt: "2026-03-01" });
      Object.assign(rows[1] ?? {}, { riceReach: "100" });
    });

    const plan = planImport(csv, overStored(register));

    expect(row(plan, 2)).toMatchObject({
      errors: [
        { field: "implementedAt", message: "is set only when the initiative is implemented" },
        { field: "wsjfJobSize", message: "must be between 1 and 10" },
      ],
    });
    expect(row(plan, 3)).toMatchObject({
      errors: [
        { field: "riceImpact", message: "is required when RICE is given" },
        { field: "riceConfidence", message: "is required when RICE is given" },
      ],
    });
  });

  it("leaves the fields whose columns the file lacks as stored, impact windows included", () => {
    const csv = [
      "id;version;title;source;category;owner;effort;kpiDimension;kpiValue;kpiBaseline;kpiTarget;kpiTargetDate",
      "CSI-003;6;Overall satisfaction drive;survey-feedback;technology;Network L2;5;all;;70%;0,8;31.12.2026",
    ].join("\r\n");

    const plan = planImport(csv, overStored(register));

    const update = plan.accepted[0];
    if (update?.outcome !== "updated") throw new Error(`expected an update, got ${JSON.stringify(plan)}`);
    expect(update.next.history.slice(update.current.history.length).map((e) => e.field)).toEqual(["title"]);
    expect(update.next.kpi?.impactWindows).toEqual({ beforeWeeks: 4, afterWeeks: 4, settlingDays: 7 });
    expect(update.next.services).toEqual(["Remote access"]);
    expect(update.next.benefitRealised).toEqual(register[2]?.benefitRealised);
  });

  it("creates a row despite a register's own Version and Impact columns in words, which it does not read", () => {
    const csv =
      "title,source,category,owner,effort,Impact,Version\nPrinter queue,audit,process,Desk,1,High,v2.1\n";

    const plan = planImport(csv, overStored(register));

    expect(plan.rejected).toEqual([]);
    expect(plan.columns.ignored).toEqual(["Impact"]);
    expect(plan.accepted[0]).toMatchObject({ outcome: "created", input: { rice: null } });
  });

  it("creates rows without an id, and rows whose id the register does not hold under that id", () => {
    const csv = edited(exported, (rows) => {
      rows.push({ ...(rows[0] as Record<string, string>), id: "", title: "A copy of the first" });
      rows.push({
        ...(rows[0] as Record<string, string>),
        id: "CSI-040",
        title: "Brought from another register",
      });
    });

    const plan = planImport(csv, overStored(register));

    expect(plan.rejected).toEqual([]);
    expect(plan.accepted.slice(3).map((r) => [r.line, r.id, r.outcome])).toEqual([
      [5, null, "created"],
      [6, "CSI-040", "created"],
    ]);
  });
});

describe("Planning an import of secondary KPIs over the stored register", () => {
  const register = [
    anInitiative(
      {
        secondaryKpis: [
          { dimension: "agent", value: "Ewa Nowak", baseline: 0.64, target: 0.8, targetDate: "2026-12-31" },
          {
            dimension: "category",
            value: "Access",
            baseline: 0.7,
            target: 0.75,
            targetDate: "2027-03-31",
            impactWindows: { beforeWeeks: 6, afterWeeks: 12, settlingDays: 0 },
          },
        ],
      },
      "CSI-001",
    ),
    anInitiative({}, "CSI-002"),
  ];
  const exported = registerToCsv(register);
  const changesOf = (plan: ImportPlan) =>
    plan.accepted.map((r) => [
      r.id,
      r.outcome,
      r.outcome === "updated" ? r.next.history.slice(r.current.history.length).map((e) => e.field) : [],
    ]);

  it("reads an unedited export back unchanged, impact windows included", () => {
    expect(changesOf(planImport(exported, overStored(register)))).toEqual([
      ["CSI-001", "unchanged", []],
      ["CSI-002", "unchanged", []],
    ]);
  });

  it("updates only the secondary KPIs of the row whose cell was edited", () => {
    const csv = edited(exported, (rows) => {
      Object.assign(rows[1] ?? {}, { secondaryKpis: "grupa | Network L2 | 0,6 | 70% | 30.09.2026" });
    });

    const plan = planImport(csv, overStored(register));

    expect(changesOf(plan)).toEqual([
      ["CSI-001", "unchanged", []],
      ["CSI-002", "updated", ["secondaryKpis"]],
    ]);
    const update = plan.accepted[1];
    expect(update?.outcome === "updated" && update.next.secondaryKpis).toEqual([
      {
        metric: "csat",
        dimension: "assignmentGroup",
        value: "Network L2",
        baseline: 0.6,
        target: 0.7,
        targetDate: "2026-09-30",
      },
    ]);
  });

  it("leaves the stored secondary KPIs as they are when the file has no secondaryKpis column", () => {
    const csv = edited(exported, (rows) => {
      for (const row of rows) delete row.secondaryKpis;
      Object.assign(rows[0] ?? {}, { title: "Self-service VPN token reset" });
    });

    const plan = planImport(csv, overStored(register));

    const update = plan.accepted[0];
    if (update?.outcome !== "updated") throw new Error(`expected an update, got ${JSON.stringify(update)}`);
    expect(changesOf(plan)[0]).toEqual(["CSI-001", "updated", ["title"]]);
    expect(update.next.secondaryKpis).toEqual(register[0]?.secondaryKpis);
  });

  it("clears the secondary KPIs of a row whose cell was emptied", () => {
    const csv = edited(exported, (rows) => {
      Object.assign(rows[0] ?? {}, { secondaryKpis: "" });
    });

    const plan = planImport(csv, overStored(register));

    const update = plan.accepted[0];
    expect(changesOf(plan)[0]).toEqual(["CSI-001", "updated", ["secondaryKpis"]]);
    expect(update?.outcome === "updated" && update.next.secondaryKpis).toEqual([]);
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
    { field: "heldFrom", apply: (r) => Object.assign(r, { status: "on-hold", statusReason: "Freeze" }) },
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
