import type { StaffTokenVerifier } from "../adapters/auth/staff-token-verifier.js";
import type { AuditTrail } from "../app/audit/audit-trail.js";
import type { ManageWebhooks } from "../app/outbound/manage-webhooks.js";
import { resourceApp } from "./contract/mount.js";
import { webhooksContracts } from "./contracts/webhooks.js";
import { webhooksHandlers } from "./routes/webhooks.js";
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
  app.route("/", resourceApp(webhooksContracts, webhooksHandlers(deps), deps.verifyStaff));
  return app;
}
