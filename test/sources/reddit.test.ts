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
  // Reddit's documented token answer for the client-credentials grant.
  server.on('POST', '/api/v1/access_token', { body: { access_token: 'eyJhbGciOi-app-token', token_type: 'bearer', expires_in: 86400, scope: '*' } });
});

const CREDS = { clientId: 'p-jcoLKBynTLew', clientSecret: 'gko_LXELoV07ZBNUXrvWZfzE3aI', userAgent: 'web:crisis-desk-test:0.1 (by /u/acme)' };

function redditSource(extra: Record<string, unknown> = {}) {
  const config = SourceSchema.parse({ id: 'acme-reddit', kind: 'reddit', brand: 'acme', baseUrl: server.url, ...extra });
  const { deps, sleeps } = testDeps({ credentials: CREDS });
  return { source: createSource(config, { ...deps, brand: { handles: ['u/AcmeAirOfficial'] } }), sleeps };
}

const about = (name: string, total: number) => ({ kind: 't2', data: { name, total_karma: total, link_karma: 1, comment_karma: 2 } });

const post = (id: string, created: number, author = 'dana', extra: Record<string, unknown> = {}) => ({
  kind: 't3',
  data: { name: `t3_${id}`, author, created_utc: created, permalink: `/r/acme/comments/${id}/title/`, title: `Post ${id}`, selftext: 'acme air &amp; me', score: 3, num_comments: 1, num_crossposts: 0, ...extra },
});
const listing = (children: object[]) => ({ kind: 'Listing', data: { after: null, before: null, dist: children.length, children } });

describe.skipIf(!hasFixtures)('Source: reddit, replaying real API responses', () => {
  if (!hasFixtures) it.skip(MISSING_FIXTURES, () => {});

  it('reads search (praw recording), subreddit posts and comments (communal recordings)', async () => {
    server.on('GET', '/search', { body: fixtureJson('reddit-search-listing.json') });
    server.on('GET', '/r/sysadmin+linux/new', { body: fixtureJson('reddit-search-by-url-listing.json') });
    // /r/<sub>/comments answers one Listing of t1: the comments half of the thread recording.
    server.on('GET', '/r/sysadmin+linux/comments', { body: fixtureJson<unknown[]>('reddit-comments-thread.json')[1] });
    server.on('GET', /^\/user\/[^/]+\/about$/, (req) =>
      req.path.includes('ElectroSpore') ? { body: about('ElectroSpore', 48_213) } : { status: 404, body: { message: 'Not Found', error: 404 } },
    );
    const { source } = redditSource({ query: 'praw', subreddits: ['sysadmin', 'linux'] });
    const { mentions, cursor, more } = await source.fetch(undefined);

    expect(mentions).toHaveLength(6 + 4 + 5);
    expect(mentions[0]).toEqual({
      sourceId: 'acme-reddit',
      sourceKind: 'reddit',
      nativeId: 't3_3gpbiu',
      url: 'https://www.reddit.com/r/redditdev/comments/3gpbiu/prawoauth2util_problem_using_get_banned_raise/',
      author: { handle: 'dClauzel', displayName: 'dClauzel', reach: 0, isBrand: false },
      text: expect.stringMatching(/^\[PRAW\]\[OAuth2Util\] Problem using get_banned\(\) : raise Forbidden\(_raw=response\)\n\n# solved\n\nProblem solved with this: /),
      createdAt: '2015-08-12T09:08:34.000Z',
      engagement: { likes: 0, replies: 21, reposts: 0 },
    });
    const comment = mentions.find((m) => m.nativeId === 't1_cndelez')!;
    expect(comment).toEqual({
      sourceId: 'acme-reddit',
      sourceKind: 'reddit',
      nativeId: 't1_cndelez',
      url: 'https://www.reddit.com/r/sysadmin/comments/2r8es6/why_arent_we_using_ssh_for_everything_medium/cndelez/',
      author: { handle: 'ElectroSpore', displayName: 'ElectroSpore', reach: 48_213, isBrand: false },
      text: 'So a horribly limited experience vs running a private IRC server running over TSL/SSL?\n\nEdit: I will admit it is an interesting use of the SSH terminal.',
      createdAt: '2015-01-03T20:53:33.000Z',
      engagement: { likes: 16, replies: 0, reposts: 0 },
      inReplyTo: 't3_2r8es6',
    });
    // Entities in a comment recorded without raw_json are decoded.
    expect(mentions.find((m) => m.nativeId === 't1_cndv99x')!.text.startsWith('> ### Some provocative SSH ideas')).toBe(true);
    expect(more).toBeUndefined();
    expect(cursor).toEqual({
      'search.before': 't3_4at068',
      'search.createdUtc': '1458221634',
      'new.before': 't3_2r8es6',
      'new.createdUtc': '1420317685',
      'comments.before': 't1_cndvtbm',
      'comments.createdUtc': '1420351644',
    });

    const token = server.requestsTo('/api/v1/access_token');
    expect(token).toHaveLength(1);
    expect(token[0]!.headers.authorization).toBe(`Basic ${Buffer.from(`${CREDS.clientId}:${CREDS.clientSecret}`).toString('base64')}`);
    expect(token[0]!.body).toBe('grant_type=client_credentials');
    const search = server.requestsTo('/search')[0]!;
    expect(search.headers.authorization).toBe('bearer eyJhbGciOi-app-token');
    expect(search.headers['user-agent']).toBe(CREDS.userAgent);
    expect(Object.fromEntries(search.url.searchParams)).toEqual({ q: 'praw', sort: 'new', type: 'link', limit: '100', raw_json: '1' });
  });
});

describe("Source: reddit, the project's own responses", () => {
  it('walks forward with before=<fullname> across pages and stores the newest fullname', async () => {
    const full = Array.from({ length: 100 }, (_, i) => post(`b${i}`, 2000 + 100 - i));
    server.on('GET', '/search', (req) => {
      const before = req.url.searchParams.get('before');
      if (before === 't3_a1') return { body: listing(full) };
      if (before === 't3_b0') return { body: listing([post('c1', 3000), post('c0', 2999)]) };
      return { body: listing([]) };
    });
    server.on('GET', /^\/user\//, { status: 404, body: {} });
    const { source } = redditSource({ query: 'acme' });
    const { mentions, cursor, more } = await source.fetch({ 'search.before': 't3_a1', 'search.createdUtc': '1000' });
    expect(mentions).toHaveLength(102);
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'search.before': 't3_c1', 'search.createdUtc': '3000' });
    expect(server.requestsTo('/search').map((r) => r.url.searchParams.get('before'))).toEqual(['t3_a1', 't3_b0']);
    // dana's karma is looked up once for the whole batch.
    expect(server.requestsTo('/user/dana/about')).toHaveLength(1);
  });

  it('stops at maxPages with more: true, the cursor at the newest item read', async () => {
    server.on('GET', '/search', (req) => {
      const n = Number((req.url.searchParams.get('before') ?? 't3_p0').slice(4));
      return { body: listing(Array.from({ length: 100 }, (_, i) => post(`p${n + 100 - i}`, n + 100 - i))) };
    });
    const { source } = redditSource({ query: 'acme', maxPages: 2, karma: false });
    const { mentions, cursor, more } = await source.fetch({ 'search.before': 't3_p0', 'search.createdUtc': '0' });
    expect(mentions).toHaveLength(200);
    expect(more).toBe(true);
    expect(cursor).toEqual({ 'search.before': 't3_p200', 'search.createdUtc': '200' });
  });

  it('recovers when the anchor post was removed: empty before-page, newer items by time', async () => {
    server.on('GET', '/search', (req) =>
      req.url.searchParams.has('before') ? { body: listing([]) } : { body: listing([post('n2', 5000), post('n1', 4000), post('old', 100)]) },
    );
    const { source } = redditSource({ query: 'acme', karma: false });
    const { mentions, cursor } = await source.fetch({ 'search.before': 't3_removed', 'search.createdUtc': '1000' });
    expect(mentions.map((m) => m.nativeId)).toEqual(['t3_n2', 't3_n1']);
    expect(cursor).toEqual({ 'search.before': 't3_n2', 'search.createdUtc': '5000' });
  });

  it('keeps the cursor when nothing is new', async () => {
    server.on('GET', '/search', (req) => (req.url.searchParams.has('before') ? { body: listing([]) } : { body: listing([post('a1', 1000), post('a0', 900)]) }));
    const prev: Cursor = { 'search.before': 't3_a1', 'search.createdUtc': '1000' };
    const { mentions, cursor } = await redditSource({ query: 'acme' }).source.fetch(prev);
    expect(mentions).toEqual([]);
    expect(cursor).toEqual(prev);
  });

  it('marks the brand account, and reuses the token until it expires', async () => {
    server.on('GET', '/search', { body: listing([post('z', 1000, 'AcmeAirOfficial')]) });
    server.on('GET', /^\/user\//, { body: about('AcmeAirOfficial', 9_000) });
    const { source } = redditSource({ query: 'acme' });
    const first = await source.fetch(undefined);
    expect(first.mentions[0]!.author).toEqual({ handle: 'AcmeAirOfficial', displayName: 'AcmeAirOfficial', reach: 9_000, isBrand: true });
    await source.fetch(undefined);
    expect(server.requestsTo('/api/v1/access_token')).toHaveLength(1);
    expect(server.requestsTo('/user/AcmeAirOfficial/about')).toHaveLength(1);
  });

  it('gets a new token once when the API answers 401', async () => {
    server.on('GET', '/search', [{ status: 401, body: { message: 'Unauthorized', error: 401 } }, { body: listing([]) }]);
    await redditSource({ query: 'acme' }).source.fetch(undefined);
    expect(server.requestsTo('/api/v1/access_token')).toHaveLength(2);
  });

  it('obeys x-ratelimit-remaining/reset before the next request', async () => {
    server.on('GET', '/search', { body: listing([post('a', 1000)]), headers: { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '600', 'x-ratelimit-reset': '42' } });
    server.on('GET', /^\/user\//, { body: about('dana', 5) });
    const { source, sleeps } = redditSource({ query: 'acme' });
    await source.fetch(undefined);
    expect(sleeps).toEqual([42_000]);
  });

  it('fails on bad credentials without showing the secret', async () => {
    server.on('POST', '/api/v1/access_token', { status: 401, body: { message: 'Unauthorized', error: 401 } });
    const err = (await redditSource({ query: 'acme' }).source.fetch(undefined).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(/HTTP 401/);
    expect(err.url).toBe(`${server.url}/api/v1/access_token`);
    expect(JSON.stringify(err) + err.message).not.toContain(CREDS.clientSecret);
  });

  it.each([
    ['an HTML page (Reddit\'s "whoa there, pardner")', { body: '<!doctype html><html><title>Blocked</title></html>', headers: { 'content-type': 'text/html' } }, /expected JSON, got text\/html/],
    ['truncated JSON', { body: '{"kind": "Listing", "data": {"children": [{"kind": "t3", "da' }, /not valid JSON/],
    ['a post without created_utc', { body: listing([{ kind: 't3', data: { name: 't3_x', author: 'a', permalink: '/x' } }]) }, /data\.children\.0\.data\.created_utc/],
    ['not a listing', { body: { error: 'oops' } }, /unexpected response: kind/],
  ])('fails the run on %s and leaves the cursor', async (_n, reply, message) => {
    server.on('GET', '/search', reply);
    const prev: Cursor = { 'search.before': 't3_a', 'search.createdUtc': '1' };
    await expect(redditSource({ query: 'acme' }).source.fetch(prev)).rejects.toThrow(message);
    expect(prev).toEqual({ 'search.before': 't3_a', 'search.createdUtc': '1' });
  });
});

describe('Source: reddit, credentials it derives', () => {
  it('masks the Basic header and the OAuth token in every error, even when Reddit echoes them bare', async () => {
    const basic = Buffer.from(`${CREDS.clientId}:${CREDS.clientSecret}`).toString('base64');
    server.on('POST', '/api/v1/access_token', [
      { status: 400, body: `invalid_grant for credentials ${basic}` },
      { body: { access_token: '7811-ZZtokenZZ-abcdef', token_type: 'bearer', expires_in: 86400 } },
    ]);
    server.on('GET', '/search', { status: 403, body: { message: 'forbidden for 7811-ZZtokenZZ-abcdef' } });
    const { source } = redditSource({ query: 'acme' });
    const first = (await source.fetch(undefined).catch((e: unknown) => e)) as Error;
    expect(first).toBeInstanceOf(SourceError);
    const second = (await source.fetch(undefined).catch((e: unknown) => e)) as Error;
    for (const err of [first, second]) {
      expect(err.message).not.toContain(basic);
      expect(err.message).not.toContain('7811-ZZtokenZZ-abcdef');
      expect(JSON.stringify({ error: err.message, url: (err as SourceError).url })).not.toMatch(/ZZtokenZZ|gko_LXEL/);
    }
    expect(second.message).toMatch(/HTTP 403/);
  });
});
