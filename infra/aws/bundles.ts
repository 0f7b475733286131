/**
 * How Pulse's Lambda functions are bundled: the entries and the esbuild options.
 * The CDK function construct and the bundle-size benchmark both read this module, so the
 * size that the benchmark reports is the size of what is deployed.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, resolved from this file so the CDK CLI and tests agree whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The Node.js major version that Lambda runs and esbuild targets. */
export const LAMBDA_NODE_MAJOR = 22;

/** The Lambda entry points, one per function, relative to the repository root. */
export const LAMBDA_ENTRIES = {
  http: "functions/handlers/http.ts",
  mailer: "functions/handlers/mailer.ts",
  scheduled: "functions/handlers/scheduled.ts",
  "mail-events": "functions/handlers/mail-events.ts",
} as const;

export type LambdaEntryName = keyof typeof LAMBDA_ENTRIES;

/**
 * The esbuild options for every function, spelled in esbuild's own API terms.
 * `NodejsFunction` always bundles for the node platform, and it names the ESM output `index.mjs`.
 */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: true,
  sourcemap: true,
  // Stack traces need file and line, not the sources; leaving them out keeps the map small.
  sourcesContent: false,
  // The Lambda Node.js runtime ships AWS SDK v3, so bundling it would only add weight.
  external: ["@aws-sdk/*"],
  // Prefer ESM builds of dependencies so esbuild can drop what a function does not import.
  mainFields: ["module", "main"],
  // Some CommonJS dependencies call require() on Node built-ins; an ESM bundle has none by default.
  banner: {
    js: "import { createRequire as __pulseCreateRequire } from 'node:module'; const require = __pulseCreateRequire(import.meta.url);",
  },
} as const;

/** The output file name that `NodejsFunction` gives an ESM bundle. */
export const BUNDLE_FILE = "index.mjs";

/** Returns the absolute path of a function's entry point. */
export function entryPath(name: LambdaEntryName): string {
  return join(REPO_ROOT, LAMBDA_ENTRIES[name]);
}
