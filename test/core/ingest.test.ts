import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoStores, type DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import { parseConfig, type Config } from '../../lambdas/core/config.ts';
import { ingest, type IngestDeps } from '../../lambdas/core/ingest.ts';
import { updateIncident } from '../../lambdas/core/incident-update.ts';
import type { FetchedMention } from '../../lambdas/core/mention.ts';
import type { AnalysisRequest, Cursor, FetchResult, FlowStarter, Source } from '../../lambdas/core/ports.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { ManualClock } from '../../lib/local/sim-clock.ts';

const config: Config = parseConfig({
  sender: 'desk@acme.example',
  timeZone: 'UTC',
  analyzer: 'lexicon',
  brands: [{ id: 'acme', name: 'Acme Air', handles: ['@acmeair'], keywords: ['acme air', '#acmeair'], exclusions: ['acme air purifier'] }],
  sources: [{ id: 'acme-x', kind: 'import', brand: 'acme', path: 'unused.jsonl' }],
  owners: [{ id: 'cm', name: 'Community', email: 'cm@acme.example' }],
  escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['cm'], timeoutMinutes: 15 }] }],
  detection: { warmupThreshold: 10, minNegative: 5 },
  report: { recipients: ['boss@acme.example'] },
});

let n = 0;
const post = (text: string, at: string, reach = 100): FetchedMention => ({
  sourceId: 'acme-x',
  sourceKind: 'import',
  nativeId: String(++n),
  url: `https://x.example/${n}`,
  author: { handle: `@user${n}`, reach, isBrand: false },
  text,
  createdAt: at,
  engagement: { likes: 0, replies: 0, reposts: 0 },
});

/** A source that returns a fixed batch, or throws, and records the cursor it was given. */
class BatchSource implements Source {
  readonly id = 'acme-x';
  seen: (Cursor | undefined)[] = [];
  constructor(public batch: FetchedMention[] | Error, public next: Cursor = { since: 'x' }) {}
  async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
    this.seen.push(cursor);
    if (this.batch instanceof Error) throw this.batch;
    return { mentions: this.batch, cursor: this.next };
  }
}

class RecordingFlows implements FlowStarter {
  started = new Set<string>();
  calls = 0;
  async start(incidentId: string) {
    this.calls++;
    if (this.started.has(incidentId)) return 'already-started' as const;
    this.started.add(incidentId);
    return 'started' as const;
  }
}

describe('Use case: ingest', () => {
  let dynamo: EmbeddedDynamo;
  let stores: DynamoStores;
  let flows: RecordingFlows;
  let deps: IngestDeps;
  const clock = new ManualClock(new Date('2026-11-18T12:00:00Z'));
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
  });
  afterAll(() => dynamo.stop());
  beforeEach(() => {
    // A fresh table prefix per test is costly; distinct source ids and brands keep tests apart instead.
    stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    flows = new RecordingFlows();
    deps = {
      config,
      clock,
      ...stores,
      analyzer: new LexiconAnalyzer(),
      flows,
      callbacks: { succeed: async () => {}, fail: async () => {} },
      logger: quiet,
      metrics: { count() {} },
    };
  });

  it('stores a Mention once however often it is fetched, and advances the cursor after storing', async () => {
    const batch = [post('Flying acme air tomorrow, excited!', '2026-11-18T11:00:00Z'), post('acme air purifier review', '2026-11-18T11:01:00Z')];
    const source = new BatchSource(batch, { since: '2' });
    const first = await ingest(deps, source, config.sources[0]!);
    const second = await ingest(deps, source, config.sources[0]!);
    expect(first.stored).toBe(1); // the purifier is an exclusion
    expect(second.stored).toBe(0);
    expect(second.duplicates).toBe(1);
    expect(source.seen).toEqual([undefined, { since: '2' }]);
    const stored = await stores.mentions.get(`acme-x#${batch[0]!.nativeId}`);
    expect(stored?.brand).toBe('acme');
    expect(stored?.analysis?.sentiment).toBeDefined();
  });

  it('leaves the cursor where it was when the source fails', async () => {
    await stores.cursors.put('acme-x', { since: 'before' });
    const source = new BatchSource(new Error('HTTP 500 from the API'));
    await expect(ingest(deps, source, config.sources[0]!)).rejects.toThrow('HTTP 500');
    expect(await stores.cursors.get('acme-x')).toEqual({ since: 'before' });
  });

  it('opens one Incident for a burst of complaints and starts its flow once, even when the run is retried', async () => {
    const complaints = Array.from({ length: 14 }, (_, i) =>
      post(`@acmeair flight cancelled again and I have been on hold for ${40 + i} minutes. Still no refund. #acmeair`, `2026-11-18T11:${String(10 + i * 3).padStart(2, '0')}:00Z`),
    );
    const source = new BatchSource(complaints, { since: 'c' });
    const first = await ingest(deps, source, config.sources[0]!);
    expect(first.opened).toHaveLength(1);
    const incident = first.opened[0]!;
    expect(incident.brand).toBe('acme');
    expect(incident.reason).toMatch(/\d+ negative/);
    expect(flows.started).toEqual(new Set([incident.id]));

    // The same batch again (a retried Lambda): nothing new is stored, no second Incident.
    const again = await ingest(deps, source, config.sources[0]!);
    expect(again.stored).toBe(0);
    expect(again.opened).toHaveLength(0);
    const open = await stores.incidents.findOpen('acme', incident.fingerprint);
    expect(open?.id).toBe(incident.id);
    const attached = await stores.mentions.listByIncident(incident.id, 100);
    expect(attached.length).toBeGreaterThanOrEqual(first.opened[0]!.triggerMentionIds.length);
  });

  it('counts a post for every configured brand it names, in their counters and their detection, once', async () => {
    const two = parseConfig({
      ...config,
      brands: [...config.brands, { id: 'globex', name: 'Globex', handles: ['@globex'], keywords: ['globex'], industry: 'airline' }],
      sources: [{ id: 'acme-x', kind: 'import', brand: 'acme', path: 'unused.jsonl' }],
    });
    const both = { ...deps, config: two };
    const named = post('.@Globex your app lost my booking and my flight was cancelled, Acme Air never does this', '2026-11-18T08:05:00Z');
    const risky = post('@globex I got food poisoning from the meal on the acme air codeshare flight', '2026-11-18T08:06:00Z');
    const source = new BatchSource([named, risky]);
    const first = await ingest(both, source, two.sources[0]!);
    await ingest(both, source, two.sources[0]!); // a retried run counts nothing again

    const stored = await stores.mentions.get(`acme-x#${named.nativeId}`);
    expect(stored).toMatchObject({ brand: 'globex', brands: ['globex', 'acme'] });
    // The primary brand's own themes: Globex is an airline.
    expect(stored?.analysis?.theme).toBe('flight-disruption');
    for (const brand of ['acme', 'globex']) {
      const [bucket] = await stores.counters.range(brand, '2026-11-18T08:00:00.000Z', '2026-11-18T08:15:00.000Z');
      expect(bucket).toMatchObject({ total: 2, negative: 2 });
    }
    expect(first.opened.map((i) => i.brand).sort()).toEqual(['acme', 'globex']);
  });

  it('counts the brand\'s first reply to a complaint once, in the complaint\'s bucket', async () => {
    const complaint = post('@acmeair my bag was lost and nobody answers the phone. Still waiting for a refund.', '2026-11-18T09:05:00Z');
    const reply = { ...post('Sorry to hear that, please DM us your booking reference.', '2026-11-18T09:50:00Z'), inReplyTo: complaint.nativeId };
    reply.author = { handle: '@acmeair', reach: 50_000, isBrand: true };
    const second = { ...post('Following up: our baggage team has your case.', '2026-11-18T10:30:00Z'), inReplyTo: complaint.nativeId };
    second.author = { handle: '@acmeair', reach: 50_000, isBrand: true };
    const source = new BatchSource([complaint, reply, second]);
    await ingest(deps, source, config.sources[0]!);
    await ingest(deps, source, config.sources[0]!); // a retried run counts nothing again

    const buckets = await stores.counters.range('acme', '2026-11-18T09:00:00.000Z', '2026-11-18T09:15:00.000Z');
    expect(buckets[0]?.replied).toBe(1);
    expect(buckets[0]?.replyMinutes).toBe(45);
    expect((await stores.mentions.get(`acme-x#${complaint.nativeId}`))?.repliedAt).toBe('2026-11-18T09:50:00Z');
  });

  it('keeps a Mention whose analysis failed, unscored, and scores and counts it on the next run', async () => {
    const lexicon = new LexiconAnalyzer();
    let down = true;
    // An analyser that is down for the first run (as Comprehend throttling past its retries).
    const flaky = { analyze: async (requests: readonly AnalysisRequest[]) => (down ? requests.map(() => undefined) : lexicon.analyze(requests)) };
    const d = { ...deps, analyzer: flaky };
    const sourceConfig = { ...config.sources[0]!, id: 'acme-flaky' };
    const complaint = { ...post('@acmeair lost my bag, on hold for an hour, still no refund. Awful.', '2026-11-18T08:05:00Z'), sourceId: 'acme-flaky' };
    const source = Object.assign(new BatchSource([complaint]), { id: 'acme-flaky' });

    const first = await ingest(d, source, sourceConfig);
    expect(first.stored).toBe(1);
    expect(first.unscored).toBe(1);
    const id = `acme-flaky#${complaint.nativeId}`;
    expect((await stores.mentions.get(id))?.analysis).toBeUndefined();
    const before = await stores.counters.range('acme', '2026-11-18T08:00:00.000Z', '2026-11-18T08:15:00.000Z');

    down = false;
    source.batch = [];
    await ingest(d, source, sourceConfig);
    expect((await stores.mentions.get(id))?.analysis?.complaint).toBe(true);
    const after = await stores.counters.range('acme', '2026-11-18T08:00:00.000Z', '2026-11-18T08:15:00.000Z');
    expect(after[0]!.total).toBe(before[0]!.total); // its volume was counted once, when it was stored
    expect(after[0]!.negative).toBe((before[0]!.negative ?? 0) + 1);
    // Scored now, it is no longer waiting: a third run counts nothing again.
    await ingest(d, source, sourceConfig);
    expect((await stores.counters.range('acme', '2026-11-18T08:00:00.000Z', '2026-11-18T08:15:00.000Z'))[0]!.negative).toBe(after[0]!.negative);
  });

  it('processes a Mention stored by a run that failed before counting it, and counts it once', async () => {
    const failing = { analyze: async () => { throw new Error('AccessDeniedException from the analyser'); } };
    const sourceConfig = { ...config.sources[0]!, id: 'acme-crash' };
    const complaint = { ...post('@acmeair cancelled my flight and I have been on hold for 2 hours. Refund now.', '2026-11-18T07:05:00Z'), sourceId: 'acme-crash' };
    const source = Object.assign(new BatchSource([complaint]), { id: 'acme-crash' });
    await expect(ingest({ ...deps, analyzer: failing }, source, sourceConfig)).rejects.toThrow('AccessDenied');
    expect(await stores.cursors.get('acme-crash')).toBeUndefined();

    // The retried run fetches the same window: the Mention is already stored, but not yet processed.
    const retry = await ingest(deps, source, sourceConfig);
    expect(retry.stored).toBe(1);
    expect((await stores.mentions.get(`acme-crash#${complaint.nativeId}`))?.analysis?.complaint).toBe(true);
    const buckets = await stores.counters.range('acme', '2026-11-18T07:00:00.000Z', '2026-11-18T07:15:00.000Z');
    expect(buckets[0]).toMatchObject({ total: 1, negative: 1 });

    // A third run of the same window changes nothing.
    await ingest(deps, source, sourceConfig);
    expect((await stores.counters.range('acme', '2026-11-18T07:00:00.000Z', '2026-11-18T07:15:00.000Z'))[0]).toMatchObject({ total: 1, negative: 1 });
  });

  it('starts the flow of an open Incident whose start failed, on the next run', async () => {
    const brandConfig = parseConfig({ ...structuredClone(config), brands: [{ ...config.brands[0]!, id: 'acme2' }], sources: [{ id: 'acme2-x', kind: 'import', brand: 'acme2', path: 'x' }] });
    const at = '2026-11-18T12:00:00.000Z';
    await stores.incidents.create({
      id: 'acme2-outage-1', brand: 'acme2', theme: 'outage', fingerprint: 'acme2#outage', severity: 'SEV2', status: 'open',
      firstMentionAt: at, openedAt: at, reason: 'test', triggerMentionIds: [], mentionCount: 0, negativeCount: 0, reach: 0,
      level: 0, notified: [], timeline: [], version: 1,
    });
    await ingest({ ...deps, config: brandConfig }, Object.assign(new BatchSource([]), { id: 'acme2-x' }), brandConfig.sources[0]!);
    expect(flows.started.has('acme2-outage-1')).toBe(true);
  });

  it('files a negative reply to the brand\'s own post under brand-post, in the Mention and in the counters alike', async () => {
    const ad = post('Acme Air: our new seats are so comfy you will never want to land! #acmeair', '2026-11-18T06:01:00Z');
    ad.author = { handle: '@acmeair', reach: 50_000, isBrand: true };
    const reply = { ...post('This ad is tone-deaf while you cancel flights every day. Awful. #acmeair', '2026-11-18T06:05:00Z'), inReplyTo: ad.nativeId };
    await ingest(deps, new BatchSource([ad, reply]), config.sources[0]!);
    expect((await stores.mentions.get(`acme-x#${reply.nativeId}`))?.analysis?.theme).toBe('brand-post');
    const [bucket] = await stores.counters.range('acme', '2026-11-18T06:00:00.000Z', '2026-11-18T06:15:00.000Z');
    expect(bucket?.byTheme['brand-post']).toBe(1);
  });

  it('reopens a resolved Incident when its problem flares up again soon after, and escalates it again from level 1', async () => {
    const c = parseConfig({ ...structuredClone(config), brands: [{ ...config.brands[0]!, id: 'acme3' }], sources: [{ id: 'acme3-x', kind: 'import', brand: 'acme3', path: 'x' }] });
    const burst = (hour: number, minute: number) =>
      Array.from({ length: 12 }, (_, i) => ({
        ...post(`@acmeair flight cancelled again, on hold for ${50 + i} minutes, still no refund. #acmeair`, `2026-11-18T${hour}:${String(minute + i * 2).padStart(2, '0')}:00Z`),
        sourceId: 'acme3-x',
      }));
    const d = { ...deps, config: c };
    const first = await ingest(d, Object.assign(new BatchSource(burst(11, 20)), { id: 'acme3-x' }), c.sources[0]!);
    const incident = first.opened[0]!;
    expect(incident).toMatchObject({ problem: 'complaints', openedSeverity: incident.severity, opening: { trigger: 'warm-up', negative: 12 } });
    expect(flows.started.has(incident.id)).toBe(true);
    await updateIncident(stores.incidents, incident.id, (i) => {
      i.status = 'resolved';
      i.resolvedAt = '2026-11-18T11:55:00Z';
    });
    try {
      clock.set(new Date('2026-11-18T12:40:00Z'));
      const second = await ingest(d, Object.assign(new BatchSource(burst(12, 1)), { id: 'acme3-x' }), c.sources[0]!);
      expect(second.opened).toEqual([]);
      const reopened = (await stores.incidents.get(incident.id))!;
      expect(reopened).toMatchObject({ status: 'open', reopenCount: 1, level: 0, negativeCount: 24 });
      expect(reopened.resolvedAt).toBeUndefined();
      expect(reopened.timeline.map((e) => e.type)).toEqual(['first-mention', 'opened', 'reopened']);
      expect(reopened.timeline.at(-1)).toMatchObject({ severity: reopened.severity, figures: { negative: 12 } });
      expect(reopened.timeline.at(-1)!.detail).toMatch(/^flared up again 45 min after it was resolved; 12 negative mentions in 40 min/);
      // A second execution with a name of its own: the first one's name is never reused.
      expect(flows.started.has(`${incident.id}-r1`)).toBe(true);
    } finally {
      clock.set(new Date('2026-11-18T12:00:00Z'));
    }
  });

  describe('a run that dies or repeats counts every stored Mention exactly once', () => {
    const bucket = (brand: string, from: string) => stores.counters.range(brand, from, new Date(Date.parse(from) + 15 * 60_000).toISOString());
    const complaints = (sourceId: string, hour: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({ ...post(`@acmeair my bag is lost and I was on hold for ${30 + i} minutes. Refund now!`, `2026-11-17T${hour}:${String(i).padStart(2, '0')}:00Z`), sourceId }));

    it('counts on the next run the Mentions a run stored before it died, and counts them once', async () => {
      const sourceConfig = { ...config.sources[0]!, id: 'acme-die' };
      const batch = complaints('acme-die', '01', 6);
      const source = Object.assign(new BatchSource(batch), { id: 'acme-die' });
      // The process dies at its first counter write: every Mention is stored, none counted.
      let dead = true;
      const later = new ManualClock(new Date(clock.now().getTime() + 5 * 60_000));
      const dying = { ...deps, counters: { range: stores.counters.range.bind(stores.counters), add: async (...args: Parameters<typeof stores.counters.add>) => {
        if (dead) throw new Error('Lambda runtime exited: the process was killed');
        return stores.counters.add(...args);
      } } };
      await expect(ingest(dying, source, sourceConfig)).rejects.toThrow('killed');
      dead = false;
      // Its lease outlives it by its deadline: the next scheduled run, five minutes on, takes over.
      await ingest({ ...deps, clock: later }, source, sourceConfig);
      await ingest({ ...deps, clock: later }, source, sourceConfig);
      expect((await bucket('acme', '2026-11-17T01:00:00.000Z'))[0]).toMatchObject({ total: 6, negative: 6 });
    });

    it('adds a batch to a bucket once when the counter write is sent twice (an SDK retry after a lost response)', async () => {
      const sourceConfig = { ...config.sources[0]!, id: 'acme-twice' };
      const source = Object.assign(new BatchSource(complaints('acme-twice', '02', 4)), { id: 'acme-twice' });
      const twice = { ...deps, counters: { range: stores.counters.range.bind(stores.counters), add: async (...args: Parameters<typeof stores.counters.add>) => {
        const first = await stores.counters.add(...args);
        await stores.counters.add(...args);
        return first;
      } } };
      await ingest(twice, source, sourceConfig);
      expect((await bucket('acme', '2026-11-17T02:00:00.000Z'))[0]).toMatchObject({ total: 4, negative: 4 });
    });

    it('lets one of two concurrent runs of the same event count, and the other skip', async () => {
      const sourceConfig = { ...config.sources[0]!, id: 'acme-both' };
      const batch = complaints('acme-both', '03', 5);
      const runs = await Promise.all([0, 1].map(() => ingest(deps, Object.assign(new BatchSource(batch), { id: 'acme-both' }), sourceConfig)));
      expect(runs.map((r) => r.busy ?? false).sort()).toEqual([false, true]);
      expect((await bucket('acme', '2026-11-17T03:00:00.000Z'))[0]).toMatchObject({ total: 5 });
    });

    it('stores, counts and attaches a post listed twice in one batch once', async () => {
      const c = parseConfig({ ...structuredClone(config), brands: [{ ...config.brands[0]!, id: 'acme4' }], sources: [{ id: 'acme4-x', kind: 'import', brand: 'acme4', path: 'x' }] });
      const d = { ...deps, config: c };
      const burst = complaints('acme4-x', '11', 12).map((m, i) => ({ ...m, createdAt: `2026-11-18T11:${String(20 + i * 2).padStart(2, '0')}:00Z` }));
      const first = await ingest(d, Object.assign(new BatchSource(burst), { id: 'acme4-x' }), c.sources[0]!);
      const incident = first.opened[0]!;
      const before = (await stores.incidents.get(incident.id))!;
      const repeat = { ...post('@acmeair still no refund, on hold again for an hour. Awful.', '2026-11-18T11:50:00Z'), sourceId: 'acme4-x' };
      const second = await ingest(d, Object.assign(new BatchSource([repeat, { ...repeat }]), { id: 'acme4-x' }), c.sources[0]!);
      expect(second.stored).toBe(1);
      const after = (await stores.incidents.get(incident.id))!;
      expect(after.mentionCount - before.mentionCount).toBe(1);
      expect((await bucket('acme4', '2026-11-18T11:45:00.000Z'))[0]).toMatchObject({ total: 1 });
    });
  });

  describe("the batch's Mentions are attached to their Incident in batched writes", () => {
    const brandConfig = (id: string) =>
      parseConfig({ ...structuredClone(config), brands: [{ ...config.brands[0]!, id }], sources: [{ id: `${id}-x`, kind: 'import', brand: id, path: 'x' }] });
    const burst = (sourceId: string, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        ...post(`@acmeair flight cancelled and on hold for ${50 + i} minutes, no refund. Awful.`, `2026-11-18T11:${String(10 + i).padStart(2, '0')}:00Z`),
        sourceId,
      }));

    it('writes them in batch writes, not one update each, before the flow starts', async () => {
      const c = brandConfig('acme5');
      const writes = { putMany: 0, attachToIncident: 0 };
      const mentions = {
        ...stores.mentions,
        getMany: stores.mentions.getMany.bind(stores.mentions),
        get: stores.mentions.get.bind(stores.mentions),
        listByIncident: stores.mentions.listByIncident.bind(stores.mentions),
        putMany: (ms: Parameters<typeof stores.mentions.putMany>[0]) => (writes.putMany++, stores.mentions.putMany(ms)),
        attachToIncident: (id: string, incidentId: string) => (writes.attachToIncident++, stores.mentions.attachToIncident(id, incidentId)),
      };
      // The flow's first email lists the Incident's Mentions: they are attached when it starts.
      const listedAtStart: number[] = [];
      const seeing: FlowStarter = { start: async (id) => (listedAtStart.push((await stores.mentions.listByIncident(id, 100)).length), flows.start(id)) };
      const summary = await ingest({ ...deps, config: c, mentions, flows: seeing }, Object.assign(new BatchSource(burst('acme5-x', 30)), { id: 'acme5-x' }), c.sources[0]!);
      const incident = summary.opened[0]!;
      const attached = await stores.mentions.listByIncident(incident.id, 100);
      expect(attached.length).toBeGreaterThanOrEqual(incident.triggerMentionIds.length);
      expect(listedAtStart[0]).toBe(attached.length);
      expect(writes.attachToIncident).toBe(0);
      // The batch, then its attachments.
      expect(writes.putMany).toBe(2);
      // Written again whole: the analysis and the batch number stay beside the Incident.
      expect(attached.every((m) => m.analysis && m.batch === 1)).toBe(true);
    });

    it('a failed attachment write fails the run; the next run attaches them and the Incident counts them once', async () => {
      const c = brandConfig('acme6');
      const source = Object.assign(new BatchSource(burst('acme6-x', 30)), { id: 'acme6-x' });
      let failNext = false;
      let calls = 0;
      const mentions = {
        ...stores.mentions,
        getMany: stores.mentions.getMany.bind(stores.mentions),
        get: stores.mentions.get.bind(stores.mentions),
        listByIncident: stores.mentions.listByIncident.bind(stores.mentions),
        attachToIncident: stores.mentions.attachToIncident.bind(stores.mentions),
        putMany: async (ms: Parameters<typeof stores.mentions.putMany>[0]) => {
          // The first write stores the batch; the second, its attachments, is throttled for good.
          if (++calls === 2 && failNext) throw new Error('ProvisionedThroughputExceededException');
          return stores.mentions.putMany(ms);
        },
      };
      failNext = true;
      const later = new ManualClock(new Date(clock.now().getTime() + 5 * 60_000));
      await expect(ingest({ ...deps, config: c, mentions }, source, c.sources[0]!)).rejects.toThrow('ProvisionedThroughput');
      const [incident] = await stores.incidents.listOpenedBetween('acme6', '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z');
      expect(incident).toBeDefined();
      expect(await stores.mentions.listByIncident(incident!.id, 100)).toEqual([]);
      failNext = false;
      await ingest({ ...deps, config: c, mentions, clock: later }, source, c.sources[0]!);
      const after = (await stores.incidents.get(incident!.id))!;
      const attached = await stores.mentions.listByIncident(incident!.id, 100);
      expect(attached.length).toBeGreaterThanOrEqual(incident!.triggerMentionIds.length);
      // The Incident counted the batch when it opened it: finishing the batch counts nothing again.
      expect(after.mentionCount).toBe(incident!.mentionCount);
      expect(flows.started).toEqual(new Set([incident!.id]));
    });
  });

  describe('an item past the limits is cut or skipped, never fatal to its batch', () => {
    it('stores a 450 KB post cut to the text limit beside the normal ones', async () => {
      const sourceConfig = { ...config.sources[0]!, id: 'acme-big' };
      const big = { ...post(`acme air ${'very long blog post '.repeat(23_000)}`, '2026-11-17T04:01:00Z'), sourceId: 'acme-big' };
      const normal = { ...post('Flying acme air today', '2026-11-17T04:02:00Z'), sourceId: 'acme-big' };
      const metrics: string[] = [];
      const summary = await ingest({ ...deps, metrics: { count: (name: string) => void metrics.push(name) } }, Object.assign(new BatchSource([big, normal]), { id: 'acme-big' }), sourceConfig);
      expect(summary.stored).toBe(2);
      const stored = await stores.mentions.get(`acme-big#${big.nativeId}`);
      expect(Buffer.byteLength(stored!.text)).toBeLessThanOrEqual(16 * 1024);
      expect(await stores.mentions.get(`acme-big#${normal.nativeId}`)).toBeDefined();
      expect(metrics).toContain('MentionsCut');
    });

    it('skips an empty text (and one of invisible characters only) instead of failing the analyser on it', async () => {
      const sourceConfig = { ...config.sources[0]!, id: 'acme-empty' };
      const lexicon = new LexiconAnalyzer();
      // Like Comprehend: an empty document fails the whole call.
      const strict = { analyze: async (r: readonly AnalysisRequest[]) => {
        if (r.some((x) => !x.text.trim())) throw new Error('ValidationException: TextList member must have length greater than or equal to 1');
        return lexicon.analyze(r);
      } };
      const items = [
        { ...post('', '2026-11-17T05:01:00Z'), sourceId: 'acme-empty' },
        { ...post('\u200B\u00AD\u2060', '2026-11-17T05:02:00Z'), sourceId: 'acme-empty' },
        { ...post('acme air lost my bag', '2026-11-17T05:03:00Z'), sourceId: 'acme-empty' },
      ];
      // Brand matching lets an empty item through when its author is the brand.
      for (const m of items.slice(0, 2)) m.author = { handle: '@acmeair', reach: 1, isBrand: true };
      const summary = await ingest({ ...deps, analyzer: strict }, Object.assign(new BatchSource(items), { id: 'acme-empty' }), sourceConfig);
      expect(summary.stored).toBe(1);
      expect(summary.skipped).toBe(2);
    });
  });
});
