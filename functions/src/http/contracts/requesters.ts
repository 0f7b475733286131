import * as z from "zod/mini";
import { OUTBOUND_EVENT_TYPES } from "../../domain/outbound/outbound-event.js";
import { staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";
import { integer } from "./common.js";

// A factory, so that each route's parameter carries its own description.
const emailParams = () =>
  z.object({ email: described(z.email().check(z.maxLength(254)), "The requester's address") });

const ExportedSurveySchema = named(
  z.object({
    surveyId: z.string(),
    source: z.string(),
    ticketId: z.string(),
    title: z.string(),
    resolvedAt: z.string(),
    createdAt: z.string(),
    requester: z.object({
      email: z.optional(z.string()),
      name: z.optional(z.string()),
      locale: z.enum(["pl", "en"]),
    }),
    status: z.enum(["invited", "skipped"]),
    response: z.optional(
      z.object({
        score: z.optional(integer()),
        comment: z.optional(z.string()),
        reasons: z.array(z.string()),
        respondedAt: z.string(),
      }),
    ),
  }),
  "ExportedSurvey",
);

const ExportedFollowUpSchema = named(
  z.object({
    id: z.string(),
    status: z.string(),
    rating: integer(),
    comment: z.nullable(z.string()),
    requesterName: z.nullable(z.string()),
    openedAt: z.string(),
    notes: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })),
  }),
  "ExportedFollowUp",
);

const ExportedWebhookDeliverySchema = named(
  z.object({
    id: z.string(),
    webhookId: z.string(),
    eventType: z.enum(OUTBOUND_EVENT_TYPES),
    surveyId: z.string(),
    createdAt: z.string(),
    erasedAt: z.nullable(z.string()),
  }),
  "ExportedWebhookDelivery",
);

const RequesterExportSchema = named(
  z.object({
    email: z.string(),
    profile: z.nullable(
      z.object({
        optedOut: z.boolean(),
        optedOutAt: z.optional(z.string()),
        lastInvitedAt: z.optional(z.string()),
        undeliverable: z.optional(z.enum(["bounced", "complained"])),
        undeliverableAt: z.optional(z.string()),
      }),
    ),
    surveys: z.array(ExportedSurveySchema),
    followUps: z.array(ExportedFollowUpSchema),
    webhookDeliveries: described(
      z.array(ExportedWebhookDeliverySchema),
      "Logged deliveries about their surveys",
    ),
  }),
  "RequesterExport",
);

const ErasureSchema = named(
  z.object({
    erasedAt: z.string(),
    surveys: described(integer(), "Surveys anonymised; their scores stay counted"),
    webhookDeliveries: described(integer(), "Webhook delivery bodies emptied; their tries stay logged"),
  }),
  "Erasure",
);

const tags = ["Requesters"];

/** Access export and erasure of everything Pulse holds on one requester, for heads. */
export const requestersContracts = {
  exportRequester: defineRoute({
    operationId: "exportRequester",
    method: "get",
    path: "/api/v1/requesters/{email}",
    summary: "Everything Pulse holds on one requester, as JSON (access request)",
    tags,
    role: "head",
    params: emailParams(),
    responses: {
      200: { description: "The requester's data", schema: RequesterExportSchema },
      ...staffProblems,
    },
  }),

  eraseRequester: defineRoute({
    operationId: "eraseRequester",
    method: "delete",
    path: "/api/v1/requesters/{email}",
    summary:
      "Erase one requester: address, name and comments removed everywhere, scores kept in the aggregates",
    tags,
    role: "head",
    params: emailParams(),
    responses: {
      200: { description: "The erasure, recorded in the ledger", schema: ErasureSchema },
      ...staffProblems,
    },
  }),
} as const;
