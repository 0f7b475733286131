import { Hono } from "hono";
import type { ConnectorMappingRepository } from "../adapters/dynamo/connector-mapping-repository.js";
import { API_DOCUMENT_PATH, apiDocument } from "./api-document.js";
import { type ConnectorIntakeDeps, registerConnectorRoutes } from "./connectors/connector-intake.js";
import { resourceApp } from "./contract/mount.js";
import { connectorsContracts } from "./contracts/connectors.js";
import { webhooksContracts } from "./contracts/webhooks.js";
import type { PublicAppDeps } from "./public-app.js";
import { registerPublicRoutes } from "./public-app.js";
import { connectorsHandlers } from "./routes/connectors.js";
import { registerIntakeRoutes } from "./routes/intake.js";
import { webhooksHandlers } from "./routes/webhooks.js";
import { createStaffApp, type StaffAppDeps } from "./staff-app.js";
import type { WebhooksAppDeps } from "./webhooks-app.js";

/** Everything the HTTP layer calls: use cases and the staff token check, built once by the composition root. */
export type AppDeps = PublicAppDeps &
  StaffAppDeps &
  ConnectorIntakeDeps &
  Pick<WebhooksAppDeps, "manageWebhooks"> & {
    connectorMappings: ConnectorMappingRepository;
    intakeSecret: string;
  };

/**
 * One app made of every function's routes, for the local server and the all-in-one handler: on AWS the requester
 * pages, the staff API and intake are three functions (handlers/public.ts, handlers/staff.ts, handlers/connectors.ts)
 * built from the same route modules.
 */
export function createApp(deps: AppDeps) {
  const app = createStaffApp(deps);
  // On AWS the connectors function serves these staff routes, so the staff function carries no connector's defaults.
  app.route("/", resourceApp(connectorsContracts, connectorsHandlers(deps), deps.verifyStaff));
  // On AWS the webhook routes are a function of their own (handlers/webhooks.ts); here they join the staff API.
  app.route("/", resourceApp(webhooksContracts, webhooksHandlers(deps), deps.verifyStaff));
  const publicRoutes = new Hono();
  registerPublicRoutes(publicRoutes, deps);
  // On AWS every intake, generic or through a connector, is a function of its own (handlers/connectors.ts).
  registerIntakeRoutes(publicRoutes, deps);
  registerConnectorRoutes(publicRoutes, deps);
  app.route("/", publicRoutes);
  // On AWS this document is a file beside the staff app; here the one server answers everything.
  app.get(API_DOCUMENT_PATH, (c) => c.json(apiDocument()));
  return app;
}

export type PulseApp = ReturnType<typeof createApp>;
