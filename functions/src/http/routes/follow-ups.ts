import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { WorkFollowUps } from "../../app/follow-ups/work-follow-ups.js";
import { FOLLOW_UP_RESOLUTIONS, FOLLOW_UP_STATUSES } from "../../domain/follow-ups/follow-up-case.js";
import { INITIATIVE_CATEGORIES } from "../../domain/initiatives/fields.js";
import type { InitiativeInput } from "../../domain/initiatives/initiative.js";
import type { Role, StaffUser } from "../../domain/roles.js";
import { requireRole } from "../auth.js";
import { problemContent, staffProblems } from "./problem-schema.js";
import { storableNumber } from "./query-schemas.js";

const notFound = { 404: { description: "No such case", content: problemContent } };
const conflict = {
  409: {
    description: "A step the case cannot take (with `allowed`), or a stale `expectedVersion`",
    content: problemContent,
  },
};

const FollowUpSchema = z
  .object({
    id: z.string(),
    responseId: z.string().openapi({ description: "The survey whose rating opened the case" }),
    ticketId: z.string().nullable(),
    ticketTitle: z.string().nullable(),
    requesterName: z.string().nullable(),
    service: z.string().nullable(),
    ownerGroup: z
      .string()
      .nullable()
      .openapi({ description: "The ticket's assignment group, who works the case" }),
    rating: z.number().int(),
    comment: z.string().nullable(),
    status: z.enum(FOLLOW_UP_STATUSES),
    openedAt: z.string(),
    dueAt: z.string(),
    overdue: z.boolean(),
    contactedAt: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolution: z.enum(FOLLOW_UP_RESOLUTIONS).nullable(),
    initiativeId: z.string().nullable(),
    notes: z.array(z.object({ at: z.string(), actor: z.string(), text: z.string() })),
    version: z.number().int(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .openapi("FollowUpCase");

const IdParams = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});
const version = z.number().int().min(1).optional();

/** The signed-in staff member, whom the route's `requireRole` put on the context. */
function actorName(c: Context): string {
  return (c.var as { user?: StaffUser }).user?.name ?? "unknown";
}

/** The follow-up queue API: list, read, contact and resolve, note, link to an initiative, promote one. */
export function registerFollowUpRoutes(
  app: OpenAPIHono,
  deps: { workFollowUps: WorkFollowUps; verifyStaff: StaffTokenVerifier },
) {
  const allow = (role: Role) => ({ middleware: [requireRole(deps.verifyStaff, role)], "x-pulse-role": role });
  const tags = ["Follow-ups"];
  const security = [{ bearer: [] }];
  const ok = (description: string) => ({
    200: { description, content: { "application/json": { schema: FollowUpSchema } } },
  });
  type View = z.infer<typeof FollowUpSchema>;

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/follow-ups",
      summary: "The follow-up queue, oldest due first",
      description:
        "Without `status`, the active cases (open and contacted); `status=resolved` lists resolved ones.",
      tags,
      security,
      ...allow("analyst"),
      request: {
        query: z.object({
          status: z.enum(FOLLOW_UP_STATUSES).optional(),
          group: z.string().max(200).optional().openapi({ description: "Owner group (assignment group)" }),
          overdue: z.enum(["true", "false"]).optional(),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(2000).optional(),
        }),
      },
      responses: {
        200: {
          description: "One page of cases",
          content: {
            "application/json": {
              schema: z.object({ items: z.array(FollowUpSchema), nextCursor: z.string().nullable() }),
            },
          },
        },
        ...staffProblems,
      },
    }),
    async (c) => {
      const { overdue, ...query } = c.req.valid("query");
      const page = await deps.workFollowUps.list({ ...query, overdue: overdue === "true" });
      return c.json(page as { items: View[]; nextCursor: string | null }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/follow-ups/{id}",
      summary: "One follow-up case",
      tags,
      security,
      ...allow("analyst"),
      request: { params: IdParams },
      responses: { ...ok("The case"), ...staffProblems, ...notFound },
    }),
    async (c) => c.json((await deps.workFollowUps.get(c.req.valid("param").id)) as View, 200),
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/follow-ups/{id}/transitions",
      summary: "Mark a case contacted or resolved, with an optional note",
      tags,
      security,
      ...allow("manager"),
      request: {
        params: IdParams,
        body: {
          content: {
            "application/json": {
              schema: z
                .object({
                  to: z.enum(FOLLOW_UP_STATUSES),
                  note: z.string().max(5_000).optional(),
                  expectedVersion: version,
                })
                .strict(),
            },
          },
          required: true,
        },
      },
      responses: { ...ok("The case after the step"), ...staffProblems, ...notFound, ...conflict },
    }),
    async (c) => {
      const { to, ...options } = c.req.valid("json");
      const view = await deps.workFollowUps.transition(c.req.valid("param").id, to, options, actorName(c));
      return c.json(view as View, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/follow-ups/{id}/notes",
      summary: "Add a note to a case",
      tags,
      security,
      ...allow("manager"),
      request: {
        params: IdParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({ note: z.string().min(1).max(5_000), expectedVersion: version }).strict(),
            },
          },
          required: true,
        },
      },
      responses: { ...ok("The case with the note"), ...staffProblems, ...notFound, ...conflict },
    }),
    async (c) => {
      const { note, expectedVersion } = c.req.valid("json");
      const view = await deps.workFollowUps.addNote(
        c.req.valid("param").id,
        note,
        expectedVersion,
        actorName(c),
      );
      return c.json(view as View, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/follow-ups/{id}/initiative",
      summary:
        "Link a case to an initiative (its response joins the initiative's linked responses), or unlink with null",
      tags,
      security,
      ...allow("manager"),
      request: {
        params: IdParams,
        body: {
          content: {
            "application/json": {
              schema: z.object({ initiativeId: z.string().max(20).nullable() }).strict(),
            },
          },
          required: true,
        },
      },
      responses: { ...ok("The linked case"), ...staffProblems, ...notFound },
    }),
    async (c) => {
      const view = await deps.workFollowUps.link(
        c.req.valid("param").id,
        c.req.valid("json").initiativeId,
        actorName(c),
      );
      return c.json(view as View, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/follow-ups/{id}/promote",
      summary: "Raise a new initiative from a case and link the two",
      description:
        "The initiative starts from the case: source survey-feedback, the case's service, its comment as the " +
        "description, its response linked, effort 1 person-day until estimated; fields in the body win.",
      tags,
      security,
      ...allow("manager"),
      request: {
        params: IdParams,
        body: {
          content: {
            "application/json": {
              schema: z
                .object({
                  title: z.string().max(200).optional(),
                  description: z.string().max(10_000).optional(),
                  category: z.enum(INITIATIVE_CATEGORIES).optional(),
                  owner: z.string().max(200).optional(),
                  effort: storableNumber().optional(),
                  services: z.array(z.string().max(200)).max(50).optional(),
                })
                .strict(),
            },
          },
          required: false,
        },
      },
      responses: {
        201: {
          description: "The new initiative and the linked case",
          content: {
            "application/json": {
              schema: z.object({ initiative: z.record(z.string(), z.unknown()), followUp: FollowUpSchema }),
            },
          },
        },
        ...staffProblems,
        ...notFound,
      },
    }),
    async (c) => {
      const overrides = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
      const result = await deps.workFollowUps.promote(
        c.req.valid("param").id,
        overrides as Partial<InitiativeInput>,
        actorName(c),
      );
      c.header("location", `/api/v1/initiatives/${result.initiative.id}`);
      return c.json(result as unknown as { initiative: Record<string, unknown>; followUp: View }, 201);
    },
  );
}
