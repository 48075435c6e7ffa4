import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { SourceError, type Cursor } from '../../lambdas/core/ports.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { fixtureJson, hasFixtures, MISSING_FIXTURES, ReplayServer, testDeps } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => {
  server.reset();
  server.on('GET', /^\/users\//, (req) =>
    req.path === '/users/dkua' ? { body: { username: 'dkua', about: '', karma: 4321, created_at_i: 1300000000 } } : { status: 404, body: { status: 404, error: 'Not Found' } },
  );
});

const SEARCH = '/search_by_date';

function hnSource(extra: Record<string, unknown> = {}) {
  const config = SourceSchema.parse({ id: 'acme-hn', kind: 'hackernews', brand: 'acme', baseUrl: server.url, query: 'acme air', ...extra });
  const { deps } = testDeps();
  return createSource(config, deps);
}

interface TreeItem { id: number; created_at_i: number; author: string | null; text: string | null; parent_id: number | null; story_id: number | null; children: TreeItem[] }

/** Algolia comment hits built from the real comment tree recording (same fields search_by_date returns). */
function commentHits(): object[] {
  const tree = fixtureJson<TreeItem & { title: string }>('hn-algolia-items-comments-tree.json');
  const out: object[] = [];
  const walk = (items: TreeItem[]) => items.forEach((c) => {
    if (c.author && c.text) {
      out.push({
        created_at: new Date(c.created_at_i * 1000).toISOString(), created_at_i: c.created_at_i, author: c.author, comment_text: c.text,
        story_id: c.story_id, story_title: tree.title, parent_id: c.parent_id, points: null, num_comments: null, objectID: String(c.id),
        _tags: ['comment', `author_${c.author}`, `story_${c.story_id}`],
      });
    }
    walk(c.children);
  });
  walk(tree.children);
  return out.sort((a, b) => (b as { created_at_i: number }).created_at_i - (a as { created_at_i: number }).created_at_i);
}

describe.skipIf(!hasFixtures)('Source: hackernews, replaying real API responses', () => {
  if (!hasFixtures) it.skip(MISSING_FIXTURES, () => {});

  it('normalises story hits (communal recording) with karma as reach', async () => {
    server.on('GET', SEARCH, { body: fixtureJson('hn-algolia-search.json') });
    const { mentions, cursor } = await hnSource().fetch(undefined);
    expect(mentions).toHaveLength(4);
    expect(mentions[0]).toEqual({
      sourceId: 'acme-hn',
      sourceKind: 'hackernews',
      nativeId: '8828543',
      url: 'https://news.ycombinator.com/item?id=8828543',
      author: { handle: 'dkua', displayName: 'dkua', reach: 4321, isBrand: false },
      text: 'Why aren’t we using SSH for everything?\n\nhttps://medium.com/@shazow/ssh-how-does-it-even-9e43586e4ffc',
      createdAt: '2015-01-02T21:05:46.000Z',
      engagement: { likes: 270, replies: 103, reposts: 0 },
    });
    expect(mentions[1]!.author.reach).toBe(0);
    expect(cursor).toEqual({ 'search.since': '1486212445' });
    const params = Object.fromEntries(server.requestsTo(SEARCH)[0]!.url.searchParams);
    expect(params).toEqual({ query: 'acme air', tags: '(story,comment)', hitsPerPage: '100' });
  });

  it('normalises comment hits built from the real comment tree: HTML to text, parent as inReplyTo', async () => {
    const hits = commentHits();
    server.on('GET', SEARCH, { body: { hits, nbHits: hits.length, page: 0, nbPages: 1, hitsPerPage: 100 } });
    const { mentions } = await hnSource({ karma: false }).fetch({ 'search.since': '1420000000' });
    const c = mentions.find((m) => m.nativeId === '8829186')!;
    expect(c).toEqual({
      sourceId: 'acme-hn',
      sourceKind: 'hackernews',
      nativeId: '8829186',
      url: 'https://news.ycombinator.com/item?id=8829186',
      author: { handle: 'silbak04', displayName: 'silbak04', reach: 0, isBrand: false },
      text: 'Somewhat relevant: I think Mosh solves a few problems that SSH lacks. This article: https://news.ycombinator.com/item?id=8252093 made it on Hacker News a bit ago. The video is wort the watch imo.',
      createdAt: '2015-01-02T23:36:48.000Z',
      engagement: { likes: 0, replies: 0, reposts: 0 },
      inReplyTo: '8828543',
    });
    expect(mentions.every((m) => !/<[a-z]|&#x2F;/.test(m.text))).toBe(true);
    expect(server.requestsTo(SEARCH)[0]!.url.searchParams.get('numericFilters')).toBe('created_at_i>1419999700');
  });
});

const hit = (id: number, at: number) => ({ objectID: String(id), created_at_i: at, author: 'pg', title: `Acme Air ${id}`, url: null, story_text: '<p>why &amp; how</p>', points: 1, num_comments: 0, parent_id: null });
const page = (hits: object[], p: number, n: number) => ({ hits, page: p, nbPages: n, hitsPerPage: 100, nbHits: 250 });

describe("Source: hackernews, the project's own responses", () => {
  it('reads every page, then stores the newest time', async () => {
    server.on('GET', SEARCH, (req) => {
      const p = Number(req.url.searchParams.get('page') ?? 0);
      return { body: page([hit(100 - p * 2, 2000 - p * 2), hit(99 - p * 2, 1999 - p * 2)], p, 3) };
    });
    const { mentions, cursor, more } = await hnSource({ karma: false }).fetch({ 'search.since': '1500' });
    expect(mentions).toHaveLength(6);
    expect(mentions[0]!.text).toBe('Acme Air 100\n\nwhy & how');
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'search.since': '2000' });
    expect(server.requestsTo(SEARCH).map((r) => r.url.searchParams.get('page'))).toEqual([null, '1', '2']);
  });

  it('stops at maxPages and resumes with the next page', async () => {
    server.on('GET', SEARCH, (req) => {
      const p = Number(req.url.searchParams.get('page') ?? 0);
      return { body: page([hit(100 - p, 2000 - p)], p, 3) };
    });
    const source = hnSource({ karma: false, maxPages: 2 });
    const first = await source.fetch({ 'search.since': '1500' });
    expect(first.more).toBe(true);
    expect(first.cursor).toEqual({ 'search.since': '1500', 'search.pending': '2000', 'search.resume': '2' });
    const second = await source.fetch(first.cursor);
    expect(second.mentions.map((m) => m.nativeId)).toEqual(['98']);
    expect(second.cursor).toEqual({ 'search.since': '2000' });
  });

  it('keeps the cursor on an empty page', async () => {
    server.on('GET', SEARCH, { body: page([], 0, 0) });
    const { mentions, cursor } = await hnSource().fetch({ 'search.since': '1500' });
    expect(mentions).toEqual([]);
    expect(cursor).toEqual({ 'search.since': '1500' });
  });

  it.each([
    ['truncated JSON', { body: '{"hits":[{"objectID":"1","crea' }, /not valid JSON/],
    ['an HTML error page', { body: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }, /expected JSON/],
    ['a hit without created_at_i', { body: page([{ objectID: '1', author: 'x' }], 0, 1) }, /hits\.0\.created_at_i/],
  ])('fails the run on %s, leaving the cursor', async (_n, reply, message) => {
    server.on('GET', SEARCH, reply);
    const prev: Cursor = { 'search.since': '1500' };
    const err = (await hnSource().fetch(prev).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(message);
    expect(err.url).toContain(`${server.url}${SEARCH}?query=acme+air`);
    expect(prev).toEqual({ 'search.since': '1500' });
  });

  it('retries a 502 then succeeds', async () => {
    server.on('GET', SEARCH, [{ status: 502, body: 'Bad Gateway' }, { body: page([], 0, 0) }]);
    await expect(hnSource().fetch(undefined)).resolves.toMatchObject({ mentions: [] });
  });
});
