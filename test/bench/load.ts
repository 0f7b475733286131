import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** What the load worker runs: autocannon against a URL, with requests from a factory in `load-requests.ts`. */
export interface LoadSpec {
  url: string;
  connections: number;
  /** Run for this long, unless `amount` is given. */
  durationSeconds?: number;
  /** Send exactly this many requests, then stop. */
  amount?: number;
  factory: { module: string; name: string; args: unknown };
}

/** The figures a load run produced; latencies in milliseconds. */
export interface LoadSummary {
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statusCodes: Record<string, number>;
}

const worker = join(import.meta.dirname, "load-worker.ts");

/** The module holding the request factories, for `LoadSpec.factory.module`. */
export const REQUEST_FACTORIES = join(import.meta.dirname, "load-requests.ts");

/** Runs a load in a separate Node process (autocannon) and returns its summary. */
export async function runLoad(spec: LoadSpec): Promise<LoadSummary> {
  const folder = await mkdtemp(join(tmpdir(), "pulse-load-"));
  try {
    const specFile = join(folder, "spec.json");
    await writeFile(specFile, JSON.stringify(spec));
    const output = await new Promise<string>((resolveRun, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", worker, specFile], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      let stdout = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      child.once("error", reject);
      child.once("exit", (code) =>
        code === 0 ? resolveRun(stdout) : reject(new Error(`load worker exited with ${code}`)),
      );
    });
    const last = output.trim().split("\n").at(-1) ?? "";
    return JSON.parse(last) as LoadSummary;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Writes prepared requests where the `preparedList` factory can read them, and returns its args. */
export async function writeRequestList(folder: string, name: string, requests: unknown[]) {
  const file = join(folder, `${name}.json`);
  await writeFile(file, JSON.stringify(requests));
  return { file };
}
