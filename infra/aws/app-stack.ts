import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  type StackProps,
  TimeZone,
  Validations,
} from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  type ResponseSecurityHeadersBehavior,
  Function as ViewerFunction,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { AccountRecovery, Mfa, OAuthScope, UserPool } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Schedule, ScheduleExpression, ScheduleTargetInput } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { SCHEDULED_JOBS } from "../../functions/src/app/jobs/schedules.js";
import { PulseFunction } from "./constructs/pulse-function.js";
import { WebDeployment } from "./constructs/web-deployment.js";

/** The jobs that the scheduled function runs, each with when it runs in the organisation's time zone. */
/** Requests per second (and burst) the requester pages may take on AWS, apart from the stage's shared budget. */
const PUBLIC_PAGE_THROTTLE = { rateLimit: 20, burstLimit: 40 };
/** Requests per second (and burst) of ticket intake on AWS: a busy Monday's webhooks, with room for retries. */
const INTAKE_THROTTLE = { rateLimit: 20, burstLimit: 50 };

export interface AppStackProps extends StackProps {
  readonly table: ITable;
  /** The secret holding JSON `{ intakeSecret, linkSecret }`. */
  readonly secrets: ISecret;
  /** Sender address of Pulse's mail. */
  readonly mailFrom: string;
  /** The verified SES identity (domain or address) that the mailer may send as. */
  readonly sesIdentity: string;
  /** IANA time zone for schedules and for the functions' `ORG_TIMEZONE`. */
  readonly orgTimezone: string;
  /** Prefix of the Cognito hosted sign-in domain; unique within the region. */
  readonly authDomainPrefix: string;
  /** The built staff web app; when absent the bucket stays empty and is filled by a later deploy. */
  readonly webAssetsPath?: string;
  /** Steady-state requests per second that the HTTP API accepts, and its burst. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/** The stateless half of Pulse: functions, HTTP API, queue, schedules, web hosting and user pool. */
export class AppStack extends Stack {
  readonly distribution: Distribution;
  readonly httpApi: HttpApi;
  readonly mailQueue: Queue;
  readonly userPool: UserPool;
  readonly functions: Record<"http" | "mailer" | "scheduled", PulseFunction>;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);

    const logsBucket = new Bucket(this, "AccessLogsBucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with ACLs, which need object-writer ownership.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logsBucket).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the access-log bucket itself; logging it into itself would loop.",
    });

    // Mail: the API and the schedules only enqueue; the mailer sends, and failures land in the DLQ.
    const mailDeadLetters = new Queue(this, "MailDeadLetterQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    const mailerTimeout = Duration.seconds(30);
    this.mailQueue = new Queue(this, "MailQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      // Six times the mailer's timeout, as Lambda advises for SQS sources, so retries do not overlap.
      visibilityTimeout: Duration.seconds(mailerTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: mailDeadLetters, maxReceiveCount: 5 },
    });

    this.userPool = new UserPool(this, "UserPool", {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const id of ["AwsSolutions-COG3", "AwsSolutions-COG8"]) {
      Validations.of(this.userPool).acknowledge({
        id,
        reason:
          "Threat protection needs the Cognito Plus plan, billed per active user; self sign-up is off, MFA is required and passwords are strong, which covers a small staff pool.",
      });
    }
    const roles = ["head", "manager", "analyst"] as const;
    roles.forEach((role, precedence) => {
      this.userPool.addGroup(`Group-${role}`, {
        groupName: role,
        precedence,
        description: `Pulse role ${role}`,
      });
    });
    const authDomain = this.userPool.addDomain("Domain", {
      cognitoDomain: { domainPrefix: props.authDomainPrefix },
    });

    // Web hosting: a private bucket behind CloudFront, which also fronts the API so that the staff
    // app and the API share one origin and need no CORS.
    const webBucket = new Bucket(this, "WebBucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: logsBucket,
      serverAccessLogsPrefix: "s3/web/",
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.httpApi = new HttpApi(this, "HttpApi", {
      description: "Pulse: one Hono app serves every route; it verifies Cognito JWTs itself",
      createDefaultStage: false,
    });
    const apiOrigin = new HttpOrigin(`${this.httpApi.apiId}.execute-api.${this.region}.${this.urlSuffix}`, {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });

    const baseSecurityHeaders: ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: {
        accessControlMaxAge: Duration.days(365),
        includeSubdomains: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
      // The requester pages carry a token in the URL; the app sets its own policy, this is the floor.
      referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: false },
    };
    const cognitoEndpoints = [
      `https://cognito-idp.${this.region}.${this.urlSuffix}`,
      `https://${props.authDomainPrefix}.auth.${this.region}.amazoncognito.com`,
    ].join(" ");
    const webHeaders = new ResponseHeadersPolicy(this, "WebHeaders", {
      comment: "Pulse staff app: security headers",
      securityHeadersBehavior: {
        ...baseSecurityHeaders,
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            `connect-src 'self' ${cognitoEndpoints}`,
            "img-src 'self' data:",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
          ].join("; "),
          override: false,
        },
      },
    });
    const apiHeaders = new ResponseHeadersPolicy(this, "ApiHeaders", {
      comment: "Pulse API and requester pages: security headers; the app sets its own CSP",
      securityHeadersBehavior: baseSecurityHeaders,
    });

    // Client-side routes of the staff app (no file extension) are served index.html; this cannot be
    // a distribution error response, which would also rewrite the API's own 403 and 404 answers.
    const spaRewrite = new ViewerFunction(this, "SpaRewrite", {
      runtime: FunctionRuntime.JS_2_0,
      comment: "Serve index.html for staff app routes",
      code: FunctionCode.fromInline(
        "function handler(event) { var r = event.request; if (!/\\.[a-zA-Z0-9]+$/.test(r.uri)) { r.uri = '/index.html'; } return r; }",
      ),
    });

    const apiBehavior = {
      origin: apiOrigin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: apiHeaders,
      compress: true,
    };
    this.distribution = new Distribution(this, "Distribution", {
      comment: "Pulse: staff app, requester pages and API",
      defaultRootObject: "index.html",
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logsBucket,
      logFilePrefix: "cloudfront/",
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(webBucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: webHeaders,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: { "/api/*": apiBehavior, "/s/*": apiBehavior },
    });
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions-CFR4",
      reason:
        "Without a custom domain CloudFront serves its default certificate, whose minimum TLS version cannot be raised; add a domain and ACM certificate to lift it.",
    });
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions-CFR1",
      reason: "Requesters and staff may be anywhere; surveys reach whoever raised a ticket.",
    });
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions-CFR2",
      reason:
        "WAF is billed per web ACL and rule; the API throttles at its stage, intake is HMAC-signed and staff routes need a JWT. Attach a web ACL where policy asks for one.",
    });
    const publicBaseUrl = `https://${this.distribution.distributionDomainName}`;

    const appClient = this.userPool.addClient("StaffApp", {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [`${publicBaseUrl}/`],
        logoutUrls: [`${publicBaseUrl}/`],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
    });

    const common = {
      table: props.table,
      orgTimezone: props.orgTimezone,
      secrets: props.secrets,
      environment: {
        MAIL_TRANSPORT: "ses",
        MAIL_FROM: props.mailFrom,
        PUBLIC_BASE_URL: publicBaseUrl,
        AUTH_ISSUER: `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.userPool.userPoolId}`,
        AUTH_AUDIENCE: appClient.userPoolClientId,
      },
    };
    this.functions = {
      http: new PulseFunction(this, "Http", {
        ...common,
        entry: "http",
        description: "Pulse HTTP API, requester pages and intake (Hono)",
        tableAccess: "readWrite",
        mailQueue: this.mailQueue,
        timeout: Duration.seconds(15),
      }),
      mailer: new PulseFunction(this, "Mailer", {
        ...common,
        entry: "mailer",
        description: "Pulse mailer: sends queued mail through SES",
        tableAccess: "readWrite",
        timeout: mailerTimeout,
      }),
      scheduled: new PulseFunction(this, "Scheduled", {
        ...common,
        entry: "scheduled",
        description: "Pulse scheduled jobs: expiry, reminders, monthly digest",
        tableAccess: "readWrite",
        mailQueue: this.mailQueue,
        timeout: Duration.minutes(5),
      }),
    };

    this.functions.mailer.function.addEventSource(
      new SqsEventSource(this.mailQueue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    this.functions.mailer.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail", "ses:SendRawEmail"],
        resources: [
          this.formatArn({ service: "ses", resource: "identity", resourceName: props.sesIdentity }),
        ],
      }),
    );

    const apiLogs = new LogGroup(this, "HttpApiAccessLogs", {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stage = new HttpStage(this, "HttpApiDefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: props.throttle ?? { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(apiLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            ip: "$context.identity.sourceIp",
            requestTime: "$context.requestTime",
            method: "$context.httpMethod",
            path: "$context.path",
            status: "$context.status",
            latency: "$context.responseLatency",
            integrationError: "$context.integrationErrorMessage",
          }),
        ),
      },
    });
    const integration = new HttpLambdaIntegration("HttpIntegration", this.functions.http.function);
    const defaultRoute = new HttpRoute(this, "HttpApiDefaultRoute", {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration,
    });
    Validations.of(defaultRoute).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "One Hono app serves public requester pages, HMAC-signed intake and staff routes; it verifies the Cognito JWT and role on each staff route itself.",
    });
    // The public paths get routes of their own with their own throttles, so a flood of requester-page or intake
    // requests is cut off at its route and cannot use up the stage's budget that staff and the other path share.
    // (The app also limits each client address; per-client limits at the edge need a web ACL on CloudFront.)
    const publicRoutes = [
      {
        id: "HttpApiSurveyPagesRoute",
        key: HttpRouteKey.with("/s/{proxy+}", HttpMethod.ANY),
        limits: PUBLIC_PAGE_THROTTLE,
      },
      {
        id: "HttpApiIntakeRoute",
        key: HttpRouteKey.with("/api/v1/tickets/resolved", HttpMethod.POST),
        limits: INTAKE_THROTTLE,
      },
    ];
    // RouteSettings is free-form JSON in the L1 construct, so it is written as CloudFormation spells it.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const { id, key, limits } of publicRoutes) {
      const route = new HttpRoute(this, id, { httpApi: this.httpApi, routeKey: key, integration });
      Validations.of(route).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          "A public path by design: requester pages are opened from an email link with nothing to log in to, and intake is HMAC-signed with a timestamp.",
      });
      routeSettings[key.key] = {
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
      };
    }
    (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    // Schedules: at-least-once delivery into the scheduled function; undeliverable events are kept.
    const scheduleDeadLetters = new Queue(this, "ScheduleDeadLetterQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(scheduleDeadLetters).acknowledge({
      id: "AwsSolutions-SQS3",
      reason: "This queue is the dead-letter queue of the EventBridge schedules.",
    });
    const scheduledFunction = this.functions.scheduled.function;
    const scheduleRole = new Role(this, "ScheduleRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
      description: "Lets EventBridge Scheduler invoke the Pulse scheduled function",
    });
    const functionLogicalId = this.getLogicalId(scheduledFunction.node.defaultChild as CfnFunction);
    const timeZone = TimeZone.of(props.orgTimezone);
    for (const [job, when] of Object.entries(SCHEDULED_JOBS)) {
      new Schedule(this, `Schedule-${job}`, {
        description: `Pulse job ${job}`,
        schedule: ScheduleExpression.cron({ ...when.cron, timeZone }),
        target: new LambdaInvoke(scheduledFunction, {
          role: scheduleRole,
          input: ScheduleTargetInput.fromObject({ job }),
          deadLetterQueue: scheduleDeadLetters,
          retryAttempts: 3,
          maxEventAge: Duration.hours(1),
        }),
      });
    }

    Validations.of(scheduleRole.node.tryFindChild("DefaultPolicy") ?? scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason:
        "The Scheduler Lambda target grants invoke on the function's versions too (ARN:*); these schedules call only the function itself.",
    });

    if (props.webAssetsPath) {
      new WebDeployment(this, "WebDeployment", {
        path: props.webAssetsPath,
        bucket: webBucket,
        distribution: this.distribution,
        // The staff app reads this to run the Hosted UI authorization-code flow with PKCE.
        config: {
          auth: {
            mode: "cognito",
            domain: `${props.authDomainPrefix}.auth.${this.region}.amazoncognito.com`,
            clientId: appClient.userPoolClientId,
            region: this.region,
          },
        },
      });
    }

    new CfnOutput(this, "WebUrl", { value: `${publicBaseUrl}/`, description: "Staff web app" });
    new CfnOutput(this, "ApiUrl", {
      value: `${publicBaseUrl}/api/v1/`,
      description: "API through CloudFront",
    });
    new CfnOutput(this, "IntakeUrl", { value: `${publicBaseUrl}/api/v1/tickets/resolved` });
    new CfnOutput(this, "HttpApiEndpoint", { value: this.httpApi.apiEndpoint });
    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: appClient.userPoolClientId });
    new CfnOutput(this, "AuthIssuer", { value: common.environment.AUTH_ISSUER });
    new CfnOutput(this, "AuthDomain", { value: authDomain.baseUrl() });
    new CfnOutput(this, "MailQueueUrl", { value: this.mailQueue.queueUrl });
  }
}
