import * as z from "zod/mini";
import { TARGET_PERIOD_PATTERN } from "../../app/analytics/target-period.js";
import { DIMENSIONS } from "../../domain/dimensions.js";
import { MAX_SECONDARY_KPIS } from "../../domain/initiatives/fields.js";
import { TARGET_STATUSES } from "../../domain/statistics/targets.js";
import { conflictProblem, notFoundProblem, staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";
import {
  IntervalSchema,
  integer,
  isoDay,
  isSupportedYear,
  rangeQuery,
  storableNumber,
  summaryCounts,
} from "./common.js";
import { KpiSchema } from "./initiatives.js";
import { ThemesSchema } from "./themes.js";

// Factories, not shared instances: describing a field or giving it an example marks the instance itself.
const text = () => z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
// The registry seen through the one call used here, as in contract/route.ts: examples sit beside descriptions.
const registry: { add(schema: z.ZodMiniType, meta: z.core.GlobalMeta): unknown } = z.globalRegistry;
const example = <S extends z.ZodMiniType>(schema: S, value: unknown): S => {
  registry.add(schema, { example: value });
  return schema;
};
const period = () =>
  example(
    z.string().check(
      z.regex(TARGET_PERIOD_PATTERN, "must be a year (2026) or a quarter (2026-Q4)"),
      z.refine((value) => isSupportedYear(value.slice(0, 4)), "must lie in the years 2000 to 2100"),
    ),
    "2026-Q4",
  );
// A query parameter is text: a whole number within bounds is read from it.
const queryInteger = (min: number, max: number) =>
  z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

const summaryFields = () => ({
  ...summaryCounts(),
  distribution: z.record(z.string(), z.number()),
  invited: z.nullable(z.number()),
  responseRate: z.nullable(z.number()),
});
const SummarySchema = named(z.object(summaryFields()), "ScoreSummary");

const BreakdownSchema = named(
  z.object({
    dimension: z.string(),
    from: z.string(),
    to: z.string(),
    service: z.nullable(z.string()),
    average: described(z.nullable(z.number()), "Pooled csat of all rows"),
    rows: z.array(
      z.object({
        value: z.string(),
        ...summaryFields(),
        target: z.nullable(
          z.object({ value: z.number(), period: z.string(), service: z.nullable(z.string()) }),
        ),
        reference: z.nullable(z.object({ kind: z.enum(["target", "average"]), value: z.number() })),
        gap: described(z.nullable(z.number()), "reference - csat; positive when short of it"),
        impact: described(z.number(), "Satisfied responses lacking against the reference: n x max(0, gap)"),
      }),
    ),
  }),
  "Breakdown",
);

const ChangeSchema = z.nullable(
  z.object({
    difference: described(z.number(), "b - a"),
    low: z.number(),
    high: described(z.number(), "Newcombe 95% interval of the difference"),
    z: z.number(),
    pValue: z.number(),
    adjustedPValue: described(z.number(), "Holm-adjusted over all values of the dimension"),
    significant: z.boolean(),
  }),
);
const ComparisonSchema = named(
  z.object({
    dimension: z.string(),
    service: z.nullable(z.string()),
    a: z.object({ from: z.string(), to: z.string() }),
    b: z.object({ from: z.string(), to: z.string() }),
    confidence: z.number(),
    overall: z.object({ a: SummarySchema, b: SummarySchema, change: ChangeSchema }),
    rows: z.array(z.object({ value: z.string(), a: SummarySchema, b: SummarySchema, change: ChangeSchema })),
  }),
  "PeriodComparison",
);

const WindowResult = z.object({
  n: z.number(),
  positive: z.number(),
  csat: z.nullable(z.number()),
  ci: IntervalSchema,
  mean: z.nullable(z.number()),
});
const ImpactInterval = z.object({ estimate: z.number(), low: z.number(), high: z.number() });
const impactFields = {
  kpi: z.object({ dimension: z.string(), value: z.string() }),
  goLive: z.string(),
  windows: z.object({
    before: z.object({ from: z.string(), to: z.string() }),
    after: z.object({ from: z.string(), to: z.string() }),
    settlingDays: z.number(),
    afterReadThrough: described(
      z.nullable(z.string()),
      "The after window is counted through the last full week; null before it has one",
    ),
    afterOpen: described(z.boolean(), "True while the after window has not ended"),
  }),
  asOf: z.string(),
  complete: described(z.boolean(), "False while the after window has not ended"),
  target: z.object({ before: WindowResult, after: WindowResult }),
  comparison: described(
    z.nullable(z.object({ before: WindowResult, after: WindowResult })),
    "The rest of the organisation, without the KPI's own series",
  ),
  change: described(
    z.nullable(ImpactInterval),
    "The series' own csat change, after - before (Newcombe), at the look's confidence: the primary comparison",
  ),
  meanChange: described(z.nullable(ImpactInterval), "Change in the mean score (1..5), Welch"),
  differenceInDifferences: described(
    z.nullable(ImpactInterval),
    "The change relative to the rest (MOVER from two Newcombe intervals). Shown beside `change`; a credit needs both to exclude 0",
  ),
  verdict: z.enum([
    "improved",
    "worsened",
    "no-detectable-change",
    "not-yet-conclusive",
    "insufficient-data",
  ]),
  provisional: described(z.boolean(), "True while the after window is open: the verdict may change"),
  targetChange: described(z.number(), "The initiative's own target change (KPI target - baseline)"),
  minimumDetectableChange: described(
    z.nullable(z.number()),
    "Smallest change the current sample detects with 80% power at this look",
  ),
  weeksUntilDetectable: described(
    z.nullable(z.number()),
    "Full weeks from now, at the current response rate, until the target change is detectable; null if not within two years",
  ),
  method: z.object({
    name: z.literal("group-sequential"),
    spending: z.literal("lan-demets-obrien-fleming"),
    description: z.string(),
    look: z.number(),
    plannedLooks: z.number(),
    criticalValue: z.number(),
    confidence: z.number(),
  }),
  insufficientData: described(
    z.object({ minimumResponses: z.number(), reason: z.string() }),
    "Below this many responses in a window the verdict is insufficient-data",
  ),
  alpha: z.number(),
  power: z.number(),
  weekly: z.array(
    z.object({
      start: z.string(),
      kpi: z.object({ n: z.number(), csat: z.nullable(z.number()) }),
      rest: z.nullable(z.object({ n: z.number(), csat: z.nullable(z.number()) })),
    }),
  ),
};
const ImpactSchema = named(z.object(impactFields), "KpiImpact");
const InitiativeImpactSchema = named(
  z.object({
    initiative: z.object({
      id: z.string(),
      title: z.string(),
      status: z.string(),
      kpi: KpiSchema,
      kpiIndex: described(integer(), "The KPI assessed: 0 the primary one, 1 the first secondary one, ..."),
      primary: z.boolean(),
      implementedAt: z.string(),
    }),
    ...impactFields,
  }),
  "InitiativeImpact",
);

const InitiativeKpisSchema = named(
  z.object({
    id: z.string(),
    asOf: z.string(),
    window: described(
      z.object({ from: z.string(), to: z.string(), days: integer() }),
      "The recent days the current figures are read over, the same the backlog's gap reads",
    ),
    kpis: described(
      z.array(
        z.object({
          kpi: KpiSchema,
          primary: z.boolean(),
          current: described(
            z.object({
              from: z.string(),
              to: z.string(),
              n: integer(),
              csat: z.nullable(z.number()),
              ci: IntervalSchema,
            }),
            "The ratings counted, with the Wilson 95% interval `ci`: the window's days, or for a live initiative " +
              "from the end of the KPI's settling days after go-live when later (after `to` while still settling)",
          ),
          change: described(z.nullable(z.number()), "Current csat minus the baseline, a share"),
          ofGoal: described(
            z.nullable(z.number()),
            "Share of the planned rise achieved, (current - baseline) / (target - baseline): 1 is the goal reached; " +
              "null below 30 ratings or for a KPI to hold (target not above baseline)",
          ),
          status: described(
            z.enum(TARGET_STATUSES),
            "The current csat against the target; too-few-responses below the judged sample",
          ),
        }),
      ),
      "The primary KPI first",
    ),
  }),
  "InitiativeKpis",
);

const TargetSchema = named(
  z.object({
    service: described(z.nullable(z.string()), "null: the whole organisation"),
    period: z.string(),
    value: z.number(),
    setBy: z.string(),
    setAt: z.string(),
  }),
  "CsatTarget",
);
const judgement = () => ({
  actual: z.nullable(z.number()),
  ci: IntervalSchema,
  target: z.number(),
  gap: z.nullable(z.number()),
  status: described(
    z.enum(TARGET_STATUSES),
    "too-few-responses: fewer than 30 responses, reported but not judged",
  ),
});
const TargetStatusSchema = named(
  z.object({
    period: z.string(),
    from: z.string(),
    to: z.string(),
    through: described(z.string(), "The last day with data counted: today while the period runs"),
    targets: z.array(
      z.object({
        service: z.nullable(z.string()),
        setFor: z.string(),
        n: z.number(),
        ...judgement(),
        months: z.array(z.object({ month: z.string(), n: z.number(), ...judgement() })),
      }),
    ),
  }),
  "TargetStatus",
);

/** One rated response as the listing shows it. */
const ResponseSchema = () =>
  z.object({
    surveyId: z.string(),
    day: z.string(),
    ticketId: z.string(),
    title: z.string(),
    dimensions: z.partialRecord(z.enum(DIMENSIONS), z.string()),
    score: integer(),
    comment: z.nullable(z.string()),
    reasons: z.array(z.string()),
    locale: z.string(),
    respondedAt: z.string(),
  });

const ResponsesSchema = named(
  z.object({
    items: z.array(ResponseSchema()),
    nextCursor: z.nullable(z.string()),
  }),
  "ResponsePage",
);

/** The before, settling and after windows an impact is read over, each optional. */
const windowQuery = () => ({
  weeks: z.optional(described(queryInteger(1, 52), "Both windows' length (default 8)")),
  beforeWeeks: z.optional(described(queryInteger(1, 104), "Before window (default 8)")),
  afterWeeks: z.optional(described(queryInteger(1, 104), "After window (default 8)")),
  settlingDays: z.optional(described(queryInteger(0, 180), "Days after go-live left out (default 14)")),
});

/** Breakdown, comparison and impact of satisfaction, csat targets, comment themes and the responses behind them. */
export const analyticsContracts = {
  readBreakdown: defineRoute({
    operationId: "readBreakdown",
    method: "get",
    path: "/api/v1/metrics/breakdown",
    summary: "Csat per value of a dimension, with targets, sorted by impact (volume x gap to target)",
    description:
      "Reads one aggregate item per value and day (one index query). A row without a target is measured against the pooled csat of all rows.",
    tags: ["Metrics"],
    role: "analyst",
    query: z.object({ dimension: z.enum(DIMENSIONS), ...rangeQuery(), service: z.optional(text()) }),
    responses: {
      200: { description: "One row per value, largest impact first", schema: BreakdownSchema },
      ...staffProblems,
    },
  }),

  comparePeriods: defineRoute({
    operationId: "comparePeriods",
    method: "get",
    path: "/api/v1/metrics/comparison",
    summary: "Two periods side by side per dimension value: difference, 95% Newcombe interval, p-value",
    description:
      "`significant` uses Holm-adjusted p-values over all values of the dimension, so that testing many teams at once does not raise false alarms.",
    tags: ["Metrics"],
    role: "analyst",
    query: z.object({
      dimension: z.enum(DIMENSIONS),
      aFrom: isoDay(),
      aTo: isoDay(),
      bFrom: isoDay(),
      bTo: isoDay(),
      service: z.optional(text()),
    }),
    responses: { 200: { description: "Overall and per value", schema: ComparisonSchema }, ...staffProblems },
  }),

  assessKpiImpact: defineRoute({
    operationId: "assessKpiImpact",
    method: "get",
    path: "/api/v1/metrics/impact",
    summary: "Before/after a go-live day for a KPI series, net of the rest of the organisation",
    description:
      "Verdict improved or worsened when the change's interval and the difference-in-differences' both exclude 0; no-detectable-change when an interval also excludes the target change; otherwise not-yet-conclusive with the minimum detectable change and the weeks until the target change is detectable; insufficient-data below 16 responses in a window. Valid under weekly looks (group-sequential, Lan-DeMets O'Brien-Fleming spending).",
    tags: ["Metrics"],
    role: "analyst",
    query: z.object({
      dimension: z.enum(["all", ...DIMENSIONS]),
      value: z.optional(described(text(), "The dimension value; omitted for `all`")),
      goLive: isoDay(),
      ...windowQuery(),
      targetChange: z.optional(
        described(
          z.coerce.number().check(z.gt(0), z.maximum(1)),
          "The change to judge against, a share (default 0.05)",
        ),
      ),
    }),
    responses: { 200: { description: "The assessment", schema: ImpactSchema }, ...staffProblems },
  }),

  readInitiativeImpact: defineRoute({
    operationId: "readInitiativeImpact",
    method: "get",
    path: "/api/v1/initiatives/{id}/impact",
    summary: "The initiative's KPI before and after its go-live day, with a verdict",
    tags: ["CSI register"],
    role: "analyst",
    params: z.object({ id: text() }),
    query: z.object({
      kpi: z.optional(
        described(
          queryInteger(0, MAX_SECONDARY_KPIS),
          "Which KPI: 0 (default) the primary one, 1 the first secondary one, ...",
        ),
      ),
      ...windowQuery(),
    }),
    responses: {
      200: { description: "The assessment with the initiative", schema: InitiativeImpactSchema },
      ...staffProblems,
      ...notFoundProblem("No such item"),
      ...conflictProblem("No KPI or no go-live day yet"),
    },
  }),

  readInitiativeKpis: defineRoute({
    operationId: "readInitiativeKpis",
    method: "get",
    path: "/api/v1/initiatives/{id}/kpis",
    summary: "Every KPI of the initiative with its current csat and the % of its goal achieved",
    description:
      "The current figure is the csat of the KPI's series over the last 90 days (for a live initiative, only " +
      "from the end of the KPI's settling days after go-live when later), with its Wilson 95% interval; " +
      "`ofGoal` is how much of the planned rise from baseline to target it has made.",
    tags: ["CSI register"],
    role: "analyst",
    params: z.object({ id: text() }),
    responses: {
      200: { description: "The KPIs, the primary one first", schema: InitiativeKpisSchema },
      ...staffProblems,
      ...notFoundProblem("No such item"),
    },
  }),

  listTargets: defineRoute({
    operationId: "listTargets",
    method: "get",
    path: "/api/v1/targets",
    summary: "Every csat target",
    tags: ["Targets"],
    role: "analyst",
    responses: {
      200: { description: "The targets", schema: z.object({ targets: z.array(TargetSchema) }) },
      ...staffProblems,
    },
  }),

  setTarget: defineRoute({
    operationId: "setTarget",
    method: "put",
    path: "/api/v1/targets",
    summary: "Set a csat target for the organisation or one service, for a quarter or a year (heads)",
    tags: ["Targets"],
    role: "head",
    body: {
      schema: z.object({
        period: period(),
        service: z.optional(described(z.nullable(text()), "Omit or null for the whole organisation")),
        value: example(storableNumber().check(z.minimum(0), z.maximum(1)), 0.85),
      }),
    },
    responses: { 200: { description: "The stored target", schema: TargetSchema }, ...staffProblems },
  }),

  removeTarget: defineRoute({
    operationId: "removeTarget",
    method: "delete",
    path: "/api/v1/targets",
    summary: "Remove a csat target (heads)",
    tags: ["Targets"],
    role: "head",
    query: z.object({ period: period(), service: z.optional(text()) }),
    responses: { 204: { description: "Removed" }, ...staffProblems, ...notFoundProblem("No such item") },
  }),

  readTargetStatus: defineRoute({
    operationId: "readTargetStatus",
    method: "get",
    path: "/api/v1/targets/status",
    summary:
      "Actual versus target for a period, judged with the Wilson interval, with month-by-month actuals",
    description:
      "on-track: the estimate meets the target; at-risk: below it but the interval still reaches it; off-track: even the interval's top falls short; too-few-responses: fewer than 30 responses in the cell (its n and figures are given, no verdict).",
    tags: ["Targets"],
    role: "analyst",
    query: z.object({ period: period() }),
    responses: {
      200: { description: "One row per target in force", schema: TargetStatusSchema },
      ...staffProblems,
    },
  }),

  readThemes: defineRoute({
    operationId: "readThemes",
    method: "get",
    path: "/api/v1/themes",
    summary:
      "Recurring themes in comments (Polish and English), with the responses behind them and the fastest growing",
    description:
      "Themes are counted per service and calendar month (every term, with its comments by score), so a range counts the whole months it touches. Themes rank by comments with each low-score comment counted twice. Growth is tested against compareFrom-compareTo, by default the three months before the range: a one-sided Fisher exact test of each theme's share of comments, for every theme with at least 5 mentions in both ranges, with Benjamini-Hochberg false-discovery-rate control at 5% over all of them. Reason tags are counted over the same months and service.",
    tags: ["Feedback"],
    role: "analyst",
    query: z.object({
      ...rangeQuery(),
      service: z.optional(text()),
      compareFrom: z.optional(isoDay()),
      compareTo: z.optional(isoDay()),
      limit: z.optional(queryInteger(1, 100)),
    }),
    responses: {
      200: { description: "Themes, most mentioned first", schema: ThemesSchema },
      ...staffProblems,
    },
  }),

  listResponses: defineRoute({
    operationId: "listResponses",
    method: "get",
    path: "/api/v1/responses",
    summary: "Rated responses, newest first, filtered and paged; with `theme`, the responses behind a theme",
    tags: ["Feedback"],
    role: "analyst",
    query: z.object({
      ...rangeQuery(),
      service: z.optional(text()),
      score: z.optional(
        example(
          z.string().check(z.regex(/^[1-5](,[1-5])*$/, "one or more scores 1-5, comma separated")),
          "1,2",
        ),
      ),
      hasComment: z.optional(z.enum(["true", "false"])),
      theme: z.optional(described(text(), "A theme key from /api/v1/themes")),
      cursor: z.optional(z.string().check(z.maxLength(2000))),
      limit: z._default(queryInteger(1, 100), 25),
    }),
    responses: { 200: { description: "One page", schema: ResponsesSchema }, ...staffProblems },
  }),

  readResponse: defineRoute({
    operationId: "readResponse",
    method: "get",
    path: "/api/v1/responses/{id}",
    summary:
      "One rated response by its survey id, as the listing shows it: what an initiative's linked response opens",
    tags: ["Feedback"],
    role: "analyst",
    params: z.object({ id: text() }),
    responses: {
      200: { description: "The response", schema: named(ResponseSchema(), "Response") },
      ...staffProblems,
      ...notFoundProblem("No rated response with this survey id"),
    },
  }),
} as const;
