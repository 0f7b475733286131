import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import { BACKLOG_STATUSES, type Backlog } from "../../app/initiatives/backlog.js";
import type { ManageInitiatives } from "../../app/initiatives/manage-initiatives.js";
import type { RegisterCsv } from "../../app/initiatives/register-csv.js";
import type { Clock } from "../../app/ports.js";
import {
  BENEFIT_OUTCOMES,
  INITIATIVE_CATEGORIES,
  INITIATIVE_SOURCES,
  INITIATIVE_STATUSES,
  type InitiativeStatus,
  KPI_DIMENSIONS,
  KPI_METRICS,
  PRIORITY_MODELS,
} from "../../domain/initiatives/fields.js";
import type { InitiativeInput, InitiativePatch } from "../../domain/initiatives/initiative.js";
import type { Role, StaffUser } from "../../domain/roles.js";
import { requireRole } from "../auth.js";
import { problem } from "../errors.js";
import { jsonOk, problemContent, staffProblems } from "./problem-schema.js";
import { storableNumber } from "./query-schemas.js";

const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

const text = (max: number) => z.string().max(max);
const notFound = { 404: { description: "No such initiative", content: problemContent } };
const conflict = {
  409: {
    description:
      "A stale `expectedVersion` (the problem carries `currentVersion` and `current`), or a transition the " +
      "workflow refuses (the problem carries `allowed`)",
    content: problemContent,
  },
};

const KpiSchema = z
  .object({
    metric: z.enum(KPI_METRICS).optional(),
    dimension: z.enum(KPI_DIMENSIONS),
    value: text(200).openapi({ example: "Remote access" }),
    baseline: storableNumber().min(0).max(1).openapi({ example: 0.72 }),
    target: storableNumber().min(0).max(1).openapi({ example: 0.85 }),
    targetDate: z.string().openapi({ example: "2027-06-30" }),
    impactWindows: z
      .object({
        beforeWeeks: z.number().int().min(1).max(104),
        afterWeeks: z.number().int().min(1).max(104),
        settlingDays: z.number().int().min(0).max(180),
      })
      .optional()
      .openapi({
        description: "How impact is read around go-live; absent: 8 weeks before, 14 settling days, 8 after",
      }),
  })
  .openapi("Kpi");
const WsjfSchema = z
  .object({
    businessValue: storableNumber(),
    timeCriticality: storableNumber(),
    riskReduction: storableNumber(),
    jobSize: storableNumber(),
  })
  .openapi("WsjfInputs");
const RiceSchema = z
  .object({ reach: storableNumber(), impact: storableNumber(), confidence: storableNumber() })
  .openapi("RiceInputs");
const BenefitSchema = z
  .object({ outcome: z.enum(BENEFIT_OUTCOMES), reason: z.string().max(10_000).nullable().optional() })
  .openapi("BenefitAssessment");

const editable = {
  title: text(200),
  description: text(10_000),
  source: z.enum(INITIATIVE_SOURCES),
  services: z.array(text(200)).max(50),
  category: z.enum(INITIATIVE_CATEGORIES),
  owner: text(200),
  estimatedCost: storableNumber().nullable(),
  effort: storableNumber().openapi({ description: "Person-days, > 0" }),
  expectedBenefit: text(10_000),
  kpi: KpiSchema.nullable(),
  linkedResponseIds: z.array(text(200)).max(500),
  notes: text(10_000),
  manualRank: z
    .number()
    .int()
    .nullable()
    .openapi({ description: "1 pins to the top; null lets the score decide" }),
  wsjf: WsjfSchema.nullable(),
  rice: RiceSchema.nullable(),
};

const CreateSchema = z
  .object({
    title: editable.title,
    description: editable.description.optional(),
    source: editable.source,
    services: editable.services.optional(),
    category: editable.category,
    owner: editable.owner.optional().openapi({ description: "Defaults to the creator" }),
    estimatedCost: editable.estimatedCost.optional(),
    effort: editable.effort,
    expectedBenefit: editable.expectedBenefit.optional(),
    kpi: editable.kpi.optional(),
    linkedResponseIds: editable.linkedResponseIds.optional(),
    notes: editable.notes.optional(),
    manualRank: editable.manualRank.optional(),
    wsjf: editable.wsjf.optional(),
    rice: editable.rice.optional(),
  })
  .strict()
  .openapi("NewInitiative");

const PatchSchema = z
  .object({
    expectedVersion: z
      .number()
      .int()
      .min(1)
      .openapi({ description: "The version the editor saw; a stale one gets 409 with the current version" }),
    ...Object.fromEntries(Object.entries(editable).map(([key, schema]) => [key, schema.optional()])),
    implementedAt: z.string().nullable().optional(),
    benefitRealised: BenefitSchema.nullable().optional(),
  })
  .strict()
  .openapi("InitiativeChange");

const HistoryEntrySchema = z
  .object({
    at: z.string(),
    actor: z.string(),
    field: z.string(),
    from: z.unknown(),
    to: z.unknown(),
    reason: z.string().optional(),
  })
  .openapi("InitiativeHistoryEntry");

const InitiativeSchema = z
  .object({
    id: z.string().openapi({ example: "CSI-042" }),
    version: z.number().int(),
    ...editable,
    status: z.enum(INITIATIVE_STATUSES),
    statusReason: z.string().nullable(),
    raisedAt: z.string(),
    approvedAt: z.string().nullable(),
    startedAt: z.string().nullable(),
    implementedAt: z
      .string()
      .nullable()
      .openapi({ description: "The go-live day impact analysis splits on" }),
    reviewedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    benefitRealised: BenefitSchema.nullable(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    history: z.array(HistoryEntrySchema),
  })
  .openapi("Initiative");

const BacklogEntrySchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: z.enum(INITIATIVE_STATUSES),
    services: z.array(z.string()),
    category: z.enum(INITIATIVE_CATEGORIES),
    owner: z.string(),
    effort: z.number(),
    estimatedCost: z.number().nullable(),
    kpi: KpiSchema.nullable(),
    manualRank: z.number().nullable(),
    wsjf: WsjfSchema.nullable(),
    rice: RiceSchema.nullable(),
    version: z.number().int(),
    raisedAt: z.string(),
    implementedAt: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi("BacklogEntry");

const ScoreSchema = z
  .object({
    score: z.number(),
    model: z.enum(PRIORITY_MODELS),
    parts: z.array(
      z.object({
        name: z.string(),
        value: z.number(),
        weight: z.number().optional(),
        input: z.number().optional(),
        explanation: z.string(),
      }),
    ),
  })
  .openapi("PriorityScore");

const PrioritySettingsSchema = z
  .object({
    model: z.enum(PRIORITY_MODELS),
    weights: z.object({
      gap: storableNumber().min(0),
      volume: storableNumber().min(0),
      strategic: storableNumber().min(0),
    }),
    serviceWeights: z.record(z.string(), storableNumber().min(0)),
  })
  .openapi("PrioritySettings");

const BacklogSchema = z
  .object({
    items: z.array(
      z.object({
        rank: z.number().int(),
        pinned: z.boolean(),
        priority: ScoreSchema,
        initiative: BacklogEntrySchema,
      }),
    ),
    total: z.number().int(),
    nextCursor: z.string().nullable(),
    settings: PrioritySettingsSchema,
  })
  .openapi("Backlog");

const BacklogQuerySchema = z.object({
  status: z
    .string()
    .optional()
    .openapi({
      description: `Comma-separated statuses, or \`all\`; default ${BACKLOG_STATUSES.join(", ")}`,
      example: "proposed,approved",
    }),
  service: z.string().max(200).optional(),
  owner: z.string().max(200).optional(),
  category: z.enum(INITIATIVE_CATEGORIES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2000).optional().openapi({ description: "`nextCursor` of the previous page" }),
});

const TransitionSchema = z
  .object({
    to: z.enum(INITIATIVE_STATUSES),
    reason: text(10_000).optional().openapi({ description: "Required to reject or defer" }),
    goLive: z.string().optional().openapi({ description: "YYYY-MM-DD; required to move to implemented" }),
    benefit: BenefitSchema.optional().openapi({
      description:
        "To move to reviewed: the outcome; when omitted, the one the impact verdict proposes (improved at the target change: realised; below it: partly; no detectable change or worsened: not-realised). The verdict, its figures and method are stored in the history as `impactReview`",
    }),
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict()
  .openapi("InitiativeTransition");

const ImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    imported: z.number().int(),
    accepted: z.array(z.object({ line: z.number().int(), id: z.string().nullable(), title: z.string() })),
    rejected: z.array(
      z.object({
        line: z.number().int(),
        errors: z.array(z.object({ field: z.string(), message: z.string() })),
      }),
    ),
    columns: z.object({
      mapped: z.record(z.string(), z.string()),
      ignored: z.array(z.string()),
      missing: z.array(z.string()),
    }),
  })
  .openapi("ImportReport");

const IdParams = z.object({
  id: z
    .string()
    .max(20)
    .openapi({ param: { name: "id", in: "path" }, example: "CSI-042" }),
});

function parseStatuses(status: string | undefined): InitiativeStatus[] {
  if (status === undefined || status.trim() === "") return [...BACKLOG_STATUSES];
  if (status.trim() === "all") return [...INITIATIVE_STATUSES];
  const wanted = status.split(",").map((s) => s.trim());
  return INITIATIVE_STATUSES.filter((s) => wanted.includes(s));
}

/** The signed-in staff member, whom the route's `requireRole` put on the context. */
function actorName(c: Context): string {
  return (c.var as { user?: StaffUser }).user?.name ?? "unknown";
}

/** The CSI register API: backlog, initiatives, workflow, history, CSV import and export, priority settings. */
export function registerInitiativeRoutes(
  app: OpenAPIHono,
  deps: {
    manageInitiatives: ManageInitiatives;
    backlog: Backlog;
    registerCsv: RegisterCsv;
    verifyStaff: StaffTokenVerifier;
    clock: Clock;
  },
) {
  const allow = (role: Role) => ({ middleware: [requireRole(deps.verifyStaff, role)], "x-pulse-role": role });
  const tags = ["CSI register"];
  const security = [{ bearer: [] }];

  // Fixed paths first: they also match `/initiatives/{id}`, and the first route to answer wins.
  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/initiatives/export.csv",
      summary: "The whole register as CSV (UTF-8 with BOM, one row per initiative)",
      tags,
      security,
      ...allow("analyst"),
      responses: {
        200: { description: "The register", content: { "text/csv": { schema: z.string() } } },
        ...staffProblems,
      },
    }),
    async (c) => {
      const csv = await deps.registerCsv.exportCsv();
      const day = deps.clock.now().toISOString().slice(0, 10);
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="csi-register-${day}.csv"`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/initiatives/import",
      summary: "Import a register CSV: a dry run reports every row; a real import stores every row or none",
      description:
        "Headers in English or Polish, `;`, `,` or tab separated, up to 2 MB. `dryRun=true` (the default) stores " +
        "nothing and reports each row accepted or rejected with reasons. `dryRun=false` stores the file only if " +
        "every row is accepted (otherwise 422 with the same report); it writes in chunked transactions tagged " +
        "with one import id and deletes what it wrote if a later chunk fails.",
      tags,
      security,
      "x-pulse-role": "manager",
      // The CSV body is read whole, so it is capped once the caller is known to be allowed to send it.
      middleware: [
        requireRole(deps.verifyStaff, "manager"),
        bodyLimit({
          maxSize: MAX_IMPORT_BYTES,
          onError: (c) => problem(c, 413, "The file is larger than 2 MB"),
        }),
      ],
      request: {
        query: z.object({ dryRun: z.enum(["true", "false"]).default("true") }),
        body: { content: { "text/csv": { schema: z.string() } }, required: true },
      },
      responses: {
        ...jsonOk("Dry-run report", ImportReportSchema),
        201: { description: "Imported", content: { "application/json": { schema: ImportReportSchema } } },
        ...staffProblems,
        413: { description: "Larger than 2 MB", content: problemContent },
        422: { description: "Rows rejected; nothing imported", content: problemContent },
      },
    }),
    async (c) => {
      const dryRun = c.req.valid("query").dryRun === "true";
      const report = await deps.registerCsv.importCsv(await c.req.text(), {
        dryRun,
        actor: actorName(c),
      });
      return c.json(report, dryRun ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/initiatives",
      summary: "The backlog, ranked: manual ranks first, then by priority score, each score with its parts",
      tags,
      security,
      ...allow("analyst"),
      request: { query: BacklogQuerySchema },
      responses: {
        ...jsonOk("One page of the ranked backlog", BacklogSchema),
        ...staffProblems,
      },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await deps.backlog.list({ ...query, statuses: parseStatuses(query.status) });
      return c.json(page as z.infer<typeof BacklogSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/initiatives",
      summary: "Raise an initiative; it starts as proposed under the next readable id",
      tags,
      security,
      ...allow("manager"),
      request: { body: { content: { "application/json": { schema: CreateSchema } }, required: true } },
      responses: {
        201: { description: "Created", content: { "application/json": { schema: InitiativeSchema } } },
        ...staffProblems,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const initiative = await deps.manageInitiatives.create(
        { ...body, owner: body.owner ?? actorName(c) } as InitiativeInput,
        actorName(c),
      );
      c.header("location", `/api/v1/initiatives/${initiative.id}`);
      return c.json(initiative as z.infer<typeof InitiativeSchema>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/initiatives/{id}",
      summary: "One initiative with its full history",
      tags,
      security,
      ...allow("analyst"),
      request: { params: IdParams },
      responses: {
        200: { description: "The initiative", content: { "application/json": { schema: InitiativeSchema } } },
        ...staffProblems,
        ...notFound,
      },
    }),
    async (c) => {
      const initiative = await deps.manageInitiatives.get(c.req.valid("param").id);
      return c.json(initiative as z.infer<typeof InitiativeSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "patch",
      path: "/api/v1/initiatives/{id}",
      summary: "Edit fields of the version you saw (`expectedVersion` in the body)",
      description:
        "Status changes go through transitions. A stale `expectedVersion` gets 409 with the current initiative.",
      tags,
      security,
      ...allow("manager"),
      request: {
        params: IdParams,
        body: { content: { "application/json": { schema: PatchSchema } }, required: true },
      },
      responses: {
        ...jsonOk("The next version", InitiativeSchema),
        ...staffProblems,
        ...notFound,
        ...conflict,
      },
    }),
    async (c) => {
      const { expectedVersion, ...patch } = c.req.valid("json");
      const initiative = await deps.manageInitiatives.update(
        c.req.valid("param").id,
        patch as InitiativePatch,
        expectedVersion,
        actorName(c),
      );
      return c.json(initiative as z.infer<typeof InitiativeSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/initiatives/{id}",
      summary: "Delete an initiative and its history (heads only)",
      tags,
      security,
      ...allow("head"),
      request: {
        params: IdParams,
        query: z.object({ expectedVersion: z.coerce.number().int().min(1).optional() }),
      },
      responses: {
        204: { description: "Deleted" },
        ...staffProblems,
        ...notFound,
        ...conflict,
      },
    }),
    async (c) => {
      await deps.manageInitiatives.remove(c.req.valid("param").id, c.req.valid("query").expectedVersion);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "post",
      path: "/api/v1/initiatives/{id}/transitions",
      summary: "Move an initiative along the workflow",
      description:
        "proposed → approved → planned → in-progress → implemented → reviewed → closed; rejected or deferred " +
        "from proposed and approved (with a reason); deferred returns to proposed. `implemented` needs `goLive`, " +
        "`reviewed` needs `benefit` unless the impact verdict proposes one. A refused step is a 409 problem whose `allowed` lists the possible ones.",
      tags,
      security,
      ...allow("manager"),
      request: {
        params: IdParams,
        body: { content: { "application/json": { schema: TransitionSchema } }, required: true },
      },
      responses: {
        ...jsonOk("The next version", InitiativeSchema),
        ...staffProblems,
        ...notFound,
        ...conflict,
      },
    }),
    async (c) => {
      const { to, ...options } = c.req.valid("json");
      const benefit = options.benefit
        ? { outcome: options.benefit.outcome, reason: options.benefit.reason ?? null }
        : undefined;
      const initiative = await deps.manageInitiatives.transition(
        c.req.valid("param").id,
        to,
        {
          ...(options.reason === undefined ? {} : { reason: options.reason }),
          ...(options.goLive === undefined ? {} : { goLive: options.goLive }),
          ...(benefit === undefined ? {} : { benefit }),
          ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
        },
        actorName(c),
      );
      return c.json(initiative as z.infer<typeof InitiativeSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/initiatives/{id}/history",
      summary: "Who changed what, when, from what to what",
      tags,
      security,
      ...allow("analyst"),
      request: { params: IdParams },
      responses: {
        200: {
          description: "History, oldest first",
          content: { "application/json": { schema: z.object({ items: z.array(HistoryEntrySchema) }) } },
        },
        ...staffProblems,
        ...notFound,
      },
    }),
    async (c) => {
      const items = await deps.manageInitiatives.history(c.req.valid("param").id);
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/settings/priority",
      summary: "How the backlog is scored: model, weights, service weights",
      tags,
      security,
      ...allow("analyst"),
      responses: {
        ...jsonOk("The settings", PrioritySettingsSchema),
        ...staffProblems,
      },
    }),
    async (c) => c.json(await deps.backlog.getSettings(), 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/settings/priority",
      summary: "Set the scoring model and weights (heads only); the backlog re-ranks at once",
      tags,
      security,
      ...allow("head"),
      request: {
        body: { content: { "application/json": { schema: PrioritySettingsSchema } }, required: true },
      },
      responses: {
        ...jsonOk("The settings now in force", PrioritySettingsSchema),
        ...staffProblems,
      },
    }),
    async (c) => c.json(await deps.backlog.saveSettings(c.req.valid("json"), actorName(c)), 200),
  );
}
