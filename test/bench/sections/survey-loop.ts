/**
 * The survey loop under load on the local runtime: intake and rating throughput, the capacity units each costs one at a
 * time and under load at 10 and 50 connections (with the transactions a conflict cancelled), DynamoDB Local's own rate
 * for the rating transaction measured beside each load, and the metrics query's cost with 1,000 and 100,000 responses.
 */
import { readdir, readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { join } from "node:path";
import { simpleParser } from "mailparser";
import { makeHistoryImporter } from "../../../functions/src/adapters/dynamo/history-import.js";
import { addDays, localDay } from "../../../functions/src/domain/calendar.js";
import type { Survey } from "../../../functions/src/domain/survey.js";
import { generateDemoHistory, seededRandom } from "../../../infra/local/demo-data.js";
import type { LocalPulse } from "../../../infra/local/server.js";
import { scoreLink, tokenOf } from "../../helpers/outbox.js";
import { formNonceOf } from "../../helpers/survey-page.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";
import { type LoadSummary, REQUEST_FACTORIES, runLoad, writeRequestList } from "../load.js";
import { type PreparedRequest, signedIntake } from "../load-requests.js";
import { inParallel, median } from "../measure.js";
import { type FloorResult, measureTransactionFloor } from "../transaction-floor.js";

const SECTION = "Survey loop";
const CONNECTIONS = 10;
/** The wider load, where contention on shared aggregate items would show first. */
const WIDE_CONNECTIONS = 50;

type Row = Omit<BenchRow, "section">;

/** Reads the invitation emails that arrived since the last call (once the mail queue is idle) and returns their link tokens. */
function outboxReader(folder: string, drain: () => Promise<void>) {
  const seen = new Set<string>();
  return async (limit = Number.POSITIVE_INFINITY): Promise<string[]> => {
    await drain();
    const names = (await readdir(folder).catch(() => [] as string[]))
      .filter((name) => name.endsWith(".eml") && !seen.has(name))
      .sort()
      .slice(0, limit);
    const tokens: string[] = [];
    await inParallel(names, 8, async (name) => {
      seen.add(name);
      const mail = await simpleParser(await readFile(join(folder, name)));
      tokens.push(tokenOf(scoreLink(mail, 5)));
    });
    return tokens;
  };
}

async function send(pulse: LocalPulse, request: PreparedRequest): Promise<Response> {
  return fetch(`${pulse.url}${request.path}`, {
    method: request.method,
    headers: request.headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
}

/** Opens a survey link as a browser would and returns the page's one-time form value. */
async function openForNonce(pulse: LocalPulse, token: string, score: number): Promise<string> {
  const response = await fetch(`${pulse.url}/s/${token}?score=${score}`);
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET /s/{token} answered ${response.status}`);
  return formNonceOf(html);
}

function ratingRequest(token: string, score: number, nonce: string, comment?: string): PreparedRequest {
  const body = new URLSearchParams({ score: String(score), nonce, mode: "deliberate" });
  if (comment) body.set("comment", comment);
  return {
    method: "POST",
    path: `/s/${token}`,
    // The page's script posts with fetch and asks for JSON; the no-script form gets the page back instead.
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: body.toString(),
  };
}

/** Capacity units consumed by one call, with its latency, read from the Pulse's meter. */
async function metered<T>(pulse: LocalPulse, call: () => Promise<T>) {
  pulse.meter.reset();
  const started = performance.now();
  const result = await call();
  const ms = performance.now() - started;
  return { result, ms, read: pulse.meter.read, write: pulse.meter.write };
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

function checkLoad(what: string, summary: LoadSummary): void {
  const failed = summary.requests - summary.ok;
  if (failed > summary.requests * 0.01) {
    throw new Error(
      `${what}: ${failed} of ${summary.requests} requests failed (status codes ${JSON.stringify(summary.statusCodes)}, ${summary.errors} errors, ${summary.timeouts} timeouts)`,
    );
  }
}

function loadNote(summary: LoadSummary, extra: string, connections = CONNECTIONS): string {
  const failed = summary.requests - summary.ok;
  return `${connections} connections, ${summary.requests} requests in ${summary.seconds.toFixed(1)} s${
    failed > 0 ? `, ${failed} not 2xx` : ""
  }; ${extra}`;
}

function loadRows(what: string, summary: LoadSummary, extra: string, connections = CONNECTIONS): Row[] {
  const note = loadNote(summary, extra, connections);
  return [
    { measure: `${what} requests per second`, value: summary.perSecond, unit: "req/s", note },
    { measure: `${what} latency p50`, value: summary.p50, unit: "ms", note: "same run" },
    { measure: `${what} latency p99`, value: summary.p99, unit: "ms", note: "same run" },
  ];
}

interface MetricsTotals {
  totals: { n: number; distribution: Record<string, number> };
  buckets: unknown[];
}

async function satisfaction(pulse: LocalPulse, token: string, query: string): Promise<MetricsTotals> {
  const response = await fetch(`${pulse.url}/api/v1/metrics/satisfaction?${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.status !== 200)
    throw new Error(`metrics answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as MetricsTotals;
}

/** Capacity units and latency of a metrics query, each call metered on its own. */
async function measureQuery(pulse: LocalPulse, token: string, query: string, calls: number) {
  for (let i = 0; i < 10; i++) await satisfaction(pulse, token, query);
  const samples: Array<{ read: number; ms: number }> = [];
  let last: MetricsTotals | undefined;
  for (let i = 0; i < calls; i++) {
    const sample = await metered(pulse, () => satisfaction(pulse, token, query));
    last = sample.result;
    samples.push(sample);
  }
  return {
    read: average(samples.map((sample) => sample.read)),
    p50: median(samples.map((sample) => sample.ms)),
    result: last as MetricsTotals,
  };
}

async function singleCallCosts(
  context: BenchContext,
  pulse: LocalPulse,
  readTokens: () => Promise<string[]>,
) {
  const calls = context.quick ? 20 : 50;
  const resolvedAt = new Date(Date.now() - 60_000).toISOString();
  const intakes = [];
  for (let i = 1; i <= calls; i++) {
    const request = signedIntake({ secret: pulse.secrets.intakeSecret, prefix: "METER", resolvedAt }, i);
    const sample = await metered(pulse, async () => {
      const response = await send(pulse, request);
      const body = (await response.json()) as { status?: string };
      if (response.status !== 202 || body.status !== "invited") {
        throw new Error(`intake answered ${response.status} ${JSON.stringify(body)}`);
      }
      // The invitation's sending counts with its intake, as it did when the intake sent it itself.
      await pulse.services.mailQueue.drain();
    });
    intakes.push(sample);
  }
  const tokens = await readTokens();
  if (tokens.length !== calls) throw new Error(`expected ${calls} invitations, found ${tokens.length}`);

  const pages = [];
  const firsts = [];
  const changes = [];
  for (const token of tokens) {
    const page = await metered(pulse, () => openForNonce(pulse, token, 4));
    pages.push(page);
    firsts.push(
      await metered(pulse, async () => {
        const response = await send(pulse, ratingRequest(token, 4, page.result));
        const body = (await response.json()) as { outcome?: string };
        if (body.outcome !== "recorded") throw new Error(`rating answered ${JSON.stringify(body)}`);
      }),
    );
    const again = await openForNonce(pulse, token, 2);
    changes.push(
      await metered(pulse, async () => {
        const response = await send(pulse, ratingRequest(token, 2, again, "Changed my mind"));
        const body = (await response.json()) as { outcome?: string };
        if (body.outcome !== "recorded") throw new Error(`change of mind answered ${JSON.stringify(body)}`);
      }),
    );
  }
  const note = `average of ${calls} single calls over HTTP`;
  const rows: Row[] = [];
  for (const [what, samples, extra] of [
    ["intake", intakes, "; the invitation sent through the local mail queue is counted with its intake"],
    ["survey page view (GET)", pages, ""],
    ["rating (first)", firsts, ""],
    ["rating (change of mind)", changes, ""],
  ] as const) {
    rows.push(
      { measure: `read capacity per ${what}`, value: average(samples.map((s) => s.read)), unit: "RCU", note },
      {
        measure: `write capacity per ${what}`,
        value: average(samples.map((s) => s.write)),
        unit: "WCU",
        note: `${note}${extra}`,
      },
    );
  }
  rows.push(
    {
      measure: "intake latency one at a time, p50",
      value: median(intakes.map((sample) => sample.ms)),
      unit: "ms",
      note: `${calls} sequential calls: under load, DynamoDB Local's transactions on the same 2 cores set the pace`,
    },
    {
      measure: "rating latency one at a time, p50",
      value: median(firsts.map((sample) => sample.ms)),
      unit: "ms",
      note: `${calls} sequential first ratings`,
    },
  );
  const cost = (samples: Array<{ read: number; write: number }>) => ({
    read: average(samples.map((sample) => sample.read)),
    write: average(samples.map((sample) => sample.write)),
  });
  return { rows, intake: cost(intakes), rating: cost(firsts) };
}

async function countOutbox(folder: string): Promise<number> {
  return (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith(".eml")).length;
}

/** Waits until the server has finished the requests still in flight when the load generator stopped. */
async function settle(pulse: LocalPulse): Promise<void> {
  // Invitations leave through the in-process mail queue after the intake has answered.
  await pulse.services.mailQueue.drain();
  let calls = -1;
  while (pulse.meter.calls !== calls) {
    calls = pulse.meter.calls;
    await new Promise((resolveWait) => setTimeout(resolveWait, 500));
  }
}

function underLoadRows(
  what: string,
  pulse: LocalPulse,
  completed: number,
  single: { read: number; write: number },
) {
  const note = `under load (${CONNECTIONS} connections), over ${completed} completed; one at a time: ${formatCost(single)}`;
  return [
    {
      measure: `read capacity per ${what} under load`,
      value: pulse.meter.read / completed,
      unit: "RCU",
      note,
    },
    {
      measure: `write capacity per ${what} under load`,
      value: pulse.meter.write / completed,
      unit: "WCU",
      note: "transactions cancelled by a conflict on a shared aggregate item are retried, and the retries cost too",
    },
  ];
}

function formatCost(cost: { read: number; write: number }): string {
  return `${Number(cost.read.toFixed(2))} RCU, ${Number(cost.write.toFixed(2))} WCU`;
}

async function intakeLoad(
  context: BenchContext,
  pulse: LocalPulse,
  single: { read: number; write: number },
): Promise<{ rows: Row[]; perSecond: number }> {
  const durationSeconds = context.quick ? 3 : 10;
  const outbox = pulse.services.config.OUTBOX_DIR;
  context.log(`intake load: ${CONNECTIONS} connections for ${durationSeconds} s`);
  const before = await countOutbox(outbox);
  pulse.meter.reset();
  const summary = await runLoad({
    url: pulse.url,
    connections: CONNECTIONS,
    durationSeconds,
    factory: {
      module: REQUEST_FACTORIES,
      name: "signedIntakes",
      args: {
        secret: pulse.secrets.intakeSecret,
        prefix: "LOAD",
        resolvedAt: new Date(Date.now() - 60_000).toISOString(),
      },
    },
  });
  checkLoad("intake", summary);
  await settle(pulse);
  // Every completed intake wrote one invitation, including those still in flight when the load stopped.
  const completed = (await countOutbox(outbox)) - before;
  const rows = [
    ...loadRows(
      "intake",
      summary,
      "each a new ticket; locally the in-process mail queue then renders and writes the invitation email",
    ),
    ...underLoadRows("intake", pulse, completed, single),
  ];
  return { rows, perSecond: summary.perSecond };
}

/** Fresh surveys to rate: invitations the intake load left, topped up with new intakes when too few are left. */
async function surveysToRate(
  pulse: LocalPulse,
  readTokens: (limit?: number) => Promise<string[]>,
  wanted: number,
  prefix: string,
): Promise<string[]> {
  const tokens = await readTokens(wanted);
  if (tokens.length < wanted) {
    const resolvedAt = new Date(Date.now() - 60_000).toISOString();
    await inParallel(
      Array.from({ length: wanted - tokens.length }, (_, i) => i + 1),
      4,
      async (sequence) => {
        const response = await send(
          pulse,
          signedIntake({ secret: pulse.secrets.intakeSecret, prefix, resolvedAt }, sequence),
        );
        if (response.status !== 202) throw new Error(`intake answered ${response.status}`);
        await response.body?.cancel();
      },
    );
    tokens.push(...(await readTokens(wanted - tokens.length)));
  }
  return tokens;
}

interface RatingRun {
  connections: number;
  summary: LoadSummary;
  read: number;
  write: number;
  cancelled: number;
  changes: number;
  surveys: number;
}

/**
 * One rating load: first ratings of fresh surveys with seeded scores, and changes of mind for about a quarter of those
 * rated early, long after their first rating was sent. Every run has the same mix, so the cost per rating of a run one
 * at a time and of runs under load compare like for like.
 */
async function ratingRun(
  context: BenchContext,
  pulse: LocalPulse,
  tokens: string[],
  connections: number,
  finalScore: Map<string, number>,
): Promise<RatingRun> {
  const random = seededRandom(7 + connections);
  const half = Math.ceil(tokens.length / 2);
  const changing = new Set(tokens.slice(0, Math.floor(half * 0.8)).filter(() => random.chance(0.3)));
  const firsts: PreparedRequest[] = [];
  const seconds: PreparedRequest[] = [];
  context.log(`rating load: opening ${tokens.length + changing.size} pages for their form values`);
  await inParallel(tokens, 8, async (token) => {
    const score = 1 + Math.floor(random.next() * 5);
    firsts.push(ratingRequest(token, score, await openForNonce(pulse, token, score)));
    finalScore.set(token, score);
    if (changing.has(token)) {
      const changed = score >= 4 ? score - 2 : score + 2;
      seconds.push(ratingRequest(token, changed, await openForNonce(pulse, token, changed), "On reflection"));
      finalScore.set(token, changed);
    }
  });
  const position = new Map(tokens.map((token, index) => [`/s/${token}`, index]));
  const early = firsts.filter((request) => (position.get(request.path) ?? 0) < half);
  const late = firsts.filter((request) => (position.get(request.path) ?? 0) >= half);
  const tail = [...late, ...seconds].sort(() => random.next() - 0.5);
  const list = [...early, ...tail];
  const folder = join(pulse.services.config.OUTBOX_DIR, "..");
  context.log(
    `rating load: ${list.length} ratings (${seconds.length} changes of mind), ${connections} connections`,
  );
  pulse.meter.reset();
  const summary = await runLoad({
    url: pulse.url,
    connections,
    amount: list.length,
    factory: {
      module: REQUEST_FACTORIES,
      name: "preparedList",
      args: await writeRequestList(folder, `ratings-${connections}`, list),
    },
  });
  checkLoad("rating", summary);
  await settle(pulse);
  return {
    connections,
    summary,
    read: pulse.meter.read / summary.requests,
    write: pulse.meter.write / summary.requests,
    cancelled: pulse.meter.cancelled / summary.requests,
    changes: seconds.length,
    surveys: tokens.length,
  };
}

/** The survey the single-call phase created first, as stored: the model of the floor's transactions. */
async function modelSurvey(pulse: LocalPulse): Promise<Survey> {
  const survey = await pulse.services.surveys.findByTicket("servicenow", "METER-1");
  if (!survey) throw new Error("the single-call phase left no survey METER-1");
  return survey;
}

async function ratingLoads(
  context: BenchContext,
  pulse: LocalPulse,
  readTokens: (limit?: number) => Promise<string[]>,
  staffToken: string,
  alreadyRated: number,
  rates: { intake: number },
): Promise<Row[]> {
  const wanted = context.quick ? 80 : 240;
  const model = await modelSurvey(pulse);
  const finalScore = new Map<string, number>();
  const runs: RatingRun[] = [];
  const floors: FloorResult[] = [];
  for (const connections of [1, CONNECTIONS, WIDE_CONNECTIONS]) {
    const tokens = await surveysToRate(pulse, readTokens, wanted, `POOL${connections}`);
    // Side by side: DynamoDB Local's own pace for the same transaction and concurrency just before and just after the
    // product's, since on shared cores the pace drifts within a minute.
    const floor = () => {
      context.log(`transaction floor: ${connections} in flight`);
      return measureTransactionFloor(pulse, model, {
        inFlight: connections,
        transactions: context.quick ? 150 : 600,
      });
    };
    const before = connections > 1 ? await floor() : undefined;
    runs.push(await ratingRun(context, pulse, tokens, connections, finalScore));
    if (before) floors.push(before, await floor());
  }

  // The loads must have left the aggregates equal to what was rated: the whole point of the write path.
  const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
  const { totals } = await satisfaction(
    pulse,
    staffToken,
    `from=${addDays(today, -1)}&to=${today}&interval=day`,
  );
  const expected = [0, 0, 0, 0, 0];
  for (const score of finalScore.values()) expected[score - 1] = (expected[score - 1] ?? 0) + 1;
  const got = [1, 2, 3, 4, 5].map((score) => totals.distribution[String(score)] ?? 0);
  // The single-call phase left its surveys at score 2, and the floor's ratings count too.
  expected[1] = (expected[1] ?? 0) + alreadyRated;
  for (const floor of floors) {
    for (let index = 0; index < floor.transactions; index++) {
      expected[index % 5] = (expected[index % 5] ?? 0) + 1;
    }
  }
  if (got.join() !== expected.join()) {
    throw new Error(
      `after the rating loads the trend shows ${got.join("/")}, expected ${expected.join("/")}`,
    );
  }
  context.log(`rating loads: the trend equals the ratings sent (${got.join("/")})`);

  const rows: Row[] = [];
  const single = runs[0] as RatingRun;
  for (const run of runs) {
    const what = run.connections === 1 ? "one at a time" : `${run.connections} connections`;
    const mix = `${run.surveys} surveys, ${run.changes} changes of mind, seeded scores 1-5 (low ones open a follow-up case)`;
    if (run.connections > 1) {
      rows.push(...loadRows(`rating (${what})`, run.summary, `${mix}; trend checked exact`, run.connections));
    }
    rows.push(
      { measure: `read capacity per rating, ${what}`, value: run.read, unit: "RCU", note: mix },
      {
        measure: `write capacity per rating, ${what}`,
        value: run.write,
        unit: "WCU",
        note:
          run.connections === 1
            ? "as DynamoDB Local reports it for the transactions that went through"
            : `${(run.write / single.write).toFixed(2)}x one at a time`,
      },
      {
        measure: `cancelled transactions per rating, ${what}`,
        value: run.cancelled,
        unit: "tries",
        note: "a conflict on a shared item cancels a transaction, which is decided and sent again; DynamoDB reports no capacity for it, and each would cost about one rating's WCU if billed",
      },
    );
  }
  for (const inFlight of [CONNECTIONS, WIDE_CONNECTIONS]) {
    const pair = floors.filter((floor) => floor.inFlight === inFlight);
    const run = runs.find((candidate) => candidate.connections === inFlight);
    if (pair.length === 0 || !run) continue;
    const transactions = pair.reduce((sum, floor) => sum + floor.transactions, 0);
    const perSecond = pair.reduce((sum, floor) => sum + floor.perSecond, 0) / pair.length;
    const cancelled = pair.reduce(
      (sum, floor) => sum + floor.cancelledPerTransaction * floor.transactions,
      0,
    );
    rows.push(
      {
        measure: `DynamoDB Local's own rate for the rating transaction, ${inFlight} in flight`,
        value: perSecond,
        unit: "tx/s",
        note: `mean of ${pair.map((floor) => floor.perSecond.toFixed(1)).join(" (before) and ")} (after the product's run); ${transactions} first-rating transactions (survey update + each aggregate on its shard) straight through the repository, ${(pair[0] as FloorResult).writePerTransaction.toFixed(1)} WCU and ${(cancelled / transactions).toFixed(3)} cancelled tries each; load average ${loadavg()[0]?.toFixed(1)}`,
      },
      {
        measure: `rating rate as a share of that, ${inFlight} connections`,
        value: (100 * run.summary.perSecond) / perSecond,
        unit: "%",
        note: `${run.summary.perSecond.toFixed(1)} ratings/s over HTTP against ${perSecond.toFixed(1)} tx/s, measured side by side`,
      },
    );
    if (inFlight === CONNECTIONS) {
      rows.push({
        measure: `intake rate as a share of that, ${CONNECTIONS} connections`,
        value: (100 * rates.intake) / perSecond,
        unit: "%",
        note: "the intake load above against the rating transaction's own rate; locally each intake also writes its invitation email",
      });
    }
  }
  return rows;
}

/** `count` responses spread over the year before `today`, from the demo generator (responses only). */
function generatedResponses(count: number, today: string): Survey[] {
  // The demo generator yields about 95 responses a year for each ticket per weekday.
  const perWeekday = Math.min(100, Math.ceil((count / 95) * 1.25));
  const collected: Survey[] = [];
  for (let chunk = 0; collected.length < count; chunk++) {
    const { surveys } = generateDemoHistory({ today, days: 365, seed: 1_000 + chunk, perWeekday });
    for (const survey of surveys) {
      if (!survey.response?.score) continue;
      collected.push({
        ...survey,
        surveyId: `b${chunk}${survey.surveyId}`,
        ticketId: `${survey.ticketId}-${chunk}`,
      });
    }
  }
  // An even stride keeps the sample spread over the whole year.
  return Array.from(
    { length: count },
    (_, i) => collected[Math.floor((i * collected.length) / count)] as Survey,
  );
}

async function metricsAtScale(context: BenchContext): Promise<Row[]> {
  const sizes = [1_000, context.quick ? 10_000 : 100_000];
  const calls = context.quick ? 20 : 50;
  const results: Array<{
    size: number;
    daily: { read: number; p50: number };
    monthly: { read: number; p50: number };
  }> = [];
  for (const size of sizes) {
    const pulse = await context.startPulse({ ownDatabase: true });
    const token = await context.token(pulse, "analyst");
    const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
    const surveys = generatedResponses(size, today);
    context.log(`storing ${size.toLocaleString("en-US")} responses`);
    const started = Date.now();
    const importHistory = makeHistoryImporter(pulse.services.db, pulse.services.config.TABLE_NAME);
    await importHistory(surveys, { emptyTable: true, storeSurveys: true });
    context.log(`stored in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const yesterday = addDays(today, -1);
    const daily = await measureQuery(
      pulse,
      token,
      `from=${addDays(today, -90)}&to=${yesterday}&interval=day`,
      calls,
    );
    const monthly = await measureQuery(
      pulse,
      token,
      `from=${addDays(today, -365)}&to=${yesterday}&interval=month`,
      calls,
    );
    if (monthly.result.totals.n !== size) {
      throw new Error(`the 1-year trend counts ${monthly.result.totals.n} responses, ${size} were stored`);
    }
    results.push({ size, daily, monthly });
  }
  const rows: Row[] = [];
  const note = (size: number) =>
    `${size.toLocaleString("en-US")} stored responses over a year; mean of ${calls} calls`;
  for (const { size, daily, monthly } of results) {
    const label = size.toLocaleString("en-US");
    rows.push(
      {
        measure: `metrics 90 days by day, ${label} responses: read`,
        value: daily.read,
        unit: "RCU",
        note: note(size),
      },
      {
        measure: `metrics 90 days by day, ${label} responses: p50`,
        value: daily.p50,
        unit: "ms",
        note: "over HTTP",
      },
      {
        measure: `metrics 1 year by month, ${label} responses: read`,
        value: monthly.read,
        unit: "RCU",
        note: note(size),
      },
      {
        measure: `metrics 1 year by month, ${label} responses: p50`,
        value: monthly.p50,
        unit: "ms",
        note: "over HTTP",
      },
    );
  }
  const [small, large] = results;
  if (small && large) {
    const times = `${(large.size / small.size).toLocaleString("en-US")}x the responses`;
    rows.push(
      {
        measure: "metrics read cost ratio, 90 days by day",
        value: large.daily.read / small.daily.read,
        unit: "x",
        note: `${times}: the cost follows the days read and their shards, not the responses`,
      },
      {
        measure: "metrics read cost ratio, 1 year by month",
        value: large.monthly.read / small.monthly.read,
        unit: "x",
        note: `${times}; on a sparse day only the shards written exist, so the smaller table reads fewer items (at most the shard count per day either way)`,
      },
    );
  }
  return rows;
}

async function run(context: BenchContext): Promise<BenchRow[]> {
  const pulse = await context.startPulse();
  const staffToken = await context.token(pulse, "analyst");
  const readTokens = outboxReader(pulse.services.config.OUTBOX_DIR, pulse.services.mailQueue.drain);
  const rows: Row[] = [];

  context.log("capacity per call");
  const single = await singleCallCosts(context, pulse, readTokens);
  const today = localDay(new Date(), pulse.services.config.ORG_TIMEZONE);
  const query = await measureQuery(
    pulse,
    staffToken,
    `from=${addDays(today, -89)}&to=${today}&interval=day`,
    context.quick ? 20 : 50,
  );
  rows.push(...single.rows, {
    measure: "read capacity per metrics query (90 days by day)",
    value: query.read,
    unit: "RCU",
    note: "overall series; the table holds only this run's surveys",
  });

  const intake = await intakeLoad(context, pulse, single.intake);
  rows.push(...intake.rows);
  rows.push(
    ...(await ratingLoads(context, pulse, readTokens, staffToken, context.quick ? 20 : 50, {
      intake: intake.perSecond,
    })),
  );
  rows.push(...(await metricsAtScale(context)));
  return rows.map((row) => ({ section: SECTION, ...row }));
}

const surveyLoop: BenchSection = { name: SECTION, run };
export default surveyLoop;
