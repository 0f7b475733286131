/**
 * The Lambda bundles as deployed: minified size, and the time a fresh Node process takes to import each one (a local
 * proxy for the init phase of a cold start).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BundleSize, bundleEntries } from "../../../infra/aws/bundle-report.js";
import { REPO_ROOT } from "../../../infra/aws/bundles.js";
import type { BenchContext, BenchRow, BenchSection } from "../bench-types.js";
import { median } from "../measure.js";

const SECTION = "Lambda bundles";

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
  // The http and mailer bundles compose the app at import: they need a table to point at, never an AWS account.
  const pulse = await context.startPulse();
  const outbox = await mkdtemp(join(tmpdir(), "pulse-bench-outbox-"));
  // Inside the repository, so the bundles' external @aws-sdk/* imports resolve from its node_modules.
  const outdir = join(REPO_ROOT, ".cache", `bench-bundles-${randomBytes(4).toString("hex")}`);
  await mkdir(outdir, { recursive: true });
  try {
    const sizes: BundleSize[] = await bundleEntries(outdir);
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
      OUTBOX_DIR: outbox,
      // As on Lambda: the functions hand mail to SQS (nothing is sent at import).
      MAIL_QUEUE_URL: "https://sqs.eu-central-1.amazonaws.com/111111111111/pulse-mail",
    };
    const runs = context.quick ? 3 : 7;
    const rows: BenchRow[] = [];
    for (const bundle of sizes.sort((a, b) => a.name.localeCompare(b.name))) {
      // One import first, unmeasured, so the file system cache is warm for every measured run alike.
      await importTime(bundle.outfile, env);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push(await importTime(bundle.outfile, env));
      context.log(`${bundle.name}: ${times.map((ms) => ms.toFixed(0)).join(", ")} ms`);
      rows.push(
        {
          section: SECTION,
          measure: `${bundle.name} bundle, minified`,
          value: bundle.bytes / 1024,
          unit: "KiB",
          note: `${(bundle.gzipBytes / 1024).toFixed(1)} KiB gzipped; @aws-sdk/* external (provided by the Lambda runtime)`,
        },
        {
          section: SECTION,
          measure: `${bundle.name} bundle, import in a fresh Node process`,
          value: median(times),
          unit: "ms",
          note: `median of ${runs} runs (range ${Math.min(...times).toFixed(0)}-${Math.max(...times).toFixed(0)}); includes loading the @aws-sdk/* modules it imports${
            bundle.name === "scheduled" ? "" : " and compose() at top level"
          }`,
        },
      );
    }
    return rows;
  } finally {
    await rm(outdir, { recursive: true, force: true });
    await rm(outbox, { recursive: true, force: true });
  }
}

const bundles: BenchSection = { name: SECTION, run };
export default bundles;
