import * as z from "zod/mini";
import {
  BACKLOG_STATUSES,
  BENEFIT_OUTCOMES,
  CLOSURE_CODES,
  GRAVEYARD_FLAGS,
  INITIATIVE_CATEGORIES,
  INITIATIVE_SOURCES,
  INITIATIVE_STATUSES,
  KPI_DIMENSIONS,
  KPI_METRICS,
  MAX_SECONDARY_KPIS,
  OPEN_STATUSES,
  PRIORITY_MODELS,
  RECORD_KINDS,
  TASK_STATES,
} from "../../domain/initiatives/fields.js";
import { DEFAULT_STALE_AFTER_DAYS, MAX_STALE_AFTER_DAYS } from "../../domain/initiatives/graveyard.js";
import { TRANSITION_ROLE } from "../../domain/initiatives/workflow.js";
import { conflictProblem, notFoundProblem, problemOf, staffProblems } from "../contract/problems.js";
import { defineRoute, described, named, type Schema } from "../contract/route.js";
import { integer, storableNumber } from "./common.js";

/** The largest register file an import takes. */
const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

const tags = ["CSI register"];

/** Shows a value the field typically holds, in the document (a new instance each time: see `described`). */
function exampled<S extends Schema>(schema: S, example: unknown): S {
  // Kept beside a description the schema may already carry: the registry holds one record per schema.
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), example });
  return schema;
}

const text = (max: number) => z.string().check(z.maxLength(max));
const share = (example: number) => exampled(storableNumber().check(z.minimum(0), z.maximum(1)), example);

/**
 * A KPI with the rule its `value` is held to. Requests cap it at 200 characters; a stored KPI is described without
 * that cap, since a register import keeps longer values and a read must still answer with them.
 */
const kpiSchema = (value: z.ZodMiniString) =>
  z.object({
    metric: z.optional(z.enum(KPI_METRICS)),
    dimension: z.enum(KPI_DIMENSIONS),
    value: exampled(value, "Remote access"),
    baseline: share(0.72),
    target: share(0.85),
    targetDate: exampled(z.string(), "2027-06-30"),
    impactWindows: z.optional(
      described(
        z.object({
          beforeWeeks: integer().check(z.minimum(1), z.maximum(104)),
          afterWeeks: integer().check(z.minimum(1), z.maximum(104)),
          settlingDays: integer().check(z.minimum(0), z.maximum(180)),
        }),
        "How impact is read around go-live; absent: 8 weeks before, 14 settling days, 8 after",
      ),
    ),
  });

const KpiInputSchema = named(kpiSchema(text(200)), "KpiInput");
export const KpiSchema = named(kpiSchema(z.string()), "Kpi");

const WsjfSchema = named(
  z.object({
    businessValue: storableNumber(),
    timeCriticality: storableNumber(),
    riskReduction: storableNumber(),
    jobSize: storableNumber(),
  }),
  "WsjfInputs",
);

const RiceSchema = named(
  z.object({ reach: storableNumber(), impact: storableNumber(), confidence: storableNumber() }),
  "RiceInputs",
);

// As with the KPI's value: requests cap the reason, an imported register may hold a longer one.
const benefitSchema = (reason: z.ZodMiniString) =>
  z.object({ outcome: z.enum(BENEFIT_OUTCOMES), reason: z.optional(z.nullable(reason)) });
const BenefitInputSchema = named(benefitSchema(text(10_000)), "BenefitAssessmentInput");
const BenefitSchema = named(benefitSchema(z.string()), "BenefitAssessment");

const TaskSchema = named(
  z.object({
    title: text(200),
    owner: described(text(200), "Empty: nobody named yet"),
    due: z.nullable(exampled(z.string(), "2027-01-31")),
    state: z.enum(TASK_STATES),
  }),
  "InitiativeTask",
);

const RecordSchema = named(
  z.object({
    kind: z.enum(RECORD_KINDS),
    id: exampled(text(100), "INC0012345"),
    url: z.optional(z.nullable(described(text(2000), "http or https"))),
  }),
  "ServiceDeskRecord",
);
const cost = () => z.nullable(storableNumber());

/** The fields a client writes, as a request may send them. */
const editable = {
  title: text(200),
  description: text(10_000),
  source: z.enum(INITIATIVE_SOURCES),
  services: z.array(text(200)).check(z.maxLength(50)),
  category: z.enum(INITIATIVE_CATEGORIES),
  owner: text(200),
  estimatedCost: cost(),
  actualCost: described(cost(), "Spent so far, in the estimate's currency"),
  effort: described(storableNumber(), "Person-days, > 0"),
  expectedBenefit: text(10_000),
  kpi: described(
    z.nullable(KpiInputSchema),
    "The primary KPI: the backlog's gap, the impact verdict and the proposed benefit read it",
  ),
  secondaryKpis: described(
    z.array(KpiInputSchema).check(z.maxLength(MAX_SECONDARY_KPIS)),
    "Further series it should move, each with its own goal; need a primary KPI. The whole list; a PATCH replaces it",
  ),
  linkedResponseIds: z.array(text(200)).check(z.maxLength(500)),
  notes: text(10_000),
  manualRank: described(z.nullable(integer()), "1 pins to the top; null lets the score decide"),
  wsjf: z.nullable(WsjfSchema),
  rice: z.nullable(RiceSchema),
  tasks: described(z.array(TaskSchema).check(z.maxLength(100)), "The whole list; a PATCH replaces it"),
  records: described(z.array(RecordSchema).check(z.maxLength(50)), "The whole list; a PATCH replaces it"),
};

const CreateSchema = named(
  z.strictObject({
    title: editable.title,
    description: z.optional(editable.description),
    source: editable.source,
    services: z.optional(editable.services),
    category: editable.category,
    owner: described(z.optional(editable.owner), "Defaults to the creator"),
    estimatedCost: z.optional(editable.estimatedCost),
    actualCost: z.optional(editable.actualCost),
    effort: editable.effort,
    expectedBenefit: z.optional(editable.expectedBenefit),
    kpi: z.optional(editable.kpi),
    secondaryKpis: z.optional(editable.secondaryKpis),
    linkedResponseIds: z.optional(editable.linkedResponseIds),
    notes: z.optional(editable.notes),
    manualRank: z.optional(editable.manualRank),
    wsjf: z.optional(editable.wsjf),
    rice: z.optional(editable.rice),
    tasks: z.optional(editable.tasks),
    records: z.optional(editable.records),
  }),
  "NewInitiative",
);

const PatchSchema = named(
  z.strictObject({
    expectedVersion: described(
      integer().check(z.minimum(1)),
      "The version the editor saw; a stale one gets 409 with the current version",
    ),
    ...z.partial(z.object(editable)).shape,
    implementedAt: z.optional(z.nullable(z.string())),
    benefitRealised: z.optional(z.nullable(BenefitInputSchema)),
  }),
  "InitiativeChange",
);

const FlagsSchema = described(
  z.array(z.enum(GRAVEYARD_FLAGS)),
  "Signs of neglect of an open initiative; `stale`: no change for `staleAfterDays`",
);

const HistoryEntrySchema = named(
  z.object({
    at: z.string(),
    actor: z.string(),
    field: z.string(),
    // Absent when the field had no value on that side of the change.
    from: z.optional(z.unknown()),
    to: z.optional(z.unknown()),
    reason: z.optional(z.string()),
  }),
  "InitiativeHistoryEntry",
);

// An initiative as stored: the domain holds every field to these rules, save the list lengths and the KPI's value,
// which a request caps and a register import does not.
const InitiativeSchema = named(
  z.object({
    id: exampled(z.string(), "CSI-042"),
    version: integer(),
    title: text(200),
    description: text(10_000),
    source: z.enum(INITIATIVE_SOURCES),
    services: z.array(text(200)),
    category: z.enum(INITIATIVE_CATEGORIES),
    owner: text(200),
    estimatedCost: z.nullable(z.number()),
    actualCost: z.nullable(z.number()),
    effort: described(z.number(), "Person-days, > 0"),
    expectedBenefit: text(10_000),
    kpi: described(z.nullable(KpiSchema), "The primary KPI"),
    secondaryKpis: z.array(KpiSchema),
    linkedResponseIds: z.array(text(200)),
    notes: text(10_000),
    manualRank: described(z.nullable(integer()), "1 pins to the top; null lets the score decide"),
    wsjf: z.nullable(WsjfSchema),
    rice: z.nullable(RiceSchema),
    status: z.enum(INITIATIVE_STATUSES),
    nextStatuses: described(
      z.array(z.enum(INITIATIVE_STATUSES)),
      "The statuses the caller may move it to next, as the workflow allows from its status; none below the manager role",
    ),
    statusReason: z.nullable(z.string()),
    heldFrom: described(z.nullable(z.enum(OPEN_STATUSES)), "On hold: the status it resumes to"),
    closureCode: z.nullable(z.enum(CLOSURE_CODES)),
    raisedAt: z.string(),
    approvedAt: z.nullable(z.string()),
    startedAt: z.nullable(z.string()),
    implementedAt: described(z.nullable(z.string()), "The go-live day impact analysis splits on"),
    reviewedAt: z.nullable(z.string()),
    closedAt: z.nullable(z.string()),
    benefitRealised: z.nullable(BenefitSchema),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    history: z.array(HistoryEntrySchema),
    tasks: z.array(TaskSchema),
    records: z.array(RecordSchema),
    percentComplete: described(z.nullable(integer()), "Done tasks over those not cancelled, 0..100"),
    flags: FlagsSchema,
  }),
  "Initiative",
);

const BacklogEntrySchema = named(
  z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(INITIATIVE_STATUSES),
    services: z.array(z.string()),
    category: z.enum(INITIATIVE_CATEGORIES),
    owner: z.string(),
    effort: z.number(),
    estimatedCost: z.nullable(z.number()),
    kpi: z.nullable(KpiSchema),
    manualRank: z.nullable(z.number()),
    wsjf: z.nullable(WsjfSchema),
    rice: z.nullable(RiceSchema),
    version: integer(),
    raisedAt: z.string(),
    implementedAt: z.nullable(z.string()),
    updatedAt: z.string(),
  }),
  "BacklogEntry",
);

const ScoreSchema = named(
  z.object({
    score: z.number(),
    model: z.enum(PRIORITY_MODELS),
    parts: z.array(
      z.object({
        name: z.string(),
        value: z.number(),
        weight: z.optional(z.number()),
        input: z.optional(z.number()),
        explanation: z.string(),
      }),
    ),
  }),
  "PriorityScore",
);

const weight = () => storableNumber().check(z.minimum(0));
// A client that leaves the stale limit out sets the default; every answer carries it.
const PrioritySettingsSchema = named(
  z.object({
    model: z.enum(PRIORITY_MODELS),
    weights: z.object({ gap: weight(), volume: weight(), strategic: weight() }),
    serviceWeights: z.record(z.string(), weight()),
    staleAfterDays: z._default(
      integer().check(z.minimum(1), z.maximum(MAX_STALE_AFTER_DAYS)),
      DEFAULT_STALE_AFTER_DAYS,
    ),
    approvalThreshold: described(
      z._default(z.nullable(storableNumber().check(z.minimum(0))), null),
      "Only a head approves an initiative estimated above it (or not estimated); null: any manager",
    ),
  }),
  "PrioritySettings",
);

const BacklogSchema = named(
  z.object({
    items: z.array(
      z.object({
        rank: integer(),
        pinned: z.boolean(),
        priority: ScoreSchema,
        flags: FlagsSchema,
        initiative: BacklogEntrySchema,
      }),
    ),
    total: integer(),
    nextCursor: z.nullable(z.string()),
    settings: PrioritySettingsSchema,
  }),
  "Backlog",
);

const BacklogQuerySchema = z.object({
  status: z.optional(
    exampled(
      described(z.string(), `Comma-separated statuses, or \`all\`; default ${BACKLOG_STATUSES.join(", ")}`),
      "proposed,approved",
    ),
  ),
  service: z.optional(text(200)),
  owner: z.optional(text(200)),
  category: z.optional(z.enum(INITIATIVE_CATEGORIES)),
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(200)), 50),
  cursor: z.optional(described(text(2000), "`nextCursor` of the previous page")),
});

const TransitionSchema = named(
  z.strictObject({
    to: z.enum(INITIATIVE_STATUSES),
    reason: z.optional(described(text(10_000), "Required to reject, defer, put on hold or cancel")),
    closureCode: z.optional(described(z.enum(CLOSURE_CODES), "To close; omitted, the benefit verdict's")),
    goLive: z.optional(described(z.string(), "YYYY-MM-DD; required to move to implemented")),
    benefit: described(
      z.optional(BenefitInputSchema),
      "To move to reviewed: the outcome; when omitted, the one the impact verdict proposes (improved at the " +
        "target change: realised; below it: partly; no detectable change or worsened: not-realised). The " +
        "verdict, its figures and method are stored in the history as `impactReview`",
    ),
    expectedVersion: z.optional(integer().check(z.minimum(1))),
  }),
  "InitiativeTransition",
);

const ImportReportSchema = named(
  z.object({
    dryRun: z.boolean(),
    imported: described(integer(), "Rows stored, created or updated; 0 in a dry run"),
    counts: z.object({ created: integer(), updated: integer(), unchanged: integer(), rejected: integer() }),
    accepted: described(
      z.array(
        z.object({
          line: integer(),
          id: z.nullable(z.string()),
          title: z.string(),
          outcome: z.enum(["created", "updated", "unchanged"]),
          version: described(integer(), "After the import"),
          changes: described(z.array(z.string()), "The fields an update changes"),
        }),
      ),
      "Rows taken, in file order",
    ),
    rejected: z.array(
      z.object({
        line: integer(),
        id: z.nullable(z.string()),
        errors: z.array(z.object({ field: z.string(), message: z.string() })),
        currentVersion: z.optional(described(integer(), "The stored version, when the row's is stale")),
      }),
    ),
    columns: z.object({
      mapped: z.record(z.string(), z.string()),
      ignored: z.array(z.string()),
      missing: z.array(z.string()),
    }),
  }),
  "ImportReport",
);

const figures = {
  initiatives: integer(),
  estimatedCost: z.number(),
  actualCost: z.number(),
  unestimated: described(integer(), "Without an estimate"),
};
const PortfolioSchema = named(
  z.object({
    byStatus: z.array(z.object({ status: z.enum(INITIATIVE_STATUSES), ...figures })),
    totals: z.object(figures),
    benefit: described(
      z.record(z.enum(BENEFIT_OUTCOMES), integer()),
      "Benefit verdicts of reviewed and closed initiatives",
    ),
    closure: z.record(z.enum(CLOSURE_CODES), integer()),
  }),
  "Portfolio",
);

const IdParams = z.object({ id: exampled(text(20), "CSI-042") });

const notFound = notFoundProblem("No such initiative");
const conflict = conflictProblem(
  "A stale `expectedVersion` (the problem carries `currentVersion` and `current`), or a transition the " +
    "workflow refuses (the problem carries `allowed`)",
);

/** The CSI register: backlog, initiatives, workflow, history, CSV import and export, priority settings. */
export const initiativeContracts = {
  // Fixed paths first: they also match `/initiatives/{id}`, and the first route to answer wins.
  exportRegister: defineRoute({
    operationId: "exportRegister",
    method: "get",
    path: "/api/v1/initiatives/export.csv",
    summary: "The whole register as CSV (UTF-8 with BOM, one row per initiative)",
    description:
      "Every field a person sets, in the columns the import reads, and each row's `version`: an edited export " +
      "imports back as updates.",
    tags,
    role: "analyst",
    responses: {
      200: {
        description: "The register",
        media: ["text/csv"],
        headers: {
          "Content-Disposition": {
            description: 'attachment; filename="csi-register-YYYY-MM-DD.csv"',
            schema: { type: "string" },
          },
        },
      },
      ...staffProblems,
    },
  }),

  importRegister: defineRoute({
    operationId: "importRegister",
    method: "post",
    path: "/api/v1/initiatives/import",
    summary: "Import a register CSV: a dry run reports every row; a real import stores every row or none",
    description:
      "Headers in English or Polish, `;`, `,` or tab separated, up to 2 MB. A row whose `id` is in the register " +
      "updates it as a PATCH by the importer would, if its `version` is the stored one (else it is rejected " +
      "naming `version`, with `currentVersion`); a column the file lacks leaves its field as it is, and status " +
      "and the workflow's dates must be as stored (they move only through transitions). Other rows create " +
      "initiatives, keeping a chosen id. `dryRun=true` (the default) stores nothing and reports each row " +
      "created, updated, unchanged or rejected. `dryRun=false` stores the file only if every row is accepted " +
      "(otherwise 422 with the same report), in chunked transactions tagged with one import id, taking back " +
      "what it wrote if a later chunk fails.",
    tags,
    role: "manager",
    query: z.object({ dryRun: z._default(z.enum(["true", "false"]), "true") }),
    body: {
      media: "text/csv",
      description: "The register, as a spreadsheet saves it",
      limit: { bytes: MAX_IMPORT_BYTES, detail: "The file is larger than 2 MB" },
    },
    responses: {
      200: {
        description: "Dry-run report, or an import's whose every row was unchanged",
        schema: ImportReportSchema,
      },
      201: { description: "Imported", schema: ImportReportSchema },
      ...staffProblems,
      409: problemOf("An initiative of the file changed (`ids`), or an id it chose was taken, meanwhile"),
      413: problemOf("Larger than 2 MB"),
      415: problemOf("Not text/csv"),
      422: problemOf("Rows rejected; nothing imported"),
    },
  }),

  readPortfolio: defineRoute({
    operationId: "readPortfolio",
    method: "get",
    path: "/api/v1/initiatives/portfolio",
    summary:
      "The register by status, estimated and actual cost, and realised benefit (currency amounts, rounded to cents)",
    tags,
    role: "analyst",
    responses: {
      200: { description: "The portfolio", schema: PortfolioSchema },
      ...staffProblems,
    },
  }),

  listInitiatives: defineRoute({
    operationId: "listInitiatives",
    method: "get",
    path: "/api/v1/initiatives",
    summary: "The backlog, ranked: manual ranks first, then by priority score, each score with its parts",
    tags,
    role: "analyst",
    query: BacklogQuerySchema,
    responses: {
      200: { description: "One page of the ranked backlog", schema: BacklogSchema },
      ...staffProblems,
    },
  }),

  createInitiative: defineRoute({
    operationId: "createInitiative",
    method: "post",
    path: "/api/v1/initiatives",
    summary: "Raise an initiative; it starts as proposed under the next readable id",
    tags,
    role: "manager",
    body: { schema: CreateSchema },
    responses: {
      201: {
        description: "Created",
        schema: InitiativeSchema,
        headers: {
          Location: { description: "The new initiative's address", schema: { type: "string" } },
        },
      },
      ...staffProblems,
    },
  }),

  readInitiative: defineRoute({
    operationId: "readInitiative",
    method: "get",
    path: "/api/v1/initiatives/{id}",
    summary: "One initiative with its full history",
    tags,
    role: "analyst",
    params: IdParams,
    responses: {
      200: { description: "The initiative", schema: InitiativeSchema },
      ...staffProblems,
      ...notFound,
    },
  }),

  updateInitiative: defineRoute({
    operationId: "updateInitiative",
    method: "patch",
    path: "/api/v1/initiatives/{id}",
    summary: "Edit fields of the version you saw (`expectedVersion` in the body)",
    description:
      "Status changes go through transitions. A stale `expectedVersion` gets 409 with the current initiative.",
    tags,
    role: "manager",
    params: IdParams,
    body: { schema: PatchSchema },
    responses: {
      200: { description: "The next version", schema: InitiativeSchema },
      ...staffProblems,
      ...notFound,
      ...conflict,
    },
  }),

  deleteInitiative: defineRoute({
    operationId: "deleteInitiative",
    method: "delete",
    path: "/api/v1/initiatives/{id}",
    summary: "Delete an initiative and its history (heads only)",
    tags,
    role: "head",
    params: IdParams,
    query: z.object({ expectedVersion: z.optional(z.coerce.number().check(z.int(), z.minimum(1))) }),
    responses: {
      204: { description: "Deleted" },
      ...staffProblems,
      ...notFound,
      ...conflict,
    },
  }),

  transitionInitiative: defineRoute({
    operationId: "transitionInitiative",
    method: "post",
    path: "/api/v1/initiatives/{id}/transitions",
    summary: "Move an initiative along the workflow",
    description:
      "proposed → approved → planned → in-progress → implemented → reviewed → closed; rejected or deferred " +
      "from proposed and approved (with a reason); deferred returns to proposed. Any open status may go on-hold " +
      "(resuming to `heldFrom`) or cancelled, with a reason. Above the settings' `approvalThreshold` only a " +
      "head approves (403 `approval-required`). `implemented` needs `goLive`, " +
      "`reviewed` needs `benefit` unless the impact verdict proposes one. A refused step is a 409 problem whose " +
      "`allowed` lists the possible ones.",
    tags,
    role: TRANSITION_ROLE,
    params: IdParams,
    body: { schema: TransitionSchema },
    responses: {
      200: { description: "The next version", schema: InitiativeSchema },
      ...staffProblems,
      ...notFound,
      ...conflict,
    },
  }),

  readInitiativeHistory: defineRoute({
    operationId: "readInitiativeHistory",
    method: "get",
    path: "/api/v1/initiatives/{id}/history",
    summary: "Who changed what, when, from what to what",
    tags,
    role: "analyst",
    params: IdParams,
    responses: {
      200: { description: "History, oldest first", schema: z.object({ items: z.array(HistoryEntrySchema) }) },
      ...staffProblems,
      ...notFound,
    },
  }),

  readPrioritySettings: defineRoute({
    operationId: "readPrioritySettings",
    method: "get",
    path: "/api/v1/settings/priority",
    summary: "How the backlog is scored: model, weights, service weights",
    tags,
    role: "analyst",
    responses: {
      200: { description: "The settings", schema: PrioritySettingsSchema },
      ...staffProblems,
    },
  }),

  savePrioritySettings: defineRoute({
    operationId: "savePrioritySettings",
    method: "put",
    path: "/api/v1/settings/priority",
    summary: "Set the scoring model and weights (heads only); the backlog re-ranks at once",
    tags,
    role: "head",
    body: { schema: PrioritySettingsSchema },
    responses: {
      200: { description: "The settings now in force", schema: PrioritySettingsSchema },
      ...staffProblems,
    },
  }),
} as const;
