import type {
  DeliveryMethod,
  OutboundEventType,
  WebhookFormat,
} from "../../domain/outbound/outbound-event.js";
import type { OutboundMessage } from "./outbound-message.js";

/** A URL a head registered to receive some of Pulse's events, in one format, signed with its own secret. */
export interface Webhook {
  id: string;
  url: string;
  events: OutboundEventType[];
  format: WebhookFormat;
  description: string | null;
  /** Only rating events of tickets from this source (intake's `source`, lower case); null: every source. */
  source: string | null;
  /** The `Authorization` header a write-back sends to the ITSM tool: kept to send, never shown again. */
  authorization: string | null;
  /** GLPI's `App-Token` of the API client a GLPI write-back calls as: kept to send, never shown again. */
  appToken: string | null;
  /** The `whsec_` signing secret: kept to sign with, shown to the head only when the webhook is registered. */
  secret: string;
  createdAt: string;
  createdBy: string;
  /**
   * Why the stored secrets did not open (sealed for another webhook or field, altered, or under a key not held): the
   * secrets above are then empty, and nothing is sent to this webhook, each try logged failed with this reason.
   */
  unreadableSecrets?: string;
}

/** One try of one delivery: when, what the receiver answered (or the error), and how long it took. */
export interface WebhookAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export type WebhookDeliveryStatus = "pending" | "delivered" | "failed";

/** One event for one webhook: the exact body sent on every try, and the log of the tries. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: OutboundEventType;
  /**
   * Where and how every try goes: the webhook's URL (a write-back's with the ticket's id filled in; a ServiceNow one's
   * is the lookup of the record by its number, whose record the note is PATCHed to).
   */
  method: DeliveryMethod;
  url: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: WebhookAttempt[];
  createdAt: string;
  updatedAt: string;
  /** The survey whose requester the body may tell of (its rating, comment, ticket); null for initiative events. */
  surveyId: string | null;
  /** When the body was erased with the requester's data (erasure or retention); an erased delivery is never sent. */
  erasedAt: string | null;
}

/** The registered webhooks and their delivery log. */
export interface WebhookRepository {
  create(webhook: Webhook): Promise<void>;
  list(): Promise<Webhook[]>;
  get(id: string): Promise<Webhook | undefined>;
  /** Deletes a webhook; false when there was none. Its delivery log expires on its own. */
  remove(id: string): Promise<boolean>;
  /**
   * Stores a new delivery; `exists` when this event was already fanned out to this webhook. With `unlessErased`, a
   * delivery about a survey is stored only while that survey's requester data is not erased: else `erased`, and
   * nothing is stored.
   */
  createDelivery(
    delivery: WebhookDelivery,
    options?: { unlessErased?: boolean },
  ): Promise<"created" | "exists" | "erased">;
  /** Empties a delivery's body and marks it erased, keeping its tries; nothing when the log no longer holds it. */
  eraseDelivery(id: string, at: string): Promise<void>;
  getDelivery(id: string): Promise<WebhookDelivery | undefined>;
  /** Appends one try to the log and sets the delivery's status. */
  recordAttempt(
    id: string,
    attempt: WebhookAttempt,
    status: WebhookDeliveryStatus,
    at: string,
  ): Promise<void>;
  setStatus(id: string, status: WebhookDeliveryStatus, at: string): Promise<void>;
  /** A webhook's latest deliveries, newest first. */
  listDeliveries(webhookId: string, limit: number): Promise<WebhookDelivery[]>;
}

/** Hands outbound work to the outbound function: SQS on AWS, an in-process queue with the same retry rules locally. */
export interface OutboundQueue {
  enqueue(messages: readonly OutboundMessage[]): Promise<void>;
}

/**
 * Sends one request to a receiver; resolves with its status code and the start of its answer (what a two-step
 * write-back reads the record's id or the session from), rejects on a network error or a timeout. A GET sends no body.
 */
export interface WebhookPoster {
  post(
    url: string,
    body: string,
    headers: Record<string, string>,
    method?: DeliveryMethod | "GET",
  ): Promise<{ statusCode: number; body?: string | undefined }>;
}
