import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { RequesterData } from "../../app/requesters/requester-data.js";
import { requireRole } from "../auth.js";
import { jsonOk, staffProblems } from "./problem-schema.js";

const EmailParam = z.object({
  email: z
    .email()
    .max(254)
    .openapi({ param: { name: "email", in: "path" }, description: "The requester's address" }),
});

const ExportedSurvey = z
  .object({
    surveyId: z.string(),
    source: z.string(),
    ticketId: z.string(),
    title: z.string(),
    resolvedAt: z.string(),
    createdAt: z.string(),
    requester: z.object({
      email: z.string().optional(),
      name: z.string().optional(),
      locale: z.enum(["pl", "en"]),
    }),
    status: z.enum(["invited", "skipped"]),
    response: z
      .object({
        score: z.number().int().optional(),
        comment: z.string().optional(),
        reasons: z.array(z.string()),
        respondedAt: z.string(),
      })
      .optional(),
  })
  .openapi("ExportedSurvey");

const ExportedFollowUp = z
  .object({
    id: z.string(),
    status: z.string(),
    rating: z.number().int(),
    comment: z.string().nullable(),
    requesterName: z.string().nullable(),
    openedAt: z.string(),
    notes: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })),
  })
  .openapi("ExportedFollowUp");

const RequesterExport = z
  .object({
    email: z.string(),
    profile: z
      .object({
        optedOut: z.boolean(),
        optedOutAt: z.string().optional(),
        lastInvitedAt: z.string().optional(),
        undeliverable: z.enum(["bounced", "complained"]).optional(),
        undeliverableAt: z.string().optional(),
      })
      .nullable(),
    surveys: z.array(ExportedSurvey),
    followUps: z.array(ExportedFollowUp),
  })
  .openapi("RequesterExport");

const Erasure = z
  .object({
    erasedAt: z.string(),
    surveys: z.number().int().openapi({ description: "Surveys anonymised; their scores stay counted" }),
  })
  .openapi("Erasure");

const path = "/api/v1/requesters/{email}";

/** GET (access export) and DELETE (erasure) of everything Pulse holds on one requester, for heads. */
export function registerRequesterRoutes(
  app: OpenAPIHono,
  deps: { requesterData: RequesterData; verifyStaff: StaffTokenVerifier },
) {
  app.openapi(
    createRoute({
      method: "get",
      path,
      summary: "Everything Pulse holds on one requester, as JSON (access request)",
      tags: ["Requesters"],
      security: [{ bearer: [] }],
      middleware: [requireRole(deps.verifyStaff, "head")],
      "x-pulse-role": "head",
      request: { params: EmailParam },
      responses: { ...jsonOk("The requester's data", RequesterExport), ...staffProblems },
    }),
    async (c) => {
      const data = await deps.requesterData.exportData(c.req.valid("param").email);
      const body: z.infer<typeof RequesterExport> = {
        email: data.email,
        profile: data.profile ?? null,
        surveys: data.surveys.map((survey) => ({
          surveyId: survey.surveyId,
          source: survey.source,
          ticketId: survey.ticketId,
          title: survey.title,
          resolvedAt: survey.resolvedAt,
          createdAt: survey.createdAt,
          requester: {
            email: survey.requester.email,
            name: survey.requester.name,
            locale: survey.requester.locale,
          },
          status: survey.status,
          response: survey.response && {
            score: survey.response.score,
            comment: survey.response.comment,
            reasons: survey.response.reasons,
            respondedAt: survey.response.respondedAt,
          },
        })),
        followUps: data.followUps.map((record) => ({
          id: record.id,
          status: record.status,
          rating: record.rating,
          comment: record.comment,
          requesterName: record.requesterName,
          openedAt: record.openedAt,
          notes: record.notes,
        })),
      };
      return c.json(body, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "delete",
      path,
      summary:
        "Erase one requester: address, name and comments removed everywhere, scores kept in the aggregates",
      tags: ["Requesters"],
      security: [{ bearer: [] }],
      middleware: [requireRole(deps.verifyStaff, "head")],
      "x-pulse-role": "head",
      request: { params: EmailParam },
      responses: { ...jsonOk("The erasure, recorded in the ledger", Erasure), ...staffProblems },
    }),
    async (c) => c.json(await deps.requesterData.erase(c.req.valid("param").email), 200),
  );
}
