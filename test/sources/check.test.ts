import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig, type Config } from '../../lambdas/core/config.ts';
import { checkSources, type CredentialReader } from '../../lambdas/sources/check.ts';
import { ReplayServer, testDeps } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

function config(sources: object[]): Config {
  const example = parse(readFileSync(resolve(import.meta.dirname, '../../config/example.yaml'), 'utf8')) as Record<string, unknown>;
  return parseConfig({ ...example, sources });
}

class MapReader implements CredentialReader {
  readonly asked: string[] = [];
  constructor(private readonly secrets: Record<string, Record<string, string>>) {}
  async get(name: string) {
    this.asked.push(name);
    const s = this.secrets[name];
    if (!s) throw new Error(`secret "${name}" is not set (environment variable ${name.toUpperCase()}_*)`);
    return s;
  }
}

describe('Function: checkSources', () => {
  it('lists each source with its credentials, missing ones first-class, without reading unneeded secrets', async () => {
    const cfg = config([
      { id: 'acme-blog', kind: 'rss', brand: 'acme', url: 'https://blog.example.com/feed/' },
      { id: 'acme-x', kind: 'x', brand: 'acme', query: 'acme air', secret: 'x-api', schedule: 'rate(2 minutes)' },
      { id: 'acme-reddit', kind: 'reddit', brand: 'acme', query: 'acme air', secret: 'reddit' },
      { id: 'acme-masto', kind: 'mastodon', brand: 'acme', instance: 'https://mastodon.social', hashtags: ['acmeair'] },
      { id: 'acme-bsky', kind: 'bluesky', brand: 'acme', query: 'acme' },
    ]);
    const reader = new MapReader({ 'x-api': { bearerToken: 'AAAA-secret-bearer' }, reddit: { clientId: 'cid' } });
    const checks = await checkSources(cfg, reader, { where: (s, k) => `${s.toUpperCase().replace(/-/g, '_')}:${k}` });

    expect(checks.map((c) => [c.id, c.kind, c.schedule, c.missingCredentials])).toEqual([
      ['acme-blog', 'rss', 'rate(5 minutes)', []],
      ['acme-x', 'x', 'rate(2 minutes)', []],
      ['acme-reddit', 'reddit', 'rate(5 minutes)', ['clientSecret']],
      // Public hashtag timelines need no token.
      ['acme-masto', 'mastodon', 'rate(5 minutes)', []],
      ['acme-bsky', 'bluesky', 'rate(5 minutes)', ['identifier', 'appPassword']],
    ]);
    expect(checks[2]!.credentials).toEqual([
      expect.objectContaining({ key: 'clientId', required: true, present: true, where: 'REDDIT:clientId' }),
      expect.objectContaining({ key: 'clientSecret', required: true, present: false }),
      expect.objectContaining({ key: 'userAgent', required: false, present: false }),
    ]);
    expect(reader.asked).toEqual(['x-api', 'reddit']);
    expect(JSON.stringify(checks)).not.toContain('AAAA-secret-bearer');
    expect(checks.every((c) => c.dryRun === undefined)).toBe(true);
  });

  it('reports a secret that cannot be read', async () => {
    const cfg = config([{ id: 'acme-fb', kind: 'facebook', brand: 'acme', pageId: '123', secret: 'fb' }]);
    const [check] = await checkSources(cfg, new MapReader({}));
    expect(check!.secretError).toMatch(/secret "fb" is not set/);
    expect(check!.missingCredentials).toEqual(['pageAccessToken']);
  });

  it('dry-runs each complete source once: counts, brand matches, a sample, and errors without secrets', async () => {
    server.on('GET', '/search_by_date', { body: { hits: [
      { objectID: '2', created_at_i: 1_790_000_100, author: 'pg', title: 'Acme Air lost my bag', url: null, story_text: '', points: 3, num_comments: 0 },
      { objectID: '1', created_at_i: 1_790_000_000, author: 'tptacek', title: 'My acme air purifier is great', url: null, story_text: '', points: 1, num_comments: 0 },
    ], page: 0, nbPages: 1 } });
    server.on('GET', '/2/tweets/search/recent', { status: 403, body: { title: 'Forbidden', detail: 'token AAAA-secret-bearer not allowed' } });
    const cfg = config([
      { id: 'acme-hn', kind: 'hackernews', brand: 'acme', query: 'acme air', baseUrl: server.url, karma: false },
      { id: 'acme-x', kind: 'x', brand: 'acme', query: 'acme air', secret: 'x-api', baseUrl: server.url },
      { id: 'acme-bsky', kind: 'bluesky', brand: 'acme', query: 'acme', baseUrl: server.url },
    ]);
    const { deps } = testDeps();
    const checks = await checkSources(cfg, new MapReader({ 'x-api': { bearerToken: 'AAAA-secret-bearer' } }), { dryRun: true, deps: { ...deps } });

    expect(checks[0]!.dryRun).toMatchObject({
      ok: true,
      mentions: 2,
      aboutBrand: 1,
      more: false,
      sample: [{ author: 'pg', text: 'Acme Air lost my bag', url: 'https://news.ycombinator.com/item?id=2' }, { author: 'tptacek' }],
    });
    expect(checks[1]!.dryRun).toMatchObject({ ok: false, error: expect.stringMatching(/source acme-x: HTTP 403/) });
    expect(checks[1]!.dryRun!.error).not.toContain('AAAA-secret-bearer');
    expect(checks[2]!.dryRun).toEqual({ ok: false, error: 'skipped: missing credentials identifier, appPassword' });
    expect(server.requests.some((r) => r.path.startsWith('/xrpc'))).toBe(false);
  });

  it('checks only the named source', async () => {
    const cfg = config([
      { id: 'a', kind: 'rss', brand: 'acme', url: 'https://a.example/feed' },
      { id: 'b', kind: 'rss', brand: 'acme', url: 'https://b.example/feed' },
    ]);
    expect((await checkSources(cfg, new MapReader({}), { only: 'b' })).map((c) => c.id)).toEqual(['b']);
  });
});
