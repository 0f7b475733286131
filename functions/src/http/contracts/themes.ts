import * as z from "zod/mini";
import { described, named } from "../contract/route.js";
import { integer } from "./common.js";

const share = () => z.number().check(z.minimum(0), z.maximum(1));

const ThemeSchema = z.object({
  key: described(z.string(), "Identifies the theme in `GET /api/v1/responses?theme=`; never shown"),
  label: described(z.string(), "The theme as requesters most often wrote it"),
  count: described(integer(), "Comments that mention it"),
  lowCount: described(integer(), "Of those, comments with a low score (see lowScoreAtMost)"),
  lowShare: share(),
  weight: described(
    z.number(),
    "count + lowCount: the rank, so that unhappy themes come before neutral ones",
  ),
  responseIds: z.array(z.string()),
  locales: z.array(z.string()),
  sample: z.array(z.string()),
  months: z.array(z.object({ month: z.string(), count: integer() })),
});

const GrowthSchema = z.object({
  key: z.string(),
  label: z.string(),
  previousCount: integer(),
  currentCount: integer(),
  previousShare: share(),
  currentShare: share(),
  growth: described(z.number(), "currentShare - previousShare"),
  pValue: described(z.number(), "One-sided Fisher exact p-value of a rise in the share of comments"),
  adjustedPValue: described(z.number(), "Benjamini–Hochberg adjusted over every theme tested"),
  significant: described(z.boolean(), "adjustedPValue at most growthTest.falseDiscoveryRate"),
});

/** The body of `GET /api/v1/themes`. */
export const ThemesSchema = named(
  z.object({
    from: z.string(),
    to: z.string(),
    service: z.nullable(z.string()),
    months: z.array(z.string()),
    comments: integer(),
    responses: described(integer(), "Rated responses, the base of the reason tags"),
    lowScoreAtMost: described(integer(), "Scores at or below this are low"),
    themes: z.array(ThemeSchema),
    reasons: z.array(
      z.object({ reason: z.string(), count: integer(), lowCount: integer(), lowShare: share() }),
    ),
    comparison: z.object({
      from: z.string(),
      to: z.string(),
      months: z.array(z.string()),
      comments: integer(),
    }),
    growthTest: z.object({
      method: z.string(),
      minCount: integer(),
      falseDiscoveryRate: z.number(),
      tested: described(integer(), "Themes tested, each with at least minCount mentions"),
      significant: integer(),
    }),
    growing: described(z.array(GrowthSchema), "Themes whose share rose, most convincing first"),
  }),
  "Themes",
);

/** What `GET /api/v1/themes` returns, for the web app. */
export type ThemesBody = z.output<typeof ThemesSchema>;
