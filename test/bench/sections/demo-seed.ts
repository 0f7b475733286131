/**
 * How long `npm start` takes from a fresh data folder (DynamoDB Local already cached) until the demo organisation is
 * ready, and, side by side in the same run, the same demo written straight into a data folder on disk as the first
 * run did before it seeded in RAM.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { seedDemo } from "../../../infra/local/seed.js";
import { startLocal } from "../../../infra/local/server.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";

const SECTION = "Demo seeding";
const root = resolve(import.meta.dirname, "..", "..", "..");

/** The one-minute load average, since other work on the machine's cores moves these times several-fold. */
const load = () => `load average ${loadavg()[0]?.toFixed(1)}`;

/** The lines that open each phase of a first run, in order, and what the phase until the next one does. */
const PHASES = [
  { opens: "starting DynamoDB Local", name: "Java" },
  { opens: "creating the table", name: "table" },
  { opens: "seeding demo organisation", name: "seed" },
  { opens: "moving the demo into the data folder", name: "move" },
  { opens: "surveys seeded in", name: "server" },
  { opens: "Pulse is running", name: "" },
] as const;

/** Runs `npm start`'s entry point over a fresh data folder and times its first line, its phases and its "Pulse is running". */
async function firstStart(): Promise<{
  firstLine: number;
  ready: number;
  seeding: number;
  surveys: number;
  phases: string;
}> {
  const folder = await mkdtemp(join(tmpdir(), "pulse-bench-first-run-"));
  const started = Date.now();
  const child = spawn(process.execPath, ["--import", "tsx", "infra/local/start.ts", "--build-web"], {
    cwd: root,
    env: { ...process.env, PULSE_DATA_DIR: folder, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((resolveExit) => child.once("exit", () => resolveExit()));
  try {
    return await new Promise((resolveRun, reject) => {
      let output = "";
      let firstLine = 0;
      let seeding = Number.NaN;
      let surveys = 0;
      const timer = setTimeout(
        () => reject(new Error(`not ready after 300 s:\n${output.slice(-2000)}`)),
        300_000,
      );
      const opened = new Map<string, number>();
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        firstLine ||= Date.now() - started;
        for (const phase of PHASES)
          if (!opened.has(phase.opens) && output.includes(phase.opens)) opened.set(phase.opens, Date.now());
        const seeded = /(\d+) surveys seeded in ([\d.]+) s/.exec(output);
        if (seeded) {
          surveys = Number(seeded[1]);
          seeding = Number(seeded[2]);
        }
        if (output.includes("Pulse is running")) {
          clearTimeout(timer);
          const phases = PHASES.slice(0, -1)
            .map((phase, index) => {
              const from = opened.get(phase.opens);
              const to = opened.get((PHASES[index + 1] as (typeof PHASES)[number]).opens);
              return `${phase.name} ${from && to ? ((to - from) / 1000).toFixed(1) : "?"} s`;
            })
            .join(", ");
          resolveRun({
            firstLine: firstLine / 1000,
            ready: (Date.now() - started) / 1000,
            seeding,
            surveys,
            phases,
          });
        }
      });
      child.stderr.on("data", (chunk: Buffer) => {
        output += chunk.toString();
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`npm start exited (${code}) before it was ready:\n${output.slice(-2000)}`));
      });
    });
  } finally {
    if (child.exitCode === null) child.kill("SIGTERM");
    await exited;
    await rm(folder, { recursive: true, force: true });
  }
}

/** The first run as it was: DynamoDB Local over the data folder on disk, the demo written straight into it. */
async function seedInPlace(): Promise<{ ready: number; seeding: number }> {
  const folder = await mkdtemp(join(tmpdir(), "pulse-bench-in-place-"));
  const started = Date.now();
  const pulse = await startLocal({ port: 0, dataDir: folder });
  try {
    const seeded = await seedDemo(pulse.services, () => {});
    return { ready: (Date.now() - started) / 1000, seeding: seeded.seconds };
  } finally {
    await pulse.stop();
    await rm(folder, { recursive: true, force: true });
  }
}

async function run(context: BenchContext): Promise<BenchRow[]> {
  const loadBefore = load();
  const first = await firstStart();
  context.log(`first run ready after ${first.ready.toFixed(1)} s (${loadBefore})`);
  const rows: BenchRow[] = [
    {
      section: SECTION,
      measure: "Demo seeding time from a fresh data folder (npm start until ready)",
      value: first.ready,
      unit: "s",
      note: `${first.surveys} surveys, seeded in RAM in ${first.seeding.toFixed(1)} s (${first.phases}); ${loadBefore}`,
    },
    {
      section: SECTION,
      measure: "first progress line of a first run",
      value: first.firstLine,
      unit: "s",
      note: "then one line a second",
    },
  ];
  if (!context.quick) {
    const loadInPlace = load();
    const inPlace = await seedInPlace();
    context.log(`in place: ready after ${inPlace.ready.toFixed(1)} s (${loadInPlace})`);
    rows.push({
      section: SECTION,
      measure: "the same demo written straight into the data folder on disk, as before",
      value: inPlace.ready,
      unit: "s",
      note: `seeding ${inPlace.seeding.toFixed(1)} s of it; ${loadInPlace}`,
    });
  }
  return rows;
}

const section: BenchSection = { name: SECTION, run };
export default section;
