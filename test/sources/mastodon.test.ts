import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { SourceError, type Cursor } from '../../lambdas/core/ports.ts';
import { createSource, MissingCredentialsError } from '../../lambdas/sources/index.ts';
import { fixtureJson, hasFixtures, MISSING_FIXTURES, ReplayServer, testDeps } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const TOKEN = 'ZA-Yj3aBD8U8Cm7lKUp-lm9O9BmDgdhHzDeqsY8tlL0';

function mastodonSource(extra: Record<string, unknown> = {}, credentials: Record<string, string> = { accessToken: TOKEN }) {
  const config = SourceSchema.parse({ id: 'acme-masto', kind: 'mastodon', brand: 'acme', instance: 'https://mastodon.social', baseUrl: server.url, ...extra });
  const { deps } = testDeps({ credentials });
  return createSource(config, { ...deps, brand: { handles: ['@acmeair@mastodon.social'] } });
}

const status = (id: number, extra: Record<string, unknown> = {}) => ({
  id: String(id),
  created_at: new Date(Date.UTC(2026, 10, 23, 10, 0, id % 60)).toISOString(),
  in_reply_to_id: null,
  spoiler_text: '',
  language: 'en',
  uri: `https://mastodon.social/users/dana/statuses/${id}`,
  url: `https://mastodon.social/@dana/${id}`,
  replies_count: 1,
  reblogs_count: 2,
  favourites_count: 3,
  content: `<p>status ${id} about <a href="https://mastodon.social/tags/acmeair" class="mention hashtag" rel="tag">#<span>acmeair</span></a></p>`,
  reblog: null,
  account: { id: '7', username: 'dana', acct: 'dana', display_name: 'Dana', followers_count: 10 },
  ...extra,
});

describe.skipIf(!hasFixtures)('Source: mastodon, replaying real API responses', () => {
  if (!hasFixtures) it.skip(MISSING_FIXTURES, () => {});

  it('normalises a timeline page of mastodon.social statuses (tootkit recording)', async () => {
    server.on('GET', '/api/v1/timelines/tag/AcmeAir', { body: fixtureJson('mastodon-v1-timelines-public.json') });
    const { mentions, cursor, more } = await mastodonSource({ hashtags: ['#AcmeAir'] }).fetch(undefined);
    expect(mentions).toHaveLength(20);
    expect(mentions[1]).toEqual({
      sourceId: 'acme-masto',
      sourceKind: 'mastodon',
      nativeId: '104009345963987537',
      url: 'https://mastodon.social/@interneteh/104009345963987537',
      author: { handle: 'interneteh@mastodon.social', displayName: 'Original Sid same great flavor', reach: 1199, isBrand: false },
      text: 'Kiddo heard this announcement thanking all the healthcare workers, delivery drivers and truck drivers and he was like "yeah, thanks truck drivers" all sarcastic. I was like dude, they bring everything to where we can get it. He says "oh those truck drivers." He thought they meant just people with pickups',
      language: 'en',
      createdAt: '2020-04-16T17:04:30.664Z',
      engagement: { likes: 0, replies: 0, reposts: 0 },
    });
    expect(mentions[2]!.author.handle).toBe('lesbianBot@botsin.space');
    expect(mentions[11]!.language).toBeUndefined();
    // Invisible spans around a link still read as one URL.
    expect(mentions[0]!.text).toContain('https://nitter.snopyta.org/elmostrador/status/1250827578291568640#m');
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'tag:acmeair.since': '104009345973121628' });
    // The tag goes out as configured (servers match tags case-insensitively); the cursor key is folded.
    expect(server.requests[0]!.url.searchParams.get('limit')).toBe('40');
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reads a hashtag timeline forward from min_id (Mastodon.py recording)', async () => {
    server.on('GET', '/api/v1/timelines/tag/hoot', { body: fixtureJson('mastodon-v1-timelines-tag.json') });
    const { mentions, cursor } = await mastodonSource({ hashtags: ['hoot'] }, {}).fetch({ 'tag:hoot.since': '117020593741189000' });
    expect(mentions).toEqual([
      {
        sourceId: 'acme-masto',
        sourceKind: 'mastodon',
        nativeId: '117020593741189701',
        url: 'http://localhost:3000/@mastodonpy_test_2/117020593741189701',
        author: { handle: 'mastodonpy_test_2@mastodon.social', displayName: 'mastodonpy_test_2', reach: 0, isBrand: false },
        text: '#hoot (hashtag toot)',
        language: 'ja',
        createdAt: '2026-08-01T13:55:55.867Z',
        engagement: { likes: 0, replies: 0, reposts: 0 },
      },
    ]);
    expect(server.requests[0]!.url.searchParams.get('min_id')).toBe('117020593741189000');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
    expect(cursor).toEqual({ 'tag:hoot.since': '117020593741189701' });
  });

  it('reads mentions from notifications and a search that found only accounts', async () => {
    server.on('GET', '/api/v1/notifications', { body: fixtureJson('mastodon-v1-notifications-mentions.json') });
    server.on('GET', '/api/v2/search', { body: fixtureJson('mastodon-v2-search.json') });
    const { mentions, cursor } = await mastodonSource({ notifications: true, query: 'acme air' }).fetch({ 'notifications.since': '20', 'search.since': '1' });
    expect(mentions).toHaveLength(1);
    expect(mentions[0]).toMatchObject({
      nativeId: '117020577157693549',
      author: { handle: 'admin@mastodon.social', reach: 1 },
      text: '@mastodonpy_test hello!',
      createdAt: '2026-08-01T13:51:42.823Z',
    });
    // The notification's own id is the position, not the status id.
    expect(cursor).toEqual({ 'notifications.since': '21', 'search.since': '1' });
    const search = server.requestsTo('/api/v2/search')[0]!.url.searchParams;
    expect(Object.fromEntries(search)).toEqual({ q: 'acme air', type: 'statuses', resolve: 'false', limit: '40', min_id: '1' });
    expect(server.requestsTo('/api/v1/notifications')[0]!.url.searchParams.getAll('types[]')).toEqual(['mention']);
  });
});

describe("Source: mastodon, the project's own responses", () => {
  it('pages forward while pages are full, skips boosts, marks the brand, records replies', async () => {
    server.on('GET', '/api/v1/timelines/tag/acmeair', (req) => {
      const min = Number(req.url.searchParams.get('min_id'));
      if (min === 1000) return { body: Array.from({ length: 40 }, (_, i) => status(1040 - i)) };
      if (min === 1040) {
        return { body: [
          status(1042, { account: { id: '9', username: 'acmeair', acct: 'acmeair', display_name: 'Acme Air', followers_count: 5000 }, in_reply_to_id: '1041' }),
          status(1041, { reblog: status(1), spoiler_text: 'flight rant' }),
        ] };
      }
      return { body: [] };
    });
    const { mentions, cursor, more } = await mastodonSource({ hashtags: ['acmeair'] }).fetch({ 'tag:acmeair.since': '1000' });
    expect(mentions).toHaveLength(41);
    expect(mentions[40]).toMatchObject({ nativeId: '1042', inReplyTo: '1041', author: { handle: 'acmeair@mastodon.social', isBrand: true } });
    expect(mentions[0]!.text).toBe('status 1040 about #acmeair');
    expect(more).toBeUndefined();
    expect(cursor).toEqual({ 'tag:acmeair.since': '1042' });
  });

  it('stops at maxPages with more: true and the newest id as the cursor', async () => {
    server.on('GET', '/api/v1/timelines/tag/acmeair', (req) => {
      const min = Number(req.url.searchParams.get('min_id'));
      return { body: Array.from({ length: 40 }, (_, i) => status(min + 40 - i)) };
    });
    const { mentions, cursor, more } = await mastodonSource({ hashtags: ['acmeair'], maxPages: 2 }).fetch({ 'tag:acmeair.since': '100' });
    expect(mentions).toHaveLength(80);
    expect(more).toBe(true);
    expect(cursor).toEqual({ 'tag:acmeair.since': '180' });
  });

  it('keeps a content warning as the first line of the text', async () => {
    server.on('GET', '/api/v1/timelines/tag/acmeair', { body: [status(5, { spoiler_text: 'airline rant' })] });
    const { mentions } = await mastodonSource({ hashtags: ['acmeair'] }).fetch({ 'tag:acmeair.since': '1' });
    expect(mentions[0]!.text).toBe('airline rant\n\nstatus 5 about #acmeair');
  });

  it('needs a token for search and notifications', async () => {
    const err = await mastodonSource({ query: 'acme' }, {}).fetch(undefined).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingCredentialsError);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['truncated JSON', { body: '[{"id":"5","created_at":"2026-' }, /not valid JSON/],
    ['an HTML error page', { status: 200, body: '<html><body>502 Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } }, /expected JSON/],
    ['a status without content', { body: [{ ...status(5), content: undefined }] }, /unexpected response: 0\.content/],
    ['an error object instead of a list', { body: { error: 'This method requires an authenticated user' } }, /unexpected response: \(body\)/],
  ])('fails the run on %s, leaving the cursor', async (_n, reply, message) => {
    server.on('GET', '/api/v1/timelines/tag/acmeair', reply);
    const prev: Cursor = { 'tag:acmeair.since': '1' };
    const err = (await mastodonSource({ hashtags: ['acmeair'] }).fetch(prev).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.message).toMatch(message);
    expect(err.url).toBe(`${server.url}/api/v1/timelines/tag/acmeair?limit=40&min_id=1`);
    expect(prev).toEqual({ 'tag:acmeair.since': '1' });
  });
});
