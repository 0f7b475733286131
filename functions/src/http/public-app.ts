// hono/tiny: the pattern router alone, the smallest of Hono's routers, for the handful of public routes.
import { Hono } from "hono/tiny";
import { en } from "zod/locales";
import * as z from "zod/mini";
import type { RespondToSurvey } from "../app/surveys/respond-to-survey.js";
import { problem, toErrorResponse } from "./errors.js";
import { originGuard } from "./origin-guard.js";
import type { Organisation } from "./pages/page-layout.js";
import { registerSurveyPages } from "./routes/survey-pages.js";

// zod/mini carries no messages of its own: these are the English ones that the staff API's zod gives its errors. Set
// when this module loads, so they also name what is wrong with the configuration read at cold start.
z.config(en());

/** What the public routes call: the requester's answers, nothing of intake or the staff API. */
export interface PublicAppDeps {
  respond: RespondToSurvey;
  timeZone: string;
  /** Who the requester pages say is asking, and where to get help. */
  organisation: Organisation;
  /** On AWS: the secrets CloudFront sends in its origin header; when given, requests without one are refused. */
  originSecrets?: readonly string[] | undefined;
}

/** Adds the public routes (the requester pages and their opt-out) to an app. */
export function registerPublicRoutes(app: Hono, deps: PublicAppDeps) {
  registerSurveyPages(app, deps);
}

/**
 * The public function's app: the `/s/*` pages, the paths a requester waits on, without ticket intake (the connectors
 * function takes every delivery from an ITSM tool), staff auth or the OpenAPI machinery, so that it loads fast on a
 * cold start.
 */
export function createPublicApp(deps: PublicAppDeps) {
  const app = new Hono();
  app.onError(toErrorResponse);
  app.notFound((c) => problem(c, 404, `No route for ${c.req.method} ${c.req.path}`));
  if (deps.originSecrets) app.use("*", originGuard(deps.originSecrets));
  app.get("/health", (c) => c.json({ status: "ok" }));
  registerPublicRoutes(app, deps);
  return app;
}
