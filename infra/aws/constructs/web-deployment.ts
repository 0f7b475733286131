import { RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import type { IDistribution } from "aws-cdk-lib/aws-cloudfront";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { Bucket, CfnBucket } from "aws-cdk-lib/aws-s3";
import { Asset } from "aws-cdk-lib/aws-s3-assets";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";

export interface WebDeploymentProps {
  /** The built staff web app folder. */
  readonly path: string;
  readonly bucket: Bucket;
  readonly distribution: IDistribution;
  /** Written beside the app as `config.json` (how it signs staff in); deploy-time values such as ids may appear. */
  readonly config?: Record<string, unknown>;
  /** JSON files written into the bucket beside the app, by key (such as `api/openapi.json`). */
  readonly files?: Readonly<Record<string, unknown>>;
}

/**
 * Copies the built staff web app into its bucket at deploy time and invalidates CloudFront, through
 * CDK's BucketDeployment handler given a role of our own rather than a managed policy.
 */
export class WebDeployment extends Construct {
  constructor(scope: Construct, id: string, props: WebDeploymentProps) {
    super(scope, id);
    const stack = Stack.of(this);

    const asset = new Asset(this, "Asset", { path: props.path });
    const logGroup = new LogGroup(this, "Logs", {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: "Copies the Pulse staff web app into its bucket",
    });
    logGroup.grantWrite(role);

    new BucketDeployment(this, "Deployment", {
      sources: [
        Source.bucket(asset.bucket, asset.s3ObjectKey),
        ...(props.config ? [Source.jsonData("config.json", props.config)] : []),
        ...Object.entries(props.files ?? {}).map(([key, data]) => Source.jsonData(key, data)),
      ],
      destinationBucket: props.bucket,
      distribution: props.distribution,
      distributionPaths: ["/*"],
      role,
      logGroup,
    });

    // The findings below come from CDK's own deploy-time handler and the grants it makes; they are
    // named one by one so a new one still fails the check.
    const handlerReason =
      "CDK's BucketDeployment handler, run only at deploy time: it reads the CDK asset object, replaces the web bucket's contents and invalidates the distribution, with the grants CDK makes for that.";
    const webBucketLogicalId = stack.getLogicalId(props.bucket.node.defaultChild as CfnBucket);
    const findings = [
      "AwsSolutions-IAM5[Action::s3:GetObject*]",
      "AwsSolutions-IAM5[Action::s3:GetBucket*]",
      "AwsSolutions-IAM5[Action::s3:List*]",
      "AwsSolutions-IAM5[Action::s3:DeleteObject*]",
      "AwsSolutions-IAM5[Action::s3:Abort*]",
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${asset.s3BucketName}/*]`,
      `AwsSolutions-IAM5[Resource::<${webBucketLogicalId}.Arn>/*]`,
      // CloudFront invalidations have no resource-level permissions.
      "AwsSolutions-IAM5[Resource::*]",
    ];
    const policy = role.node.tryFindChild("DefaultPolicy") ?? role;
    for (const finding of findings)
      Validations.of(policy).acknowledge({ id: finding, reason: handlerReason });

    for (const child of stack.node.children) {
      if (child.node.id.startsWith("Custom::CDKBucketDeployment")) {
        for (const id of ["AwsSolutions-L1", "Serverless-LambdaLatestVersion"]) {
          Validations.of(child).acknowledge({
            id,
            reason: `${handlerReason} Its runtime is chosen and updated by aws-cdk-lib.`,
          });
        }
        Validations.of(child).acknowledge({
          id: "Serverless-LambdaDLQ",
          reason: `${handlerReason} CloudFormation invokes it and reports a failure as a failed deploy, so no event is lost.`,
        });
        Validations.of(child).acknowledge({
          id: "Serverless-LambdaTracing",
          reason: `${handlerReason} A failed copy fails the deploy with its log; tracing a once-per-deploy copy shows nothing more.`,
        });
      }
    }
  }
}
