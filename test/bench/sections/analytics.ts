/**
 * Analytics at scale: one million responses across two years, written as the exact per-day aggregates they add up to
 * (`importHistory` with `storeSurveys: false`: trend, breakdown, comparison and impact read only the aggregates, so the
 * survey items are not needed). Each query is timed over HTTP (p50 of repeated runs) and metered in capacity units.
 */
import { makeHistoryImporter } from "../../../functions/src/adapters/dynamo/history-import.js";
import { addDays, localDay } from "../../../functions/src/domain/calendar.js";
import type { Score, Survey } from "../../../functions/src/domain/survey.js";
import { DEMO_SERVICES, seededRandom } from "../../../infra/local/demo-data.js";
import type { LocalPulse } from "../../../infra/local/server.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";
import { inParallel, median } from "../measure.js";

const SECTION = "Analytics";
const DAYS = 730;
const PRIORITIES = ["P1", "P2", "P3", "P4"];
const CHANNELS = ["portal", "email", "phone", "chat"];
/** The service whose planted improvement the impact query assesses, and how long before today it went live. */
const IMPROVED = "Remote access";
const GO_LIVE_DAYS_AGO = 150;

function score(random: ReturnType<typeof seededRandom>, csat: number): Score {
  if (random.chance(csat)) return random.chance(0.6) ? 5 : 4;
  return random.pick([1, 2, 3] as const);
}

/** The responses of some whole days: only what the aggregates count (day, dimensions, score). */
function responsesOfDays(
  days: readonly string[],
  perDay: number,
  goLive: string,
  random: ReturnType<typeof seededRandom>,
): Survey[] {
  const surveys: Survey[] = [];
  for (const day of days) {
    for (let i = 0; i < perDay; i++) {
      const service = random.pick(DEMO_SERVICES);
      const lifted = service.name === IMPROVED && day >= goLive ? 0.06 : 0;
      surveys.push({
        day,
        status: "invited",
        dimensions: {
          service: service.name,
          category: random.pick(service.categories),
          assignmentGroup: random.chance(0.35) ? "Service Desk L1" : service.group,
          agent: random.pick(service.agents),
          priority: random.pick(PRIORITIES),
          channel: random.pick(CHANNELS),
          slaBreached: random.chance(0.08) ? "breached" : "met",
        },
        response: { score: score(random, service.csat + lifted) },
      } as unknown as Survey);
    }
  }
  return surveys;
}

async function storeHistory(pulse: LocalPulse, total: number, today: string, log: (line: string) => void) {
  const importHistory = makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME);
  const random = seededRandom(7);
  const first = addDays(today, -DAYS);
  const goLive = addDays(today, -GO_LIVE_DAYS_AGO);
  const perDay = Math.round(total / DAYS);
  let trendItems = 0;
  let written = 0;
  const chunks: string[][] = [];
  for (let offset = 0; offset < DAYS; offset += 30) {
    chunks.push(Array.from({ length: Math.min(30, DAYS - offset) }, (_, k) => addDays(first, offset + k)));
  }
  // A month of days at a time, three months in flight: chunks never share a day, so each aggregate item is written
  // whole exactly once, whatever the order the chunks finish in.
  await inParallel(chunks, 3, async (days) => {
    const result = await importHistory(responsesOfDays(days, perDay, goLive, random), {
      emptyTable: true,
      storeSurveys: false,
    });
    trendItems += result.trendItems;
    written += 1;
    if (written % 6 === 0)
      log(`analytics: ${Math.round((written / chunks.length) * 100)}% of the history written`);
  });
  return { responses: perDay * DAYS, trendItems, first, goLive };
}

const section: BenchSection = {
  name: "Analytics",
  async run(context: BenchContext): Promise<BenchRow[]> {
    const total = context.quick ? 100_000 : 1_000_000;
    const runs = context.quick ? 8 : 20;
    const pulse = await context.startPulse();
    const token = await context.token(pulse, "analyst");
    const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);

    context.log(
      `analytics: writing the aggregates of ${total.toLocaleString("en")} responses over two years`,
    );
    const started = performance.now();
    const history = await storeHistory(pulse, total, today, context.log);
    const importSeconds = (performance.now() - started) / 1000;

    async function measure(path: string) {
      const call = async () => {
        const response = await fetch(`${pulse.url}${path}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = await response.text();
        if (response.status !== 200)
          throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
        return body;
      };
      await call(); // warm-up
      pulse.meter.reset();
      await call();
      const capacity = pulse.meter.read;
      const calls = pulse.meter.calls;
      const times: number[] = [];
      for (let run = 0; run < runs; run++) {
        const t0 = performance.now();
        await call();
        times.push(performance.now() - t0);
      }
      return { p50: median(times), capacity, calls };
    }

    const yearAgo = addDays(today, -364);
    const quarterAgo = addDays(today, -90);
    const queries: Array<{ name: string; path: string; note: string }> = [
      {
        name: "2-year weekly trend",
        path: `/api/v1/metrics/satisfaction?from=${history.first}&to=${today}&interval=week`,
        note: "overall, 105 weekly buckets; no history before them, so the baseline is the range's first 26 weeks",
      },
      {
        name: "1-year weekly chart, default baseline",
        path: `/api/v1/metrics/satisfaction?from=${yearAgo}&to=${today}&interval=week`,
        note: "overall, 53 weekly buckets judged against the 26 weeks before (one read of 79 weeks of aggregates), phase I, CUSUM and a 2,000-run false-alarm simulation",
      },
      {
        name: "13-week service chart, default baseline",
        path: `/api/v1/metrics/satisfaction?service=${encodeURIComponent(IMPROVED)}&interval=week`,
        note: "the app's default range for one service, against the 26 weeks before it",
      },
      {
        name: "breakdown by service (1 year)",
        path: `/api/v1/metrics/breakdown?dimension=service&from=${yearAgo}&to=${today}`,
        note: `${DEMO_SERVICES.length} services x 365 days, one index query`,
      },
      {
        name: "breakdown by agent (1 year)",
        path: `/api/v1/metrics/breakdown?dimension=agent&from=${yearAgo}&to=${today}`,
        note: "every agent x 365 days",
      },
      {
        name: "breakdown by agent within a service (90 days)",
        path: `/api/v1/metrics/breakdown?dimension=agent&service=${encodeURIComponent(IMPROVED)}&from=${quarterAgo}&to=${today}`,
        note: "3 agents x 91 days",
      },
      {
        name: "comparison by service (quarter vs a year earlier)",
        path: `/api/v1/metrics/comparison?dimension=service&aFrom=${addDays(quarterAgo, -364)}&aTo=${addDays(today, -364)}&bFrom=${quarterAgo}&bTo=${today}`,
        note: "2 index queries + 2 overall reads, Holm-adjusted",
      },
      {
        name: "impact of a service KPI (8+8 weeks)",
        path: `/api/v1/metrics/impact?dimension=service&value=${encodeURIComponent(IMPROVED)}&goLive=${history.goLive}`,
        note: "KPI series + overall, 126 days each",
      },
    ];

    const rows: BenchRow[] = [
      {
        section: SECTION,
        measure: "history written",
        value: Math.round(importSeconds * 10) / 10,
        unit: "s",
        note: `${history.responses.toLocaleString("en")} responses over ${DAYS} days as ${history.trendItems.toLocaleString("en")} aggregate items; survey items not stored (these reads never touch them)`,
      },
    ];
    for (const query of queries) {
      context.log(`analytics: ${query.name}`);
      const result = await measure(query.path);
      rows.push(
        {
          section: SECTION,
          measure: `${query.name} latency p50`,
          value: Math.round(result.p50 * 10) / 10,
          unit: "ms",
          note: `${runs} runs over HTTP; ${query.note}`,
        },
        {
          section: SECTION,
          measure: `${query.name} capacity`,
          value: Math.round(result.capacity * 10) / 10,
          unit: "RCU",
          note: `${result.calls} DynamoDB call(s); grows with days x values read, not with responses`,
        },
      );
    }
    return rows;
  },
};

export default section;
