import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { SourceError, type Cursor } from '../../lambdas/core/ports.ts';
import { expandLinks } from '../../lambdas/sources/bluesky.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { fixtureJson, hasFixtures, MISSING_FIXTURES, ReplayServer, testDeps } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());

const SEARCH = '/xrpc/app.bsky.feed.searchPosts';
const NOTIFS = '/xrpc/app.bsky.notification.listNotifications';
const PROFILES = '/xrpc/app.bsky.actor.getProfiles';
const BRAND_DID = 'did:plc:5c2r73erhng4bszmxlfdtscf';
const CREDS = { identifier: 'acme.bsky.social', appPassword: 'abcd-efgh-ijkl-mnop' };

beforeEach(() => {
  server.reset();
  // com.atproto.server.createSession as documented (tokens shortened).
  server.on('POST', '/xrpc/com.atproto.server.createSession', {
    body: { did: BRAND_DID, handle: 'acme.bsky.social', accessJwt: 'eyJ.access.1', refreshJwt: 'eyJ.refresh.1', active: true },
  });
  server.on('GET', PROFILES, (req) => ({
    body: { profiles: req.url.searchParams.getAll('actors').map((did, i) => ({ did, handle: `h${i}.bsky.social`, followersCount: 100 + i })) },
  }));
});

function bskySource(extra: Record<string, unknown> = {}) {
  const config = SourceSchema.parse({ id: 'acme-bsky', kind: 'bluesky', brand: 'acme', baseUrl: server.url, ...extra });
  const { deps } = testDeps({ credentials: CREDS });
  return createSource(config, { ...deps, brand: { handles: ['@acme.bsky.social'] } });
}

const post = (n: number, extra: Record<string, unknown> = {}) => ({
  uri: `at://did:plc:user${n}/app.bsky.feed.post/3l${n}`,
  cid: `bafy${n}`,
  author: { did: `did:plc:user${n}`, handle: `user${n}.bsky.social`, displayName: `User ${n}` },
  record: { $type: 'app.bsky.feed.post', text: `acme air post ${n}`, createdAt: new Date(Date.UTC(2026, 10, 23, 10, n)).toISOString(), langs: ['en'] },
  replyCount: 1,
  repostCount: 2,
  likeCount: 3,
  quoteCount: 1,
  indexedAt: new Date(Date.UTC(2026, 10, 23, 10, n, 1)).toISOString(),
  ...extra,
});

describe.skipIf(!hasFixtures)('Source: bluesky, replaying real API responses', () => {
  if (!hasFixtures) it.skip(MISSING_FIXTURES, () => {});

  it('logs in, searches (bskyr recording) and looks up follower counts', async () => {
    server.on('GET', SEARCH, { body: fixtureJson('bluesky-app.bsky.feed.searchPosts.json') });
    const { mentions, cursor, more } = await bskySource({ query: 'redistricting' }).fetch(undefined);
    expect(mentions).toHaveLength(25);
    expect(mentions[0]).toEqual({
      sourceId: 'acme-bsky',
      sourceKind: 'bluesky',
      nativeId: 'at://did:plc:kkergqgbhb56ptpwj2wenkje/app.bsky.feed.post/3lpk2u6qo222m',
      url: 'https://bsky.app/profile/socpaperbot.bsky.social/post/3lpk2u6qo222m',
      author: { handle: 'socpaperbot.bsky.social', displayName: 'Sociology papers (journals + SocArXiv)', reach: 100, isBrand: false },
      text: expect.stringMatching(/^Ends Versus Means: Public Opinion on Congressional Redistricting https:\/\/osf\.io\/v87fn State-level/),
      createdAt: '2025-05-19T17:10:09.561Z',
      engagement: { likes: 0, replies: 0, reposts: 0 },
    });
    expect(mentions[2]).toMatchObject({
      nativeId: 'at://did:plc:7nagdvjqrzaquzk7mueohne5/app.bsky.feed.post/3lpjzka2pzc2l',
      author: { handle: 'mcpli.bsky.social', displayName: 'Michael Li (李之樸)' },
      language: 'en',
      inReplyTo: 'at://did:plc:7nagdvjqrzaquzk7mueohne5/app.bsky.feed.post/3lpjzgltpa22l',
      engagement: { likes: 2, replies: 0, reposts: 0 },
    });
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'search.since': '2025-05-19T17:10:09.813Z' });

    const login = server.requestsTo('/xrpc/com.atproto.server.createSession')[0]!;
    expect(JSON.parse(login.body)).toEqual({ identifier: 'acme.bsky.social', password: 'abcd-efgh-ijkl-mnop' });
    const search = server.requestsTo(SEARCH)[0]!;
    expect(search.headers.authorization).toBe('Bearer eyJ.access.1');
    expect(Object.fromEntries(search.url.searchParams)).toEqual({ q: 'redistricting', sort: 'latest', limit: '100' });
    // 25 distinct-or-not authors: one getProfiles call with at most 25 actors.
    expect(server.requestsTo(PROFILES).every((r) => r.url.searchParams.getAll('actors').length <= 25)).toBe(true);
  });

  it('keeps only mentions and quotes from notifications (bskyr recording), and expands shortened links', async () => {
    server.on('GET', NOTIFS, { body: fixtureJson('bluesky-app.bsky.notification.listNotifications.json') });
    const { mentions, cursor } = await bskySource({ notifications: true }).fetch(undefined);
    expect(mentions).toHaveLength(18);
    expect(mentions[0]).toMatchObject({
      nativeId: 'at://did:plc:lprqqpoyjspuma25n5gofocf/app.bsky.feed.post/3lmicbemya22g',
      url: 'https://bsky.app/profile/josephjefe.bsky.social/post/3lmicbemya22g',
      author: { handle: 'josephjefe.bsky.social', displayName: 'Joseph Hefner', isBrand: false },
      createdAt: '2025-04-10T20:01:53.909Z',
      inReplyTo: 'at://did:plc:lprqqpoyjspuma25n5gofocf/app.bsky.feed.post/3lmib4yep2k2g',
      language: 'en',
    });
    expect(mentions[0]!.text).toContain('https://christophertkenny.com/bskyr/index.html');
    // Likes and follows are newer than any mention; they still move the position.
    expect(cursor).toEqual({ 'notifications.since': '2025-05-17T08:44:44.416Z' });
    expect(server.requestsTo(NOTIFS)[0]!.url.searchParams.getAll('reasons')).toEqual(['mention', 'quote']);
  });
});

describe("Source: bluesky, the project's own responses", () => {
  it('pages with the cursor until it reaches the stored position', async () => {
    server.on('GET', SEARCH, (req) =>
      req.url.searchParams.get('cursor') === '100'
        ? { body: { posts: [post(3), post(2), post(1)], cursor: '200' } }
        : { body: { posts: [post(6), post(5), post(4)], cursor: '100' } },
    );
    const { mentions, cursor, more } = await bskySource({ query: 'acme' }).fetch({ 'search.since': post(2).indexedAt });
    expect(mentions.map((m) => m.nativeId)).toEqual([post(6).uri, post(5).uri, post(4).uri, post(3).uri]);
    expect(mentions[0]!.engagement).toEqual({ likes: 3, replies: 1, reposts: 3 });
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'search.since': post(6).indexedAt });
  });

  it('resumes an unfinished walk from the stored page cursor', async () => {
    server.on('GET', SEARCH, (req) =>
      req.url.searchParams.get('cursor') === '100' ? { body: { posts: [post(3), post(2)], cursor: '200' } } : { body: { posts: [post(6), post(5)], cursor: '100' } },
    );
    const source = bskySource({ query: 'acme', maxPages: 1 });
    const first = await source.fetch({ 'search.since': post(2).indexedAt });
    expect(first.more).toBe(true);
    expect(first.cursor).toEqual({ 'search.since': post(2).indexedAt, 'search.pending': post(6).indexedAt, 'search.resume': '100' });
    const second = await source.fetch(first.cursor);
    expect(second.mentions.map((m) => m.nativeId)).toEqual([post(3).uri]);
    expect(second.cursor).toEqual({ 'search.since': post(6).indexedAt });
  });

  it("marks the brand account's own posts by its DID", async () => {
    server.on('GET', SEARCH, { body: { posts: [post(7, { author: { did: BRAND_DID, handle: 'acme-air.example.com' } })] } });
    const { mentions } = await bskySource({ query: 'acme' }).fetch({ 'search.since': post(1).indexedAt });
    expect(mentions[0]!.author.isBrand).toBe(true);
  });

  it('logs in again once when the access token has expired, and reuses the session otherwise', async () => {
    server.on('GET', SEARCH, [{ status: 400, body: { error: 'ExpiredToken', message: 'Token has expired' } }, { body: { posts: [] } }]);
    const source = bskySource({ query: 'acme' });
    await source.fetch({ 'search.since': post(1).indexedAt });
    await source.fetch({ 'search.since': post(1).indexedAt });
    expect(server.requestsTo('/xrpc/com.atproto.server.createSession')).toHaveLength(2);
    expect(server.requestsTo(SEARCH)).toHaveLength(3);
  });

  it("waits for Bluesky's RateLimit-Reset (an epoch time) on a 429", async () => {
    const reset = Date.parse('2026-11-23T12:00:00Z') / 1000 + 9;
    server.on('GET', SEARCH, [{ status: 429, headers: { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) }, body: { error: 'RateLimitExceeded' } }, { body: { posts: [] } }]);
    const config = SourceSchema.parse({ id: 'acme-bsky', kind: 'bluesky', brand: 'acme', baseUrl: server.url, query: 'acme' });
    const { deps, sleeps } = testDeps({ credentials: CREDS });
    await createSource(config, deps).fetch(undefined);
    expect(sleeps).toEqual([9_000]);
  });

  it('fails on a wrong app password, without echoing it', async () => {
    server.on('POST', '/xrpc/com.atproto.server.createSession', { status: 401, body: { error: 'AuthenticationRequired', message: 'Invalid identifier or password' } });
    const err = (await bskySource({ query: 'acme' }).fetch(undefined).catch((e: unknown) => e)) as SourceError;
    expect(err.message).toMatch(/HTTP 401.*Invalid identifier or password/);
    expect(err.message).not.toContain(CREDS.appPassword);
  });

  it.each([
    ['truncated JSON', { body: '{"posts":[{"uri":"at://x' }, /not valid JSON/],
    ['an HTML error page', { body: '<!DOCTYPE html><html>upstream error</html>', headers: { 'content-type': 'text/html' } }, /expected JSON/],
    ['a post without its record text', { body: { posts: [{ ...post(9), record: { createdAt: '2026-11-23T10:00:00Z' } }] } }, /posts\.0\.record\.text/],
    ['no posts field', { body: { cursor: 'x' } }, /unexpected response: posts/],
  ])('fails the run on %s, leaving the cursor', async (_n, reply, message) => {
    server.on('GET', SEARCH, reply);
    const prev: Cursor = { 'search.since': post(1).indexedAt };
    await expect(bskySource({ query: 'acme' }).fetch(prev)).rejects.toThrow(message);
    expect(prev).toEqual({ 'search.since': post(1).indexedAt });
  });
});

describe('Function: expandLinks', () => {
  it('replaces a shortened link by UTF-8 byte offsets, after multibyte text', () => {
    const text = 'café → example.com/a...';
    const start = Buffer.byteLength('café → ');
    const facets = [{ index: { byteStart: start, byteEnd: Buffer.byteLength(text) }, features: [{ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/a/long/path' }] }];
    expect(expandLinks(text, facets)).toBe('café → https://example.com/a/long/path');
  });
});

describe('Source: bluesky, credentials it derives', () => {
  it('masks the session tokens in every error, even when the server echoes them bare', async () => {
    server.on('POST', '/xrpc/com.atproto.server.createSession', {
      body: { did: BRAND_DID, handle: 'acme.bsky.social', accessJwt: 'session-access-0123456789', refreshJwt: 'session-refresh-0123456789' },
    });
    server.on('GET', '/xrpc/app.bsky.feed.searchPosts', { status: 400, body: { error: 'BadRequest', message: 'token session-access-0123456789 / session-refresh-0123456789 refused' } });
    const err = (await bskySource({ query: 'acme' }).fetch(undefined).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/HTTP 400/);
    expect(err.message).not.toMatch(/session-(access|refresh)-0123456789/);
  });
});
