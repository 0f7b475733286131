import { isWellFormedText } from "../domain/well-formed-text.js";

// A lone surrogate in a key failed with a 500 on every retry; Pulse refuses such text at the edge rather than guess.

/** The dotted path of the first string (or object key) in a value that is not well-formed Unicode, if any. */
export function firstIllFormedText(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === "string") return !isWellFormedText(value) ? path.join(".") || "(body)" : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = firstIllFormedText(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (!isWellFormedText(key)) return [...path, key].join(".");
      const found = firstIllFormedText(item, [...path, key]);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
