/**
 * Checks responses against an OpenAPI 3.1 document: the status must be documented for the request's operation, the
 * content type must be one the document lists for that status, and a JSON body must validate against its schema.
 * The integration suite runs every response of the app it tests through this, so the document cannot drift from what
 * the server answers without a test failing.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import type { OpenApiDocument } from "../../functions/src/http/contract/openapi-document.js";

type Json = { [key: string]: unknown };

interface MediaDoc {
  schema?: Json;
}

interface ResponseDoc {
  content?: Record<string, MediaDoc>;
}

interface Operation {
  operationId?: string;
  responses: Record<string, ResponseDoc>;
}

type Paths = Record<string, Record<string, Operation | undefined>>;

type Fetch = (request: Request, ...rest: never[]) => Response | Promise<Response>;

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
const COMPONENTS = "#/components/schemas/";
// Component schemas are registered under URIs of their own, so that a `$ref` into the document resolves in ajv.
const COMPONENT_BASE = "https://openapi.test/components/schemas/";
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/;
const MAX_LISTED_ERRORS = 12;

/** Thrown by a checked app when a response disagrees with the document: the test that made the request fails. */
export class NonConformingResponse extends Error {
  override readonly name = "NonConformingResponse";
}

/** One documented path, matched against a request's path segment by segment. */
interface PathTemplate {
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal segments before parameters: `/initiatives/export.csv` wins over `/initiatives/{id}`. */
  readonly rank: readonly number[];
}

function templateOf(template: string): PathTemplate {
  const segments = template.split("/");
  const pattern = segments
    .map((segment) =>
      /^\{[^}]+\}$/.test(segment) ? "[^/]+" : segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
    )
    .join("/");
  return {
    template,
    // The API's router answers `/initiatives/` as it answers `/initiatives`, so both are the documented operation.
    pattern: new RegExp(`^${pattern}/?$`),
    rank: segments.map((segment) => (segment.startsWith("{") ? 1 : 0)),
  };
}

function moreSpecific(a: PathTemplate, b: PathTemplate): number {
  for (let i = 0; i < Math.max(a.rank.length, b.rank.length); i++) {
    const difference = (a.rank[i] ?? 0) - (b.rank[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

// Points the document's `#/components/schemas/X` references at the URIs the component schemas are registered under.
function relinked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(relinked);
  if (value && typeof value === "object") {
    const out: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") {
        if (!inner.startsWith(COMPONENTS)) throw new Error(`Unsupported $ref ${inner} in the document`);
        out[key] = COMPONENT_BASE + encodeURIComponent(inner.slice(COMPONENTS.length));
      } else out[key] = relinked(inner);
    }
    return out;
  }
  return value;
}

// A schema that is nothing but a reference back to itself validates by recursing forever: refuse it up front.
function refuseEmptyCycle(components: Record<string, Json>, name: string): void {
  const seen = [name];
  let schema = components[name];
  while (schema && Object.keys(schema).length === 1 && typeof schema.$ref === "string") {
    const next = schema.$ref.startsWith(COMPONENTS) ? schema.$ref.slice(COMPONENTS.length) : undefined;
    if (next === undefined) return;
    if (seen.includes(next))
      throw new Error(`The schema ${name} is nothing but a reference: ${[...seen, next].join(" → ")}`);
    seen.push(next);
    schema = components[next];
  }
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || "(body)";
  const extra =
    error.keyword === "additionalProperties"
      ? ` (${String(error.params.additionalProperty)})`
      : error.keyword === "enum"
        ? ` (${JSON.stringify(error.params.allowedValues)})`
        : "";
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

function mediaTypeOf(response: Response): string | undefined {
  const header = response.headers.get("content-type");
  return header ? (header.split(";")[0] ?? "").trim().toLowerCase() : undefined;
}

// OpenAPI lets a response be listed by exact status, by range (`4XX`) or as the `default`.
function responseDocOf(operation: Operation, status: number): [string, ResponseDoc] | undefined {
  const keys = [String(status), `${String(status)[0]}XX`, "default"];
  const key = keys.find((candidate) => operation.responses[candidate] !== undefined);
  const listed = key === undefined ? undefined : operation.responses[key];
  return key === undefined || listed === undefined ? undefined : [key, listed];
}

// A listed media type may be a range (`text/*`, `*/*`).
function listedMedia(content: Record<string, MediaDoc>, media: string): MediaDoc | undefined {
  const listed = Object.entries(content).find(([key]) => key.toLowerCase() === media);
  if (listed) return listed[1];
  return content[`${media.split("/")[0]}/*`] ?? content["*/*"];
}

/** Checks responses against one OpenAPI document, counting those it checked and those outside the document. */
export class ResponseConformance {
  readonly tally = { checked: 0, skipped: 0 };
  readonly #ajv = new Ajv2020({ allErrors: true, strictTypes: false, strictTuples: false });
  readonly #templates: PathTemplate[];
  readonly #validators = new Map<string, ValidateFunction>();
  // The document as this checker reads it: an operation's responses, their content and schemas.
  readonly #paths: Paths;

  constructor(document: OpenApiDocument) {
    addFormats.default(this.#ajv);
    // Annotations that OpenAPI adds to JSON Schema: they describe, and never refuse a value.
    this.#ajv.addVocabulary(["example", "discriminator", "xml", "externalDocs"]);
    const components = document.components.schemas;
    for (const [name, schema] of Object.entries(components)) {
      refuseEmptyCycle(components, name);
      this.#ajv.addSchema(relinked(schema) as Json, COMPONENT_BASE + encodeURIComponent(name));
    }
    this.#paths = document.paths as unknown as Paths;
    this.#templates = Object.keys(document.paths).map(templateOf);
  }

  /** The documented operation a request calls, with its path template, or undefined when the document has none. */
  operationOf(method: string, path: string): { template: string; operation: Operation } | undefined {
    const lower = method.toLowerCase();
    if (!(METHODS as readonly string[]).includes(lower)) return undefined;
    const [match] = this.#templates
      .filter((candidate) => candidate.pattern.test(path))
      .filter((candidate) => this.#paths[candidate.template]?.[lower] !== undefined)
      .sort(moreSpecific);
    if (!match) return undefined;
    const operation = this.#paths[match.template]?.[lower];
    return operation ? { template: match.template, operation } : undefined;
  }

  /**
   * What is wrong with a response to `method path` by the document: an empty list when it conforms, undefined when
   * the document does not describe the request's operation. Reads a clone, so the caller can still read the body.
   */
  async violationsOf(method: string, path: string, response: Response): Promise<string[] | undefined> {
    const called = this.operationOf(method, path);
    if (!called) {
      this.tally.skipped++;
      return undefined;
    }
    this.tally.checked++;
    const { template, operation } = called;
    const found = responseDocOf(operation, response.status);
    if (!found) {
      const documented = Object.keys(operation.responses).join(", ");
      return [`status ${response.status} is not documented (documented: ${documented})`];
    }
    const [status, listed] = found;
    const media = mediaTypeOf(response);
    const body = await response.clone().text();
    const content = listed.content ?? {};
    if (Object.keys(content).length === 0) {
      return body === "" && media === undefined
        ? []
        : [`the document describes no body for ${response.status}, yet it came with ${media ?? "no type"}`];
    }
    const listedTypes = Object.keys(content).join(", ");
    if (media === undefined) return [`no content type; the document lists ${listedTypes}`];
    const mediaDoc = listedMedia(content, media);
    if (!mediaDoc) return [`content type ${media} is not one the document lists (${listedTypes})`];
    if (!JSON_MEDIA.test(media) || !mediaDoc.schema) return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return [`the ${media} body is not JSON: ${body.slice(0, 120)}`];
    }
    const validate = this.#validatorOf(
      `${method.toUpperCase()} ${template} ${status} ${media}`,
      mediaDoc.schema,
    );
    if (validate(parsed)) return [];
    const errors = (validate.errors ?? []).map(describeError);
    const more =
      errors.length > MAX_LISTED_ERRORS ? [`... and ${errors.length - MAX_LISTED_ERRORS} more`] : [];
    return [...errors.slice(0, MAX_LISTED_ERRORS), ...more];
  }

  /** Throws NonConformingResponse, naming the request, the status and every violation, when a response disagrees. */
  async assertConforms(method: string, path: string, response: Response): Promise<void> {
    const violations = await this.violationsOf(method, path, response);
    if (!violations || violations.length === 0) return;
    const operation = this.operationOf(method, path)?.operation.operationId ?? "?";
    throw new NonConformingResponse(
      `${method} ${path} answered ${response.status} (${mediaTypeOf(response) ?? "no content type"}), ` +
        `which the OpenAPI document's ${operation} refuses:\n  ${violations.join("\n  ")}`,
    );
  }

  /** Wraps an app's `fetch`, which its `request` also calls, so that every response it gives is checked first. */
  guard<A extends { fetch: Fetch }>(app: A): A {
    const fetch = app.fetch;
    const checked: Fetch = async (request, ...rest) => {
      const response = await fetch(request, ...rest);
      await this.assertConforms(request.method, new URL(request.url).pathname, response);
      return response;
    };
    (app as { fetch: Fetch }).fetch = checked;
    return app;
  }

  /** Compiles the schema of every JSON response the document describes, so that a broken one fails at once. */
  compileAll(): number {
    let compiled = 0;
    for (const [template, operations] of Object.entries(this.#paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, listed] of Object.entries(operation?.responses ?? {})) {
          for (const [media, { schema }] of Object.entries(listed.content ?? {})) {
            if (!JSON_MEDIA.test(media) || !schema) continue;
            this.#validatorOf(`${method.toUpperCase()} ${template} ${status} ${media}`, schema);
            compiled++;
          }
        }
      }
    }
    return compiled;
  }

  #validatorOf(key: string, schema: Json): ValidateFunction {
    let validate = this.#validators.get(key);
    if (!validate) {
      validate = this.#ajv.compile(relinked(schema) as Json);
      this.#validators.set(key, validate);
    }
    return validate;
  }
}
