import type { Score } from "../survey.js";

/** The events a head can subscribe a webhook to. */
export const OUTBOUND_EVENT_TYPES = [
  "rating.recorded",
  "rating.changed",
  "follow-up.opened",
  "follow-up.resolved",
  "initiative.transitioned",
] as const;

export type OutboundEventType = (typeof OUTBOUND_EVENT_TYPES)[number];

/**
 * Whether an event of this type quotes what a requester wrote (a rating's comment, its ticket's title), and so must
 * neither be stored nor sent once that requester's data is erased. Follow-up and initiative events name no requester.
 */
export const carriesRequesterData = (type: OutboundEventType) =>
  type === "rating.recorded" || type === "rating.changed";

/** The ITSM tools a rating can be written back to, as a private note on the ticket it rates. */
export const WRITE_BACK_FORMATS = ["zendesk", "jira", "freshservice", "servicenow", "glpi"] as const;

export type WriteBackFormat = (typeof WRITE_BACK_FORMATS)[number];

/** The write-backs that take more than one call: a ServiceNow record found by its number, a GLPI session opened. */
export const TWO_STEP_WRITE_BACKS = ["servicenow", "glpi"] as const satisfies readonly WriteBackFormat[];

/** The HTTP methods a delivery's request may use. */
export const DELIVERY_METHODS = ["POST", "PUT", "PATCH"] as const;

export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/**
 * How a webhook's body is shaped: Pulse's own signed JSON, a chat message for Slack or Microsoft Teams, or a note
 * written back to the ticket in one of the ITSM tools.
 */
export const WEBHOOK_FORMATS = ["pulse", "slack", "teams", ...WRITE_BACK_FORMATS] as const;

export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** A rating as an outbound event tells it: the ticket behind it and where it counts, without the requester's address. */
export interface RatingEventData {
  surveyId: string;
  source: string;
  ticketId: string;
  ticketTitle: string | null;
  ticketUrl: string | null;
  service: string | null;
  agent: string | null;
  assignmentGroup: string | null;
  score: Score;
  previousScore: Score | null;
  comment: string | null;
  reasons: string[];
  respondedAt: string;
}

export interface FollowUpEventData {
  caseId: string;
  ticketId: string;
  service: string | null;
  rating: number;
  status: string;
  dueAt: string | null;
  ticketUrl: string | null;
}

export interface InitiativeEventData {
  initiativeId: string;
  title: string;
  from: string;
  to: string;
  actor: string;
}

/** One event as a `pulse` webhook receives it: the Standard Webhooks payload shape (`type`, `timestamp`, `data`). */
export type OutboundEvent =
  | { id: string; type: "rating.recorded" | "rating.changed"; timestamp: string; data: RatingEventData }
  | {
      id: string;
      type: "follow-up.opened" | "follow-up.resolved";
      timestamp: string;
      data: FollowUpEventData;
    }
  | { id: string; type: "initiative.transitioned"; timestamp: string; data: InitiativeEventData };

/** Whether a score is a bad rating that chat alerts are raised for. */
export const isBadRating = (score: number) => score <= 2;
