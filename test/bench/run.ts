/**
 * `npm run bench [-- --quick] [--only <name>[,<name>]] [--section-timeout <seconds>]`: runs every section under
 * test/bench/sections/ one after another over one shared in-memory DynamoDB Local, then prints one table and writes a
 * JSON copy to .data/bench/last.json. A section is named by its file (`survey-loop`) or its title (`Survey loop`).
 */
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { issueLocalToken } from "../../functions/src/adapters/auth/staff-token-verifier.js";
import { type RunningDynamoDb, startDynamoDbLocal } from "../../infra/local/dynamodb-local.js";
import { type LocalPulse, startLocal } from "../../infra/local/server.js";
import type { BenchContext, BenchRow, BenchSection } from "./bench-types.js";
import { formatTable } from "./table.js";

const root = resolve(import.meta.dirname, "..", "..");
const sectionsDir = join(import.meta.dirname, "sections");

interface Options {
  quick: boolean;
  only: string[] | undefined;
  /** A section still running after this long is reported as failed, so one that hangs cannot stall the run. */
  sectionTimeoutSeconds: number;
}

function flagValue(argv: string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at >= 0) {
    const value = argv[at + 1];
    if (!value || value.startsWith("--")) throw new Error(`${flag} needs a value`);
    return value;
  }
  return argv.find((arg) => arg.startsWith(`${flag}=`))?.slice(flag.length + 1);
}

function parseArgs(argv: string[]): Options {
  const quick = argv.includes("--quick");
  const timeout = Number(flagValue(argv, "--section-timeout") ?? (quick ? 300 : 720));
  if (!(timeout > 0)) throw new Error("--section-timeout takes seconds");
  return { quick, only: flagValue(argv, "--only")?.toLowerCase().split(","), sectionTimeoutSeconds: timeout };
}

/** Resolves with the task, or rejects once `seconds` have passed; the timer never keeps the process alive. */
function withinTime<T>(task: Promise<T>, seconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${seconds} s; stopped`)), seconds * 1000);
    timer.unref();
  });
  // A section cut off by the limit may still fail later, when its Pulse is stopped under it.
  task.catch(() => {});
  return Promise.race([task, limit]).finally(() => clearTimeout(timer));
}

interface Loaded {
  file: string;
  section?: BenchSection;
  error?: unknown;
}

async function discoverSections(): Promise<Loaded[]> {
  const files = (await readdir(sectionsDir))
    .filter((name) => /\.tsx?$/.test(name) && !name.endsWith(".d.ts") && !name.includes(".test."))
    .sort();
  return Promise.all(
    files.map(async (file): Promise<Loaded> => {
      try {
        const module = (await import(pathToFileURL(join(sectionsDir, file)).href)) as { default?: unknown };
        const section = module.default as BenchSection | undefined;
        if (!section || typeof section.name !== "string" || typeof section.run !== "function") {
          throw new Error("its default export is not a BenchSection ({ name, run })");
        }
        return { file, section };
      } catch (error) {
        return { file, error };
      }
    }),
  );
}

function matches(loaded: Loaded, only: string[]): boolean {
  const names = [basename(loaded.file).replace(/\.tsx?$/, ""), loaded.section?.name ?? ""].map((name) =>
    name.toLowerCase(),
  );
  return names.some((name) => only.includes(name) || only.includes(name.replace(/\s+/g, "-")));
}

function machineFacts() {
  return {
    cpu: cpus()[0]?.model.trim() ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}

function message(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * The DynamoDB Local of the running section and every Pulse started over it, so all of it stops whatever happens.
 * Each section gets a fresh one: DynamoDB Local slows down several-fold once a bulk load has gone through it, even
 * after the table is deleted, so a section must not inherit the one before it.
 */
class BenchHarness {
  private dynamo: Promise<RunningDynamoDb> | undefined;
  private running: Array<{ pulse: LocalPulse; dataDir: string; own?: RunningDynamoDb }> = [];
  private tables = 0;

  constructor(private readonly log: (line: string) => void) {}

  private sharedDatabase(): Promise<RunningDynamoDb> {
    this.dynamo ??= startDynamoDbLocal({ log: this.log });
    return this.dynamo;
  }

  async startPulse(sectionSlug: string, options: { ownDatabase?: boolean } = {}): Promise<LocalPulse> {
    const own = options.ownDatabase ? await startDynamoDbLocal({ log: this.log }) : undefined;
    const dynamo = own ?? (await this.sharedDatabase());
    const dataDir = await mkdtemp(join(tmpdir(), "pulse-bench-"));
    const tableName = `bench-${sectionSlug}-${++this.tables}-${randomBytes(3).toString("hex")}`;
    try {
      const pulse = await startLocal({
        port: 0,
        dataDir,
        inMemory: true,
        dynamoEndpoint: dynamo.endpoint,
        tableName,
        env: { OUTBOX_DIR: join(dataDir, "outbox") },
      });
      this.running.push({ pulse, dataDir, ...(own ? { own } : {}) });
      return pulse;
    } catch (error) {
      await own?.stop();
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stops every Pulse of the section and its DynamoDB Local. */
  async stopSection(): Promise<void> {
    for (const { pulse, dataDir, own } of this.running.splice(0)) {
      await pulse.stop().catch((error: unknown) => this.log(`stopping a Pulse failed: ${message(error)}`));
      await own?.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
    const dynamo = this.dynamo ? await this.dynamo.catch(() => undefined) : undefined;
    this.dynamo = undefined;
    await dynamo?.stop();
  }
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const log = (line: string) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`${seconds}s  ${line}\n`);
  };
  const harness = new BenchHarness(log);
  const rows: BenchRow[] = [];
  const failures: Array<{ section: string; error: string }> = [];
  const timings: Array<{ section: string; seconds: number }> = [];
  const report = () => printReport({ options, started, rows, failures, timings });
  const stopOnSignal = (signal: NodeJS.Signals) => {
    log(`${signal}: stopping; what finished so far follows`);
    failures.push({ section: "(runner)", error: `interrupted by ${signal}` });
    void harness
      .stopSection()
      .then(report)
      .finally(() => process.exit(130));
  };
  process.once("SIGINT", stopOnSignal);
  process.once("SIGTERM", stopOnSignal);

  try {
    let sections = await discoverSections();
    if (options.only) {
      const only = options.only;
      sections = sections.filter((loaded) => matches(loaded, only));
      if (sections.length === 0) throw new Error(`No section is named ${options.only}`);
    }
    log(`${sections.length} section(s)${options.quick ? ", quick" : ""}`);
    for (const loaded of sections) {
      const label = loaded.section?.name ?? loaded.file;
      if (!loaded.section) {
        failures.push({ section: label, error: `could not load ${loaded.file}: ${message(loaded.error)}` });
        log(`${label}: could not be loaded`);
        continue;
      }
      const section = loaded.section;
      const slug = basename(loaded.file).replace(/\.tsx?$/, "");
      const context: BenchContext = {
        quick: options.quick,
        startPulse: (pulseOptions) => harness.startPulse(slug, pulseOptions),
        token: (pulse, role) =>
          issueLocalToken(pulse.secrets.jwtSecret, { id: `bench-${role}`, name: `Bench ${role}`, role }),
        log: (line) => log(`${section.name}: ${line}`),
      };
      const sectionStart = Date.now();
      log(`${section.name}: starting`);
      try {
        const produced = await withinTime(section.run(context), options.sectionTimeoutSeconds);
        rows.push(...produced.map((row) => ({ ...row, section: row.section || section.name })));
        log(`${section.name}: ${produced.length} measure(s)`);
      } catch (error) {
        failures.push({ section: section.name, error: message(error) });
        log(`${section.name}: FAILED: ${message(error)}`);
      } finally {
        await harness.stopSection();
        timings.push({ section: section.name, seconds: (Date.now() - sectionStart) / 1000 });
      }
    }
  } catch (error) {
    failures.push({ section: "(runner)", error: message(error) });
  } finally {
    await harness.stopSection();
  }
  await report();
  return failures.length > 0 ? 1 : 0;
}

async function printReport(run: {
  options: Options;
  started: number;
  rows: BenchRow[];
  failures: Array<{ section: string; error: string }>;
  timings: Array<{ section: string; seconds: number }>;
}): Promise<void> {
  const { options, started, rows, failures, timings } = run;
  const machine = machineFacts();
  const totalSeconds = (Date.now() - started) / 1000;
  console.log();
  console.log(formatTable(rows));
  console.log();
  console.log(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node} (${machine.platform})`,
  );
  console.log(
    `Run: ${options.quick ? "quick" : "full"}, ${totalSeconds.toFixed(0)} s (${timings
      .map((timing) => `${timing.section} ${timing.seconds.toFixed(0)} s`)
      .join(", ")})`,
  );
  const output = join(root, ".data", "bench", "last.json");
  await mkdir(join(root, ".data", "bench"), { recursive: true });
  await writeFile(
    output,
    `${JSON.stringify(
      {
        at: new Date(started).toISOString(),
        quick: options.quick,
        seconds: totalSeconds,
        machine,
        timings,
        rows,
        failures,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`Rows as JSON: ${output}`);
  for (const failure of failures) console.error(`\nFAILED ${failure.section}:\n${failure.error}`);
}

process.exitCode = await main();
