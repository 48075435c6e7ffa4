import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStores, type DynamoStores } from '../../../lambdas/adapters/dynamo-stores.ts';
import { ConcurrentUpdateError } from '../../../lambdas/core/incident.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../lib/local/embedded-dynamo.ts';
import { MirroredCounterStore } from '../../../lib/local/mirrored-counter-store.ts';
import { MirroredIncidentStore } from '../../../lib/local/mirrored-incident-store.ts';
import { MirroredMentionStore } from '../../../lib/local/mirrored-mention-store.ts';
import { aMention, anIncident } from '../../adapters/dynamo-test-data.ts';

// The mirrors answer reads from what was written through them: each read here is compared with
// the same read on the embedded DynamoDB they write to.
let dynamo: EmbeddedDynamo;
let stores: DynamoStores;
beforeAll(async () => {
  dynamo = await startEmbeddedDynamo({ inProcess: true });
  stores = createDynamoStores(dynamo.client, dynamo.tableNames);
});
afterAll(() => dynamo?.stop());

describe('Class: MirroredMentionStore', () => {
  it('answers getMany and get as the table does, attachments included', async () => {
    const mirrored = new MirroredMentionStore(stores.mentions);
    const written = ['m1', 'm2', 'm3'].map((id) => aMention(id));
    await mirrored.putMany(written);
    await mirrored.attachToIncident('blog#m2', 'inc-m');
    const ids = ['blog#m1', 'blog#m2', 'blog#m3', 'blog#absent'];
    expect(await mirrored.getMany(ids)).toEqual(await stores.mentions.getMany(ids));
    expect(await mirrored.get('blog#m2')).toEqual(await stores.mentions.get('blog#m2'));
    expect((await mirrored.get('blog#m2'))?.incidentId).toBe('inc-m');
    expect(await mirrored.get('blog#absent')).toBeUndefined();
  });

  it('hands out copies: a caller changing a Mention changes neither the mirror nor the table', async () => {
    const mirrored = new MirroredMentionStore(stores.mentions);
    await mirrored.putMany([aMention('c1')]);
    const got = (await mirrored.get('blog#c1'))!;
    got.text = 'changed by the caller';
    expect((await mirrored.get('blog#c1'))?.text).toBe(aMention('c1').text);
  });

  it('mirrors nothing the table refused', async () => {
    const mirrored = new MirroredMentionStore(stores.mentions);
    await expect(mirrored.attachToIncident('blog#never', 'inc-x')).rejects.toThrow(/not found/);
    expect(await mirrored.get('blog#never')).toBeUndefined();
  });
});

describe('Class: MirroredIncidentStore', () => {
  it('answers get, findOpen and listOpenedBetween as the table does, through create, save and resolve', async () => {
    const mirrored = new MirroredIncidentStore(stores.incidents);
    const a = anIncident('mi-a', { brand: 'mirror', fingerprint: 'mirror#outage', openedAt: '2025-03-03T10:00:00.000Z' });
    const b = anIncident('mi-b', { brand: 'mirror', theme: 'billing', fingerprint: 'mirror#billing', openedAt: '2025-03-03T11:00:00.000Z' });
    expect(await mirrored.create(a)).toBe(true);
    expect(await mirrored.create(b)).toBe(true);
    expect(await mirrored.create(a)).toBe(false);
    await mirrored.save({ ...a, status: 'resolved', resolvedAt: '2025-03-03T12:00:00.000Z', version: 2 });
    await mirrored.save({ ...b, mentionCount: 50, version: 2 });

    for (const fingerprint of ['mirror#outage', 'mirror#billing', 'mirror#none'])
      expect(await mirrored.findOpen('mirror', fingerprint)).toEqual(await stores.incidents.findOpen('mirror', fingerprint));
    expect((await mirrored.findOpen('mirror', 'mirror#billing'))?.mentionCount).toBe(50);
    for (const [from, to] of [['2025-03-03T00:00:00.000Z', '2025-03-04T00:00:00.000Z'], ['2025-03-03T10:30:00.000Z', '2025-03-03T11:00:00.000Z'], ['2025-03-03T10:00:00.000Z', '2025-03-03T11:00:00.001Z']])
      expect(await mirrored.listOpenedBetween('mirror', from!, to!)).toEqual(await stores.incidents.listOpenedBetween('mirror', from!, to!));
    expect(await mirrored.get('mi-a')).toEqual(await stores.incidents.get('mi-a'));
  });

  it('keeps the stored version when a save loses the race', async () => {
    const mirrored = new MirroredIncidentStore(stores.incidents);
    const c = anIncident('mi-c', { brand: 'race', fingerprint: 'race#outage' });
    await mirrored.create(c);
    await expect(mirrored.save({ ...c, mentionCount: 99, version: 5 })).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect((await mirrored.get('mi-c'))?.mentionCount).toBe(c.mentionCount);
  });
});

describe('Class: MirroredCounterStore', () => {
  const delta = (n: number) => ({ total: n, negative: 1, complaint: 0, reach: 10 * n, negativeReach: 10, bySource: { a: n }, byTheme: { outage: 1 } });

  it('answers range as the table does, whatever order the buckets were added in, and refuses a batch twice', async () => {
    const mirrored = new MirroredCounterStore(stores.counters);
    const starts = ['2025-03-03T10:30:00.000Z', '2025-03-03T10:00:00.000Z', '2025-03-03T11:15:00.000Z', '2025-03-03T10:15:00.000Z', '2025-03-03T10:30:00.000Z'];
    for (const [i, start] of starts.entries()) expect(await mirrored.add('mirror-c', start, delta(i + 1), { writer: 'src', batch: i + 1 })).toBe(true);
    expect(await mirrored.add('mirror-c', starts[0]!, delta(9), { writer: 'src', batch: 1 })).toBe(false);
    for (const [from, to] of [['2025-03-03T00:00:00.000Z', '2025-03-04T00:00:00.000Z'], ['2025-03-03T10:15:00.000Z', '2025-03-03T11:15:00.000Z'], ['2025-03-03T10:20:00.000Z', '2025-03-03T10:25:00.000Z']])
      expect(await mirrored.range('mirror-c', from!, to!)).toEqual(await stores.counters.range('mirror-c', from!, to!));
    expect((await mirrored.range('mirror-c', '2025-03-03T10:30:00.000Z', '2025-03-03T10:45:00.000Z'))[0]).toMatchObject({ total: 6, bySource: { a: 6 } });
    expect(await mirrored.range('another-brand', '2025-03-03T00:00:00.000Z', '2025-03-04T00:00:00.000Z')).toEqual([]);
  });
});
