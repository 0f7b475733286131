/**
 * Bundles every Lambda entry with the deployed esbuild options and prints their sizes, and what each would weigh with
 * @aws-sdk left to the runtime (`npm run bundle`); the benchmark imports `bundleEntries` to measure the same files.
 */
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import {
  BUNDLE_FILE,
  ESBUILD_OPTIONS,
  ESBUILD_PLUGINS,
  entryPath,
  LAMBDA_ENTRIES,
  type LambdaEntryName,
  SDK_EXTERNAL,
} from "./bundles.js";

export interface BundleSize {
  /** A function of `LAMBDA_ENTRIES`, or another entry bundled the same way (the benchmark's bare handler). */
  readonly name: string;
  /** Absolute path of the bundled `index.mjs`. */
  readonly outfile: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly sourceMapBytes: number;
  /** The files that put code into the bundle, as esbuild names them (node_modules paths for dependencies). */
  readonly inputs: readonly string[];
}

/**
 * Bundles one entry into `<outdir>/<name>/index.mjs` (or `<outdir>/index.mjs` when flat) with the deployed options; `sdkExternal` leaves @aws-sdk/* to
 * the runtime instead of bundling it, to measure that choice.
 */
export async function bundleEntry(
  name: string,
  entry: string,
  outdir: string,
  options: { sdkExternal?: boolean; flat?: boolean } = {},
): Promise<BundleSize> {
  // flat: straight into outdir, as a Lambda asset folder holds it.
  const outfile = options.flat ? join(outdir, BUNDLE_FILE) : join(outdir, name, BUNDLE_FILE);
  const { metafile } = await build({
    ...ESBUILD_OPTIONS,
    metafile: true,
    external: options.sdkExternal ? [...SDK_EXTERNAL] : [...ESBUILD_OPTIONS.external],
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    plugins: [...ESBUILD_PLUGINS],
    entryPoints: [entry],
    outfile,
    logLevel: "warning",
  });
  const code = await readFile(outfile);
  const map = await stat(`${outfile}.map`);
  return {
    name,
    outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourceMapBytes: map.size,
    inputs: Object.values(metafile.outputs).flatMap((output) =>
      Object.entries(output.inputs)
        .filter(([, input]) => input.bytesInOutput > 0)
        .map(([path]) => path),
    ),
  };
}

/** Bundles each entry into `<outdir>/<name>/index.mjs` exactly as the CDK stack does and returns the sizes. */
export async function bundleEntries(
  outdir: string,
  options: { sdkExternal?: boolean } = {},
): Promise<BundleSize[]> {
  const names = Object.keys(LAMBDA_ENTRIES) as LambdaEntryName[];
  return Promise.all(names.map((name) => bundleEntry(name, entryPath(name), outdir, options)));
}

/** Formats bundle sizes as a fixed-width table in KiB, with Pulse's own share (the SDK left out) when given. */
export function formatBundleTable(
  sizes: readonly BundleSize[],
  withoutSdk: readonly BundleSize[] = [],
): string {
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  const own = (name: string) => withoutSdk.find((s) => s.name === name);
  const rows = [
    [
      "function",
      "minified KiB",
      "gzip KiB",
      "source map KiB",
      ...(withoutSdk.length ? ["without @aws-sdk KiB"] : []),
    ],
    ...sizes.map((s) => [
      s.name,
      kib(s.bytes),
      kib(s.gzipBytes),
      kib(s.sourceMapBytes),
      ...(withoutSdk.length ? [kib(own(s.name)?.bytes ?? Number.NaN)] : []),
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  const pad = (cell: string, column: number) => {
    const width = widths[column] ?? 0;
    return column === 0 ? cell.padEnd(width) : cell.padStart(width);
  };
  return rows.map((row) => row.map(pad).join("  ")).join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const outdir = await mkdtemp(join(tmpdir(), "pulse-bundles-"));
  try {
    const deployed = await bundleEntries(join(outdir, "deployed"));
    const withoutSdk = await bundleEntries(join(outdir, "sdk-external"), { sdkExternal: true });
    console.log(formatBundleTable(deployed, withoutSdk));
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}
