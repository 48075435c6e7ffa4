/** The LocalFlowRunner on virtual time: waits and timeouts in simulated time, with work never raced. */
import { describe, expect, it } from 'vitest';
import { localFunctionArn } from '../../lib/local/asl.ts';
import { LocalFlowRunner } from '../../lib/local/flow-runner.ts';
import { VirtualTime } from '../../lib/local/virtual-time.ts';

const FN = localFunctionArn('WorkerFn');
const T0 = new Date('2026-11-18T10:00:00Z');
const minutesSince = (time: VirtualTime) => (time.now().getTime() - T0.getTime()) / 60_000;

describe('Class: LocalFlowRunner, on virtual time', () => {
  it('times out a callback task, waits, and runs slow handlers at exact simulated times', async () => {
    const time = new VirtualTime(T0);
    const calls: string[] = [];
    const runner = new LocalFlowRunner({
      definition: {
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: FN, Payload: { step: 'ask', 'token.$': '$$.Task.Token' } },
            TimeoutSeconds: 900,
            Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'Hold' }],
            End: true,
          },
          Hold: { Type: 'Wait', Seconds: 1800, Next: 'Again' },
          Again: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: FN, Payload: { step: 'again' } },
            TimeoutSeconds: 30,
            End: true,
          },
        },
      },
      handlers: {
        WorkerFn: async (event: { step: string }) => {
          // Slow, real work: virtual time must not move while it runs.
          await new Promise((r) => setTimeout(r, 40));
          calls.push(`${event.step} at +${minutesSince(time)}`);
        },
      },
      clock: time,
      timers: time,
    });
    await runner.start('run', {});
    await time.advanceTo(new Date(T0.getTime() + 10 * 60_000));
    expect(calls).toEqual(['ask at +0']);
    expect(runner.status('run')).toBe('RUNNING');
    await time.advanceTo(new Date(T0.getTime() + 3 * 3_600_000));
    expect(calls).toEqual(['ask at +0', 'again at +45']);
    expect(runner.status('run')).toBe('SUCCEEDED');
  });

  it('answers a token at the simulated time it is answered, and counts the answered flow as busy', async () => {
    const time = new VirtualTime(T0);
    const seen: string[] = [];
    let token = '';
    const runner = new LocalFlowRunner({
      definition: {
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: FN, Payload: { 'token.$': '$$.Task.Token', step: 'ask' } },
            TimeoutSeconds: 3600,
            ResultPath: '$.answer',
            Next: 'After',
          },
          After: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: FN, Payload: { step: 'after' } }, TimeoutSeconds: 30, End: true },
        },
      },
      handlers: {
        WorkerFn: async (event: { step: string; token?: string }) => {
          if (event.token) token = event.token;
          await new Promise((r) => setTimeout(r, 20));
          seen.push(`${event.step} at +${minutesSince(time)}`);
        },
      },
      clock: time,
      timers: time,
    });
    await runner.start('run', {});
    // Someone answers 6 minutes in; the timeout (60 minutes) never fires.
    time.after(6 * 60_000, () => void runner.succeed(token, { ok: true }));
    await time.advanceTo(new Date(T0.getTime() + 2 * 3_600_000));
    expect(seen).toEqual(['ask at +0', 'after at +6']);
    expect(runner.status('run')).toBe('SUCCEEDED');
    expect(time.pending).toBe(0);
  });
});
