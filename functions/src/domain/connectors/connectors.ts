import type { FieldMapping } from "./field-mapping.js";

/**
 * How a tool proves that a delivery is its own: a bearer secret in `Authorization` where it cannot sign, or the
 * signature it computes itself (Zendesk's, GLPI's, or the `X-Hub-Signature` of a Jira webhook with a secret).
 */
export type ConnectorAuth =
  | { kind: "bearer" }
  | { kind: "zendesk-signature" }
  | { kind: "glpi-signature" }
  /** A Jira webhook signs; a Jira automation rule's "Send web request" cannot, and sends the bearer secret. */
  | { kind: "hub-signature-or-bearer" };

/** One ITSM tool Pulse takes resolved tickets from, in the shape that tool's own webhook or automation sends. */
export interface Connector {
  name: ConnectorName;
  /** The tool's name as people know it. */
  label: string;
  auth: ConnectorAuth;
  /** Where each field is read from unless a head changed it (docs/connectors/<name>.md shows the payload). */
  mapping: FieldMapping;
}

export const CONNECTOR_NAMES = ["servicenow", "jira", "zendesk", "freshservice", "glpi"] as const;
export type ConnectorName = (typeof CONNECTOR_NAMES)[number];

/** Whether a name is one of the connectors, exactly. */
export function isConnectorName(name: string): name is ConnectorName {
  return (CONNECTOR_NAMES as readonly string[]).includes(name);
}

// Jira sends the issue itself (automation's "Issue data") or wrapped in a webhook event ({ webhookEvent, issue }).
const jiraIssue = (...paths: string[]) => paths.flatMap((path) => [`issue.${path}`, path]);

/** Every connector with its authentication and default mapping. */
export const CONNECTORS: Readonly<Record<ConnectorName, Connector>> = {
  // The body of the Business Rule's (or Flow's) REST step: the incident's fields under their ServiceNow names.
  servicenow: {
    name: "servicenow",
    label: "ServiceNow",
    auth: { kind: "bearer" },
    mapping: {
      ticketId: ["number"],
      title: ["short_description"],
      resolvedAt: ["resolved_at", "closed_at", "sys_updated_on"],
      ticketUrl: ["url"],
      requesterEmail: ["caller_id.email"],
      requesterName: ["caller_id.name"],
      requesterLocale: ["caller_id.preferred_language"],
      service: ["business_service", "service_offering", "cmdb_ci"],
      category: ["category"],
      assignmentGroup: ["assignment_group"],
      agent: ["resolved_by.user_name", "assigned_to.user_name"],
      // The vendor of the affected configuration item, which the Business Rule sends as `vendor`.
      supplier: ["vendor"],
      priority: ["priority"],
      channel: ["contact_type"],
      slaBreached: ["!made_sla"],
    },
  },
  // A Jira webhook's issue event, or the issue as an automation rule's "Send web request" sends it.
  jira: {
    name: "jira",
    label: "Jira Service Management",
    auth: { kind: "hub-signature-or-bearer" },
    mapping: {
      ticketId: jiraIssue("key"),
      title: jiraIssue("fields.summary"),
      resolvedAt: jiraIssue("fields.resolutiondate"),
      ticketUrl: ["{issue.self|origin}/browse/{issue.key}", "{self|origin}/browse/{key}"],
      requesterEmail: jiraIssue("fields.reporter.emailAddress"),
      requesterName: jiraIssue("fields.reporter.displayName"),
      requesterLocale: jiraIssue("fields.reporter.locale"),
      service: jiraIssue("fields.components.0.name", "fields.project.name"),
      category: jiraIssue("fields.issuetype.name"),
      agent: jiraIssue("fields.assignee.emailAddress", "fields.assignee.displayName"),
      priority: jiraIssue("fields.priority.name"),
    },
  },
  // The JSON body of a trigger's "Notify webhook" action, written with Zendesk placeholders.
  zendesk: {
    name: "zendesk",
    label: "Zendesk",
    auth: { kind: "zendesk-signature" },
    mapping: {
      ticketId: ["ticket.id"],
      title: ["ticket.title"],
      resolvedAt: ["ticket.solved_at", "ticket.updated_at"],
      ticketUrl: ["ticket.link"],
      requesterEmail: ["ticket.requester.email"],
      requesterName: ["ticket.requester.name"],
      requesterLocale: ["ticket.requester.language"],
      service: ["ticket.service", "ticket.brand"],
      category: ["ticket.ticket_type"],
      assignmentGroup: ["ticket.group"],
      agent: ["ticket.assignee.email", "ticket.assignee.name"],
      priority: ["ticket.priority"],
      channel: ["ticket.via"],
    },
  },
  // The JSON content of a Workflow Automator "Trigger Webhook" action, written with Freshservice placeholders.
  freshservice: {
    name: "freshservice",
    label: "Freshservice",
    auth: { kind: "bearer" },
    mapping: {
      ticketId: ["ticket.id"],
      title: ["ticket.subject"],
      resolvedAt: ["ticket.resolved_at", "ticket.updated_at"],
      ticketUrl: ["ticket.url"],
      requesterEmail: ["ticket.requester.email"],
      requesterName: ["ticket.requester.name"],
      requesterLocale: ["ticket.requester.language"],
      service: ["ticket.service", "ticket.department"],
      category: ["ticket.category"],
      assignmentGroup: ["ticket.group"],
      agent: ["ticket.agent.email", "ticket.agent.name"],
      priority: ["ticket.priority"],
      channel: ["ticket.source"],
      slaBreached: ["ticket.sla_breached"],
    },
  },
  // GLPI's webhook on a ticket's update: `{ event, item }`, the item as GLPI's API describes a ticket, with the
  // requester's address, technician, group and link that docs/connectors/glpi.md adds to the payload.
  glpi: {
    name: "glpi",
    label: "GLPI",
    auth: { kind: "glpi-signature" },
    mapping: {
      ticketId: ["item.id"],
      title: ["item.name"],
      // GLPI's API gives a ticket no solve time: the webhook fires on the update that solved it.
      resolvedAt: ["item.date_mod"],
      ticketUrl: ["url"],
      requesterEmail: ["requester.email"],
      requesterName: ["requester.name"],
      requesterLocale: ["requester.language"],
      service: ["item.entity.name"],
      category: ["item.category.name"],
      assignmentGroup: ["assignment_group"],
      agent: ["technician"],
      // GLPI assigns a ticket to a supplier as one of its actors, next to the technician and the group.
      supplier: ["supplier"],
      priority: ["item.priority"],
      channel: ["item.request_type.name"],
    },
  },
};

/** A connector's mapping in force: its defaults, with each field a head replaced taking the place of the default. */
export function effectiveMapping(connector: Connector, replaced: FieldMapping | undefined): FieldMapping {
  return { ...connector.mapping, ...replaced };
}
