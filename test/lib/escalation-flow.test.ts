/**
 * Flow tests: the escalation state machine synthesized by the real stack (bundling skipped), its
 * ASL read from the template and run by LocalFlowRunner, with the real notify-level and
 * escalation-step handlers, the real DynamoDB stores on the embedded server, the outbox mailer
 * and the real acknowledge/resolve/snooze use case. Time is virtual (lib/local/virtual-time.ts,
 * as in the demo): a Level's timeout, a snooze or a reminder fires when the test moves the clock,
 * and only once every flow has finished the work it was doing, so a busy machine cannot make a
 * page arrive "late" and escalate.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import { createDynamoStores, type DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { OutboxMailer } from '../../lambdas/adapters/outbox-mailer.ts';
import { FlowTaskGoneError } from '../../lambdas/adapters/sfn-flow-callback.ts';
import { parseConfig, type Config, type ConfigInput } from '../../lambdas/core/config.ts';
import { escalationName, IncidentAlreadyResolvedError, markReopened, type Incident, type TimelineEvent } from '../../lambdas/core/incident.ts';
import { createIncidentActions, type IncidentActions } from '../../lambdas/core/incident-actions.ts';
import { updateIncident } from '../../lambdas/core/incident-update.ts';
import { createLinkSigner } from '../../lambdas/core/links.ts';
import type { Email, Mailer } from '../../lambdas/core/ports.ts';
import { createEscalationStepHandler } from '../../lambdas/handlers/escalation-step.ts';
import { createNotifyLevelHandler } from '../../lambdas/handlers/notify-level.ts';
import { ESCALATION_STATES as S } from '../../lib/constructs/escalation-flow.ts';
import { aslFromTemplate } from '../../lib/local/asl.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { LocalFlowRunner, type ExecutionEvent, type ExecutionInfo } from '../../lib/local/flow-runner.ts';
import { VirtualTime } from '../../lib/local/virtual-time.ts';
import { synthesizeStack, type SynthesizedStack } from '../../lib/synth.ts';

/** How far each look at the flow moves the clock: well inside a 1-minute Level. */
const STEP_MS = 15_000;
/** How far a test lets the clock run before it gives up on a condition. */
const HORIZON_MINUTES = 120;

const CONFIG: ConfigInput = {
  sender: 'crisis-desk@acme.example',
  timeZone: 'Europe/London',
  analyzer: 'lexicon',
  brands: [{ id: 'acme', name: 'Acme Air', keywords: ['acme air'] }],
  sources: [{ id: 'acme-blog', kind: 'rss', brand: 'acme', url: 'https://blog.acme.example/feed/' }],
  owners: [
    { id: 'maya', name: 'Maya Ortiz', email: 'maya@acme.example' },
    { id: 'kim', name: 'Kim Lee', email: 'kim@acme.example' },
    { id: 'sam', name: 'Sam Okafor', email: 'sam@acme.example' },
    { id: 'lee', name: 'Lee Chen', email: 'lee@acme.example' },
  ],
  escalationPolicies: [
    {
      id: 'major',
      severities: ['SEV1', 'SEV2', 'SEV3'],
      levels: [
        { owners: ['maya', 'kim'], timeoutMinutes: 1 },
        { owners: ['sam'], timeoutMinutes: 1 },
        { owners: ['lee'], timeoutMinutes: 1 },
      ],
      repeat: 1,
      remindMinutes: 5,
    },
  ],
  report: { recipients: ['leadership@acme.example'] },
};

/** A mailer that fails for chosen recipients, `times` times each (Infinity: always). */
class FlakyMailer implements Mailer {
  readonly failures = new Map<string, number>();
  readonly attempts: string[] = [];
  constructor(private readonly inner: Mailer) {}
  async send(email: Email): Promise<void> {
    const to = email.to[0]!;
    this.attempts.push(to);
    const left = this.failures.get(to) ?? 0;
    if (left > 0) {
      this.failures.set(to, left - 1);
      throw Object.assign(new Error(`SES refused ${to}`), { name: 'MessageRejected' });
    }
    await this.inner.send(email);
  }
}

describe('Class: LocalFlowRunner running the synthesized EscalationFlow', () => {
  let config: Config;
  let synthesized: SynthesizedStack;
  let dynamo: EmbeddedDynamo;
  let stores: DynamoStores;
  let dir: string;
  let clock: VirtualTime;
  let outbox: OutboxMailer;
  let mailer: FlakyMailer;
  let runner: LocalFlowRunner;
  let actions: IncidentActions;
  let sequence = 0;

  beforeAll(async () => {
    config = parseConfig(CONFIG, 'flow test config');
    synthesized = synthesizeStack(config, { stage: 'flowtest' });
    dynamo = await startEmbeddedDynamo();
    stores = createDynamoStores(dynamo.client, dynamo.tableNames);
  });

  afterAll(async () => {
    await dynamo?.stop();
  });

  /** A fresh runner, outbox and clock per test; the tables are shared (each test has its own Incident). */
  async function setUp(): Promise<void> {
    dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-flow-'));
    clock = new VirtualTime(new Date('2026-03-10T12:00:00Z'));
    outbox = new OutboxMailer({ dir, clock });
    mailer = new FlakyMailer(outbox);
    const logger = new ConsoleLogger({ quiet: true });
    const base = { config, clock, logger, incidents: stores.incidents };
    const notify = createNotifyLevelHandler({
      ...base,
      mentions: stores.mentions,
      mailer,
      callbacks: { succeed: (t, o) => runner.succeed(t, o), fail: (t, e, c) => runner.fail(t, e, c) },
      links: { baseUrl: 'http://127.0.0.1:8787/', signer: createLinkSigner('flow-test-link-secret-0123456789') },
    });
    const step = createEscalationStepHandler(base);
    runner = LocalFlowRunner.fromTemplate(synthesized.template, {
      stateMachineLogicalId: synthesized.escalationStateMachineLogicalId,
      handlers: { [synthesized.functionLogicalIds.notifyLevel]: notify, [synthesized.functionLogicalIds.escalationStep]: step },
      clock,
      timers: clock,
      logger,
    });
    actions = createIncidentActions({ ...base, callbacks: runner, mailer: outbox });
  }

  afterEach(async () => {
    clock?.stop();
    await runner?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function openIncident(patch: Partial<Incident> = {}): Promise<Incident> {
    sequence += 1;
    const at = clock.now().toISOString();
    const incident: Incident = {
      id: `acme-outage-${sequence}-${Date.now()}`,
      brand: 'acme',
      theme: 'outage',
      fingerprint: `acme#outage-${sequence}`,
      severity: 'SEV2',
      status: 'open',
      firstMentionAt: at,
      openedAt: at,
      reason: '46 negative mentions in 1 h, baseline 7 ± 3',
      triggerMentionIds: ['acme-blog#1'],
      mentionCount: 1,
      negativeCount: 1,
      reach: 1200,
      level: 0,
      notified: [],
      timeline: [{ at, type: 'opened', actor: 'crisis-desk' }],
      version: 1,
      ...patch,
    };
    expect(await stores.incidents.create(incident)).toBe(true);
    return incident;
  }

  const incident = async (id: string): Promise<Incident> => (await stores.incidents.get(id))!;
  const events = async (id: string, type?: TimelineEvent['type']) =>
    (await incident(id)).timeline.filter((e) => !type || e.type === type);
  const entered = (history: ExecutionEvent[], state: string) =>
    history.filter((e) => e.type === 'StateEntered' && e.state === state).length;
  /**
   * Moves the clock on a step at a time until `value()` gives something: each step fires the
   * flows' timers due on the way and lets the work they start finish before the next look.
   */
  async function advanceUntil<T>(value: () => Promise<T | undefined>, failure: () => Promise<string>): Promise<T> {
    const deadline = clock.now().getTime() + HORIZON_MINUTES * 60_000;
    for (;;) {
      await clock.settle();
      const found = await value();
      if (found !== undefined) return found;
      if (clock.now().getTime() >= deadline) throw new Error(`${await failure()} (within ${HORIZON_MINUTES} simulated minutes)`);
      await clock.advanceTo(new Date(clock.now().getTime() + STEP_MS));
    }
  }
  /** The stored Incident once `check` holds (its writes are the flow's observable effects). */
  const until = (id: string, check: (i: Incident) => boolean): Promise<Incident> =>
    advanceUntil(
      async () => {
        const current = await incident(id);
        return check(current) ? current : undefined;
      },
      async () => `condition not met; timeline: ${JSON.stringify((await incident(id)).timeline.map((e) => [e.type, e.actor, e.level]))}`,
    );
  /** Once the execution's history satisfies `predicate`. */
  const flowUntil = (name: string, predicate: (history: ExecutionEvent[], info: ExecutionInfo) => boolean): Promise<true> =>
    advanceUntil(
      async () => {
        const info = runner.describe(name);
        return info && predicate(runner.history(name), info) ? true : undefined;
      },
      async () => `execution ${name}: condition not met; states ${JSON.stringify(runner.history(name).filter((e) => e.type === 'StateEntered').map((e) => e.state))}`,
    );
  /** Lets the clock run for `minutes` (past a Level's timeout, say) with every flow's timers firing. */
  const passMinutes = (minutes: number) => clock.advanceTo(new Date(clock.now().getTime() + minutes * 60_000));
  const notifiedTo = (i: Incident) => i.timeline.filter((e) => e.type === 'notified').map((e) => e.actor);
  const sentFiles = async () => (await readdir(dir)).filter((f) => f.endsWith('.eml'));

  describe('Method: start', () => {
    it('pages level 1 and stops escalating when level 1 acknowledges', async () => {
      await setUp();
      const { id } = await openIncident();
      expect(await runner.start(id, { incidentId: id })).toBe('started');
      await until(id, (i) => notifiedTo(i).length === 2 && Boolean(i.taskToken));

      await actions.acknowledge(id, 'maya@acme.example', 'on it');
      await flowUntil(id, (h) => entered(h, S.awaitResolution) === 1);
      // Well past level 1's timeout: nothing escalates once acknowledged.
      await passMinutes(3);

      const stored = await incident(id);
      expect(stored.status).toBe('acknowledged');
      expect(notifiedTo(stored).sort()).toEqual(['kim@acme.example', 'maya@acme.example']);
      expect(stored.timeline.filter((e) => e.type === 'notified').every((e) => e.level === 1)).toBe(true);
      expect(await events(id, 'escalated')).toEqual([]);
      expect(entered(runner.history(id), S.escalate)).toBe(0);
      expect(runner.status(id)).toBe('RUNNING');
      // Two pages (maya, kim) and the acknowledgement notice.
      expect(await sentFiles()).toHaveLength(3);
    });

    it('times out through every level, repeats the ladder, then pages everyone and keeps reminding', async () => {
      await setUp();
      const { id } = await openIncident();
      await runner.start(id, { incidentId: id });
      const stored = await until(id, (i) => i.timeline.filter((e) => e.type === 'reminded').length >= 4);
      await runner.stop();

      const pages = stored.timeline.filter((e) => e.type === 'notified').map((e) => `${e.level}:${e.actor}`);
      const ladder = ['1:maya@acme.example', '1:kim@acme.example', '2:sam@acme.example', '3:lee@acme.example'];
      const everyone = ['3:maya@acme.example', '3:kim@acme.example', '3:sam@acme.example', '3:lee@acme.example'];
      // First pass, the one repeat, then everyone in the policy.
      expect(pages).toEqual([...ladder, ...ladder, ...everyone]);
      expect(stored.timeline.filter((e) => e.type === 'escalated').map((e) => e.detail)).toEqual([
        'level 1 did not acknowledge within 1 min: paging level 2',
        'level 2 did not acknowledge within 1 min: paging level 3',
        'level 3 did not acknowledge within 1 min: paging level 1 (repeat 1)',
        'level 1 (repeat 1) did not acknowledge within 1 min: paging level 2 (repeat 1)',
        'level 2 (repeat 1) did not acknowledge within 1 min: paging level 3 (repeat 1)',
        'level 3 (repeat 1) did not acknowledge within 1 min: paging everyone',
      ]);
      // After everyone: everyone again, as reminders.
      expect(stored.timeline.filter((e) => e.type === 'reminded').slice(0, 4).map((e) => e.actor).sort()).toEqual(
        ['kim@acme.example', 'lee@acme.example', 'maya@acme.example', 'sam@acme.example'],
      );
      expect(new Set(stored.notified)).toEqual(new Set(['maya@acme.example', 'kim@acme.example', 'sam@acme.example', 'lee@acme.example']));
    });

    it('closes the flow when the incident is resolved during escalation, and pages nobody after', async () => {
      await setUp();
      const { id } = await openIncident();
      await runner.start(id, { incidentId: id });
      await until(id, (i) => notifiedTo(i).includes('sam@acme.example') && i.level === 2 && Boolean(i.taskToken));

      await actions.resolve(id, 'sam@acme.example', { alert: { verdict: 'real' }, rootCause: 'a bad deploy of the booking service', actionItems: [] });
      await flowUntil(id, (_, info) => info.status !== 'RUNNING');

      expect(runner.status(id)).toBe('SUCCEEDED');
      expect(runner.history(id).filter((e) => e.type === 'StateEntered').at(-1)?.state).toBe(S.closed);
      const pagesAtResolve = notifiedTo(await incident(id));
      await passMinutes(3);
      expect(notifiedTo(await incident(id))).toEqual(pagesAtResolve);
      expect(pagesAtResolve).not.toContain('lee@acme.example');
    });

    it('re-notifies the current level at the new severity when severity rises', async () => {
      await setUp();
      const { id } = await openIncident({ severity: 'SEV3' });
      await runner.start(id, { incidentId: id });
      const first = await until(id, (i) => notifiedTo(i).length === 2 && Boolean(i.taskToken));

      // What ingest does on a rise: record it, then answer the waiting task.
      await updateIncident(stores.incidents, id, (i) => {
        i.severity = 'SEV1';
        i.timeline.push({ at: clock.now().toISOString(), type: 'raised', actor: 'crisis-desk', severity: 'SEV1', from: 'SEV3', detail: 'SEV3 → SEV1' });
      });
      await runner.succeed(first.taskToken!, { action: 'severity-raised' });
      const after = await until(id, (i) => notifiedTo(i).length === 4);

      const pages = after.timeline.filter((e) => e.type === 'notified');
      expect(pages.map((e) => e.level)).toEqual([1, 1, 1, 1]);
      expect(pages.slice(2).map((e) => e.detail)).toEqual(['level 1 at SEV1', 'level 1 at SEV1']);
      expect(await events(id, 'escalated')).toEqual([]);
      const subjects = outbox.sent.length;
      expect(subjects).toBe(4);
    });

    it('escalates a reopened incident again from level 1 in a flow of its own, and stops the old one', async () => {
      await setUp();
      const { id } = await openIncident();
      await runner.start(escalationName(await incident(id)), { incidentId: id });
      await until(id, (i) => notifiedTo(i).length === 2 && Boolean(i.taskToken));
      // Snoozed, then resolved while the first flow holds: that flow is not waiting on any task.
      await actions.snooze(id, 'maya@acme.example', new Date(clock.now().getTime() + 10 * 60_000));
      await flowUntil(id, (h) => entered(h, S.hold) === 1);
      await actions.resolve(id, 'maya@acme.example', { alert: { verdict: 'real' }, rootCause: 'looked like a blip', actionItems: [{ text: 'add a status page', owner: 'maya' }] });

      // What ingest does on a flare-up within the reopen window.
      const reopened = await updateIncident(stores.incidents, id, (i) => markReopened(i, clock.now().toISOString(), { severity: 'SEV1', reason: 'flared up again 20 min after it was resolved: 60 negative mentions in 1 h' }));
      const name = escalationName(reopened);
      expect(name).toBe(`${id}-r1`);
      expect(await runner.start(name, { incidentId: id })).toBe('started');
      const pagedAgain = (i: Incident) => i.timeline.slice(i.timeline.findIndex((e) => e.type === 'reopened')).filter((e) => e.type === 'notified');
      await until(id, (i) => pagedAgain(i).length === 2);
      await actions.acknowledge(id, 'kim@acme.example');
      // The first flow wakes from its hold (at most 15 simulated minutes) and ends at Closed, paging nobody.
      await flowUntil(id, (_, info) => info.status !== 'RUNNING');
      expect(runner.status(id)).toBe('SUCCEEDED');
      expect(runner.history(id).filter((e) => e.type === 'StateEntered').at(-1)?.state).toBe(S.closed);
      const after = await incident(id);
      expect(pagedAgain(after).map((e) => [e.level, e.severity, e.actor])).toEqual([
        [1, 'SEV1', 'maya@acme.example'],
        [1, 'SEV1', 'kim@acme.example'],
      ]);
      expect(after.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['opened', 'snoozed', 'resolved', 'reopened', 'acknowledged']));
      // Resolved again: the earlier resolution's action items stay tracked, and the first acknowledgement stands.
      await actions.resolve(id, 'kim@acme.example', { alert: { verdict: 'real' }, rootCause: 'the booking service was down, not a blip', actionItems: [{ text: 'alert on booking errors', owner: 'kim' }] });
      const final = await incident(id);
      expect(final.resolution?.actionItems.map((a) => a.text)).toEqual(['add a status page', 'alert on booking errors']);
      expect(Date.parse(final.acknowledgedAt!)).toBeLessThanOrEqual(Date.parse(final.reopenedAt!));
      await flowUntil(name, (_, info) => info.status !== 'RUNNING');
      expect(runner.status(name)).toBe('SUCCEEDED');
    });

    it('treats a second start for the same incident as a no-op', async () => {
      await setUp();
      const { id } = await openIncident();
      expect(await runner.start(id, { incidentId: id })).toBe('started');
      expect(await runner.start(id, { incidentId: id })).toBe('already-started');
      await until(id, (i) => notifiedTo(i).length === 2);
      await clock.settle();
      expect(runner.executions().filter((n) => n === id)).toHaveLength(1);
      expect(notifiedTo(await incident(id))).toHaveLength(2);
    });

    it('ignores a late acknowledgement after the incident was resolved, and says so', async () => {
      await setUp();
      const { id } = await openIncident();
      await runner.start(id, { incidentId: id });
      const paged = await until(id, (i) => notifiedTo(i).length === 2 && Boolean(i.taskToken));
      await actions.resolve(id, 'maya@acme.example', { alert: { verdict: 'real' }, rootCause: 'the app store listing was wrong', actionItems: [] });
      await flowUntil(id, (_, info) => info.status !== 'RUNNING');
      const resolved = await incident(id);

      await expect(actions.acknowledge(id, 'kim@acme.example')).rejects.toBeInstanceOf(IncidentAlreadyResolvedError);
      await expect(runner.succeed(paged.taskToken!, { action: 'acknowledged', by: 'kim@acme.example' })).rejects.toBeInstanceOf(FlowTaskGoneError);
      const after = await incident(id);
      expect(after.version).toBe(resolved.version);
      expect(after.status).toBe('resolved');
      expect(runner.status(id)).toBe('SUCCEEDED');
    });

    it('retries a failed email without emailing anyone twice', async () => {
      await setUp();
      mailer.failures.set('kim@acme.example', 1);
      const { id } = await openIncident();
      await runner.start(id, { incidentId: id });
      const stored = await until(id, (i) => notifiedTo(i).length === 2);

      expect(mailer.attempts.filter((a) => a === 'maya@acme.example')).toHaveLength(1);
      expect(mailer.attempts.filter((a) => a === 'kim@acme.example')).toHaveLength(2);
      expect(runner.history(id).filter((e) => e.type === 'StateRetried' && e.state === S.notifyLevel)).toHaveLength(1);
      expect(stored.timeline.some((e) => e.type === 'notify-failed')).toBe(false);
      expect(outbox.sent).toHaveLength(2);
    });

    it('escalates a level whose email keeps failing after its retries', async () => {
      await setUp();
      mailer.failures.set('maya@acme.example', Infinity);
      mailer.failures.set('kim@acme.example', Infinity);
      const { id } = await openIncident();
      await runner.start(id, { incidentId: id });
      const stored = await until(id, (i) => notifiedTo(i).includes('sam@acme.example'));

      const retried = runner.history(id).filter((e) => e.type === 'StateRetried' && e.state === S.notifyLevel);
      expect(retried).toHaveLength(3);
      const failed = stored.timeline.filter((e) => e.type === 'notify-failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ level: 1, actor: 'crisis-desk' });
      expect(failed[0]!.detail).toContain('NotifyFailedError');
      expect(stored.timeline.filter((e) => e.type === 'escalated').map((e) => e.level)).toEqual([2]);
      // 1 + 3 retries for each of the two failing addresses.
      expect(mailer.attempts.filter((a) => a === 'maya@acme.example')).toHaveLength(4);
    });

    it('holds a snoozed page and notifies the same level again when the snooze ends', async () => {
      await setUp();
      const { id } = await openIncident();
      await runner.start(id, { incidentId: id });
      await until(id, (i) => notifiedTo(i).length === 2 && Boolean(i.taskToken));
      await actions.snooze(id, 'maya@acme.example', new Date(clock.now().getTime() + 3 * 60_000));
      await flowUntil(id, (h) => entered(h, S.hold) >= 1);

      const after = await until(id, (i) => notifiedTo(i).length === 4);
      expect(after.timeline.filter((e) => e.type === 'notified').map((e) => e.level)).toEqual([1, 1, 1, 1]);
      const snoozed = after.timeline.find((e) => e.type === 'snoozed')!;
      const repaged = after.timeline.filter((e) => e.type === 'notified')[2]!;
      expect(Date.parse(repaged.at)).toBeGreaterThanOrEqual(Date.parse(snoozed.at) + 3 * 60_000 - 1000);
      expect(await events(id, 'escalated')).toEqual([]);
    });

    it('marks the incident when the flow fails, and the execution fails', async () => {
      await setUp();
      // No such Incident: every step fails, the catch-all marks (nothing to mark) and fails the execution.
      await runner.start('acme-missing', { incidentId: 'acme-missing' });
      await flowUntil('acme-missing', (_, info) => info.status !== 'RUNNING');
      expect(runner.describe('acme-missing')).toMatchObject({ status: 'FAILED', error: 'EscalationFailed' });
      expect(entered(runner.history('acme-missing'), S.markFailed)).toBe(1);
    });

    it('records flow-failed on an incident whose flow breaks', async () => {
      await setUp();
      // A severity no policy covers (a corrupt item): planning fails on every retry.
      const { id } = await openIncident({ severity: 'SEV9' as Incident['severity'] });
      await runner.start(id, { incidentId: id });
      await flowUntil(id, (_, info) => info.status !== 'RUNNING');
      const stored = await incident(id);
      expect(runner.status(id)).toBe('FAILED');
      expect(stored.flowFailedAt).toBeDefined();
      expect(stored.timeline.at(-1)).toMatchObject({ type: 'flow-failed', actor: 'crisis-desk' });
    });
  });
});

describe('Template: EscalationFlow in the synthesized stack', () => {
  let template: Template;
  let synthesized: SynthesizedStack;
  let asl: { States: Record<string, Record<string, unknown>>; StartAt: string };

  beforeAll(() => {
    synthesized = synthesizeStack(parseConfig(CONFIG, 'flow test config'), { stage: 'flowtest' });
    template = Template.fromJSON(synthesized.template);
    asl = aslFromTemplate(synthesized.template, synthesized.escalationStateMachineLogicalId) as typeof asl;
  });

  it('is a Standard, traced state machine logging every event but not the payloads (task tokens, people\'s notes)', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: false }),
    });
  });

  it('has every state of the flow', () => {
    expect(asl.StartAt).toBe(S.start);
    expect(Object.keys(asl.States).sort()).toEqual(Object.values(S).sort());
  });

  it('pages with .waitForTaskToken, the Level timeout from the state, and the token in the payload', () => {
    for (const name of [S.notifyLevel, S.awaitResolution, S.remind]) {
      const state = asl.States[name]!;
      expect(state.Resource).toBe('arn:aws:states:::lambda:invoke.waitForTaskToken');
      expect(state.TimeoutSecondsPath).toBe(name === S.notifyLevel ? '$.timeoutSeconds' : '$.remindSeconds');
      expect(state.Parameters).toMatchObject({ Payload: { 'taskToken.$': '$$.Task.Token', 'page.$': '$.page' } });
    }
  });

  it('sets an explicit timeout on every task and retries each with backoff', () => {
    const tasks = Object.entries(asl.States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBeGreaterThanOrEqual(10);
    for (const [name, state] of tasks) {
      expect(state.TimeoutSeconds ?? state.TimeoutSecondsPath, name).toBeDefined();
      expect(state.Retry, name).toEqual(
        expect.arrayContaining([expect.objectContaining({ ErrorEquals: ['States.TaskFailed'], BackoffRate: 2, MaxAttempts: 3 })]),
      );
    }
  });

  it('escalates on States.Timeout before any other catcher, and sends failed pages to NotifyFailed', () => {
    expect(asl.States[S.notifyLevel]!.Catch).toEqual([
      { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: S.escalate },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: S.notifyFailed },
    ]);
  });

  it('catches every failure of a step into MarkFailed, which ends in Fail', () => {
    for (const name of [S.start, S.resume, S.replan, S.nextReminder, S.escalate, S.notifyFailed])
      expect(asl.States[name]!.Catch, name).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: S.markFailed }]);
    expect(asl.States[S.markFailed]!.Next).toBe(S.failed);
    expect(asl.States[S.failed]!.Type).toBe('Fail');
  });

  it('routes on the callback actions', () => {
    const choices = (asl.States[S.answered]!.Choices as { Variable: string; StringEquals: string; Next: string }[]).map((c) => [c.StringEquals, c.Next]);
    expect(choices).toEqual([
      ['acknowledged', S.awaitResolution],
      ['resolved', S.closed],
    ]);
    expect(asl.States[S.answered]!.Default).toBe(S.replan);
  });

  it('alarms on failed, timed-out and aborted executions', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'failed + timedOut + aborted' })]),
      Threshold: 1,
    });
  });

  it('lets notify-level answer its own task token', () => {
    const notifyRole = (synthesized.template.Resources as Record<string, { Properties: { Role: { 'Fn::GetAtt': string[] } } }>)[
      synthesized.functionLogicalIds.notifyLevel
    ]!.Properties.Role['Fn::GetAtt'][0];
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: notifyRole }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
            Resource: { Ref: synthesized.escalationStateMachineLogicalId },
          }),
        ]),
      },
    });
  });
});
