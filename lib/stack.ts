/**
 * CrisisDeskStack: everything crisis-desk needs in one AWS account, from one validated config.
 * No physical names are set anywhere, so stages (dev, prod ...) deploy side by side.
 *
 *   Scheduler (per source) -> fetch function (per source) -> tables, Comprehend, escalation flow
 *   escalation flow (EscalationFlow) -> notify-level / escalation-step -> SES, signed links
 *   incident-action (function URL) -> tables, SendTaskSuccess/Failure
 *   Scheduler (weekly, in config.timeZone) -> report state machine -> weekly-report -> S3, SES
 */
import path from 'node:path';
import { CfnOutput, Duration, Stack, Validations, type CfnElement, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { Config } from '../lambdas/core/config.ts';
import { CrisisFunction, STAGE_CONTEXT, type CrisisFunctionProps } from './constructs/crisis-function.ts';
import { CrisisSecrets } from './constructs/crisis-secrets.ts';
import { bindTable, DataTables, type TableEncryption } from './constructs/data-tables.ts';
import { EscalationFlow } from './constructs/escalation-flow.ts';
import { HANDLER_ENV } from '../lambdas/contracts/handler-env.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { ReportBucket } from './constructs/report-bucket.ts';
import { grantSendAs } from './constructs/ses-sender.ts';
import { ratePeriodMinutes, SourceFetcher } from './constructs/source-fetcher.ts';
import { WeeklyReportFlow } from './constructs/weekly-report-flow.ts';
import { acknowledgeOnDefaultPolicy, acknowledgeStateMachineRole, REASONS } from './constructs/nag-acknowledgements.ts';

const STAGE = /^[a-z][a-z0-9-]{0,19}$/;

export const HANDLERS_DIR = path.resolve(import.meta.dirname, '../lambdas/handlers');

/** Entry files of the functions; each source's fetch function runs its kind's fetch/<kind>.ts (source-fetcher.ts). */
export const HANDLER_FILES = {
  notifyLevel: 'notify-level.ts',
  escalationStep: 'escalation-step.ts',
  incidentAction: 'incident-action.ts',
  incidentPage: 'incident-page.ts',
  weeklyReport: 'weekly-report.ts',
} as const;
export type HandlerName = keyof typeof HANDLER_FILES | 'fetchMentions';

/**
 * What the weekly report's chart renderer reads at run time (its `defaultAssetFiles()`; a test
 * keeps the two lists equal): resvg's WebAssembly and the Open Sans fonts.
 */
export const REPORT_PACKAGE_FILES = [
  '@resvg/resvg-wasm/index_bg.wasm',
  '@expo-google-fonts/open-sans/400Regular/OpenSans_400Regular.ttf',
  '@expo-google-fonts/open-sans/700Bold/OpenSans_700Bold.ttf',
] as const;

/**
 * The Powertools service each handler reports as (its `powertools('...')` call): the `service`
 * dimension of its metrics, so the alarms and dashboard must use the same names.
 */
export const HANDLER_SERVICE: Record<HandlerName, string> = {
  fetchMentions: 'fetch-mentions',
  notifyLevel: 'notify-level',
  escalationStep: 'escalation-step',
  incidentAction: 'incident-action',
  incidentPage: 'incident-page',
  weeklyReport: 'weekly-report',
};

export interface CrisisDeskStackProps extends StackProps {
  /** The validated config (lib/config-file.ts loadConfigFile). */
  readonly config: Config;
  /** Deployment stage, e.g. dev or prod: the stack name, CRISIS_DESK_STAGE, the descriptions. */
  readonly stage: string;
  /** @default 'aws-managed' */
  readonly tableEncryption?: TableEncryption;
  /**
   * Where the handler entry files live.
   * @default lambdas/handlers of this repository
   */
  readonly handlersDir?: string;
}

export class CrisisDeskStack extends Stack {
  readonly tables: DataTables;
  readonly fetchers: ReadonlyMap<string, SourceFetcher>;
  readonly functions: {
    readonly notifyLevel: CrisisFunction;
    readonly escalationStep: CrisisFunction;
    readonly incidentAction: CrisisFunction;
    readonly incidentPage: CrisisFunction;
    readonly weeklyReport: CrisisFunction;
  };
  readonly escalation: EscalationFlow;
  readonly report: WeeklyReportFlow;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: CrisisDeskStackProps) {
    // Before super(): a bad stage must fail with this message, not the stack-name rule's.
    if (!STAGE.test(props.stage)) throw new Error(`stage "${props.stage}" is invalid: use lowercase letters, digits and dashes (max 20), e.g. dev or prod`);
    super(scope, id, { description: `crisis-desk (${props.stage}): brand mention monitoring, incident escalation and weekly post-mortems`, ...props });
    const { config, stage } = props;
    this.node.setContext(STAGE_CONTEXT, stage);
    const entry = (name: keyof typeof HANDLER_FILES) => path.join(props.handlersDir ?? HANDLERS_DIR, HANDLER_FILES[name]);

    this.tables = new DataTables(this, 'Tables', { encryption: props.tableEncryption });
    const reports = new ReportBucket(this, 'Reports');
    // An import reads a file on the machine that runs the CLI (`crisis-desk replay`, `fetch`): a
    // Lambda has no such file, so it gets no fetcher, schedule, secret or alarm.
    const deployedSources = config.sources.filter((s) => s.kind !== 'import');
    const secrets = new CrisisSecrets(this, 'Secrets', { sources: deployedSources });
    const queue = (queueId: string) =>
      new sqs.Queue(this, queueId, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    const schedulerDeadLetters = queue('SchedulerDeadLetters');
    const asyncFailures = queue('AsyncFailures');
    for (const q of [schedulerDeadLetters, asyncFailures]) {
      Validations.of(q).acknowledge({
        id: 'AwsSolutions-SQS3',
        reason: 'This queue is itself a dead-letter destination (Scheduler DLQ / Lambda on-failure); a DLQ of a DLQ adds nothing. It is alarmed when not empty.',
      });
    }

    const common = { config, environment: { [HANDLER_ENV.stage]: stage } };
    const fn = (fnId: string, name: keyof typeof HANDLER_FILES, extra: Partial<CrisisFunctionProps>) =>
      new CrisisFunction(this, fnId, {
        ...common,
        serviceName: HANDLER_SERVICE[name],
        entry: entry(name),
        // Any function an operator invokes with --invocation-type Event still lands its failure somewhere.
        onFailure: new destinations.SqsDestination(asyncFailures),
        retryAttempts: 0,
        ...extra,
      });

    // Acknowledge / resolve endpoint: public URL, every request carries an HMAC-signed, expiring token.
    const incidentAction = fn('IncidentAction', 'incidentAction', {
      description: 'crisis-desk: acknowledge / resolve endpoint (signed links)',
      timeout: Duration.seconds(15),
      // Anyone with an email has the URL: a flood of it must not take the concurrency the fetchers and the notifier need.
      ...(config.actionEndpoint.reservedConcurrency !== false && { reservedConcurrentExecutions: config.actionEndpoint.reservedConcurrency }),
    });
    const actionUrl = incidentAction.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });

    // The read-only incident page: public URL, every request carries a signed view link. Its buttons
    // lead to the action endpoint named in that link, so it needs no reference to the action URL.
    const incidentPage = fn('IncidentPage', 'incidentPage', {
      description: 'crisis-desk: read-only incident page (signed view links)',
      timeout: Duration.seconds(15),
      ...(config.incidentPage.reservedConcurrency !== false && { reservedConcurrentExecutions: config.incidentPage.reservedConcurrency }),
    });
    const pageUrl = incidentPage.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    incidentAction.addEnvironment(HANDLER_ENV.incidentPageUrl, pageUrl.url);

    const notifyLevel = fn('NotifyLevel', 'notifyLevel', {
      description: 'crisis-desk: email a Level of owners, keep the task token',
      environment: { ...common.environment, [HANDLER_ENV.actionBaseUrl]: actionUrl.url, [HANDLER_ENV.incidentPageUrl]: pageUrl.url },
    });
    const escalationStep = fn('EscalationStep', 'escalationStep', { description: 'crisis-desk: plan and escalate an Incident' });
    const weeklyReport = fn('WeeklyReport', 'weeklyReport', {
      description: 'crisis-desk: weekly post-mortem report',
      memorySize: 1024,
      timeout: Duration.minutes(3),
      packageFiles: REPORT_PACKAGE_FILES,
    });
    this.functions = { notifyLevel, escalationStep, incidentAction, incidentPage, weeklyReport };

    bindTable(notifyLevel, this.tables, 'mentions', 'read');
    bindTable(notifyLevel, this.tables, 'incidents', 'readWrite');
    // The public function gets and puts single Incidents (IncidentStore get / save), no index.
    bindTable(incidentAction, this.tables, 'incidents', 'itemReadWrite');
    // The page reads only what it shows: one Incident by key, its posts through byIncident, the brand's buckets.
    bindTable(incidentPage, this.tables, 'incidents', 'itemRead');
    bindTable(incidentPage, this.tables, 'mentions', 'indexQuery', { indexes: ['byIncident'] });
    bindTable(incidentPage, this.tables, 'counters', 'query');
    for (const f of [notifyLevel, incidentAction]) grantSendAs(f, config.sender);
    for (const f of [notifyLevel, incidentAction, incidentPage]) {
      f.addEnvironment(HANDLER_ENV.linkSecretArn, secrets.linkSigning.secretArn);
      iam.Grant.addToPrincipal({ grantee: f, actions: ['secretsmanager:GetSecretValue'], resourceArns: [secrets.linkSigning.secretArn] });
    }
    bindTable(escalationStep, this.tables, 'incidents', 'readWrite');
    bindTable(weeklyReport, this.tables, 'incidents', 'read');
    bindTable(weeklyReport, this.tables, 'counters', 'read');
    grantSendAs(weeklyReport, config.sender);
    weeklyReport.addEnvironment(HANDLER_ENV.reportBucket, reports.bucket.bucketName);
    // PutObject only: no read-back, no delete, no ACL (the bucket enforces owner-only objects).
    iam.Grant.addToPrincipal({ grantee: weeklyReport, actions: ['s3:PutObject'], resourceArns: [reports.bucket.arnForObjects('*')] });
    acknowledgeOnDefaultPolicy(weeklyReport.executionRole, `AwsSolutions-IAM5[Resource::<${this.getLogicalId(reports.bucket.node.defaultChild as CfnElement)}.Arn>/*]`, REASONS.reportObjects);

    this.escalation = new EscalationFlow(this, 'Escalation', { notifyLevel, escalationStep });
    const machine = this.escalation.stateMachine;
    acknowledgeStateMachineRole(machine.role, [notifyLevel, escalationStep]);
    // The ack endpoint answers the waiting task. A separate Policy: the function depends on its
    // default policy, the flow on notify-level, and notify-level on this function's URL (a cycle).
    const taskResponse = new iam.Policy(this, 'IncidentActionTaskResponse', {
      statements: [new iam.PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'], resources: [machine.stateMachineArn] })],
    });
    incidentAction.executionRole.attachInlinePolicy(taskResponse);

    const fetchers = new Map<string, SourceFetcher>();
    for (const source of deployedSources) {
      fetchers.set(
        source.id,
        new SourceFetcher(this, `Source-${source.id}`, {
          config,
          source,
          handlersDir: props.handlersDir ?? HANDLERS_DIR,
          serviceName: HANDLER_SERVICE.fetchMentions,
          tables: this.tables,
          escalation: machine,
          secret: secrets.sourceSecrets.get(source.id),
          schedulerDeadLetters,
          asyncFailures,
          environment: common.environment,
        }),
      );
    }
    this.fetchers = fetchers;

    this.report = new WeeklyReportFlow(this, 'ReportFlow', {
      reportFunction: weeklyReport,
      schedule: config.report.schedule,
      timeZone: config.timeZone,
      schedulerDeadLetters,
    });

    this.monitoring = new Monitoring(this, 'Monitoring', {
      alarmEmails: config.alarms.emails,
      services: { fetch: HANDLER_SERVICE.fetchMentions, escalation: HANDLER_SERVICE.escalationStep },
      functions: {
        ...Object.fromEntries([...fetchers].map(([sourceId, f]) => [`Fetch-${sourceId}`, f.fn])),
        NotifyLevel: notifyLevel,
        EscalationStep: escalationStep,
        IncidentAction: incidentAction,
        IncidentPage: incidentPage,
        WeeklyReport: weeklyReport,
      },
      sources: deployedSources.map((s) => ({ sourceId: s.id, brand: s.brand, periodMinutes: ratePeriodMinutes(s.schedule) })),
      escalation: machine,
      escalationFailedAlarm: this.escalation.failedAlarm,
      report: this.report.stateMachine,
      deadLetterQueues: { SchedulerDeadLetters: schedulerDeadLetters, AsyncFailures: asyncFailures },
    });

    new CfnOutput(this, 'AckEndpoint', { value: actionUrl.url, description: 'Acknowledge / resolve endpoint (links in escalation emails point here)' });
    new CfnOutput(this, 'IncidentPageUrl', { value: pageUrl.url, description: 'The read-only incident page (every email links to it with a signed view link)' });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${this.monitoring.dashboard.dashboardName}`,
    });
    new CfnOutput(this, 'ReportBucketName', { value: reports.bucket.bucketName, description: 'Weekly reports archive' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn, description: 'Confirm the subscription emails it sends' });
    new CfnOutput(this, 'LinkSigningSecretName', { value: secrets.linkSigning.secretName, description: 'Generated; nothing to fill in' });
    new CfnOutput(this, 'EscalationStateMachineArn', {
      value: this.escalation.stateMachine.stateMachineArn,
      description: 'Fire drill: crisis-desk drill --aws --state-machine-arn <this>',
    });
    new CfnOutput(this, 'WeeklyReportStateMachineArn', {
      value: this.report.stateMachine.stateMachineArn,
      description: 'Run the weekly report now: aws stepfunctions start-execution --state-machine-arn <this>',
    });
    for (const [sourceId, fetcher] of fetchers) {
      new CfnOutput(this, `FetchFunction-${sourceId}`, {
        value: fetcher.fn.functionName,
        description: `Fetch now: aws lambda invoke --function-name <this> --cli-binary-format raw-in-base64-out --payload '{"sourceId":"${sourceId}"}' out.json`,
      });
    }
    for (const [sourceId, secret] of secrets.sourceSecrets) {
      new CfnOutput(this, `SourceSecret-${sourceId}`, {
        value: secret.secretName,
        description: `Fill in with: aws secretsmanager put-secret-value --secret-id <this> --secret-string file://${sourceId}.json`,
      });
    }

  }
}
