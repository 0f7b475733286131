/**
 * History import at migration scale: a CSV of past responses posted to `POST /api/v1/responses/import` as a head
 * would, first as a dry run and then for real, over HTTP. Reports rows per second and the capacity units each
 * stored row costs (its ticket record, survey item and its share of the aggregates, written in transactions).
 */
import { seriesFor } from "../../../functions/src/domain/dimensions.js";
import { HISTORY_COLUMNS, planHistoryImport } from "../../../functions/src/domain/responses/history-csv.js";
import { seededRandom } from "../../../infra/local/demo-data.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";

const SECTION = "History import";

/** A previous survey tool's export: `count` responses over the 180 days before today, across services and agents. */
function historyCsv(count: number): string {
  const random = seededRandom(7);
  const now = Date.now();
  const lines = Array.from({ length: count }, (_, index) => {
    const resolved = now - (1 + random.next() * 180) * 86_400_000;
    const responded = Math.min(now - 60_000, resolved + random.next() * 3 * 86_400_000);
    return [
      "legacy",
      `INC${String(1_000_000 + index)}`,
      new Date(resolved).toISOString(),
      new Date(responded).toISOString(),
      String(1 + Math.floor(random.next() * 5)),
      random.chance(0.3) ? `"Szybko i sprawnie, dziękuję"` : "",
      random.pick(["pl", "en"]),
      random.pick(["Remote access", "Email", "Printing", "Laptops", "Accounts", "Telephony"]),
      random.pick(["Network", "Software", "Hardware", "Access"]),
      random.pick(["L1", "Network L2", "Desktop L2"]),
      `agent${Math.floor(random.next() * 25)}`,
      random.pick(["P2", "P3", "P4"]),
      random.pick(["portal", "email", "phone"]),
      random.chance(0.1) ? "true" : "false",
    ].join(",");
  });
  return `${HISTORY_COLUMNS.join(",")}\n${lines.join("\n")}\n`;
}

const section: BenchSection = {
  name: SECTION,
  async run(context: BenchContext): Promise<BenchRow[]> {
    const count = context.quick ? 1_000 : 5_000;
    const pulse = await context.startPulse({ ownDatabase: true });
    const token = await context.token(pulse, "head");
    const csv = historyCsv(count);

    async function post(dryRun: boolean) {
      pulse.meter.reset();
      const started = performance.now();
      const response = await fetch(`${pulse.url}/api/v1/responses/import?dryRun=${dryRun}`, {
        method: "POST",
        body: csv,
        headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
      });
      const text = await response.text();
      const seconds = (performance.now() - started) / 1000;
      if (response.status !== (dryRun ? 200 : 201)) {
        throw new Error(`import failed: ${response.status} ${text.slice(0, 500)}`);
      }
      const report = JSON.parse(text) as { imported: number; accepted: unknown[] };
      return { seconds, report, read: pulse.meter.read, write: pulse.meter.write };
    }

    context.log(`history import: ${count} rows, dry run then import`);
    const dry = await post(true);
    const real = await post(false);
    if (real.report.imported !== count) throw new Error(`stored ${real.report.imported} of ${count} rows`);
    const again = await post(false);

    // DynamoDB Local's capacity figure for transactions falls well short of what DynamoDB bills, so the billed figure
    // is also worked out: 2 WCU per transactional action of up to 1 KB, and one action per ticket record,
    // survey item and trend item of a day (a lower bound: a day split over two transactions repeats its trend items).
    const plan = planHistoryImport(csv, { timeZone: pulse.services.config.ORG_TIMEZONE, now: new Date() });
    const trendItems = new Set(
      plan.accepted.flatMap((row) =>
        seriesFor(row.dimensions).map((ref) => `${row.day} ${JSON.stringify(ref)}`),
      ),
    ).size;
    const modelled = (2 * (2 * count + trendItems)) / count;

    const note = `${count.toLocaleString("en")} rows over 180 days, 6 services, 25 agents, one request`;
    const rows: Array<Omit<BenchRow, "section">> = [
      { measure: "dry run, rows per second", value: count / dry.seconds, unit: "rows/s", note },
      { measure: "import, rows per second", value: count / real.seconds, unit: "rows/s", note },
      {
        measure: "import, write capacity per row (DynamoDB Local's figure)",
        value: real.write / count,
        unit: "WCU",
        note: "as DynamoDB Local reports it for transactions",
      },
      {
        measure: "import, write capacity per row (DynamoDB, worked out)",
        value: modelled,
        unit: "WCU",
        note: `${trendItems.toLocaleString("en")} trend items for ${count.toLocaleString("en")} rows, 2 WCU per action; plus 1 RCU per row (its ticket looked up)`,
      },
      {
        measure: "same file again (all already present), rows per second",
        value: count / again.seconds,
        unit: "rows/s",
        note: `${again.report.imported} stored; ${(again.write / count).toFixed(2)} WCU per row`,
      },
    ];
    return rows.map((row) => ({ section: SECTION, ...row }));
  },
};

export default section;
