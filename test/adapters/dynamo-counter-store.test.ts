import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCounterStore } from '../../lambdas/adapters/dynamo-counter-store.ts';
import type { CounterDelta } from '../../lambdas/core/ports.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';

const delta = (overrides: Partial<CounterDelta> = {}): CounterDelta => ({
  total: 1,
  negative: 1,
  complaint: 0,
  reach: 10,
  negativeReach: 10,
  bySource: { blog: 1 },
  byTheme: { outage: 1 },
  ...overrides,
});

describe('Class: DynamoCounterStore', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoCounterStore;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    store = new DynamoCounterStore({ tableName: dynamo.tableNames.counters, client: dynamo.client, pageSize: 3 });
  });
  afterAll(() => dynamo?.stop());

  describe('Method: add', () => {
    it('adds a (writer, batch) to a bucket once, and later batches of the writer again', async () => {
      const bucket = '2025-03-04T10:00:00.000Z';
      expect(await store.add('once', bucket, delta(), { writer: 'blog', batch: 4 })).toBe(true);
      expect(await store.add('once', bucket, delta(), { writer: 'blog', batch: 4 })).toBe(false);
      expect(await store.add('once', bucket, delta(), { writer: 'blog', batch: 3 })).toBe(false);
      expect(await store.add('once', bucket, delta(), { writer: 'x', batch: 4 })).toBe(true);
      expect(await store.add('once', bucket, delta(), { writer: 'blog', batch: 5 })).toBe(true);
      const [b] = await store.range('once', bucket, '2025-03-04T10:15:00.000Z');
      expect(b).toMatchObject({ total: 3, negative: 3, bySource: { blog: 3 } });
      expect(Object.keys(b!).some((k) => k.startsWith('bat_'))).toBe(false);
    });

    it('gives exact totals under 50 concurrent adds, per source and per theme too', async () => {
      const bucket = '2025-03-03T10:00:00.000Z';
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          store.add(
            'acme',
            bucket,
            delta({
              complaint: i % 2,
              reach: i,
              bySource: { [i % 2 ? 'blog' : 'x:search'] : 1 },
              byTheme: i % 5 === 0 ? { billing: 1, 'delivery delay': 2 } : {},
            }),
          ),
        ),
      );
      const [b] = await store.range('acme', bucket, '2025-03-03T10:15:00.000Z');
      expect(b).toEqual({
        brand: 'acme',
        bucketStart: bucket,
        total: 50,
        negative: 50,
        complaint: 25,
        reach: 1225,
        negativeReach: 500,
        bySource: { blog: 25, 'x:search': 25 },
        byTheme: { billing: 10, 'delivery delay': 20 },
      });
    });

    it('adds the optional reply counts only when given', async () => {
      const bucket = '2025-03-04T00:00:00.000Z';
      await store.add('replies', bucket, delta());
      expect((await store.range('replies', bucket, '2025-03-05'))[0]).not.toHaveProperty('replied');
      await store.add('replies', bucket, delta({ replied: 2, replyMinutes: 30 }));
      await store.add('replies', bucket, delta({ replied: 1, replyMinutes: 5 }));
      expect((await store.range('replies', bucket, '2025-03-05'))[0]).toMatchObject({ total: 3, replied: 3, replyMinutes: 35 });
    });

    it('accepts source ids and themes that are reserved words or hold odd characters', async () => {
      const bucket = '2025-03-06T00:00:00.000Z';
      await store.add('odd', bucket, delta({ bySource: { status: 2, 'a.b#c': 1 }, byTheme: { size: 1 } }));
      expect((await store.range('odd', bucket, '2025-03-07'))[0]).toMatchObject({
        bySource: { status: 2, 'a.b#c': 1 },
        byTheme: { size: 1 },
      });
    });
  });

  describe('Method: range', () => {
    it('returns buckets with from <= bucketStart < to, oldest first, across pages', async () => {
      const start = Date.parse('2025-03-10T00:00:00.000Z');
      const at = (i: number) => new Date(start + i * 15 * 60_000).toISOString();
      for (let i = 9; i >= 0; i--) await store.add('ranged', at(i), delta({ total: i }));
      await store.add('other-brand', at(3), delta());

      const buckets = await store.range('ranged', at(2), at(9));
      expect(buckets.map((b) => b.bucketStart)).toEqual([2, 3, 4, 5, 6, 7, 8].map(at));
      expect(buckets.map((b) => b.total)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    });

    it('returns nothing for an empty or inverted range', async () => {
      expect(await store.range('ranged', '2025-03-10T01:00:00.000Z', '2025-03-10T01:00:00.000Z')).toEqual([]);
      expect(await store.range('ranged', '2025-03-11', '2025-03-10')).toEqual([]);
    });
  });
});
