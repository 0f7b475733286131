import { Hono } from "hono";
import { API_DOCUMENT_PATH, apiDocument } from "./api-document.js";
import { mountRoutes } from "./contract/mount.js";
import type { PublicAppDeps } from "./public-app.js";
import { registerPublicRoutes } from "./public-app.js";
import { webhooksRoutes } from "./routes/webhooks.js";
import { createStaffApp, type StaffAppDeps } from "./staff-app.js";
import type { WebhooksAppDeps } from "./webhooks-app.js";

/** Everything the HTTP layer calls: use cases and the staff token check, built once by the composition root. */
export type AppDeps = PublicAppDeps & StaffAppDeps & Pick<WebhooksAppDeps, "manageWebhooks">;

/**
 * One app made of both functions' routes, for the local server and the all-in-one handler: on AWS the public routes
 * and the staff API are two functions (handlers/public.ts, handlers/staff.ts) built from the same route modules.
 */
export function createApp(deps: AppDeps) {
  const app = createStaffApp(deps);
  // On AWS the webhook routes are a function of their own (handlers/webhooks.ts); here they join the staff API.
  mountRoutes(app, deps.verifyStaff, webhooksRoutes(deps));
  const publicRoutes = new Hono();
  registerPublicRoutes(publicRoutes, deps);
  app.route("/", publicRoutes);
  // On AWS this document is a file beside the staff app; here the one server answers everything.
  app.get(API_DOCUMENT_PATH, (c) => c.json(apiDocument()));
  return app;
}

export type PulseApp = ReturnType<typeof createApp>;
