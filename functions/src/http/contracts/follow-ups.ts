import * as z from "zod/mini";
import { FOLLOW_UP_RESOLUTIONS, FOLLOW_UP_STATUSES } from "../../domain/follow-ups/follow-up-case.js";
import { INITIATIVE_CATEGORIES } from "../../domain/initiatives/fields.js";
import { conflictProblem, notFoundProblem, staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";
import { expectedVersion, IdParams, integer, storableNumber } from "./common.js";

const FollowUpSchema = named(
  z.object({
    id: z.string(),
    responseId: described(z.string(), "The survey whose rating opened the case"),
    ticketId: z.nullable(z.string()),
    ticketTitle: z.nullable(z.string()),
    ticketUrl: described(
      z.nullable(z.string()),
      "The ticket's page in the ITSM tool, when intake carried one",
    ),
    requesterName: z.nullable(z.string()),
    requesterEmail: described(
      z.nullable(z.string()),
      "The requester's address, to contact them: for managers and heads only (null for analysts); reads are audited",
    ),
    service: z.nullable(z.string()),
    ownerGroup: described(z.nullable(z.string()), "The ticket's assignment group, who works the case"),
    rating: integer(),
    comment: z.nullable(z.string()),
    status: z.enum(FOLLOW_UP_STATUSES),
    openedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    contactedAt: z.nullable(z.string()),
    resolvedAt: z.nullable(z.string()),
    resolution: z.nullable(z.enum(FOLLOW_UP_RESOLUTIONS)),
    initiativeId: z.nullable(z.string()),
    notes: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })),
    version: integer(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  }),
  "FollowUpCase",
);

const tags = ["Follow-ups"];
const noSuchCase = notFoundProblem("No such case");
const refusedStep = conflictProblem(
  "A step the case cannot take (with `allowed`), or a stale `expectedVersion`",
);
const theCase = (description: string) => ({ 200: { description, schema: FollowUpSchema } }) as const;

/** The follow-up queue: list, read, contact and resolve, note, link to an initiative, promote one. */
export const followUpsContracts = {
  listFollowUps: defineRoute({
    operationId: "listFollowUps",
    method: "get",
    path: "/api/v1/follow-ups",
    summary: "The follow-up queue, oldest due first",
    description:
      "Without `status`, the active cases (open and contacted); `status=resolved` lists resolved ones.",
    tags,
    role: "analyst",
    query: z.object({
      status: z.optional(z.enum(FOLLOW_UP_STATUSES)),
      group: z.optional(described(z.string().check(z.maxLength(200)), "Owner group (assignment group)")),
      overdue: z.optional(z.enum(["true", "false"])),
      limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
      cursor: z.optional(z.string().check(z.maxLength(2000))),
    }),
    responses: {
      200: {
        description: "One page of cases",
        schema: z.object({ items: z.array(FollowUpSchema), nextCursor: z.nullable(z.string()) }),
      },
      ...staffProblems,
    },
  }),

  readFollowUp: defineRoute({
    operationId: "readFollowUp",
    method: "get",
    path: "/api/v1/follow-ups/{id}",
    summary: "One follow-up case",
    tags,
    role: "analyst",
    params: IdParams,
    responses: { ...theCase("The case"), ...staffProblems, ...noSuchCase },
  }),

  transitionFollowUp: defineRoute({
    operationId: "transitionFollowUp",
    method: "post",
    path: "/api/v1/follow-ups/{id}/transitions",
    summary: "Mark a case contacted or resolved, with an optional note",
    tags,
    role: "manager",
    params: IdParams,
    body: {
      schema: z.strictObject({
        to: z.enum(FOLLOW_UP_STATUSES),
        note: z.optional(z.string().check(z.maxLength(5_000))),
        expectedVersion: expectedVersion(),
      }),
    },
    responses: { ...theCase("The case after the step"), ...staffProblems, ...noSuchCase, ...refusedStep },
  }),

  addFollowUpNote: defineRoute({
    operationId: "addFollowUpNote",
    method: "post",
    path: "/api/v1/follow-ups/{id}/notes",
    summary: "Add a note to a case",
    tags,
    role: "manager",
    params: IdParams,
    body: {
      schema: z.strictObject({
        note: z.string().check(z.minLength(1), z.maxLength(5_000)),
        expectedVersion: expectedVersion(),
      }),
    },
    responses: { ...theCase("The case with the note"), ...staffProblems, ...noSuchCase, ...refusedStep },
  }),

  linkFollowUpToInitiative: defineRoute({
    operationId: "linkFollowUpToInitiative",
    method: "put",
    path: "/api/v1/follow-ups/{id}/initiative",
    summary:
      "Link a case to an initiative (its response joins the initiative's linked responses), or unlink with null",
    tags,
    role: "manager",
    params: IdParams,
    body: { schema: z.strictObject({ initiativeId: z.nullable(z.string().check(z.maxLength(20))) }) },
    responses: { ...theCase("The linked case"), ...staffProblems, ...noSuchCase },
  }),

  promoteFollowUp: defineRoute({
    operationId: "promoteFollowUp",
    method: "post",
    path: "/api/v1/follow-ups/{id}/promote",
    summary: "Raise a new initiative from a case and link the two",
    description:
      "The initiative starts from the case: source survey-feedback, the case's service, its comment as the " +
      "description, its response linked, effort 1 person-day until estimated; fields in the body win.",
    tags,
    role: "manager",
    params: IdParams,
    body: {
      schema: z.strictObject({
        title: z.optional(z.string().check(z.maxLength(200))),
        description: z.optional(z.string().check(z.maxLength(10_000))),
        category: z.optional(z.enum(INITIATIVE_CATEGORIES)),
        owner: z.optional(z.string().check(z.maxLength(200))),
        effort: z.optional(storableNumber()),
        services: z.optional(z.array(z.string().check(z.maxLength(200))).check(z.maxLength(50))),
      }),
      required: false,
    },
    responses: {
      201: {
        description: "The new initiative and the linked case",
        schema: z.object({ initiative: z.record(z.string(), z.unknown()), followUp: FollowUpSchema }),
        headers: { Location: { description: "The new initiative's URL", schema: { type: "string" } } },
      },
      ...staffProblems,
      ...noSuchCase,
    },
  }),
} as const;
