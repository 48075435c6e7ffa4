/**
 * `watch` end to end, for real on one machine: a brand's RSS feed served on 127.0.0.1, the source
 * fetched on its schedule, a real Incident detected, its escalation run by the synthesized state
 * machine, and the page delivered through a real SMTP server (smtp-server on 127.0.0.1, with a
 * login whose credentials come from the environment). Then a restart: the escalation carries on
 * and nobody is paged twice.
 */
import { mkdtemp } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lambdas/core/config.ts';
import { startWatch, type WatchEvent } from '../../lib/local/watch.ts';
import { ReplayServer } from '../sources/replay-server.ts';

interface Received {
  from: string;
  to: string[];
  subject: string;
  html: string;
  user: string;
}

const item = (id: string, body: string, date: Date) =>
  `<item><guid>${id}</guid><title>${id}</title><link>https://blog.acme.example/${id}</link><pubDate>${date.toUTCString()}</pubDate><description><![CDATA[${body}]]></description></item>`;

describe('Command: watch', () => {
  let feed: ReplayServer;
  let smtp: SMTPServer;
  let smtpPort: number;
  const received: Received[] = [];

  beforeAll(async () => {
    process.env.WATCH_TEST_SMTP_USER = 'crisis-desk';
    process.env.WATCH_TEST_SMTP_PASSWORD = 'correct horse battery staple';
    feed = await ReplayServer.start();
    const posted = new Date(Date.now() - 5 * 60_000);
    feed.on('GET', '/feed.xml', () => ({
      headers: { 'content-type': 'application/rss+xml' },
      body: `<?xml version="1.0"?><rss version="2.0"><channel><title>Acme Air</title><link>https://blog.acme.example/</link><description>d</description>${item(
        'c1',
        '<p>The Acme Air seat charger burned my hand on flight 212. My lawyer will be in touch.</p>',
        posted,
      )}${item('c2', '<p>Acme Air adds a Lisbon route in May.</p>', posted)}</channel></rss>`,
    }));
    smtp = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth(auth, _session, cb) {
        if (auth.username === 'crisis-desk' && auth.password === 'correct horse battery staple') cb(null, { user: auth.username });
        else cb(new Error('Invalid username or password'));
      },
      onData(stream, session, cb) {
        simpleParser(stream)
          .then((mail) => {
            received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              user: String(session.user),
            });
            cb();
          })
          .catch(cb);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    smtpPort = (smtp.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    delete process.env.WATCH_TEST_SMTP_USER;
    delete process.env.WATCH_TEST_SMTP_PASSWORD;
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
    await feed.close();
  });

  const config = () =>
    parseConfig({
      sender: 'desk@acme.example',
      timeZone: 'Europe/London',
      analyzer: 'lexicon',
      brands: [{ id: 'acme', name: 'Acme Air', keywords: ['acme air'] }],
      sources: [{ id: 'acme-blog', kind: 'rss', brand: 'acme', url: `${feed.url}/feed.xml`, schedule: 'rate(1 minute)' }],
      owners: [
        { id: 'cm', name: 'Casey Moss', email: 'cm@acme.example' },
        { id: 'lead', name: 'Lee Chen', email: 'lead@acme.example' },
      ],
      escalationPolicies: [{ id: 'all', severities: ['SEV1', 'SEV2', 'SEV3'], levels: [{ owners: ['cm'], timeoutMinutes: 60 }, { owners: ['lead'], timeoutMinutes: 60 }] }],
      report: { recipients: ['boss@acme.example'], schedule: 'cron(0 9 ? * MON *)' },
      smtp: { host: '127.0.0.1', port: smtpPort, security: 'none', secret: 'watch-test-smtp' },
    });

  async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('fetches on schedule, opens a real Incident, pages it over SMTP, and after a restart pages nobody twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watch-'));
    const events: WatchEvent[] = [];
    // Waits are real timers, compressed: an hour's Level timeout takes 90 s, longer than this test.
    const watch = await startWatch({ config: config(), dir, port: 0, onEvent: (e) => events.push(e), flowTimeScale: 1 / 40 });
    let incidentId: string;
    try {
      await watch.ready;
      expect(events[0]).toMatchObject({ kind: 'started', email: 'SMTP 127.0.0.1', resumed: [] });
      const fetched = events.find((e) => e.kind === 'fetched');
      expect(fetched).toMatchObject({ sourceId: 'acme-blog', summary: { fetched: 2, stored: 2 } });
      const opened = events.find((e): e is Extract<WatchEvent, { kind: 'opened' }> => e.kind === 'opened');
      expect(opened?.incident.brand).toBe('acme');
      incidentId = opened!.incident.id;

      await until(() => received.length >= 1, 'the page over SMTP');
      const page = received[0]!;
      expect(page).toMatchObject({ from: 'desk@acme.example', to: ['cm@acme.example'], user: 'crisis-desk' });
      expect(page.subject).toMatch(/SEV\d/);
      // Its buttons point at the pages this watch serves.
      expect(page.html).toContain(watch.url);
      // The SMTP server can hold the message a moment before the mailer hears back and says so.
      await until(() => events.some((e) => e.kind === 'emailed' && e.to.includes('cm@acme.example')), 'the emailed event');
      await watch.runtime.settleFlows();
      const stored = await watch.runtime.stores.incidents.get(incidentId);
      expect(stored).toMatchObject({ level: 1, notified: ['cm@acme.example'] });
    } finally {
      await watch.stop();
    }
    expect(events.at(-1)).toMatchObject({ kind: 'stopped', running: 1 });

    // A second watch on the same folder: the escalation carries on, the source sees nothing new.
    const again: WatchEvent[] = [];
    const second = await startWatch({ config: config(), dir, port: 0, onEvent: (e) => again.push(e), flowTimeScale: 1 / 40 });
    try {
      await second.ready;
      expect(again[0]).toMatchObject({ kind: 'started', resumed: [incidentId!] });
      expect(again.find((e) => e.kind === 'fetched')).toMatchObject({ summary: { stored: 0, duplicates: 2 } });
      expect(again.some((e) => e.kind === 'opened')).toBe(false);
      await second.runtime.settleFlows();
      expect(second.runtime.escalationRunner()?.status(incidentId!)).toBe('RUNNING');
      expect(received).toHaveLength(1);
      const stored = await second.runtime.stores.incidents.get(incidentId!);
      expect(stored!.timeline.filter((e) => e.type === 'notified')).toHaveLength(1);
    } finally {
      await second.stop();
    }
    expect(received).toHaveLength(1);
  }, 120_000);
});
