import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import type { Construct } from "constructs";

/** Requests one client address may make in five minutes, per public path, before the web ACL blocks it. */
export const EDGE_RATE_LIMITS = {
  // A requester opens a page, confirms and maybe comments: a handful of requests; 300 leaves room for a shared NAT.
  surveyPages: { path: "/s/", limit: 300 },
  // The ITSM tool posts from a few addresses; this matches the intake route's 20/s throttle.
  intake: { path: "/api/v1/tickets/resolved", limit: 6000 },
} as const;

/**
 * The web ACL for Pulse's CloudFront distribution: a CLOUDFRONT-scope ACL must live in us-east-1, so it has a stack
 * of its own there, and the app stack reads its ARN through a cross-region reference.
 */
export class EdgeStack extends Stack {
  readonly webAclArn: string;

  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);
    const rules = Object.entries(EDGE_RATE_LIMITS).map(
      ([name, { path, limit }], index): CfnWebACL.RuleProperty => ({
        name: `rate-${name}`,
        priority: index,
        action: { block: {} },
        statement: {
          rateBasedStatement: {
            limit,
            aggregateKeyType: "IP",
            scopeDownStatement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: "STARTS_WITH",
                searchString: path,
                textTransformations: [{ priority: 0, type: "NONE" }],
              },
            },
          },
        },
        visibilityConfig: {
          cloudWatchMetricsEnabled: true,
          metricName: `pulse-rate-${name}`,
          sampledRequestsEnabled: true,
        },
      }),
    );
    const acl = new CfnWebACL(this, "WebAcl", {
      scope: "CLOUDFRONT",
      defaultAction: { allow: {} },
      description: "Pulse: per-address rate limits on the requester pages and the ticket intake",
      rules,
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: "pulse-web-acl",
        sampledRequestsEnabled: true,
      },
    });
    this.webAclArn = acl.attrArn;
    new CfnOutput(this, "WebAclArn", { value: acl.attrArn });
  }
}
