import { DIMENSIONS } from "../dimensions.js";
/**
 * A connector's field mapping: for each field of Pulse's ticket, where in the ITSM tool's payload its value is read.
 * Mappings are data, so a head can point a field at another part of the payload without code: a dotted path
 * (`issue.fields.priority.name`, with numbers for list items: `components.0.name`), tried in order until one has a
 * value; a template joining paths and text (`{issue.self|origin}/browse/{issue.key}`); a fixed text (`=ServiceNow`);
 * or, for a yes/no field, a path read the other way round (`!made_sla`).
 */

/** The fields of Pulse's ticket that a payload is mapped onto, in the order they are documented. */
export const MAPPED_FIELDS = [
  "source",
  "ticketId",
  "title",
  "resolvedAt",
  "ticketUrl",
  "requesterEmail",
  "requesterName",
  "requesterLocale",
  // Every dimension a rating is aggregated by can be read from the payload.
  ...DIMENSIONS,
] as const;

export type MappedField = (typeof MAPPED_FIELDS)[number];

/** Where one field is read from: each source in turn, the first that gives a value wins. */
export type FieldSources = string[];

/** Where each field is read from; a field left out is not read at all. */
export type FieldMapping = Partial<Record<MappedField, FieldSources>>;

/** Without these a payload is no ticket. */
export const REQUIRED_FIELDS: readonly MappedField[] = ["ticketId", "title", "resolvedAt"];

/** The most sources one field may list, and the longest a source may be. */
export const MAX_SOURCES = 8;
export const MAX_SOURCE_LENGTH = 300;

const SEGMENT = "[A-Za-z0-9_$@:-]+";
const PATH = new RegExp(`^${SEGMENT}(?:\\.${SEGMENT})*$`);
const PLACEHOLDER = /\{([^{}]*)\}/g;
const FILTERS = ["origin"] as const;

/** Why a source cannot be read, or undefined when it is well formed. */
export function sourceProblem(source: string): string | undefined {
  if (source.length === 0) return "is empty";
  if (source.length > MAX_SOURCE_LENGTH) return `is longer than ${MAX_SOURCE_LENGTH} characters`;
  if (source.startsWith("=")) return undefined;
  const path = source.startsWith("!") ? source.slice(1) : source;
  if (!path.includes("{") && !path.includes("}")) {
    return PATH.test(path)
      ? undefined
      : "is not a dotted path of names (letters, digits, _ $ @ : -), a {path} template or =text";
  }
  const rest = path.replace(PLACEHOLDER, (_, inner: string) => {
    const [name, filter, ...more] = inner.split("|");
    const good =
      name !== undefined &&
      PATH.test(name) &&
      more.length === 0 &&
      (filter === undefined || (FILTERS as readonly string[]).includes(filter));
    return good ? "" : "\u0000";
  });
  if (rest.includes("\u0000")) return "has a placeholder that is not {path} or {path|origin}";
  if (rest.includes("{") || rest.includes("}")) return "has an unbalanced { or }";
  if (source.startsWith("!")) return "reads a template the other way round; ! goes before a plain path";
  return undefined;
}

/** The value at a dotted path of a JSON payload, or undefined. */
export function readPath(payload: unknown, path: string): unknown {
  let value: unknown = payload;
  for (const segment of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = Array.isArray(value)
      ? /^\d+$/.test(segment)
        ? value[Number(segment)]
        : undefined
      : Object.hasOwn(value, segment)
        ? (value as Record<string, unknown>)[segment]
        : undefined;
  }
  return value;
}

// A scalar as text; nothing for objects, lists, null and blank text (a tool's placeholder for an empty field).
function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value.trim() === "" ? undefined : value.trim();
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}

function originOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The text one source gives for a payload: a path's value, a filled template, a fixed text; undefined when absent. */
export function readSource(payload: unknown, source: string): string | undefined {
  if (source.startsWith("=")) return textOf(source.slice(1));
  if (source.startsWith("!")) {
    const flag = flagOf(textOf(readPath(payload, source.slice(1))));
    return flag === undefined ? undefined : String(!flag);
  }
  if (!source.includes("{")) return textOf(readPath(payload, source));
  let complete = true;
  const filled = source.replace(PLACEHOLDER, (_, inner: string) => {
    const [name = "", filter] = inner.split("|");
    const raw = textOf(readPath(payload, name));
    const value = raw !== undefined && filter === "origin" ? originOf(raw) : raw;
    if (value === undefined) complete = false;
    return value ?? "";
  });
  return complete ? textOf(filled) : undefined;
}

const TRUE = new Set(["true", "1", "yes", "y", "breached", "tak"]);
const FALSE = new Set(["false", "0", "no", "n", "met", "nie"]);

/** A yes/no as the tools write it (`true`, `1`, `yes`, `breached`...), or undefined when it is neither. */
export function flagOf(text: string | undefined): boolean | undefined {
  const word = text?.toLowerCase();
  if (word === undefined) return undefined;
  if (TRUE.has(word)) return true;
  if (FALSE.has(word)) return false;
  return undefined;
}

/**
 * A resolution time as the tools write it, as ISO 8601: ServiceNow's and GLPI's `2026-11-20 14:03:00` (read as
 * UTC, which is what ServiceNow's stored values are), Jira's `+0100` offsets, Zendesk's minutes-only
 * `2026-11-20T14:03Z`, and Unix seconds or milliseconds. Anything else is passed on as given, to be refused by name.
 */
export function isoTimeOf(text: string): string {
  if (/^\d{10}$/.test(text)) return new Date(Number(text) * 1000).toISOString();
  if (/^\d{13}$/.test(text)) return new Date(Number(text)).toISOString();
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(
    text,
  );
  if (!match) return text;
  const [, date, minutes, seconds = ":00", zone = "Z"] = match;
  const offset = zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  return `${date}T${minutes}${seconds}${offset}`;
}

// Zendesk and Freshservice name the requester's language rather than tag it.
const LANGUAGE_NAMES: Record<string, string> = { polish: "pl", polski: "pl", english: "en", angielski: "en" };

/** A requester's language as a tag: a tag is kept, a language's name (`Polski`, `English (United States)`) becomes one. */
export function localeOf(text: string): string {
  const name = text.toLowerCase().split(/[\s(]/)[0] ?? "";
  return LANGUAGE_NAMES[name] ?? text;
}

/** A payload read through a mapping: each field's text, and which source gave it (so an error can name it). */
export interface MappedValues {
  values: Partial<Record<MappedField, string>>;
  /** For each field: the source that gave its value, or every source tried when none did. */
  origins: Partial<Record<MappedField, string>>;
}

/** Reads every mapped field of a payload. */
export function readMapped(payload: unknown, mapping: FieldMapping): MappedValues {
  const values: MappedValues["values"] = {};
  const origins: MappedValues["origins"] = {};
  for (const field of MAPPED_FIELDS) {
    const sources = mapping[field];
    if (!sources || sources.length === 0) continue;
    origins[field] = sources.join(" or ");
    for (const source of sources) {
      const value = readSource(payload, source);
      if (value === undefined) continue;
      values[field] = value;
      origins[field] = source;
      break;
    }
  }
  return { values, origins };
}
