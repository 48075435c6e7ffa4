import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoSummary } from '../../lib/local/demo/run-demo.ts';
import { startLocalRuntime } from '../../lib/local/runtime.ts';
import { serveActions } from '../../lib/local/serve.ts';
import { loadConfigFile } from '../../lib/config-file.ts';

/** A Tuesday: the demo plays the two weeks before its week (9 to 22 November) and reports on 16 to 22 November. */
const TODAY = new Date('2026-11-24T12:00:00Z');

/** The demo is the product's front door: run it as `npm start` does, and read what it left. */
describe('Demo: a brand crisis, end to end', () => {
  let dir: string;
  let summary: DemoSummary;
  let emails: (ParsedMail & { file: string })[];
  const lines: string[] = [];
  let again: { dir: string; summary: DemoSummary; lines: string[] };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crisis-desk-demo-'));
    summary = await runDemo({ dir, today: TODAY, out: (line) => lines.push(line) });
    emails = await Promise.all(summary.emails.map(async (file) => Object.assign(await simpleParser(await readFile(file)), { file })));
    // The same day, a second time, in another folder: it must tell the same story.
    const second = { dir: await mkdtemp(join(tmpdir(), 'crisis-desk-demo-')), lines: [] as string[] };
    again = { ...second, summary: await runDemo({ dir: second.dir, today: TODAY, out: (line) => second.lines.push(line) }) };
  }, 480_000);

  afterAll(async () => {
    await Promise.all([dir, again?.dir].filter(Boolean).map((d) => rm(d!, { recursive: true, force: true })));
  });

  const to = (mail: ParsedMail) => [mail.to].flat().flatMap((a) => a?.value.map((v) => v.address) ?? []);

  it('detects the launch crisis from the counts, with the numbers in the reason', () => {
    const spike = summary.incidents.find((i) => /negative mentions in 1 h, baseline/.test(i.reason) && Date.parse(i.openedAt) >= Date.parse('2026-11-18T10:00:00Z'));
    expect(spike, lines.join('\n')).toBeDefined();
    expect(Date.parse(spike!.openedAt)).toBeGreaterThanOrEqual(Date.parse('2026-11-18T10:00:00Z'));
    // Before the launch only the bot campaign's incident (below): the ordinary week pages nobody.
    const early = summary.incidents.filter((i) => Date.parse(i.openedAt) < Date.parse('2026-11-18T10:00:00Z'));
    expect(early.map((i) => i.openedAt.slice(0, 10))).toEqual(['2026-11-16']);
  });

  it("marks the bot campaign's page a false alarm, and the report counts it, says what to change and who does what", async () => {
    const bot = summary.incidents.find((i) => i.resolution?.alert?.verdict === 'false-alarm');
    expect(bot, summary.incidents.map((i) => `${i.id} ${JSON.stringify(i.resolution?.alert)}`).join('\n')).toBeDefined();
    expect(bot!.resolution!.alert).toEqual({ verdict: 'false-alarm', why: 'spam-or-bots' });
    expect(Date.parse(bot!.openedAt)).toBeGreaterThanOrEqual(Date.parse('2026-11-16T13:20:00Z'));
    // Every other incident the owners resolved, they called real.
    expect(summary.incidents.filter((i) => i !== bot && i.resolution).every((i) => i.resolution!.alert?.verdict === 'real')).toBe(true);
    const report = JSON.parse(await readFile(summary.report!.json!, 'utf8')) as {
      alertQuality: { thisWeek: { falseAlarms: number; classified: number; reasons: { reason: string }[] } };
      recommendations: { kind: string; because: string }[];
      responsibilities: { rows: { policy: string }[] };
    };
    expect(report.alertQuality.thisWeek).toMatchObject({ falseAlarms: 1, reasons: [{ reason: 'spam-or-bots' }] });
    expect(report.alertQuality.thisWeek.classified).toBe(summary.incidents.filter((i) => i.resolution?.alert).length);
    expect(report.recommendations.length).toBeGreaterThan(0);
    // Level 1 slept through every page: the report says so, with the numbers.
    expect(report.recommendations.find((r) => r.kind === 'slow-level')?.because).toMatch(/^Level 1 acknowledged 0 of \d+ pages within its 15 min/);
    expect(report.responsibilities.rows.map((r) => r.policy)).toEqual(['major', 'minor']);
    const html = await readFile(summary.report!.html, 'utf8');
    for (const heading of ['What to change', 'Alert quality', 'Appendix: who does what']) expect(html).toContain(heading);
  });

  /** The Incidents the launch opened (the bot campaign's, days earlier, is a test of its own). */
  const launchIncidents = () => summary.incidents.filter((i) => Date.parse(i.openedAt) >= summary.fortnight.launch.getTime());

  it('follows the botched launch as ONE product-defect Incident that rises to SEV1, and the safety report as its own', () => {
    const complaints = launchIncidents().filter((i) => i.problem === 'complaints');
    expect(complaints.map((i) => i.id), lines.join('\n')).toHaveLength(1);
    const defect = complaints[0]!;
    expect(defect).toMatchObject({ theme: 'product-defect', severity: 'SEV1' });
    expect(defect.openedSeverity).not.toBe('SEV1');
    expect(defect.timeline.some((e) => e.type === 'raised' && e.severity === 'SEV1')).toBe(true);
    // Several themes, one Incident: the breakdown says so.
    expect(Object.keys(defect.themes ?? {}).length).toBeGreaterThan(2);
    // The owner resolved it while the storm was still blowing: it flared up and was reopened, not opened anew.
    const resolvedAt = defect.timeline.filter((e) => e.type === 'resolved').map((e) => Date.parse(e.at));
    const reopenedAt = defect.timeline.filter((e) => e.type === 'reopened').map((e) => Date.parse(e.at));
    expect(reopenedAt.length).toBe(defect.reopenCount ?? 0);
    if (resolvedAt.length > 1) expect(reopenedAt.length).toBe(resolvedAt.length - 1);
    expect(lines.some((l) => /reopened/.test(l))).toBe(defect.reopenCount! > 0);

    const safety = launchIncidents().filter((i) => i.problem === 'safety');
    expect(safety).toHaveLength(1);
    expect(safety[0]!.severity).toBe('SEV2');
    expect(launchIncidents()).toHaveLength(2);
  });

  it('pages level 1, then level 2 when level 1 sleeps through it', () => {
    // The first pages of the first Incident: the outbox is in send order.
    const pages = emails.filter((m) => /^\[SEV/.test(m.subject ?? '') && !/acknowledged|resolved/i.test(m.subject ?? ''));
    const level1 = pages.find((m) => to(m).includes('maya@nimbus.example'));
    const level2 = pages.find((m) => to(m).includes('sam@nimbus.example') && /level 2/i.test(m.text ?? ''));
    expect(level1, pages.map((m) => m.subject).join('\n')).toBeDefined();
    expect(level2).toBeDefined();
    expect(level2!.date!.getTime()).toBeGreaterThan(level1!.date!.getTime());
    expect(level1!.subject).toMatch(/^\[SEV[123]\] Nimbus Phone: .+ incident$/);
    // The page carries the suggested reply and the three signed action links.
    expect(level1!.text).toMatch(/Suggested public reply/i);
    expect(level1!.html).toContain('Acknowledge');
    expect((level1!.text ?? '').match(/\?t=/g)?.length).toBeGreaterThanOrEqual(3);
  });

  it('records the acknowledgement and the resolution with its root cause and action items', () => {
    const handled = summary.incidents.filter((i) => i.acknowledgedBy === 'sam@nimbus.example');
    expect(handled.length).toBeGreaterThan(0);
    for (const i of handled) {
      expect(i.status).toBe('resolved');
      expect(i.resolution?.rootCause.length).toBeGreaterThan(20);
      expect(i.resolution?.actionItems.length).toBeGreaterThan(0);
      expect(i.timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['opened', 'notified', 'escalated', 'acknowledged', 'resolved']));
      expect(Date.parse(i.acknowledgedAt!)).toBeGreaterThan(Date.parse(i.openedAt));
    }
    // Everyone who was paged heard about the acknowledgement.
    expect(emails.some((m) => /acknowledged by Sam/i.test(m.subject ?? '') && to(m).includes('maya@nimbus.example'))).toBe(true);
  });

  it('writes the weekly report with the post-mortem of the crisis and its charts', async () => {
    expect(summary.report).toBeDefined();
    const html = await readFile(summary.report!.html, 'utf8');
    const resolved = summary.incidents.find((i) => i.resolution && i.severity !== 'SEV3')!;
    const rootCause = resolved.resolution!.rootCause.slice(0, 40).replaceAll("'", '&#x27;');
    expect(html).toContain(rootCause);
    expect(html).toMatch(/Nimbus Phone/);
    const folder = join(summary.report!.html, '..');
    for (const png of ['daily-mentions.png', 'response-times.png', 'complaint-themes.png']) {
      expect((await stat(join(folder, png))).size).toBeGreaterThan(2_000);
    }
    const report = JSON.parse(await readFile(join(folder, 'report.json'), 'utf8')) as { week: { start: string }; postMortems: unknown[] };
    expect(report.week.start).toBe('2026-11-16');
    // One post-mortem each: the product defect (one story, reopen included) and the safety report;
    // the bot campaign, a false alarm, has none.
    expect(report.postMortems.map((p) => (p as { incidentId: string }).incidentId).sort()).toEqual(launchIncidents().map((i) => i.id).sort());
    const defect = launchIncidents().find((i) => i.problem === 'complaints')!;
    const story = report.postMortems.find((p) => (p as { incidentId: string }).incidentId === defect.id) as { observations: string[]; timeline: unknown[] };
    // Sam resolves it at the storm's tail, it flares up again: one story, with the reopening in it.
    expect(defect.reopenCount).toBeGreaterThanOrEqual(1);
    expect(story.observations.filter((o) => /reopened \d+ time/.test(o))).toHaveLength(1);
    expect(JSON.stringify(story.timeline).match(/[Rr]eopened/g)?.length ?? 0).toBeGreaterThanOrEqual(defect.reopenCount!);
    expect(emails.some((m) => to(m).includes('leadership@nimbus.example') && /Weekly report/.test(m.subject ?? ''))).toBe(true);
  });

  it('is reproducible: a second run on the same day gives the same Incidents, times, counts, emails and report', async () => {
    const story = (s: DemoSummary) => ({
      counts: s.counts,
      incidents: s.incidents.map((i) => ({
        id: i.id, severity: i.severity, status: i.status, reason: i.reason, openedAt: i.openedAt,
        acknowledgedAt: i.acknowledgedAt, resolvedAt: i.resolvedAt, acknowledgedBy: i.acknowledgedBy,
        timeline: i.timeline.map((e) => [e.type, e.at]),
      })),
      emails: s.emails.map((f) => basename(f)),
    });
    expect(story(again.summary)).toEqual(story(summary));
    expect(again.lines).toEqual(lines);
    const reportOf = async (s: DemoSummary) => JSON.parse(await readFile(s.report!.json!, 'utf8')) as unknown;
    expect(await reportOf(again.summary)).toEqual(await reportOf(summary));
  });

  it('accounts for every generated Mention', () => {
    const { generated, fetched, notAboutBrand, duplicates, stored } = summary.counts;
    expect(fetched).toBe(generated);
    expect(stored + notAboutBrand + duplicates).toBe(fetched);
    expect(summary.mentions).toBe(stored);
    expect(lines[0]).toContain(`${generated.toLocaleString('en')} generated mentions`);
  });

  it('dates its fortnight from the day it runs, and its buttons answer for a week after that day', async () => {
    expect(summary.fortnight.start.toISOString()).toBe('2026-11-09T00:00:00.000Z');
    // Six days after the demo ran, `serve` on its tables answers every button with its page, none expired.
    const config = loadConfigFile('config/demo.yaml');
    const rt = await startLocalRuntime({ config, dir, persist: true, clock: { now: () => new Date(TODAY.getTime() + 6 * 86_400_000) } });
    const server = await serveActions({ port: 0, handler: (event) => rt.pages(event) });
    try {
      const links = [...new Set(emails.flatMap((m) => (m.text ?? '').match(/https?:\/\/[^\s<>"]+\?t=[A-Za-z0-9._~%-]+/g) ?? []))];
      expect(links.length).toBeGreaterThan(10);
      // Every email links to the incident page too, and it answers.
      expect(links.filter((l) => new URL(l).pathname === '/incident').length).toBeGreaterThan(5);
      for (const link of links) {
        const u = new URL(link);
        const page = await fetch(new URL(u.pathname + u.search, server.url));
        const html = await page.text();
        expect(page.status, link).not.toBe(410);
        expect(html).not.toMatch(/expired/i);
        // The Incidents are resolved by then, and the page says so.
        expect(html).toMatch(/resolved/i);
      }
    } finally {
      await server.close();
      await rt.stop();
    }
  }, 240_000);

  it("links every email to a working incident page: the crisis' timeline, its posts and the chart", async () => {
    const config = loadConfigFile('config/demo.yaml');
    const rt = await startLocalRuntime({ config, dir, persist: true, clock: { now: () => new Date(TODAY.getTime() + 86_400_000) } });
    const server = await serveActions({ port: 0, handler: (event) => rt.pages(event) });
    try {
      const page = emails.find((m) => /^\[SEV1\]/.test(m.subject ?? '') && /See the whole incident/.test(m.html || ''))!;
      expect(page, emails.map((m) => m.subject).join('\n')).toBeDefined();
      const link = new URL(/https?:\/\/\S+\/incident\?t=[\w.-]+/.exec(page.text ?? '')![0]);
      const response = await fetch(new URL(link.pathname + link.search, server.url));
      const html = await response.text();
      expect(response.status).toBe(200);
      expect(html).toContain('<svg class="chart"');
      expect(html).toContain('id="timeline-heading"');
      // The incident the link names (its id is in the signed payload), and its first page of posts.
      const claims = JSON.parse(Buffer.from(link.searchParams.get('t')!.split('.')[0]!, 'base64url').toString('utf8')) as { i: string };
      const incident = summary.incidents.find((i) => i.id === claims.i)!;
      expect(incident.severity).toBe('SEV1');
      expect(incident.mentionCount).toBeGreaterThan(0);
      const stored = await rt.stores.mentions.listByIncident(incident.id, 51);
      expect(stored.length).toBeGreaterThan(0);
      expect(html.match(/<li class="post/g)?.length).toBe(Math.min(50, stored.length));
      for (const m of stored.slice(0, 50)) expect(html).toContain(`href="${m.url.replaceAll('&', '&amp;')}"`);
      expect(html).toContain(`(${incident.mentionCount.toLocaleString('en-GB')})`);
      // The list of every incident, for this machine.
      const list = await (await fetch(server.url)).text();
      expect(list.match(/href="\/incident\?id=/g)?.length).toBe(summary.incidents.length);
    } finally {
      await server.close();
      await rt.stop();
    }
  }, 120_000);

  it('prints progress and the paths of what it wrote', () => {
    expect(lines.some((l) => l.includes('incident opened'))).toBe(true);
    expect(lines.some((l) => l.includes('✉'))).toBe(true);
  });
});
