import { OpenAPIHono } from "@hono/zod-openapi";
import { Hono } from "hono";
import type { StaffTokenVerifier } from "../adapters/auth/staff-token-verifier.js";
import type { AuditTrail } from "../app/audit/audit-trail.js";
import type { WorkFollowUps } from "../app/follow-ups/work-follow-ups.js";
import type { Backlog } from "../app/initiatives/backlog.js";
import type { ManageInitiatives } from "../app/initiatives/manage-initiatives.js";
import type { RegisterCsv } from "../app/initiatives/register-csv.js";
import type { ReadSatisfaction } from "../app/metrics/read-satisfaction.js";
import type { Clock, SettingsRepository } from "../app/ports.js";
import type { RequesterData } from "../app/requesters/requester-data.js";
import type { SurveyPolicy } from "../domain/survey-policy.js";
import { apiDocument } from "./api-document.js";
import { auditStaffActions } from "./audit.js";
import type { StaffEnv } from "./auth.js";
import { mountRoutes } from "./contract/mount.js";
import { problem, toErrorResponse, validationHook } from "./errors.js";
import { originGuard } from "./origin-guard.js";
import { type AnalyticsUseCases, analyticsRoutes } from "./routes/analytics.js";
import { auditRoutes } from "./routes/audit.js";
import { registerDigestRoutes } from "./routes/digest.js";
import { registerFollowUpRoutes } from "./routes/follow-ups.js";
import { registerInitiativeRoutes } from "./routes/initiatives.js";
import { registerMetricsRoutes } from "./routes/metrics.js";
import { registerRequesterRoutes } from "./routes/requesters.js";
import { registerResponseImportRoutes } from "./routes/response-import.js";
import { registerSurveySettingsRoutes } from "./routes/survey-settings.js";

/** What the staff API calls: its use cases and the staff token check, built once by the composition root. */
export interface StaffAppDeps {
  readSatisfaction: ReadSatisfaction;
  verifyStaff: StaffTokenVerifier;
  clock: Clock;
  timeZone: string;
  manageInitiatives: ManageInitiatives;
  backlog: Backlog;
  registerCsv: RegisterCsv;
  workFollowUps: WorkFollowUps;
  analytics: AnalyticsUseCases;
  settings: SettingsRepository & { saveSurveyPolicy(policy: SurveyPolicy): Promise<void> };
  requesterData: RequesterData;
  auditTrail: AuditTrail;
  /** On AWS: the secrets CloudFront sends in its origin header; when given, requests without one are refused. */
  originSecrets?: readonly string[] | undefined;
}

/**
 * The staff API's app: every `/api/v1` route behind a staff token, and `/api/openapi.json`, which documents the public
 * routes too (intake from the same schemas the public function validates with).
 */
export function createStaffApp(deps: StaffAppDeps) {
  const app = new Hono<StaffEnv>();
  // Routes not yet described by a contract of their own, documented by @hono/zod-openapi.
  const legacy = new OpenAPIHono({ defaultHook: validationHook });
  legacy.onError(toErrorResponse);
  app.onError(toErrorResponse);
  app.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}`));
  if (deps.originSecrets) app.use("*", originGuard(deps.originSecrets));

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.use("/api/v1/*", auditStaffActions(deps.auditTrail));
  registerMetricsRoutes(legacy, deps);
  registerInitiativeRoutes(legacy, deps);
  registerFollowUpRoutes(legacy, deps);
  registerResponseImportRoutes(legacy, { ...deps.analytics, verifyStaff: deps.verifyStaff });
  registerDigestRoutes(legacy, { ...deps.analytics, verifyStaff: deps.verifyStaff });
  registerSurveySettingsRoutes(legacy, deps);
  registerRequesterRoutes(legacy, deps);
  app.route("/", legacy);
  mountRoutes(app, deps.verifyStaff, [
    ...analyticsRoutes({ ...deps.analytics, clock: deps.clock, timeZone: deps.timeZone }),
    ...auditRoutes(deps),
  ]);

  app.get("/api/openapi.json", (c) => {
    const legacyDocument = legacy.getOpenAPI31Document({
      openapi: "3.1.0",
      info: { title: "", version: "" },
    });
    const document = apiDocument();
    return c.json({
      ...document,
      paths: { ...legacyDocument.paths, ...document.paths },
      components: {
        ...document.components,
        schemas: { ...legacyDocument.components?.schemas, ...document.components.schemas },
      },
    });
  });
  return app;
}
