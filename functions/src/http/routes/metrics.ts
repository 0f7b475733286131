import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { ReadSatisfaction } from "../../app/metrics/read-satisfaction.js";
import type { Clock } from "../../app/ports.js";
import { localDay } from "../../domain/calendar.js";
import { DIMENSIONS } from "../../domain/dimensions.js";
import { requireRole } from "../auth.js";
import { jsonOk, staffProblems } from "./problem-schema.js";
import { dayRange, isoDay, rangeQuery, summaryCounts } from "./query-schemas.js";

const filter = z.string().trim().min(1).max(200).optional();

export const SatisfactionQuerySchema = z.object({
  from: rangeQuery.from.openapi({ example: "2026-09-01" }),
  to: rangeQuery.to,
  interval: z.enum(["day", "week", "month", "quarter"]).default("week"),
  groupBy: z.enum(DIMENSIONS).optional(),
  service: filter,
  category: filter,
  assignmentGroup: filter,
  agent: filter,
  priority: filter,
  channel: filter,
  slaBreached: z.enum(["breached", "met"]).optional(),
  baselineFrom: isoDay.optional().openapi({
    description:
      "Control-chart baseline start (default: the 26 weeks, 28 days, 12 months or 8 quarters before `from`; with too little history there, the range's first half)",
  }),
  baselineTo: isoDay
    .optional()
    .openapi({ description: "Control-chart baseline end (default: see baselineFrom)" }),
  limits: z.enum(["auto", "binomial", "laney"]).default("auto").openapi({
    description:
      "Binomial p-chart limits, Laney's p′ limits, or p′ only where the baseline is over-dispersed (auto)",
  }),
});

const SignalType = z.enum(["beyond-limits", "cusum-down", "cusum-up"]);
const Distribution = z.object({
  "1": z.number(),
  "2": z.number(),
  "3": z.number(),
  "4": z.number(),
  "5": z.number(),
});
const Summary = {
  ...summaryCounts,
  distribution: Distribution,
  invited: z.number().nullable(),
  skipped: z.number(),
  responseRate: z.number().nullable(),
};
const BucketSchema = z
  .object({
    start: z.string(),
    ...Summary,
    control: z.object({
      ucl: z.number().nullable(),
      lcl: z.number().nullable(),
      cusum: z
        .object({ down: z.number(), up: z.number() })
        .nullable()
        .openapi({ description: "CUSUM statistics after this bucket, in standard errors; a signal above h" }),
      signals: z.array(SignalType),
    }),
  })
  .openapi("SatisfactionBucket");
const Control = z
  .object({
    centre: z.number().nullable(),
    limits: z.enum(["binomial", "laney"]),
    sigmaFactor: z
      .number()
      .openapi({ description: "Multiplier of the binomial standard error (Laney's sigma-Z under p′)" }),
    baseline: z.object({
      from: z.string().nullable(),
      to: z.string().nullable(),
      n: z.number(),
      source: z.enum(["requested", "before-range", "range-start", "whole-range"]),
      buckets: z.number().int(),
      excluded: z
        .array(z.string())
        .openapi({ description: "Baseline buckets beyond the baseline's own limits, left out (phase I)" }),
    }),
    dispersion: z
      .object({
        sigmaZ: z.number(),
        chiSquare: z.number(),
        degreesOfFreedom: z.number().int(),
        pValue: z.number(),
        overDispersed: z.boolean(),
      })
      .nullable()
      .openapi({
        description: "Whether the baseline varies beyond binomial chance; p′ limits apply when it does",
      }),
    rules: z.object({
      sigmas: z.number(),
      cusum: z.object({
        k: z.number(),
        h: z.number(),
        inControlArl: z
          .number()
          .openapi({ description: "Two-sided, normal theory (Siegmund's approximation)" }),
      }),
    }),
    falseAlarm: z
      .object({ rate: z.number(), cusumRate: z.number(), runs: z.number().int(), points: z.number().int() })
      .nullable()
      .openapi({
        description: "Share of simulated stable charts of this length, baseline and rules with any signal",
      }),
    signals: z.array(z.object({ type: SignalType, start: z.string(), index: z.number() })),
  })
  .openapi("ControlChart");
const SeriesSchema = z.object({
  value: z.string().optional(),
  buckets: z.array(BucketSchema),
  totals: z.object(Summary),
  control: Control,
});
const SatisfactionSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    interval: z.string(),
    filters: z.record(z.string(), z.string()),
    groupBy: z.string().optional(),
    buckets: z.array(BucketSchema).optional(),
    totals: z.object(Summary).optional(),
    control: Control.optional(),
    series: z
      .union([z.array(SeriesSchema), z.object({ dimension: z.string(), value: z.string() })])
      .optional(),
  })
  .openapi("Satisfaction");

const route = createRoute({
  method: "get",
  path: "/api/v1/metrics/satisfaction",
  summary: "Satisfaction per bucket, filtered and grouped by ticket dimensions, with control-chart limits",
  tags: ["Metrics"],
  security: [{ bearer: [] }],
  request: { query: SatisfactionQuerySchema },
  responses: {
    ...jsonOk("Buckets, or one series per value when grouped", SatisfactionSchema),
    ...staffProblems,
  },
});

/** GET /api/v1/metrics/satisfaction for analysts and above. */
export function registerMetricsRoutes(
  app: OpenAPIHono,
  deps: {
    readSatisfaction: ReadSatisfaction;
    verifyStaff: StaffTokenVerifier;
    clock: Clock;
    timeZone: string;
  },
) {
  app.use(route.path, requireRole(deps.verifyStaff, "analyst"));
  app.openapi(route, async (c) => {
    const { from, to, interval, groupBy, baselineFrom, baselineTo, limits, ...filters } =
      c.req.valid("query");
    const result = await deps.readSatisfaction({
      ...dayRange(from, to, () => localDay(deps.clock.now(), deps.timeZone)),
      interval,
      groupBy,
      filters: Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined)),
      baselineFrom,
      baselineTo,
      limits,
    });
    return c.json(result, 200);
  });
}
