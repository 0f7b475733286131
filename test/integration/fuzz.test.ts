import { createHash } from "node:crypto";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../functions/src/domain/roles.js";
import { aResolvedTicket, postTicket, signedHeaders } from "../helpers/intake.js";
import { readOutbox, scoreLink, tokenOf } from "../helpers/outbox.js";
import { openSurvey, postRating } from "../helpers/survey-page.js";
import { startTestServices, type TestServices } from "../helpers/test-services.js";

// Fixed seed and counts: the same requests on every run, enough to reach every operation many times in well under the
// file's 90 s budget on a loaded machine.
const SEED = 9_2026_12;
const RUNS_PER_OPERATION = 200;
// Intake sends mail for every ticket it accepts, the costliest request there is; fewer of them keep the file fast.
const INTAKE_RUNS = 80;
const PAGE_RUNS = 1_500;
const MIN_REQUESTS = 10_000;

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  minimum?: number;
  maximum?: number;
  format?: string;
  pattern?: string;
  default?: unknown;
  example?: unknown;
};
interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  method: string;
  path: string;
  parameters: Parameter[];
  body?: { type: string; schema: JsonSchema };
}
interface FuzzRequest {
  role: Role | "none" | "forged";
  method: string;
  url: string;
  contentType?: string;
  body?: string;
  signed?: boolean;
}

let pulse: TestServices;
let operations: Operation[] = [];
let spec: { components?: { schemas?: Record<string, JsonSchema> } };
let surveyToken = "";
let surveyId = "";
let followUpId = "";
let initiativeId = "";
let writes = 0;
let requestCount = 0;
const statusTally = new Map<string, number>();

const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const HOSTILE_STRINGS = [
  "",
  " ",
  "9999-12-31",
  "0000-01-01",
  "+010000-01-01",
  "2026-02-30",
  "1999-12-31",
  "2101-01-01",
  "9999-12",
  "0000-01",
  "9999-Q4",
  "0000-Q1",
  "2026-Q5",
  "\ud800",
  "half \ud83d emoji",
  "\udc00tail",
  "x".repeat(3000),
  "' OR 1=1 --",
  "../../etc/passwd",
  "%00",
  "null",
  "-1",
  "1e308",
  "NaN",
  '=HYPERLINK("http://x")',
  "<script>alert(1)</script>",
  "a#b",
  crafted({ pk: "SURVEY#x", sk: "", gsi1pk: "FOLLOWUPS#active", gsi1sk: 5 }),
  crafted({ month: "9999-12", after: "#" }),
  crafted({ month: "2026-11", after: "2026-11-01#\ud800" }),
  crafted({ offset: -1 }),
  crafted({ s: "", o: 0, q: "" }),
  crafted({ d: "", i: "x", r: "y" }),
];
const VALID_STRINGS = [
  "2026-11-20",
  "2026-09-01",
  "2026-Q4",
  "2026",
  "Remote access",
  "Network L2",
  "a",
  "2026-11",
];
const HOSTILE_NUMBERS = [2 ** 53, 1e21, 1e308, 1e-320, -1, -0.5, 0, 0.5, 1, 1.5, 7, 101, 1e6, -(2 ** 53)];
const ROLES: FuzzRequest["role"][] = ["none", "forged", "analyst", "manager", "head"];

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split("/").pop() ?? "";
  return spec.components?.schemas?.[name] ?? {};
}

/** Values for a schema: mostly shaped like it, often hostile, sometimes of the wrong type altogether. */
function valueFor(raw: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(raw);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((item) => valueFor(item, depth + 1)));
  const hostile = fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...HOSTILE_NUMBERS),
    fc.constantFrom(null, true, [], {}),
  );
  if (schema.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, hostile);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  const shaped: fc.Arbitrary<unknown> = (() => {
    switch (type) {
      case "string":
        return fc.oneof(
          fc.constantFrom(...VALID_STRINGS, ...(schema.example === undefined ? [] : [schema.example])),
          fc.constantFrom(...HOSTILE_STRINGS),
          fc.string({ maxLength: 40, unit: "binary" }),
        );
      case "number":
      case "integer":
        return fc.oneof(
          fc.constantFrom(...HOSTILE_NUMBERS),
          fc.integer({
            min: Math.max(-1, schema.minimum ?? -1),
            max: Math.min(1000, schema.maximum ?? 1000),
          }),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
        );
      case "boolean":
        return fc.boolean();
      case "array":
        return depth > 3
          ? fc.constant([])
          : fc.array(valueFor(schema.items ?? {}, depth + 1), { maxLength: 3 });
      case "object": {
        if (depth > 3) return fc.constant({});
        const properties = schema.properties ?? {};
        const keys = Object.keys(properties);
        const required = new Set(schema.required ?? []);
        const record = fc.record(
          Object.fromEntries(keys.map((key) => [key, valueFor(properties[key] as JsonSchema, depth + 1)])),
          { requiredKeys: keys.filter((key) => required.has(key)) },
        );
        if (typeof schema.additionalProperties === "object") {
          return fc.dictionary(
            fc.constantFrom("VPN", "Remote access", "\ud800", ""),
            valueFor(schema.additionalProperties, depth + 1),
            { maxKeys: 3 },
          );
        }
        return record;
      }
      default:
        return hostile;
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: shaped }, { weight: 1, arbitrary: hostile });
}

function encodePart(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  try {
    return encodeURIComponent(text ?? "");
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8; send the bytes a broken client would.
    return "%ED%A0%80";
  }
}

function requestsFor(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const ids = fc.constantFrom(
    surveyId,
    followUpId,
    initiativeId,
    "nope",
    "\ud800",
    "x".repeat(300),
    "%2e%2e",
    "",
  );
  const params = operation.parameters.filter((p) => p.in !== "header");
  const parts = Object.fromEntries(
    params.map((p) => [
      `${p.in}:${p.name}`,
      p.in === "path" ? fc.oneof(ids, valueFor(p.schema)) : fc.option(valueFor(p.schema), { nil: undefined }),
    ]),
  );
  const body = operation.body
    ? operation.body.type === "text/csv"
      ? fc
          .array(fc.array(fc.constantFrom(...HOSTILE_STRINGS, ...VALID_STRINGS, "title"), { maxLength: 6 }), {
            maxLength: 5,
          })
          .map((rows) => rows.map((row) => row.join(",")).join("\n"))
      : fc.oneof(
          {
            weight: 8,
            arbitrary: valueFor(operation.body.schema).map((value) => JSON.stringify(value) ?? ""),
          },
          { weight: 1, arbitrary: fc.constantFrom("{ not json", "[]", "", "null", '"x"', '{"a":1e999}') },
        )
    : fc.constant(undefined);
  return fc
    .record({
      role: fc.constantFrom(...ROLES),
      parts: fc.record(parts),
      body,
      signed: fc.oneof(
        { weight: 9, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
    })
    .map(({ role, parts: values, body: text, signed }) => {
      let path = operation.path;
      const query = new URLSearchParams();
      for (const p of params) {
        const value = values[`${p.in}:${p.name}`];
        if (p.in === "path") path = path.replace(`{${p.name}}`, encodePart(value));
        else if (value !== undefined) query.append(p.name, decodeURIComponentSafe(encodePart(value)));
      }
      const search = query.toString();
      return {
        role,
        method: operation.method.toUpperCase(),
        url: search ? `${path}?${search}` : path,
        ...(text === undefined
          ? {}
          : { body: text, contentType: operation.body?.type ?? "application/json" }),
        signed,
      };
    });
}

const VALID_PARAMS: Record<string, string> = {
  from: "2026-09-01",
  to: "2026-11-20",
  goLive: "2026-10-01",
  baselineFrom: "2026-06-01",
  baselineTo: "2026-08-31",
  aFrom: "2026-08-01",
  aTo: "2026-08-31",
  bFrom: "2026-09-01",
  bTo: "2026-09-30",
  compareFrom: "2026-06-01",
  compareTo: "2026-08-31",
  period: "2026-Q4",
  dimension: "service",
  value: "Remote access",
  service: "Remote access",
  file: "2026-11.html",
  limit: "10",
  scores: "1,2",
};

const policy = {
  throttleDays: 7,
  sampleRate: 1,
  expiryDays: 14,
  scannerWindowSeconds: 60,
  followUpThreshold: 2,
};
const kpi = {
  dimension: "service",
  value: "Remote access",
  baseline: 0.7,
  target: 0.8,
  targetDate: "2027-06-30",
};
const secondaryKpis = [{ ...kpi, dimension: "agent", value: "Ola Nowak", baseline: 0.6 }];
/** A request body each writing operation accepts, from which one field at a time is made hostile. */
function validBody(operation: Operation): unknown {
  const bodies: Record<string, unknown> = {
    "post /api/v1/tickets/resolved": aResolvedTicket(),
    "post /api/v1/initiatives": {
      title: "Stabilise VPN",
      source: "problem",
      category: "service",
      owner: "Ola",
      effort: 5,
      estimatedCost: 1000,
      services: ["Remote access"],
      kpi,
      secondaryKpis,
      wsjf: { businessValue: 5, timeCriticality: 3, riskReduction: 2, jobSize: 3 },
    },
    "patch /api/v1/initiatives/{id}": {
      expectedVersion: 1,
      title: "Stabilise VPN again",
      effort: 3,
      kpi,
      secondaryKpis,
    },
    "put /api/v1/settings/priority": {
      model: "csat-gap",
      weights: { gap: 1, volume: 1, strategic: 1 },
      serviceWeights: { "Remote access": 2 },
    },
    "put /api/v1/targets": { period: "2026-Q4", value: 0.85, service: "Remote access" },
    "put /api/v1/settings/survey-policy": policy,
    "put /api/v1/settings/digest": { recipients: ["head@example.com"] },
    "post /api/v1/follow-ups/{id}/notes": { note: "Called back" },
    "post /api/v1/follow-ups/{id}/promote": { title: "Fix the VPN", effort: 3, services: ["Remote access"] },
    "post /api/v1/follow-ups/{id}/transitions": { to: "in-progress" },
    "post /api/v1/initiatives/{id}/transitions": { to: "approved" },
  };
  return bodies[`${operation.method} ${operation.path}`];
}

function leavesOf(value: unknown, path: string[] = []): string[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, [...path, String(index)]));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([key, item]) => leavesOf(item, [...path, key]));
  }
  return [path];
}

function withLeaf(value: unknown, path: string[], replacement: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
  copy[head] = withLeaf(copy[head], rest, replacement);
  return copy;
}

const hostileValue = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(null, true, [], {}),
);

type Slot = { kind: "param"; name: string } | { kind: "body"; path: string[] };

function slotsOf(operation: Operation): Slot[] {
  const base = validBody(operation);
  return [
    ...operation.parameters
      .filter((p) => p.in !== "header")
      .map((p) => ({ kind: "param" as const, name: p.name })),
    ...(base === undefined ? [] : leavesOf(base).map((path) => ({ kind: "body" as const, path }))),
  ];
}

/** A request that a client could send, with the one parameter or body field in `slot` set to `value`. */
function nearlyValidRequest(
  operation: Operation,
  role: FuzzRequest["role"],
  slot: Slot,
  value: unknown,
): FuzzRequest {
  const idFor = operation.path.startsWith("/api/v1/follow-ups") ? followUpId : initiativeId;
  const params = operation.parameters.filter((p) => p.in !== "header");
  const base = validBody(operation);
  let path = operation.path;
  const query = new URLSearchParams();
  for (const p of params) {
    const hostile = slot.kind === "param" && slot.name === p.name;
    const given = hostile ? value : p.in === "path" ? (VALID_PARAMS[p.name] ?? idFor) : VALID_PARAMS[p.name];
    if (p.in === "path") path = path.replace(`{${p.name}}`, encodePart(given));
    else if (given !== undefined) query.append(p.name, decodeURIComponentSafe(encodePart(given)));
  }
  const body = slot.kind === "body" ? withLeaf(base, slot.path, value) : base;
  const search = query.toString();
  return {
    role,
    method: operation.method.toUpperCase(),
    url: search ? `${path}?${search}` : path,
    ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: "application/json" }),
    signed: true,
  };
}

/** Requests with one field at a time made hostile, as staff who may call the operation. */
function nearlyValidRequests(operation: Operation): fc.Arbitrary<FuzzRequest> {
  const slots = slotsOf(operation);
  if (slots.length === 0) return requestsFor(operation);
  return fc
    .record({
      role: fc.constantFrom<FuzzRequest["role"]>("analyst", "manager", "head"),
      slot: fc.constantFrom(...slots),
      value: hostileValue,
    })
    .map(({ role, slot, value }) => nearlyValidRequest(operation, role, slot, value));
}

// One of each kind of value that took Pulse down, tried in every field of every operation.
const KEY_HOSTILES: unknown[] = [
  "\ud800",
  "cut \ud83d",
  "9999-12-31",
  "0000-01-01",
  "9999-12",
  "9999-Q4",
  "",
  "x".repeat(3000),
  2 ** 53,
  1e21,
  1e308,
  1e-320,
  -1,
  null,
  {},
  crafted({ pk: "SURVEY#x", sk: "" }),
];

/** Every field of every operation, each with every kind of value in KEY_HOSTILES, as a head. */
function systematicRequests(operation: Operation): FuzzRequest[] {
  return slotsOf(operation).flatMap((slot) =>
    KEY_HOSTILES.map((value) => nearlyValidRequest(operation, "head", slot, value)),
  );
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The requester pages: every link shape with valid, foreign and broken tokens, GET and form POST. */
function pageRequests(): fc.Arbitrary<FuzzRequest> {
  const token = fc.constantFrom(surveyToken, "nope", "\ud800", "x".repeat(500), "", "..%2f..");
  const field = fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS, "1", "3", "5", "auto", "deliberate"),
    fc.string(),
  );
  return fc
    .record({
      token,
      suffix: fc.constantFrom("", "/opt-out"),
      method: fc.constantFrom("GET", "POST"),
      score: field,
      nonce: field,
      mode: field,
      comment: fc.oneof(field, fc.constant("c".repeat(6000))),
    })
    .map(({ token: t, suffix, method, score, nonce, mode, comment }) => {
      const form = new URLSearchParams({ score, nonce, mode, comment, reasons: score });
      const url = `/s/${encodePart(t)}${suffix}`;
      return method === "GET"
        ? { role: "none" as const, method, url: `${url}?score=${encodePart(score)}` }
        : {
            role: "none" as const,
            method,
            url,
            body: form.toString(),
            contentType: "application/x-www-form-urlencoded",
          };
    });
}

async function send(request: FuzzRequest): Promise<Response> {
  const headers: Record<string, string> = {};
  if (request.role === "forged")
    headers.authorization = "Bearer eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoiaGVhZCJ9.c2ln";
  else if (request.role !== "none") headers.authorization = `Bearer ${await pulse.token(request.role)}`;
  if (request.contentType) headers["content-type"] = request.contentType;
  if (request.body !== undefined && request.signed) Object.assign(headers, signedHeaders(request.body));
  requestCount += 1;
  return pulse.app.request(request.url, {
    method: request.method,
    headers,
    ...(request.body === undefined ? {} : { body: request.body }),
  });
}

interface Finding {
  request: FuzzRequest;
  status: number;
  problem: string;
}

/** Sends each request; a 5xx, or a refused request during which storage took a write, is a finding. */
async function exercise(requests: FuzzRequest[]): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const request of requests) {
    // Mail an earlier accepted intake queued is written after that request answered, not by this one.
    await pulse.mailQueue.drain();
    const before = writes;
    const response = await send(request);
    const text = await response.text();
    const kind = `${String(response.status)[0]}xx`;
    statusTally.set(kind, (statusTally.get(kind) ?? 0) + 1);
    if (response.status >= 500)
      findings.push({ request, status: response.status, problem: text.slice(0, 200) });
    else if (response.status >= 400 && writes !== before) {
      findings.push({
        request,
        status: response.status,
        problem: `a refused request wrote ${writes - before} times`,
      });
    }
  }
  return findings;
}

/** A checksum of every item in the table, read consistently. */
async function tableChecksum(): Promise<string> {
  const hash = createHash("sha256");
  const lines: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await pulse.db.send(
      new ScanCommand({ TableName: pulse.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) lines.push(JSON.stringify(Object.entries(item).sort()));
    start = page.LastEvaluatedKey;
  } while (start);
  for (const line of lines.sort()) hash.update(line);
  return `${lines.length}:${hash.digest("hex")}`;
}

function describeFindings(findings: Finding[]): string {
  const byKind = new Map<string, Finding>();
  for (const finding of findings) {
    const key = `${finding.request.method} ${finding.request.url.split("?")[0]} ${finding.status}`;
    if (!byKind.has(key)) byKind.set(key, finding);
  }
  return [...byKind.values()]
    .map(
      (f) =>
        `${f.status} ${f.request.method} ${f.request.url.slice(0, 160)} ${f.request.body?.slice(0, 160) ?? ""} → ${f.problem}`,
    )
    .join("\n");
}

beforeAll(async () => {
  pulse = await startTestServices();
  const writeCommand = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;
  pulse.db.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (writeCommand.test(String(context.commandName))) writes += 1;
      return result;
    },
    { step: "initialize", name: "fuzzWriteCounter" },
  );
  const ticket = aResolvedTicket();
  surveyId = ((await (await postTicket(pulse.app, ticket)).json()) as { surveyId: string }).surveyId;
  const mail = (await readOutbox(pulse.outbox)).find((m) => m.subject?.includes(ticket.ticketId));
  if (!mail) throw new Error("no invitation");
  surveyToken = tokenOf(scoreLink(mail, 1));
  const page = await openSurvey(pulse.app, `/s/${surveyToken}?score=1`);
  await postRating(pulse.app, surveyToken, { score: 1, nonce: page.nonce ?? "", comment: "VPN still drops" });
  followUpId = surveyId;
  const created = await pulse.app.request("/api/v1/initiatives", {
    method: "POST",
    headers: { authorization: `Bearer ${await pulse.token("manager")}`, "content-type": "application/json" },
    body: JSON.stringify({
      title: "Stabilise VPN",
      source: "problem",
      category: "service",
      owner: "Ola",
      effort: 5,
    }),
  });
  initiativeId = ((await created.json()) as { id?: string }).id ?? "missing";

  const document = (await (await pulse.app.request("/api/openapi.json")).json()) as typeof spec & {
    paths: Record<
      string,
      Record<
        string,
        { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }
      >
    >;
  };
  spec = document;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => {
      const [type, content] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [];
      return {
        method,
        path,
        parameters: operation.parameters ?? [],
        ...(type && content ? { body: { type, schema: content.schema } } : {}),
      };
    }),
  );
}, 60_000);

describe("Fuzzed requests over every operation never cost more than a 4xx", () => {
  it("answers every fuzzed request to every operation in the OpenAPI document, as every role, without a 5xx or a write from a refused request", async () => {
    expect(operations.length).toBeGreaterThan(30);
    const findings: Finding[] = [];
    for (const [index, operation] of operations.entries()) {
      const requests = fc.sample(fc.oneof(requestsFor(operation), nearlyValidRequests(operation)), {
        seed: SEED + index,
        numRuns: operation.path === "/api/v1/tickets/resolved" ? INTAKE_RUNS : RUNS_PER_OPERATION,
      });
      findings.push(...(await exercise(requests)));
      findings.push(...(await exercise(systematicRequests(operation))));
    }
    findings.push(...(await exercise(fc.sample(pageRequests(), { seed: SEED, numRuns: PAGE_RUNS }))));
    const tally = [...statusTally].map(([kind, n]) => `${kind} ${n}`).join(", ");
    console.log(
      `fuzz: ${requestCount} requests over ${operations.length} operations and the requester pages (${tally})`,
    );
    expect(describeFindings(findings)).toBe("");
    expect(requestCount).toBeGreaterThanOrEqual(MIN_REQUESTS);
  }, 240_000);
});

// The defects found by attacking Pulse, each answered with a 4xx and leaving the table exactly as it was.
const REGRESSIONS: Array<[string, FuzzRequest, number]> = [
  [
    "a satisfaction trend ending in 9999",
    { role: "analyst", method: "GET", url: "/api/v1/metrics/satisfaction?to=9999-12-31" },
    400,
  ],
  [
    "a satisfaction trend ending in year 0",
    { role: "analyst", method: "GET", url: "/api/v1/metrics/satisfaction?to=0000-01-01" },
    400,
  ],
  [
    "an impact with go-live in year 0",
    { role: "analyst", method: "GET", url: "/api/v1/metrics/impact?dimension=all&goLive=0000-01-01" },
    400,
  ],
  ["the digest of 9999-12", { role: "analyst", method: "GET", url: "/api/v1/digest/9999-12.html" }, 400],
  ["the digest of 0000-01", { role: "analyst", method: "GET", url: "/api/v1/digest/0000-01.csv" }, 400],
  ["themes to 9999", { role: "analyst", method: "GET", url: "/api/v1/themes?to=9999-12-31" }, 400],
  ["responses to 9999", { role: "head", method: "GET", url: "/api/v1/responses?to=9999-12-31" }, 400],
  [
    "the target status of 9999-Q4",
    { role: "head", method: "GET", url: "/api/v1/targets/status?period=9999-Q4" },
    400,
  ],
  ...[2 ** 53, 1e21, 1e308, 1e-320].map((n): [string, FuzzRequest, number] => [
    `a priority weight of ${n}`,
    {
      role: "head",
      method: "PUT",
      url: "/api/v1/settings/priority",
      contentType: "application/json",
      body: JSON.stringify({
        model: "csat-gap",
        weights: { gap: n, volume: 1, strategic: 1 },
        serviceWeights: {},
      }),
    },
    400,
  ]),
  [
    "a target for 9999-Q4",
    {
      role: "head",
      method: "PUT",
      url: "/api/v1/targets",
      contentType: "application/json",
      body: JSON.stringify({ period: "9999-Q4", value: 0.8 }),
    },
    400,
  ],
  [
    "a target of 1e-320",
    {
      role: "head",
      method: "PUT",
      url: "/api/v1/targets",
      contentType: "application/json",
      body: JSON.stringify({ period: "2026", value: 1e-320 }),
    },
    400,
  ],
  [
    "a sampling rate of 1e-320",
    {
      role: "head",
      method: "PUT",
      url: "/api/v1/settings/survey-policy",
      contentType: "application/json",
      body: JSON.stringify({
        throttleDays: 7,
        sampleRate: 1e-320,
        expiryDays: 14,
        scannerWindowSeconds: 60,
        followUpThreshold: 2,
      }),
    },
    400,
  ],
  [
    "a throttle of 1e308 days",
    {
      role: "head",
      method: "PUT",
      url: "/api/v1/settings/survey-policy",
      contentType: "application/json",
      body: JSON.stringify({
        throttleDays: 1e308,
        sampleRate: 1,
        expiryDays: 14,
        scannerWindowSeconds: 60,
        followUpThreshold: 2,
      }),
    },
    400,
  ],
  ...["source", "ticketId", "service"].map((field): [string, FuzzRequest, number] => [
    `a lone surrogate in an intake's ${field}`,
    {
      role: "none",
      method: "POST",
      url: "/api/v1/tickets/resolved",
      contentType: "application/json",
      signed: true,
      body: JSON.stringify({ ...aResolvedTicket(), [field]: "cut \ud83d" }),
    },
    400,
  ]),
  [
    "a follow-up cursor holding table keys",
    {
      role: "analyst",
      method: "GET",
      url: `/api/v1/follow-ups?cursor=${crafted({ pk: "SURVEY#x", sk: "", gsi1pk: "FOLLOWUPS#active" })}`,
    },
    400,
  ],
  [
    "a responses cursor with a bad position",
    {
      role: "head",
      method: "GET",
      url: `/api/v1/responses?cursor=${crafted({ month: "2026-11", after: "#" })}`,
    },
    400,
  ],
  [
    "a promoted case with an effort of 5e-324",
    {
      role: "manager",
      method: "POST",
      url: "/api/v1/follow-ups/{case}/promote",
      contentType: "application/json",
      body: JSON.stringify({ effort: 5e-324 }),
    },
    400,
  ],
  [
    "removing a target that is not there",
    { role: "head", method: "DELETE", url: "/api/v1/targets?period=2031" },
    404,
  ],
];

describe("The defects found by attacking Pulse stay fixed", () => {
  it.each(REGRESSIONS)("answers %s with a 4xx and changes nothing stored", async (_case, request, status) => {
    const before = await tableChecksum();
    const response = await send({ ...request, url: request.url.replace("{case}", followUpId) });
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(await tableChecksum()).toBe(before);
  });
});
