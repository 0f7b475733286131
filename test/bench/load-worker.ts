/**
 * Runs autocannon in its own process, so the load generator does not share an event loop with the server it measures.
 * Usage: node --import tsx test/bench/load-worker.ts <spec.json>; prints the summary as one JSON line.
 */
import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import type { LoadSpec, LoadSummary } from "./load.js";
import type { RequestSource } from "./load-requests.js";

const specFile = process.argv[2];
if (!specFile) throw new Error("usage: load-worker.ts <spec.json>");
const spec = JSON.parse(await readFile(specFile, "utf8")) as LoadSpec;
const factories = (await import(pathToFileURL(spec.factory.module).href)) as Record<
  string,
  (args: unknown) => RequestSource
>;
const factory = factories[spec.factory.name];
if (typeof factory !== "function") throw new Error(`${spec.factory.module} exports no ${spec.factory.name}`);
const next = factory(spec.factory.args);

const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  ...(spec.amount ? { amount: spec.amount } : { duration: spec.durationSeconds ?? 10 }),
  timeout: 30,
  requests: [{ setupRequest: (request) => ({ ...request, ...next() }) }],
});

const summary: LoadSummary = {
  requests: result.requests.total,
  ok: result["2xx"],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  seconds: result.duration,
  perSecond: result.requests.total / result.duration,
  p50: result.latency.p50,
  p99: result.latency.p99,
  statusCodes: Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  ),
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
