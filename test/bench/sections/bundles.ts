/**
 * The Lambda bundles as deployed: minified size, and the time a fresh Node process takes to import each one (a local
 * proxy for the init phase of a cold start), beside a bare Hono handler with one DynamoDB document client bundled the
 * same way, and beside the public function and the bare handler with @aws-sdk left to the runtime instead of bundled.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BundleSize, bundleEntries, bundleEntry } from "../../../infra/aws/bundle-report.js";
import { entryPath, REPO_ROOT } from "../../../infra/aws/bundles.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";
import { median } from "../measure.js";

const SECTION = "Lambda bundles";
const BARE = "bare Hono + DynamoDB document client";
const SDK_EXTERNAL = " (@aws-sdk external)";

/** Imports a module in a fresh Node process and returns how long the import took, in milliseconds. */
async function importTime(file: string, env: Record<string, string>): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  return new Promise((resolveTime, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      const ms = Number(stdout.trim().split("\n").at(-1));
      if (code === 0 && Number.isFinite(ms)) resolveTime(ms);
      else reject(new Error(`importing ${file} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`));
    });
  });
}

async function run(context: BenchContext): Promise<BenchRow[]> {
  // The HTTP bundles compose the app at import: they need a table to point at, never an AWS account.
  const pulse = await context.startPulse();
  const outbox = await mkdtemp(join(tmpdir(), "pulse-bench-outbox-"));
  // Inside the repository, so the external-SDK variants resolve @aws-sdk/* from its node_modules (standing in for the
  // runtime's copy).
  const outdir = join(REPO_ROOT, ".cache", `bench-bundles-${randomBytes(4).toString("hex")}`);
  await mkdir(outdir, { recursive: true });
  try {
    const bare = join(REPO_ROOT, "test/bench/bare-handler.ts");
    const sizes: BundleSize[] = [
      ...(await bundleEntries(outdir)),
      await bundleEntry(BARE, bare, outdir),
      await bundleEntry(`public${SDK_EXTERNAL}`, entryPath("public"), outdir, { sdkExternal: true }),
      await bundleEntry(`${BARE}${SDK_EXTERNAL}`, bare, outdir, { sdkExternal: true }),
    ];
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: tmpdir(),
      NODE_ENV: "production",
      AWS_REGION: "eu-central-1",
      TABLE_NAME: pulse.services.config.TABLE_NAME,
      DYNAMODB_ENDPOINT: pulse.dynamoEndpoint,
      PULSE_INTAKE_SECRET: randomBytes(24).toString("base64url"),
      PULSE_LINK_SECRET: randomBytes(32).toString("base64url"),
      AUTH_JWT_SECRET: randomBytes(32).toString("base64url"),
      PULSE_FIELD_KEYS: JSON.stringify({ v1: randomBytes(32).toString("base64url") }),
      OUTBOX_DIR: outbox,
      // As on Lambda: the functions hand mail to SQS (nothing is sent at import).
      MAIL_QUEUE_URL: "https://sqs.eu-central-1.amazonaws.com/111111111111/pulse-mail",
    };
    const runs = context.quick ? 5 : 11;
    // One import of each first, unmeasured, so the file system cache is warm for every measured run alike.
    for (const bundle of sizes) await importTime(bundle.outfile, env);
    // Round-robin, so that whatever else the machine does slows every bundle alike.
    const times = new Map<string, number[]>(sizes.map((bundle) => [bundle.name, []]));
    for (let i = 0; i < runs; i++) {
      for (const bundle of sizes) times.get(bundle.name)?.push(await importTime(bundle.outfile, env));
    }
    const medianOf = (name: string) => median(times.get(name) ?? []);
    const rows: BenchRow[] = [];
    for (const bundle of sizes) {
      const ms = times.get(bundle.name) ?? [];
      context.log(`${bundle.name}: ${ms.map((t) => t.toFixed(0)).join(", ")} ms`);
      const sdk = bundle.name.endsWith(SDK_EXTERNAL)
        ? "@aws-sdk/* external (node_modules standing in for the runtime's copy)"
        : "@aws-sdk/* bundled, as deployed";
      rows.push(
        {
          section: SECTION,
          measure: `${bundle.name} bundle, minified`,
          value: bundle.bytes / 1024,
          unit: "KiB",
          note: `${(bundle.bytes / 1000).toFixed(1)} kB, ${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzipped; ${sdk}`,
        },
        {
          section: SECTION,
          measure: `${bundle.name} bundle, import in a fresh Node process`,
          value: medianOf(bundle.name),
          unit: "ms",
          note: `median of ${runs} runs (range ${Math.min(...ms).toFixed(0)}-${Math.max(...ms).toFixed(0)}), side by side with the others; includes loading the @aws-sdk/* modules it imports${
            ["mailer", "scheduled"].includes(bundle.name) || bundle.name.startsWith(BARE)
              ? ""
              : " and composing the app"
          }`,
        },
      );
    }
    rows.push(
      {
        section: SECTION,
        measure: "public function import time ÷ bare handler's",
        value: medianOf("public") / medianOf(BARE),
        unit: "×",
        note: "goal ≤ 1.5; both bundled as deployed (@aws-sdk/* inside)",
      },
      {
        section: SECTION,
        measure: "public function import time, @aws-sdk bundled ÷ external",
        value: medianOf("public") / medianOf(`public${SDK_EXTERNAL}`),
        unit: "×",
        note: `bare handler: ${(medianOf(BARE) / medianOf(`${BARE}${SDK_EXTERNAL}`)).toFixed(2)}×; below 1: bundling the SDK, the pinned choice, loads faster`,
      },
    );
    return rows;
  } finally {
    await rm(outdir, { recursive: true, force: true });
    await rm(outbox, { recursive: true, force: true });
  }
}

const bundles: BenchSection = { name: SECTION, run };
export default bundles;
