/**
 * The in-memory stores replay runs on answer as the DynamoDB stores do: every call below is made
 * on both, against the embedded DynamoDB, and their answers (and refusals) compared.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStores, type DynamoStores } from '../../../lambdas/adapters/dynamo-stores.ts';
import type { CounterStore, IncidentStore, MentionStore } from '../../../lambdas/core/ports.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../lib/local/embedded-dynamo.ts';
import { InMemoryCounterStore } from '../../../lib/local/in-memory-counter-store.ts';
import { InMemoryIncidentStore } from '../../../lib/local/in-memory-incident-store.ts';
import { InMemoryMentionStore } from '../../../lib/local/in-memory-mention-store.ts';
import { MirroredCounterStore } from '../../../lib/local/mirrored-counter-store.ts';
import { aMention, anIncident } from '../../adapters/dynamo-test-data.ts';

let dynamo: EmbeddedDynamo;
let table: DynamoStores;
beforeAll(async () => {
  dynamo = await startEmbeddedDynamo();
  table = createDynamoStores(dynamo.client, dynamo.tableNames);
});
afterAll(() => dynamo?.stop());

/** What a call answered: its value, or the name and message of the error it threw. */
const outcome = (p: Promise<unknown>) => p.then((value) => ({ value }), (err: Error) => ({ error: `${err.name}: ${err.message}` }));

/** Makes `call` on both stores and expects the same outcome; returns the in-memory one's. */
async function both<S, R>(memory: S, dynamoStore: S, call: (s: S) => Promise<R>) {
  const [a, b] = await Promise.all([outcome(call(memory)), outcome(call(dynamoStore))]);
  expect(a).toEqual(b);
  return a;
}

describe('Class: InMemoryMentionStore', () => {
  const memory: MentionStore = new InMemoryMentionStore();
  const on = <R>(call: (s: MentionStore) => Promise<R>) => both(memory, table.mentions, call);

  it('stores, rewrites, attaches and lists Mentions as DynamoMentionStore does', async () => {
    const written = Array.from({ length: 8 }, (_, i) => aMention(`mem-${i}`, { createdAt: `2025-03-03T10:0${i}:00.000Z` }));
    await on((s) => s.putMany([...written, { ...written[0]!, text: 'the later copy' }]));
    await on((s) => s.putMany([{ ...written[1]!, batch: 4, repliedAt: '2025-03-03T11:00:00.000Z' }]));
    for (const i of [2, 5, 3, 7]) await on((s) => s.attachToIncident(`blog#mem-${i}`, 'inc-mem'));
    expect(await on((s) => s.attachToIncident('blog#mem-never', 'inc-mem'))).toMatchObject({ error: expect.stringMatching(/not found/) });
    const ids = [...written.map((m) => m.id), 'blog#mem-never', 'blog#mem-1'];
    await on(async (s) => [...(await s.getMany(ids)).entries()].sort());
    expect(await on((s) => s.get('blog#mem-0'))).toMatchObject({ value: { text: 'the later copy' } });
    expect(await on((s) => s.get('blog#mem-never'))).toEqual({ value: undefined });
    // Newest first, at most `limit`.
    expect(await on(async (s) => (await s.listByIncident('inc-mem', 3)).map((m) => m.id))).toEqual({ value: ['blog#mem-7', 'blog#mem-5', 'blog#mem-3'] });
  });

  it('hands out copies: a caller changing a Mention changes nothing stored', async () => {
    await memory.putMany([aMention('copy-1')]);
    (await memory.get('blog#copy-1'))!.text = 'changed by the caller';
    expect((await memory.get('blog#copy-1'))?.text).toBe(aMention('copy-1').text);
  });
});

describe('Class: InMemoryIncidentStore', () => {
  const memory: IncidentStore = new InMemoryIncidentStore();
  const on = <R>(call: (s: IncidentStore) => Promise<R>) => both(memory, table.incidents, call);

  it('creates once, saves on the expected version only, and finds and lists as DynamoIncidentStore does', async () => {
    const a = anIncident('mem-a', { brand: 'mem', fingerprint: 'mem#outage', openedAt: '2025-03-03T10:00:00.000Z' });
    const b = anIncident('mem-b', { brand: 'mem', theme: 'billing', fingerprint: 'mem#billing', openedAt: '2025-03-03T11:00:00.000Z' });
    expect(await on((s) => s.create(a))).toEqual({ value: true });
    expect(await on((s) => s.create(b))).toEqual({ value: true });
    expect(await on((s) => s.create({ ...a, reason: 'a second writer' }))).toEqual({ value: false });
    await on((s) => s.save({ ...a, status: 'resolved', resolvedAt: '2025-03-03T12:00:00.000Z', version: 2 }));
    await on((s) => s.save({ ...b, mentionCount: 50, version: 2 }));
    expect(await on((s) => s.save({ ...b, mentionCount: 60, version: 2 }))).toMatchObject({ error: expect.stringMatching(/^ConcurrentUpdateError/) });
    expect(await on((s) => s.save(anIncident('mem-never', { version: 2 })))).toMatchObject({ error: expect.stringMatching(/^ConcurrentUpdateError/) });

    for (const fingerprint of ['mem#outage', 'mem#billing', 'mem#none']) await on((s) => s.findOpen('mem', fingerprint));
    expect(await on((s) => s.findOpen('other-brand', 'mem#billing'))).toEqual({ value: undefined });
    expect(await on((s) => s.findOpen('mem', 'mem#billing'))).toMatchObject({ value: { mentionCount: 50 } });
    for (const [from, to] of [['2025-03-03T00:00:00.000Z', '2025-03-04T00:00:00.000Z'], ['2025-03-03T10:30:00.000Z', '2025-03-03T11:00:00.000Z'], ['2025-03-03T10:00:00.000Z', '2025-03-03T11:00:00.001Z'], ['2025-03-04T00:00:00.000Z', '2025-03-03T00:00:00.000Z']])
      await on((s) => s.listOpenedBetween('mem', from!, to!));
    expect(await on((s) => s.get('mem-a'))).toMatchObject({ value: { status: 'resolved', version: 2 } });
  });
});

describe('Class: InMemoryCounterStore', () => {
  const delta = (n: number, replied?: number) => ({
    total: n, negative: 1, complaint: 0, reach: 10 * n, negativeReach: 10, bySource: { a: n, [`s${n % 2}`]: 1 }, byTheme: { outage: 1 },
    ...(replied !== undefined && { replied, replyMinutes: 5 * replied }),
  });
  const starts = ['2025-03-03T10:30:00.000Z', '2025-03-03T10:00:00.000Z', '2025-03-03T11:15:00.000Z', '2025-03-03T10:15:00.000Z', '2025-03-03T10:30:00.000Z'];
  const ranges = [
    ['2025-03-03T00:00:00.000Z', '2025-03-04T00:00:00.000Z'],
    ['2025-03-03T10:15:00.000Z', '2025-03-03T11:15:00.000Z'],
    ['2025-03-03T10:20:00.000Z', '2025-03-03T10:25:00.000Z'],
    ['2025-03-04T00:00:00.000Z', '2025-03-03T00:00:00.000Z'],
  ];

  it('adds a batch to a bucket once per writer, in any order of buckets, and ranges as DynamoCounterStore does', async () => {
    const memory: CounterStore = new InMemoryCounterStore();
    const on = <R>(call: (s: CounterStore) => Promise<R>) => both(memory, table.counters, call);
    for (const [i, start] of starts.entries()) expect(await on((s) => s.add('mem-c', start, delta(i + 1, i === 2 ? 1 : undefined), { writer: 'src', batch: i + 1 }))).toEqual({ value: true });
    // The bucket's last batch again (5: starts[0] and starts[4] are one bucket), older ones, and another writer's batch 1.
    expect(await on((s) => s.add('mem-c', starts[0]!, delta(9), { writer: 'src', batch: 5 }))).toEqual({ value: false });
    expect(await on((s) => s.add('mem-c', starts[0]!, delta(9), { writer: 'src', batch: 1 }))).toEqual({ value: false });
    expect(await on((s) => s.add('mem-c', starts[0]!, delta(9), { writer: 'src', batch: 4 }))).toEqual({ value: false });
    expect(await on((s) => s.add('mem-c', starts[0]!, delta(2), { writer: 'other', batch: 1 }))).toEqual({ value: true });
    expect(await on((s) => s.add('mem-c', starts[1]!, delta(1, 0)))).toEqual({ value: true });
    for (const [from, to] of ranges) await on((s) => s.range('mem-c', from!, to!));
    expect(await on(async (s) => (await s.range('mem-c', starts[0]!, '2025-03-03T10:45:00.000Z'))[0]?.total)).toEqual({ value: 8 });
    expect(await on((s) => s.range('another-brand', ranges[0]![0]!, ranges[0]![1]!))).toEqual({ value: [] });
  });

  it('MirroredCounterStore answers range from its mirror as the table does, and mirrors nothing the table refused', async () => {
    const mirrored = new MirroredCounterStore(table.counters);
    for (const [i, start] of starts.entries()) await mirrored.add('mirror-c', start, delta(i + 1), { writer: 'src', batch: i + 1 });
    expect(await mirrored.add('mirror-c', starts[0]!, delta(9), { writer: 'src', batch: 1 })).toBe(false);
    for (const [from, to] of ranges) expect(await mirrored.range('mirror-c', from!, to!)).toEqual(await table.counters.range('mirror-c', from!, to!));
  });
});
