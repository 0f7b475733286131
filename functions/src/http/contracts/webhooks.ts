import * as z from "zod/mini";
import {
  DELIVERY_METHODS,
  OUTBOUND_EVENT_TYPES,
  WEBHOOK_FORMATS,
} from "../../domain/outbound/outbound-event.js";
import { notFoundProblem, problemOf, staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";
import { integer } from "./common.js";

const WebhookSchema = named(
  z.object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(OUTBOUND_EVENT_TYPES)),
    format: z.enum(WEBHOOK_FORMATS),
    description: z.nullable(z.string()),
    source: described(z.nullable(z.string()), "Only rating events of tickets from this source; null: all"),
    createdAt: z.string(),
    createdBy: z.string(),
  }),
  "Webhook",
);

const AttemptSchema = named(
  z.object({
    at: z.string(),
    statusCode: described(z.nullable(integer()), "What the receiver answered; null when it did not answer"),
    error: described(z.nullable(z.string()), "Why the try failed; null when it succeeded"),
    durationMs: integer(),
  }),
  "WebhookAttempt",
);

const DeliverySchema = named(
  z.object({
    id: described(z.string(), "The `webhook-id` header of every try of this delivery"),
    webhookId: z.string(),
    eventId: z.string(),
    eventType: z.enum(OUTBOUND_EVENT_TYPES),
    method: z.enum(DELIVERY_METHODS),
    url: described(
      z.string(),
      "Where every try went: a write-back's URL holds the ticket's id (ServiceNow's: the lookup of the record by its " +
        "number, whose record is PATCHed)",
    ),
    status: described(
      z.enum(["pending", "delivered", "failed"]),
      "`pending` while tries remain, `delivered` once a 2xx came back, `failed` after the last try",
    ),
    attempts: z.array(AttemptSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
    surveyId: described(z.nullable(z.string()), "The survey it is about; null for initiatives"),
    erasedAt: described(
      z.nullable(z.string()),
      "When the body was erased with the requester's data (erasure or retention): it is never sent again",
    ),
  }),
  "WebhookDelivery",
);

const NewWebhookSchema = named(
  z.strictObject({
    url: described(
      z.string().check(z.minLength(8), z.maxLength(2000)),
      "Where events are POSTed; on AWS an https URL on a public host",
    ),
    events: z
      .array(z.enum(OUTBOUND_EVENT_TYPES))
      .check(z.minLength(1), z.maxLength(OUTBOUND_EVENT_TYPES.length)),
    format: described(
      z.enum(WEBHOOK_FORMATS),
      "`pulse`: the event as signed JSON; `slack` / `teams`: a chat message (ratings only when 1 or 2); `zendesk`, " +
        "`jira` (Service Management), `freshservice`: each rating written back to its ticket as a private note, the " +
        "URL holding `{ticketId}`; `servicenow`: a work note on the record found by its number, the URL the " +
        "instance's (`https://<instance>.service-now.com`); `glpi`: a private followup, the URL GLPI's " +
        "`…/apirest.php`, with `authorization` (`user_token …`) and `appToken`",
    ),
    description: z.optional(z.string().check(z.maxLength(200))),
    source: z.optional(
      described(
        z.string().check(z.minLength(1), z.maxLength(100)),
        "Only rating events of tickets with this intake `source` (a write-back's default: its tool's name)",
      ),
    ),
    authorization: z.optional(
      described(
        z.string().check(z.minLength(1), z.maxLength(2000)),
        "The `Authorization` header the tool's API takes (e.g. `Basic …` of an API token; GLPI: `user_token …`); " +
          "stored, never shown",
      ),
    ),
    appToken: z.optional(
      described(
        z.string().check(z.minLength(1), z.maxLength(200)),
        "GLPI only: the `App-Token` of GLPI's API client; stored, never shown",
      ),
    ),
  }),
  "NewWebhook",
);

const SIGNATURE = [
  "Every delivery is signed as Standard Webhooks (https://www.standardwebhooks.com/) and Stripe sign theirs:",
  "`webhook-id` (the delivery's id, the same on every try), `webhook-timestamp` (Unix seconds of this try) and",
  "`webhook-signature: v1,<base64 HMAC-SHA256>` over `<webhook-id>.<webhook-timestamp>.<raw body>`, keyed with the",
  "base64-decoded part of the secret after `whsec_`. Refuse a timestamp more than five minutes off. A `pulse` body is",
  "`{ id, type, timestamp, data }`. A try that gets no 2xx within 10 s is tried again after 30 s, doubling, eight tries",
  "in all; every try is in the delivery log.",
].join(" ");

const path = "/api/v1/webhooks";
const tags = ["Webhooks"];
const WebhookParams = z.object({ webhookId: z.string().check(z.maxLength(100)) });

/** Outbound webhooks: heads register receivers of Pulse's events, read the delivery log and redeliver. */
export const webhooksContracts = {
  createWebhook: defineRoute({
    operationId: "createWebhook",
    method: "post",
    path,
    summary: "Register a webhook (heads); the answer shows its signing secret, once",
    description: SIGNATURE,
    tags,
    role: "head",
    body: { schema: NewWebhookSchema },
    responses: {
      201: {
        description: "The webhook, and its signing secret: store it now, it is not shown again",
        schema: named(
          z.object({
            webhook: WebhookSchema,
            secret: described(z.string(), "`whsec_` + base64 of 32 bytes"),
          }),
          "RegisteredWebhook",
        ),
      },
      ...staffProblems,
    },
  }),

  listWebhooks: defineRoute({
    operationId: "listWebhooks",
    method: "get",
    path,
    summary: "The registered webhooks (heads), without their secrets",
    tags,
    role: "head",
    responses: {
      200: { description: "The webhooks", schema: z.object({ items: z.array(WebhookSchema) }) },
      ...staffProblems,
    },
  }),

  deleteWebhook: defineRoute({
    operationId: "deleteWebhook",
    method: "delete",
    path: `${path}/{webhookId}`,
    summary: "Stop sending events to a webhook (heads)",
    tags,
    role: "head",
    params: WebhookParams,
    responses: { 204: { description: "Removed" }, ...staffProblems, ...notFoundProblem("No such webhook") },
  }),

  listWebhookDeliveries: defineRoute({
    operationId: "listWebhookDeliveries",
    method: "get",
    path: `${path}/{webhookId}/deliveries`,
    summary: "A webhook's latest deliveries, newest first, each with every try (heads)",
    tags,
    role: "head",
    params: WebhookParams,
    query: z.object({
      limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100))),
    }),
    responses: {
      200: { description: "The delivery log", schema: z.object({ items: z.array(DeliverySchema) }) },
      ...staffProblems,
      ...notFoundProblem("No such webhook"),
    },
  }),

  redeliverWebhookDelivery: defineRoute({
    operationId: "redeliverWebhookDelivery",
    method: "post",
    path: `${path}/{webhookId}/deliveries/{deliveryId}/redeliver`,
    summary: "Send a delivery again, with the same id and body (heads)",
    tags,
    role: "head",
    params: z.object({
      webhookId: z.string().check(z.maxLength(100)),
      deliveryId: z.string().check(z.maxLength(100)),
    }),
    responses: {
      202: { description: "Queued; the log shows the new try", schema: DeliverySchema },
      ...staffProblems,
      ...notFoundProblem("No such webhook or delivery"),
      410: problemOf("`delivery-erased`: the body was erased with a requester's data"),
    },
  }),
} as const;
