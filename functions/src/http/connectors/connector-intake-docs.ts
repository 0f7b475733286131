import { CONNECTOR_NAMES, CONNECTORS } from "../../domain/connectors/connectors.js";
import type { DocumentParts } from "../contract/openapi-document.js";
import { CONNECTOR_INTAKE_PATH } from "./connector-intake.js";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

const AUTH_WORDS = {
  bearer: "`Authorization: Bearer <the connector's secret>`",
  "zendesk-signature":
    "`X-Zendesk-Webhook-Signature` (base64 HMAC-SHA256 of the timestamp and body) and `X-Zendesk-Webhook-Signature-Timestamp`",
  "glpi-signature": "`X-GLPI-signature` (hex HMAC-SHA256 of the body and timestamp) and `X-GLPI-timestamp`",
  "hub-signature-or-bearer":
    "`X-Hub-Signature: sha256=<hex HMAC-SHA256 of the body>` (a webhook with a secret), or `Authorization: Bearer <the connector's secret>` (an automation rule)",
} as const;

/**
 * The connector intake as the OpenAPI document describes it; the connectors function never loads this module. Each
 * tool's payload is its own, so the body is documented as the JSON object that tool sends.
 */
export function connectorIntakeOperations(): Required<Pick<DocumentParts, "extraOperations">> {
  const tools = CONNECTOR_NAMES.map(
    (name) => `- \`${name}\` (${CONNECTORS[name].label}): ${AUTH_WORDS[CONNECTORS[name].auth.kind]}`,
  );
  return {
    extraOperations: [
      {
        method: "post",
        path: CONNECTOR_INTAKE_PATH,
        operation: {
          operationId: "reportResolvedTicketFromConnector",
          summary: "Report a resolved ticket as an ITSM tool's own webhook or automation sends it",
          description:
            "The payload is read through the connector's field mapping (`GET /api/v1/connectors/{connector}/mapping`) " +
            "into the same ticket as the generic intake takes, and handled by the same intake. Authentication per " +
            `connector:\n${tools.join("\n")}\n\nSet-up for each tool: docs/connectors/<connector>.md.`,
          tags: ["Intake"],
          parameters: [
            {
              name: "connector",
              in: "path",
              required: true,
              schema: { type: "string", enum: [...CONNECTOR_NAMES] },
            },
          ],
          requestBody: {
            required: true,
            content: {
              "application/json": { schema: { type: "object", description: "The tool's own payload" } },
            },
          },
          responses: {
            202: {
              description: "Invited or skipped, with the reason",
              content: { "application/json": { schema: { $ref: "#/components/schemas/IntakeResult" } } },
            },
            400: problem(
              "Not a JSON object, or a required field missing or invalid after mapping: names the vendor field",
            ),
            401: problem("Missing or wrong secret or signature: names the header"),
            404: problem("No such connector"),
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
