import { mkdir, rm, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { build } from "esbuild";

// `npm run build:web`: bundles the staff app into web/dist (index.html, hashed app-*.js and app-*.css).
const root = import.meta.dirname;
const outdir = resolve(root, "dist");

/** Builds the staff web app into `web/dist` and returns the emitted file names. */
export async function buildWeb(
  options: { minify?: boolean } = {},
): Promise<{ script: string; style: string }> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    entryPoints: [
      { in: join(root, "src", "main.tsx"), out: "app" },
      { in: join(root, "src", "app.css"), out: "app" },
    ],
    bundle: true,
    format: "esm",
    target: ["es2022", "chrome110", "firefox110", "safari16"],
    jsx: "automatic",
    jsxImportSource: "hono/jsx/dom",
    minify: options.minify ?? true,
    sourcemap: false,
    entryNames: "[name]-[hash]",
    outdir,
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) => basename(file));
  const script = outputs.find((file) => file.endsWith(".js"));
  const style = outputs.find((file) => file.endsWith(".css"));
  if (!script || !style)
    throw new Error(`The web build emitted ${outputs.join(", ")}, expected a script and a style sheet`);
  // Relative asset URLs keep the app working wherever it is mounted: /app/ locally, / on CloudFront.
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Pulse</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${style}">
<script type="module" src="${script}"></script>
</head>
<body>
<div id="root"><p class="boot">Pulse…</p></div>
<noscript>Pulse needs JavaScript. / Pulse wymaga JavaScriptu.</noscript>
</body>
</html>
`;
  await writeFile(join(outdir, "index.html"), html);
  return { script, style };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { script, style } = await buildWeb();
  console.log(`web/dist: index.html, ${script}, ${style}`);
}
