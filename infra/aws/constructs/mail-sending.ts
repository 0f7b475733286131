import { CfnOutput, Duration, Stack } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { type IRole, PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IHostedZone } from "aws-cdk-lib/aws-route53";
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";
import type { SenderAddress } from "../../../functions/src/domain/sender-address.js";

/** SES's own advice: review sending above a 5% bounce rate (it may pause sending at 10%). */
export const BOUNCE_RATE_ALARM = 0.05;
/** SES's own advice: review sending above a 0.1% complaint rate (it may pause sending at 0.5%). */
export const COMPLAINT_RATE_ALARM = 0.001;

export interface MailSendingProps {
  /** The sender, parsed from `MAIL_FROM`. */
  readonly sender: SenderAddress;
  /** The identity to verify: the sender's domain (DKIM-signed) or, for a single address, the address itself. */
  readonly identity: string;
  /** When given, the DKIM records are written to this zone; otherwise they are stack outputs to add by hand. */
  readonly hostedZone?: IHostedZone;
  /** Encrypts the bounce and complaint topic; SES must be allowed to use it. */
  readonly topicKey: IKey;
}

/**
 * Real mail on SES: the verified identity with Easy DKIM, a configuration set (TLS required, reputation
 * metrics on) whose bounce and complaint events go to an SNS topic, and the one grant that lets a role send.
 */
export class MailSending extends Construct {
  readonly configurationSet: ConfigurationSet;
  /** Bounce and complaint notifications, for the function that marks addresses never to be mailed again. */
  readonly feedbackTopic: Topic;
  readonly identityName: string;
  private readonly sender: SenderAddress;

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    this.sender = props.sender;
    this.identityName = props.identity.toLowerCase();
    const isAddress = this.identityName.includes("@");
    if (isAddress ? this.identityName !== props.sender.address : !this.coversDomain(this.identityName)) {
      throw new Error(
        `sesIdentity ${props.identity} does not cover the sender ${props.sender.address}: use its domain or the address itself`,
      );
    }

    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      // No name: CloudFormation generates one per stack, so two environments fit one account.
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      // The account-level suppression list also refuses these addresses, as a second line behind Pulse's own mark.
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const identity = new EmailIdentity(this, "Identity", {
      identity: isAddress
        ? Identity.email(this.identityName)
        : props.hostedZone
          ? Identity.publicHostedZone(props.hostedZone)
          : Identity.domain(this.identityName),
      configurationSet: this.configurationSet,
      dkimSigning: true,
    });
    if (!isAddress && !props.hostedZone) {
      identity.dkimRecords.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: "Add as a CNAME record to the sender's domain so that SES signs its mail (Easy DKIM)",
          value: Stack.of(this).toJsonString({ name: record.name, type: "CNAME", value: record.value }),
        });
      });
    }

    this.feedbackTopic = new Topic(this, "FeedbackTopic", {
      displayName: "Pulse: SES bounces and complaints",
      enforceSSL: true,
      masterKey: props.topicKey,
    });
    this.configurationSet.addEventDestination("BouncesAndComplaints", {
      destination: EventDestination.snsTopic(this.feedbackTopic),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }

  private coversDomain(domain: string): boolean {
    return this.sender.domain === domain || this.sender.domain.endsWith(`.${domain}`);
  }

  /** Lets a role send mail as the sender only, through this configuration set only. */
  allowSend(role: IRole): void {
    const stack = Stack.of(this);
    role.addToPrincipalPolicy(
      new PolicyStatement({
        // SES v2's SendEmail is authorised against both the identity and the configuration set it names.
        actions: ["ses:SendEmail"],
        resources: [
          stack.formatArn({ service: "ses", resource: "identity", resourceName: this.identityName }),
          stack.formatArn({
            service: "ses",
            resource: "configuration-set",
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
        conditions: { StringEquals: { "ses:FromAddress": this.sender.address } },
      }),
    );
  }

  /** The alarms on the configuration set's reputation: bounce rate above 5%, complaint rate above 0.1%. */
  reputationAlarms(scope: Construct): Alarm[] {
    const rate = (metricName: string) =>
      new Metric({
        namespace: "AWS/SES",
        metricName,
        dimensionsMap: { "ses:configuration-set": this.configurationSet.configurationSetName },
        statistic: "Maximum",
        period: Duration.hours(1),
      });
    const alarms = [
      {
        id: "BounceRateAlarm",
        metricName: "Reputation.BounceRate",
        threshold: BOUNCE_RATE_ALARM,
        what: "bounce",
      },
      {
        id: "ComplaintRateAlarm",
        metricName: "Reputation.ComplaintRate",
        threshold: COMPLAINT_RATE_ALARM,
        what: "complaint",
      },
    ];
    return alarms.map(
      ({ id, metricName, threshold, what }) =>
        new Alarm(scope, id, {
          alarmDescription: `Pulse mail: SES ${what} rate above ${threshold * 100}%; SES may pause sending`,
          metric: rate(metricName),
          threshold,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
    );
  }
}
