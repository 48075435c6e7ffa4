import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoIncidentStore } from '../../lambdas/adapters/dynamo-incident-store.ts';
import { ConcurrentUpdateError } from '../../lambdas/core/incident.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { anIncident } from './dynamo-test-data.ts';

describe('Class: DynamoIncidentStore', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoIncidentStore;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    store = new DynamoIncidentStore({ tableName: dynamo.tableNames.incidents, client: dynamo.client, pageSize: 2 });
  });
  afterAll(() => dynamo?.stop());

  describe('Method: create', () => {
    it('creates once and returns false for the same id', async () => {
      const incident = anIncident('INC-create');
      expect(await store.create(incident)).toBe(true);
      expect(await store.create({ ...incident, reason: 'other' })).toBe(false);
      expect(await store.get('INC-create')).toEqual(incident);
    });
  });

  describe('Method: save', () => {
    it('saves the next version and rejects a stale writer with ConcurrentUpdateError', async () => {
      const v1 = anIncident('INC-lock', { fingerprint: 'acme#lock', theme: 'lock' });
      await store.create(v1);
      const a = { ...v1, status: 'acknowledged' as const, acknowledgedBy: 'ann@example.com', version: 2 };
      const b = { ...v1, severity: 'SEV1' as const, version: 2 };
      await store.save(a);
      const err = await store.save(b).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConcurrentUpdateError);
      expect((err as ConcurrentUpdateError).incidentId).toBe('INC-lock');
      expect(await store.get('INC-lock')).toEqual(a);
    });

    it('rejects a save that skips a version and a save of an Incident never created', async () => {
      const v1 = anIncident('INC-skip', { fingerprint: 'acme#skip' });
      await store.create(v1);
      await expect(store.save({ ...v1, version: 3 })).rejects.toBeInstanceOf(ConcurrentUpdateError);
      await expect(store.save(anIncident('INC-ghost', { version: 2 }))).rejects.toBeInstanceOf(ConcurrentUpdateError);
      expect(await store.get('INC-ghost')).toBeUndefined();
    });
  });

  describe('Method: findOpen', () => {
    it('finds the open Incident of a fingerprint and stops finding it once resolved', async () => {
      const v1 = anIncident('INC-open', { fingerprint: 'acme#billing', theme: 'billing' });
      await store.create(v1);
      expect((await store.findOpen('acme', 'acme#billing'))?.id).toBe('INC-open');

      const acked = { ...v1, status: 'acknowledged' as const, version: 2 };
      await store.save(acked);
      expect(await store.findOpen('acme', 'acme#billing')).toEqual(acked);

      await store.save({ ...acked, status: 'resolved', resolvedAt: '2025-03-03T12:00:00.000Z', version: 3 });
      expect(await store.findOpen('acme', 'acme#billing')).toBeUndefined();
      expect((await store.get('INC-open'))?.status).toBe('resolved');
    });

    it('returns undefined for an unknown fingerprint and ignores other brands', async () => {
      await store.create(anIncident('INC-brand', { brand: 'globex', fingerprint: 'acme#weird' }));
      expect(await store.findOpen('acme', 'acme#weird')).toBeUndefined();
      expect(await store.findOpen('acme', 'acme#nothing')).toBeUndefined();
    });
  });

  describe('Method: listOpenedBetween', () => {
    it('returns Incidents opened in [from, to), oldest first, across pages', async () => {
      const opened = [
        '2025-04-06T23:59:59.999Z', // before: excluded
        '2025-04-07T00:00:00.000Z', // == from: included
        '2025-04-08T10:00:00.000Z',
        '2025-04-09T10:00:00.000Z',
        '2025-04-10T10:00:00.000Z',
        '2025-04-13T23:59:59.999Z',
        '2025-04-14T00:00:00.000Z', // == to: excluded
      ];
      for (const [i, openedAt] of [...opened.entries()].reverse()) {
        await store.create(anIncident(`INC-week-${i}`, { brand: 'weekly', fingerprint: `weekly#t${i}`, openedAt }));
      }
      await store.create(anIncident('INC-other', { brand: 'other', openedAt: '2025-04-08T00:00:00.000Z' }));

      const week = await store.listOpenedBetween('weekly', '2025-04-07T00:00:00.000Z', '2025-04-14T00:00:00.000Z');
      expect(week.map((i) => i.openedAt)).toEqual(opened.slice(1, 6));
      expect(week.every((i) => i.brand === 'weekly' && !('openFingerprint' in i))).toBe(true);
    });
  });
});
