import { z } from "@hono/zod-openapi";

const share = z.number().min(0).max(1);

const ThemeSchema = z.object({
  key: z
    .string()
    .openapi({ description: "Identifies the theme in `GET /api/v1/responses?theme=`; never shown" }),
  label: z.string().openapi({ description: "The theme as requesters most often wrote it" }),
  count: z.number().int().openapi({ description: "Comments that mention it" }),
  lowCount: z
    .number()
    .int()
    .openapi({ description: "Of those, comments with a low score (see lowScoreAtMost)" }),
  lowShare: share,
  weight: z
    .number()
    .openapi({ description: "count + lowCount: the rank, so that unhappy themes come before neutral ones" }),
  responseIds: z.array(z.string()),
  locales: z.array(z.string()),
  sample: z.array(z.string()),
  months: z.array(z.object({ month: z.string(), count: z.number().int() })),
});

const GrowthSchema = z.object({
  key: z.string(),
  label: z.string(),
  previousCount: z.number().int(),
  currentCount: z.number().int(),
  previousShare: share,
  currentShare: share,
  growth: z.number().openapi({ description: "currentShare - previousShare" }),
  pValue: z
    .number()
    .openapi({ description: "One-sided Fisher exact p-value of a rise in the share of comments" }),
  adjustedPValue: z.number().openapi({ description: "Benjamini–Hochberg adjusted over every theme tested" }),
  significant: z.boolean().openapi({ description: "adjustedPValue at most growthTest.falseDiscoveryRate" }),
});

/** The body of `GET /api/v1/themes`. */
export const ThemesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    service: z.string().nullable(),
    months: z.array(z.string()),
    comments: z.number().int(),
    responses: z.number().int().openapi({ description: "Rated responses, the base of the reason tags" }),
    lowScoreAtMost: z.number().int().openapi({ description: "Scores at or below this are low" }),
    themes: z.array(ThemeSchema),
    reasons: z.array(
      z.object({ reason: z.string(), count: z.number().int(), lowCount: z.number().int(), lowShare: share }),
    ),
    comparison: z.object({
      from: z.string(),
      to: z.string(),
      months: z.array(z.string()),
      comments: z.number().int(),
    }),
    growthTest: z.object({
      method: z.string(),
      minCount: z.number().int(),
      falseDiscoveryRate: z.number(),
      tested: z
        .number()
        .int()
        .openapi({ description: "Themes tested, each with at least minCount mentions" }),
      significant: z.number().int(),
    }),
    growing: z.array(GrowthSchema).openapi({ description: "Themes whose share rose, most convincing first" }),
  })
  .openapi("Themes");

/** What `GET /api/v1/themes` returns, for the web app. */
export type ThemesBody = z.infer<typeof ThemesSchema>;
