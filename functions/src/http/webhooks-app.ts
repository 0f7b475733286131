import type { StaffTokenVerifier } from "../adapters/auth/staff-token-verifier.js";
import type { AuditTrail } from "../app/audit/audit-trail.js";
import type { ManageWebhooks } from "../app/outbound/manage-webhooks.js";
import { mountRoutes } from "./contract/mount.js";
import { webhooksRoutes } from "./routes/webhooks.js";
import { staffAppShell } from "./staff-app.js";

/** What the webhook routes call: the use case, the staff token check and the audit trail. */
export interface WebhooksAppDeps {
  manageWebhooks: ManageWebhooks;
  verifyStaff: StaffTokenVerifier;
  auditTrail: AuditTrail;
  originSecrets?: readonly string[] | undefined;
}

/** The webhook routes as an app of their own: the webhooks function on AWS serves `/api/v1/webhooks` with it. */
export function createWebhooksApp(deps: WebhooksAppDeps) {
  const app = staffAppShell(deps);
  mountRoutes(app, deps.verifyStaff, webhooksRoutes(deps));
  return app;
}
