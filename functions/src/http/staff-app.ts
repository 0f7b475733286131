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
import { resourceApp } from "./contract/mount.js";
import { analyticsContracts } from "./contracts/analytics.js";
import { auditContracts } from "./contracts/audit.js";
import { digestContracts } from "./contracts/digest.js";
import { followUpsContracts } from "./contracts/follow-ups.js";
import { initiativeContracts } from "./contracts/initiatives.js";
import { metricsContracts } from "./contracts/metrics.js";
import { requestersContracts } from "./contracts/requesters.js";
import { responseImportContracts } from "./contracts/response-import.js";
import { surveySettingsContracts } from "./contracts/survey-settings.js";
import { problem, toErrorResponse } from "./errors.js";
import { originGuard } from "./origin-guard.js";
import { type AnalyticsUseCases, analyticsHandlers } from "./routes/analytics.js";
import { auditHandlers } from "./routes/audit.js";
import { digestHandlers } from "./routes/digest.js";
import { followUpsHandlers } from "./routes/follow-ups.js";
import { initiativeHandlers } from "./routes/initiatives.js";
import { metricsHandlers } from "./routes/metrics.js";
import { requestersHandlers } from "./routes/requesters.js";
import { responseImportHandlers } from "./routes/response-import.js";
import { surveySettingsHandlers } from "./routes/survey-settings.js";

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
  // One sub-app per resource, from its contracts and their handlers, in the order of STAFF_CONTRACTS
  // (contracts/index.ts), which the document lists. Each route carries its own role check (resourceApp).
  const { verifyStaff } = deps;
  const analytics = { ...deps.analytics, clock: deps.clock, timeZone: deps.timeZone };
  app
    .route("/", resourceApp(metricsContracts, metricsHandlers(deps), verifyStaff))
    .route("/", resourceApp(initiativeContracts, initiativeHandlers(deps), verifyStaff))
    .route("/", resourceApp(followUpsContracts, followUpsHandlers(deps), verifyStaff))
    .route("/", resourceApp(analyticsContracts, analyticsHandlers(analytics), verifyStaff))
    .route("/", resourceApp(responseImportContracts, responseImportHandlers(deps.analytics), verifyStaff))
    .route("/", resourceApp(digestContracts, digestHandlers(deps.analytics), verifyStaff))
    .route("/", resourceApp(surveySettingsContracts, surveySettingsHandlers(deps), verifyStaff))
    .route("/", resourceApp(requestersContracts, requestersHandlers(deps), verifyStaff))
    .route("/", resourceApp(auditContracts, auditHandlers(deps), verifyStaff));
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
