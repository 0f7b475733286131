import type { DeliveryMethod, OutboundEvent, RatingEventData, WriteBackFormat } from "./outbound-event.js";

/**
 * One request that writes a rating back to its ticket: where (the webhook's URL with the ticket's id), how, what. For
 * ServiceNow the URL is the lookup of the record by its number, and the note goes to the record found; for GLPI it is
 * the followup endpoint, called inside a session (see `glpiSessionUrl`).
 */
export interface WriteBackRequest {
  method: DeliveryMethod;
  url: string;
  body: Record<string, unknown>;
}

/** The placeholder a write-back webhook's URL carries where the ticket's id goes. */
export const TICKET_ID_PLACEHOLDER = "{ticketId}";

/** What a ticket id may be to be written back to: letters, digits, `_` and `-`, as every supported tool numbers them. */
const TICKET_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** The note a rating leaves on its ticket, in plain words. */
export function ratingNote(data: RatingEventData): string {
  const lines = [
    `Pulse: the requester rated this ticket ${data.score} of 5${
      data.previousScore === null ? "" : ` (changed from ${data.previousScore})`
    }.`,
  ];
  if (data.reasons.length > 0) lines.push(`Reasons: ${data.reasons.join(", ")}`);
  if (data.comment) lines.push(`Comment: ${data.comment}`);
  return lines.join("\n");
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The note as the rich text that Freshservice and GLPI show: escaped, a line break per line. */
const htmlNote = (note: string) => escapeHtml(note).replace(/\n/g, "<br>");

/**
 * The request that writes a rating back to the ticket as a private note, for the tool's own REST API; undefined for
 * any other event. Each body is the one the vendor documents:
 * - Zendesk: `PUT /api/v2/tickets/{id}.json` with `{ ticket: { comment: { body, public: false } } }`, a comment being
 *   added through the ticket update (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/).
 * - Jira Service Management: `POST /rest/servicedeskapi/request/{issueIdOrKey}/comment` with `{ body, public: false }`,
 *   an internal comment (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/).
 * - Freshservice: `POST /api/v2/tickets/{id}/notes` with `{ body, private: true }`, the body in HTML
 *   (https://api.freshservice.com/, Tickets: Create a Note).
 * - ServiceNow: the Table API updates a record by its `sys_id` only (`PATCH /api/now/table/{tableName}/{sys_id}`), so
 *   the record is first found by its number (`GET /api/now/table/{tableName}?sysparm_query=number=…&sysparm_fields=
 *   sys_id&sysparm_limit=1`, answering `{ result: [{ sys_id }] }`), then `{ work_notes }` is PATCHed: work notes are
 *   the journal only the fulfillers see (https://www.servicenow.com/docs/r/xanadu/api-reference/rest-apis/c_TableAPI.html,
 *   "Table - GET /now/table/{tableName}" and "Table - PATCH /now/table/{tableName}/{sys_id}").
 * - GLPI: `POST /apirest.php/ITILFollowup` with `{ input: { itemtype: "Ticket", items_id, content, is_private: 1 } }`
 *   inside a session (https://github.com/glpi-project/glpi/blob/main/apirest.md, "Add item(s)"), the content being
 *   rich text as GLPI's editor writes it; GLPI's ticket ids are numbers, so a ticket id that is not one has nothing to
 *   write to.
 */
export function writeBackRequest(
  format: WriteBackFormat,
  urlTemplate: string,
  event: OutboundEvent,
): WriteBackRequest | undefined {
  if (event.type !== "rating.recorded" && event.type !== "rating.changed") return undefined;
  const note = ratingNote(event.data);
  const { ticketId } = event.data;
  // A ticket id goes into a path or a query: `..`, `/` or `^` in it would write elsewhere or widen a lookup.
  if (!TICKET_ID_PATTERN.test(ticketId)) return undefined;
  const url = urlTemplate.split(TICKET_ID_PLACEHOLDER).join(encodeURIComponent(ticketId));
  switch (format) {
    case "zendesk":
      return { method: "PUT", url, body: { ticket: { comment: { body: note, public: false } } } };
    case "jira":
      return { method: "POST", url, body: { body: note, public: false } };
    case "freshservice":
      return {
        method: "POST",
        url,
        body: { body: htmlNote(note), private: true },
      };
    case "servicenow":
      return { method: "PATCH", url: serviceNowLookupUrl(urlTemplate, ticketId), body: { work_notes: note } };
    case "glpi":
      if (!/^[1-9]\d{0,14}$/.test(ticketId)) return undefined;
      return {
        method: "POST",
        url: `${baseOf(urlTemplate)}/ITILFollowup`,
        body: {
          input: { itemtype: "Ticket", items_id: Number(ticketId), content: htmlNote(note), is_private: 1 },
        },
      };
  }
}

const baseOf = (url: string) => url.replace(/\/+$/, "");

/**
 * ServiceNow's table for a record, from its number's prefix as ServiceNow numbers them (INC0010001 is an incident,
 * RITM… a requested item); a number without a known prefix is taken for an incident.
 */
export function serviceNowTable(ticketId: string): string {
  const prefix = /^[A-Za-z]+/.exec(ticketId)?.[0]?.toUpperCase() ?? "";
  return SERVICENOW_TABLES[prefix] ?? "incident";
}

const SERVICENOW_TABLES: Record<string, string> = {
  INC: "incident",
  RITM: "sc_req_item",
  REQ: "sc_request",
  SCTASK: "sc_task",
  CHG: "change_request",
  CTASK: "change_task",
  PRB: "problem",
  PTASK: "problem_task",
};

/** The Table API's lookup of a record's `sys_id` by its number, on the instance the webhook names. */
export function serviceNowLookupUrl(instance: string, ticketId: string): string {
  const query = new URLSearchParams({
    sysparm_query: `number=${ticketId}`,
    sysparm_fields: "sys_id",
    sysparm_limit: "1",
  });
  return `${baseOf(instance)}/api/now/table/${serviceNowTable(ticketId)}?${query}`;
}

/** The record a lookup found, to PATCH: the lookup's table path with the `sys_id`. */
export function serviceNowRecordUrl(lookupUrl: string, sysId: string): string {
  const url = new URL(lookupUrl);
  return `${url.origin}${url.pathname}/${encodeURIComponent(sysId)}`;
}

/** The ticket number a lookup asks for, for the log. */
export const serviceNowNumberOf = (lookupUrl: string) =>
  (new URL(lookupUrl).searchParams.get("sysparm_query") ?? "").replace(/^number=/, "");

/** The `sys_id` in a Table API answer (`{ result: [{ sys_id }] }`); undefined when no record matched. */
export function sysIdOf(answer: string): string | undefined {
  const found = parseJson(answer) as { result?: Array<{ sys_id?: unknown }> } | undefined;
  const sysId = found?.result?.[0]?.sys_id;
  return typeof sysId === "string" && sysId.length > 0 ? sysId : undefined;
}

/**
 * GLPI's session endpoints beside the followup one: `initSession` answers `{ session_token }` for an `Authorization:
 * user_token …` (or `Basic …`) with the `App-Token`, and `killSession` ends it
 * (https://github.com/glpi-project/glpi/blob/main/apirest.md, "Init session", "Kill session").
 */
export function glpiSessionUrl(followupUrl: string, endpoint: "initSession" | "killSession"): string {
  return `${followupUrl.replace(/\/ITILFollowup$/, "")}/${endpoint}`;
}

/** The session token in GLPI's `initSession` answer; undefined when there is none. */
export function sessionTokenOf(answer: string): string | undefined {
  const token = (parseJson(answer) as { session_token?: unknown } | undefined)?.session_token;
  return typeof token === "string" && token.length > 0 ? token : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
