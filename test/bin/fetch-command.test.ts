import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchCommand } from '../../bin/commands/fetch.ts';
import { ConsoleLogger } from '../../lambdas/adapters/console-logger.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { ReplayServer } from '../sources/replay-server.ts';

/** A brand's blog feed, written for this test: two posts and a comment-style complaint. */
const feed = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Acme Air blog</title><link>https://blog.acme.example/</link><description>news</description>
${items}
</channel></rss>`;
const item = (id: string, title: string, body: string, date: string) =>
  `<item><guid>${id}</guid><title>${title}</title><link>https://blog.acme.example/${id}</link><pubDate>${date}</pubDate><description><![CDATA[${body}]]></description></item>`;

describe('Command: fetch', () => {
  let server: ReplayServer;
  let dir: string;
  let configPath: string;

  beforeAll(async () => {
    server = await ReplayServer.start();
    dir = await mkdtemp(join(tmpdir(), 'fetch-cmd-'));
    configPath = join(dir, 'config.yaml');
    await writeFile(
      configPath,
      `sender: desk@acme.example
timeZone: UTC
analyzer: lexicon
brands: [{ id: acme, name: Acme Air, handles: ["@acmeair"], keywords: ["acme air"] }]
sources:
  - { id: acme-blog, kind: rss, brand: acme, url: "${server.url}/feed.xml" }
  - { id: acme-broken, kind: rss, brand: acme, url: "${server.url}/broken.xml" }
owners: [{ id: cm, name: Community, email: cm@acme.example }]
escalationPolicies: [{ id: all, severities: [SEV1, SEV2, SEV3], levels: [{ owners: [cm], timeoutMinutes: 15 }] }]
report: { recipients: [boss@acme.example] }
`,
    );
    server.on('GET', '/feed.xml', () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: feed(
        item('p1', 'Acme Air adds a Lisbon route', '<p>Acme Air flies to <b>Lisbon</b> from May.</p>', 'Mon, 16 Nov 2026 09:00:00 GMT') +
          item('p2', 'Our apology', '<p>Acme Air cancelled 40 flights on Sunday &amp; we are sorry.</p>', 'Tue, 17 Nov 2026 09:00:00 GMT'),
      ),
    }));
    server.on('GET', '/broken.xml', () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>502 Bad Gateway</body></html>' }));
  });
  afterAll(() => server.close());

  it('stores what one cycle fetched, keeps it between runs, and reports a broken source without stopping the others', async () => {
    const lines: string[] = [];
    const code = await fetchCommand(['--config', configPath, '--dir', dir, '--json'], (l) => lines.push(l));
    const out = JSON.parse(lines.join('\n')) as { mentions: { id: string; text: string }[]; errors: { source: string; error: string }[] };
    expect(code).toBe(1); // one source failed
    expect(out.mentions.map((m) => m.id).sort()).toEqual(['acme-blog#p1', 'acme-blog#p2']);
    expect(out.mentions.find((m) => m.id === 'acme-blog#p2')?.text).toContain('cancelled 40 flights on Sunday & we are sorry');
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]!.source).toBe('acme-broken');
    expect(out.errors[0]!.error).toContain('broken.xml');

    // The second cycle runs on the same local database: nothing is stored twice.
    const again: string[] = [];
    await fetchCommand(['--config', configPath, '--dir', dir, '--source', 'acme-blog', '--json'], (l) => again.push(l));
    expect((JSON.parse(again.join('\n')) as { mentions: unknown[] }).mentions).toEqual([]);
  }, 60_000);

  it('pages a new Incident and keeps its escalation for watch or serve to carry on', async () => {
    const pagedDir = await mkdtemp(join(tmpdir(), 'fetch-page-'));
    const recent = new Date(Date.now() - 10 * 60_000).toUTCString();
    server.on('GET', '/risky.xml', () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: feed(item('r1', 'Acme Air charger', '<p>My Acme Air seat charger burned my hand on the flight; my lawyer will be in touch.</p>', recent)),
    }));
    const risky = join(pagedDir, 'risky.yaml');
    await writeFile(
      risky,
      (await readFile(configPath, 'utf8')).replace(/sources:\n(?:  - .*\n)+/, `sources:\n  - { id: acme-risky, kind: rss, brand: acme, url: "${server.url}/risky.xml" }\n`),
    );
    const lines: string[] = [];
    expect(await fetchCommand(['--config', risky, '--dir', pagedDir, '--json'], (l) => lines.push(l))).toBe(0);
    const out = JSON.parse(lines.join('\n')) as { incidents: { id: string; level: number; notified: string[] }[] };
    expect(out.incidents).toHaveLength(1);
    expect(out.incidents[0]).toMatchObject({ level: 1, notified: ['cm@acme.example'] });
    const emails = (await readdir(join(pagedDir, 'outbox'))).filter((f) => f.endsWith('.eml'));
    expect(emails).toHaveLength(1);

    // The escalation is on record, waiting on level 1: the next process resumes it and pages nobody again.
    const config = loadConfigFile(risky);
    const runtime = await startLocalRuntime({ config, dir: pagedDir, persist: true, logger: new ConsoleLogger({ quiet: true }) });
    try {
      expect(await runtime.journal!.get(out.incidents[0]!.id)).toMatchObject({ status: 'RUNNING', state: 'NotifyLevel' });
      expect(await runtime.resumeFlows()).toEqual([out.incidents[0]!.id]);
      await runtime.settleFlows();
      expect((await readdir(join(pagedDir, 'outbox'))).filter((f) => f.endsWith('.eml'))).toHaveLength(1);
    } finally {
      await runtime.stop();
    }
  }, 90_000);

  it('names an unknown source', async () => {
    await expect(fetchCommand(['--config', configPath, '--dir', dir, '--source', 'nope'], () => {})).rejects.toThrow(/no source "nope".*acme-blog/);
  });
});
