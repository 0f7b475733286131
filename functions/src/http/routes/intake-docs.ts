import type { OpenAPIHono } from "@hono/zod-openapi";
import * as z from "zod/mini";
import { INTAKE_PATH, IntakeHeadersSchema, IntakeResultSchema, ResolvedTicketSchema } from "./intake.js";
import { busyProblem, problemContent } from "./problem-schema.js";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

/** The JSON Schema of a zod/mini schema as the rest of the OpenAPI document spells its schemas. */
function jsonSchemaOf(schema: z.ZodMiniType): JsonSchema {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io: "input",
    // The document has always named date-times by format alone, as @hono/zod-openapi writes them.
    override: ({ jsonSchema }) => {
      if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
    },
  }) as JsonSchema;
  return json;
}

/**
 * Documents intake in the staff API's OpenAPI document from the zod/mini schemas that the public function validates
 * it with, so the public bundle carries no OpenAPI machinery and the document still describes every route.
 */
export function documentIntakeRoutes(app: OpenAPIHono) {
  const registry = app.openAPIRegistry;
  const ticket = registry.registerComponent("schemas", "ResolvedTicket", jsonSchemaOf(ResolvedTicketSchema));
  const result = registry.registerComponent("schemas", "IntakeResult", jsonSchemaOf(IntakeResultSchema));
  const headers = jsonSchemaOf(IntakeHeadersSchema);
  registry.registerPath({
    method: "post",
    path: INTAKE_PATH,
    summary: "Report a resolved ticket; Pulse invites its requester to rate the resolution",
    tags: ["Intake"],
    parameters: Object.entries(headers.properties ?? {}).map(([name, schema]) => ({
      schema,
      required: headers.required?.includes(name) ?? false,
      description: typeof schema.description === "string" ? schema.description : undefined,
      name,
      in: "header" as const,
    })),
    request: {
      body: { content: { "application/json": { schema: ticket.ref } }, required: true },
    },
    responses: {
      202: {
        description: "Invited or skipped, with the reason",
        content: { "application/json": { schema: result.ref } },
      },
      400: { description: "Invalid body", content: problemContent },
      401: { description: "Bad signature, or a timestamp more than 5 minutes off", content: problemContent },
      ...busyProblem,
      413: { description: "Body too large", content: problemContent },
    },
  });
}
