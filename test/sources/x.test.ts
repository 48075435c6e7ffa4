import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { SourceError, type Cursor } from '../../lambdas/core/ports.ts';
import { createSource, MissingCredentialsError, RateLimitedError } from '../../lambdas/sources/index.ts';
import { snowflakeTime } from '../../lambdas/sources/x.ts';
import { fixtureJson, hasFixtures, MISSING_FIXTURES, ReplayServer, testDeps } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const SEARCH = '/2/tweets/search/recent';
const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAbearer-test-token';

function xSource(extra: Record<string, unknown> = {}, credentials: Record<string, string> = { bearerToken: TOKEN }, now?: string) {
  const config = SourceSchema.parse({ id: 'acme-x', kind: 'x', brand: 'acme', baseUrl: server.url, query: '"acme air" OR @acmeair', ...extra });
  const { deps, sleeps } = testDeps({ credentials, now });
  return { source: createSource(config, { ...deps, brand: { handles: ['@acmeair'] } }), sleeps };
}

const tweet = (id: string, text: string, author = '11', extra: Record<string, unknown> = {}) => ({
  id,
  text,
  author_id: author,
  created_at: snowflakeTime(id).toISOString(),
  lang: 'en',
  public_metrics: { retweet_count: 1, reply_count: 2, like_count: 3, quote_count: 4 },
  ...extra,
});
const users = [
  { id: '11', username: 'dana', name: 'Dana', public_metrics: { followers_count: 120 } },
  { id: '99', username: 'AcmeAir', name: 'Acme Air', public_metrics: { followers_count: 250_000 } },
];
const pageOf = (tweets: object[], next?: string) => ({
  data: tweets,
  includes: { users },
  meta: { result_count: tweets.length, ...(next ? { next_token: next } : {}) },
});
// Snowflakes from an hour before the test clock, n seconds apart.
const ID = (n: number) => String((BigInt(Date.parse('2026-11-23T11:00:00Z') + n * 1000) - 1288834974657n) << 22n);

describe.skipIf(!hasFixtures)('Source: x, replaying real API responses', () => {
  if (!hasFixtures) it.skip(MISSING_FIXTURES, () => {});

  it('normalises a recent-search page with expanded authors (academictwitteR recording)', async () => {
    server.on('GET', SEARCH, { body: fixtureJson('twitter-v2-search-all-hashtag-next_token.json') });
    const { mentions, cursor, more } = await xSource().source.fetch(undefined);
    expect(mentions).toHaveLength(495);
    // A retweet: its metrics are the original's, so they are not counted for it.
    expect(mentions[0]).toEqual({
      sourceId: 'acme-x',
      sourceKind: 'x',
      nativeId: '1274491978302930944',
      url: 'https://x.com/Edmund666/status/1274491978302930944',
      author: { handle: 'Edmund666', displayName: 'Edmund Cheung', reach: 2, isBrand: false },
      text: 'RT @lukedepulford: Massive result for Hong Kong in the European Parliament!\n\nCrushing majority for #Magnitsky sanctions, lifeboat policy fo…',
      language: 'en',
      createdAt: '2020-06-20T23:59:01.000Z',
      engagement: { likes: 0, replies: 0, reposts: 0 },
    });
    const reply = mentions.find((m) => m.nativeId === '1274491693455118336')!;
    expect(reply).toMatchObject({
      author: { handle: 'EY66793698', displayName: 'smile_u_nice', reach: 36 },
      text: '@HongKongFP Death of one country two systems ><\n#StandWithHongKong',
      inReplyTo: '1274298235893379078',
      createdAt: '2020-06-20T23:57:53.000Z',
    });
    const quote = mentions.find((m) => m.nativeId === '1274488923985719296')!;
    expect(quote.text).toBe('thanks for #StandWithHongKong at this critical time #CCPsecuritylaw https://twitter.com/StuartKLau/status/1274063505575096320');
    expect(mentions.some((m) => m.language === 'und')).toBe(false);
    // A new source starts from now: one page, no backfill, no resume token.
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'search.since': '1274491978302930944' });
    const req = server.requestsTo(SEARCH)[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(Object.fromEntries(req.url.searchParams)).toMatchObject({
      query: '"acme air" OR @acmeair',
      max_results: '100',
      expansions: 'author_id',
      'user.fields': 'name,username,public_metrics',
    });
    expect(req.url.searchParams.get('tweet.fields')).toContain('public_metrics');
    expect(req.url.searchParams.has('since_id')).toBe(false);
  });

  it('stops at maxPages with more: true, then resumes from the page token and commits the newest id', async () => {
    server.on('GET', SEARCH, { body: fixtureJson('twitter-v2-search-all-hashtag-next_token.json') });
    // The recording's day, so its ids are inside the seven-day search window.
    const { source } = xSource({ maxPages: 1 }, undefined, '2020-06-21T12:00:00Z');
    const since = '1274400000000000000';
    const first = await source.fetch({ 'search.since': since });
    expect(first.more).toBe(true);
    expect(first.mentions).toHaveLength(495);
    expect(first.cursor).toEqual({
      'search.since': since,
      'search.pending': '1274491978302930944',
      'search.resume': 'b26v89c19zqg8o3fo7gedbxl6afww1zmsj1lrnbjjeyd9',
    });

    server.reset();
    server.on('GET', SEARCH, { body: { meta: { result_count: 0 } } });
    const second = await source.fetch(first.cursor);
    const req = server.requestsTo(SEARCH)[0]!;
    expect(req.url.searchParams.get('next_token')).toBe('b26v89c19zqg8o3fo7gedbxl6afww1zmsj1lrnbjjeyd9');
    expect(req.url.searchParams.get('since_id')).toBe(since);
    expect(second.mentions).toEqual([]);
    expect(second.more).toBeUndefined();
    expect(second.cursor).toEqual({ 'search.since': '1274491978302930944' });
  });

  it('reads mentions of the brand account (tweepy recording without expansions)', async () => {
    server.on('GET', '/2/users/783214/mentions', { body: fixtureJson('twitter-v2-users-mentions.json') });
    const { mentions, cursor } = await xSource({ query: undefined, userId: '783214' }).source.fetch(undefined);
    expect(mentions).toHaveLength(10);
    expect(mentions[0]).toEqual({
      sourceId: 'acme-x',
      sourceKind: 'x',
      nativeId: '1578516295611748353',
      url: 'https://x.com/i/web/status/1578516295611748353',
      author: { handle: 'unknown', displayName: 'unknown', reach: 0, isBrand: false },
      text: '@Twitter @TwitterSupport this is my ENTIRE feed, why do you think i want this. respond to my ticket. https://t.co/W5GxALkkZd',
      // No created_at was requested in that recording: the time inside the id is exact.
      createdAt: '2022-10-07T22:43:06.945Z',
      engagement: { likes: 0, replies: 0, reposts: 0 },
    });
    expect(mentions[5]!.text).toBe('@Twitter make 🤨 an available reaction emoji in dms');
    expect(cursor).toEqual({ 'mentions.since': '1578516295611748353' });
  });
});

describe("Source: x, the project's own responses", () => {
  it('follows pages back to the stored since_id and no further', async () => {
    server.on('GET', SEARCH, (req) =>
      req.url.searchParams.get('next_token') === 'p2'
        ? { body: pageOf([tweet(ID(3), 'acme air three'), tweet(ID(2), 'already stored'), tweet(ID(1), 'older')]) }
        : { body: pageOf([tweet(ID(5), 'acme air five'), tweet(ID(4), 'acme air four')], 'p2') },
    );
    const { mentions, cursor, more } = await xSource().source.fetch({ 'search.since': ID(2) });
    expect(mentions.map((m) => m.nativeId)).toEqual([ID(5), ID(4), ID(3)]);
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'search.since': ID(5) });
    expect(server.requestsTo(SEARCH).map((r) => r.url.searchParams.get('since_id'))).toEqual([ID(2), ID(2)]);
  });

  it('reads on past an out-of-order old tweet on page 1 and loses none of the new ones', async () => {
    const newer = Array.from({ length: 200 }, (_, i) => tweet(ID(1000 - i), `acme air ${i}`));
    server.on('GET', SEARCH, (req) => {
      const token = req.url.searchParams.get('next_token');
      const n = token ? Number(token.slice(1)) : 0;
      // Page 1 starts with a tweet older than the cursor (a server's ordering slip).
      const items = n === 0 ? [tweet(ID(5), 'acme air old'), ...newer.slice(0, 50)] : newer.slice(n * 50, n * 50 + 50);
      return { body: pageOf(items, n < 3 ? `p${n + 1}` : undefined) };
    });
    const { mentions, cursor } = await xSource().source.fetch({ 'search.since': ID(10) });
    expect(mentions).toHaveLength(200);
    expect(cursor).toEqual({ 'search.since': ID(1000) });
  });

  it('stops at a page that repeats the one before it and keeps the cursor, so the next run reads the rest', async () => {
    let broken = true;
    server.on('GET', SEARCH, (req) => {
      const token = req.url.searchParams.get('next_token');
      if (!token) return { body: pageOf([tweet(ID(9), 'acme air nine'), tweet(ID(8), 'acme air eight')], 'p2') };
      if (token === 'p2' && broken) return { body: pageOf([tweet(ID(9), 'acme air nine'), tweet(ID(8), 'acme air eight')], 'p3') };
      return { body: pageOf([tweet(ID(7), 'acme air seven'), tweet(ID(6), 'acme air six')]) };
    });
    const first = await xSource().source.fetch({ 'search.since': ID(1) });
    expect(first.mentions.map((m) => m.nativeId)).toEqual([ID(9), ID(8)]);
    expect(first.cursor['search.since']).toBe(ID(1));
    expect(first.warnings).toEqual(['search: a page repeated the one before it']);
    broken = false;
    const second = await xSource().source.fetch(first.cursor);
    expect(second.mentions.map((m) => m.nativeId)).toEqual([ID(9), ID(8), ID(7), ID(6)]);
    expect(second.cursor).toEqual({ 'search.since': ID(9) });
  });

  it('marks the brand account\'s replies and records what they reply to', async () => {
    server.on('GET', SEARCH, { body: pageOf([
      tweet(ID(7), '@dana sorry about that &amp; please DM us', '99', { referenced_tweets: [{ type: 'replied_to', id: ID(6) }] }),
      tweet(ID(6), '@AcmeAir lost my bag', '11'),
    ]) });
    server.on('GET', '/2/users/99/mentions', { body: { meta: { result_count: 0 } } });
    const { mentions, cursor } = await xSource({ userId: '99' }).source.fetch({ 'search.since': ID(1), 'mentions.since': ID(1) });
    expect(mentions[0]).toMatchObject({
      author: { handle: 'AcmeAir', displayName: 'Acme Air', reach: 250_000, isBrand: true },
      text: '@dana sorry about that & please DM us',
      inReplyTo: ID(6),
      engagement: { likes: 3, replies: 2, reposts: 5 },
    });
    expect(mentions[1]!.author.isBrand).toBe(false);
    // Nothing new on the mentions stream: its position stays.
    expect(cursor).toEqual({ 'search.since': ID(7), 'mentions.since': ID(1) });
  });

  it('switches to start_time when the stored since_id is older than the seven-day search window', async () => {
    server.on('GET', SEARCH, { body: { meta: { result_count: 0 } } });
    const { cursor } = await xSource().source.fetch({ 'search.since': '1274491978302930944' });
    const params = server.requestsTo(SEARCH)[0]!.url.searchParams;
    expect(params.has('since_id')).toBe(false);
    expect(params.get('start_time')).toBe('2026-11-16T12:05:00.000Z');
    expect(cursor).toEqual({ 'search.since': '1274491978302930944' });
  });

  it("waits for x-rate-limit-reset on a 429, then reads the page", async () => {
    const reset = Math.floor(Date.parse('2026-11-23T12:00:00Z') / 1000) + 20;
    server.on('GET', SEARCH, [
      { status: 429, headers: { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) }, body: { title: 'Too Many Requests' } },
      { body: pageOf([tweet(ID(9), 'acme air')]) },
    ]);
    const { source, sleeps } = xSource();
    const { mentions } = await source.fetch({ 'search.since': ID(1) });
    expect(mentions).toHaveLength(1);
    expect(sleeps).toEqual([20_000]);
  });

  it('fails with RateLimitedError when the reset is beyond the bound, leaving the cursor', async () => {
    const reset = Math.floor(Date.parse('2026-11-23T12:00:00Z') / 1000) + 900;
    server.on('GET', SEARCH, { status: 429, headers: { 'x-rate-limit-reset': String(reset) } });
    await expect(xSource().source.fetch({ 'search.since': ID(1) })).rejects.toBeInstanceOf(RateLimitedError);
  });

  it.each([
    ['truncated JSON', { body: '{"data":[{"id":"1","text":"acme' }, /not valid JSON/],
    ['an HTML error page', { body: '<html><body><h1>Over capacity</h1></body></html>', headers: { 'content-type': 'text/html' } }, /expected JSON, got text\/html/],
    ['a tweet without text', { body: { data: [{ id: ID(3) }], meta: { result_count: 1 } } }, /unexpected response: data\.0\.text: Invalid input: expected string, received undefined/],
    ['errors and nothing else', { body: { errors: [{ title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.' }] } }, /no data and no meta \(Invalid Request: One or more/],
  ])('fails the run on %s: nothing returned, the URL named without the token', async (_n, reply, message) => {
    server.on('GET', SEARCH, [{ body: pageOf([tweet(ID(5), 'acme air')], 'p2') }, reply]);
    const prev: Cursor = { 'search.since': ID(1) };
    const err = (await xSource().source.fetch(prev).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(message);
    expect(err.url).toContain(`${server.url}${SEARCH}?query=`);
    expect(err.message).not.toContain(TOKEN);
    expect(prev).toEqual({ 'search.since': ID(1) });
  });

  it('retries a 503 and a timeout, then succeeds', async () => {
    server.on('GET', SEARCH, [{ status: 503, body: 'Service Unavailable' }, { delayMs: 5_000, body: {} }, { body: pageOf([tweet(ID(4), 'acme air')]) }]);
    const config = SourceSchema.parse({ id: 'acme-x', kind: 'x', brand: 'acme', baseUrl: server.url, query: 'acme' });
    const { deps, sleeps } = testDeps({ credentials: { bearerToken: TOKEN } });
    const source = createSource(config, { ...deps, http: { timeoutMs: 200, retries: 3 } });
    const { mentions } = await source.fetch({ 'search.since': ID(1) });
    expect(mentions).toHaveLength(1);
    expect(sleeps).toHaveLength(2);
  });

  it('fails without a request when the bearer token is missing', async () => {
    const err = await xSource({}, {}).source.fetch(undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingCredentialsError);
    expect((err as Error).message).toMatch(/missing credentials bearerToken/);
    expect(server.requests).toHaveLength(0);
  });
});
