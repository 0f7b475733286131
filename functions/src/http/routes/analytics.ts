import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { AssessKpiImpact } from "../../app/analytics/assess-kpi-impact.js";
import type { ComparePeriods } from "../../app/analytics/compare-periods.js";
import type { InitiativeImpact } from "../../app/analytics/initiative-impact.js";
import type { ListResponses } from "../../app/analytics/list-responses.js";
import type { Targets } from "../../app/analytics/manage-targets.js";
import type { ReadBreakdown } from "../../app/analytics/read-breakdown.js";
import type { ReadThemes } from "../../app/analytics/read-themes.js";
import { TARGET_PERIOD_PATTERN } from "../../app/analytics/target-period.js";
import type { BuildMonthlyDigest } from "../../app/digest/build-monthly-digest.js";
import type { MonthlyDigestMail } from "../../app/digest/send-monthly-digest.js";
import type { Clock } from "../../app/ports.js";
import type { ImportHistory } from "../../app/responses/import-history.js";
import { localDay } from "../../domain/calendar.js";
import { DIMENSIONS } from "../../domain/dimensions.js";
import type { Role, StaffUser } from "../../domain/roles.js";
import { requireRole } from "../auth.js";
import { jsonOk, problemContent, staffProblems } from "./problem-schema.js";
import {
  dayRange,
  IntervalSchema,
  isoDay,
  isSupportedYear,
  rangeQuery,
  storableNumber,
  summaryCounts,
} from "./query-schemas.js";
import { ThemesSchema } from "./themes-schema.js";

const text = z.string().trim().min(1).max(200);
const period = z
  .string()
  .regex(TARGET_PERIOD_PATTERN, "must be a year (2026) or a quarter (2026-Q4)")
  .refine((value) => isSupportedYear(value.slice(0, 4)), "must lie in the years 2000 to 2100")
  .openapi({ example: "2026-Q4" });
const Summary = {
  ...summaryCounts,
  distribution: z.record(z.string(), z.number()),
  invited: z.number().nullable(),
  responseRate: z.number().nullable(),
};
const SummarySchema = z.object(Summary).openapi("ScoreSummary");
const notFound = { 404: { description: "No such item", content: problemContent } };

const BreakdownSchema = z
  .object({
    dimension: z.string(),
    from: z.string(),
    to: z.string(),
    service: z.string().nullable(),
    average: z.number().nullable().openapi({ description: "Pooled csat of all rows" }),
    rows: z.array(
      z.object({
        value: z.string(),
        ...Summary,
        target: z
          .object({ value: z.number(), period: z.string(), service: z.string().nullable() })
          .nullable(),
        reference: z.object({ kind: z.enum(["target", "average"]), value: z.number() }).nullable(),
        gap: z.number().nullable().openapi({ description: "reference - csat; positive when short of it" }),
        impact: z
          .number()
          .openapi({ description: "Satisfied responses lacking against the reference: n x max(0, gap)" }),
      }),
    ),
  })
  .openapi("Breakdown");

const Change = z
  .object({
    difference: z.number().openapi({ description: "b - a" }),
    low: z.number(),
    high: z.number().openapi({ description: "Newcombe 95% interval of the difference" }),
    z: z.number(),
    pValue: z.number(),
    adjustedPValue: z.number().openapi({ description: "Holm-adjusted over all values of the dimension" }),
    significant: z.boolean(),
  })
  .nullable();
const ComparisonSchema = z
  .object({
    dimension: z.string(),
    service: z.string().nullable(),
    a: z.object({ from: z.string(), to: z.string() }),
    b: z.object({ from: z.string(), to: z.string() }),
    confidence: z.number(),
    overall: z.object({ a: SummarySchema, b: SummarySchema, change: Change }),
    rows: z.array(z.object({ value: z.string(), a: SummarySchema, b: SummarySchema, change: Change })),
  })
  .openapi("PeriodComparison");

const WindowResult = z.object({
  n: z.number(),
  positive: z.number(),
  csat: z.number().nullable(),
  ci: IntervalSchema,
  mean: z.number().nullable(),
});
const ImpactInterval = z.object({ estimate: z.number(), low: z.number(), high: z.number() });
const ImpactSchema = z
  .object({
    kpi: z.object({ dimension: z.string(), value: z.string() }),
    goLive: z.string(),
    windows: z.object({
      before: z.object({ from: z.string(), to: z.string() }),
      after: z.object({ from: z.string(), to: z.string() }),
      settlingDays: z.number(),
      afterReadThrough: z.string().nullable().openapi({
        description: "The after window is counted through the last full week; null before it has one",
      }),
      afterOpen: z.boolean().openapi({ description: "True while the after window has not ended" }),
    }),
    asOf: z.string(),
    complete: z.boolean().openapi({ description: "False while the after window has not ended" }),
    target: z.object({ before: WindowResult, after: WindowResult }),
    comparison: z
      .object({ before: WindowResult, after: WindowResult })
      .nullable()
      .openapi({ description: "The rest of the organisation, without the KPI's own series" }),
    change: ImpactInterval.nullable().openapi({
      description:
        "The series' own csat change, after - before (Newcombe), at the look's confidence: the primary comparison",
    }),
    meanChange: ImpactInterval.nullable().openapi({ description: "Change in the mean score (1..5), Welch" }),
    differenceInDifferences: ImpactInterval.nullable().openapi({
      description:
        "The change relative to the rest (MOVER from two Newcombe intervals). Shown beside `change`; a credit needs both to exclude 0",
    }),
    verdict: z.enum([
      "improved",
      "worsened",
      "no-detectable-change",
      "not-yet-conclusive",
      "insufficient-data",
    ]),
    provisional: z
      .boolean()
      .openapi({ description: "True while the after window is open: the verdict may change" }),
    targetChange: z
      .number()
      .openapi({ description: "The initiative's own target change (KPI target - baseline)" }),
    minimumDetectableChange: z
      .number()
      .nullable()
      .openapi({ description: "Smallest change the current sample detects with 80% power at this look" }),
    weeksUntilDetectable: z.number().nullable().openapi({
      description:
        "Full weeks from now, at the current response rate, until the target change is detectable; null if not within two years",
    }),
    method: z.object({
      name: z.literal("group-sequential"),
      spending: z.literal("lan-demets-obrien-fleming"),
      description: z.string(),
      look: z.number(),
      plannedLooks: z.number(),
      criticalValue: z.number(),
      confidence: z.number(),
    }),
    insufficientData: z
      .object({ minimumResponses: z.number(), reason: z.string() })
      .openapi({ description: "Below this many responses in a window the verdict is insufficient-data" }),
    alpha: z.number(),
    power: z.number(),
    weekly: z.array(
      z.object({
        start: z.string(),
        kpi: z.object({ n: z.number(), csat: z.number().nullable() }),
        rest: z.object({ n: z.number(), csat: z.number().nullable() }).nullable(),
      }),
    ),
  })
  .openapi("KpiImpact");
const InitiativeImpactSchema = ImpactSchema.extend({
  initiative: z.object({
    id: z.string(),
    title: z.string(),
    status: z.string(),
    kpi: z
      .object({ dimension: z.string(), value: z.string(), baseline: z.number(), target: z.number() })
      .passthrough(),
    implementedAt: z.string(),
  }),
}).openapi("InitiativeImpact");

const TargetSchema = z
  .object({
    service: z.string().nullable().openapi({ description: "null: the whole organisation" }),
    period: z.string(),
    value: z.number(),
    setBy: z.string(),
    setAt: z.string(),
  })
  .openapi("CsatTarget");
const Judgement = {
  actual: z.number().nullable(),
  ci: IntervalSchema,
  target: z.number(),
  gap: z.number().nullable(),
  status: z
    .enum(["on-track", "at-risk", "off-track", "too-few-responses", "no-data"])
    .openapi({ description: "too-few-responses: fewer than 30 responses, reported but not judged" }),
};
const TargetStatusSchema = z
  .object({
    period: z.string(),
    from: z.string(),
    to: z.string(),
    through: z
      .string()
      .openapi({ description: "The last day with data counted: today while the period runs" }),
    targets: z.array(
      z.object({
        service: z.string().nullable(),
        setFor: z.string(),
        n: z.number(),
        ...Judgement,
        months: z.array(z.object({ month: z.string(), n: z.number(), ...Judgement })),
      }),
    ),
  })
  .openapi("TargetStatus");

const ResponsesSchema = z
  .object({
    items: z.array(
      z.object({
        surveyId: z.string(),
        day: z.string(),
        ticketId: z.string(),
        title: z.string(),
        dimensions: z.record(z.string(), z.string()),
        score: z.number().int(),
        comment: z.string().nullable(),
        reasons: z.array(z.string()),
        locale: z.string(),
        respondedAt: z.string(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .openapi("ResponsePage");

/** The analytics and digest use cases the HTTP app needs, built by the composition root. */
export interface AnalyticsUseCases {
  readBreakdown: ReadBreakdown;
  comparePeriods: ComparePeriods;
  assessKpiImpact: AssessKpiImpact;
  /** Present when the deployment has a CSI register to read initiatives from. */
  initiativeImpact?: InitiativeImpact | undefined;
  targets: Targets;
  readThemes: ReadThemes;
  listResponses: ListResponses;
  importHistory: ImportHistory;
  buildDigest: BuildMonthlyDigest;
  digestMail: MonthlyDigestMail;
  organisationName: string;
}

function actorName(c: Context): string {
  return (c.var as { user?: StaffUser }).user?.name ?? "unknown";
}

/** Breakdown, comparison, impact, targets, themes, the responses behind them, and the monthly digest. */
export function registerAnalyticsRoutes(
  app: OpenAPIHono,
  deps: AnalyticsUseCases & { verifyStaff: StaffTokenVerifier; clock: Clock; timeZone: string },
) {
  const allow = (role: Role) => ({ middleware: [requireRole(deps.verifyStaff, role)], "x-pulse-role": role });
  const security = [{ bearer: [] }];
  const today = () => localDay(deps.clock.now(), deps.timeZone);
  const range = (from: string | undefined, to: string | undefined) => dayRange(from, to, today);

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/metrics/breakdown",
      summary: "Csat per value of a dimension, with targets, sorted by impact (volume x gap to target)",
      description:
        "Reads one aggregate item per value and day (one index query). A row without a target is measured against the pooled csat of all rows.",
      tags: ["Metrics"],
      security,
      ...allow("analyst"),
      request: {
        query: z.object({ dimension: z.enum(DIMENSIONS), ...rangeQuery, service: text.optional() }),
      },
      responses: { ...jsonOk("One row per value, largest impact first", BreakdownSchema), ...staffProblems },
    }),
    async (c) => {
      const { dimension, from, to, service } = c.req.valid("query");
      const result = await deps.readBreakdown({ dimension, ...range(from, to), service });
      return c.json(result as z.infer<typeof BreakdownSchema>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/metrics/comparison",
      summary: "Two periods side by side per dimension value: difference, 95% Newcombe interval, p-value",
      description:
        "`significant` uses Holm-adjusted p-values over all values of the dimension, so that testing many teams at once does not raise false alarms.",
      tags: ["Metrics"],
      security,
      ...allow("analyst"),
      request: {
        query: z.object({
          dimension: z.enum(DIMENSIONS),
          aFrom: isoDay,
          aTo: isoDay,
          bFrom: isoDay,
          bTo: isoDay,
          service: text.optional(),
        }),
      },
      responses: { ...jsonOk("Overall and per value", ComparisonSchema), ...staffProblems },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const result = await deps.comparePeriods({
        dimension: query.dimension,
        a: { from: query.aFrom, to: query.aTo },
        b: { from: query.bFrom, to: query.bTo },
        service: query.service,
      });
      return c.json(result as z.infer<typeof ComparisonSchema>, 200);
    },
  );

  const windowQuery = {
    weeks: z.coerce
      .number()
      .int()
      .min(1)
      .max(52)
      .optional()
      .openapi({ description: "Both windows' length (default 8)" }),
    beforeWeeks: z.coerce
      .number()
      .int()
      .min(1)
      .max(104)
      .optional()
      .openapi({ description: "Before window (default 8)" }),
    afterWeeks: z.coerce
      .number()
      .int()
      .min(1)
      .max(104)
      .optional()
      .openapi({ description: "After window (default 8)" }),
    settlingDays: z.coerce
      .number()
      .int()
      .min(0)
      .max(180)
      .optional()
      .openapi({ description: "Days after go-live left out (default 14)" }),
  };

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/metrics/impact",
      summary: "Before/after a go-live day for a KPI series, net of the rest of the organisation",
      description:
        "Verdict improved or worsened when the change's interval and the difference-in-differences' both exclude 0; no-detectable-change when an interval also excludes the target change; otherwise not-yet-conclusive with the minimum detectable change and the weeks until the target change is detectable; insufficient-data below 16 responses in a window. Valid under weekly looks (group-sequential, Lan-DeMets O'Brien-Fleming spending).",
      tags: ["Metrics"],
      security,
      ...allow("analyst"),
      request: {
        query: z.object({
          dimension: z.enum(["all", ...DIMENSIONS]),
          value: text.optional().openapi({ description: "The dimension value; omitted for `all`" }),
          goLive: isoDay,
          ...windowQuery,
          targetChange: z.coerce
            .number()
            .gt(0)
            .max(1)
            .optional()
            .openapi({ description: "The change to judge against, a share (default 0.05)" }),
        }),
      },
      responses: { ...jsonOk("The assessment", ImpactSchema), ...staffProblems },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const result = await deps.assessKpiImpact({
        kpi: { dimension: query.dimension, value: query.value ?? (query.dimension === "all" ? "all" : "") },
        goLive: query.goLive,
        weeks: query.weeks,
        beforeWeeks: query.beforeWeeks,
        afterWeeks: query.afterWeeks,
        settlingDays: query.settlingDays,
        targetChange: query.targetChange,
      });
      return c.json(result, 200);
    },
  );

  const initiativeImpact = deps.initiativeImpact;
  if (initiativeImpact) {
    app.openapi(
      createRoute({
        method: "get",
        path: "/api/v1/initiatives/{id}/impact",
        summary: "The initiative's KPI before and after its go-live day, with a verdict",
        tags: ["CSI register"],
        security,
        ...allow("analyst"),
        request: { params: z.object({ id: text }), query: z.object(windowQuery) },
        responses: {
          ...jsonOk("The assessment with the initiative", InitiativeImpactSchema),
          ...staffProblems,
          ...notFound,
          409: {
            description: "No KPI or no go-live day yet",
            content: problemContent,
          },
        },
      }),
      async (c) => {
        const { id } = c.req.valid("param");
        const result = await initiativeImpact(id, c.req.valid("query"));
        return c.json(result, 200);
      },
    );
  }

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/targets",
      summary: "Every csat target",
      tags: ["Targets"],
      security,
      ...allow("analyst"),
      responses: { ...jsonOk("The targets", z.object({ targets: z.array(TargetSchema) })), ...staffProblems },
    }),
    async (c) => c.json({ targets: await deps.targets.list() }, 200),
  );

  app.openapi(
    createRoute({
      method: "put",
      path: "/api/v1/targets",
      summary: "Set a csat target for the organisation or one service, for a quarter or a year (heads)",
      tags: ["Targets"],
      security,
      ...allow("head"),
      request: {
        body: {
          content: {
            "application/json": {
              schema: z.object({
                period,
                service: text
                  .nullable()
                  .optional()
                  .openapi({ description: "Omit or null for the whole organisation" }),
                value: storableNumber().min(0).max(1).openapi({ example: 0.85 }),
              }),
            },
          },
        },
      },
      responses: { ...jsonOk("The stored target", TargetSchema), ...staffProblems },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const target = await deps.targets.set(
        { period: body.period, service: body.service ?? null, value: body.value },
        actorName(c),
      );
      return c.json(target, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "delete",
      path: "/api/v1/targets",
      summary: "Remove a csat target (heads)",
      tags: ["Targets"],
      security,
      ...allow("head"),
      request: { query: z.object({ period, service: text.optional() }) },
      responses: { 204: { description: "Removed" }, ...staffProblems, ...notFound },
    }),
    async (c) => {
      const { period: which, service } = c.req.valid("query");
      await deps.targets.remove(which, service ?? null);
      return c.body(null, 204);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/targets/status",
      summary:
        "Actual versus target for a period, judged with the Wilson interval, with month-by-month actuals",
      description:
        "on-track: the estimate meets the target; at-risk: below it but the interval still reaches it; off-track: even the interval's top falls short; too-few-responses: fewer than 30 responses in the cell (its n and figures are given, no verdict).",
      tags: ["Targets"],
      security,
      ...allow("analyst"),
      request: { query: z.object({ period }) },
      responses: { ...jsonOk("One row per target in force", TargetStatusSchema), ...staffProblems },
    }),
    async (c) => c.json(await deps.targets.status(c.req.valid("query").period), 200),
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/themes",
      summary:
        "Recurring themes in comments (Polish and English), with the responses behind them and the fastest growing",
      description:
        "Themes are counted per service and calendar month (every term, with its comments by score), so a range counts the whole months it touches. Themes rank by comments with each low-score comment counted twice. Growth is tested against compareFrom-compareTo, by default the three months before the range: a one-sided Fisher exact test of each theme's share of comments, for every theme with at least 5 mentions in both ranges, with Benjamini-Hochberg false-discovery-rate control at 5% over all of them. Reason tags are counted over the same months and service.",
      tags: ["Feedback"],
      security,
      ...allow("analyst"),
      request: {
        query: z.object({
          ...rangeQuery,
          service: text.optional(),
          compareFrom: isoDay.optional(),
          compareTo: isoDay.optional(),
          limit: z.coerce.number().int().min(1).max(100).optional(),
        }),
      },
      responses: { ...jsonOk("Themes, most mentioned first", ThemesSchema), ...staffProblems },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const result = await deps.readThemes({ ...query, ...range(query.from, query.to) });
      return c.json(result, 200);
    },
  );

  app.openapi(
    createRoute({
      method: "get",
      path: "/api/v1/responses",
      summary:
        "Rated responses, newest first, filtered and paged; with `theme`, the responses behind a theme",
      tags: ["Feedback"],
      security,
      ...allow("analyst"),
      request: {
        query: z.object({
          ...rangeQuery,
          service: text.optional(),
          score: z
            .string()
            .regex(/^[1-5](,[1-5])*$/, "one or more scores 1-5, comma separated")
            .optional()
            .openapi({ example: "1,2" }),
          hasComment: z.enum(["true", "false"]).optional(),
          theme: text.optional().openapi({ description: "A theme key from /api/v1/themes" }),
          cursor: z.string().max(2000).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(25),
        }),
      },
      responses: { ...jsonOk("One page", ResponsesSchema), ...staffProblems },
    }),
    async (c) => {
      const query = c.req.valid("query");
      const page = await deps.listResponses({
        ...range(query.from, query.to),
        service: query.service,
        scores: query.score?.split(",").map(Number),
        hasComment: query.hasComment === undefined ? undefined : query.hasComment === "true",
        theme: query.theme,
        cursor: query.cursor,
        limit: query.limit,
      });
      return c.json(page as z.infer<typeof ResponsesSchema>, 200);
    },
  );
}
