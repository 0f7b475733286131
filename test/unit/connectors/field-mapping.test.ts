import { describe, expect, it } from "vitest";
import { connectorTicket } from "../../../functions/src/domain/connectors/connector-ticket.js";
import { CONNECTOR_NAMES, CONNECTORS } from "../../../functions/src/domain/connectors/connectors.js";
import {
  type FieldMapping,
  flagOf,
  isoTimeOf,
  localeOf,
  MAPPED_FIELDS,
  readMapped,
  readSource,
  sourceProblem,
} from "../../../functions/src/domain/connectors/field-mapping.js";

/** A payload holding `value` at a dotted path, with lists where a segment is a number. */
function payloadWith(path: string, value: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node: Record<string, unknown> | unknown[] = root;
  const segments = path.split(".");
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    const next = segments[index + 1];
    const child = last ? value : /^\d+$/.test(next ?? "") ? [] : {};
    if (Array.isArray(node)) node[Number(segment)] = child;
    else node[segment] = child;
    if (!last) node = child as Record<string, unknown> | unknown[];
  });
  return root;
}

const placeholders = (source: string) =>
  [...source.matchAll(/\{([^}|]+)(\|[a-z]+)?\}/g)].map((m) => m[1] ?? "");

describe("Every path of every connector's default mapping", () => {
  for (const name of CONNECTOR_NAMES) {
    const mapping = CONNECTORS[name].mapping;
    for (const field of MAPPED_FIELDS) {
      for (const source of mapping[field] ?? []) {
        it(`${name}: ${field} is read from ${source}`, () => {
          expect(sourceProblem(source)).toBeUndefined();
          const only: FieldMapping = { [field]: [source] };
          if (source.startsWith("!")) {
            expect(readMapped(payloadWith(source.slice(1), "true"), only).values[field]).toBe("false");
            expect(readMapped(payloadWith(source.slice(1), false), only).values[field]).toBe("true");
          } else if (source.includes("{")) {
            let payload: Record<string, unknown> = {};
            for (const path of placeholders(source)) {
              const value = source.includes(`{${path}|origin}`) ? "https://tool.example.com/rest/x/1" : "K-1";
              payload = { ...payload, ...mergeable(payload, payloadWith(path, value)) };
            }
            const read = readMapped(payload, only).values[field];
            expect(read).toBeDefined();
            expect(read).not.toContain("{");
            if (source.includes("|origin}")) expect(read).toContain("https://tool.example.com");
          } else {
            expect(readMapped(payloadWith(source, `value of ${source}`), only).values[field]).toBe(
              `value of ${source}`,
            );
          }
        });
      }
    }
    it(`${name}: a later path is read only when the earlier ones are empty`, () => {
      for (const field of MAPPED_FIELDS) {
        const sources = (mapping[field] ?? []).filter((s) => !s.includes("{") && !s.startsWith("!"));
        const [first, second] = sources;
        if (!first || !second) continue;
        const payload = {
          ...payloadWith(first, ""),
          ...mergeable(payloadWith(first, ""), payloadWith(second, "2nd")),
        };
        expect(readMapped(payload, { [field]: [first, second] }).values[field], field).toBe("2nd");
      }
    });
  }
});

// Merges two payloads built by payloadWith, deeply, so that paths sharing a prefix keep both leaves.
function mergeable(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] =
      existing &&
      typeof existing === "object" &&
      !Array.isArray(existing) &&
      value &&
      typeof value === "object"
        ? mergeable(existing as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

describe("Reading one source", () => {
  it("reads list items by number and ignores objects, lists, null and blank text", () => {
    const payload = { a: [{ name: "first" }], b: { c: null }, d: "  ", e: 7, f: true, g: { h: 1 } };
    expect(readSource(payload, "a.0.name")).toBe("first");
    expect(readSource(payload, "a.1.name")).toBeUndefined();
    expect(readSource(payload, "a.name")).toBeUndefined();
    expect(readSource(payload, "b.c")).toBeUndefined();
    expect(readSource(payload, "d")).toBeUndefined();
    expect(readSource(payload, "e")).toBe("7");
    expect(readSource(payload, "f")).toBe("true");
    expect(readSource(payload, "g")).toBeUndefined();
    expect(readSource(payload, "toString")).toBeUndefined();
  });

  it("fills a template only when every placeholder has a value, and keeps a URL's origin alone", () => {
    const payload = { self: "https://acme.atlassian.net/rest/api/2/issue/1", key: "IT-1" };
    expect(readSource(payload, "{self|origin}/browse/{key}")).toBe("https://acme.atlassian.net/browse/IT-1");
    expect(readSource({ key: "IT-1" }, "{self|origin}/browse/{key}")).toBeUndefined();
    expect(readSource({ self: "not a url", key: "IT-1" }, "{self|origin}/browse/{key}")).toBeUndefined();
  });

  it("gives a fixed text as it is", () => {
    expect(readSource({}, "=Service desk")).toBe("Service desk");
    expect(readSource({}, "=")).toBeUndefined();
  });
});

describe("A malformed source", () => {
  it.each([
    ["", "is empty"],
    ["caller_id..email", "dotted path"],
    ["caller id.email", "dotted path"],
    ["{issue.key", "unbalanced"],
    ["{issue.key|upper}", "placeholder"],
    ["{}", "placeholder"],
    ["!{issue.key}", "other way round"],
    ["x".repeat(301), "longer than 300"],
  ])("%j is refused: %s", (source, words) => {
    expect(sourceProblem(source)).toContain(words);
  });

  it.each([
    "number",
    "issue.fields.components.0.name",
    "{a}/b/{c|origin}",
    "=Fixed",
    "!made_sla",
    "u_vendor$x@y:z-1",
  ])("%j is well formed", (source) => {
    expect(sourceProblem(source)).toBeUndefined();
  });
});

describe("Values put in the form the intake takes", () => {
  it.each([
    ["2026-11-20 14:03:00", "2026-11-20T14:03:00Z"],
    ["2026-11-20T15:03:00.000+0100", "2026-11-20T15:03:00.000+01:00"],
    ["2026-11-20T14:03Z", "2026-11-20T14:03:00Z"],
    ["2026-11-20T14:03:00+01:00", "2026-11-20T14:03:00+01:00"],
    ["1763647380", "2025-11-20T14:03:00.000Z"],
    ["1763647380000", "2025-11-20T14:03:00.000Z"],
    ["last Tuesday", "last Tuesday"],
  ])("the time %j becomes %j", (text, iso) => {
    expect(isoTimeOf(text)).toBe(iso);
  });

  it.each([
    ["true", true],
    ["Yes", true],
    ["1", true],
    ["breached", true],
    ["false", false],
    ["met", false],
    ["0", false],
    ["maybe", undefined],
    [undefined, undefined],
  ])("the yes/no %j is %j", (text, flag) => {
    expect(flagOf(text)).toBe(flag);
  });

  it.each([
    ["Polski", "pl"],
    ["English (United States)", "en"],
    ["pl_PL", "pl_PL"],
    ["de", "de"],
  ])("the language %j is tagged %j", (text, tag) => {
    expect(localeOf(text)).toBe(tag);
  });
});

describe("A payload read into a ticket", () => {
  const mapping: FieldMapping = {
    ticketId: ["id"],
    title: ["subject"],
    resolvedAt: ["solved"],
    requesterEmail: ["who.email"],
    slaBreached: ["late"],
  };

  it("takes the connector's name as its source, and names the vendor field each required field was looked for in", () => {
    const read = connectorTicket("glpi", { subject: "x" }, mapping);
    expect(read.ticket.source).toBe("glpi");
    expect(read.missing).toEqual([
      { field: "ticketId", vendorField: "id" },
      { field: "resolvedAt", vendorField: "solved" },
    ]);
    expect(read.vendorFieldOf("requester.email")).toBe("who.email");
  });

  it("puts the requester's fields under requester, and a yes/no as a boolean", () => {
    const read = connectorTicket(
      "glpi",
      { id: 5, subject: "x", solved: "2026-11-20 14:03:00", who: { email: "a@example.com" }, late: "no" },
      mapping,
    );
    expect(read.missing).toEqual([]);
    expect(read.ticket).toEqual({
      source: "glpi",
      ticketId: "5",
      title: "x",
      resolvedAt: "2026-11-20T14:03:00Z",
      requester: { email: "a@example.com" },
      slaBreached: false,
    });
  });

  it("reads a source from the payload when the mapping names one", () => {
    const read = connectorTicket("jira", { id: 1 }, { source: ["=jsm-emea"], ticketId: ["id"] });
    expect(read.ticket.source).toBe("jsm-emea");
  });
});
