import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { App, type AppProps, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import { parseSenderAddress } from "../../functions/src/domain/sender-address.js";
import { AppStack } from "./app-stack.js";
import { REPO_ROOT } from "./bundles.js";
import { DataStack } from "./data-stack.js";
import { EdgeStack } from "./edge-stack.js";

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
  /** The us-east-1 stack of the web ACL, with context `waf=true`. */
  readonly edge?: EdgeStack;
}

/** SES's lowest send rate once an account has left the sandbox (mails per second). */
export const DEFAULT_SES_SEND_RATE = 14;

/**
 * The Cognito hosted-UI prefix: unique per region across all accounts, so it carries a hash of the account, region
 * and stack prefix (two environments fit one account); Cognito refuses "aws", "amazon" and "cognito" in it.
 */
export function authDomainPrefixFor(stackPrefix: string, account: string, region: string): string {
  const hash = createHash("sha256").update(`${account}/${region}/${stackPrefix}`).digest("hex").slice(0, 10);
  const name = stackPrefix
    .toLowerCase()
    .replace(/aws|amazon|cognito/g, "")
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${name || "pulse"}-${hash}`;
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
    // `-c key=value` gives strings, cdk.json may give numbers and booleans: read them all as text.
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    return typeof value === "string" && value !== "" ? value : fallback;
  };

  // Concrete account and region keep synth free of lookups; the dummies only ever reach a template.
  const env = {
    account: context("account", process.env.CDK_DEFAULT_ACCOUNT ?? "111111111111"),
    region: context("region", process.env.CDK_DEFAULT_REGION ?? "eu-central-1"),
  };
  const prefix = context("stackPrefix", "Pulse");
  const mailFrom = context("mailFrom", "pulse@example.com");
  // The same parser as the functions', so the grant and the From header name the same address.
  const sender = parseSenderAddress(mailFrom);
  const sesIdentity = context("sesIdentity", sender.domain);
  const sesSendRate = Number(context("sesSendRate", String(DEFAULT_SES_SEND_RATE)));
  const optional = (key: string) => {
    const value = context(key, "");
    return value === "" ? undefined : value;
  };
  const domainName = optional("domainName");
  const certificateArn = optional("certificateArn");
  if ((domainName === undefined) !== (certificateArn === undefined)) {
    throw new Error("Context domainName and certificateArn (an ACM certificate in us-east-1) go together");
  }
  const hostedZoneId = optional("hostedZoneId");
  const hostedZoneName = optional("hostedZoneName") ?? domainName;
  const waf = context("waf", "false") === "true";
  const edge = waf
    ? new EdgeStack(app, `${prefix}-Edge`, {
        env: { account: env.account, region: "us-east-1" },
        description: "Pulse: the CloudFront web ACL (CLOUDFRONT scope lives in us-east-1)",
        crossRegionReferences: true,
      })
    : undefined;
  const webAclArn = edge?.webAclArn ?? optional("webAclArn");
  const alarmEmail = optional("alarmEmail");
  const logLevel = optional("logLevel");
  const originSecretVersionId = optional("originSecretVersionId");

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
    originSecret: data.originSecret,
    connectorSecrets: data.connectorSecrets,
    fieldKeys: data.fieldKeys,
    mailFrom,
    sender,
    sesIdentity,
    sesSendRate,
    orgTimezone: context("orgTimezone", "Europe/Warsaw"),
    authDomainPrefix: context("authDomainPrefix", authDomainPrefixFor(prefix, env.account, env.region)),
    ...(webAssetsPath ? { webAssetsPath } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(logLevel ? { logLevel } : {}),
    ...(originSecretVersionId ? { originSecretVersionId } : {}),
    ...(webAclArn ? { webAclArn } : {}),
    ...(edge ? { crossRegionReferences: true } : {}),
    ...(domainName && certificateArn
      ? {
          customDomain: {
            domainName,
            certificateArn,
            ...(hostedZoneId && hostedZoneName
              ? { hostedZone: { hostedZoneId, zoneName: hostedZoneName } }
              : {}),
          },
        }
      : {}),
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
  return { app, data, api, ...(edge ? { edge } : {}) };
}
