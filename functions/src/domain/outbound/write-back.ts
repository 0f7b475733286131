import type { OutboundEvent, RatingEventData, WriteBackFormat } from "./outbound-event.js";

/** One request that writes a rating back to its ticket: where (the webhook's URL with the ticket's id), how, what. */
export interface WriteBackRequest {
  method: "POST" | "PUT";
  url: string;
  body: Record<string, unknown>;
}

/** The placeholder a write-back webhook's URL carries where the ticket's id goes. */
export const TICKET_ID_PLACEHOLDER = "{ticketId}";

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

/**
 * The request that writes a rating back to the ticket as a private note, for the tool's own REST API; undefined for
 * any other event. Each body is the one the vendor documents:
 * - Zendesk: `PUT /api/v2/tickets/{id}.json` with `{ ticket: { comment: { body, public: false } } }`, a comment being
 *   added through the ticket update (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/).
 * - Jira Service Management: `POST /rest/servicedeskapi/request/{issueIdOrKey}/comment` with `{ body, public: false }`,
 *   an internal comment (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/).
 * - Freshservice: `POST /api/v2/tickets/{id}/notes` with `{ body, private: true }`, the body in HTML
 *   (https://api.freshservice.com/, Tickets: Create a Note).
 */
export function writeBackRequest(
  format: WriteBackFormat,
  urlTemplate: string,
  event: OutboundEvent,
): WriteBackRequest | undefined {
  if (event.type !== "rating.recorded" && event.type !== "rating.changed") return undefined;
  const note = ratingNote(event.data);
  const url = urlTemplate.split(TICKET_ID_PLACEHOLDER).join(encodeURIComponent(event.data.ticketId));
  switch (format) {
    case "zendesk":
      return { method: "PUT", url, body: { ticket: { comment: { body: note, public: false } } } };
    case "jira":
      return { method: "POST", url, body: { body: note, public: false } };
    case "freshservice":
      return {
        method: "POST",
        url,
        body: { body: escapeHtml(note).replace(/\n/g, "<br>"), private: true },
      };
  }
}
