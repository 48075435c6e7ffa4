/**
 * No recording of the Community Management API exists in ../shared: these responses are
 * written from LinkedIn's documented shapes (Posts API, socialActions/comments).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { SourceError, type Cursor } from '../../lambdas/core/ports.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { ReplayServer, testDeps, type RecordedRequest, type Reply } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const ORG = 'urn:li:organization:5515715';
const POST_A = 'urn:li:share:7262000000000000001';
const POST_B = 'urn:li:ugcPost:7262000000000000002';
const TOKEN = 'AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPODzOYR';
const T = (iso: string) => Date.parse(iso);

function liSource(extra: Record<string, unknown> = {}) {
  const config = SourceSchema.parse({ id: 'acme-li', kind: 'linkedin', brand: 'acme', organizationId: '5515715', baseUrl: `${server.url}/rest`, ...extra });
  const { deps } = testDeps({ credentials: { accessToken: TOKEN } });
  return createSource(config, deps);
}

const post = (id: string, createdAt: string, commentary: string) => ({
  id,
  author: ORG,
  commentary,
  visibility: 'PUBLIC',
  distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
  lifecycleState: 'PUBLISHED',
  isReshareDisabledByAuthor: false,
  createdAt: T(createdAt),
  lastModifiedAt: T(createdAt),
  publishedAt: T(createdAt),
});

const comment = (post: string, id: string, at: string, text: string, actor = 'urn:li:person:B-6nVEs6vV', extra: Record<string, unknown> = {}) => {
  const urn = `urn:li:comment:(${post.replace('urn:li:share:', 'urn:li:activity:')},${id})`;
  return {
    actor,
    commentUrn: urn,
    $URN: urn,
    created: { actor, time: T(at) },
    lastModified: { actor, time: T(at) },
    id,
    likesSummary: { likedByCurrentUser: false, totalLikes: 4, aggregatedTotalLikes: 4, selectedLikes: [] },
    message: { attributes: [], text },
    object: post.replace('urn:li:share:', 'urn:li:activity:'),
    commentsSummary: { selectedComments: [], totalFirstLevelComments: 0, aggregatedTotalComments: 0 },
    ...extra,
  };
};
const page = (elements: object[], start = 0, total = elements.length) => ({ paging: { start, count: 100, total, links: [] }, elements });

const comments = (target: string) => `/rest/socialActions/${encodeURIComponent(target)}/comments`;
/** Node decodes nothing: match the path the connector sends (the URN percent-encoded). */
const route = (target: string) => new RegExp(`^${comments(target).replace(/[()]/g, (c) => `\\${c}`)}$`);

describe("Source: linkedin, the project's own responses", () => {
  it("reads the organisation's posts, their comments and the organisation's replies", async () => {
    server.on('GET', '/rest/posts', { body: { paging: { start: 0, count: 10, links: [] }, elements: [
      post(POST_A, '2026-11-23T08:00:00Z', 'Our new booking app is live!'),
      post(POST_B, '2026-11-01T08:00:00Z', 'Autumn timetable'),
    ] } });
    const complaint = comment(POST_A, '7262100000000000011', '2026-11-23T09:00:00Z', 'The new app charged me twice and support is not answering.', 'urn:li:person:B-6nVEs6vV', {
      commentsSummary: { selectedComments: [], totalFirstLevelComments: 1, aggregatedTotalComments: 1 },
    });
    server.on('GET', route(POST_A), { body: page([
      comment(POST_A, '7262100000000000012', '2026-11-23T09:30:00Z', 'Same here &amp; no refund yet'),
      complaint,
    ]) });
    server.on('GET', route(complaint.commentUrn), { body: page([
      comment(POST_A, '7262100000000000013', '2026-11-23T09:45:00Z', 'We are sorry: a fix is rolling out and refunds are on their way.', ORG, { parentComment: complaint.commentUrn }),
    ]) });
    server.on('GET', route(POST_B), { body: page([]) });

    const { mentions, cursor, more } = await liSource().fetch({ 'posts.since': String(T('2026-11-20T00:00:00Z')) });
    expect(mentions.map((m) => m.nativeId)).toEqual([
      POST_A,
      'urn:li:comment:(urn:li:activity:7262000000000000001,7262100000000000012)',
      'urn:li:comment:(urn:li:activity:7262000000000000001,7262100000000000011)',
      'urn:li:comment:(urn:li:activity:7262000000000000001,7262100000000000013)',
    ]);
    expect(mentions[0]).toMatchObject({ author: { handle: ORG, isBrand: true }, text: 'Our new booking app is live!', url: `https://www.linkedin.com/feed/update/${POST_A}` });
    expect(mentions[2]).toEqual({
      sourceId: 'acme-li',
      sourceKind: 'linkedin',
      nativeId: complaint.commentUrn,
      url: `https://www.linkedin.com/feed/update/urn:li:activity:7262000000000000001?commentUrn=${encodeURIComponent(complaint.commentUrn)}`,
      author: { handle: 'urn:li:person:B-6nVEs6vV', displayName: 'LinkedIn member', reach: 0, isBrand: false },
      text: 'The new app charged me twice and support is not answering.',
      createdAt: '2026-11-23T09:00:00.000Z',
      engagement: { likes: 4, replies: 1, reposts: 0 },
      inReplyTo: POST_A,
    });
    // LinkedIn sends comment text as plain text: an "&amp;" a member typed stays as typed.
    expect(mentions[1]!.text).toBe('Same here &amp; no refund yet');
    expect(mentions[3]).toMatchObject({ author: { handle: ORG, displayName: 'organisation', isBrand: true }, inReplyTo: complaint.commentUrn });
    expect(more).toBeUndefined();
    expect(cursor).toEqual({
      'posts.since': String(T('2026-11-23T08:00:00Z')),
      [`comments:${POST_A}.since`]: String(T('2026-11-23T09:30:00Z')),
      [`comments:${POST_A}.repliesSince`]: String(T('2026-11-23T09:45:00Z')),
    });

    const req = server.requestsTo('/rest/posts')[0]!;
    expect(Object.fromEntries(req.url.searchParams)).toEqual({ author: ORG, q: 'author', count: '10', sortBy: 'LAST_MODIFIED' });
    expect(req.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'linkedin-version': '202510', 'x-restli-protocol-version': '2.0.0' });
  });

  it('reads oldest-first comment pages from the end, back to the stored position', async () => {
    server.on('GET', '/rest/posts', { body: { elements: [post(POST_A, '2026-11-01T08:00:00Z', 'hello')] } });
    const all = Array.from({ length: 150 }, (_, i) => comment(POST_A, String(1000 + i), new Date(T('2026-11-20T00:00:00Z') + i * 60_000).toISOString(), `c${i}`));
    server.on('GET', route(POST_A), (req: RecordedRequest): Reply => {
      const start = Number(req.url.searchParams.get('start'));
      return { body: page(all.slice(start, start + 100), start, 150) };
    });
    const since = String(all[30]!.created.time);
    const { mentions, cursor } = await liSource().fetch({ 'posts.since': String(T('2026-11-01T08:00:00Z')), [`comments:${POST_A}.since`]: since });
    expect(mentions.map((m) => m.text)).toEqual(Array.from({ length: 119 }, (_, i) => `c${149 - i}`));
    expect(server.requestsTo(route(POST_A)).map((r) => `${r.url.searchParams.get('start')}+${r.url.searchParams.get('count')}`)).toEqual(['0+100', '50+100', '0+50']);
    expect(cursor[`comments:${POST_A}.since`]).toBe(String(all[149]!.created.time));
  });

  it('stops at maxPages on newest-first pages with more: true, then resumes at the next offset', async () => {
    server.on('GET', '/rest/posts', { body: { elements: [post(POST_A, '2026-11-01T08:00:00Z', 'hello')] } });
    const all = Array.from({ length: 250 }, (_, i) => comment(POST_A, String(5000 - i), new Date(T('2026-11-23T00:00:00Z') - i * 60_000).toISOString(), `n${i}`));
    server.on('GET', route(POST_A), (req: RecordedRequest): Reply => {
      const start = Number(req.url.searchParams.get('start'));
      return { body: page(all.slice(start, start + 100), start, 250) };
    });
    const source = liSource({ maxPages: 1 });
    const prev: Cursor = { 'posts.since': String(T('2026-11-01T08:00:00Z')), [`comments:${POST_A}.since`]: String(all[180]!.created.time) };
    const first = await source.fetch(prev);
    expect(first.mentions).toHaveLength(100);
    expect(first.more).toBe(true);
    expect(first.cursor[`comments:${POST_A}.resume`]).toBe('100');
    const second = await source.fetch(first.cursor);
    expect(second.mentions.map((m) => m.text)).toEqual(Array.from({ length: 80 }, (_, i) => `n${100 + i}`));
    expect(second.more).toBeUndefined();
    expect(second.cursor[`comments:${POST_A}.since`]).toBe(String(all[0]!.created.time));
    expect(second.cursor[`comments:${POST_A}.resume`]).toBeUndefined();
  });

  it('drops the positions of posts that are no longer among the newest', async () => {
    server.on('GET', '/rest/posts', { body: { elements: [post(POST_A, '2026-11-01T08:00:00Z', 'hello')] } });
    server.on('GET', route(POST_A), { body: page([]) });
    const { cursor } = await liSource().fetch({
      'posts.since': String(T('2026-11-01T08:00:00Z')),
      [`comments:${POST_A}.since`]: '1',
      [`comments:${POST_B}.since`]: '2',
      [`comments:${POST_B}.repliesSince`]: '3',
    });
    expect(cursor).toEqual({ 'posts.since': String(T('2026-11-01T08:00:00Z')), [`comments:${POST_A}.since`]: '1' });
  });

  it('names an invalid token from the error body, without the token', async () => {
    server.on('GET', '/rest/posts', { status: 401, body: { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' } });
    const err = (await liSource().fetch(undefined).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(/HTTP 401: .*INVALID_ACCESS_TOKEN/);
    expect(err.message).not.toContain(TOKEN);
  });

  it.each([
    ['truncated JSON', { body: '{"paging":{"start":0},"elements":[{"actor":"urn:li:person:x"' }, /not valid JSON/],
    ['an HTML error page', { body: '<!DOCTYPE html><html><body>Request denied</body></html>', headers: { 'content-type': 'text/html' } }, /expected JSON/],
    ['a comment without created', { body: page([{ actor: 'urn:li:person:x', commentUrn: 'urn:li:comment:(a,1)', message: { text: 'x' } }]) }, /elements\.0\.created/],
    ['a comment without any id', { body: page([{ actor: 'urn:li:person:x', message: { text: 'x' }, created: { time: 1 } }]) }, /elements\.0\.commentUrn is missing/],
  ])('fails the run on %s in the comments, leaving the cursor', async (_n, reply, message) => {
    server.on('GET', '/rest/posts', { body: { elements: [post(POST_A, '2026-11-01T08:00:00Z', 'hello')] } });
    server.on('GET', route(POST_A), reply);
    const prev: Cursor = { 'posts.since': '1' };
    await expect(liSource().fetch(prev)).rejects.toThrow(message);
    expect(prev).toEqual({ 'posts.since': '1' });
  });
});
