// hono/tiny: the pattern router alone, the smallest of Hono's routers; a few dozen routes need no more.
import { Hono } from "hono/tiny";
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
import { auditStaffActions } from "./audit.js";
import type { StaffEnv } from "./auth.js";
import { mountRoutes } from "./contract/mount.js";
import { problem, toErrorResponse } from "./errors.js";
import { originGuard } from "./origin-guard.js";
import { type AnalyticsUseCases, analyticsRoutes } from "./routes/analytics.js";
import { auditRoutes } from "./routes/audit.js";
import { digestRoutes } from "./routes/digest.js";
import { followUpsRoutes } from "./routes/follow-ups.js";
import { initiativeRoutes } from "./routes/initiatives.js";
import { metricsRoutes } from "./routes/metrics.js";
import { requestersRoutes } from "./routes/requesters.js";
import { responseImportRoutes } from "./routes/response-import.js";
import { surveySettingsRoutes } from "./routes/survey-settings.js";

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
 * The staff API's app: every `/api/v1` route behind a staff token, each mounted from its contract. The OpenAPI
 * document is built from the same contracts (api-document.ts): a file beside the staff app on AWS, served by the
 * local server.
 */
export function createStaffApp(deps: StaffAppDeps) {
  const app = staffAppShell(deps);
  // The order of STAFF_CONTRACTS (contracts/index.ts), which the document lists.
  mountRoutes(app, deps.verifyStaff, [
    ...metricsRoutes(deps),
    ...initiativeRoutes(deps),
    ...followUpsRoutes(deps),
    ...analyticsRoutes({ ...deps.analytics, clock: deps.clock, timeZone: deps.timeZone }),
    ...responseImportRoutes(deps.analytics),
    ...digestRoutes(deps.analytics),
    ...surveySettingsRoutes(deps),
    ...requestersRoutes(deps),
    ...auditRoutes(deps),
  ]);
  return app;
}

/**
 * What every app behind a staff token starts with: the one error mapping, the origin check on AWS, a health route
 * and the audit of staff actions. The staff API and the webhooks function (its own, so the staff function stays
 * within its size) both start from it.
 */
export function staffAppShell(deps: Pick<StaffAppDeps, "auditTrail" | "originSecrets">) {
  const app = new Hono<StaffEnv>();
  app.onError(toErrorResponse);
  app.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}`));
  if (deps.originSecrets) app.use("*", originGuard(deps.originSecrets));

  app.get("/health", (c) => c.json({ status: "ok" }));
  app.use("/api/v1/*", auditStaffActions(deps.auditTrail));
  return app;
}
