import { spawnSync } from "node:child_process";
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { type IRole, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import {
  Architecture,
  Code,
  type IDestination,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { TABLE } from "../../../functions/src/adapters/dynamo/table.js";
import { LAMBDA_ENTRIES, LAMBDA_NODE_MAJOR, type LambdaEntryName, REPO_ROOT } from "../bundles.js";

/**
 * The DynamoDB actions a function may be granted; a transaction is authorised per item through the action of each
 * of its parts (`PutItem`, `UpdateItem`, `DeleteItem`, `ConditionCheckItem`), so there is no transaction action.
 */
export type TableAction =
  | "dynamodb:GetItem"
  | "dynamodb:BatchGetItem"
  | "dynamodb:Query"
  | "dynamodb:Scan"
  | "dynamodb:ConditionCheckItem"
  | "dynamodb:PutItem"
  | "dynamodb:UpdateItem"
  | "dynamodb:DeleteItem"
  | "dynamodb:BatchWriteItem";

/** The table's ARN and one ARN per index named in table.ts, instead of CDK's `index/*` wildcard. */
function tableAndIndexArns(table: ITable): string[] {
  return [
    table.tableArn,
    ...Object.values(TABLE.indexes).map((index) => `${table.tableArn}/index/${index.name}`),
  ];
}

/**
 * The function's code, bundled at synth by infra/aws/bundle-build.ts: the same esbuild call, options and plugins as
 * `npm run bundle`, so the size it reports is what is deployed. Skipped like any asset when the stack needs no bundling.
 */
function bundledCode(entry: LambdaEntryName): Code {
  return Code.fromAsset(`${REPO_ROOT}functions/handlers`, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always runs, since synth already needs Node and the repository's dependencies.
      image: DockerImage.fromRegistry("public.ecr.aws/docker/library/node:22"),
      local: {
        tryBundle(outputDir) {
          const built = spawnSync(
            process.execPath,
            ["--import", "tsx", `${REPO_ROOT}infra/aws/bundle-build.ts`, entry, outputDir],
            { cwd: REPO_ROOT, stdio: "inherit" },
          );
          if (built.status !== 0) throw new Error(`Bundling ${LAMBDA_ENTRIES[entry]} failed`);
          return true;
        },
      },
    },
  });
}

/** Powertools' service name, the `service` dimension of every Pulse metric. */
export const POWERTOOLS_SERVICE_NAME = "pulse";
/** The CloudWatch namespace of Pulse's own metrics (EMF, written by Powertools Metrics). */
export const PULSE_METRICS_NAMESPACE = "Pulse";

/** An on-failure destination that may only send to its queue (CDK's SqsDestination also grants two reads). */
function sendOnlyDestination(queue: IQueue): IDestination {
  return {
    bind(_scope, fn) {
      fn.addToRolePolicy(new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] }));
      return { destination: queue.queueArn };
    },
  };
}

/** The Lambda runtime matching `LAMBDA_NODE_MAJOR`; raising one means raising the other. */
export const PULSE_RUNTIME: Runtime = Runtime.NODEJS_22_X;

export interface PulseFunctionProps {
  /** Which entry of `LAMBDA_ENTRIES` this function runs. */
  readonly entry: LambdaEntryName;
  readonly description: string;
  /** The one table; the construct sets `TABLE_NAME` and grants the actions named here on it and its indexes. */
  readonly table: ITable;
  /** Exactly the DynamoDB calls this function's code makes (see the least-privilege test in test/infra). */
  readonly tableActions: readonly TableAction[];
  /** IANA time zone of the organisation, given to the function as `ORG_TIMEZONE`. */
  readonly orgTimezone: string;
  /** When given, `PULSE_SECRETS_ARN` is set and `GetSecretValue` granted on it. */
  readonly secrets?: ISecret;
  /** When given, `PULSE_FIELD_KEYS_ARN` is set and `GetSecretValue` granted on it: the function seals or opens credentials. */
  readonly fieldKeys?: ISecret;
  /** When given, `MAIL_QUEUE_URL` is set and `SendMessage` granted on it. */
  readonly mailQueue?: IQueue;
  /** When given, `OUTBOUND_QUEUE_URL` is set and `SendMessage` granted on it: the function announces events. */
  readonly outboundQueue?: IQueue;
  /**
   * Where an asynchronous invocation that failed every retry goes (a queue that is alarmed), or why the function
   * is never invoked asynchronously (API Gateway and SQS call it synchronously).
   */
  readonly asyncFailures: { readonly queue: IQueue } | { readonly notInvokedAsynchronously: string };
  /** Powertools' log level (`POWERTOOLS_LOG_LEVEL`). @default INFO */
  readonly logLevel?: string;
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * Every Pulse Lambda function: bundled by esbuild with the shared options, arm64, Node 22, X-Ray,
 * its own log group and a role that holds only what the props ask for.
 */
export class PulseFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IRole;
  readonly logGroup: LogGroup;

  /** Grants `GetSecretValue` on one secret, the only Secrets Manager call Pulse makes. */
  allowSecretRead(secret: ISecret): void {
    this.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [secret.secretArn] }),
    );
  }

  constructor(scope: Construct, id: string, props: PulseFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, "Logs", {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An own role instead of the AWSLambdaBasicExecutionRole managed policy, whose log rights span
    // every log group in the account; this one may write to its own group only.
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Runs the Pulse ${props.entry} function`,
    });
    this.logGroup.grantWrite(role);
    this.role = role;

    this.function = new LambdaFunction(this, "Function", {
      code: bundledCode(props.entry),
      handler: "index.handler",
      description: props.description,
      runtime: PULSE_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup: this.logGroup,
      role,
      ...("queue" in props.asyncFailures
        ? { onFailure: sendOnlyDestination(props.asyncFailures.queue), retryAttempts: 2 }
        : {}),
      environment: {
        TABLE_NAME: props.table.tableName,
        ORG_TIMEZONE: props.orgTimezone,
        NODE_OPTIONS: "--enable-source-maps",
        // Powertools for AWS Lambda reads these: one service and one metrics namespace for every function.
        POWERTOOLS_SERVICE_NAME: POWERTOOLS_SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: PULSE_METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? "INFO",
        ...(props.secrets ? { PULSE_SECRETS_ARN: props.secrets.secretArn } : {}),
        ...(props.fieldKeys ? { PULSE_FIELD_KEYS_ARN: props.fieldKeys.secretArn } : {}),
        ...(props.mailQueue ? { MAIL_QUEUE_URL: props.mailQueue.queueUrl } : {}),
        ...(props.outboundQueue ? { OUTBOUND_QUEUE_URL: props.outboundQueue.queueUrl } : {}),
        ...props.environment,
      },
    });

    if (props.tableActions.length > 0) {
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: [...props.tableActions], resources: tableAndIndexArns(props.table) }),
      );
    }
    // Explicit statements rather than grantRead/grantSendMessages, which add DescribeSecret, GetQueueUrl and
    // GetQueueAttributes that no Pulse code calls.
    if (props.secrets) this.allowSecretRead(props.secrets);
    if (props.fieldKeys) this.allowSecretRead(props.fieldKeys);
    for (const queue of [props.mailQueue, props.outboundQueue]) {
      if (!queue) continue;
      role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [queue.queueArn] }),
      );
    }

    for (const id of ["AwsSolutions-L1", "Serverless-LambdaLatestVersion"]) {
      Validations.of(this.function).acknowledge({
        id,
        reason: `Pulse pins Lambda to Node.js ${LAMBDA_NODE_MAJOR}, the version its bundles target and its design names; moving on is a deliberate change of LAMBDA_NODE_MAJOR and PULSE_RUNTIME together.`,
      });
    }
    if ("queue" in props.asyncFailures) {
      Validations.of(this.function).acknowledge({
        id: "Serverless-LambdaDLQ",
        reason:
          "Failed asynchronous invocations go to an on-failure destination queue, which keeps the error and request context a dead-letter queue would drop.",
      });
    } else {
      Validations.of(this.function).acknowledge({
        id: "Serverless-LambdaDLQ",
        reason: props.asyncFailures.notInvokedAsynchronously,
      });
    }
    const policy = role.node.tryFindChild("DefaultPolicy");
    if (policy) {
      Validations.of(policy).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "X-Ray's PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.",
      });
    }
  }
}
