/**
 * The escalation flow: one Standard state machine (JSONPath only, because the local interpreter
 * ignores JSONata and Assign) that pages a Level, waits for the callback or the Level's timeout,
 * escalates, repeats the ladder, then pages everyone and keeps reminding until resolved.
 * The local runtime interprets the synthesized definition of this very construct.
 *
 *   Start -> Route -> NotifyLevel (.waitForTaskToken, TimeoutSecondsPath $.timeoutSeconds)
 *     acknowledged    -> AwaitResolution -> (timeout) NextReminder -> Route -> Remind -> ... -> Closed
 *     resolved        -> Closed
 *     snoozed         -> Replan -> Route -> Hold (until) -> Resume -> Route -> NotifyLevel
 *     severity-raised -> Replan -> Route -> NotifyLevel (same Level, new severity)
 *     States.Timeout  -> Escalate -> Route -> NotifyLevel (next Level / repeat / everyone)
 *     email failed after retries -> NotifyFailed (records it, escalates) -> Route
 *   any other failure -> MarkFailed (records flow-failed on the Incident) -> Failed
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface EscalationFlowProps {
  /**
   * The notify-level handler (lambdas/handlers/notify-level.ts), invoked with `.waitForTaskToken`:
   * emails the Level, stores the task token on the Incident. It is granted SendTaskSuccess on
   * this state machine (it answers at once when the Incident was acknowledged meanwhile).
   */
  readonly notifyLevel: lambda.IFunction;
  /** The escalation-step handler (lambdas/handlers/escalation-step.ts): plans, escalates, records failures. */
  readonly escalationStep: lambda.IFunction;
  /**
   * Where the state machine logs (level ALL, with execution data: incident ids and positions only).
   * @default a new log group kept one month
   */
  readonly logGroup?: logs.ILogGroup;
}

/** Names of the states, shared with tests and the local runtime's progress output. */
export const ESCALATION_STATES = {
  start: 'Start',
  route: 'Route',
  hold: 'Hold',
  resume: 'Resume',
  notifyLevel: 'NotifyLevel',
  answered: 'Answered',
  replan: 'Replan',
  escalate: 'Escalate',
  notifyFailed: 'NotifyFailed',
  awaitResolution: 'AwaitResolution',
  remind: 'Remind',
  nextReminder: 'NextReminder',
  answeredAfterAck: 'AnsweredAfterAck',
  closed: 'Closed',
  markFailed: 'MarkFailed',
  failed: 'Failed',
} as const;

/** A plain step (Lambda, request-response) finishes in seconds; the Lambda's own timeout is shorter. */
const STEP_TIMEOUT = Duration.seconds(120);

export class EscalationFlow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  /** Fires when an execution fails, times out or is aborted: the stack adds the alarm action. */
  readonly failedAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: EscalationFlowProps) {
    super(scope, id);
    const S = ESCALATION_STATES;
    const incidentId = sfn.JsonPath.stringAt('$.incidentId');
    const position = sfn.JsonPath.objectAt('$.position');

    const markFailed = this.#step(props, S.markFailed, { op: 'flow-failed', incidentId, error: sfn.JsonPath.objectAt('$.error') });
    markFailed.next(new sfn.Fail(this, S.failed, { error: 'EscalationFailed', cause: 'The escalation flow failed; the Incident is marked flow-failed.' }));
    const catchAll = (state: tasks.LambdaInvoke) => state.addCatch(markFailed, { errors: ['States.ALL'], resultPath: '$.error' });

    // The whole execution input goes to the first plan: `{ incidentId, drill }` opens a fire drill.
    const start = catchAll(this.#step(props, S.start, { op: 'plan', incidentId, execution: sfn.JsonPath.entirePayload }));
    const resume = catchAll(this.#step(props, S.resume, { op: 'plan', incidentId, position, waitedUntil: sfn.JsonPath.stringAt('$.notBefore') }));
    const replan = catchAll(this.#step(props, S.replan, { op: 'plan', incidentId, position, callback: sfn.JsonPath.objectAt('$.callback') }));
    const nextReminder = catchAll(this.#step(props, S.nextReminder, { op: 'plan', incidentId, position, remind: true }));
    const escalate = catchAll(this.#step(props, S.escalate, { op: 'escalate', incidentId, position }));
    const notifyFailed = catchAll(
      this.#step(props, S.notifyFailed, { op: 'notify-failed', incidentId, position, error: sfn.JsonPath.objectAt('$.error') }),
    );

    const notifyLevel = this.#callback(props, S.notifyLevel, 'page', '$.timeoutSeconds');
    const awaitResolution = this.#callback(props, S.awaitResolution, 'await', '$.remindSeconds');
    const remind = this.#callback(props, S.remind, 'remind', '$.remindSeconds');
    // The timeout catcher comes first: a States.Timeout must escalate, never count as a failed email.
    notifyLevel.addCatch(escalate, { errors: ['States.Timeout'], resultPath: '$.error' });
    notifyLevel.addCatch(notifyFailed, { errors: ['States.ALL'], resultPath: '$.error' });
    awaitResolution.addCatch(nextReminder, { errors: ['States.Timeout'], resultPath: '$.error' });
    awaitResolution.addCatch(notifyFailed, { errors: ['States.ALL'], resultPath: '$.error' });
    remind.addCatch(nextReminder, { errors: ['States.Timeout'], resultPath: '$.error' });
    remind.addCatch(notifyFailed, { errors: ['States.ALL'], resultPath: '$.error' });

    const closed = new sfn.Succeed(this, S.closed);
    const hold = new sfn.Wait(this, S.hold, { time: sfn.WaitTime.timestampPath('$.notBefore') });
    hold.next(resume);

    const route = new sfn.Choice(this, S.route)
      .when(sfn.Condition.stringEquals('$.status', 'resolved'), closed)
      .when(sfn.Condition.isPresent('$.notBefore'), hold)
      // Every step returns `remind` (true or false): a Choice on a missing path would fail the execution.
      .when(sfn.Condition.and(sfn.Condition.stringEquals('$.status', 'acknowledged'), sfn.Condition.booleanEquals('$.remind', true)), remind)
      .when(sfn.Condition.stringEquals('$.status', 'acknowledged'), awaitResolution)
      .otherwise(notifyLevel);
    for (const step of [start, resume, replan, nextReminder, escalate, notifyFailed]) step.next(route);

    const action = '$.callback.action';
    notifyLevel.next(
      new sfn.Choice(this, S.answered)
        .when(sfn.Condition.stringEquals(action, 'acknowledged'), awaitResolution)
        .when(sfn.Condition.stringEquals(action, 'resolved'), closed)
        // snoozed and severity-raised re-plan the same Level; so does an unknown answer (keep paging).
        .otherwise(replan),
    );
    const afterAck = new sfn.Choice(this, S.answeredAfterAck)
      .when(sfn.Condition.stringEquals(action, 'resolved'), closed)
      .when(sfn.Condition.stringEquals(action, 'snoozed'), replan)
      .when(sfn.Condition.stringEquals(action, 'severity-raised'), nextReminder)
      .otherwise(awaitResolution);
    awaitResolution.next(afterAck);
    remind.next(afterAck);

    const logGroup =
      props.logGroup ??
      new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(start),
      stateMachineType: sfn.StateMachineType.STANDARD,
      queryLanguage: sfn.QueryLanguage.JSON_PATH,
      tracingEnabled: true,
      // ALL events, without their data: payloads carry task tokens and the notes people typed.
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      comment: 'crisis-desk escalation: page a Level, wait for acknowledgement or timeout, escalate, remind until resolved',
    });
    // notify-level answers its own token when the Incident was acknowledged or resolved meanwhile.
    // A separate Policy, not the role's default one: the function depends on its default policy and
    // the state machine on the function, so granting there would make a dependency cycle.
    if (!props.notifyLevel.role) throw new Error('EscalationFlow: notifyLevel needs an execution role to be granted SendTaskSuccess');
    new iam.Policy(this, 'NotifyLevelTaskResponse', {
      roles: [props.notifyLevel.role],
      statements: [
        new iam.PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      ],
    });

    const period = Duration.minutes(5);
    this.failedAlarm = new cloudwatch.Alarm(this, 'FailedAlarm', {
      alarmDescription: 'An escalation execution failed, timed out or was aborted: an Incident may be unowned.',
      metric: new cloudwatch.MathExpression({
        expression: 'failed + timedOut + aborted',
        label: 'Escalations that did not finish',
        period,
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ period, statistic: 'Sum' }),
          timedOut: this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
          aborted: this.stateMachine.metricAborted({ period, statistic: 'Sum' }),
        },
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** A request-response call of escalation-step whose result replaces the state. */
  #step(props: EscalationFlowProps, name: string, payload: Record<string, unknown>): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this, name, {
      lambdaFunction: props.escalationStep,
      payload: sfn.TaskInput.fromObject(payload),
      outputPath: '$.Payload',
      taskTimeout: sfn.Timeout.duration(STEP_TIMEOUT),
      retryOnServiceExceptions: true,
    });
    task.addRetry({
      errors: ['States.TaskFailed'],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    return task;
  }

  /** A notify-level call that waits for SendTaskSuccess or the timeout at `timeoutPath`. */
  #callback(props: EscalationFlowProps, name: string, mode: 'page' | 'await' | 'remind', timeoutPath: string): tasks.LambdaInvoke {
    const task = new tasks.LambdaInvoke(this, name, {
      lambdaFunction: props.notifyLevel,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      payload: sfn.TaskInput.fromObject({
        incidentId: sfn.JsonPath.stringAt('$.incidentId'),
        position: sfn.JsonPath.objectAt('$.position'),
        mode,
        // Names the page across retries (each retry gets a new token): nobody is emailed twice.
        page: sfn.JsonPath.stringAt('$.page'),
        taskToken: sfn.JsonPath.taskToken,
      }),
      taskTimeout: sfn.Timeout.at(timeoutPath),
      resultPath: '$.callback',
      retryOnServiceExceptions: true,
    });
    // A failed email (or store write) is retried with backoff; it never retries a timeout.
    task.addRetry({
      errors: ['States.TaskFailed'],
      interval: Duration.seconds(10),
      maxAttempts: 3,
      backoffRate: 2,
      jitterStrategy: sfn.JitterType.FULL,
    });
    return task;
  }
}
