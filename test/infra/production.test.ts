import { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { ORIGIN_VERIFY_HEADER } from "../../infra/aws/app-stack.js";
import { EDGE_RATE_LIMITS } from "../../infra/aws/edge-stack.js";
import { MAX_MAIL_BATCH, mailerPolling } from "../../infra/aws/mail-throughput.js";
import { authDomainPrefixFor } from "../../infra/aws/pulse-app.js";
import { ASSUMPTIONS } from "../bench/sections/cost-model.js";
import { nagErrors, type SynthResult, synthPulse, unmatchedAcknowledgements } from "./synth-pulse.js";

type Resource = { Type: string; Properties: Record<string, unknown> };
type Statement = { Action: string | string[]; Resource: unknown; Condition?: unknown };

// What these tests look at is the templates, not the bundles, so they skip bundling to stay fast.
const NO_BUNDLING = { "aws:cdk:bundling-stacks": [] };
const PRODUCTION = {
  ...NO_BUNDLING,
  mailFrom: '"Acme IT, Service Desk" <desk@it.acme.com>',
  sesIdentity: "acme.com",
  alarmEmail: "ops@acme.com",
  sesSendRate: "50",
  waf: "true",
  domainName: "pulse.acme.com",
  certificateArn: "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d",
  hostedZoneId: "Z0123456789",
  hostedZoneName: "acme.com",
};

const LOGS_AND_TRACES = [
  "logs:CreateLogStream",
  "logs:PutLogEvents",
  "xray:PutTelemetryRecords",
  "xray:PutTraceSegments",
];
/** Each function's role, exactly: the calls its code makes, and nothing more. */
const EXPECTED_ACTIONS: Record<string, string[]> = {
  public: [
    ...LOGS_AND_TRACES,
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
    "secretsmanager:GetSecretValue",
    "sqs:SendMessage",
  ],
  connectors: [
    ...LOGS_AND_TRACES,
    "dynamodb:BatchGetItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
    "secretsmanager:GetSecretValue",
    "sqs:SendMessage",
  ],
  staff: [
    ...LOGS_AND_TRACES,
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
    "secretsmanager:GetSecretValue",
    // Follow-up and initiative events for the outbound function.
    "sqs:SendMessage",
  ],
  mailer: [
    ...LOGS_AND_TRACES,
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
    "secretsmanager:GetSecretValue",
    "ses:SendEmail",
    // What Lambda's SQS poller needs to receive, hide and delete the mailer's messages.
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ReceiveMessage",
  ],
  scheduled: [
    ...LOGS_AND_TRACES,
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:UpdateItem",
    "sqs:SendMessage",
  ],
  "mail-events": [...LOGS_AND_TRACES, "dynamodb:UpdateItem", "sqs:SendMessage"],
  outbound: [
    ...LOGS_AND_TRACES,
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
    // The field keys, which open each webhook's signing secret and ITSM credentials.
    "secretsmanager:GetSecretValue",
    // Lambda's SQS poller; the function itself lengthens the visibility of what it failed (its backoff).
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:GetQueueUrl",
    "sqs:ReceiveMessage",
  ],
  webhooks: [
    ...LOGS_AND_TRACES,
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
    "secretsmanager:GetSecretValue",
    // Redeliveries for the outbound function.
    "sqs:SendMessage",
  ],
};

let plain: SynthResult;
let production: SynthResult;
let api: Template;
let productionApi: Template;

beforeAll(() => {
  plain = synthPulse({ webAssetsPath: null, context: NO_BUNDLING });
  production = synthPulse({ webAssetsPath: null, context: PRODUCTION });
  api = Template.fromStack(plain.api);
  productionApi = Template.fromStack(production.api);
}, 180_000);

function resources(template: Template, type: string): Resource[] {
  return Object.values(template.findResources(type)) as Resource[];
}

function statementsOf(result: SynthResult, name: keyof typeof EXPECTED_ACTIONS): Statement[] {
  const fn = result.api.functions[name as keyof SynthResult["api"]["functions"]];
  const roleId = Stack.of(result.api).getLogicalId(fn.role.node.defaultChild as never);
  return resources(Template.fromStack(result.api), "AWS::IAM::Policy")
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}

const actionsOf = (statements: Statement[]) =>
  [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();

describe("Each function's role", () => {
  it.each(Object.keys(EXPECTED_ACTIONS))("%s holds exactly the actions its code calls", (name) => {
    expect(actionsOf(statementsOf(plain, name))).toEqual([...(EXPECTED_ACTIONS[name] ?? [])].sort());
  });

  it("has no wildcard resource except X-Ray's, which takes none", () => {
    for (const name of Object.keys(EXPECTED_ACTIONS)) {
      for (const statement of statementsOf(plain, name)) {
        if (statement.Resource === "*")
          expect([statement.Action].flat().every((a) => a.startsWith("xray:"))).toBe(true);
      }
    }
  });

  it("lets only the mailer call SES, and no function scan but those that erase or sweep personal data", () => {
    const callers = (action: string) =>
      Object.keys(EXPECTED_ACTIONS).filter((name) => actionsOf(statementsOf(plain, name)).includes(action));

    expect(callers("ses:SendEmail")).toEqual(["mailer"]);
    expect(callers("dynamodb:Scan")).toEqual(["staff", "scheduled"]);
    expect(callers("secretsmanager:GetSecretValue")).toEqual([
      "public",
      "connectors",
      "staff",
      "mailer",
      "outbound",
      "webhooks",
    ]);
  });

  it("lets only the webhooks and outbound functions read the keys that seal webhook credentials", () => {
    const readers = Object.keys(EXPECTED_ACTIONS).filter((name) =>
      statementsOf(plain, name).some(
        (statement) =>
          [statement.Action].flat().includes("secretsmanager:GetSecretValue") &&
          JSON.stringify(statement.Resource).includes("FieldKeys"),
      ),
    );
    expect(readers).toEqual(["outbound", "webhooks"]);
    const fieldKeys = resources(Template.fromStack(plain.data), "AWS::SecretsManager::Secret").find(
      (secret) =>
        (secret.Properties.GenerateSecretString as { GenerateStringKey?: string } | undefined)
          ?.GenerateStringKey === "v1",
    );
    expect(fieldKeys?.Properties.GenerateSecretString).toMatchObject({
      SecretStringTemplate: "{}",
      PasswordLength: 64,
    });
  });
});

describe("Alarms", () => {
  it("watch every dead-letter queue, firing on the first message", () => {
    const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
      Stack.of(plain.api).getLogicalId(construct.node.defaultChild as never);
    const mailQueueId = logicalId(plain.api.mailQueue);
    const outboundQueueId = logicalId(plain.api.outboundQueue);
    const deadLetterIds = plain.api.monitoring.deadLetterQueues.map(logicalId).sort();
    const alarmed = resources(api, "AWS::CloudWatch::Alarm")
      .filter((a) => a.Properties.MetricName === "ApproximateNumberOfMessagesVisible")
      .map((a) => {
        expect(a.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: "GreaterThanThreshold" });
        return JSON.stringify(a.Properties.Dimensions).match(/"Fn::GetAtt":\["([^"]+)"/)?.[1];
      })
      .sort();
    const redrive = api.findResources("AWS::SQS::Queue")[mailQueueId]?.Properties.RedrivePolicy as {
      deadLetterTargetArn: { "Fn::GetAtt": [string] };
    };

    // Every queue but the mail and outbound queues is a dead-letter queue: those two queues', the schedules', the
    // scheduled and mail-events functions' failure destinations.
    expect(
      Object.keys(api.findResources("AWS::SQS::Queue"))
        .filter((id) => id !== mailQueueId && id !== outboundQueueId)
        .sort(),
    ).toEqual(deadLetterIds);
    expect(deadLetterIds).toHaveLength(5);
    expect(deadLetterIds).toContain(redrive.deadLetterTargetArn["Fn::GetAtt"][0]);
    expect(alarmed).toEqual(deadLetterIds);
  });

  it("watch each function's errors and throttles, the API's 5xx rate and SES bounce and complaint rates", () => {
    const alarms = resources(api, "AWS::CloudWatch::Alarm");
    const byMetric = (metric: string) => alarms.filter((a) => a.Properties.MetricName === metric);

    const functions = resources(api, "AWS::Lambda::Function").length;
    expect(byMetric("Errors")).toHaveLength(functions);
    expect(byMetric("Throttles")).toHaveLength(functions);
    expect(byMetric("Reputation.BounceRate")[0]?.Properties).toMatchObject({ Threshold: 0.05 });
    expect(byMetric("Reputation.ComplaintRate")[0]?.Properties).toMatchObject({ Threshold: 0.001 });
    const fiveHundreds = alarms.find((a) => JSON.stringify(a.Properties.Metrics ?? "").includes("5xx"));
    expect(fiveHundreds?.Properties).toMatchObject({ Threshold: 5, EvaluationPeriods: 3 });
  });

  it("all notify the one alarm topic, which mails the address given as context", () => {
    const topicIds = Object.keys(productionApi.findResources("AWS::SNS::Topic"));
    for (const alarm of resources(productionApi, "AWS::CloudWatch::Alarm")) {
      const actions = JSON.stringify(alarm.Properties.AlarmActions);
      expect(topicIds.some((id) => actions.includes(id))).toBe(true);
    }
    productionApi.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@acme.com",
    });
    expect(resources(api, "AWS::SNS::Subscription").some((s) => s.Properties.Protocol === "email")).toBe(
      false,
    );
  });

  it("sit beside one dashboard, and the scheduled function's failed runs go to an alarmed queue", () => {
    api.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    const invokeConfigs = resources(api, "AWS::Lambda::EventInvokeConfig");
    const scheduledId = Stack.of(plain.api).getLogicalId(
      plain.api.functions.scheduled.function.node.defaultChild as never,
    );
    const scheduled = invokeConfigs.find((c) =>
      JSON.stringify(c.Properties.FunctionName).includes(scheduledId),
    );
    expect(scheduled?.Properties.DestinationConfig).toMatchObject({
      OnFailure: { Destination: expect.anything() },
    });
  });
});

describe("Mail on SES", () => {
  it("verifies the sender's domain with Easy DKIM and sends through a configuration set that requires TLS", () => {
    api.hasResourceProperties("AWS::SES::EmailIdentity", {
      EmailIdentity: "example.com",
      DkimAttributes: { SigningEnabled: true },
    });
    api.hasResourceProperties("AWS::SES::ConfigurationSet", {
      DeliveryOptions: { TlsPolicy: "REQUIRE" },
      ReputationOptions: { ReputationMetricsEnabled: true },
    });
    expect(Object.keys(api.findOutputs("*")).filter((o) => o.includes("DkimRecord"))).toHaveLength(3);
  });

  it("publishes bounces and complaints to a topic that the mail-events function reads, with a dead-letter queue", () => {
    api.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      EventDestination: { Enabled: true, MatchingEventTypes: ["bounce", "complaint"] },
    });
    const lambdaSubscription = resources(api, "AWS::SNS::Subscription").find(
      (s) => s.Properties.Protocol === "lambda",
    );
    expect(lambdaSubscription?.Properties.RedrivePolicy).toBeDefined();
  });

  it("grants sending as the address parsed from a display-name sender, and writes DKIM into the hosted zone", () => {
    const ses = statementsOf(production, "mailer").find((s) => s.Action === "ses:SendEmail");

    expect(ses?.Condition).toEqual({ StringEquals: { "ses:FromAddress": "desk@it.acme.com" } });
    expect(JSON.stringify(ses?.Resource)).toContain(":identity/acme.com");
    expect(
      resources(productionApi, "AWS::Route53::RecordSet").filter((r) => r.Properties.Type === "CNAME"),
    ).toHaveLength(3);
  });

  it("refuses at synth an SES identity that does not cover the sender, and a sender that is no address", () => {
    expect(() =>
      synthPulse({ webAssetsPath: null, context: { ...NO_BUNDLING, sesIdentity: "other.com" } }),
    ).toThrow(/does not cover the sender pulse@example.com/);
    expect(() =>
      synthPulse({ webAssetsPath: null, context: { ...NO_BUNDLING, mailFrom: "Pulse pulse@x" } }),
    ).toThrow(/MAIL_FROM/);
  });

  it("caps the mailer at the SES send rate given as context", () => {
    productionApi.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: 10,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe("The mailer's polling", () => {
  it.each([14, 15, 20, 50, 99, 200, 1000])(
    "never exceeds %i mails a second, and never drains slower than needed",
    (rate) => {
      const { batchSize, maxConcurrency } = mailerPolling(rate);

      expect(batchSize * maxConcurrency).toBeLessThanOrEqual(rate);
      expect(batchSize).toBeLessThanOrEqual(MAX_MAIL_BATCH);
      expect(maxConcurrency).toBeGreaterThanOrEqual(2);
      // Within a batch or an invocation of the rate: no large share of the send rate is given away.
      expect(batchSize * maxConcurrency).toBeGreaterThan(rate - Math.max(batchSize, maxConcurrency));
    },
  );

  it("refuses a send rate below what two invocations need", () => {
    expect(() => mailerPolling(1)).toThrow(/sesSendRate/);
    expect(() => mailerPolling(Number.NaN)).toThrow(/sesSendRate/);
  });
});

describe("The edge", () => {
  it("adds the secret origin header to every API request, from the origin secret, never in clear", () => {
    const distribution = resources(api, "AWS::CloudFront::Distribution")[0]?.Properties
      .DistributionConfig as {
      Origins: Array<{
        CustomOriginConfig?: unknown;
        OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }>;
      }>;
    };
    const apiOrigin = distribution.Origins.find((o) => o.CustomOriginConfig);
    const header = apiOrigin?.OriginCustomHeaders?.find((h) => h.HeaderName === ORIGIN_VERIFY_HEADER);

    expect(JSON.stringify(header?.HeaderValue)).toMatch(
      /\{\{resolve:secretsmanager:.*:SecretString:originSecret::\}\}/,
    );
  });

  it("keeps the origin secret apart from the intake and link secrets, so rotating it regenerates neither", () => {
    const data = Template.fromStack(plain.data);
    const generated = resources(data, "AWS::SecretsManager::Secret").map(
      // The connectors' secret is generated by none: each tool's secret is put there by hand.
      (s) =>
        (s.Properties.GenerateSecretString as { GenerateStringKey?: string } | undefined)?.GenerateStringKey,
    );
    expect(generated).toEqual(expect.arrayContaining(["intakeSecret", "originSecret"]));
  });

  it("with a custom domain, serves it with TLS 1.2 and its certificate, and mail links carry it", () => {
    const config = resources(productionApi, "AWS::CloudFront::Distribution")[0]?.Properties
      .DistributionConfig as {
      Aliases: string[];
      ViewerCertificate: Record<string, unknown>;
      WebACLId?: unknown;
    };
    const http = resources(productionApi, "AWS::Lambda::Function").find((f) =>
      String(f.Properties.Description).startsWith("Pulse public"),
    );

    expect(config.Aliases).toEqual(["pulse.acme.com"]);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: PRODUCTION.certificateArn,
      MinimumProtocolVersion: "TLSv1.2_2021",
    });
    expect(http?.Properties.Environment).toMatchObject({
      Variables: { PUBLIC_BASE_URL: "https://pulse.acme.com" },
    });
    const aliases = resources(productionApi, "AWS::Route53::RecordSet").filter(
      (r) => r.Properties.AliasTarget,
    );
    expect(aliases.map((r) => r.Properties.Type).sort()).toEqual(["A", "AAAA"]);
    expect(config.WebACLId).toBeDefined();
  });

  it("with waf=true, puts a CLOUDFRONT web ACL in us-east-1 with per-address rate limits on /s/ and the intake", () => {
    expect(production.edge?.region).toBe("us-east-1");
    const edge = Template.fromStack(production.edge as Stack);
    const acl = resources(edge, "AWS::WAFv2::WebACL")[0]?.Properties as {
      Scope: string;
      Rules: Array<{ Statement: { RateBasedStatement: { Limit: number; ScopeDownStatement: unknown } } }>;
    };

    expect(acl.Scope).toBe("CLOUDFRONT");
    const limited = acl.Rules.map((r) => ({
      limit: r.Statement.RateBasedStatement.Limit,
      path: JSON.stringify(r.Statement.RateBasedStatement.ScopeDownStatement).match(
        /"SearchString":"([^"]+)"/,
      )?.[1],
    }));
    expect(limited).toEqual(Object.values(EDGE_RATE_LIMITS));
    expect(plain.edge).toBeUndefined();
  });
});

describe("Two environments in one account", () => {
  it("synthesise side by side with different prefixes and no name that clashes", () => {
    const staging = synthPulse({
      webAssetsPath: null,
      context: { ...NO_BUNDLING, stackPrefix: "PulseStaging" },
    });
    // Physical names that must be unique in an account (and region); an absent one is generated per stack.
    const NAME_PROPERTIES = [
      "Domain",
      "Name",
      "QueueName",
      "TopicName",
      "FunctionName",
      "RoleName",
      "LogGroupName",
      "AlarmName",
      "DashboardName",
      "ConfigurationSetName",
      "UserPoolName",
      "BucketName",
      "SecretName",
    ];
    const names = (result: SynthResult) => {
      const fixed = [result.data, result.api].flatMap((stack) =>
        Object.values(Template.fromStack(stack).toJSON().Resources as Record<string, Resource>).flatMap((r) =>
          NAME_PROPERTIES.flatMap((key) => {
            const value = r.Properties?.[key];
            // A reference names another resource of the same stack; API Gateway names need not be unique.
            if (typeof value !== "string" || r.Type === "AWS::ApiGatewayV2::Api") return [];
            return [`${r.Type}.${key}=${value}`];
          }),
        ),
      );
      const domain = resources(Template.fromStack(result.api), "AWS::Cognito::UserPoolDomain")[0]?.Properties
        .Domain;
      return { domain, fixed };
    };

    expect(staging.failure).toBeUndefined();
    expect(staging.api.stackName).toBe("PulseStaging-App");
    expect(names(staging).domain).not.toBe(names(plain).domain);
    expect(names(staging).domain).toBe(authDomainPrefixFor("PulseStaging", "111111111111", "eu-central-1"));
    expect(names(plain).fixed.length).toBeGreaterThan(0);
    expect(names(staging).fixed.filter((name) => names(plain).fixed.includes(name))).toEqual([]);
  });

  it("derive a Cognito prefix Cognito accepts: lower case, no reserved words, at most 63 characters", () => {
    for (const prefix of ["Pulse", "AWS-Pulse", "My Amazon Cognito Pulse", "P".repeat(80)]) {
      const derived = authDomainPrefixFor(prefix, "123456789012", "eu-west-1");
      expect(derived).toMatch(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/);
      expect(derived).not.toMatch(/aws|amazon|cognito/);
      expect(derived.length).toBeLessThanOrEqual(63);
    }
  });
});

describe("cdk-nag with every option on", () => {
  it("reports no unacknowledged error and no acknowledgement without a finding", () => {
    expect(production.failure).toBeUndefined();
    expect(nagErrors(production)).toEqual([]);
    expect(unmatchedAcknowledgements(production)).toEqual([]);
  });
});

describe("The bench's cost model", () => {
  it("counts the secrets and alarms the stack synthesises with its defaults", () => {
    const all = [plain.data, plain.api, ...(plain.edge ? [plain.edge] : [])].map((stack) =>
      Template.fromStack(stack),
    );
    const count = (type: string) => all.reduce((sum, template) => sum + resources(template, type).length, 0);
    expect({
      secrets: count("AWS::SecretsManager::Secret"),
      alarms: count("AWS::CloudWatch::Alarm"),
    }).toEqual({
      secrets: ASSUMPTIONS.secrets,
      alarms: ASSUMPTIONS.alarms,
    });
  });
});
