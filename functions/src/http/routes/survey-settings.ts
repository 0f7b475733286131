import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { StaffTokenVerifier } from "../../adapters/auth/staff-token-verifier.js";
import type { SettingsRepository } from "../../app/ports.js";
import type { SurveyPolicy } from "../../domain/survey-policy.js";
import { requireRole } from "../auth.js";
import { jsonOk, staffProblems } from "./problem-schema.js";
import { storableNumber } from "./query-schemas.js";

const SurveyPolicySchema = z
  .object({
    throttleDays: storableNumber()
      .min(0)
      .max(365)
      .openapi({ description: "At most one invitation per requester in this many days" }),
    sampleRate: storableNumber()
      .min(0)
      .max(1)
      .openapi({ description: "Share of eligible tickets that are surveyed" }),
    expiryDays: z.number().int().min(1).max(90).openapi({ description: "Days a survey link stays open" }),
    scannerWindowSeconds: z.number().int().min(0).max(600).openapi({
      description: "Automatic confirmations of different scores this close together count as a mail scanner",
    }),
    followUpThreshold: z
      .number()
      .int()
      .min(0)
      .max(4)
      .openapi({ description: "Ratings at or below open a follow-up case" }),
  })
  .strict()
  .openapi("SurveyPolicy");

const path = "/api/v1/settings/survey-policy";

/** GET (analyst+) and PUT (head) of the survey policy: throttling, sampling, expiry, scanner window, follow-up threshold. */
export function registerSurveySettingsRoutes(
  app: OpenAPIHono,
  deps: {
    settings: SettingsRepository & { saveSurveyPolicy(policy: SurveyPolicy): Promise<void> };
    verifyStaff: StaffTokenVerifier;
  },
) {
  app.openapi(
    createRoute({
      method: "get",
      path,
      summary: "The survey policy in force",
      tags: ["Settings"],
      security: [{ bearer: [] }],
      middleware: [requireRole(deps.verifyStaff, "analyst")],
      "x-pulse-role": "analyst",
      responses: {
        200: { description: "The policy", content: { "application/json": { schema: SurveyPolicySchema } } },
        ...staffProblems,
      },
    }),
    async (c) => c.json(await deps.settings.getSurveyPolicy(), 200),
  );
  app.openapi(
    createRoute({
      method: "put",
      path,
      summary: "Change the survey policy (heads); applies to tickets reported from now on",
      tags: ["Settings"],
      security: [{ bearer: [] }],
      middleware: [requireRole(deps.verifyStaff, "head")],
      "x-pulse-role": "head",
      request: { body: { content: { "application/json": { schema: SurveyPolicySchema } }, required: true } },
      responses: {
        ...jsonOk("The policy now in force", SurveyPolicySchema),
        ...staffProblems,
      },
    }),
    async (c) => {
      const policy = c.req.valid("json");
      await deps.settings.saveSurveyPolicy(policy);
      return c.json(policy, 200);
    },
  );
}
