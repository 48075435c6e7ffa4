/**
 * The LocalFlowRunner's own behaviour on small definitions built for each case (the escalation
 * flow itself is tested from the synthesized stack in escalation-flow.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { FlowTaskGoneError } from '../../lambdas/adapters/sfn-flow-callback.ts';
import { aslFromTemplate, localFunctionArn, resolveTemplateString, UnsupportedTemplateValueError } from '../../lib/local/asl.ts';
import { LocalFlowRunner, UnsupportedDefinitionError } from '../../lib/local/flow-runner.ts';
import { ManualClock } from '../../lib/local/sim-clock.ts';

const FN = localFunctionArn('WorkerFn');
const callbackTask = (extra: Record<string, unknown> = {}) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
  Parameters: { FunctionName: FN, Payload: { 'id.$': '$.id', 'token.$': '$$.Task.Token' } },
  TimeoutSecondsPath: '$.timeout',
  ResultPath: '$.answer',
  ...extra,
});

describe('Function: resolveTemplateString', () => {
  it('joins strings, partitions and function ARNs into placeholders carrying the logical id', () => {
    const value = { 'Fn::Join': ['', ['{"a":"arn:', { Ref: 'AWS::Partition' }, ':x","f":"', { 'Fn::GetAtt': ['NotifyFnA1B2', 'Arn'] }, '"}']] };
    expect(JSON.parse(resolveTemplateString(value))).toEqual({ a: 'arn:aws:x', f: localFunctionArn('NotifyFnA1B2') });
  });

  it('refuses an intrinsic it does not know', () => {
    expect(() => resolveTemplateString({ 'Fn::Sub': 'x' })).toThrow(UnsupportedTemplateValueError);
  });

  it('finds the one state machine of a template, or asks which', () => {
    const machine = (s: string) => ({ Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: s } });
    expect(aslFromTemplate({ Resources: { A: machine('{"StartAt":"x"}') } })).toEqual({ StartAt: 'x' });
    expect(() => aslFromTemplate({ Resources: { A: machine('{}'), B: machine('{}') } })).toThrow('found A, B');
    expect(aslFromTemplate({ Resources: { A: machine('{"n":1}'), B: machine('{"n":2}') } }, 'B')).toEqual({ n: 2 });
  });
});

describe('Class: LocalFlowRunner', () => {
  it('passes the payload to the handler, waits for the answer to its token, and refuses a second answer', async () => {
    const seen: unknown[] = [];
    const runner = new LocalFlowRunner({
      definition: { StartAt: 'Ask', States: { Ask: { ...callbackTask(), End: true } } },
      handlers: { WorkerFn: async (event: { id: string; token: string }) => void seen.push(event) },
    });
    expect(await runner.start('run-1', { id: 'x', timeout: 60 })).toBe('started');
    expect(await runner.start('run-1', { id: 'x', timeout: 60 })).toBe('already-started');
    await runner.waitFor('run-1', () => runner.waitingTokens('run-1').length === 1);
    const [token] = runner.waitingTokens('run-1');
    expect(seen).toEqual([{ id: 'x', token }]);

    await runner.succeed(token!, { action: 'ok' });
    await runner.idle();
    expect(runner.describe('run-1')).toMatchObject({ status: 'SUCCEEDED', output: { id: 'x', timeout: 60, answer: { action: 'ok' } } });
    await expect(runner.succeed(token!, { action: 'again' })).rejects.toBeInstanceOf(FlowTaskGoneError);
    await expect(runner.succeed('made-up', {})).rejects.toMatchObject({ reason: 'InvalidToken' });
  });

  it('times a callback task out in simulated time, catchable as States.Timeout and never retried', async () => {
    const runner = new LocalFlowRunner({
      definition: {
        StartAt: 'Ask',
        States: {
          Ask: {
            ...callbackTask(),
            Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 10, MaxAttempts: 3 }],
            Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' }],
            End: true,
          },
          TimedOut: { Type: 'Pass', End: true },
        },
      },
      handlers: { WorkerFn: async () => undefined },
      speedup: 10_000,
    });
    const started = performance.now();
    await runner.start('run', { id: 'x', timeout: 3600 });
    await runner.idle();
    // An hour at 10,000x is 360 ms.
    expect(performance.now() - started).toBeLessThan(3000);
    expect(runner.describe('run')).toMatchObject({ status: 'SUCCEEDED', output: { error: { Error: 'States.Timeout' } } });
    expect(runner.history('run').filter((e) => e.type === 'StateRetried')).toEqual([]);
  });

  it('hands a handler error to Retry and Catch by its name, with a Lambda-shaped cause', async () => {
    let calls = 0;
    const runner = new LocalFlowRunner({
      definition: {
        StartAt: 'Work',
        States: {
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: FN, 'Payload.$': '$' },
            TimeoutSeconds: 30,
            Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 60, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ['QuotaError'], ResultPath: '$.error', Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', End: true },
        },
      },
      handlers: {
        WorkerFn: async () => {
          calls += 1;
          throw Object.assign(new Error('over quota'), { name: 'QuotaError' });
        },
      },
      speedup: 60_000,
    });
    await runner.start('run', {});
    await runner.idle();
    expect(calls).toBe(3);
    const output = runner.describe('run')!.output as { error: { Error: string; Cause: string } };
    expect(output.error.Error).toBe('QuotaError');
    expect(JSON.parse(output.error.Cause)).toEqual({ errorType: 'QuotaError', errorMessage: 'over quota' });
  });

  it('waits until a timestamp on the given clock, compressed', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const runner = new LocalFlowRunner({
      definition: { StartAt: 'Hold', States: { Hold: { Type: 'Wait', TimestampPath: '$.until', Next: 'Done' }, Done: { Type: 'Succeed' } } },
      handlers: {},
      speedup: 3600,
      clock,
    });
    const started = performance.now();
    await runner.start('run', { until: '2026-01-01T00:01:00Z' });
    await runner.idle();
    const took = performance.now() - started;
    // One simulated minute at 3600x: about 17 ms.
    expect(took).toBeGreaterThanOrEqual(10);
    expect(took).toBeLessThan(2000);
    expect(runner.status('run')).toBe('SUCCEEDED');
  });

  it('stops running executions without calling a handler again', async () => {
    let calls = 0;
    const runner = new LocalFlowRunner({
      definition: { StartAt: 'Ask', States: { Ask: { ...callbackTask({ Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 3 }] }), End: true } } },
      handlers: { WorkerFn: async () => void (calls += 1) },
    });
    await runner.start('run', { id: 'x', timeout: 600 });
    await runner.waitFor('run', () => runner.waitingTokens().length === 1);
    await runner.stop();
    expect(runner.status('run')).toBe('ABORTED');
    expect(calls).toBe(1);
  });

  it.each([
    ['no handler for a function', { ...callbackTask(), End: true }, {}, 'no local handler for function WorkerFn'],
    ['a callback that retries States.ALL', { ...callbackTask({ Retry: [{ ErrorEquals: ['States.ALL'] }] }), End: true }, { WorkerFn: async () => 1 }, 'retries States.Timeout or States.ALL'],
    ['a callback without a timeout', { ...callbackTask({ TimeoutSecondsPath: undefined }), End: true }, { WorkerFn: async () => 1 }, 'needs TimeoutSeconds'],
    ['an unknown resource', { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true }, {}, 'has no local equivalent'],
  ])('refuses %s at construction', (_what, state, handlers, message) => {
    expect(() => new LocalFlowRunner({ definition: { StartAt: 'S', States: { S: JSON.parse(JSON.stringify(state)) } }, handlers })).toThrow(
      expect.objectContaining({ name: UnsupportedDefinitionError.name, message: expect.stringContaining(message) }),
    );
  });
});
