import * as z from "zod/mini";
import { DIMENSIONS } from "../../domain/dimensions.js";
import { staffProblems } from "../contract/problems.js";
import { defineRoute, described, named } from "../contract/route.js";
import { integer, isoDay, rangeQuery, summaryCounts } from "./common.js";

const filter = () => z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(200)));
const range = rangeQuery();

const SatisfactionQuerySchema = z.object({
  from: range.from.check(z.meta({ example: "2026-09-01" })),
  to: range.to,
  interval: z._default(z.enum(["day", "week", "month", "quarter"]), "week"),
  groupBy: z.optional(z.enum(DIMENSIONS)),
  service: filter(),
  category: filter(),
  assignmentGroup: filter(),
  agent: filter(),
  supplier: filter(),
  priority: filter(),
  channel: filter(),
  slaBreached: z.optional(z.enum(["breached", "met"])),
  baselineFrom: z.optional(
    described(
      isoDay(),
      "Control-chart baseline start (default: the 26 weeks, 28 days, 12 months or 8 quarters before `from`; with too little history there, the range's first half)",
    ),
  ),
  baselineTo: z.optional(described(isoDay(), "Control-chart baseline end (default: see baselineFrom)")),
  limits: described(
    z._default(z.enum(["auto", "binomial", "laney"]), "auto"),
    "Binomial p-chart limits, Laney's p′ limits, or p′ only where the baseline is over-dispersed (auto)",
  ),
});

const SignalType = z.enum(["beyond-limits", "cusum-down", "cusum-up"]);

/** The figures of one bucket or of a whole range; a factory, as its fields carry descriptions. */
const summary = () => ({
  ...summaryCounts(),
  distribution: z.object({
    "1": z.number(),
    "2": z.number(),
    "3": z.number(),
    "4": z.number(),
    "5": z.number(),
  }),
  invited: z.nullable(z.number()),
  skipped: z.number(),
  responseRate: z.nullable(z.number()),
});

const BucketSchema = named(
  z.object({
    start: z.string(),
    ...summary(),
    control: z.object({
      ucl: z.nullable(z.number()),
      lcl: z.nullable(z.number()),
      cusum: described(
        z.nullable(z.object({ down: z.number(), up: z.number() })),
        "CUSUM statistics after this bucket, in standard errors; a signal above h",
      ),
      signals: z.array(SignalType),
    }),
  }),
  "SatisfactionBucket",
);

const ControlSchema = named(
  z.object({
    centre: z.nullable(z.number()),
    limits: z.enum(["binomial", "laney"]),
    sigmaFactor: described(
      z.number(),
      "Multiplier of the binomial standard error (Laney's sigma-Z under p′)",
    ),
    baseline: z.object({
      from: z.nullable(z.string()),
      to: z.nullable(z.string()),
      n: z.number(),
      source: z.enum(["requested", "before-range", "range-start", "whole-range"]),
      buckets: integer(),
      excluded: described(
        z.array(z.string()),
        "Baseline buckets beyond the baseline's own limits, left out (phase I)",
      ),
    }),
    dispersion: described(
      z.nullable(
        z.object({
          sigmaZ: z.number(),
          chiSquare: z.number(),
          degreesOfFreedom: integer(),
          pValue: z.number(),
          overDispersed: z.boolean(),
        }),
      ),
      "Whether the baseline varies beyond binomial chance; p′ limits apply when it does",
    ),
    rules: z.object({
      sigmas: z.number(),
      cusum: z.object({
        k: z.number(),
        h: z.number(),
        inControlArl: described(z.number(), "Two-sided, normal theory (Siegmund's approximation)"),
      }),
    }),
    falseAlarm: described(
      z.nullable(z.object({ rate: z.number(), cusumRate: z.number(), runs: integer(), points: integer() })),
      "Share of simulated stable charts of this length, baseline and rules with any signal",
    ),
    signals: z.array(z.object({ type: SignalType, start: z.string(), index: z.number() })),
  }),
  "ControlChart",
);

const SeriesSchema = z.object({
  value: z.optional(z.string()),
  buckets: z.array(BucketSchema),
  totals: z.object(summary()),
  control: ControlSchema,
});

const SatisfactionSchema = named(
  z.object({
    from: z.string(),
    to: z.string(),
    interval: z.string(),
    filters: z.record(z.string(), z.string()),
    groupBy: z.optional(z.string()),
    buckets: z.optional(z.array(BucketSchema)),
    totals: z.optional(z.object(summary())),
    control: z.optional(ControlSchema),
    series: z.optional(
      z.union([
        z.array(SeriesSchema),
        // The one series read: a dimension's value, within a service when a service filter narrows it.
        z.object({ dimension: z.string(), value: z.string(), service: z.optional(z.string()) }),
      ]),
    ),
  }),
  "Satisfaction",
);

/** Satisfaction over time, the staff app's first screen. */
export const metricsContracts = {
  readSatisfaction: defineRoute({
    operationId: "readSatisfaction",
    method: "get",
    path: "/api/v1/metrics/satisfaction",
    summary: "Satisfaction per bucket, filtered and grouped by ticket dimensions, with control-chart limits",
    tags: ["Metrics"],
    role: "analyst",
    query: SatisfactionQuerySchema,
    responses: {
      200: { description: "Buckets, or one series per value when grouped", schema: SatisfactionSchema },
      ...staffProblems,
    },
  }),
} as const;
