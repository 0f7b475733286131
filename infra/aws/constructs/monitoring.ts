import { Duration, Validations } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IKey } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { type IQueue, Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { POWERTOOLS_SERVICE_NAME, PULSE_METRICS_NAMESPACE } from "./pulse-function.js";

/** An API 5xx share above this, over three five-minute periods in a row, raises the alarm. */
export const API_5XX_RATE_ALARM_PERCENT = 5;

/** Pulse's own counters (Powertools Metrics, EMF) that the dashboard shows. */
export const PULSE_METRICS = [
  "InvitationsSent",
  "RemindersSent",
  "DigestsSent",
  "MailsFailed",
  "RatingsRecorded",
];

export interface MonitoringProps {
  /** When given, the alarm topic mails this address (it must confirm the subscription once). */
  readonly alarmEmail?: string;
  /** Encrypts the alarm topic; CloudWatch must be allowed to use it. */
  readonly topicKey: IKey;
}

/**
 * What makes failures seen: one SNS topic that every alarm notifies, the dead-letter queues (each created here so
 * that none goes unalarmed), and one CloudWatch dashboard.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];
  /** Every dead-letter queue of the stack, each with its alarm. */
  readonly deadLetterQueues: Queue[] = [];
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new Topic(this, "AlarmTopic", {
      displayName: "Pulse alarms",
      enforceSSL: true,
      masterKey: props.topicKey,
    });
    this.action = new SnsAction(this.alarmTopic);
    if (props.alarmEmail) {
      this.alarmTopic.addSubscription(
        new EmailSubscription(props.alarmEmail, {
          deadLetterQueue: this.deadLetterQueue(
            "AlarmDeliveryDeadLetters",
            "alarm mails SNS could not deliver",
            "service",
          ),
        }),
      );
    }
  }

  /** Sends an alarm's state changes to the alarm topic. */
  notify(alarm: Alarm): Alarm {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /**
   * A dead-letter queue (TLS only, encrypted, kept 14 days) with an alarm as soon as one message is in it; `of` says
   * whether it is another queue's redrive target or a service's (Scheduler, Lambda, SNS) failure destination.
   */
  deadLetterQueue(id: string, holds: string, of: "queue" | "service"): Queue {
    const queue = new Queue(this, id, {
      enforceSSL: true,
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
    // cdk-nag already counts a queue's redrive target as a dead-letter queue; a service's it cannot see.
    const rules =
      of === "service"
        ? ["AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy"]
        : ["Serverless-SQSRedrivePolicy"];
    for (const rule of rules) {
      Validations.of(queue).acknowledge({
        id: rule,
        reason: `A dead-letter queue itself: it holds ${holds}.`,
      });
    }
    this.notify(
      new Alarm(this, `${id}Alarm`, {
        alarmDescription: `Pulse: a message is waiting in a dead-letter queue (${holds}); it expires after 14 days`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: "Maximum",
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
    this.deadLetterQueues.push(queue);
    return queue;
  }

  /** Alarms on a function's errors and throttles, any in five minutes. */
  watchFunction(id: string, fn: IFunction): void {
    const metrics = { Errors: fn.metricErrors(), Throttles: fn.metricThrottles() };
    for (const [what, metric] of Object.entries(metrics)) {
      this.notify(
        new Alarm(this, `${id}${what}Alarm`, {
          alarmDescription: `Pulse: the ${id} function reports ${what.toLowerCase()}`,
          metric: metric.with({ period: Duration.minutes(5), statistic: "Sum" }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      );
    }
  }

  /** Alarms when more than 5% of the API's answers are 5xx for fifteen minutes. */
  watchApi(api: HttpApi): void {
    this.notify(
      new Alarm(this, "Api5xxRateAlarm", {
        alarmDescription: `Pulse: more than ${API_5XX_RATE_ALARM_PERCENT}% of API answers are 5xx`,
        metric: apiServerErrorRate(api),
        threshold: API_5XX_RATE_ALARM_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 3,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    );
  }

  /** The one dashboard: API, functions, queues, mail and reputation. */
  dashboard(props: {
    readonly api: HttpApi;
    readonly functions: Record<string, IFunction>;
    readonly mailQueue: IQueue;
    readonly reputation: readonly IMetric[];
  }): Dashboard {
    const dashboard = new Dashboard(this, "Dashboard", { defaultInterval: Duration.days(1) });
    const fns = Object.entries(props.functions);
    const pulse = (metricName: string) =>
      new Metric({
        namespace: PULSE_METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: POWERTOOLS_SERVICE_NAME },
        statistic: "Sum",
        period: Duration.minutes(5),
      });
    dashboard.addWidgets(
      new GraphWidget({ title: "API requests", left: [props.api.metricCount()], width: 8 }),
      new GraphWidget({
        title: "API latency (p50, p99)",
        left: [props.api.metricLatency({ statistic: "p50" }), props.api.metricLatency({ statistic: "p99" })],
        width: 8,
      }),
      new GraphWidget({ title: "API 5xx rate (%)", left: [apiServerErrorRate(props.api)], width: 8 }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: "Function errors",
        left: fns.map(([name, fn]) => fn.metricErrors({ label: name, statistic: "Sum" })),
        width: 12,
      }),
      new GraphWidget({
        title: "Function duration (p99)",
        left: fns.map(([name, fn]) => fn.metricDuration({ label: name, statistic: "p99" })),
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: "Mail queue depth and oldest message (s)",
        left: [props.mailQueue.metricApproximateNumberOfMessagesVisible()],
        right: [props.mailQueue.metricApproximateAgeOfOldestMessage()],
        width: 8,
      }),
      new GraphWidget({
        title: "Dead-letter queues",
        left: this.deadLetterQueues.map((queue) => queue.metricApproximateNumberOfMessagesVisible()),
        width: 8,
      }),
      new GraphWidget({ title: "Mails sent and failed", left: PULSE_METRICS.map(pulse), width: 8 }),
    );
    dashboard.addWidgets(
      new GraphWidget({ title: "SES bounce and complaint rates", left: [...props.reputation], width: 24 }),
    );
    return dashboard;
  }
}

function apiServerErrorRate(api: HttpApi): MathExpression {
  return new MathExpression({
    label: "5xx (%)",
    expression: "IF(requests > 0, 100 * errors / requests, 0)",
    usingMetrics: {
      errors: api.metricServerError({ statistic: "Sum" }),
      requests: api.metricCount({ statistic: "Sum" }),
    },
    period: Duration.minutes(5),
  });
}
