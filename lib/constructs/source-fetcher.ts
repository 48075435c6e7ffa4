/**
 * One source's fetcher: a function running its kind's entry (lambdas/handlers/fetch/<kind>.ts,
 * which bundles that one connector) for this source only (so it can read this source's secret
 * and no other), and the EventBridge Scheduler schedule that invokes it with `{ "sourceId": ... }`.
 */
import path from 'node:path';
import { Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Config, SourceConfig } from '../../lambdas/core/config.ts';
import { SOURCE_KINDS, type SourceKind } from '../../lambdas/core/mention.ts';
import { CrisisFunction } from './crisis-function.ts';
import { bindTable, type DataTables } from './data-tables.ts';
import { HANDLER_ENV } from '../../lambdas/contracts/handler-env.ts';
import { acknowledgeOnDefaultPolicy, arnFinding, REASONS } from './nag-acknowledgements.ts';

/** The Comprehend calls ComprehendAnalyzer makes; Comprehend's detect APIs take no resource ARN. */
export const COMPREHEND_ACTIONS = ['comprehend:BatchDetectDominantLanguage', 'comprehend:BatchDetectSentiment'];

/** Source kinds that get a Lambda: an import reads a file on the machine running the CLI. */
export const DEPLOYED_SOURCE_KINDS: readonly Exclude<SourceKind, 'import'>[] = SOURCE_KINDS.filter((k): k is Exclude<SourceKind, 'import'> => k !== 'import');

/** The handler entry of a `kind` source's fetch function, below the handlers folder. */
export const fetchEntryFor = (handlersDir: string, kind: SourceKind): string => path.join(handlersDir, 'fetch', `${kind}.ts`);

export interface SourceFetcherProps {
  readonly config: Config;
  readonly source: SourceConfig;
  /** The folder of the handler entries (lambdas/handlers); the function runs fetch/<kind>.ts from it. */
  readonly handlersDir: string;
  readonly serviceName: string;
  readonly tables: DataTables;
  readonly escalation: sfn.IStateMachine;
  /** This source's credentials, when it names `secret` in the config. */
  readonly secret?: secretsmanager.ISecret;
  /** Where Scheduler puts invocations it could not deliver. */
  readonly schedulerDeadLetters: sqs.IQueue;
  /** Where Lambda puts asynchronous invocations that failed. */
  readonly asyncFailures: sqs.IQueue;
  readonly environment?: Record<string, string>;
}

export class SourceFetcher extends Construct {
  readonly fn: CrisisFunction;
  readonly schedule: scheduler.Schedule;
  /** The entry file bundled: its kind's, so the bundle holds that connector only. */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: SourceFetcherProps) {
    super(scope, id);
    const { config, source } = props;
    if (source.kind === 'import') throw new Error(`source "${source.id}": an import source has no fetch function (it reads a local file; use the CLI)`);
    this.entry = fetchEntryFor(props.handlersDir, source.kind);
    this.fn = new CrisisFunction(this, 'Function', {
      entry: this.entry,
      config,
      lexiconChunk: true,
      serviceName: props.serviceName,
      description: `crisis-desk: fetch mentions from source "${source.id}" (${source.kind})`,
      timeout: Duration.minutes(2),
      environment: { ...props.environment, [HANDLER_ENV.sourceId]: source.id },
      // A failed run is retried by the next scheduled run: the cursor only advances after a stored batch.
      retryAttempts: 0,
      maxEventAge: Duration.hours(1),
      onFailure: new destinations.SqsDestination(props.asyncFailures),
    });
    bindTable(this.fn, props.tables, 'mentions', 'readWrite', { batchWrite: true });
    bindTable(this.fn, props.tables, 'counters', 'readWrite');
    bindTable(this.fn, props.tables, 'cursors', 'readWrite');
    bindTable(this.fn, props.tables, 'incidents', 'readWrite');

    this.fn.addEnvironment(HANDLER_ENV.escalationStateMachineArn, props.escalation.stateMachineArn);
    props.escalation.grantStartExecution(this.fn);
    // A rising severity completes the waiting notify task early so the flow re-pages at the new level.
    iam.Grant.addToPrincipal({ grantee: this.fn, actions: ['states:SendTaskSuccess'], resourceArns: [props.escalation.stateMachineArn] });

    if (props.secret) {
      this.fn.addEnvironment(HANDLER_ENV.sourceSecretArn, props.secret.secretArn);
      iam.Grant.addToPrincipal({ grantee: this.fn, actions: ['secretsmanager:GetSecretValue'], resourceArns: [props.secret.secretArn] });
    }

    if (config.analyzer === 'comprehend') {
      // A policy of its own, so its one wildcard is acknowledged on it alone.
      const comprehend = new iam.Policy(this, 'Comprehend', {
        statements: [new iam.PolicyStatement({ actions: COMPREHEND_ACTIONS, resources: ['*'] })],
      });
      this.fn.executionRole.attachInlinePolicy(comprehend);
      Validations.of(comprehend).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: REASONS.comprehend });
      // Texts analysed in earlier runs are not billed again.
      bindTable(this.fn, props.tables, 'analysisCache', 'read', { batchWrite: true });
    }

    const schedulerRole = schedulerRoleFor(this);
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: `crisis-desk: fetch source "${source.id}"`,
      schedule: scheduler.ScheduleExpression.expression(source.schedule, TimeZone.of(config.timeZone)),
      target: new targets.LambdaInvoke(this.fn, {
        role: schedulerRole,
        input: scheduler.ScheduleTargetInput.fromObject({ sourceId: source.id }),
        deadLetterQueue: props.schedulerDeadLetters,
        retryAttempts: 3,
        // A fetch older than an hour is superseded by a later run.
        maxEventAge: Duration.hours(1),
      }),
    });
    acknowledgeOnDefaultPolicy(schedulerRole, arnFinding(this.fn, ':*'), REASONS.functionVersions("This source's schedule"));
  }
}

/** A role only EventBridge Scheduler of this account can assume (confused-deputy guard). */
export function schedulerRoleFor(scope: Construct): iam.Role {
  return new iam.Role(scope, 'SchedulerRole', {
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
  });
}

/** The schedule's period in minutes for rate() expressions; undefined for cron() and at(). */
export { ratePeriodMinutes } from '../../lambdas/core/schedule.ts';
