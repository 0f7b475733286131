/**
 * How Pulse's Lambda functions are bundled: the entries and the esbuild options.
 * The CDK function construct and the bundle-size benchmark both read this module, so the
 * size that the benchmark reports is the size of what is deployed.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Plugin } from "esbuild";

/** The repository root, resolved from this file so the CDK CLI and tests agree whatever the cwd. */
export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The Node.js major version that Lambda runs and esbuild targets. */
export const LAMBDA_NODE_MAJOR = 22;

/** The Lambda entry points, one per function, relative to the repository root. */
export const LAMBDA_ENTRIES = {
  http: "functions/handlers/http.ts",
  public: "functions/handlers/public.ts",
  connectors: "functions/handlers/connectors.ts",
  staff: "functions/handlers/staff.ts",
  mailer: "functions/handlers/mailer.ts",
  scheduled: "functions/handlers/scheduled.ts",
  "mail-events": "functions/handlers/mail-events.ts",
  outbound: "functions/handlers/outbound.ts",
  webhooks: "functions/handlers/webhooks.ts",
} as const;

export type LambdaEntryName = keyof typeof LAMBDA_ENTRIES;

/** The esbuild options for every function, spelled in esbuild's own API terms. */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: `node${LAMBDA_NODE_MAJOR}`,
  minify: true,
  sourcemap: true,
  // Stack traces need file and line, not the sources; leaving them out keeps the map small.
  sourcesContent: false,
  // Polish text as UTF-8 (2 bytes a letter) rather than \u escapes (6); Node reads ESM sources as UTF-8.
  charset: "utf8",
  // @aws-sdk/* is bundled, not left to the Lambda runtime's copy: one minified file imports in about half the time of
  // the SDK's many modules (measured in fresh Node processes by the bench's bundle section), and the version deployed
  // is the lockfile's, not whatever the runtime ships that month. `SDK_EXTERNAL` is the other choice, for the bench.
  external: [] as string[],
  // Prefer ESM builds of dependencies so esbuild can drop what a function does not import.
  mainFields: ["module", "main"],
  // Some CommonJS dependencies call require() on Node built-ins; an ESM bundle has none by default.
  banner: {
    js: "import { createRequire as __pulseCreateRequire } from 'node:module'; const require = __pulseCreateRequire(import.meta.url);",
  },
} as const;

/** What leaving the SDK to the Lambda runtime would mark external; the bench compares it with bundling it. */
export const SDK_EXTERNAL: readonly string[] = ["@aws-sdk/*"];

/** The output file name of every bundle (an ESM module). */
export const BUNDLE_FILE = "index.mjs";

/** Returns the absolute path of a function's entry point. */
export function entryPath(name: LambdaEntryName): string {
  return join(REPO_ROOT, LAMBDA_ENTRIES[name]);
}

/**
 * zod's locale index names all 64 locale files, and any module that takes zod's namespace as a value keeps every one
 * (258 KiB). Pulse speaks English to machines only: this resolves zod's locale index to `en`, whatever imports it.
 */
export const zodEnglishOnly: Plugin = {
  name: "zod-english-only",
  setup(build) {
    build.onResolve({ filter: /[\\/]locales[\\/]index\.js$/ }, (args) => {
      if (!/[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), args.path), namespace: "zod-english-only" };
    });
    build.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), "en.js"))};`,
      loader: "js",
      resolveDir: dirname(args.path),
    }));
  },
};

/** The esbuild plugins every bundle is built with; only esbuild's API takes them, so bundle-build.ts runs it. */
export const ESBUILD_PLUGINS: readonly Plugin[] = [zodEnglishOnly];
