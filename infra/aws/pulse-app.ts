import { existsSync } from "node:fs";
import { join } from "node:path";
import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { AppStack } from "./app-stack.js";
import { REPO_ROOT } from "./bundles.js";
import { DataStack } from "./data-stack.js";

/** Where the built staff web app is expected. */
export const WEB_DIST = join(REPO_ROOT, "web", "dist");

const CROSS_STACK_REFERENCES = "@aws-cdk/core:defaultCrossStackReferences";

export interface PulseAppOptions {
  /** Passed to `App`: `outdir`, `context` and the like. */
  readonly appProps?: AppProps;
  /** Overrides the check for `web/dist`; `null` means deploy no web assets. */
  readonly webAssetsPath?: string | null;
}

export interface PulseApp {
  readonly app: App;
  readonly data: DataStack;
  readonly api: AppStack;
}

/**
 * Builds Pulse's CDK app: the stateful data stack, the stateless app stack, and cdk-nag's
 * AwsSolutions checks; it reads context and needs no AWS account or network.
 */
export function createPulseApp(options: PulseAppOptions = {}): PulseApp {
  const app = new App(options.appProps);
  // The data stack's exports are consumed by the app stack; say so explicitly rather than by default.
  if (app.node.tryGetContext(CROSS_STACK_REFERENCES) === undefined) {
    app.node.setContext(CROSS_STACK_REFERENCES, "strong");
  }
  const context = (key: string, fallback: string): string => {
    const value: unknown = app.node.tryGetContext(key);
    return typeof value === "string" && value !== "" ? value : fallback;
  };

  // Concrete account and region keep synth free of lookups; the dummies only ever reach a template.
  const env = {
    account: context("account", process.env.CDK_DEFAULT_ACCOUNT ?? "111111111111"),
    region: context("region", process.env.CDK_DEFAULT_REGION ?? "eu-central-1"),
  };
  const prefix = context("stackPrefix", "Pulse");
  const mailFrom = context("mailFrom", "pulse@example.com");
  const sesIdentity = context("sesIdentity", mailFrom.slice(mailFrom.lastIndexOf("@") + 1));

  const data = new DataStack(app, `${prefix}-Data`, {
    env,
    description: "Pulse: DynamoDB table and secrets (stateful)",
    terminationProtection: true,
  });
  const foundWebDist = existsSync(WEB_DIST) ? WEB_DIST : null;
  const webAssetsPath = options.webAssetsPath === undefined ? foundWebDist : options.webAssetsPath;
  const api = new AppStack(app, `${prefix}-App`, {
    env,
    description: "Pulse: functions, HTTP API, mail queue, schedules, web hosting, user pool",
    table: data.table,
    secrets: data.secrets,
    mailFrom,
    sesIdentity,
    orgTimezone: context("orgTimezone", "Europe/Warsaw"),
    authDomainPrefix: context("authDomainPrefix", `pulse-${env.account}`),
    ...(webAssetsPath ? { webAssetsPath } : {}),
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, api };
}
