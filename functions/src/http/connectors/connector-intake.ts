import type { Env, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type * as z from "zod/mini";
import type { ConnectorMappingRepository } from "../../adapters/dynamo/connector-mapping-repository.js";
import type { IntakeTicket } from "../../app/surveys/intake-ticket.js";
import { connectorTicket } from "../../domain/connectors/connector-ticket.js";
import {
  CONNECTOR_NAMES,
  CONNECTORS,
  type ConnectorName,
  effectiveMapping,
  isConnectorName,
} from "../../domain/connectors/connectors.js";
import { fieldErrors, problem } from "../errors.js";
import { firstIllFormedText } from "../ill-formed-text.js";
import { type IntakeResultSchema, ResolvedTicketSchema } from "../routes/intake.js";
import { refusedDelivery } from "./connector-auth.js";

/** The connector intake's path, in OpenAPI style; Hono's own spelling is below. */
export const CONNECTOR_INTAKE_PATH = "/api/v1/tickets/resolved/{connector}";

// A Jira issue with its custom fields and changelog runs to tens of kilobytes.
const MAX_CONNECTOR_BYTES = 256 * 1024;

/** What the connector routes call. */
export interface ConnectorIntakeDeps {
  intakeTicket: IntakeTicket;
  connectorMappings: Pick<ConnectorMappingRepository, "get">;
  /** Each connector's secret as it stands now: its bearer secret, or the signing secret its tool signs with. */
  connectorSecrets: () => Promise<Partial<Record<ConnectorName, string>>>;
}

/**
 * POST /api/v1/tickets/resolved/{connector}: a resolved ticket as ServiceNow, Jira Service Management, Zendesk,
 * Freshservice or GLPI sends it, authenticated as that tool can, read through the connector's mapping and handed to
 * the same intake as the generic webhook.
 */
export function registerConnectorRoutes<E extends Env>(app: Hono<E>, deps: ConnectorIntakeDeps) {
  const path = "/api/v1/tickets/resolved/:connector";
  app.use(
    path,
    bodyLimit({
      maxSize: MAX_CONNECTOR_BYTES,
      onError: (c) => problem(c, 413, "The request body is too large"),
    }),
  );
  app.post(path, async (c) => {
    const name = c.req.param("connector");
    if (!isConnectorName(name)) {
      return problem(c, 404, `There is no connector "${name}"; Pulse has ${CONNECTOR_NAMES.join(", ")}`);
    }
    const connector = CONNECTORS[name];
    const body = await c.req.text();
    const refused = refusedDelivery(connector.auth, (await deps.connectorSecrets())[name], {
      header: (header) => c.req.header(header),
      body,
    });
    if (refused) {
      return problem(c, 401, `${connector.label} delivery refused: ${refused.field} ${refused.message}`, {
        errors: [refused],
      });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      payload = undefined;
    }
    if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
      return problem(c, 400, `The body is not a JSON object as ${connector.label} sends it`, {
        errors: [{ field: "(body)", message: "expected a JSON object" }],
      });
    }
    const mapping = effectiveMapping(connector, await deps.connectorMappings.get(name));
    const read = connectorTicket(name, payload, mapping);
    if (read.missing.length > 0) {
      const errors = read.missing.map(({ field, vendorField }) => ({
        field: vendorField,
        message: `is required: Pulse reads the ticket's ${field} from it`,
      }));
      return problem(
        c,
        400,
        `Missing in the ${connector.label} payload: ${errors.map((e) => e.field).join(", ")}`,
        {
          errors,
        },
      );
    }
    const result = ResolvedTicketSchema.safeParse(read.ticket);
    const illFormed = result.success ? firstIllFormedText(result.data) : undefined;
    if (!result.success || illFormed !== undefined) {
      const errors = result.success
        ? [{ field: read.vendorFieldOf(illFormed ?? ""), message: "must be well-formed Unicode text" }]
        : fieldErrors(result.error).map(({ field, message }) => ({
            field: read.vendorFieldOf(field),
            message: `${message} (the ticket's ${field})`,
          }));
      return problem(
        c,
        400,
        `Invalid in the ${connector.label} payload: ${errors.map((e) => e.field).join(", ")}`,
        {
          errors,
        },
      );
    }
    const answer: z.output<typeof IntakeResultSchema> = await deps.intakeTicket(result.data);
    return c.json(answer, 202);
  });
}
