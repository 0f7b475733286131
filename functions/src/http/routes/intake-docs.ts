import * as z from "zod/mini";
import type { DocumentParts } from "../contract/openapi-document.js";
import { INTAKE_PATH, IntakeResultSchema, ResolvedTicketSchema } from "./intake.js";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/**
 * Intake as the OpenAPI document describes it, from the zod/mini schemas that the public function validates it with,
 * so the public bundle carries no OpenAPI machinery and the document still describes every route.
 */
export function intakeOperations(): Required<Pick<DocumentParts, "extraOperations" | "extraSchemas">> {
  // The public function validates with the bare schemas; their examples are given here, where only the document reads.
  const fields = ResolvedTicketSchema.shape;
  const examples: Array<[z.ZodMiniType, string]> = [
    [fields.source, "servicenow"],
    [fields.ticketId, "INC0012345"],
    [fields.title, "VPN drops"],
    [fields.resolvedAt, "2026-11-20T14:03:00Z"],
    [fields.ticketUrl, "https://itsm.example.com/incident/INC0012345"],
    // The vendor or contractor that worked the ticket, a dimension like the service or the agent.
    [fields.supplier, "Orange Polska"],
  ];
  for (const [schema, example] of examples) z.globalRegistry.add(schema, { example });
  return {
    extraSchemas: {
      ResolvedTicket: ResolvedTicketSchema,
      IntakeResult: IntakeResultSchema,
    },
    extraOperations: [
      {
        method: "post",
        path: INTAKE_PATH,
        operation: {
          operationId: "reportResolvedTicket",
          summary: "Report a resolved ticket; Pulse invites its requester to rate the resolution",
          tags: ["Intake"],
          parameters: [
            {
              name: "x-pulse-timestamp",
              in: "header",
              required: true,
              description: "Unix seconds, within ±5 minutes",
              schema: { type: "string", example: "1763647380" },
            },
            {
              name: "x-pulse-signature",
              in: "header",
              required: true,
              description: 'HMAC-SHA256 of "<timestamp>.<raw body>"',
              schema: { type: "string", example: "sha256=9f86d0..." },
            },
          ],
          requestBody: {
            required: true,
            content: { "application/json": { schema: { $ref: "#/components/schemas/ResolvedTicket" } } },
          },
          responses: {
            202: {
              description:
                "Invited or skipped, with the reason; a resolution older than the survey window is skipped as stale",
              content: { "application/json": { schema: { $ref: "#/components/schemas/IntakeResult" } } },
            },
            400: problem("Invalid body, or a resolvedAt more than 5 minutes in the future"),
            401: problem("Bad signature, or a timestamp more than 5 minutes off"),
            413: problem("Body too large"),
            503: {
              ...problem("Busy: nothing was stored; send the request again after the seconds in Retry-After"),
              headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait" } },
            },
          },
        },
      },
    ],
  };
}
