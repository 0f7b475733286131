/**
 * Bundles one Lambda entry into a folder as `index.mjs` (`tsx infra/aws/bundle-build.ts <name> <outdir>`): the CDK
 * function construct runs it at synth, because only esbuild's own API takes the plugins that the bundles need.
 */
import { pathToFileURL } from "node:url";
import { bundleEntry } from "./bundle-report.js";
import { entryPath, LAMBDA_ENTRIES, type LambdaEntryName } from "./bundles.js";

function isEntryName(name: string): name is LambdaEntryName {
  return Object.hasOwn(LAMBDA_ENTRIES, name);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const [name = "", outdir] = process.argv.slice(2);
  if (!isEntryName(name) || !outdir) {
    console.error(`usage: bundle-build.ts <${Object.keys(LAMBDA_ENTRIES).join("|")}> <outdir>`);
    process.exit(2);
  }
  await bundleEntry(name, entryPath(name), outdir, { flat: true });
}
