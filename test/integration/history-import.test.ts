import { beforeAll, describe, expect, it } from "vitest";
import { makeDynamoResponseHistory } from "../../functions/src/adapters/dynamo/history-import.js";
import { trendKey } from "../../functions/src/adapters/dynamo/keys.js";
import { makeDynamoThemeRepository } from "../../functions/src/adapters/dynamo/theme-repository.js";
import { OVERALL, type SeriesRef } from "../../functions/src/domain/dimensions.js";
import { HISTORY_COLUMNS } from "../../functions/src/domain/responses/history-csv.js";
import type { Role } from "../../functions/src/domain/roles.js";
import type { Survey } from "../../functions/src/domain/survey.js";
import { seededRandom } from "../../infra/local/demo-data.js";
import { retryWhileBusy } from "../helpers/busy-retry.js";
import { aResolvedTicket, postTicket } from "../helpers/intake.js";
import { aggregatesAndRecount } from "../helpers/recount.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

const clock = { now: () => new Date("2026-12-03T07:00:00Z") };
// A thousand transactional writes take about 20 s on DynamoDB Local; a busy CI machine may need several times that.
const IMPORT_TIMEOUT_MS = 180_000;
let pulse: TestServices;

beforeAll(async () => {
  pulse = await startTestServices({ clock });
});

type Row = Record<(typeof HISTORY_COLUMNS)[number], string>;

/** A past response export: `count` rows over the 90 days to 30 November, with Polish and English comments. */
function historyRows(source: string, count: number, seed: number): Row[] {
  const generator = seededRandom(seed);
  const random = generator.next;
  const pick = generator.pick;
  return Array.from({ length: count }, (_, index) => {
    const resolved = new Date(Date.UTC(2026, 8, 1) + Math.floor(random() * 91 * 86_400_000));
    const responded = new Date(resolved.getTime() + Math.floor(random() * 5 * 86_400_000));
    const locale = pick(["pl", "en"]);
    return {
      source,
      ticketId: `INC${String(100_000 + index)}`,
      resolvedAt: resolved.toISOString(),
      respondedAt: [responded, clock.now()].sort((a, b) => a.getTime() - b.getTime())[0]?.toISOString() ?? "",
      score: String(1 + Math.floor(random() * 5)),
      comment: random() < 0.3 ? (locale === "pl" ? "Szybko, dziękuję, ok" : "Quick fix, thanks, ok") : "",
      locale,
      service: pick(["Remote access", "Email", "Printing"]),
      category: pick(["Network", "Software", "Hardware"]),
      assignmentGroup: pick(["L1", "Network L2"]),
      agent: pick(["anowak", "jkowalski", "pwisniewski", "mlewandowska"]),
      // Two tickets in five were worked by an outside supplier, the rest in house.
      supplier: ["Orange Polska", "Comarch", "", "", ""][index % 5] ?? "",
      priority: pick(["P2", "P3", "P4"]),
      channel: pick(["portal", "email", "phone"]),
      slaBreached: random() < 0.1 ? "true" : "false",
    };
  });
}

/** Thirty ways a row can be wrong, each with the field it should be rejected for. */
const DEFECTS: Array<{ field: string; spoil: (row: Row) => void }> = [
  { field: "score", spoil: (row) => (row.score = "6") },
  { field: "score", spoil: (row) => (row.score = "") },
  { field: "score", spoil: (row) => (row.score = "4.5") },
  { field: "ticketId", spoil: (row) => (row.ticketId = "") },
  { field: "source", spoil: (row) => (row.source = "") },
  { field: "resolvedAt", spoil: (row) => (row.resolvedAt = "2026-11-31T10:00:00Z") },
  { field: "resolvedAt", spoil: (row) => (row.resolvedAt = "yesterday") },
  { field: "resolvedAt", spoil: (row) => (row.resolvedAt = "2026-10-10 10:00") },
  { field: "respondedAt", spoil: (row) => (row.respondedAt = "2027-01-01T00:00:00Z") },
  { field: "respondedAt", spoil: (row) => (row.respondedAt = "2026-01-01T00:00:00Z") },
  { field: "locale", spoil: (row) => (row.locale = "de") },
  { field: "slaBreached", spoil: (row) => (row.slaBreached = "maybe") },
  { field: "comment", spoil: (row) => (row.comment = "x".repeat(2001)) },
  { field: "agent", spoil: (row) => (row.agent = "a".repeat(201)) },
  { field: "supplier", spoil: (row) => (row.supplier = "s".repeat(201)) },
  { field: "ticketId", spoil: (row) => (row.ticketId = "INC100000") },
];

function toCsv(rows: readonly Row[]): string {
  const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  return [
    HISTORY_COLUMNS.join(","),
    ...rows.map((row) => HISTORY_COLUMNS.map((c) => quote(row[c])).join(",")),
  ]
    .join("\n")
    .concat("\n");
}

/** The 1,000-row file with 30 planted defects, and where they sit (file lines: the header is line 1). */
function fileWithDefects(source: string) {
  const rows = historyRows(source, 1000, 42);
  const planted = new Map<number, string>();
  for (let k = 0; k < 30; k++) {
    const index = 17 + k * 33;
    const defect = DEFECTS[k % DEFECTS.length] as (typeof DEFECTS)[number];
    defect.spoil(rows[index] as Row);
    planted.set(index + 2, defect.field);
  }
  return { csv: toCsv(rows), planted };
}

/** Posts a file as a head would, sending it again when storage was too busy: a repeated import stores exactly the rest. */
async function post(path: string, body: string, role: Role = "head", contentType = "text/csv") {
  const token = await pulse.token(role);
  return retryWhileBusy(() =>
    pulse.app.request(path, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${token}`, "content-type": contentType },
    }),
  );
}

async function stored() {
  return aggregatesAndRecount(pulse.db, pulse.tableName);
}

interface Report {
  rows: number;
  imported: number;
  accepted: Array<{ line: number }>;
  alreadyPresent: Array<{ line: number; ticketId: string }>;
  rejected: Array<{ line: number; errors: Array<{ field: string; message: string }> }>;
}

describe("Importing past responses from a CSV", () => {
  it("names each of the 30 bad rows of a 1,000-row file in a dry run, with its field, and stores nothing", async () => {
    const { csv, planted } = fileWithDefects("legacy-a");

    const response = await post("/api/v1/responses/import?dryRun=true", csv);

    expect(response.status).toBe(200);
    const report = (await response.json()) as Report;
    expect(report.rows).toBe(1000);
    expect(report.accepted).toHaveLength(970);
    expect(report.rejected.map((row) => row.line)).toEqual([...planted.keys()]);
    for (const row of report.rejected) {
      expect(row.errors.map((error) => error.field)).toContain(planted.get(row.line));
      expect(row.errors.every((error) => error.message.length > 0)).toBe(true);
    }
    expect((await stored()).surveys).toHaveLength(0);
  });

  it("stores nothing at all when a file with bad rows is imported for real", async () => {
    const { csv } = fileWithDefects("legacy-a");

    const response = await post("/api/v1/responses/import?dryRun=false", csv);

    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await response.json()) as { detail: string; errors: Array<{ field: string }> };
    expect(problem.detail).toContain("30 of 1000 rows were rejected");
    expect(problem.errors.length).toBeGreaterThanOrEqual(30);
    const after = await stored();
    expect(after.surveys).toHaveLength(0);
    expect(after.stored).toEqual({});
  });

  it(
    "stores every row of a clean file, without a requester address, with aggregates equal to a recount",
    async () => {
      const csv = toCsv(historyRows("legacy-a", 1000, 42));

      const response = await post("/api/v1/responses/import?dryRun=false", csv);

      expect(response.status).toBe(201);
      const report = (await response.json()) as Report;
      expect(report.imported).toBe(1000);
      expect(report.rejected).toEqual([]);
      const after = await stored();
      expect(after.surveys).toHaveLength(1000);
      expect(after.stored).toEqual(after.recount);
      expect(after.surveys.some((survey: Survey) => survey.requester.email !== undefined)).toBe(false);
      const ratingsIn = (series: SeriesRef) => {
        const pk = trendKey(series, "2026-10-01").key.pk;
        return Object.entries(after.stored)
          .filter(([key]) => key.startsWith(`${pk} `))
          .reduce(
            (sum, [, counts]) => sum + [1, 2, 3, 4, 5].reduce((n, s) => n + (counts[`s${s}`] ?? 0), 0),
            0,
          );
      };
      expect(ratingsIn(OVERALL)).toBe(1000);
      // The supplier column: two rows in five name one of two suppliers, the rest none.
      expect(ratingsIn({ dimension: "supplier", value: "Orange Polska" })).toBe(200);
      expect(ratingsIn({ dimension: "supplier", value: "Comarch" })).toBe(200);
    },
    IMPORT_TIMEOUT_MS,
  );

  it("changes nothing when the same file is imported again, and reports every row as already present", async () => {
    const csv = toCsv(historyRows("legacy-a", 1000, 42));
    const before = await stored();

    const dry = (await (await post("/api/v1/responses/import?dryRun=true", csv)).json()) as Report;
    const again = await post("/api/v1/responses/import?dryRun=false", csv);

    expect(dry.alreadyPresent).toHaveLength(1000);
    expect(dry.accepted).toHaveLength(0);
    expect(again.status).toBe(201);
    const report = (await again.json()) as Report;
    expect(report.imported).toBe(0);
    expect(report.alreadyPresent).toHaveLength(1000);
    const after = await stored();
    expect(after.stored).toEqual(before.stored);
    expect(after.surveys).toHaveLength(1000);
  });

  it(
    "completes an import that failed part-way when the file is sent again, counting no response twice",
    async () => {
      // As if the first attempt had died after 300 responses: those were written whole, with their ticket records.
      const rows = historyRows("legacy-b", 600, 7);
      const csv = toCsv(rows);
      const dry = (await (await post("/api/v1/responses/import?dryRun=true", csv)).json()) as Report;
      expect(dry.accepted).toHaveLength(600);
      const firstPart = rows.slice(0, 300).map((row, index) => partialSurvey(row, index));
      await makeDynamoResponseHistory(pulse.db, pulse.tableName).storeOnce(firstPart);

      const retry = await post("/api/v1/responses/import?dryRun=false", csv);

      const report = (await retry.json()) as Report;
      expect(report.imported).toBe(300);
      expect(report.alreadyPresent.map((row) => row.ticketId)).toEqual(
        rows.slice(0, 300).map((row) => row.ticketId),
      );
      const after = await stored();
      expect(after.surveys).toHaveLength(1600);
      expect(after.stored).toEqual(after.recount);
    },
    IMPORT_TIMEOUT_MS,
  );
});

describe("Themes after an import", () => {
  it("shows the themes of comments imported into a month whose themes were already read and final", async () => {
    const themesOf = async (query: string) => {
      const response = await pulse.app.request(`/api/v1/themes?from=2026-06-01&to=2026-06-30${query}`, {
        headers: { authorization: `Bearer ${await pulse.token("analyst")}` },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { comments: number; themes: Array<{ label: string }> };
    };
    const before = await themesOf("");
    const beforePrinting = await themesOf("&service=Printing");
    expect((await makeDynamoThemeRepository(pulse.db, pulse.tableName).get("2026-06", "*"))?.final).toBe(
      true,
    );
    const rows = historyRows("legacy-june", 6, 11).map((row, index) => ({
      ...row,
      ticketId: `JUN${index}`,
      resolvedAt: `2026-06-1${index}T10:00:00.000Z`,
      respondedAt: `2026-06-1${index}T12:00:00.000Z`,
      score: "1",
      comment: "The printer is jammed again, printer jammed.",
      locale: "en",
      service: "Printing",
    }));

    const response = await post("/api/v1/responses/import?dryRun=false", toCsv(rows));

    expect(((await response.json()) as Report).imported).toBe(6);
    const after = await themesOf("");
    const afterPrinting = await themesOf("&service=Printing");
    expect(after.comments).toBe(before.comments + 6);
    expect(afterPrinting.comments).toBe(beforePrinting.comments + 6);
    expect(before.themes.some((theme) => theme.label.includes("printer"))).toBe(false);
    expect(after.themes.some((theme) => theme.label.includes("printer"))).toBe(true);
    expect(afterPrinting.themes.some((theme) => theme.label.includes("printer"))).toBe(true);
  });
});

/** What the first, interrupted attempt had stored of one row. */
function partialSurvey(row: Row, index: number): Survey {
  const day = new Date(row.resolvedAt).toLocaleDateString("sv-SE", { timeZone: "Europe/Warsaw" });
  return {
    surveyId: `partial-${index}`,
    source: row.source,
    ticketId: row.ticketId,
    title: row.ticketId,
    resolvedAt: row.resolvedAt,
    day,
    requester: { locale: row.locale === "pl" ? "pl" : "en" },
    dimensions: { service: row.service, agent: row.agent },
    status: "invited",
    createdAt: clock.now().toISOString(),
    response: {
      score: Number(row.score) as 1 | 2 | 3 | 4 | 5,
      reasons: [],
      mode: "deliberate",
      respondedAt: row.respondedAt,
      autoHits: [],
      changes: 0,
    },
    version: 1,
  };
}

describe("Bad history files", () => {
  const header = HISTORY_COLUMNS.join(",");

  it("refuses a body that is not text/csv, naming the content type", async () => {
    const response = await post("/api/v1/responses/import", `${header}\n`, "head", "application/json");

    expect(response.status).toBe(415);
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors[0]?.field).toBe("content-type");
  });

  it("refuses a file that lacks required columns, naming each", async () => {
    const response = await post("/api/v1/responses/import", "source,ticketId,comment\nx,1,hi\n");

    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((error) => error.field)).toEqual(["resolvedAt", "respondedAt", "score"]);
  });

  it("refuses a file of more than 10,000 rows, and one larger than 5 MiB, naming the file", async () => {
    const row = "s,T,2026-10-01T10:00:00Z,2026-10-01T11:00:00Z,5,,en,,,,,,,";
    const tooMany = `${header}\n${Array.from({ length: 10_001 }, (_, i) => row.replace(",T,", `,T${i},`)).join("\n")}`;
    const tooLarge = `${header}\n${row}\n${"#".repeat(5 * 1024 * 1024)}`;

    const many = await post("/api/v1/responses/import", tooMany);
    const large = await post("/api/v1/responses/import", tooLarge);

    expect(many.status).toBe(413);
    expect(((await many.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe("file");
    expect(large.status).toBe(413);
    expect(((await large.json()) as { errors: Array<{ field: string }> }).errors[0]?.field).toBe("file");
  });

  it("lets only a head import history", async () => {
    expect((await post("/api/v1/responses/import", `${header}\n`, "manager")).status).toBe(403);
    expect((await post("/api/v1/responses/import", `${header}\n`, "analyst")).status).toBe(403);
  });
});

describe("Ticket sources in an import", () => {
  const rowFor = (source: string, ticketId: string): Row => ({
    ...(historyRows(source, 1, 5)[0] as Row),
    ticketId,
    resolvedAt: "2026-11-30T10:00:00.000Z",
    respondedAt: "2026-11-30T12:00:00.000Z",
  });

  it("finds a ticket surveyed live whatever the letter case of its source in the file", async () => {
    const live = await postTicket(
      pulse.app,
      aResolvedTicket({ source: "FEAT", ticketId: "CASE-1", resolvedAt: "2026-12-01T10:00:00Z" }),
    );
    expect(live.status).toBe(202);
    const csv = toCsv([rowFor("FEAT", "CASE-1"), rowFor("Feat", "CASE-2")]);

    const dry = (await (await post("/api/v1/responses/import?dryRun=true", csv)).json()) as Report;
    const real = await post("/api/v1/responses/import?dryRun=false", csv);

    expect(dry.alreadyPresent.map((row) => row.ticketId)).toEqual(["CASE-1"]);
    expect(dry.accepted.map((row) => row.line)).toEqual([3]);
    expect(real.status).toBe(201);
    expect(((await real.json()) as Report).imported).toBe(1);
    expect((await pulse.surveys.findByTicket("feat", "CASE-2"))?.source).toBe("feat");
  });

  it("takes FEAT and feat on two lines of one file for the same ticket, refusing the second", async () => {
    const csv = toCsv([rowFor("Zendesk", "Z-1"), rowFor("zendesk", "Z-1")]);

    const dry = (await (await post("/api/v1/responses/import?dryRun=true", csv)).json()) as Report;

    expect(dry.accepted.map((row) => row.line)).toEqual([2]);
    expect(dry.rejected).toEqual([
      {
        line: 3,
        errors: [{ field: "ticketId", message: "the same source and ticket are already on line 2" }],
      },
    ]);
  });

  it("answers a later intake of an imported ticket, in any letter case, with the imported survey", async () => {
    const imported = await post("/api/v1/responses/import?dryRun=false", toCsv([rowFor("Jira", "J-7")]));
    expect(((await imported.json()) as Report).imported).toBe(1);
    const stored = await pulse.surveys.findByTicket("jira", "J-7");

    const live = await postTicket(
      pulse.app,
      aResolvedTicket({ source: "JIRA", ticketId: "J-7", resolvedAt: "2026-11-30T10:00:00Z" }),
    );

    expect(stored?.source).toBe("jira");
    expect(((await live.json()) as { surveyId: string }).surveyId).toBe(stored?.surveyId);
  });

  it("still finds a response imported under a mixed-case source before sources were lower-cased", async () => {
    const row = rowFor("Legacy-Mixed", "LM-1");
    await makeDynamoResponseHistory(pulse.db, pulse.tableName).storeOnce([partialSurvey(row, 9000)]);

    const again = await post("/api/v1/responses/import?dryRun=false", toCsv([row]));

    const report = (await again.json()) as Report;
    expect(report.imported).toBe(0);
    expect(report.alreadyPresent.map((present) => present.ticketId)).toEqual(["LM-1"]);
  });
});
