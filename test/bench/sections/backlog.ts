/**
 * The CSI backlog at register scale: with 2,000 initiatives stored, how long a backlog page takes over HTTP and how
 * many capacity units it consumes. The first page ranks the whole filtered register (reading its small backlog
 * items, the live KPI series and the settings) and keeps the ranking as a snapshot; the pages after it read the
 * snapshot and only the items they show.
 */
import { makeHistoryImporter } from "../../../functions/src/adapters/dynamo/history-import.js";
import { localDay } from "../../../functions/src/domain/calendar.js";
import type { InitiativeStatus } from "../../../functions/src/domain/initiatives/fields.js";
import {
  createInitiative,
  formatInitiativeId,
} from "../../../functions/src/domain/initiatives/initiative.js";
import { DEMO_SERVICES, generateDemoHistory, seededRandom } from "../../../infra/local/demo-data.js";
import type { LocalPulse } from "../../../infra/local/server.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";
import { median } from "../measure.js";

const SECTION = "CSI register";
const LIMIT = 50;
const BACKLOG: readonly InitiativeStatus[] = ["proposed", "approved", "planned", "in-progress"];
const OWNERS = ["Anna Nowak", "Jan Kowalski", "Ewa Wójcik", "Piotr Zieliński", "Marta Lis", "Tomasz Mazur"];

/** The value at or above the given share of the sample (nearest rank). */
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}

/** Stores `count` initiatives in backlog statuses, across services, owners, categories and KPIs. */
async function storeRegister(pulse: LocalPulse, count: number): Promise<void> {
  const random = seededRandom(42);
  const now = new Date().toISOString();
  const initiatives = Array.from({ length: count }, (_, index) => {
    const service = random.pick(DEMO_SERVICES).name;
    const baseline = 0.6 + random.next() * 0.25;
    return createInitiative(
      {
        title: `Improve ${service} (${index + 1})`,
        description: "Raised from the quarterly review of low ratings and their comments. ".repeat(4),
        source: random.pick(["survey-feedback", "incident-trend", "problem", "staff-idea"] as const),
        services: [service],
        category: random.pick(["process", "technology", "people", "supplier"] as const),
        owner: random.pick(OWNERS),
        effort: 1 + Math.floor(random.next() * 40),
        status: random.pick(BACKLOG),
        ...(random.chance(0.7)
          ? {
              kpi: {
                dimension: "service" as const,
                value: service,
                baseline,
                target: Math.min(1, baseline + 0.1),
                targetDate: "2027-12-31",
              },
            }
          : {}),
        manualRank: random.chance(0.01) ? 1 + Math.floor(random.next() * 5) : null,
      },
      { id: formatInitiativeId(index + 1), actor: "bench", now },
    );
  });
  const outcome = await pulse.services.initiatives.importAll(initiatives, "bench");
  if (outcome !== "imported") throw new Error(`storing the register failed: ${outcome}`);
  await pulse.services.initiatives.allocateSequence(0, count);
}

const section: BenchSection = {
  name: "Backlog",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const count = context.quick ? 500 : 2_000;
    const walks = context.quick ? 4 : 8;
    const pagesPerWalk = 5;
    const pulse = await context.startPulse();
    const token = await context.token(pulse, "analyst");

    context.log(`backlog: storing 90 days of ratings and ${count} initiatives`);
    const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
    const history = generateDemoHistory({ today, days: 90, perWeekday: context.quick ? 10 : 34 });
    await makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME)(history.surveys, {
      emptyTable: true,
    });
    await storeRegister(pulse, count);

    async function read(query: string) {
      pulse.meter.reset();
      const started = performance.now();
      const response = await fetch(`${pulse.url}/api/v1/initiatives?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await response.json()) as { total: number; nextCursor: string | null; items: unknown[] };
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`backlog read failed: ${response.status}`);
      return { ms, read: pulse.meter.read, write: pulse.meter.write, calls: pulse.meter.calls, body };
    }

    // One warm-up walk, so that the JIT and connections do not count.
    await read(`limit=${LIMIT}`);
    const first: Array<Awaited<ReturnType<typeof read>>> = [];
    const later: Array<Awaited<ReturnType<typeof read>>> = [];
    let total = 0;
    for (let walk = 0; walk < walks; walk++) {
      let page = await read(`limit=${LIMIT}`);
      first.push(page);
      total = page.body.total;
      for (let n = 1; n < pagesPerWalk && page.body.nextCursor; n++) {
        page = await read(`limit=${LIMIT}&cursor=${page.body.nextCursor}`);
        later.push(page);
      }
    }
    const owner = [] as Array<Awaited<ReturnType<typeof read>>>;
    for (let i = 0; i < walks; i++)
      owner.push(await read(`limit=${LIMIT}&owner=${encodeURIComponent(OWNERS[0] as string)}`));

    const note = `${count.toLocaleString("en")} initiatives, ${total} in the backlog, ${LIMIT} a page`;
    const rows: Array<Omit<BenchRow, "section">> = [
      {
        measure: "first page latency p50",
        value: median(first.map((p) => p.ms)),
        unit: "ms",
        note: `${note}; ranks all`,
      },
      {
        measure: "first page latency p99",
        value: percentile(
          first.map((p) => p.ms),
          0.99,
        ),
        unit: "ms",
        note: `${first.length} reads`,
      },
      {
        measure: "next page latency p50",
        value: median(later.map((p) => p.ms)),
        unit: "ms",
        note: "from the ranking snapshot",
      },
      {
        measure: "next page latency p99",
        value: percentile(
          later.map((p) => p.ms),
          0.99,
        ),
        unit: "ms",
        note: `${later.length} reads`,
      },
      {
        // The meter books operations that report only a total (the snapshot's put among them) as read units.
        measure: "first page capacity units",
        value: median(first.map((p) => p.read + p.write)),
        unit: "CU",
        note: "backlog items + KPI series + settings + snapshot put",
      },
      {
        measure: "next page capacity units",
        value: median(later.map((p) => p.read + p.write)),
        unit: "CU",
        note: "snapshot + the page's items",
      },
      {
        measure: "owner-filtered first page capacity units",
        value: median(owner.map((p) => p.read + p.write)),
        unit: "CU",
        note: `one owner of ${OWNERS.length}, through the owner index`,
      },
      { measure: "owner-filtered first page latency p50", value: median(owner.map((p) => p.ms)), unit: "ms" },
    ];
    return rows.map((row) => ({ section: SECTION, ...row, value: Math.round(row.value * 10) / 10 }));
  },
};

export default section;
