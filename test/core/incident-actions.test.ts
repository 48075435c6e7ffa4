import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoIncidentStore } from '../../lambdas/adapters/dynamo-incident-store.ts';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { IncidentAlreadyResolvedError, IncidentNotFoundError, type Incident } from '../../lambdas/core/incident.ts';
import {
  InvalidResolutionError,
  InvalidSnoozeError,
  createIncidentActions,
  type IncidentActions,
  type ResolutionInput,
} from '../../lambdas/core/incident-actions.ts';
import { createLinkSigner, InvalidLinkError } from '../../lambdas/core/links.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { actionConfig, anIncident } from '../helpers/incident-data.ts';
import { RecordingFlowCallback, RecordingLogger, RecordingMailer, taskGone } from '../helpers/recording.ts';

const NOW = new Date('2025-03-03T10:07:00.000Z');
const REAL = { verdict: 'real' };

describe('Use case: incident actions (on the embedded DynamoDB)', () => {
  let dynamo: EmbeddedDynamo;
  let incidents: DynamoIncidentStore;
  let callbacks: RecordingFlowCallback;
  let mailer: RecordingMailer;
  let logger: RecordingLogger;
  let actions: IncidentActions;
  let seq = 0;
  let id: string;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    incidents = createDynamoStores(dynamo.client, dynamo.tableNames).incidents;
  });
  afterAll(async () => dynamo?.stop());

  beforeEach(async () => {
    callbacks = new RecordingFlowCallback();
    mailer = new RecordingMailer();
    logger = new RecordingLogger();
    actions = createIncidentActions({ incidents, callbacks, mailer, logger, clock: { now: () => NOW }, config: actionConfig });
    id = `inc-${++seq}`;
    await incidents.create(anIncident(id));
  });

  const stored = async (): Promise<Incident> => (await incidents.get(id))!;

  describe('Method: acknowledge', () => {
    it('acknowledges, records who/when/note on the timeline, bumps the version and answers the flow', async () => {
      const { changed } = await actions.acknowledge(id, 'ann@acme.test', '  On it, replying from @acme  ', { linkNonce: 'n1' });
      const i = await stored();
      expect(changed).toBe(true);
      expect(i).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'ann@acme.test', acknowledgedAt: NOW.toISOString(), version: 4, usedLinks: ['n1'] });
      expect(i.taskToken).toBeUndefined();
      expect(i.timeline.at(-1)).toEqual({ at: NOW.toISOString(), type: 'acknowledged', actor: 'ann@acme.test', level: 1, detail: 'On it, replying from @acme' });
      expect(callbacks.succeeded).toEqual([
        { taskToken: 'task-token-1', output: { action: 'acknowledged', by: 'ann@acme.test', note: 'On it, replying from @acme' } },
      ]);
    });

    it('emails the notice to everyone who was paged', async () => {
      await incidents.save({ ...(await stored()), notified: ['ann@acme.test', 'bo@acme.test', 'ann@acme.test'], version: 4 });
      await actions.acknowledge(id, 'ann@acme.test');
      expect(mailer.sent).toHaveLength(1);
      expect(mailer.sent[0]).toMatchObject({ from: 'crisis-desk@acme.test', to: ['ann@acme.test', 'bo@acme.test'] });
      expect(mailer.sent[0]!.subject).toBe('[SEV1] Acme Mobile: outage incident acknowledged by Ann Lee');
    });

    it('does nothing the second time: no event, no answer, no email', async () => {
      await actions.acknowledge(id, 'ann@acme.test');
      const again = await actions.acknowledge(id, 'bo@acme.test');
      expect(again.changed).toBe(false);
      expect(again.incident.acknowledgedBy).toBe('ann@acme.test');
      expect((await stored()).timeline.filter((e) => e.type === 'acknowledged')).toHaveLength(1);
      expect(callbacks.succeeded).toHaveLength(1);
      expect(mailer.sent).toHaveLength(1);
    });

    it('refuses a late acknowledgement after resolve, and changes nothing', async () => {
      await actions.resolve(id, 'bo@acme.test', { alert: REAL, rootCause: 'config push', actionItems: [] });
      const before = await stored();
      await expect(actions.acknowledge(id, 'ann@acme.test')).rejects.toBeInstanceOf(IncidentAlreadyResolvedError);
      expect(await stored()).toEqual(before);
    });

    it('refuses a link used before (single use)', async () => {
      await actions.snooze(id, 'ann@acme.test', new Date(NOW.getTime() + 3_600_000), { linkNonce: 'same' });
      const err = await actions.acknowledge(id, 'ann@acme.test', undefined, { linkNonce: 'same' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidLinkError);
      expect((err as InvalidLinkError).reason).toBe('reused');
      expect((await stored()).status).toBe('open');
    });

    it('tolerates a flow task that is gone and still records the acknowledgement', async () => {
      callbacks.nextError = taskGone();
      await actions.acknowledge(id, 'ann@acme.test');
      expect((await stored()).status).toBe('acknowledged');
      expect(logger.lines.some((l) => l.level === 'warn' && /no longer waiting/.test(l.message))).toBe(true);
      expect(mailer.sent).toHaveLength(1);
    });

    it('surfaces any other flow error after saving, so the page reports it and the log names the incident', async () => {
      callbacks.nextError = new Error('ThrottlingException');
      await expect(actions.acknowledge(id, 'ann@acme.test')).rejects.toThrow('ThrottlingException');
      expect((await stored()).status).toBe('acknowledged');
      expect(logger.lines.find((l) => l.level === 'error')?.attributes).toMatchObject({ incidentId: id });
    });

    it('keeps the action when the notice email fails', async () => {
      mailer.failing = true;
      await expect(actions.acknowledge(id, 'ann@acme.test')).resolves.toMatchObject({ changed: true });
      expect(logger.lines.some((l) => l.level === 'warn' && /notice email failed/.test(l.message))).toBe(true);
    });

    it('re-reads and re-applies when another writer saved first (optimistic lock)', async () => {
      let raced = false;
      const racing = {
        get: (i: string) => incidents.get(i),
        create: (i: Incident) => incidents.create(i),
        findOpen: incidents.findOpen.bind(incidents),
        listOpenedBetween: incidents.listOpenedBetween.bind(incidents),
        async save(next: Incident) {
          if (!raced) {
            raced = true;
            const current = (await incidents.get(next.id))!;
            await incidents.save({ ...current, mentionCount: current.mentionCount + 5, version: current.version + 1 });
          }
          return incidents.save(next);
        },
      };
      const racy = createIncidentActions({ incidents: racing, callbacks, mailer, logger, clock: { now: () => NOW }, config: actionConfig });
      await racy.acknowledge(id, 'ann@acme.test');
      const i = await stored();
      expect(i).toMatchObject({ status: 'acknowledged', mentionCount: 66, version: 5 });
      expect(callbacks.succeeded).toHaveLength(1);
    });

    it('with incident page links, tells each person paged in an email of their own with their own link', async () => {
      const signer = createLinkSigner('actions-test-secret-0123456789');
      await actions.acknowledge(id, 'ann@acme.test', undefined, { viewLinks: { signer, pageUrl: 'https://page.acme.test/', actionsUrl: 'https://act.acme.test/', linkDays: 30 } });
      expect(mailer.sent.map((e) => e.to)).toEqual([['ann@acme.test'], ['bo@acme.test']]);
      for (const email of mailer.sent) {
        const link = /https:\/\/page\.acme\.test\/\?t=[\w.-]+/.exec(email.text)![0];
        expect(signer.verify(new URL(link).searchParams.get('t')!, NOW)).toMatchObject({ action: 'view', incidentId: id, recipient: email.to[0], actionsUrl: 'https://act.acme.test/' });
        expect(email.html).toContain('See the whole incident');
      }
    });

    it('throws IncidentNotFoundError for an unknown incident', async () => {
      await expect(actions.acknowledge('nope', 'ann@acme.test')).rejects.toBeInstanceOf(IncidentNotFoundError);
    });
  });

  describe('Method: resolve', () => {
    it('stores the resolution with its action items, closes the incident and tells the flow and everyone paged', async () => {
      await actions.resolve(
        id,
        'ann@acme.test',
        {
          alert: REAL,
          rootCause: 'Expired TLS certificate',
          trigger: 'Renewal job silently failing',
          whatHelped: 'Status page',
          wentWell: '',
          lucky: ' Sunday ',
          actionItems: [
            { text: 'Alert 30 days before expiry', owner: 'bo@acme.test', due: '2025-03-31' },
            { text: '', owner: '', due: '' },
            { text: 'Runbook for cert renewal', owner: 'ann@acme.test' },
          ],
        },
        { linkNonce: 'r1' },
      );
      const i = await stored();
      expect(i).toMatchObject({ status: 'resolved', resolvedAt: NOW.toISOString(), acknowledgedAt: NOW.toISOString(), acknowledgedBy: 'ann@acme.test' });
      expect(i.resolution).toEqual({
        alert: { verdict: 'real' },
        rootCause: 'Expired TLS certificate',
        trigger: 'Renewal job silently failing',
        whatHelped: 'Status page',
        lucky: 'Sunday',
        actionItems: [
          { text: 'Alert 30 days before expiry', owner: 'bo@acme.test', due: '2025-03-31', status: 'open' },
          { text: 'Runbook for cert renewal', owner: 'ann@acme.test', status: 'open' },
        ],
        resolvedBy: 'ann@acme.test',
      });
      expect(i.timeline.at(-1)).toMatchObject({ type: 'resolved', actor: 'ann@acme.test', detail: 'Expired TLS certificate' });
      expect(callbacks.succeeded[0]).toEqual({ taskToken: 'task-token-1', output: { action: 'resolved', by: 'ann@acme.test' } });
      expect(mailer.sent[0]!.text).toContain('Root cause: Expired TLS certificate');
      // Resolved Incidents leave the open-fingerprint index.
      expect(await incidents.findOpen('acme', 'acme#outage').then((o) => o?.id === id)).toBe(false);
    });

    it('keeps an earlier acknowledgement time', async () => {
      await actions.acknowledge(id, 'bo@acme.test');
      await actions.resolve(id, 'ann@acme.test', { alert: REAL, rootCause: 'x', actionItems: [] });
      expect(await stored()).toMatchObject({ acknowledgedBy: 'bo@acme.test' });
    });

    it.each<[ResolutionInput, string]>([
      [{ alert: REAL, rootCause: '   ', actionItems: [] }, 'rootCause'],
      [{ alert: REAL, rootCause: 'x', actionItems: [{ text: 'do it', owner: '' }] }, 'actionItems.0.owner'],
      [{ alert: REAL, rootCause: 'x', actionItems: [{ text: '', owner: 'bo' }] }, 'actionItems.0.text'],
      [{ alert: REAL, rootCause: 'x', actionItems: [{ text: 'a', owner: 'b', due: '2025-02-30' }] }, 'actionItems.0.due'],
      [{ alert: REAL, rootCause: 'x'.repeat(4001), actionItems: [] }, 'rootCause'],
      [{ rootCause: 'x', actionItems: [] }, 'alert'],
      [{ alert: { verdict: 'maybe' }, rootCause: 'x', actionItems: [] }, 'alert'],
      [{ alert: { verdict: 'false-alarm' }, rootCause: '', actionItems: [] }, 'alert.why'],
      [{ alert: { verdict: 'false-alarm', why: 'bored' }, rootCause: '', actionItems: [] }, 'alert.why'],
      [{ alert: { verdict: 'duplicate' }, rootCause: '', actionItems: [] }, 'alert.of'],
      [{ alert: { verdict: 'duplicate', of: '<script>' }, rootCause: '', actionItems: [] }, 'alert.of'],
      [{ alert: { verdict: 'duplicate', of: 'inc-nowhere' }, rootCause: '', actionItems: [] }, 'alert.of'],
    ])('refuses an incomplete resolution (%#) naming the field, and changes nothing', async (input, field) => {
      const err = await actions.resolve(id, 'ann@acme.test', input).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidResolutionError);
      expect(Object.keys((err as InvalidResolutionError).fields)).toContain(field);
      expect((await stored()).status).toBe('open');
    });

    it('records a false alarm with its reason, no root cause needed', async () => {
      await actions.resolve(id, 'ann@acme.test', { alert: { verdict: 'false-alarm', why: 'spam-or-bots' }, rootCause: ' ', actionItems: [] });
      expect((await stored()).resolution).toEqual({ alert: { verdict: 'false-alarm', why: 'spam-or-bots' }, rootCause: '', actionItems: [], resolvedBy: 'ann@acme.test' });
    });

    it('records a duplicate of an incident that exists', async () => {
      await incidents.create(anIncident('inc-first'));
      await actions.resolve(id, 'ann@acme.test', { alert: { verdict: 'duplicate', of: ' inc-first ' }, rootCause: '', actionItems: [] });
      expect((await stored()).resolution?.alert).toEqual({ verdict: 'duplicate', of: 'inc-first' });
    });

    it('refuses an incident as a duplicate of itself', async () => {
      const err = await actions.resolve(id, 'ann@acme.test', { alert: { verdict: 'duplicate', of: id }, rootCause: '', actionItems: [] }).catch((e: unknown) => e);
      expect((err as InvalidResolutionError).fields).toEqual({ 'alert.of': 'an incident cannot repeat itself: give the other one' });
    });

    it('refuses to resolve twice', async () => {
      await actions.resolve(id, 'ann@acme.test', { alert: REAL, rootCause: 'x', actionItems: [] });
      await expect(actions.resolve(id, 'bo@acme.test', { alert: REAL, rootCause: 'y', actionItems: [] })).rejects.toBeInstanceOf(IncidentAlreadyResolvedError);
      expect((await stored()).resolution?.rootCause).toBe('x');
    });
  });

  describe('Method: snooze', () => {
    it('records the snooze and tells the flow until when', async () => {
      const until = new Date(NOW.getTime() + 3_600_000);
      await actions.snooze(id, 'ann@acme.test', until);
      const i = await stored();
      expect(i).toMatchObject({ status: 'open', snoozedUntil: until.toISOString() });
      expect(i.timeline.at(-1)).toMatchObject({ type: 'snoozed', actor: 'ann@acme.test', detail: `until ${until.toISOString()}` });
      expect(callbacks.succeeded[0]!.output).toEqual({ action: 'snoozed', by: 'ann@acme.test', until: until.toISOString() });
      expect(mailer.sent[0]!.subject).toContain('snoozed by Ann Lee');
    });

    it.each([
      ['in the past', -1],
      ['longer than a day', 24 * 3_600_000 + 1],
    ])('refuses a snooze %s', async (_what, ms) => {
      await expect(actions.snooze(id, 'ann@acme.test', new Date(NOW.getTime() + ms))).rejects.toBeInstanceOf(InvalidSnoozeError);
    });

    it('refuses to snooze a resolved incident', async () => {
      await actions.resolve(id, 'ann@acme.test', { alert: REAL, rootCause: 'x', actionItems: [] });
      await expect(actions.snooze(id, 'ann@acme.test', new Date(NOW.getTime() + 60_000))).rejects.toBeInstanceOf(IncidentAlreadyResolvedError);
    });
  });
});
