/**
 * The weekly report: an EventBridge Scheduler cron evaluated in the configured time zone
 * starts a small Standard state machine that runs the weekly-report function with retries.
 * A state machine rather than a direct invoke: retries with backoff, a visible execution
 * history, and the same ASL the local runtime can interpret.
 */
import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeStateMachineRole } from './nag-acknowledgements.ts';
import { schedulerRoleFor } from './source-fetcher.ts';

export interface WeeklyReportFlowProps {
  readonly reportFunction: lambda.IFunction;
  /** EventBridge Scheduler cron, e.g. `cron(0 9 ? * MON *)`. */
  readonly schedule: string;
  /** IANA time zone the cron is evaluated in. */
  readonly timeZone: string;
  readonly schedulerDeadLetters: sqs.IQueue;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
}

/** State name of the one task: the local runtime maps it to the weekly-report handler. */
export const BUILD_REPORT_STATE = 'Build and send weekly report';

export class WeeklyReportFlow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;
  readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: WeeklyReportFlowProps) {
    super(scope, id);
    const build = new tasks.LambdaInvoke(this, 'BuildReport', {
      stateName: BUILD_REPORT_STATE,
      lambdaFunction: props.reportFunction,
      payload: sfn.TaskInput.fromJsonPathAt('$'),
      payloadResponseOnly: false,
      outputPath: '$.Payload',
      taskTimeout: sfn.Timeout.duration(Duration.minutes(5)),
    });
    // Lambda service errors are retried by default; a failed or timed-out build gets two more tries.
    build.addRetry({
      errors: ['States.TaskFailed', 'States.Timeout'],
      interval: Duration.minutes(1),
      backoffRate: 2,
      maxAttempts: 2,
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(build),
      comment: 'crisis-desk weekly report',
      timeout: Duration.minutes(30),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });
    acknowledgeStateMachineRole(this.stateMachine.role, [props.reportFunction]);

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'crisis-desk: weekly report',
      schedule: scheduler.ScheduleExpression.expression(props.schedule, TimeZone.of(props.timeZone)),
      target: new targets.StepFunctionsStartExecution(this.stateMachine, {
        role: schedulerRoleFor(this),
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        deadLetterQueue: props.schedulerDeadLetters,
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
