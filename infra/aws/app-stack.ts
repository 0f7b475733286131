import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  SecretValue,
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
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
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
  SecurityPolicyProtocol,
  Function as ViewerFunction,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { AccountRecovery, Mfa, OAuthScope, UserPool } from "aws-cdk-lib/aws-cognito";
import type { ITable } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { SqsEventSource } from "aws-cdk-lib/aws-lambda-event-sources";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from "aws-cdk-lib/aws-route53";
import { CloudFrontTarget } from "aws-cdk-lib/aws-route53-targets";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Schedule, ScheduleExpression, ScheduleTargetInput } from "aws-cdk-lib/aws-scheduler";
import { LambdaInvoke } from "aws-cdk-lib/aws-scheduler-targets";
import type { ISecret } from "aws-cdk-lib/aws-secretsmanager";
import { LambdaSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";
import { SCHEDULED_JOBS } from "../../functions/src/app/jobs/schedules.js";
// The mailer's timeout, the claim lease and the queue's visibility are set together, so a redelivery never meets a
// claim that is still live as if it were dead, nor drops a mail whose claim has lapsed.
import {
  MAIL_MAX_RECEIVE_COUNT,
  MAIL_VISIBILITY_SECONDS,
  MAILER_TIMEOUT_SECONDS,
} from "../../functions/src/app/mail/mail-timing.js";
import {
  OUTBOUND_MAX_ATTEMPTS,
  OUTBOUND_TIMEOUT_SECONDS,
  OUTBOUND_VISIBILITY_SECONDS,
} from "../../functions/src/app/outbound/outbound-timing.js";
import type { SenderAddress } from "../../functions/src/domain/sender-address.js";
import { API_DOCUMENT_PATH, apiDocument } from "../../functions/src/http/api-document.js";
import { MailSending } from "./constructs/mail-sending.js";
import { Monitoring } from "./constructs/monitoring.js";
import { PulseFunction, type TableAction } from "./constructs/pulse-function.js";
import { WebDeployment } from "./constructs/web-deployment.js";
import { mailerPolling } from "./mail-throughput.js";

/** Requests per second (and burst) the requester pages may take on AWS, apart from the stage's shared budget. */
const PUBLIC_PAGE_THROTTLE = { rateLimit: 20, burstLimit: 40 };
/** Requests per second (and burst) of ticket intake on AWS: a busy Monday's webhooks, with room for retries. */
const INTAKE_THROTTLE = { rateLimit: 20, burstLimit: 50 };
/** Requests per second (and burst) of the connectors' intake and their mapping routes, apart from the generic intake. */
const CONNECTOR_THROTTLE = { rateLimit: 20, burstLimit: 50 };

/** The header CloudFront adds to every request to the API; the HTTP function refuses requests without it. */
export const ORIGIN_VERIFY_HEADER = "X-Pulse-Origin-Verify";

/** The DynamoDB calls each function's code makes (found from each handler's bundle; the infra test pins them). */
export const TABLE_ACTIONS = {
  // The requester's answers: reads, transactions of puts and updates, never a delete or a scan.
  public: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
  ],
  // Erasure finds a person's surveys with a filtered scan; imports batch-write; register edits delete.
  staff: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
  ],
  // Claims and sent marks (a sent mark deletes the pending-invitation listing); the digest it renders reads
  // aggregates and stores theme snapshots in batches.
  mailer: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
  ],
  // Reminders, the invitation sweep, the digest's recipients and the retention sweep (a filtered scan, deletes).
  scheduled: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:Scan",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
    "dynamodb:BatchWriteItem",
  ],
  // Every intake, generic or through a connector, and the mappings (a get and a put of a settings item).
  connectors: [
    "dynamodb:GetItem",
    "dynamodb:BatchGetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
  ],
  // Marks a requester profile undeliverable after a bounce or complaint.
  "mail-events": ["dynamodb:UpdateItem"],
  // Reads the webhooks, the survey or case an event tells of; stores each delivery and appends its tries.
  outbound: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"],
  // Registers and removes webhooks, lists deliveries, marks one for redelivery; audits each staff action.
  webhooks: [
    "dynamodb:GetItem",
    "dynamodb:Query",
    "dynamodb:PutItem",
    "dynamodb:UpdateItem",
    "dynamodb:DeleteItem",
  ],
} as const satisfies Record<string, readonly TableAction[]>;

export interface AppStackProps extends StackProps {
  readonly table: ITable;
  /** The secret holding JSON `{ intakeSecret, linkSecret }`. */
  readonly secrets: ISecret;
  /** The secret holding JSON `{ originSecret, previousOriginSecret? }`: CloudFront sends it, the API checks it. */
  readonly originSecret: ISecret;
  /** The secret holding each ITSM connector's secret, JSON `{ "<connector>": "<secret>" }`. */
  readonly connectorSecrets: ISecret;
  /** The secret holding the keys that seal stored webhook credentials, JSON `{ "v1": "..." }`. */
  readonly fieldKeys: ISecret;
  /** Sender of Pulse's mail, exactly as `MAIL_FROM` (the functions parse it the same way). */
  readonly mailFrom: string;
  /** `mailFrom` parsed. */
  readonly sender: SenderAddress;
  /** The SES identity (domain or address) to verify and send as. */
  readonly sesIdentity: string;
  /** Mails a second that the SES account may send; the mailer's concurrency is capped from it. */
  readonly sesSendRate: number;
  /** Where alarms are mailed; without it the topic has no subscription. */
  readonly alarmEmail?: string;
  /** A CLOUDFRONT-scope web ACL (in us-east-1) for the distribution. */
  readonly webAclArn?: string;
  /** The organisation's domain for the distribution, so that links in mail carry it. */
  readonly customDomain?: {
    readonly domainName: string;
    /** An ACM certificate in us-east-1 covering `domainName`. */
    readonly certificateArn: string;
    /** A public hosted zone to write the alias records (and the DKIM records of a matching sender domain) into. */
    readonly hostedZone?: { readonly hostedZoneId: string; readonly zoneName: string };
  };
  /**
   * The origin secret's version CloudFront sends (from `put-secret-value`); changing it re-resolves the header and
   * restarts the HTTP function so that it reads the new value. @default the current version at deploy
   */
  readonly originSecretVersionId?: string;
  /** Powertools log level on every function. @default INFO */
  readonly logLevel?: string;
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
  /** Events and redeliveries for the outbound function, which POSTs the webhooks. */
  readonly outboundQueue: Queue;
  readonly userPool: UserPool;
  readonly functions: Record<
    "public" | "connectors" | "staff" | "mailer" | "scheduled" | "mail-events" | "outbound" | "webhooks",
    PulseFunction
  >;
  readonly monitoring: Monitoring;
  readonly mail: MailSending;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const zone = props.customDomain?.hostedZone;
    const hostedZone = zone
      ? HostedZone.fromHostedZoneAttributes(this, "HostedZone", {
          hostedZoneId: zone.hostedZoneId,
          zoneName: zone.zoneName,
        })
      : undefined;
    const sesDomain = props.sesIdentity.toLowerCase();
    // The zone gets the DKIM records only when it is the sender's domain (or a parent of it).
    const senderZone =
      hostedZone && zone && (sesDomain === zone.zoneName || sesDomain.endsWith(`.${zone.zoneName}`))
        ? hostedZone
        : undefined;

    const logsBucket = new Bucket(this, "AccessLogsBucket", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logs are delivered with ACLs, which need object-writer ownership.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // One customer key for both topics: SES and CloudWatch can publish to an encrypted topic only with a key
    // whose policy lets them, which the AWS managed SNS key does not.
    const topicKey = new Key(this, "NotificationKey", {
      description: "Pulse: encrypts the alarm topic and the SES bounce and complaint topic",
      enableKeyRotation: true,
    });
    // SES passes its account in the request context (so a foreign configuration set cannot use this key); CloudWatch
    // alarm actions do not, and are bounded by the topic, which only this account's alarms publish to.
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("ses.amazonaws.com")],
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    );
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
        resources: ["*"],
      }),
    );
    this.monitoring = new Monitoring(this, "Monitoring", {
      topicKey,
      ...(props.alarmEmail ? { alarmEmail: props.alarmEmail } : {}),
    });
    const monitoring = this.monitoring;

    // Mail: the API and the schedules only enqueue; the mailer sends, and failures land in the DLQ.
    const mailDeadLetters = monitoring.deadLetterQueue(
      "MailDeadLetterQueue",
      "mails that failed five receives",
      "queue",
    );
    const mailerTimeout = Duration.seconds(MAILER_TIMEOUT_SECONDS);
    this.mailQueue = new Queue(this, "MailQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      // Six times the mailer's timeout, as Lambda advises for SQS sources; the mailer's claims agree with it.
      visibilityTimeout: Duration.seconds(MAIL_VISIBILITY_SECONDS),
      deadLetterQueue: { queue: mailDeadLetters, maxReceiveCount: MAIL_MAX_RECEIVE_COUNT },
    });
    // Outbound events: the API enqueues small messages; the outbound function fans them out to the webhooks, backing
    // off a failed delivery by its visibility (30 s doubling). It marks a delivery failed after its last try itself, so
    // the dead-letter queue holds only messages it could not handle at all.
    const outboundDeadLetters = monitoring.deadLetterQueue(
      "OutboundDeadLetterQueue",
      "outbound events the outbound function could not handle on any receive",
      "queue",
    );
    this.outboundQueue = new Queue(this, "OutboundQueue", {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      visibilityTimeout: Duration.seconds(OUTBOUND_VISIBILITY_SECONDS),
      deadLetterQueue: { queue: outboundDeadLetters, maxReceiveCount: OUTBOUND_MAX_ATTEMPTS + 1 },
    });
    this.mail = new MailSending(this, "Mail", {
      sender: props.sender,
      identity: props.sesIdentity,
      topicKey,
      ...(senderZone ? { hostedZone: senderZone } : {}),
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
    Validations.of(this.userPool).acknowledge({
      id: "AwsSolutions-COG8",
      reason:
        "Threat protection needs the Cognito Plus plan, billed per active user; self sign-up is off, MFA is required and passwords are strong, which covers a small staff pool.",
    });
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
      // Resolved by CloudFormation at deploy, so the value never appears in the template; the HTTP function
      // refuses any request without it, so a call to the execute-api endpoint cannot bypass CloudFront.
      customHeaders: {
        [ORIGIN_VERIFY_HEADER]: SecretValue.secretsManager(props.originSecret.secretArn, {
          jsonField: "originSecret",
          ...(props.originSecretVersionId ? { versionId: props.originSecretVersionId } : {}),
        }).unsafeUnwrap(),
      },
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

    const webOrigin = S3BucketOrigin.withOriginAccessControl(webBucket);
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
        origin: webOrigin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: webHeaders,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      // The OpenAPI document is a file generated from the route contracts when the stack is built, served beside the
      // staff app: the staff function carries no document generator. Listed first, so it wins over /api/*.
      additionalBehaviors: {
        [API_DOCUMENT_PATH]: {
          origin: webOrigin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: webHeaders,
          compress: true,
        },
        "/api/*": apiBehavior,
        "/s/*": apiBehavior,
      },
      ...(props.customDomain
        ? {
            domainNames: [props.customDomain.domainName],
            certificate: Certificate.fromCertificateArn(
              this,
              "Certificate",
              props.customDomain.certificateArn,
            ),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      ...(props.webAclArn ? { webAclId: props.webAclArn } : {}),
    });
    if (!props.customDomain) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR4",
        reason:
          "Without a custom domain CloudFront serves its default certificate, whose minimum TLS version cannot be raised; set the domainName and certificateArn context values to lift it.",
      });
    }
    Validations.of(this.distribution).acknowledge({
      id: "AwsSolutions-CFR1",
      reason: "Requesters and staff may be anywhere; surveys reach whoever raised a ticket.",
    });
    if (!props.webAclArn) {
      Validations.of(this.distribution).acknowledge({
        id: "AwsSolutions-CFR2",
        reason:
          "WAF is billed per web ACL and rule, so it is opt-in (context waf=true or webAclArn); without it the API throttles per route, intake is HMAC-signed and staff routes need a JWT.",
      });
    }
    if (props.customDomain && hostedZone) {
      const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
      new ARecord(this, "AliasRecord", {
        zone: hostedZone,
        recordName: props.customDomain.domainName,
        target,
      });
      new AaaaRecord(this, "AliasRecordIpv6", {
        zone: hostedZone,
        recordName: props.customDomain.domainName,
        target,
      });
    }
    // Links in mail carry the organisation's domain when there is one.
    const publicBaseUrl = `https://${props.customDomain?.domainName ?? this.distribution.distributionDomainName}`;

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
      ...(props.logLevel ? { logLevel: props.logLevel } : {}),
      environment: {
        MAIL_TRANSPORT: "ses",
        MAIL_FROM: props.mailFrom,
        PUBLIC_BASE_URL: publicBaseUrl,
        AUTH_ISSUER: `https://cognito-idp.${this.region}.${this.urlSuffix}/${this.userPool.userPoolId}`,
        AUTH_AUDIENCE: appClient.userPoolClientId,
      },
    };
    const synchronousOnly = (caller: string) => ({
      notInvokedAsynchronously: `Only ${caller} invokes this function, synchronously; a failed call is retried by its caller, so there is no asynchronous event to keep.`,
    });
    const scheduledFailures = monitoring.deadLetterQueue(
      "ScheduledFailureQueue",
      "scheduled jobs that failed every retry (on-failure destination)",
      "service",
    );
    const mailEventFailures = monitoring.deadLetterQueue(
      "MailEventsFailureQueue",
      "bounce and complaint notifications that could not be recorded",
      "service",
    );
    // The public function verifies no staff token, so it gets no user-pool settings.
    const { AUTH_ISSUER: _issuer, AUTH_AUDIENCE: _audience, ...publicEnvironment } = common.environment;
    const originEnvironment = {
      PULSE_ORIGIN_SECRET_ARN: props.originSecret.secretArn,
      // A new version means new instances, which read both the new and the previous origin secret.
      ...(props.originSecretVersionId ? { PULSE_ORIGIN_SECRET_VERSION: props.originSecretVersionId } : {}),
    };
    // SES throttling would send a burst of mail to the dead-letter queue: the pollers and the spacing of each one's
    // sends keep the mailer within the account's send rate (see mailerPolling).
    const polling = mailerPolling(props.sesSendRate);
    this.functions = {
      public: new PulseFunction(this, "Public", {
        ...common,
        entry: "public",
        description: "Pulse public paths: the requester pages (Hono)",
        tableActions: TABLE_ACTIONS.public,
        secrets: props.secrets,
        outboundQueue: this.outboundQueue,
        timeout: Duration.seconds(15),
        asyncFailures: synchronousOnly("API Gateway"),
        environment: { ...publicEnvironment, ...originEnvironment },
      }),
      connectors: new PulseFunction(this, "Connectors", {
        ...common,
        entry: "connectors",
        description:
          "Pulse connectors: every ticket intake, the generic signed webhook and each ITSM tool's own shape, and the connectors' field mappings (Hono)",
        tableActions: TABLE_ACTIONS.connectors,
        secrets: props.secrets,
        mailQueue: this.mailQueue,
        timeout: Duration.seconds(15),
        asyncFailures: synchronousOnly("API Gateway"),
        environment: {
          ...common.environment,
          ...originEnvironment,
          PULSE_CONNECTOR_SECRETS_ARN: props.connectorSecrets.secretArn,
        },
      }),
      staff: new PulseFunction(this, "Staff", {
        ...common,
        entry: "staff",
        description: "Pulse staff API (Hono); its OpenAPI document is a file beside the staff app",
        tableActions: TABLE_ACTIONS.staff,
        secrets: props.secrets,
        outboundQueue: this.outboundQueue,
        timeout: Duration.seconds(15),
        asyncFailures: synchronousOnly("API Gateway"),
        environment: { ...common.environment, ...originEnvironment },
      }),
      mailer: new PulseFunction(this, "Mailer", {
        ...common,
        entry: "mailer",
        description: "Pulse mailer: sends queued mail through SES",
        tableActions: TABLE_ACTIONS.mailer,
        secrets: props.secrets,
        timeout: mailerTimeout,
        asyncFailures: synchronousOnly("the SQS event source"),
        environment: {
          ...common.environment,
          MAIL_CONFIGURATION_SET: this.mail.configurationSet.configurationSetName,
          // Every poller spaces its sends so that all of them together stay within the SES send rate.
          MAIL_SEND_INTERVAL_MS: String(Math.ceil((1000 * polling.maxConcurrency) / props.sesSendRate)),
          // One SES try must end well inside the mailer's own timeout, with the batch's spacing on top.
          MAIL_SEND_TIMEOUT_MS: "5000",
        },
      }),
      scheduled: new PulseFunction(this, "Scheduled", {
        ...common,
        entry: "scheduled",
        description: "Pulse scheduled jobs: reminders, invitation sweep, monthly digest, retention sweep",
        tableActions: TABLE_ACTIONS.scheduled,
        mailQueue: this.mailQueue,
        timeout: Duration.minutes(5),
        asyncFailures: { queue: scheduledFailures },
      }),
      "mail-events": new PulseFunction(this, "MailEvents", {
        ...common,
        entry: "mail-events",
        description: "Pulse mail events: marks bounced and complaining addresses never to be mailed again",
        tableActions: TABLE_ACTIONS["mail-events"],
        timeout: Duration.seconds(30),
        asyncFailures: { queue: mailEventFailures },
      }),
      outbound: new PulseFunction(this, "Outbound", {
        ...common,
        entry: "outbound",
        description: "Pulse outbound: delivers signed webhooks and Slack and Teams alerts, with retries",
        tableActions: TABLE_ACTIONS.outbound,
        fieldKeys: props.fieldKeys,
        timeout: Duration.seconds(OUTBOUND_TIMEOUT_SECONDS),
        asyncFailures: synchronousOnly("the SQS event source"),
        // Receivers are named by heads: only https on public addresses, checked again at each connection (SSRF).
        environment: { ...common.environment, WEBHOOK_TARGETS: "public" },
      }),
      webhooks: new PulseFunction(this, "Webhooks", {
        ...common,
        entry: "webhooks",
        description: "Pulse webhooks API (Hono): heads register webhooks, read deliveries and redeliver",
        tableActions: TABLE_ACTIONS.webhooks,
        secrets: props.secrets,
        fieldKeys: props.fieldKeys,
        outboundQueue: this.outboundQueue,
        timeout: Duration.seconds(15),
        asyncFailures: synchronousOnly("API Gateway"),
        environment: { ...common.environment, ...originEnvironment, WEBHOOK_TARGETS: "public" },
      }),
    };
    this.functions.webhooks.allowSecretRead(props.originSecret);
    // The outbound function sets its own backoff on what it failed (ChangeMessageVisibility), which consuming grants.
    this.functions.outbound.function.addEventSource(
      new SqsEventSource(this.outboundQueue, { batchSize: 10, reportBatchItemFailures: true }),
    );
    Validations.of(this.functions.outbound.function).acknowledge({
      id: "Serverless-LambdaEventSourceMappingDestination",
      reason:
        "SQS event sources take no on-failure destination; the outbound queue's redrive policy moves a message that failed every receive to its alarmed dead-letter queue, and each delivery's tries are in its log.",
    });
    this.functions.public.allowSecretRead(props.originSecret);
    this.functions.staff.allowSecretRead(props.originSecret);
    this.functions.connectors.allowSecretRead(props.originSecret);
    this.functions.connectors.allowSecretRead(props.connectorSecrets);
    this.mail.allowSend(this.functions.mailer.role);
    this.mail.feedbackTopic.addSubscription(
      new LambdaSubscription(this.functions["mail-events"].function, { deadLetterQueue: mailEventFailures }),
    );

    // SES throttling would send a burst of mail to the dead-letter queue, so the mailer drains the queue no faster
    // than the account's send rate (see mailerPolling for the arithmetic).
    const mailerSource = new SqsEventSource(this.mailQueue, {
      batchSize: polling.batchSize,
      maxConcurrency: polling.maxConcurrency,
      reportBatchItemFailures: true,
    });
    this.functions.mailer.function.addEventSource(mailerSource);
    Validations.of(this.functions.mailer.function).acknowledge({
      id: "Serverless-LambdaEventSourceMappingDestination",
      reason:
        "SQS event sources take no on-failure destination; the mail queue's redrive policy moves a mail that failed five receives to its alarmed dead-letter queue.",
    });

    for (const [name, fn] of Object.entries(this.functions)) monitoring.watchFunction(name, fn.function);
    const reputationAlarms = this.mail.reputationAlarms(monitoring);
    for (const alarm of reputationAlarms) monitoring.notify(alarm);

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
    // Two functions behind one API: the public paths have routes of their own, everything else is the staff API.
    const publicIntegration = new HttpLambdaIntegration("PublicIntegration", this.functions.public.function);
    const staffIntegration = new HttpLambdaIntegration("StaffIntegration", this.functions.staff.function);
    const connectorsIntegration = new HttpLambdaIntegration(
      "ConnectorsIntegration",
      this.functions.connectors.function,
    );
    const defaultRoute = new HttpRoute(this, "HttpApiDefaultRoute", {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: staffIntegration,
    });
    Validations.of(defaultRoute).acknowledge({
      id: "AwsSolutions-APIG4",
      reason:
        "The staff API verifies the Cognito JWT and the role on each of its routes itself (one Hono app), which also covers its OpenAPI document.",
    });
    // The webhook routes are a function of their own, so the staff function stays within its size budget; like the
    // staff API it verifies the staff token and the head role itself.
    const webhooksIntegration = new HttpLambdaIntegration(
      "WebhooksIntegration",
      this.functions.webhooks.function,
    );
    for (const [id, path] of [
      ["HttpApiWebhooksRoute", "/api/v1/webhooks"],
      ["HttpApiWebhooksProxyRoute", "/api/v1/webhooks/{proxy+}"],
    ] as const) {
      const route = new HttpRoute(this, id, {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(path, HttpMethod.ANY),
        integration: webhooksIntegration,
      });
      Validations.of(route).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          "The webhooks function verifies the Cognito JWT and the head role on each of its routes itself, as the staff API does.",
      });
    }
    // The public paths get routes of their own with their own throttles, so a flood of requester-page or intake
    // requests is cut off at its route and cannot use up the stage's budget that staff and the other path share.
    // (The app also limits each client address; per-client limits at the edge need a web ACL on CloudFront.)
    const publicRoutes = [
      {
        id: "HttpApiSurveyPagesRoute",
        key: HttpRouteKey.with("/s/{proxy+}", HttpMethod.ANY),
        limits: PUBLIC_PAGE_THROTTLE,
      },
    ];
    // RouteSettings is free-form JSON in the L1 construct, so it is written as CloudFormation spells it.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const { id, key, limits } of publicRoutes) {
      const route = new HttpRoute(this, id, {
        httpApi: this.httpApi,
        routeKey: key,
        integration: publicIntegration,
      });
      Validations.of(route).acknowledge({
        id: "AwsSolutions-APIG4",
        reason:
          "A public path by design: requester pages are opened from an email link with nothing to log in to.",
      });
      routeSettings[key.key] = {
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
      };
    }
    // Intake, generic and through the connectors, authenticates each tool's delivery itself; the mapping routes check
    // the staff JWT.
    const connectorRoutes = [
      {
        id: "HttpApiIntakeRoute",
        key: HttpRouteKey.with("/api/v1/tickets/resolved", HttpMethod.POST),
        limits: INTAKE_THROTTLE,
        reason: "The generic intake is HMAC-signed with a timestamp, checked by the connectors function.",
      },
      {
        id: "HttpApiConnectorIntakeRoute",
        key: HttpRouteKey.with("/api/v1/tickets/resolved/{connector}", HttpMethod.POST),
        limits: CONNECTOR_THROTTLE,
        reason:
          "Each ITSM tool authenticates its delivery as it can: an HMAC signature (Zendesk, GLPI, Jira webhooks) or a per-connector bearer secret, checked by the connectors function.",
      },
      {
        id: "HttpApiConnectorMappingRoute",
        key: HttpRouteKey.with("/api/v1/connectors/{proxy+}", HttpMethod.ANY),
        limits: CONNECTOR_THROTTLE,
        reason: "The connectors function verifies the Cognito JWT and the role on its mapping routes itself.",
      },
    ];
    for (const { id, key, limits, reason } of connectorRoutes) {
      const route = new HttpRoute(this, id, {
        httpApi: this.httpApi,
        routeKey: key,
        integration: connectorsIntegration,
      });
      Validations.of(route).acknowledge({ id: "AwsSolutions-APIG4", reason });
      routeSettings[key.key] = {
        ThrottlingRateLimit: limits.rateLimit,
        ThrottlingBurstLimit: limits.burstLimit,
      };
    }
    (stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
    monitoring.watchApi(this.httpApi);
    monitoring.dashboard({
      api: this.httpApi,
      functions: Object.fromEntries(Object.entries(this.functions).map(([name, fn]) => [name, fn.function])),
      mailQueue: this.mailQueue,
      reputation: reputationAlarms.map((alarm) => alarm.metric),
    });

    // Schedules: at-least-once delivery into the scheduled function; undeliverable events are kept.
    const scheduleDeadLetters = monitoring.deadLetterQueue(
      "ScheduleDeadLetterQueue",
      "schedule events EventBridge Scheduler could not deliver",
      "service",
    );
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
        files: { [API_DOCUMENT_PATH.slice(1)]: apiDocument() },
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
    new CfnOutput(this, "ConnectorIntakeUrl", {
      value: `${publicBaseUrl}/api/v1/tickets/resolved/{connector}`,
      description: "servicenow, jira, zendesk, freshservice or glpi (docs/connectors)",
    });
    new CfnOutput(this, "UserPoolId", { value: this.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: appClient.userPoolClientId });
    new CfnOutput(this, "AuthIssuer", { value: common.environment.AUTH_ISSUER });
    new CfnOutput(this, "AuthDomain", { value: authDomain.baseUrl() });
    new CfnOutput(this, "MailQueueUrl", { value: this.mailQueue.queueUrl });
    new CfnOutput(this, "AlarmTopicArn", { value: monitoring.alarmTopic.topicArn });
    new CfnOutput(this, "MailConfigurationSet", { value: this.mail.configurationSet.configurationSetName });
  }
}
