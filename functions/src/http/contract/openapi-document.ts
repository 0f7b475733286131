/**
 * Builds the OpenAPI 3.1 document from the route contracts with zod's own JSON Schema conversion. On AWS it runs at
 * build time (the document is a static file beside the web app), so the staff function carries none of this.
 */
import * as z from "zod/mini";
import { ProblemSchema } from "./problems.js";
import type { BodySpec, HeaderDoc, ResponseSpec, RouteContract, Schema } from "./route.js";

type JsonSchema = { [key: string]: unknown };

/** An OpenAPI document, as plain JSON. */
export type OpenApiDocument = JsonSchema & {
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema> };
};

/** An operation that is not a staff route (intake, the requester pages), documented as it is. */
export interface ExtraOperation {
  readonly method: string;
  readonly path: string;
  readonly operation: JsonSchema;
}

/** What the document needs beside the staff routes. */
export interface DocumentParts {
  readonly routes: readonly RouteContract[];
  readonly extraOperations?: readonly ExtraOperation[];
  /** Schemas to list under components.schemas by name (those the extra operations refer to). */
  readonly extraSchemas?: Readonly<Record<string, Schema>>;
}

const COMPONENTS = "#/components/schemas/";

/** Converts schemas to JSON Schema, gathering every named one under components.schemas. */
class SchemaWriter {
  readonly components: Record<string, JsonSchema> = {};

  /** The JSON Schema of one schema, as a request reads it (`input`) or a response carries it (`output`). */
  write(schema: Schema, io: "input" | "output"): JsonSchema {
    const {
      $schema: _,
      $defs,
      ...json
    } = z.toJSONSchema(schema, {
      io,
      unrepresentable: "any",
      // Date-times are named by their format alone, as clients and validators read them.
      override: ({ jsonSchema }) => {
        if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
      },
    }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    for (const [id, definition] of Object.entries($defs ?? {})) this.components[id] = relink(definition);
    return relink(json);
  }
}

// zod names definitions under the schema's own $defs; the document keeps one list for all of them.
function relink<T>(value: T): T {
  if (Array.isArray(value)) return value.map(relink) as T;
  if (value && typeof value === "object") {
    const out: JsonSchema = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] =
        key === "$ref" && typeof inner === "string" && inner.startsWith("#/$defs/")
          ? COMPONENTS + inner.slice("#/$defs/".length)
          : relink(inner);
    }
    return out as T;
  }
  return value;
}

/** Parameters of one location from an object schema's properties. */
function parametersOf(writer: SchemaWriter, schema: Schema | undefined, location: "path" | "query") {
  if (!schema) return [];
  const json = writer.write(schema, "input") as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: location,
      required: location === "path" || (json.required?.includes(name) ?? false),
      ...(typeof description === "string" ? { description } : {}),
      schema: rest,
    };
  });
}

function headersOf(headers: Readonly<Record<string, HeaderDoc>> | undefined) {
  return headers
    ? { headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { ...v }])) }
    : {};
}

/**
 * The problems the mount answers for any route that takes a body (mount.ts), so that no contract has to repeat them:
 * 415 for a body of another media type, 413 for one over the route's limit. A contract's own words for them win.
 */
function bodyProblems(body: BodySpec | undefined): Record<number, ResponseSpec> {
  if (!body) return {};
  const media = "schema" in body ? "application/json" : body.media;
  const problems: Record<number, ResponseSpec> = {
    415: { description: `The body was not sent as ${media}`, problem: true },
  };
  if ("limit" in body && body.limit) problems[413] = { description: body.limit.detail, problem: true };
  return problems;
}

function operationOf(writer: SchemaWriter, contract: RouteContract): JsonSchema {
  const parameters = [
    ...parametersOf(writer, contract.params, "path"),
    ...parametersOf(writer, contract.query, "query"),
  ];
  const body = contract.body;
  const requestBody = body
    ? {
        required: !("schema" in body && body.required === false),
        ...(body.description ? { description: body.description } : {}),
        content:
          "schema" in body
            ? { "application/json": { schema: writer.write(body.schema, "input") } }
            : { [body.media]: { schema: { type: "string" } } },
      }
    : undefined;
  const responses = Object.fromEntries(
    Object.entries({ ...bodyProblems(body), ...contract.responses }).map(([status, spec]) => {
      const content =
        "problem" in spec
          ? { "application/problem+json": { schema: { $ref: `${COMPONENTS}Problem` } } }
          : "schema" in spec
            ? { "application/json": { schema: writer.write(spec.schema, "output") } }
            : "media" in spec
              ? Object.fromEntries(spec.media.map((media) => [media, { schema: { type: "string" } }]))
              : undefined;
      return [
        status,
        { description: spec.description, ...headersOf(spec.headers), ...(content ? { content } : {}) },
      ];
    }),
  );
  return {
    operationId: contract.operationId,
    summary: contract.summary,
    ...(contract.description ? { description: contract.description } : {}),
    tags: [...contract.tags],
    security: [{ bearer: [] }],
    "x-pulse-role": contract.role,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document of the whole API. */
export function openApiDocument(parts: DocumentParts): OpenApiDocument {
  const writer = new SchemaWriter();
  // Named, so the writer lists it under components.schemas itself; what write() returns is only a $ref to it.
  writer.write(ProblemSchema, "output");
  for (const [id, schema] of Object.entries(parts.extraSchemas ?? {})) {
    const json = writer.write(schema, "input");
    if (!("$ref" in json)) writer.components[id] = json;
  }
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const seen = new Set<string>();
  for (const contract of parts.routes) {
    if (seen.has(contract.operationId))
      throw new Error(`Two routes share operationId ${contract.operationId}`);
    seen.add(contract.operationId);
    paths[contract.path] = { ...paths[contract.path], [contract.method]: operationOf(writer, contract) };
  }
  for (const extra of parts.extraOperations ?? []) {
    paths[extra.path] = { ...paths[extra.path], [extra.method]: relink(extra.operation) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Pulse API",
      version: "1.0.0",
      description: "Satisfaction surveys and continual service improvement for IT service teams.",
    },
    paths,
    components: {
      schemas: writer.components,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A staff token: from the user pool on AWS, from `npm run token -- <role>` locally.",
        },
      },
    },
  };
}
