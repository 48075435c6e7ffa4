/**
 * Whether crisis-desk is healthy, at a glance: an encrypted SNS alarm topic whose email
 * subscribers come from the config, the alarms of issue 7, and one CloudWatch dashboard.
 * Custom metrics are the ones the handlers emit through Powertools (namespace CrisisDesk,
 * dimension `service` = the emitting handler's service name, plus `source` and/or `brand`):
 * CloudWatch matches a metric only on its exact dimension set.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { metricsNamespaceOf } from './crisis-function.ts';

/**
 * Metric names and dimensions the handlers emit: lambdas/core/ingest.ts (fetched, recorded,
 * negative: source + brand; incidents opened: brand), run-source.ts (failures: source),
 * escalation-step.ts (escalations: brand).
 */
export const METRIC = {
  mentionsFetched: 'MentionsFetched',
  mentionsRecorded: 'MentionsRecorded',
  mentionsNegative: 'MentionsNegative',
  incidentsOpened: 'IncidentsOpened',
  escalations: 'Escalations',
  sourceFailures: 'SourceFailures',
} as const;

export interface MonitoredSource {
  readonly sourceId: string;
  readonly brand: string;
  /** Minutes between runs (rate schedules); a cron source is checked hourly. */
  readonly periodMinutes?: number;
}

export interface MonitoringProps {
  readonly alarmEmails: readonly string[];
  /** The Powertools service names (the `service` dimension) of the fetch and escalation-step handlers. */
  readonly services: { readonly fetch: string; readonly escalation: string };
  /** Every function, by a short label used in alarm names and the dashboard. */
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly sources: readonly MonitoredSource[];
  readonly escalation: sfn.IStateMachine;
  /** The escalation flow's own failed-execution alarm, when it brings one. @default one is created */
  readonly escalationFailedAlarm?: cloudwatch.Alarm;
  readonly report: sfn.IStateMachine;
  /** Dead-letter queues by label: any message in one is an alarm. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /**
   * Consecutive failed runs of one source before the alarm fires.
   * @default 3
   */
  readonly sourceFailureRuns?: number;
  /**
   * Hours without a fetched mention, from a source that usually has some, before the alarm fires.
   * @default 6
   */
  readonly quietSourceHours?: number;
}

export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, private readonly props: MonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // CloudWatch cannot publish to a topic under the AWS-managed SNS key: this key lets it.
    const key = new kms.Key(this, 'TopicKey', { description: 'crisis-desk alarm topic', enableKeyRotation: true });
    const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatchPrincipal],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: 'crisis-desk alarms', masterKey: key, enforceSSL: true });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudwatchPrincipal],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    for (const email of props.alarmEmails) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.action = new actions.SnsAction(this.topic);

    this.functionAlarms();
    this.sourceAlarms();
    if (props.escalationFailedAlarm) this.adopt(props.escalationFailedAlarm);
    else this.flowAlarm('EscalationFailed', props.escalation, 'An escalation execution failed, timed out or was aborted: an Incident may have stopped paging its owners.');
    this.flowAlarm('ReportFailed', props.report, 'The weekly report execution failed after its retries.');
    for (const [label, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${label}NotEmpty`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        alarmDescription: `Dead-letter queue "${label}" holds messages: an invocation was lost. Inspect and redrive them.`,
      });
    }
    this.dashboard = this.buildDashboard();
  }

  /** A custom metric emitted by `service`. */
  metric(service: string, name: string, dimensions: Record<string, string>, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: metricsNamespaceOf(this),
      metricName: name,
      dimensionsMap: { service, ...dimensions },
      statistic: 'Sum',
      ...options,
    });
  }

  /** Sends an alarm made elsewhere to the topic and shows it on the dashboard. */
  adopt(alarm: cloudwatch.Alarm): void {
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
  }

  private alarm(id: string, props: Omit<cloudwatch.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number }): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...props,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  private functionAlarms(): void {
    for (const [label, fn] of Object.entries(this.props.functions)) {
      this.alarm(`${label}Errors`, {
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 1,
        alarmDescription: `Function ${label} threw: see its log group.`,
      });
    }
  }

  private sourceAlarms(): void {
    const runs = this.props.sourceFailureRuns ?? 3;
    const quietHours = this.props.quietSourceHours ?? 6;
    for (const source of this.props.sources) {
      const dims = { source: source.sourceId, brand: source.brand };
      const fetch = this.props.services.fetch;
      const id = pascal(source.sourceId);
      const periodMinutes = clampPeriod(source.periodMinutes ?? 60, runs);
      this.alarm(`Source${id}Failing`, {
        metric: this.metric(fetch, METRIC.sourceFailures, { source: source.sourceId }, { period: Duration.minutes(periodMinutes) }),
        threshold: 1,
        evaluationPeriods: runs,
        datapointsToAlarm: runs,
        alarmDescription: `Source "${source.sourceId}" failed ${runs} runs in a row: check its credentials (secret), URL and the fetch function's logs.`,
      });
      // Only a regular (rate) source has an expected cadence to miss; a cron source may run weekly.
      if (source.periodMinutes === undefined || source.periodMinutes > 60) continue;
      // Anomaly detection: a source that is usually quiet has a lower band of 0 and never fires.
      const fetched = this.metric(fetch, METRIC.mentionsFetched, dims, { period: Duration.hours(1) });
      const quiet = new cloudwatch.AnomalyDetectionAlarm(this, `Source${id}Quiet`, {
        metric: fetched,
        stdDevs: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
        evaluationPeriods: quietHours,
        datapointsToAlarm: quietHours,
        // A run that fetched nothing emits 0; no data at all means the fetcher stopped running.
        treatMissingData: cloudwatch.TreatMissingData.BREACHING,
        alarmDescription: `No mentions fetched from usually busy source "${source.sourceId}" for ${quietHours} hours: the query, the API or the schedule may be broken.`,
      });
      quiet.addAlarmAction(this.action);
      this.alarms.push(quiet);
    }
  }

  private flowAlarm(id: string, machine: sfn.IStateMachine, description: string): void {
    const period = Duration.minutes(5);
    this.alarm(id, {
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: {
          failed: machine.metricFailed({ period }),
          timedOut: machine.metricTimedOut({ period }),
          aborted: machine.metricAborted({ period }),
        },
        period,
        label: 'failed + timed out + aborted',
      }),
      threshold: 1,
      alarmDescription: description,
    });
  }

  private buildDashboard(): cloudwatch.Dashboard {
    const { sources, functions, escalation, services } = this.props;
    const hour = Duration.hours(1);
    const perSource = (name: string) =>
      sources.map((s) => this.metric(services.fetch, name, { source: s.sourceId, brand: s.brand }, { period: hour, label: s.sourceId }));
    const negativeShare = sources.map(
      (s, i) =>
        new cloudwatch.MathExpression({
          expression: `100 * FILL(neg${i}, 0) / FILL(rec${i}, 1)`,
          usingMetrics: {
            [`neg${i}`]: this.metric(services.fetch, METRIC.mentionsNegative, { source: s.sourceId, brand: s.brand }, { period: hour }),
            [`rec${i}`]: this.metric(services.fetch, METRIC.mentionsRecorded, { source: s.sourceId, brand: s.brand }, { period: hour }),
          },
          period: hour,
          label: `${s.sourceId} negative %`,
        }),
    );
    const brands = [...new Set(sources.map((s) => s.brand))];
    const flowPeriod = Duration.minutes(15);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(7) });
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'Mentions fetched per source', left: perSource(METRIC.mentionsFetched), width: 12 }),
      new cloudwatch.GraphWidget({ title: 'Negative share of recorded mentions (%)', left: negativeShare, width: 12, leftYAxis: { min: 0, max: 100 } }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Incidents opened and escalated per brand',
        left: brands.map((b) => this.metric(services.fetch, METRIC.incidentsOpened, { brand: b }, { period: hour, label: `${b} opened` })),
        right: brands.map((b) => this.metric(services.escalation, METRIC.escalations, { brand: b }, { period: hour, label: `${b} escalated` })),
        width: 8,
      }),
      new cloudwatch.SingleValueWidget({
        title: 'Open incidents (escalations running)',
        // Each open Incident is one running escalation execution until it is resolved.
        metrics: [
          new cloudwatch.MathExpression({
            expression: 'RUNNING_SUM(FILL(started, 0) - FILL(succeeded, 0) - FILL(failed, 0) - FILL(aborted, 0) - FILL(timedOut, 0))',
            usingMetrics: {
              started: escalation.metricStarted({ period: flowPeriod }),
              succeeded: escalation.metricSucceeded({ period: flowPeriod }),
              failed: escalation.metricFailed({ period: flowPeriod }),
              aborted: escalation.metricAborted({ period: flowPeriod }),
              timedOut: escalation.metricTimedOut({ period: flowPeriod }),
            },
            period: flowPeriod,
            label: 'running in the dashboard range',
          }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Escalation executions',
        left: [
          escalation.metricStarted({ period: flowPeriod, label: 'started' }),
          escalation.metricSucceeded({ period: flowPeriod, label: 'resolved' }),
          escalation.metricFailed({ period: flowPeriod, label: 'failed' }),
          escalation.metricTimedOut({ period: flowPeriod, label: 'timed out' }),
        ],
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: Object.entries(functions).map(([label, fn]) => fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum', label })),
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Source failures',
        left: sources.map((s) => this.metric(services.fetch, METRIC.sourceFailures, { source: s.sourceId }, { period: hour, label: s.sourceId })),
        width: 12,
      }),
    );
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
    return dashboard;
  }
}

/** CloudWatch wants evaluationPeriods × period within a day for sub-hour periods. */
function clampPeriod(minutes: number, runs: number): number {
  const period = Math.max(1, Math.round(minutes));
  if (period < 60) return Math.min(period, Math.floor((24 * 60) / runs));
  return Math.min(Math.ceil(period / 60) * 60, 24 * 60);
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
