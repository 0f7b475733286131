import { Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { CachePolicy, OriginRequestPolicy } from "aws-cdk-lib/aws-cloudfront";
import { beforeAll, describe, expect, it } from "vitest";
import { createTableInput, TABLE } from "../../functions/src/adapters/dynamo/table.js";
import { OUTBOUND_MAX_ATTEMPTS } from "../../functions/src/app/outbound/outbound-timing.js";
import { LAMBDA_ENTRIES } from "../../infra/aws/bundles.js";
import { nagErrors, type SynthResult, synthPulse, unmatchedAcknowledgements } from "./synth-pulse.js";

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let pulse: SynthResult;
let data: Template;
let api: Template;

beforeAll(() => {
  pulse = synthPulse({ webAssetsPath: null });
  data = Template.fromStack(pulse.data);
  api = Template.fromStack(pulse.api);
}, 180_000);

function only(template: Template, type: string): Resource {
  const found = Object.values(template.findResources(type)) as Resource[];
  expect(found, `exactly one ${type}`).toHaveLength(1);
  return found[0] as Resource;
}

function all(template: Template, type: string): Resource[] {
  return Object.values(template.findResources(type)) as Resource[];
}

const byName = (a: { AttributeName?: string }, b: { AttributeName?: string }) =>
  String(a.AttributeName).localeCompare(String(b.AttributeName));

describe("The data stack's table", () => {
  it("has exactly the keys, attributes and indexes that table.ts defines", () => {
    const expected = createTableInput("any");
    const table = only(data, "AWS::DynamoDB::Table").Properties;

    expect(table.KeySchema).toEqual(expected.KeySchema);
    expect([...(table.AttributeDefinitions as [])].sort(byName)).toEqual(
      [...(expected.AttributeDefinitions ?? [])].sort(byName),
    );
    expect(table.GlobalSecondaryIndexes).toEqual(expected.GlobalSecondaryIndexes);
    expect(table.BillingMode).toBe(expected.BillingMode);
  });

  it("expires items by the TTL attribute and streams the images that table.ts names", () => {
    const table = only(data, "AWS::DynamoDB::Table").Properties;

    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.ttlAttribute, Enabled: true });
    expect(table.StreamSpecification).toEqual({ StreamViewType: TABLE.stream });
  });

  it("survives mistakes: point-in-time recovery, deletion protection, retained on stack removal, encrypted", () => {
    const table = only(data, "AWS::DynamoDB::Table");

    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe("Retain");
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
  });

  it("keeps a secret that is generated at deploy with both intakeSecret and linkSecret", () => {
    const secret = all(data, "AWS::SecretsManager::Secret").find(
      (s) =>
        (s.Properties.GenerateSecretString as { GenerateStringKey?: string } | undefined)
          ?.GenerateStringKey === "intakeSecret",
    );
    const generate = secret?.Properties.GenerateSecretString as Record<string, unknown>;
    const template = JSON.stringify(generate.SecretStringTemplate);

    expect(generate.GenerateStringKey).toBe("intakeSecret");
    expect(template).toContain('\\"linkSecret\\":\\"{{resolve:secretsmanager:');
    expect(secret?.DeletionPolicy).toBe("Retain");
  });

  it("keeps the connectors' secrets in a secret of their own, empty until each tool's secret is put there", () => {
    const secret = all(data, "AWS::SecretsManager::Secret").find((s) =>
      String(s.Properties.Description).includes("ITSM connector"),
    );

    expect(secret?.Properties.SecretString).toBe("{}");
    expect(secret?.Properties.GenerateSecretString).toBeUndefined();
    expect(secret?.DeletionPolicy).toBe("Retain");
  });
});

describe("The app stack's functions", () => {
  it("are the entries (all but the all-in-one http), each on arm64 with a Node.js 22-or-newer runtime and tracing", () => {
    const functions = all(api, "AWS::Lambda::Function");

    expect(functions.map((f) => f.Properties.Description)).toHaveLength(
      Object.keys(LAMBDA_ENTRIES).filter((entry) => entry !== "http").length,
    );
    for (const fn of functions) {
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
      const major = Number(/^nodejs(\d+)\.x$/.exec(String(fn.Properties.Runtime))?.[1]);
      expect(major).toBeGreaterThanOrEqual(22);
      expect(fn.Properties.TracingConfig).toEqual({ Mode: "Active" });
      expect(fn.Properties.MemorySize).toBe(512);
      expect(fn.Properties.Handler).toBe("index.handler");
    }
  });

  it("carry the environment the app reads, with the mail queue only where mail is enqueued", () => {
    const env = (description: string) => {
      const fn = all(api, "AWS::Lambda::Function").find((f) =>
        String(f.Properties.Description).startsWith(description),
      );
      const environment = fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined;
      return environment?.Variables ?? {};
    };
    const common = [
      "TABLE_NAME",
      "MAIL_TRANSPORT",
      "MAIL_FROM",
      "PUBLIC_BASE_URL",
      "AUTH_ISSUER",
      "AUTH_AUDIENCE",
      "ORG_TIMEZONE",
      "NODE_OPTIONS",
      "POWERTOOLS_SERVICE_NAME",
      "POWERTOOLS_METRICS_NAMESPACE",
      "POWERTOOLS_LOG_LEVEL",
    ];

    const staffAuth = ["AUTH_ISSUER", "AUTH_AUDIENCE"];
    for (const name of [
      "Pulse public",
      "Pulse connectors",
      "Pulse staff",
      "Pulse mailer",
      "Pulse scheduled",
      "Pulse mail events",
    ]) {
      const expected = name === "Pulse public" ? common.filter((key) => !staffAuth.includes(key)) : common;
      expect(Object.keys(env(name))).toEqual(expect.arrayContaining(expected));
      expect(env(name)).toMatchObject({
        MAIL_TRANSPORT: "ses",
        MAIL_FROM: "pulse@example.com",
        ORG_TIMEZONE: "Europe/Warsaw",
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: "pulse",
        POWERTOOLS_METRICS_NAMESPACE: "Pulse",
        POWERTOOLS_LOG_LEVEL: "INFO",
      });
    }
    // Intake enqueues invitations, and intake is the connectors function's alone.
    expect(env("Pulse public")).not.toHaveProperty("MAIL_QUEUE_URL");
    expect(env("Pulse staff")).not.toHaveProperty("MAIL_QUEUE_URL");
    // The public paths verify no staff token.
    expect(env("Pulse public")).not.toHaveProperty("AUTH_ISSUER");
    expect(env("Pulse scheduled")).toHaveProperty("MAIL_QUEUE_URL");
    expect(env("Pulse mailer")).not.toHaveProperty("MAIL_QUEUE_URL");
    // The connectors function takes every intake: it enqueues invitations, checks the generic webhook's signature
    // with the intake secret, and reads the connectors' own secrets.
    expect(env("Pulse connectors")).toHaveProperty("MAIL_QUEUE_URL");
    expect(env("Pulse connectors")).toHaveProperty("PULSE_CONNECTOR_SECRETS_ARN");
    expect(env("Pulse connectors")).toHaveProperty("PULSE_ORIGIN_SECRET_ARN");
    expect(env("Pulse connectors")).toHaveProperty("PULSE_SECRETS_ARN");
    for (const name of ["Pulse public", "Pulse staff", "Pulse mailer"]) {
      expect(env(name)).not.toHaveProperty("PULSE_CONNECTOR_SECRETS_ARN");
    }
    // Only the functions that sign or derive links read the secrets; only the API checks the origin header.
    for (const name of ["Pulse public", "Pulse staff"]) {
      expect(env(name)).toHaveProperty("PULSE_SECRETS_ARN");
      expect(env(name)).toHaveProperty("PULSE_ORIGIN_SECRET_ARN");
    }
    expect(env("Pulse mailer")).toHaveProperty("PULSE_SECRETS_ARN");
    expect(env("Pulse mailer")).toHaveProperty("MAIL_CONFIGURATION_SET");
    // Only the functions that seal or open webhook credentials know where the field keys are.
    expect(env("Pulse webhooks API")).toHaveProperty("PULSE_FIELD_KEYS_ARN");
    expect(env("Pulse outbound")).toHaveProperty("PULSE_FIELD_KEYS_ARN");
    for (const name of [
      "Pulse public",
      "Pulse connectors",
      "Pulse staff",
      "Pulse mailer",
      "Pulse scheduled",
    ]) {
      expect(env(name)).not.toHaveProperty("PULSE_FIELD_KEYS_ARN");
    }
    expect(env("Pulse scheduled")).not.toHaveProperty("PULSE_SECRETS_ARN");
    expect(env("Pulse mail events")).not.toHaveProperty("PULSE_SECRETS_ARN");
    expect(JSON.stringify(env("Pulse staff").AUTH_ISSUER)).toContain("https://cognito-idp.eu-central-1.");
  });

  it("reach the table and its named indexes without an index wildcard", () => {
    const statements = all(api, "AWS::IAM::Policy").flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> }).Statement,
    );
    const tableStatements = statements.filter((s) => JSON.stringify(s.Action).includes("dynamodb:"));
    const resources = JSON.stringify(tableStatements.map((s) => s.Resource));

    // One statement per function: each reaches the table with its own list of actions.
    expect(tableStatements).toHaveLength(all(api, "AWS::Lambda::Function").length);
    for (const index of Object.values(TABLE.indexes)) expect(resources).toContain(`/index/${index.name}`);
    expect(resources).not.toContain("/index/*");
  });

  it("let the mailer send through SES only as the sender's address, on its identity and configuration set", () => {
    api.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: "ses:SendEmail",
            Resource: [
              { "Fn::Join": ["", Match.arrayWith([":ses:eu-central-1:111111111111:identity/example.com"])] },
              { "Fn::Join": ["", Match.arrayWith([":ses:eu-central-1:111111111111:configuration-set/"])] },
            ],
            Condition: { StringEquals: { "ses:FromAddress": "pulse@example.com" } },
          }),
        ]),
      },
    });
  });
});

describe("The outbound queue", () => {
  it("feeds the outbound function in batches with partial failures, and dead-letters only after every try", () => {
    const queues = api.findResources("AWS::SQS::Queue");
    const outbound = Object.entries(queues).find(([id]) => id.startsWith("OutboundQueue"))?.[1];
    const redrive = outbound?.Properties.RedrivePolicy as {
      maxReceiveCount: number;
      deadLetterTargetArn: unknown;
    };
    expect(redrive.maxReceiveCount).toBe(OUTBOUND_MAX_ATTEMPTS + 1);
    const dlqLogicalId = (redrive.deadLetterTargetArn as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    expect(dlqLogicalId).toMatch(/^MonitoringOutboundDeadLetterQueue/);
    api.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("is filled by the public, staff and webhooks functions, and only public receivers are reached", () => {
    const env = (description: string) => {
      const fn = all(api, "AWS::Lambda::Function").find((f) =>
        String(f.Properties.Description).startsWith(description),
      );
      return (
        (fn?.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {}
      );
    };
    for (const name of ["Pulse public", "Pulse staff", "Pulse webhooks"]) {
      expect(env(name)).toHaveProperty("OUTBOUND_QUEUE_URL");
    }
    expect(env("Pulse mailer")).not.toHaveProperty("OUTBOUND_QUEUE_URL");
    expect(env("Pulse outbound")).toMatchObject({ WEBHOOK_TARGETS: "public" });
    expect(env("Pulse webhooks")).toMatchObject({ WEBHOOK_TARGETS: "public" });
  });
});

describe("The mail queue", () => {
  it("moves a message to a dead-letter queue after five failed receives", () => {
    const queues = api.findResources("AWS::SQS::Queue");
    const mailQueue = Object.entries(queues).find(([id]) => id.startsWith("MailQueue"))?.[1];
    const redrive = mailQueue?.Properties.RedrivePolicy as {
      maxReceiveCount: number;
      deadLetterTargetArn: unknown;
    };
    expect(redrive.maxReceiveCount).toBe(5);
    const dlqLogicalId = (redrive.deadLetterTargetArn as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    expect(Object.keys(queues)).toContain(dlqLogicalId);
  });

  it("encrypts every queue and refuses requests without TLS", () => {
    for (const queue of all(api, "AWS::SQS::Queue")) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = all(api, "AWS::SQS::QueuePolicy");
    expect(policies).toHaveLength(all(api, "AWS::SQS::Queue").length);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("feeds the mailer no faster than the default SES send rate of 14 a second, accepting partial batch failures", () => {
    // Two invocations at most (Lambda's floor for SQS), seven mails each: 14 mails a batch-second.
    api.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 7,
      ScalingConfig: { MaximumConcurrency: 2 },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });
});

describe("The schedules", () => {
  it.each([
    ["send-reminders", "cron(0 9 * * ? *)"],
    ["monthly-digest", "cron(0 7 1 * ? *)"],
    ["retention-sweep", "cron(0 3 * * ? *)"],
    ["sweep-invitations", "cron(0/15 * * * ? *)"],
  ])("run %s at %s with its job as input, retries and a dead-letter queue", (job, expression) => {
    const schedule = all(api, "AWS::Scheduler::Schedule").find(
      (s) => (s.Properties.Target as { Input: string }).Input === JSON.stringify({ job }),
    );

    expect(schedule?.Properties.ScheduleExpression).toBe(expression);
    if (expression.startsWith("cron"))
      expect(schedule?.Properties.ScheduleExpressionTimezone).toBe("Europe/Warsaw");
    const target = schedule?.Properties.Target as Record<string, unknown>;
    expect(JSON.stringify(target.Arn)).toContain("ScheduledFunction");
    expect(target.DeadLetterConfig).toBeDefined();
    expect(target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3 });
  });
});

describe("Web hosting", () => {
  it("routes /api/* and /s/* to the HTTP API, uncached, with all viewer headers except Host", () => {
    const distribution = only(api, "AWS::CloudFront::Distribution").Properties.DistributionConfig as {
      CacheBehaviors: Array<Record<string, unknown>>;
      Origins: Array<{ Id: string; CustomOriginConfig?: { OriginProtocolPolicy: string } }>;
    };
    const apiOrigin = distribution.Origins.find((o) => o.CustomOriginConfig);

    const apiBehaviors = distribution.CacheBehaviors.filter((b) => b.PathPattern !== "/api/openapi.json");
    expect(apiBehaviors.map((b) => b.PathPattern).sort()).toEqual(["/api/*", "/s/*"]);
    for (const behavior of apiBehaviors) {
      expect(behavior.TargetOriginId).toBe(apiOrigin?.Id);
      expect(behavior.CachePolicyId).toBe(CachePolicy.CACHING_DISABLED.cachePolicyId);
      expect(behavior.OriginRequestPolicyId).toBe(
        OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
      );
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(["POST", "PUT", "PATCH", "DELETE"]));
    }
    expect(apiOrigin?.CustomOriginConfig?.OriginProtocolPolicy).toBe("https-only");
  });

  it("serves the OpenAPI document from the web bucket, ahead of the API's own behaviour", () => {
    const distribution = only(api, "AWS::CloudFront::Distribution").Properties.DistributionConfig as {
      CacheBehaviors: Array<{ PathPattern: string; TargetOriginId: string }>;
      DefaultCacheBehavior: { TargetOriginId: string };
    };
    const patterns = distribution.CacheBehaviors.map((b) => b.PathPattern);
    const document = distribution.CacheBehaviors.find((b) => b.PathPattern === "/api/openapi.json");

    expect(document?.TargetOriginId).toBe(distribution.DefaultCacheBehavior.TargetOriginId);
    expect(patterns.indexOf("/api/openapi.json")).toBeLessThan(patterns.indexOf("/api/*"));
  });

  it("serves the staff app from a bucket reached only through origin access control", () => {
    const distribution = only(api, "AWS::CloudFront::Distribution").Properties.DistributionConfig as {
      Origins: Array<{ S3OriginConfig?: unknown; OriginAccessControlId?: unknown }>;
      DefaultCacheBehavior: { ResponseHeadersPolicyId?: unknown };
    };
    const s3Origin = distribution.Origins.find((o) => o.S3OriginConfig);

    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toBeDefined();
    api.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
  });

  it("keeps every bucket private, TLS-only and encrypted, and the web bucket versioned", () => {
    const buckets = api.findResources("AWS::S3::Bucket");
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
    }
    const webBucketId = Stack.of(pulse.api).getLogicalId(
      pulse.api.node.findChild("WebBucket").node.defaultChild as never,
    );
    expect(buckets[webBucketId]?.Properties.VersioningConfiguration).toEqual({ Status: "Enabled" });
    for (const policy of all(api, "AWS::S3::BucketPolicy")) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("has no bucket deployment when web/dist is absent", () => {
    api.resourceCountIs("Custom::CDKBucketDeployment", 0);
  });
});

describe("The HTTP API", () => {
  it("sends every route to the one Hono function through $default, throttled and access-logged", () => {
    api.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "$default" });
    api.hasResourceProperties("AWS::ApiGatewayV2::Integration", {
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
    });
    const stage = only(api, "AWS::ApiGatewayV2::Stage").Properties;
    expect(stage.StageName).toBe("$default");
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 });
    expect(stage.AccessLogSettings).toMatchObject({ Format: expect.stringContaining("$context.requestId") });
  });

  it("gives the requester pages and intake routes of their own with their own throttles, apart from the stage's budget", () => {
    api.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "ANY /s/{proxy+}" });
    api.hasResourceProperties("AWS::ApiGatewayV2::Route", { RouteKey: "POST /api/v1/tickets/resolved" });
    const stage = only(api, "AWS::ApiGatewayV2::Stage").Properties;
    expect(stage.RouteSettings).toMatchObject({
      "ANY /s/{proxy+}": { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
      "POST /api/v1/tickets/resolved": { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
    });
  });

  it("sends every intake, generic or through a connector, and the mapping routes to the connectors function, throttled on their own", () => {
    const [functionId] =
      Object.entries(api.findResources("AWS::Lambda::Function")).find(([, f]) =>
        String(f.Properties?.Description).startsWith("Pulse connectors"),
      ) ?? [];
    const integrations = api.findResources("AWS::ApiGatewayV2::Integration");
    const routes = all(api, "AWS::ApiGatewayV2::Route");
    for (const key of [
      "POST /api/v1/tickets/resolved",
      "POST /api/v1/tickets/resolved/{connector}",
      "ANY /api/v1/connectors/{proxy+}",
    ]) {
      const target = JSON.stringify(routes.find((r) => r.Properties.RouteKey === key)?.Properties.Target);
      const integration = Object.entries(integrations).find(([id]) => target.includes(id))?.[1];
      expect(JSON.stringify(integration?.Properties?.IntegrationUri), key).toContain(String(functionId));
    }
    const stage = only(api, "AWS::ApiGatewayV2::Stage").Properties;
    expect(stage.RouteSettings).toMatchObject({
      "POST /api/v1/tickets/resolved/{connector}": { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 50 },
    });
  });
});

describe("The user pool", () => {
  it("admits only users that an admin creates, with strong passwords and TOTP MFA", () => {
    const pool = only(api, "AWS::Cognito::UserPool").Properties;

    expect(pool.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(pool.MfaConfiguration).toBe("ON");
    expect(pool.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(pool.Policies).toMatchObject({
      PasswordPolicy: {
        MinimumLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercase: true,
      },
    });
  });

  it("has the groups analyst, manager and head, and a public client using SRP and the code flow", () => {
    const groups = all(api, "AWS::Cognito::UserPoolGroup").map((g) => g.Properties.GroupName);
    const client = only(api, "AWS::Cognito::UserPoolClient").Properties;

    expect(groups.sort()).toEqual(["analyst", "head", "manager"]);
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(["code"]);
    expect(client.ExplicitAuthFlows).toEqual(expect.arrayContaining(["ALLOW_USER_SRP_AUTH"]));
  });
});

describe("Outputs", () => {
  it("do not publish the execute-api endpoint, which only CloudFront may call", () => {
    expect(JSON.stringify(api.findOutputs("*"))).not.toContain("execute-api");
  });

  it("name the URLs, the pool ids and the table", () => {
    expect(Object.keys(api.findOutputs("*"))).toEqual(
      expect.arrayContaining([
        "WebUrl",
        "ApiUrl",
        "IntakeUrl",
        "UserPoolId",
        "UserPoolClientId",
        "AuthIssuer",
      ]),
    );
    expect(Object.keys(data.findOutputs("*"))).toEqual(expect.arrayContaining(["TableName", "SecretsArn"]));
  });
});

describe("cdk-nag AwsSolutions and ServerlessChecks", () => {
  it("report no unacknowledged error on either stack", () => {
    expect(pulse.failure).toBeUndefined();
    expect(nagErrors(pulse)).toEqual([]);
  });

  it("have no acknowledgement that matches no finding", () => {
    expect(unmatchedAcknowledgements(pulse)).toEqual([]);
  });
});
