import { spawnSync } from "node:child_process";
import { AssetHashType, DockerImage, Duration, RemovalPolicy, Validations } from "aws-cdk-lib";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { type IRole, PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { TABLE } from "../../../functions/src/adapters/dynamo/table.js";
import { LAMBDA_ENTRIES, LAMBDA_NODE_MAJOR, type LambdaEntryName, REPO_ROOT } from "../bundles.js";

/** Item reads; transactions are authorised per item through these same actions. */
const TABLE_READ = [
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:ConditionCheckItem",
  "dynamodb:DescribeTable",
];
const TABLE_WRITE = [
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
  "dynamodb:BatchWriteItem",
];

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

/** The Lambda runtime matching `LAMBDA_NODE_MAJOR`; raising one means raising the other. */
export const PULSE_RUNTIME: Runtime = Runtime.NODEJS_22_X;

export interface PulseFunctionProps {
  /** Which entry of `LAMBDA_ENTRIES` this function runs. */
  readonly entry: LambdaEntryName;
  readonly description: string;
  /** The one table; the construct sets `TABLE_NAME` and grants the access named here on it and its indexes. */
  readonly table: ITable;
  readonly tableAccess: "read" | "readWrite";
  /** IANA time zone of the organisation, given to the function as `ORG_TIMEZONE`. */
  readonly orgTimezone: string;
  /** When given, `PULSE_SECRETS_ARN` is set and read access granted. */
  readonly secrets?: ISecret;
  /** When given, `MAIL_QUEUE_URL` is set and send access granted. */
  readonly mailQueue?: IQueue;
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
      environment: {
        TABLE_NAME: props.table.tableName,
        ORG_TIMEZONE: props.orgTimezone,
        NODE_OPTIONS: "--enable-source-maps",
        ...(props.secrets ? { PULSE_SECRETS_ARN: props.secrets.secretArn } : {}),
        ...(props.mailQueue ? { MAIL_QUEUE_URL: props.mailQueue.queueUrl } : {}),
        ...props.environment,
      },
    });

    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: props.tableAccess === "readWrite" ? [...TABLE_READ, ...TABLE_WRITE] : TABLE_READ,
        resources: tableAndIndexArns(props.table),
      }),
    );
    props.secrets?.grantRead(role);
    props.mailQueue?.grantSendMessages(role);

    Validations.of(this.function).acknowledge({
      id: "AwsSolutions-L1",
      reason: `Pulse pins Lambda to Node.js ${LAMBDA_NODE_MAJOR}, the version its bundles target and its design names; moving on is a deliberate change of LAMBDA_NODE_MAJOR and PULSE_RUNTIME together.`,
    });
    const policy = role.node.tryFindChild("DefaultPolicy");
    if (policy) {
      Validations.of(policy).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "X-Ray's PutTraceSegments and PutTelemetryRecords do not support resource-level permissions.",
      });
    }
  }
}
