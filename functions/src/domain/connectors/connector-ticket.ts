import {
  type FieldMapping,
  flagOf,
  isoTimeOf,
  localeOf,
  type MappedField,
  REQUIRED_FIELDS,
  readMapped,
} from "./field-mapping.js";

/** A ticket as read from a connector's payload, in the shape of the generic intake's body, not yet validated. */
export interface ConnectorTicket {
  /** The body the generic intake would take, to be validated by the same schema. */
  ticket: Record<string, unknown>;
  /** Required fields the payload gave no value for, each with the vendor field(s) it was looked for in. */
  missing: Array<{ field: MappedField; vendorField: string }>;
  /** The vendor field behind a field of the ticket (`requester.email` → `ticket.requester.email`). */
  vendorFieldOf(ticketPath: string): string;
}

// Where each mapped field sits in the generic intake's body.
const TICKET_PATH: Record<MappedField, string> = {
  source: "source",
  ticketId: "ticketId",
  title: "title",
  resolvedAt: "resolvedAt",
  ticketUrl: "ticketUrl",
  requesterEmail: "requester.email",
  requesterName: "requester.name",
  requesterLocale: "requester.locale",
  service: "service",
  category: "category",
  assignmentGroup: "assignmentGroup",
  agent: "agent",
  supplier: "supplier",
  priority: "priority",
  channel: "channel",
  slaBreached: "slaBreached",
};

/**
 * Reads a resolved ticket out of an ITSM tool's payload through a mapping. The connector's name is the source unless
 * the mapping reads one; times, yes/no fields and language names are put in the form the intake takes.
 */
export function connectorTicket(connector: string, payload: unknown, mapping: FieldMapping): ConnectorTicket {
  const { values, origins } = readMapped(payload, mapping);
  const requester: Record<string, string> = {};
  const ticket: Record<string, unknown> = { source: values.source ?? connector, requester };
  for (const [field, text] of Object.entries(values) as Array<[MappedField, string]>) {
    if (field === "source") continue;
    const value =
      field === "resolvedAt"
        ? isoTimeOf(text)
        : field === "requesterLocale"
          ? localeOf(text)
          : field === "slaBreached"
            ? (flagOf(text) ?? text)
            : text;
    const path = TICKET_PATH[field];
    if (path.startsWith("requester.")) requester[path.slice("requester.".length)] = value as string;
    else ticket[path] = value;
  }
  const missing = REQUIRED_FIELDS.filter((field) => values[field] === undefined).map((field) => ({
    field,
    vendorField: origins[field] ?? `(no mapping for ${field})`,
  }));
  const fieldByPath = new Map(
    Object.entries(TICKET_PATH).map(([field, path]) => [path, field as MappedField]),
  );
  return {
    ticket,
    missing,
    vendorFieldOf(ticketPath) {
      const field = fieldByPath.get(ticketPath);
      return (field && origins[field]) ?? ticketPath;
    },
  };
}
