/**
 * LocalFlowRunner: runs a synthesized state machine (ASL from the template, see asl.ts) with
 * aws-local-stepfunctions, each Lambda task mapped by its function's logical id to the same
 * handler function in-process. It is the local FlowStarter and FlowCallback: the local runtime
 * passes it where AWS passes SfnFlowStarter and SfnFlowCallback.
 *
 * What the interpreter lacks is filled in on a local copy of the definition:
 *  - `.waitForTaskToken`: `$$.Task.Token` becomes `States.UUID()`; the task calls the handler,
 *    then waits on this runner's broker until succeed/fail or the task's timeout (States.Timeout).
 *    TimeoutSecondsPath is resolved against the state's input, as Step Functions does.
 *  - Waits, task timeouts and retry intervals are simulated time, divided by `speedup`; Wait
 *    timestamps are measured against `clock` (the demo's simulated clock). Given `timers`
 *    (virtual time), waits and timeouts are handed to it instead and retries take no time; the
 *    runner marks each execution busy between two waits, so virtual time moves only once every
 *    execution waits (the definitions run one state at a time: no Parallel or Map with waits).
 *  - A handler's error reaches Retry/Catch with its name, and a Lambda-shaped JSON Cause.
 * Refused at construction: HeartbeatSeconds, a callback task that retries States.Timeout or
 * States.ALL, a Lambda task without a local handler, and any other service integration.
 */
import './polyfills.ts';
import { StateMachine, type RunOptions, type StateMachineDefinition } from 'aws-local-stepfunctions';
import { FlowTaskGoneError } from '../../lambdas/adapters/sfn-flow-callback.ts';
import type { Clock, FlowCallback, FlowStarter, FlowStartResult, Logger } from '../../lambdas/core/ports.ts';
import { aslFromTemplate, localFunctionArn, logicalIdOfArn, type TemplateJson } from './asl.ts';
import type { ExecutionJournal } from './execution-journal.ts';
import { systemClock } from '../../lambdas/adapters/system-clock.ts';
import { realTimers, type Timers } from './timers.ts';

/** A Lambda handler run in-process: it gets the task's Payload and returns the function's result. */
// `never`: any handler, whatever its event type, fits; the runner passes the payload the ASL built.
export type LocalHandler = (event: never) => unknown;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionEvent {
  type: string;
  /** Real time (ms since epoch) the interpreter logged it. */
  timestamp: number;
  state?: string;
  error?: string;
  cause?: string;
  output?: unknown;
}

export interface ExecutionInfo {
  name: string;
  status: ExecutionStatus;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
}

export interface LocalFlowRunnerProps {
  /** Plain ASL JSON (use `fromTemplate` to take it from a synthesized template). */
  definition: Record<string, unknown>;
  /** Handlers by function logical id (the id in the placeholder ARN; see asl.ts logicalIdOf). */
  handlers: Record<string, LocalHandler>;
  /** Simulated milliseconds per real millisecond for waits, task timeouts and retry intervals. @default 1 */
  speedup?: number;
  /** The clock Wait timestamps are compared with. @default the system clock */
  clock?: Clock;
  /** Times waits and task timeouts (virtual time in the demo). @default real timers at `speedup` */
  timers?: Timers;
  logger?: Logger;
  /** Called for each interpreter event (progress output). */
  onEvent?: (executionName: string, event: ExecutionEvent) => void;
  /**
   * Keeps every execution and the state it stands in, so a start is a no-op across processes and
   * `resume()` carries on after a restart. Without it, executions live in this process only.
   */
  journal?: ExecutionJournal;
  /** Names this state machine in the journal. @default 'flow' */
  machineName?: string;
}

export interface FromTemplateProps extends Omit<LocalFlowRunnerProps, 'definition'> {
  /** Which state machine, when the template holds several. */
  stateMachineLogicalId?: string;
}

/** The task timed out (the broker's States.Timeout). Not retryable, as a Step Functions timeout with no retrier for it. */
class LocalTaskTimeoutError extends Error {
  readonly isRetryable = false;
  constructor() {
    super('States.Timeout');
    this.name = 'States.Timeout';
  }
}

export class UnsupportedDefinitionError extends Error {
  constructor(state: string, why: string) {
    super(`state "${state}" cannot run locally: ${why}`);
    this.name = 'UnsupportedDefinitionError';
  }
}

/** Long enough never to fire, short of setTimeout's 24.8-day limit: the runner times tasks itself. */
const UNBOUNDED_SECONDS = 1_000_000;
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const CALLBACK = `${LAMBDA_INVOKE}.waitForTaskToken`;
const TASK_TOKEN = '$$.Task.Token';
/** Added to a callback task's Parameters in the local copy: its TimeoutSecondsPath, resolved on the state input. */
const LOCAL_TIMEOUT = 'LocalTimeoutSeconds';
const LOCAL_WAIT_ARN = localFunctionArn('LocalWait');
/** Local definitions the library has validated in this process. */
const VALIDATED = new Set<string>();

type Plan =
  | { kind: 'invoke'; handler: LocalHandler }
  | { kind: 'direct'; handler: LocalHandler }
  | { kind: 'callback'; handler: LocalHandler; tokenPaths: string[][]; timeoutSeconds?: number }
  | { kind: 'wait'; seconds?: number; secondsPath?: string; timestamp?: string; timestampPath?: string };

type StateJson = Record<string, unknown>;
type TaskOverrides = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>;

interface Waiter {
  execution: string;
  answer?: { ok: true; output: unknown } | { ok: false; error: string; cause: string };
  settle?: (answer: NonNullable<Waiter['answer']>) => void;
}

interface Execution extends ExecutionInfo {
  history: ExecutionEvent[];
  controller: AbortController;
  done: Promise<void>;
  listeners: Set<() => void>;
  /** Ends the execution's current stretch of work (see Timers.begin). */
  work: () => void;
  /** The state last entered and its journal write: a task runs only once its state is on record. */
  entered?: { state: string; written: Promise<void> };
  /** A resumed run: the state it resumed in, and how long that state had already waited. */
  resumed?: { state: string; enteredAt: string; elapsedMs: number; entryKept?: boolean; waitUsed?: boolean };
  /** stop() suspended it: the journal keeps it RUNNING for the next process to resume. */
  suspended?: boolean;
  /** Waiting on the world: a callback's answer or timeout, or a Wait. */
  blocked?: boolean;
}

export class LocalFlowRunner implements FlowStarter, FlowCallback {
  readonly #machine: StateMachine;
  /** The local copy of the definition, and a machine per state a resumed run starts at. */
  readonly #definition: StateJson;
  readonly #resumeMachines = new Map<string, StateMachine>();
  readonly #plans = new Map<string, Plan>();
  readonly #retryOverrides: Record<string, number[]> = {};
  readonly #executionTimeoutSeconds: number | undefined;
  readonly #speedup: number;
  readonly #clock: Clock;
  readonly #timers: Timers;
  readonly #props: LocalFlowRunnerProps;
  readonly #executions = new Map<string, Execution>();
  readonly #waiters = new Map<string, Waiter>();
  /** Tokens that were answered or timed out: a late answer is told the task is gone. */
  readonly #spent = new Set<string>();

  constructor(props: LocalFlowRunnerProps) {
    this.#props = props;
    this.#speedup = props.speedup ?? 1;
    if (!(this.#speedup > 0)) throw new RangeError('speedup must be a positive number');
    this.#clock = props.clock ?? systemClock;
    this.#timers = props.timers ?? realTimers(this.#speedup);
    const copy = structuredClone(props.definition) as StateJson;
    this.#executionTimeoutSeconds = typeof copy.TimeoutSeconds === 'number' ? copy.TimeoutSeconds : undefined;
    delete copy.TimeoutSeconds;
    this.#rewriteStates(copy.States as Record<string, StateJson>);
    // The library's validator compiles its JSON schema on every construction (about 1.5 s here):
    // validate each distinct definition once per process.
    const key = JSON.stringify(copy);
    this.#machine = new StateMachine(copy as unknown as StateMachineDefinition, { validationOptions: { noValidate: VALIDATED.has(key) } });
    VALIDATED.add(key);
    this.#definition = copy;
  }

  /** A runner for the state machine in a synthesized template (`Template.fromStack(stack).toJSON()`). */
  static fromTemplate(template: TemplateJson, props: FromTemplateProps): LocalFlowRunner {
    const { stateMachineLogicalId, ...rest } = props;
    return new LocalFlowRunner({ ...rest, definition: aslFromTemplate(template, stateMachineLogicalId) });
  }

  // ---- FlowStarter ----------------------------------------------------------------------------

  /** Starts an execution named `name`; a name used before (running or finished, in any process sharing the journal) is a no-op, as in Step Functions. */
  async start(name: string, input: Record<string, unknown>): Promise<FlowStartResult> {
    if (this.#executions.has(name)) return 'already-started';
    const journal = this.#props.journal;
    if (journal) {
      // Claimed in memory first: two starts in this process never both reach the journal.
      const claim = this.#newExecution(name, input);
      this.#executions.set(name, claim);
      const created = await journal
        .create({ name, machine: this.#machineName, status: 'RUNNING', input: claim.input, startedAt: this.#clock.now().toISOString() })
        .catch((err: unknown) => {
          this.#executions.delete(name);
          throw err;
        });
      if (!created) {
        this.#executions.delete(name);
        return 'already-started';
      }
      this.#launch(claim, this.#machine, claim.input);
      return 'started';
    }
    const execution = this.#newExecution(name, input);
    this.#executions.set(name, execution);
    this.#launch(execution, this.#machine, execution.input);
    return 'started';
  }

  /**
   * Carries on every execution the journal holds as running and this process does not: each
   * from the state it had entered, with that state's input. A task state runs again (a page
   * names the same page, so nobody is emailed twice); a callback waits only what was left of
   * its timeout. Returns the names resumed.
   */
  async resume(): Promise<string[]> {
    const journal = this.#props.journal;
    if (!journal) return [];
    const resumed: string[] = [];
    for (const record of await journal.running(this.#machineName)) {
      if (this.#executions.has(record.name)) continue;
      const states = this.#definition.States as Record<string, StateJson>;
      const at = record.state && states[record.state] ? record.state : undefined;
      const execution = this.#newExecution(record.name, record.input as Record<string, unknown>);
      if (at && record.enteredAt)
        execution.resumed = { state: at, enteredAt: record.enteredAt, elapsedMs: Math.max(0, this.#clock.now().getTime() - Date.parse(record.enteredAt)) };
      this.#executions.set(record.name, execution);
      this.#launch(execution, at ? this.#machineAt(at) : this.#machine, structuredClone(at ? record.stateInput : record.input) as never);
      this.#props.logger?.info('local flow resumed', { execution: record.name, state: at ?? 'start' });
      resumed.push(record.name);
    }
    return resumed;
  }

  get #machineName(): string {
    return this.#props.machineName ?? 'flow';
  }

  #newExecution(name: string, input: Record<string, unknown>): Execution {
    return {
      name,
      status: 'RUNNING',
      input: structuredClone(input),
      history: [],
      controller: new AbortController(),
      done: Promise.resolve(),
      listeners: new Set(),
      work: this.#timers.begin(),
    };
  }

  /** The same definition starting at `state` (validated once as the whole; only StartAt differs). */
  #machineAt(state: string): StateMachine {
    let machine = this.#resumeMachines.get(state);
    if (!machine) {
      machine = new StateMachine({ ...this.#definition, StartAt: state } as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
      this.#resumeMachines.set(state, machine);
    }
    return machine;
  }

  #launch(execution: Execution, machine: StateMachine, input: unknown): void {
    const { name } = execution;
    const run = machine.run(input as never, {
      overrides: { taskResourceLocalHandlers: this.#overridesFor(execution), retryIntervalOverrides: this.#retryOverrides },
      noThrowOnAbort: true,
    });
    execution.controller.signal.addEventListener('abort', () => run.abort(), { once: true });
    const events = (async () => {
      for await (const e of run.eventLogs) this.#record(execution, e as unknown as Record<string, unknown>);
    })();
    let cancelTimeout = () => {};
    if (this.#executionTimeoutSeconds !== undefined)
      cancelTimeout = this.#timers.after(this.#executionTimeoutSeconds * 1000, () => {
        execution.status = 'TIMED_OUT';
        execution.controller.abort();
      });
    execution.done = run.result
      .then(
        (output) => {
          if (execution.status !== 'RUNNING') return;
          if (execution.controller.signal.aborted) execution.status = 'ABORTED';
          else Object.assign(execution, { status: 'SUCCEEDED', output });
        },
        (err: unknown) => {
          const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
          Object.assign(execution, {
            status: execution.status === 'RUNNING' ? 'FAILED' : execution.status,
            error: cause instanceof Error ? cause.name : 'Error',
            cause: cause instanceof Error ? cause.message : String(cause),
          });
          this.#props.logger?.error('local flow execution failed', { execution: name, error: execution.error, cause: execution.cause });
        },
      )
      .finally(async () => {
        cancelTimeout();
        execution.controller.abort();
        await events.catch(() => undefined);
        await execution.entered?.written.catch(() => undefined);
        // A suspended execution stays RUNNING in the journal: the next process resumes it.
        if (this.#props.journal && !execution.suspended && execution.status !== 'RUNNING' && execution.status !== 'ABORTED')
          await this.#props.journal
            .finish(name, execution.status, this.#clock.now().toISOString(), { error: execution.error, cause: execution.cause })
            .catch((err: unknown) => this.#props.logger?.error('local flow journal write failed', { execution: name, error: String(err) }));
        this.#notify(execution);
        execution.work();
      });
  }

  // ---- FlowCallback -----------------------------------------------------------------------------

  async succeed(taskToken: string, output: Record<string, unknown>): Promise<void> {
    // Step Functions passes the output as a JSON string: the flow sees a copy, never the caller's object.
    this.#answer(taskToken, { ok: true, output: JSON.parse(JSON.stringify(output)) });
  }

  async fail(taskToken: string, error: string, cause: string): Promise<void> {
    this.#answer(taskToken, { ok: false, error, cause });
  }

  // ---- Observing (tests, the demo) ------------------------------------------------------------

  status(name: string): ExecutionStatus | undefined {
    return this.#executions.get(name)?.status;
  }

  describe(name: string): ExecutionInfo | undefined {
    const e = this.#executions.get(name);
    return e && { name: e.name, status: e.status, input: e.input, output: e.output, error: e.error, cause: e.cause };
  }

  /** The interpreter's events for an execution, oldest first. */
  history(name: string): ExecutionEvent[] {
    return [...(this.#executions.get(name)?.history ?? [])];
  }

  /** Names of the executions started so far. */
  executions(): string[] {
    return [...this.#executions.keys()];
  }

  /** Task tokens currently waiting for an answer, for one execution or all. */
  waitingTokens(name?: string): string[] {
    return [...this.#waiters.entries()].filter(([, w]) => !w.answer && (!name || w.execution === name)).map(([t]) => t);
  }

  /** Resolves once the execution's history satisfies `predicate`; rejects after `timeoutMs` real ms or when it ended unsatisfied. */
  waitFor(name: string, predicate: (history: ExecutionEvent[], info: ExecutionInfo) => boolean, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const e = this.#executions.get(name);
        if (e && predicate(e.history, this.describe(name)!)) return finish();
        if (e && e.status !== 'RUNNING') return finish(new Error(`execution ${name} ended ${e.status} before the condition held`));
        return false;
      };
      const finish = (err?: Error): true => {
        clearTimeout(timer);
        this.#executions.get(name)?.listeners.delete(listener);
        if (err) reject(err);
        else resolve();
        return true;
      };
      const listener = () => void check();
      const timer = setTimeout(() => finish(new Error(`execution ${name}: condition not met within ${timeoutMs} ms`)), timeoutMs);
      if (check()) return;
      const e = this.#executions.get(name);
      if (!e) {
        finish(new Error(`no execution named ${name}`));
        return;
      }
      e.listeners.add(listener);
    });
  }

  /**
   * Resolves once each named execution (every running one when none is named) waits on the world
   * (an answer, a timeout, a Wait) or has ended: its page went out. Rejects after `timeoutMs` real ms.
   */
  async settled(names?: string[], timeoutMs = 60_000): Promise<void> {
    const targets = (names ?? [...this.#executions.keys()]).map((n) => this.#executions.get(n)).filter((e): e is Execution => e !== undefined);
    await Promise.all(
      targets.map(
        (e) =>
          new Promise<void>((resolve, reject) => {
            const check = () => {
              if (e.status !== 'RUNNING' || e.blocked) {
                clearTimeout(timer);
                e.listeners.delete(check);
                resolve();
              }
            };
            const timer = setTimeout(() => {
              e.listeners.delete(check);
              reject(new Error(`execution ${e.name} did not reach a wait within ${timeoutMs} ms`));
            }, timeoutMs);
            e.listeners.add(check);
            check();
          }),
      ),
    );
  }

  /** Resolves when no execution is running, including executions started meanwhile. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.#executions.values()].filter((e) => e.status === 'RUNNING');
      if (running.length === 0) return;
      await Promise.all(running.map((e) => e.done));
    }
  }

  /**
   * Stops every running execution (no handler is called after this) and waits for them to settle.
   * With a journal they stay running there, to be resumed by the next process.
   */
  async stop(): Promise<void> {
    for (const e of this.#executions.values())
      if (e.status === 'RUNNING') {
        e.suspended = true;
        e.controller.abort();
      }
    await Promise.all([...this.#executions.values()].map((e) => e.done));
  }

  // ---- Internals --------------------------------------------------------------------------------

  #realMs(simulatedMs: number): number {
    return Math.max(0, simulatedMs / this.#speedup);
  }

  #record(execution: Execution, raw: Record<string, unknown>): void {
    const event = toEvent(raw);
    if (event.type === 'StateEntered' && event.state && raw.index === undefined) this.#checkpoint(execution, event.state, (raw.state as { input?: unknown }).input);
    execution.history.push(event);
    this.#props.onEvent?.(execution.name, event);
    this.#notify(execution);
  }

  /** Puts the state just entered on record; its task waits for the write (see #overridesFor). */
  #checkpoint(execution: Execution, state: string, input: unknown): void {
    const journal = this.#props.journal;
    const resumed = execution.resumed;
    // The state a run resumed in keeps its first entry time: a second restart waits no longer.
    const keep = resumed && !resumed.entryKept && resumed.state === state;
    if (keep) resumed.entryKept = true;
    const at = keep ? resumed.enteredAt : this.#clock.now().toISOString();
    const before = execution.entered?.written ?? Promise.resolve();
    const written = journal ? before.catch(() => undefined).then(() => journal.checkpoint(execution.name, state, input, at)) : Promise.resolve();
    execution.entered = { state, written };
  }

  /** Resolves once the state `state` has been entered and its checkpoint written. */
  async #onRecord(execution: Execution, state: string): Promise<void> {
    while (execution.entered?.state !== state) {
      if (execution.controller.signal.aborted) return;
      await new Promise<void>((resolve) => {
        const listener = () => {
          execution.listeners.delete(listener);
          resolve();
        };
        execution.listeners.add(listener);
      });
    }
    await execution.entered.written;
  }

  #block(execution: Execution, blocked: boolean): void {
    execution.blocked = blocked;
    if (blocked) this.#notify(execution);
  }

  #notify(execution: Execution): void {
    for (const listener of [...execution.listeners]) listener();
  }

  #answer(token: string, answer: NonNullable<Waiter['answer']>): void {
    const waiter = this.#waiters.get(token);
    if (!waiter || waiter.answer) throw new FlowTaskGoneError(this.#spent.has(token) || waiter ? 'TaskTimedOut' : 'InvalidToken');
    waiter.answer = answer;
    waiter.settle?.(answer);
  }

  /** One set of task overrides per execution, so each task knows its execution (abort, tokens). */
  #overridesFor(execution: Execution): TaskOverrides {
    const signal = execution.controller.signal;
    const overrides: TaskOverrides = {};
    for (const [state, plan] of this.#plans) {
      overrides[state] = (async (input: unknown) => {
        // After stop() nothing runs: the interpreter may still retry or follow a Catch once.
        if (signal.aborted) throw new Error('execution aborted');
        if (this.#props.journal) await this.#onRecord(execution, state);
        if (signal.aborted) throw new Error('execution aborted');
        switch (plan.kind) {
          case 'invoke': {
            const { Payload } = input as { Payload?: unknown };
            const result = await invoke(plan.handler, Payload);
            return { ExecutedVersion: '$LATEST', StatusCode: 200, Payload: result };
          }
          case 'direct':
            return invoke(plan.handler, input);
          case 'callback':
            return this.#callback(execution, state, plan, input as Record<string, unknown>);
          case 'wait':
            this.#block(execution, true);
            await this.#sleep(execution, this.#waitMs(plan, input));
            this.#block(execution, false);
            if (signal.aborted) throw new Error('execution aborted');
            return input;
        }
      }) as unknown as TaskOverrides[string];
    }
    return overrides;
  }

  async #callback(execution: Execution, state: string, plan: Extract<Plan, { kind: 'callback' }>, input: Record<string, unknown>) {
    const { [LOCAL_TIMEOUT]: pathTimeout, ...invocation } = input;
    const timeoutSeconds = plan.timeoutSeconds ?? Number(pathTimeout);
    if (!(timeoutSeconds >= 1)) throw new UnsupportedDefinitionError(state, `timeout ${String(pathTimeout)} is not a positive number of seconds`);
    // Resumed in this very wait: only what was left of it (none when the process was down past it).
    const resumed = execution.resumed;
    const waitedMs = resumed && !resumed.waitUsed && resumed.state === state ? resumed.elapsedMs : 0;
    if (resumed && resumed.state === state) resumed.waitUsed = true;
    const token = String(getPath(invocation, plan.tokenPaths[0]!));
    // Registered before the handler runs: it may answer its own token (an Incident acknowledged meanwhile).
    const waiter: Waiter = { execution: execution.name };
    this.#waiters.set(token, waiter);
    try {
      await invoke(plan.handler, (invocation as { Payload?: unknown }).Payload);
      const answer =
        waiter.answer ??
        (await new Promise<NonNullable<Waiter['answer']>>((resolve, reject) => {
          const signal = execution.controller.signal;
          // The handler's own run time is real work; the wait for an answer is simulated time.
          execution.work();
          const wake = () => {
            execution.work = this.#timers.begin();
            cancel();
            signal.removeEventListener('abort', onAbort);
          };
          const cancel = this.#timers.after(timeoutSeconds * 1000 - waitedMs, () => {
            wake();
            reject(new LocalTaskTimeoutError());
          });
          const onAbort = () => {
            wake();
            reject(new Error('execution aborted'));
          };
          signal.addEventListener('abort', onAbort, { once: true });
          waiter.settle = (a) => {
            wake();
            resolve(a);
          };
          this.#block(execution, true);
        }));
      if (!answer.ok) throw Object.assign(new Error(answer.cause), { name: answer.error });
      return answer.output;
    } finally {
      this.#block(execution, false);
      this.#waiters.delete(token);
      this.#spent.add(token);
    }
  }

  /** A Wait state: the execution rests (not busy) until the timer or an abort wakes it. */
  #sleep(execution: Execution, ms: number): Promise<void> {
    const signal = execution.controller.signal;
    return new Promise((resolve) => {
      if (signal.aborted || ms <= 0) return resolve();
      execution.work();
      const wake = () => {
        execution.work = this.#timers.begin();
        cancel();
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const cancel = this.#timers.after(ms, wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }

  #waitMs(plan: Extract<Plan, { kind: 'wait' }>, input: unknown): number {
    if (plan.seconds !== undefined) return plan.seconds * 1000;
    if (plan.secondsPath) return Number(getPath(input, parsePath(plan.secondsPath))) * 1000;
    const at = plan.timestamp ?? String(getPath(input, parsePath(plan.timestampPath!)));
    const t = Date.parse(at);
    if (Number.isNaN(t)) throw Object.assign(new Error(`not a timestamp: ${at}`), { name: 'States.Runtime' });
    return t - this.#clock.now().getTime();
  }

  #rewriteStates(states: Record<string, StateJson>): void {
    for (const [name, state] of Object.entries(states)) {
      if (Array.isArray(state.Retry))
        this.#retryOverrides[name] = (state.Retry as { IntervalSeconds?: number }[]).map((r) =>
          // The interpreter times retries in real time: in virtual time they take none.
          this.#props.timers ? 0 : this.#realMs((r.IntervalSeconds ?? 1) * 1000),
        );
      if (state.Type === 'Parallel') for (const b of state.Branches as StateJson[]) this.#rewriteStates(b.States as Record<string, StateJson>);
      const processor = (state.ItemProcessor ?? state.Iterator) as StateJson | undefined;
      if (state.Type === 'Map' && processor) this.#rewriteStates(processor.States as Record<string, StateJson>);
      if (state.Type === 'Wait') states[name] = this.#rewriteWait(name, state);
      if (state.Type === 'Task') this.#rewriteTask(name, state);
    }
  }

  #rewriteWait(name: string, state: StateJson): StateJson {
    this.#plans.set(name, {
      kind: 'wait',
      seconds: state.Seconds as number | undefined,
      secondsPath: state.SecondsPath as string | undefined,
      timestamp: state.Timestamp as string | undefined,
      timestampPath: state.TimestampPath as string | undefined,
    });
    const { Seconds: _s, SecondsPath: _sp, Timestamp: _t, TimestampPath: _tp, ...rest } = state;
    return { ...rest, Type: 'Task', Resource: LOCAL_WAIT_ARN, TimeoutSeconds: UNBOUNDED_SECONDS };
  }

  #rewriteTask(name: string, state: StateJson): void {
    const resource = String(state.Resource);
    const parameters = state.Parameters as Record<string, unknown> | undefined;
    const handlerFor = (arn: unknown): LocalHandler => {
      if (typeof arn !== 'string') throw new UnsupportedDefinitionError(name, 'FunctionName must be a fixed ARN');
      const id = logicalIdOfArn(arn) ?? arn;
      const handler = this.#props.handlers[id];
      if (!handler) throw new UnsupportedDefinitionError(name, `no local handler for function ${id}`);
      return handler;
    };
    if (state.HeartbeatSeconds !== undefined || state.HeartbeatSecondsPath !== undefined)
      throw new UnsupportedDefinitionError(name, 'HeartbeatSeconds is not interpreted locally');
    if (resource === LAMBDA_INVOKE) {
      this.#plans.set(name, { kind: 'invoke', handler: handlerFor(parameters?.FunctionName) });
    } else if (resource === CALLBACK) {
      const retriesTimeout = ((state.Retry ?? []) as { ErrorEquals: string[] }[]).some((r) =>
        r.ErrorEquals.some((e) => e === 'States.ALL' || e === 'States.Timeout'),
      );
      if (retriesTimeout) throw new UnsupportedDefinitionError(name, 'a callback task that retries States.Timeout or States.ALL');
      const tokenPaths = replaceTokenPaths(parameters ?? {}, []);
      if (tokenPaths.length === 0) throw new UnsupportedDefinitionError(name, `no ${TASK_TOKEN} in its Parameters`);
      const handler = handlerFor(parameters?.FunctionName);
      if (typeof state.TimeoutSecondsPath === 'string') {
        parameters![`${LOCAL_TIMEOUT}.$`] = state.TimeoutSecondsPath;
        delete state.TimeoutSecondsPath;
        this.#plans.set(name, { kind: 'callback', handler, tokenPaths });
      } else if (typeof state.TimeoutSeconds === 'number') {
        this.#plans.set(name, { kind: 'callback', handler, tokenPaths, timeoutSeconds: state.TimeoutSeconds });
      } else {
        throw new UnsupportedDefinitionError(name, 'a callback task needs TimeoutSeconds or TimeoutSecondsPath');
      }
      state.TimeoutSeconds = UNBOUNDED_SECONDS;
    } else if (logicalIdOfArn(resource)) {
      this.#plans.set(name, { kind: 'direct', handler: handlerFor(resource) });
    } else {
      throw new UnsupportedDefinitionError(name, `resource ${resource} has no local equivalent`);
    }
  }
}

/** Replaces every `"x.$": "$$.Task.Token"` with States.UUID() and returns where the token lands. */
function replaceTokenPaths(node: Record<string, unknown>, at: string[]): string[][] {
  const found: string[][] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.endsWith('.$') && value === TASK_TOKEN) {
      node[key] = 'States.UUID()';
      found.push([...at, key.slice(0, -2)]);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      found.push(...replaceTokenPaths(value as Record<string, unknown>, [...at, key]));
    }
  }
  return found;
}

/** `$.a.b` as ['a', 'b']; the definitions here use no other JSONPath in Wait paths. */
function parsePath(path: string): string[] {
  if (path === '$') return [];
  if (!/^\$(\.[A-Za-z_][\w-]*)+$/.test(path)) throw new Error(`unsupported path ${path} in a local Wait`);
  return path.slice(2).split('.');
}

function getPath(value: unknown, path: string[]): unknown {
  let v = value;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * Calls a handler as Lambda would: the event and the result cross a JSON boundary, and an error
 * surfaces with its name as the Error and a Lambda-shaped JSON Cause.
 */
async function invoke(handler: LocalHandler, payload: unknown): Promise<unknown> {
  let result: unknown;
  try {
    result = await handler(JSON.parse(JSON.stringify(payload ?? null)) as never);
  } catch (err) {
    const name = err instanceof Error ? err.name : 'Error';
    const message = err instanceof Error ? err.message : String(err);
    throw Object.assign(new Error(JSON.stringify({ errorType: name, errorMessage: message })), { name });
  }
  return result === undefined ? null : JSON.parse(JSON.stringify(result));
}

function toEvent(e: Record<string, unknown>): ExecutionEvent {
  const state = e.state as { name?: string } | undefined;
  return {
    type: String(e.type),
    timestamp: Number(e.timestamp),
    ...(state?.name && { state: state.name }),
    ...(e.Error !== undefined && { error: String(e.Error) }),
    ...(e.Cause !== undefined && { cause: e.Cause instanceof Error ? e.Cause.message : String(e.Cause) }),
    ...(e.type === 'ExecutionSucceeded' && { output: e.output }),
  };
}
