import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDemo, type DemoSummary } from '../../lib/local/demo/run-demo.ts';

/** The demo is the product's front door: run it once, as `npm start` does, and read what it left. */
describe('Demo: a brand crisis, end to end', () => {
  let dir: string;
  let summary: DemoSummary;
  let emails: (ParsedMail & { file: string })[];
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'crisis-desk-demo-'));
    summary = await runDemo({ dir, out: (line) => lines.push(line) });
    emails = await Promise.all(summary.emails.map(async (file) => Object.assign(await simpleParser(await readFile(file)), { file })));
  }, 240_000);

  const to = (mail: ParsedMail) => [mail.to].flat().flatMap((a) => a?.value.map((v) => v.address) ?? []);

  it('detects the launch crisis from the counts, with the numbers in the reason', () => {
    const spike = summary.incidents.find((i) => /negative mentions in 1 h, baseline/.test(i.reason));
    expect(spike, lines.join('\n')).toBeDefined();
    expect(Date.parse(spike!.openedAt)).toBeGreaterThanOrEqual(Date.parse('2026-11-18T10:00:00Z'));
    expect(summary.incidents.every((i) => Date.parse(i.openedAt) >= Date.parse('2026-11-18T10:00:00Z'))).toBe(true);
  });

  it('pages level 1, then level 2 when level 1 sleeps through it', () => {
    const spike = summary.incidents.find((i) => /negative mentions in 1 h/.test(i.reason))!;
    const pages = emails.filter((m) => m.subject?.includes(spike.severity) && !/acknowledged|resolved|reminder/i.test(m.subject));
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
    expect(report.postMortems.length).toBeGreaterThan(0);
    expect(emails.some((m) => to(m).includes('leadership@nimbus.example') && /Weekly report/.test(m.subject ?? ''))).toBe(true);
  });

  it('prints progress and the paths of what it wrote', () => {
    expect(lines.some((l) => l.includes('incident opened'))).toBe(true);
    expect(lines.some((l) => l.includes('✉'))).toBe(true);
  });
});
