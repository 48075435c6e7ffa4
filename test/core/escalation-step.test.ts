import { describe, expect, it } from 'vitest';
import { parseConfig, type ConfigInput } from '../../lambdas/core/config.ts';
import { MAX_HOLD_MS, runEscalationStep, type EscalationStepDeps, type FlowState } from '../../lambdas/core/escalation-step.ts';
import { notifyLevel, NotifyFailedError, type NotifyDeps } from '../../lambdas/core/notify.ts';
import { ConcurrentUpdateError, type Incident } from '../../lambdas/core/incident.ts';
import { createLinkSigner } from '../../lambdas/core/links.ts';
import type { Email, IncidentStore, Logger } from '../../lambdas/core/ports.ts';

const CONFIG: ConfigInput = {
  sender: 'desk@acme.example',
  timeZone: 'Europe/London',
  brands: [{ id: 'acme', name: 'Acme', keywords: ['acme'] }],
  owners: [
    { id: 'maya', name: 'Maya', email: 'maya@acme.example' },
    { id: 'kim', name: 'Kim', email: 'kim@acme.example' },
    { id: 'sam', name: 'Sam', email: 'sam@acme.example' },
  ],
  escalationPolicies: [
    {
      id: 'all',
      severities: ['SEV1', 'SEV2', 'SEV3'],
      levels: [
        { owners: ['maya', 'kim'], timeoutMinutes: 15, quietHours: { start: '22:00', end: '07:00' } },
        { owners: ['sam'], timeoutMinutes: 30 },
      ],
      remindMinutes: 45,
    },
  ],
  report: { recipients: ['boss@acme.example'] },
};
const config = parseConfig(CONFIG);
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** IncidentStore in memory, with the optimistic lock of the real one. */
class MemoryIncidents implements IncidentStore {
  readonly items = new Map<string, Incident>();
  async get(id: string) {
    const i = this.items.get(id);
    return i && structuredClone(i);
  }
  async create(incident: Incident) {
    if (this.items.has(incident.id)) return false;
    this.items.set(incident.id, structuredClone(incident));
    return true;
  }
  async save(incident: Incident) {
    if (this.items.get(incident.id)?.version !== incident.version - 1) throw new ConcurrentUpdateError(incident.id);
    this.items.set(incident.id, structuredClone(incident));
  }
  async findOpen() {
    return undefined;
  }
  async listOpenedBetween() {
    return [];
  }
}

function setUp(now = '2026-03-10T12:00:00Z', patch: Partial<Incident> = {}) {
  const incidents = new MemoryIncidents();
  const clock = { at: new Date(now), now() { return new Date(this.at); } };
  const sent: Email[] = [];
  const answered: { token: string; output: Record<string, unknown> }[] = [];
  const failFor = new Set<string>();
  const incident: Incident = {
    id: 'inc-1', brand: 'acme', theme: 'outage', fingerprint: 'acme#outage', severity: 'SEV2', status: 'open',
    firstMentionAt: now, openedAt: now, reason: 'spike', triggerMentionIds: [], mentionCount: 0, negativeCount: 0,
    reach: 0, level: 0, notified: [], timeline: [], version: 1, ...patch,
  };
  incidents.items.set(incident.id, incident);
  const step: EscalationStepDeps = { config, incidents, clock, logger: silent };
  const notify: NotifyDeps = {
    ...step,
    config,
    mentions: { listByIncident: async () => [], getMany: async () => new Map(), putMany: async () => {}, get: async () => undefined, attachToIncident: async () => {} },
    mailer: {
      async send(email) {
        if (failFor.has(email.to[0]!)) throw new Error('mail refused');
        sent.push(email);
      },
    },
    callbacks: { succeed: async (token, output) => void answered.push({ token, output }), fail: async () => {} },
    links: { baseUrl: 'https://actions.acme.example/', signer: createLinkSigner('unit-test-secret-0123456789') },
  };
  const stored = () => incidents.items.get('inc-1')!;
  return { incidents, clock, sent, answered, failFor, step, notify, stored };
}

const L1 = { level: 1, round: 0, everyone: false };

describe('Function: notifyLevel', () => {
  it('emails each recipient of the level once, stores the token and records who was notified', async () => {
    const t = setUp();
    const result = await notifyLevel(t.notify, { incidentId: 'inc-1', position: L1, mode: 'page', taskToken: 'tok-1', page: 'p1' });
    expect(result.sent).toEqual(['maya@acme.example', 'kim@acme.example']);
    expect(t.sent.map((e) => e.to)).toEqual([['maya@acme.example'], ['kim@acme.example']]);
    expect(t.sent[0]!.html).toContain('https://actions.acme.example/?t=');
    expect(t.stored()).toMatchObject({ taskToken: 'tok-1', level: 1, notified: ['maya@acme.example', 'kim@acme.example'] });
    expect(t.stored().timeline.map((e) => [e.type, e.actor, e.level])).toEqual([
      ['notified', 'maya@acme.example', 1],
      ['notified', 'kim@acme.example', 1],
    ]);
  });

  it('links each page and reminder to the incident page, signed for its recipient, with the buttons\' endpoint', async () => {
    const t = setUp();
    const signer = createLinkSigner('unit-test-secret-0123456789');
    t.notify.links = { ...t.notify.links, signer, pageUrl: 'https://page.acme.example/', linkDays: 10 };
    await notifyLevel(t.notify, { incidentId: 'inc-1', position: L1, mode: 'page', taskToken: 'tok-1', page: 'p1' });
    for (const email of t.sent) {
      const link = /https:\/\/page\.acme\.example\/\?t=[\w.-]+/.exec(email.text)![0];
      expect(email.html).toContain('See the whole incident');
      expect(signer.verify(new URL(link).searchParams.get('t')!, t.clock.now())).toMatchObject({
        action: 'view', incidentId: 'inc-1', recipient: email.to[0], actionsUrl: 'https://actions.acme.example/',
        expiresAt: new Date(t.clock.now().getTime() + 10 * 86_400_000).toISOString(),
      });
    }
  });

  it('emails nobody twice when the same page is retried, with the same or a new token', async () => {
    const t = setUp();
    const req = { incidentId: 'inc-1', position: L1, mode: 'page' as const, page: 'p1' };
    await notifyLevel(t.notify, { ...req, taskToken: 'tok-1' });
    const again = await notifyLevel(t.notify, { ...req, taskToken: 'tok-1' });
    const retried = await notifyLevel(t.notify, { ...req, taskToken: 'tok-2' });
    expect(again).toEqual({ sent: [], skipped: ['maya@acme.example', 'kim@acme.example'] });
    expect(retried.sent).toEqual([]);
    expect(t.sent).toHaveLength(2);
    expect(t.stored().taskToken).toBe('tok-2');
  });

  it('pages again for a new page of the same level', async () => {
    const t = setUp();
    await notifyLevel(t.notify, { incidentId: 'inc-1', position: L1, mode: 'page', taskToken: 'tok-1', page: 'p1' });
    await notifyLevel(t.notify, { incidentId: 'inc-1', position: L1, mode: 'page', taskToken: 'tok-2', page: 'p2' });
    expect(t.sent).toHaveLength(4);
  });

  it('records the emails that went out and throws for the one that failed; the retry sends only that one', async () => {
    const t = setUp();
    t.failFor.add('kim@acme.example');
    const req = { incidentId: 'inc-1', position: L1, mode: 'page' as const, taskToken: 'tok-1', page: 'p1' };
    await expect(notifyLevel(t.notify, req)).rejects.toBeInstanceOf(NotifyFailedError);
    expect(t.stored().notified).toEqual(['maya@acme.example']);
    t.failFor.clear();
    expect((await notifyLevel(t.notify, { ...req, taskToken: 'tok-2' })).sent).toEqual(['kim@acme.example']);
    expect(t.sent.map((e) => e.to[0])).toEqual(['maya@acme.example', 'kim@acme.example']);
  });

  it.each([
    ['resolved', { status: 'resolved' as const, resolution: { rootCause: 'x', actionItems: [], resolvedBy: 'sam@acme.example' } }, 'page', 'resolved'],
    ['acknowledged', { status: 'acknowledged' as const, acknowledgedBy: 'maya@acme.example' }, 'page', 'acknowledged'],
    ['resolved while awaiting', { status: 'resolved' as const }, 'await', 'resolved'],
  ])('answers its own task instead of paging when the incident is %s', async (_what, patch, mode, action) => {
    const t = setUp(undefined, patch);
    const result = await notifyLevel(t.notify, { incidentId: 'inc-1', position: L1, mode: mode as 'page', taskToken: 'tok-1' });
    expect(result.answered).toBe(action);
    expect(t.answered).toEqual([{ token: 'tok-1', output: expect.objectContaining({ action }) }]);
    expect(t.sent).toEqual([]);
  });

  it('stores the token without emailing while awaiting the resolution, and reminds the acknowledger', async () => {
    const t = setUp(undefined, { status: 'acknowledged', acknowledgedBy: 'kim@acme.example' });
    await notifyLevel(t.notify, { incidentId: 'inc-1', position: L1, mode: 'await', taskToken: 'tok-1', page: 'p1' });
    expect(t.sent).toEqual([]);
    expect(t.stored().taskToken).toBe('tok-1');
    await notifyLevel(t.notify, { incidentId: 'inc-1', position: L1, mode: 'remind', taskToken: 'tok-2', page: 'p2' });
    expect(t.sent.map((e) => [e.to[0], e.subject.startsWith('Reminder')])).toEqual([['kim@acme.example', true]]);
    expect(t.stored().timeline.at(-1)).toMatchObject({ type: 'reminded', actor: 'kim@acme.example' });
  });
});

describe('Function: runEscalationStep', () => {
  const plan = async (t: ReturnType<typeof setUp>, extra: Record<string, unknown> = {}) =>
    (await runEscalationStep(t.step, { op: 'plan', incidentId: 'inc-1', ...extra })) as FlowState;

  it('plans level 1 with its timeout and the reminder interval', async () => {
    const t = setUp();
    expect(await plan(t)).toMatchObject({
      incidentId: 'inc-1',
      position: { level: 1, round: 0, everyone: false, severity: 'SEV2' },
      status: 'open',
      timeoutSeconds: 900,
      remindSeconds: 2700,
      remind: false,
    });
  });

  it('gives every plan a new page id', async () => {
    const t = setUp();
    const a = await plan(t);
    t.clock.at = new Date(t.clock.at.getTime() + 1);
    expect((await plan(t)).page).not.toBe(a.page);
  });

  it('holds a SEV3 page in quiet hours, at most MAX_HOLD at a time, but never a SEV2 one', async () => {
    const night = '2026-03-10T23:00:00Z';
    const sev3 = await plan(setUp(night, { severity: 'SEV3' }));
    expect(sev3.notBefore).toBe(new Date(Date.parse(night) + MAX_HOLD_MS).toISOString().replace('.000Z', 'Z'));
    expect((await plan(setUp(night))).notBefore).toBeUndefined();
  });

  it('holds until the snooze ends, measured from where the hold left off', async () => {
    const t = setUp('2026-03-10T12:00:00Z', { snoozedUntil: '2026-03-10T12:10:00.500Z' });
    expect((await plan(t, { position: L1 })).notBefore).toBe('2026-03-10T12:10:01Z');
    // The clock has not moved (a manual clock), but the flow waited: no second hold.
    expect((await plan(t, { position: L1, waitedUntil: '2026-03-10T12:10:01Z' })).notBefore).toBeUndefined();
  });

  it('cuts a snooze short when the severity rose since the level was planned', async () => {
    const t = setUp('2026-03-10T12:00:00Z', { snoozedUntil: '2026-03-10T12:10:00Z', severity: 'SEV1' });
    expect((await plan(t, { position: { ...L1, severity: 'SEV3' } })).notBefore).toBeUndefined();
  });

  it('records an escalation once even when the step is retried', async () => {
    const t = setUp();
    const first = (await runEscalationStep(t.step, { op: 'escalate', incidentId: 'inc-1', position: L1 })) as FlowState;
    await runEscalationStep(t.step, { op: 'escalate', incidentId: 'inc-1', position: L1 });
    expect(first.position).toMatchObject({ level: 2, everyone: false });
    expect(first.timeoutSeconds).toBe(1800);
    expect(t.stored().timeline.filter((e) => e.type === 'escalated')).toHaveLength(1);
  });

  it('does not escalate an acknowledged incident', async () => {
    const t = setUp(undefined, { status: 'acknowledged' });
    const state = (await runEscalationStep(t.step, { op: 'escalate', incidentId: 'inc-1', position: L1 })) as FlowState;
    expect(state).toMatchObject({ status: 'acknowledged', position: { level: 1 } });
    expect(t.stored().timeline).toEqual([]);
  });

  it('records a failed page with its cause and escalates; a failed page to everyone waits a timeout first', async () => {
    const t = setUp();
    const error = { Error: 'NotifyFailedError', Cause: JSON.stringify({ errorType: 'NotifyFailedError', errorMessage: 'could not email 2 recipient(s)' }) };
    const next = (await runEscalationStep(t.step, { op: 'notify-failed', incidentId: 'inc-1', position: L1, error })) as FlowState;
    expect(next.position.level).toBe(2);
    expect(next.notBefore).toBeUndefined();
    expect(t.stored().timeline[0]).toMatchObject({ type: 'notify-failed', level: 1, detail: 'level 1: NotifyFailedError: could not email 2 recipient(s)' });

    const everyone = { level: 2, round: 0, everyone: true };
    const held = (await runEscalationStep(t.step, { op: 'notify-failed', incidentId: 'inc-1', position: everyone, error })) as FlowState;
    expect(held.position).toMatchObject({ everyone: true, reminder: true });
    expect(held.notBefore).toBe('2026-03-10T12:15:00Z');
  });

  it('marks the incident once when the flow fails, and tolerates a missing incident', async () => {
    const t = setUp();
    const error = { Error: 'States.Runtime', Cause: 'boom' };
    expect(await runEscalationStep(t.step, { op: 'flow-failed', incidentId: 'inc-1', error })).toEqual({ incidentId: 'inc-1', marked: true });
    await runEscalationStep(t.step, { op: 'flow-failed', incidentId: 'inc-1', error });
    expect(t.stored().flowFailedAt).toBe('2026-03-10T12:00:00.000Z');
    expect(t.stored().timeline.filter((e) => e.type === 'flow-failed')).toHaveLength(1);
    expect(await runEscalationStep(t.step, { op: 'flow-failed', incidentId: 'nope', error })).toEqual({ incidentId: 'nope', marked: false });
  });
});
