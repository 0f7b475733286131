import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { createInitiative, updateInitiative } from "../../functions/src/domain/initiatives/initiative.js";
import type { Role } from "../../functions/src/domain/roles.js";
import { retryWhileBusy } from "../helpers/busy-retry.js";
import { callStaffApi } from "../helpers/staff-api.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices();
});

const HEADER =
  "id,title,source,services,category,owner,effort,status,statusReason,kpiValue,kpiBaseline,kpiTarget,kpiTargetDate";

/** The four ways a row of the sample register is broken, and the column the report must name. */
const DEFECTS = [
  { column: "title", row: (_i: number) => ",,audit,Printing,process,Ewa,3,proposed,,,,," },
  {
    column: "category",
    row: (i: number) => `,Row ${i} bad category,audit,Printing,marketing,Ewa,3,proposed,,,,,`,
  },
  {
    column: "effort",
    row: (i: number) => `,Row ${i} bad effort,problem,Printing,process,Ewa,a lot,proposed,,,,,`,
  },
  {
    column: "statusReason",
    row: (i: number) => `,Row ${i} rejected silently,audit,Printing,process,Ewa,2,rejected,,,,,`,
  },
];

function goodRow(i: number, id = ""): string {
  const kpi = i % 3 === 0 ? "Remote access,72%,0.85,2027-06-30" : ",,,";
  return `${id},Improvement ${i},staff-idea,Remote access;Printing,technology,Jan,${1 + (i % 9)},approved,,${kpi}`;
}

/** A 500-row register in which every 25th row (20 in all) is broken; returns the file and the broken lines. */
function sampleRegister(options: { broken: boolean }) {
  const rows: string[] = [];
  const badLines = new Map<number, string>();
  for (let i = 0; i < 500; i++) {
    const line = i + 2;
    if (i % 25 === 7) {
      if (!options.broken) continue;
      const defect = DEFECTS[((i / 25) % 4) | 0] as (typeof DEFECTS)[number];
      rows.push(defect.row(i));
      badLines.set(line, defect.column);
    } else {
      rows.push(goodRow(i, i < 3 ? `CSI-${700 + i}` : ""));
    }
  }
  return { csv: `${HEADER}\r\n${rows.join("\r\n")}\r\n`, badLines };
}

/** Imports as a manager would, sending the file again when storage was too busy (the import is all or nothing). */
async function importCsv(role: Role, csv: string, dryRun: boolean, services: TestServices = pulse) {
  const token = await services.token(role);
  const response = await retryWhileBusy(() =>
    services.app.request(`/api/v1/initiatives/import?dryRun=${dryRun}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      body: csv,
    }),
  );
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

async function registerSize(services: TestServices = pulse): Promise<number> {
  const response = await services.app.request("/api/v1/initiatives?status=all&limit=1", {
    headers: { authorization: `Bearer ${await services.token("analyst")}` },
  });
  return ((await response.json()) as { total: number }).total;
}

describe("Importing a register CSV", () => {
  it("names every one of the 20 bad rows of a 500-row file, and why, in a dry run that stores nothing", async () => {
    const { csv, badLines } = sampleRegister({ broken: true });

    const report = await importCsv("manager", csv, true);

    expect(report.status).toBe(200);
    expect(report.body.accepted).toHaveLength(480);
    expect(report.body.rejected).toHaveLength(20);
    const rejected = report.body.rejected as Array<{
      line: number;
      errors: Array<{ field: string; message: string }>;
    }>;
    expect(rejected.map((row) => row.line)).toEqual([...badLines.keys()]);
    for (const row of rejected) {
      expect(row.errors.map((error) => error.field)).toContain(badLines.get(row.line));
      expect(row.errors.every((error) => error.message.length > 0)).toBe(true);
    }
    expect(await registerSize()).toBe(0);
  });

  it("stores nothing from a file with bad rows and answers 422 with the report", async () => {
    const { csv } = sampleRegister({ broken: true });

    const result = await importCsv("manager", csv, false);

    expect(result.status).toBe(422);
    expect(result.type).toContain("application/problem+json");
    expect(result.body.code).toBe("import-rejected");
    expect(result.body.rejected).toHaveLength(20);
    expect(await registerSize()).toBe(0);
  });

  it("stores every row of a clean file, keeps the ids the file brings, and exports what it stored", async () => {
    const { csv } = sampleRegister({ broken: false });

    const result = await importCsv("manager", csv, false);

    expect(result.status).toBe(201);
    expect(result.body.imported).toBe(480);
    expect(await registerSize()).toBe(480);
    const kept = await pulse.app.request("/api/v1/initiatives/CSI-701", {
      headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
    });
    expect(((await kept.json()) as { title: string }).title).toBe("Improvement 1");
    // Ids handed out later never collide with imported ones.
    const created = await pulse.app.request("/api/v1/initiatives", {
      method: "POST",
      headers: {
        authorization: `Bearer ${await pulse.token("manager")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ title: "After the import", source: "audit", category: "process", effort: 1 }),
    });
    const { id } = (await created.json()) as { id: string };
    expect(Number(id.slice(4))).toBeGreaterThan(702);

    const exported = await pulse.app.request("/api/v1/initiatives/export.csv", {
      headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
    });
    expect(exported.headers.get("content-type")).toContain("text/csv");
    const lines = (await exported.text()).trim().split("\r\n");
    expect(lines).toHaveLength(482);
    expect(lines[0]).toContain("id,title,description,source");
  });

  it("refuses an import from an analyst", async () => {
    expect((await importCsv("analyst", HEADER, true)).status).toBe(403);
  });

  it("takes back the chunks already written when a later chunk fails, so an import is all or nothing", async () => {
    const services = await startTestServices();
    const now = new Date().toISOString();
    const make = (n: number) =>
      createInitiative(
        { title: `Chunked ${n}`, source: "audit", category: "process", owner: "Ewa", effort: 1 },
        { id: `CSI-${n}`, actor: "test", now },
      );
    const taken = make(1);
    expect(await services.initiatives.create(taken)).toBe(true);
    const batch = [...Array.from({ length: 120 }, (_, i) => make(500 + i)), make(1)];

    const outcome = await services.initiatives.importAll(batch, "test-import");

    expect(outcome).toBe("id-taken");
    const left = await services.initiatives.existingIds(batch.map((initiative) => initiative.id));
    expect([...left]).toEqual(["CSI-001"]);
  });

  it("puts updated initiatives back as they were, history and all, when a later chunk meets a changed version", async () => {
    const services = await startTestServices();
    const now = new Date().toISOString();
    const stored = Array.from({ length: 80 }, (_, i) =>
      createInitiative(
        { title: `Stored ${i}`, source: "audit", category: "process", owner: "Ewa", effort: 1 },
        { id: `CSI-${i + 1}`, actor: "test", now },
      ),
    );
    for (const initiative of stored) expect(await services.initiatives.create(initiative)).toBe(true);
    const updates = stored.map((before) => {
      const next = updateInitiative(
        before,
        { title: `${before.title} edited` },
        {
          actor: "importer",
          now,
          expectedVersion: 1,
        },
      );
      return { before, next, newEntries: next.history.slice(before.history.length) };
    });
    // The last one was planned on a version someone has since moved past.
    const last = updates.at(-1) as (typeof updates)[number];
    last.before = { ...last.before, version: 0 };

    const outcome = await services.initiatives.importAll([], "test-import", updates);

    expect(outcome).toBe("version-conflict");
    for (const { before } of updates.slice(0, -1)) {
      const read = await services.initiatives.getWithHistory(before.id);
      expect({ version: read?.version, title: read?.title, history: read?.history.length }).toEqual({
        version: 1,
        title: before.title,
        history: 1,
      });
    }
  });
});

/** The register as the export gives it, read as a spreadsheet shows it: one record per row, keyed by header. */
async function exportedRows(services: TestServices): Promise<Array<Record<string, string>>> {
  const response = await services.app.request("/api/v1/initiatives/export.csv", {
    headers: { authorization: `Bearer ${await services.token("analyst")}` },
  });
  return parse((await response.text()).replace(/^\uFEFF/, ""), { columns: true });
}

/** The rows as a spreadsheet saves them again, a cell with a line break in it quoted. */
function csvOf(rows: Array<Record<string, string>>): string {
  return stringify(rows, {
    header: true,
    columns: Object.keys(rows[0] ?? {}),
    record_delimiter: "windows",
    quoted_match: /\n/,
  });
}

describe("Round-tripping the register through a spreadsheet", () => {
  async function registerOf(services: TestServices, titles: string[], fields: Record<string, unknown> = {}) {
    const ids: string[] = [];
    for (const title of titles) {
      const created = await callStaffApi(services, "manager", "POST", "/api/v1/initiatives", {
        title,
        source: "survey-feedback",
        category: "process",
        effort: 3,
        wsjf: { businessValue: 5, timeCriticality: 5, riskReduction: 5, jobSize: 5 },
        ...fields,
      });
      expect(created.status).toBe(201);
      ids.push(created.body.id);
    }
    return ids;
  }
  const read = (services: TestServices, id: string) =>
    callStaffApi(services, "analyst", "GET", `/api/v1/initiatives/${id}`).then((r) => r.body);

  it("updates exactly the two edited rows, creates the new one, and leaves the others at their version", async () => {
    const services = await startTestServices();
    const ids = await registerOf(services, ["Printer queue", "VPN reset", "Mail quota", "Laptop refresh"]);
    const rows = await exportedRows(services);
    Object.assign(rows[1] ?? {}, { title: "Self-service VPN reset", wsjfJobSize: "2" });
    Object.assign(rows[3] ?? {}, {
      manualRank: "1",
      riceReach: "300",
      riceImpact: "2",
      riceConfidence: "80%",
    });
    rows.push({
      ...(rows[0] as Record<string, string>),
      id: "",
      version: "",
      title: "Shared drive clean-up",
    });
    const csv = csvOf(rows);

    const dryRun = await importCsv("manager", csv, true, services);

    expect(dryRun.status).toBe(200);
    expect(dryRun.body.counts).toEqual({ created: 1, updated: 2, unchanged: 2, rejected: 0 });
    expect(
      dryRun.body.accepted.map((row: Record<string, unknown>) => [
        row.line,
        row.id,
        row.outcome,
        row.version,
      ]),
    ).toEqual([
      [2, ids[0], "unchanged", 1],
      [3, ids[1], "updated", 2],
      [4, ids[2], "unchanged", 1],
      [5, ids[3], "updated", 2],
      [6, null, "created", 1],
    ]);
    expect(dryRun.body.accepted[1].changes).toEqual(["title", "wsjf"]);
    expect((await read(services, ids[1] as string)).version).toBe(1);
    expect(await registerSize(services)).toBe(4);

    const imported = await importCsv("manager", csv, false, services);

    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(3);
    const vpn = await read(services, ids[1] as string);
    expect(vpn).toMatchObject({ version: 2, title: "Self-service VPN reset", updatedBy: "manager user" });
    expect(vpn.wsjf.jobSize).toBe(2);
    expect(
      vpn.history.slice(1).map((entry: { field: string; actor: string }) => [entry.field, entry.actor]),
    ).toEqual([
      ["title", "manager user"],
      ["wsjf", "manager user"],
    ]);
    const laptops = await read(services, ids[3] as string);
    expect(laptops).toMatchObject({
      version: 2,
      manualRank: 1,
      rice: { reach: 300, impact: 2, confidence: 0.8 },
    });
    for (const id of [ids[0], ids[2]]) expect((await read(services, id as string)).version).toBe(1);
    const created = imported.body.accepted[4];
    expect(created).toMatchObject({ outcome: "created", version: 1 });
    expect((await read(services, created.id)).title).toBe("Shared drive clean-up");
    expect(await registerSize(services)).toBe(5);
  });

  const remoteAccess = {
    dimension: "service",
    value: "Remote access",
    baseline: 0.72,
    target: 0.85,
    targetDate: "2027-06-30",
  };
  const agentKpi = {
    metric: "csat",
    dimension: "agent",
    value: "Ewa Nowak",
    baseline: 0.64,
    target: 0.8,
    targetDate: "2027-06-30",
    impactWindows: { beforeWeeks: 6, afterWeeks: 12, settlingDays: 0 },
  };

  it("updates only the initiative whose secondary KPIs were edited in the sheet, and stores them as edited", async () => {
    const services = await startTestServices();
    const ids = await registerOf(services, ["Printer queue", "VPN reset", "Mail quota"], {
      kpi: remoteAccess,
      secondaryKpis: [agentKpi],
    });
    const rows = await exportedRows(services);
    expect(rows[1]?.secondaryKpis).toBe("agent | Ewa Nowak | 0.64 | 0.8 | 2027-06-30 | 6 | 12 | 0");
    Object.assign(rows[1] ?? {}, {
      secondaryKpis:
        "agent | Ewa Nowak | 64% | 0,82 | 30.06.2027 | 6 | 12 | 0\nKategoria | Access | 0.7 | 75% | 2027-03-31",
    });
    const csv = csvOf(rows);

    const dryRun = await importCsv("manager", csv, true, services);

    expect(dryRun.status).toBe(200);
    expect(dryRun.body.counts).toEqual({ created: 0, updated: 1, unchanged: 2, rejected: 0 });
    expect(
      dryRun.body.accepted.map((row: Record<string, unknown>) => [row.id, row.outcome, row.changes]),
    ).toEqual([
      [ids[0], "unchanged", []],
      [ids[1], "updated", ["secondaryKpis"]],
      [ids[2], "unchanged", []],
    ]);
    expect((await read(services, ids[1] as string)).version).toBe(1);

    const imported = await importCsv("manager", csv, false, services);

    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(1);
    const vpn = await read(services, ids[1] as string);
    expect(vpn.version).toBe(2);
    expect(vpn.secondaryKpis).toEqual([
      { ...agentKpi, target: 0.82 },
      {
        metric: "csat",
        dimension: "category",
        value: "Access",
        baseline: 0.7,
        target: 0.75,
        targetDate: "2027-03-31",
      },
    ]);
    for (const id of [ids[0], ids[2]]) {
      expect(await read(services, id as string)).toMatchObject({ version: 1, secondaryKpis: [agentKpi] });
    }
  });

  it("refuses a file that adds a secondary KPI reading the primary KPI's series, naming the field, and stores nothing", async () => {
    const services = await startTestServices();
    const ids = await registerOf(services, ["Printer queue", "VPN reset"], { kpi: remoteAccess });
    const rows = await exportedRows(services);
    Object.assign(rows[0] ?? {}, { title: "Printer queue, edited in the sheet" });
    Object.assign(rows[1] ?? {}, {
      secondaryKpis:
        "agent | Ewa Nowak | 64% | 80% | 2027-06-30\nusługa | Remote access | 70% | 80% | 2027-06-30",
    });

    const result = await importCsv("manager", csvOf(rows), false, services);

    expect(result.status).toBe(422);
    expect(result.type).toContain("application/problem+json");
    expect(result.body.rejected).toEqual([
      {
        line: 3,
        id: ids[1],
        errors: [
          {
            field: "secondaryKpis",
            message: 'line 2: value service "Remote access" is already a KPI of this initiative',
          },
        ],
      },
    ]);
    for (const id of ids) {
      expect(await read(services, id as string)).toMatchObject({ version: 1, secondaryKpis: [] });
    }
    expect((await read(services, ids[0] as string)).title).toBe("Printer queue");
  });

  it("rejects a row exported before someone else's edit, naming its version, and stores nothing of the file", async () => {
    const services = await startTestServices();
    const ids = await registerOf(services, ["Printer queue", "VPN reset"]);
    const rows = await exportedRows(services);
    const edit = await callStaffApi(services, "manager", "PATCH", `/api/v1/initiatives/${ids[0]}`, {
      expectedVersion: 1,
      notes: "Edited in the app meanwhile",
    });
    expect(edit.status).toBe(200);
    Object.assign(rows[0] ?? {}, { title: "Printer queue, edited in the sheet" });
    Object.assign(rows[1] ?? {}, { title: "VPN reset, edited in the sheet" });

    const result = await importCsv("manager", csvOf(rows), false, services);

    expect(result.status).toBe(422);
    expect(result.body.rejected).toEqual([
      {
        line: 2,
        id: ids[0],
        currentVersion: 2,
        errors: [{ field: "version", message: expect.stringContaining("is at version 2") }],
      },
    ]);
    expect(await read(services, ids[0] as string)).toMatchObject({ version: 2, title: "Printer queue" });
    expect(await read(services, ids[1] as string)).toMatchObject({ version: 1, title: "VPN reset" });
  });

  it("reports every row of an unedited export unchanged, and stores nothing when it is imported", async () => {
    const services = await startTestServices();
    const ids = await registerOf(services, ["Printer queue", "VPN reset", "Mail quota"]);
    const transition = await callStaffApi(
      services,
      "manager",
      "POST",
      `/api/v1/initiatives/${ids[1]}/transitions`,
      {
        to: "approved",
      },
    );
    expect(transition.status).toBe(200);
    const response = await services.app.request("/api/v1/initiatives/export.csv", {
      headers: { authorization: `Bearer ${await services.token("analyst")}` },
    });
    const csv = await response.text();

    const dryRun = await importCsv("manager", csv, true, services);
    const imported = await importCsv("manager", csv, false, services);

    for (const report of [dryRun, imported]) {
      expect(report.status).toBe(200);
      expect(report.body.counts).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
    }
    expect(imported.body.imported).toBe(0);
    expect((await read(services, ids[1] as string)).version).toBe(2);
    expect((await read(services, ids[0] as string)).history).toHaveLength(1);
  });
});

describe("Hold, cancel and closure codes in the register file", () => {
  it("exports the status held from and the closure code, and imports that export back unchanged", async () => {
    const services = await startTestServices();
    const ids: string[] = [];
    for (const title of ["Held intranet search", "Cancelled kiosk"]) {
      const created = await callStaffApi(services, "manager", "POST", "/api/v1/initiatives", {
        title,
        source: "staff-idea",
        category: "process",
        effort: 2,
      });
      ids.push(created.body.id);
    }
    const move = (id: string | undefined, body: Record<string, unknown>) =>
      callStaffApi(services, "manager", "POST", `/api/v1/initiatives/${id}/transitions`, body);
    expect((await move(ids[0], { to: "approved" })).status).toBe(200);
    expect((await move(ids[0], { to: "on-hold", reason: "Freeze" })).status).toBe(200);
    expect((await move(ids[1], { to: "cancelled", reason: "No kiosks left" })).status).toBe(200);

    const rows = await exportedRows(services);
    const imported = await importCsv("manager", csvOf(rows), false, services);

    expect(rows.map((row) => [row.status, row.heldFrom, row.closureCode, row.statusReason])).toEqual([
      ["on-hold", "approved", "", "Freeze"],
      ["cancelled", "", "withdrawn", "No kiosks left"],
    ]);
    expect(imported.body.counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 0 });
  });

  it("creates a held and a closed initiative from another register, coding the closed one from its verdict", async () => {
    const services = await startTestServices();
    const csv = [
      "title,source,category,owner,effort,status,statusReason,heldFrom,implementedAt,benefitRealised",
      "Shorter hold music,staff-idea,process,Ewa,2,on-hold,Supplier strike,planned,,",
      "Chat on the portal,staff-idea,technology,,2,closed,,,2026-01-10,realised",
    ].join("\r\n");

    const report = await importCsv("manager", csv, false, services);
    const rows = await exportedRows(services);

    expect(report.status).toBe(201);
    expect(rows.map((row) => [row.status, row.heldFrom, row.closureCode, row.owner])).toEqual([
      ["on-hold", "planned", "", "Ewa"],
      ["closed", "", "successful", ""],
    ]);
  });
});

describe("What a register import may bring", () => {
  it("reads back an imported initiative whose KPI value and service list are longer than a form takes", async () => {
    const services = await startTestServices();
    const serviceList = Array.from({ length: 60 }, (_, i) => `Service ${i + 1}`).join(";");
    const kpiValue = `Remote access for ${"the regional offices ".repeat(12)}`.trim();
    const csv = `${HEADER}\r\nCSI-900,Long KPI,staff-idea,${serviceList},technology,Jan,2,approved,,${kpiValue},72%,0.85,2027-06-30\r\n`;
    const imported = await retryWhileBusy(async () =>
      services.app.request("/api/v1/initiatives/import?dryRun=false", {
        method: "POST",
        headers: { authorization: `Bearer ${await services.token("manager")}`, "content-type": "text/csv" },
        body: csv,
      }),
    );
    expect(imported.status).toBe(201);
    const analyst = { authorization: `Bearer ${await services.token("analyst")}` };

    const read = await services.app.request("/api/v1/initiatives/CSI-900", { headers: analyst });
    const backlog = await services.app.request("/api/v1/initiatives", { headers: analyst });

    expect(read.status).toBe(200);
    const initiative = (await read.json()) as { services: string[]; kpi: { value: string } };
    expect(initiative.services).toHaveLength(60);
    expect(initiative.kpi.value).toBe(kpiValue);
    expect(backlog.status).toBe(200);
    const page = (await backlog.json()) as { items: Array<{ initiative: { kpi: { value: string } } }> };
    expect(page.items[0]?.initiative.kpi.value).toBe(kpiValue);
  });

  it("refuses a file over 2 MB with 413 before reading it, and one not sent as CSV with 415", async () => {
    const token = await pulse.token("manager");
    const send = (body: string, type: string) =>
      pulse.app.request("/api/v1/initiatives/import?dryRun=true", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": type },
        body,
      });

    const large = await send(`${HEADER}\r\n${"x".repeat(2 * 1024 * 1024)}`, "text/csv");
    const json = await send(JSON.stringify({ rows: [] }), "application/json");

    expect(large.status).toBe(413);
    expect(((await large.json()) as { detail: string }).detail).toBe("The file is larger than 2 MB");
    expect(json.status).toBe(415);
    expect(json.headers.get("content-type")).toContain("application/problem+json");
  });
});
