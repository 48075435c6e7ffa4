/**
 * The cursor contract, end to end for several connectors: the caller stores the batch, then
 * the cursor. A run that fails halfway (second page truncated) stores nothing and leaves the
 * cursor; the next run stores every item exactly once; a third run stores nothing new.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import type { FetchedMention } from '../../lambdas/core/mention.ts';
import type { Cursor, Source } from '../../lambdas/core/ports.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { ReplayServer, testDeps, type RecordedRequest, type Reply } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

/** What fetch-mentions does with a Source: store the batch (dedup on id), then the cursor. */
class Caller {
  readonly stored = new Map<string, FetchedMention>();
  cursor: Cursor | undefined;
  duplicates = 0;
  constructor(cursor: Cursor) {
    this.cursor = cursor;
  }
  async run(source: Source): Promise<void> {
    const { mentions, cursor } = await source.fetch(this.cursor);
    for (const m of mentions) {
      const id = `${m.sourceId}#${m.nativeId}`;
      if (this.stored.has(id)) this.duplicates++;
      else this.stored.set(id, m);
    }
    this.cursor = cursor;
  }
}

const TRUNCATED: Reply = { body: '{"data":[{"id":"1"' };

interface Scenario {
  name: string;
  config: Record<string, unknown>;
  credentials?: Record<string, string>;
  cursor: Cursor;
  setup: (breakSecondPage: () => boolean) => void;
  expected: number;
}

const xId = (n: number) => String((BigInt(Date.parse('2026-11-23T11:00:00Z') + n * 1000) - 1288834974657n) << 22n);

const scenarios: Scenario[] = [
  {
    name: 'x',
    config: { kind: 'x', query: 'acme' },
    credentials: { bearerToken: 'tok-123456' },
    cursor: { 'search.since': xId(0) },
    expected: 4,
    setup: (broken) =>
      server.on('GET', '/2/tweets/search/recent', (req: RecordedRequest): Reply => {
        const since = req.url.searchParams.get('since_id')!;
        const ids = [4, 3, 2, 1].map(xId).filter((id) => BigInt(id) > BigInt(since));
        if (req.url.searchParams.get('next_token') === 'p2') return broken() ? TRUNCATED : { body: { data: ids.slice(2).map((id) => ({ id, text: 'acme' })), meta: { result_count: 2 } } };
        return { body: { data: ids.slice(0, 2).map((id) => ({ id, text: 'acme' })), meta: { result_count: 2, ...(ids.length > 2 ? { next_token: 'p2' } : {}) } } };
      }),
  },
  {
    name: 'mastodon',
    config: { kind: 'mastodon', instance: 'https://mastodon.social', hashtags: ['acme'] },
    cursor: { 'tag:acme.since': '100' },
    expected: 41,
    setup: (broken) =>
      server.on('GET', '/api/v1/timelines/tag/acme', (req: RecordedRequest): Reply => {
        // Statuses 101..141; min_id answers the (at most 40) just newer, newest first.
        const min = Number(req.url.searchParams.get('min_id'));
        if (min === 140 && broken()) return TRUNCATED;
        const newer = Array.from({ length: 41 }, (_, i) => 101 + i).filter((id) => id > min).slice(0, 40);
        return { body: newer.reverse().map(status) };
      }),
  },
  {
    name: 'hackernews',
    config: { kind: 'hackernews', query: 'acme', karma: false },
    cursor: { 'search.since': '1000' },
    expected: 4,
    setup: (broken) =>
      server.on('GET', '/search_by_date', (req: RecordedRequest): Reply => {
        const page = Number(req.url.searchParams.get('page') ?? 0);
        if (page === 1 && broken()) return TRUNCATED;
        const hits = (page === 0 ? [2004, 2003] : [2002, 2001]).map((t) => ({ objectID: String(t), created_at_i: t, author: 'a', title: 'acme', url: null, story_text: '' }));
        return { body: { hits, page, nbPages: 2 } };
      }),
  },
];

function status(id: number) {
  return {
    id: String(id), created_at: '2026-11-23T10:00:00.000Z', content: '<p>acme</p>', uri: `https://m.example/s/${id}`,
    account: { id: '1', username: 'u', acct: 'u' },
  };
}

describe('Contract: a failed run stores nothing and loses nothing', () => {
  it.each(scenarios)('$name', async ({ config, credentials, cursor, setup, expected }) => {
    let failures = 1;
    setup(() => failures-- > 0);
    const source = createSource(SourceSchema.parse({ id: 'src', brand: 'acme', baseUrl: server.url, ...config }), testDeps({ credentials }).deps);
    const caller = new Caller(cursor);

    await expect(caller.run(source)).rejects.toThrow(/source src: .*not valid JSON/);
    expect(caller.stored.size).toBe(0);
    expect(caller.cursor).toEqual(cursor);

    await caller.run(source);
    expect(caller.stored.size).toBe(expected);
    expect(caller.duplicates).toBe(0);
    expect(caller.cursor).not.toEqual(cursor);

    const before = caller.stored.size;
    await caller.run(source);
    expect(caller.stored.size).toBe(before);
  });
});
