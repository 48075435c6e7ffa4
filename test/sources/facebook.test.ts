import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { SourceError, type Cursor } from '../../lambdas/core/ports.ts';
import { idsFromPermalink } from '../../lambdas/sources/facebook.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { fixtureJson, hasFixtures, MISSING_FIXTURES, ReplayServer, type RecordedRequest, type Reply, testDeps } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const PAGE = '19292868552';
const POST = '19292868552_10158407654328553';
const TOKEN = 'EAAGm0PX4ZCpsBAPageTokenForTests';
const FEED = `/v23.0/${PAGE}/feed`;

function fbSource(extra: Record<string, unknown> = {}) {
  const config = SourceSchema.parse({ id: 'acme-fb', kind: 'facebook', brand: 'acme', pageId: PAGE, baseUrl: `${server.url}/v23.0`, ...extra });
  const { deps } = testDeps({ credentials: { pageAccessToken: TOKEN } });
  return createSource(config, deps);
}

/** The feed answers the full-fields call with `full`, the recent-posts call with `recent`. */
const feed = (full: Reply, recent: { id: string; updated_time: string }[]) => (req: RecordedRequest): Reply =>
  req.url.searchParams.get('fields') === 'id,updated_time' ? { body: { data: recent } } : full;

const at = (iso: string) => String(Date.parse(iso) / 1000);

describe.skipIf(!hasFixtures)('Source: facebook, replaying real API responses', () => {
  if (!hasFixtures) it.skip(MISSING_FIXTURES, () => {});

  it('reads page posts and the comments of a recent post (python-facebook recordings)', async () => {
    server.on('GET', FEED, feed({ body: fixtureJson('facebook-graph-page-feed.json') }, [{ id: POST, updated_time: '2021-08-14T07:24:42+0000' }]));
    server.on('GET', `/v23.0/${POST}/comments`, { body: fixtureJson('facebook-graph-post-comments-p1.json') });
    server.on('GET', `/v11.0/${POST}/comments`, { body: fixtureJson('facebook-graph-post-comments-p2.json') });
    const source = fbSource();
    const first = await source.fetch(undefined);

    const posts = first.mentions.filter((m) => !m.inReplyTo);
    expect(posts).toHaveLength(5);
    expect(posts[0]).toEqual({
      sourceId: 'acme-fb',
      sourceKind: 'facebook',
      nativeId: '19292868552_10158349356748553',
      url: 'https://www.facebook.com/19292868552/posts/10158349356748553/',
      author: { handle: 'unknown', displayName: 'unknown', reach: 0, isBrand: false },
      text: expect.stringMatching(/^Singaporean logistics company Ninja Van Singapore provides delivery services/),
      createdAt: '2021-07-09T19:09:52.000Z',
      engagement: { likes: 125, replies: 13, reposts: 10 },
    });
    // A new post stream reads one page of comments.
    const comments = first.mentions.filter((m) => m.inReplyTo);
    expect(comments).toHaveLength(10);
    expect(comments[1]).toEqual({
      sourceId: 'acme-fb',
      sourceKind: 'facebook',
      nativeId: '10158407654328553_10158407903973553',
      url: 'https://www.facebook.com/19292868552/posts/10158407654328553/?comment_id=10158407903973553',
      author: { handle: 'unknown', displayName: 'unknown', reach: 0, isBrand: false },
      text: 'Can someone from Instagram please assist me in getting my business Instagram back? It’s been 5 months since I’ve submitted my verification and have yet to receive a response. This is my business account and it’s effecting my livelihood 😕 Facebook for Developers',
      createdAt: '2021-08-10T19:38:44.000Z',
      engagement: { likes: 0, replies: 2, reposts: 0 },
      inReplyTo: POST,
    });
    // The page's answer to it: a reply, linked to the comment it answers.
    expect(comments[5]).toMatchObject({
      nativeId: '10158407654328553_10158409983033553',
      text: 'Hi, please access the Instagram Help Center for further assistance: http://bit.ly/2NsSg8i',
      inReplyTo: '10158407654328553_10158407903973553',
    });
    expect(first.cursor).toEqual({
      'feed.since': at('2021-07-09T19:09:52Z'),
      [`comments:${POST}.since`]: at('2021-08-12T18:30:51Z'),
    });
    expect(first.more).toBeUndefined();

    const req = server.requestsTo(FEED)[0]!;
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.url.searchParams.has('access_token')).toBe(false);
    expect(req.url.searchParams.get('fields')).toContain('reactions.summary(true)');
  });

  it('follows paging.next to the stored position, on our server and without the token in the URL', async () => {
    server.on('GET', FEED, feed({ body: { data: [] } }, [{ id: POST, updated_time: '2021-08-14T07:24:42+0000' }]));
    server.on('GET', `/v23.0/${POST}/comments`, { body: fixtureJson('facebook-graph-post-comments-p1.json') });
    server.on('GET', `/v11.0/${POST}/comments`, { body: fixtureJson('facebook-graph-post-comments-p2.json') });
    const prev: Cursor = { 'feed.since': at('2021-07-09T19:09:52Z'), [`comments:${POST}.since`]: at('2021-08-01T00:00:00Z') };
    const { mentions, cursor } = await fbSource().fetch(prev);
    expect(mentions).toHaveLength(15);
    const next = server.requestsTo(`/v11.0/${POST}/comments`)[0]!;
    expect(next.url.searchParams.get('after')).toBe('after');
    expect(next.url.searchParams.has('access_token')).toBe(false);
    expect(next.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(cursor[`comments:${POST}.since`]).toBe(at('2021-08-14T07:24:42Z'));
    expect(server.requestsTo(FEED)[0]!.url.searchParams.get('since')).toBe(at('2021-07-09T19:09:52Z'));
  });
});

const comment = (id: string, time: string, extra: Record<string, unknown> = {}) => ({
  id: `555_${id}`,
  message: `comment ${id}`,
  created_time: time,
  permalink_url: `https://www.facebook.com/${PAGE}/posts/555/?comment_id=${id}`,
  from: { id: '1001', name: 'Dana Diaz' },
  like_count: 2,
  comment_count: 0,
  ...extra,
});

describe("Source: facebook, the project's own responses", () => {
  it("marks the page's own replies, records what they answer, and skips posts with no new activity", async () => {
    server.on('GET', FEED, feed({ body: { data: [] } }, [
      { id: `${PAGE}_555`, updated_time: '2026-11-23T10:00:00+0000' },
      { id: `${PAGE}_444`, updated_time: '2026-11-01T10:00:00+0000' },
    ]));
    server.on('GET', `/v23.0/${PAGE}_555/comments`, { body: { data: [
      comment('9', '2026-11-23T10:00:00+0000', { from: { id: PAGE, name: 'Acme Air' }, parent: { id: '555_8' }, message: 'Sorry Dana, DM us' }),
      comment('8', '2026-11-23T09:00:00+0000', { message: 'Where is my refund?' }),
      comment('7', '2026-11-20T09:00:00+0000'),
    ] } });
    const prev: Cursor = {
      'feed.since': at('2026-11-20T00:00:00Z'),
      [`comments:${PAGE}_555.since`]: at('2026-11-20T09:00:00Z'),
      [`comments:${PAGE}_444.since`]: at('2026-11-02T00:00:00Z'),
      [`comments:${PAGE}_333.since`]: at('2026-10-01T00:00:00Z'),
    };
    const { mentions, cursor } = await fbSource().fetch(prev);
    expect(mentions.map((m) => [m.nativeId, m.author.isBrand, m.inReplyTo])).toEqual([
      ['555_9', true, '555_8'],
      ['555_8', false, `${PAGE}_555`],
    ]);
    expect(server.requestsTo(`/v23.0/${PAGE}_444/comments`)).toHaveLength(0);
    expect(cursor).toEqual({
      'feed.since': at('2026-11-20T00:00:00Z'),
      [`comments:${PAGE}_555.since`]: at('2026-11-23T10:00:00Z'),
      [`comments:${PAGE}_444.since`]: at('2026-11-02T00:00:00Z'),
    });
  });

  it('stops at maxPages with more: true and resumes from paging.next', async () => {
    server.on('GET', FEED, (req) => {
      if (req.url.searchParams.get('fields') === 'id,updated_time') return { body: { data: [] } };
      const after = req.url.searchParams.get('after');
      const posts = after
        ? [{ id: `${PAGE}_2`, message: 'two', created_time: '2026-11-22T10:00:00+0000' }, { id: `${PAGE}_1`, message: 'old', created_time: '2026-11-01T10:00:00+0000' }]
        : [{ id: `${PAGE}_3`, message: 'three', created_time: '2026-11-23T10:00:00+0000' }];
      return { body: { data: posts, paging: after ? {} : { next: `https://graph.facebook.com/v23.0/${PAGE}/feed?access_token=${TOKEN}&after=c2` } } };
    });
    const source = fbSource({ maxPages: 1 });
    const first = await source.fetch({ 'feed.since': at('2026-11-10T00:00:00Z') });
    expect(first.mentions.map((m) => m.nativeId)).toEqual([`${PAGE}_3`]);
    expect(first.more).toBe(true);
    expect(first.cursor['feed.resume']).toBe(`${server.url}/v23.0/${PAGE}/feed?after=c2`);
    expect(JSON.stringify(first.cursor)).not.toContain(TOKEN);
    const second = await source.fetch(first.cursor);
    expect(second.mentions.map((m) => m.nativeId)).toEqual([`${PAGE}_2`]);
    expect(second.cursor).toEqual({ 'feed.since': at('2026-11-23T10:00:00Z') });
  });

  it('names an expired token from the Graph error body, without the token', async () => {
    server.on('GET', FEED, { status: 400, body: { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463 } } });
    const err = (await fbSource().fetch(undefined).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(/HTTP 400: .*Session has expired/);
    expect(err.message).not.toContain(TOKEN);
  });

  it.each([
    ['truncated JSON', { body: '{"data":[{"id":"1_2","message":"he' }, /not valid JSON/],
    ['an HTML error page', { body: '<!DOCTYPE html><html><body>Sorry, something went wrong.</body></html>', headers: { 'content-type': 'text/html' } }, /expected JSON/],
    ['a post without created_time', { body: { data: [{ id: '1_2', message: 'x' }] } }, /data\.0\.created_time/],
    ['a garbled date', { body: { data: [{ id: '1_2', message: 'x', created_time: 'yesterday' }] } }, /created_time is not a date/],
  ])('fails the run on %s, leaving the cursor', async (_n, reply, message) => {
    server.on('GET', FEED, feed(reply, []));
    const prev: Cursor = { 'feed.since': '1700000000' };
    await expect(fbSource().fetch(prev)).rejects.toThrow(message);
    expect(prev).toEqual({ 'feed.since': '1700000000' });
  });
});

describe('Function: idsFromPermalink', () => {
  it('reads comment and reply ids', () => {
    expect(idsFromPermalink('https://www.facebook.com/1/posts/22/?comment_id=33&reply_comment_id=44')).toEqual({ id: '22_44', parent: '22_33' });
    expect(idsFromPermalink('https://www.facebook.com/1/posts/22/')).toEqual({});
  });
});
