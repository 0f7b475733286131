import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const webSource = join(root, "web", "src");
const serverSource = join(root, "functions", "src");
const contractFolders = [join(serverSource, "http", "contract"), join(serverSource, "http", "contracts")];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports, side-effect imports and dynamic imports. */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const pattern of [
    /\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*\(?\s*["']([^"']+)["']/g,
  ]) {
    for (const match of text.matchAll(pattern)) if (match[1]) found.push(match[1]);
  }
  return found;
}

const isInside = (path: string, folder: string) => path === folder || path.startsWith(folder + sep);

describe("the staff web app's boundary with the server", () => {
  it("imports from the server's source only its API contract", () => {
    const offending = sourceFiles(webSource).flatMap((file) =>
      specifiers(readFileSync(file, "utf8"))
        .filter((specifier) => specifier.startsWith("."))
        .map((specifier) => resolve(dirname(file), specifier))
        .filter((target) => isInside(target, serverSource))
        .filter((target) => !contractFolders.some((folder) => isInside(target, folder)))
        .map((target) => `${relative(root, file)} -> ${relative(root, target)}`),
    );
    expect(offending).toEqual([]);
  });

  it("finds the app's own imports of the contract, so the scan is not vacuous", () => {
    const reachesContract = sourceFiles(webSource).some((file) =>
      specifiers(readFileSync(file, "utf8")).some((specifier) =>
        contractFolders.some((folder) => isInside(resolve(dirname(file), specifier), folder)),
      ),
    );
    expect(reachesContract).toBe(true);
  });
});
