// hono/tiny: the pattern router alone; the connectors function serves four routes.
import { Hono } from "hono/tiny";
import { en } from "zod/locales";
import * as z from "zod/mini";
import type { StaffTokenVerifier } from "../adapters/auth/staff-token-verifier.js";
import type { ConnectorMappingRepository } from "../adapters/dynamo/connector-mapping-repository.js";
import type { AuditTrail } from "../app/audit/audit-trail.js";
import { auditStaffActions } from "./audit.js";
import type { StaffEnv } from "./auth.js";
import { type ConnectorIntakeDeps, registerConnectorRoutes } from "./connectors/connector-intake.js";
import { resourceApp } from "./contract/mount.js";
import { connectorsContracts } from "./contracts/connectors.js";
import { problem, toErrorResponse } from "./errors.js";
import { originGuard } from "./origin-guard.js";
import { connectorsHandlers } from "./routes/connectors.js";
import { registerIntakeRoutes } from "./routes/intake.js";

// The English messages the other apps give zod/mini's errors (see public-app.ts).
z.config(en());

/** What the connectors function's app calls. */
export interface ConnectorsAppDeps extends ConnectorIntakeDeps {
  /** The generic signed webhook's HMAC secret. */
  intakeSecret: string;
  connectorMappings: ConnectorMappingRepository;
  verifyStaff: StaffTokenVerifier;
  /** Where a head's change of a mapping is logged, as the staff API logs settings changes. */
  auditTrail: AuditTrail;
  /** On AWS: the secrets CloudFront sends in its origin header; when given, requests without one are refused. */
  originSecrets?: readonly string[] | undefined;
}

/**
 * The connectors function's app: every resolved ticket an ITSM tool delivers, through the generic signed webhook or
 * in the tool's own shape, and the staff routes over the connectors' mappings. Apart from the public function, so
 * that the requester's pages load no intake code, and from the staff function, whose bundle carries no connector's
 * defaults.
 */
export function createConnectorsApp(deps: ConnectorsAppDeps) {
  const app = new Hono<StaffEnv>();
  app.onError(toErrorResponse);
  app.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}`));
  if (deps.originSecrets) app.use("*", originGuard(deps.originSecrets));
  registerIntakeRoutes(app, deps);
  registerConnectorRoutes(app, deps);
  app.use("/api/v1/connectors/*", auditStaffActions(deps.auditTrail));
  app.route("/", resourceApp(connectorsContracts, connectorsHandlers(deps), deps.verifyStaff));
  return app;
}
