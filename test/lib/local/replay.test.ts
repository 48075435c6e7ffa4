import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayCommand } from '../../../bin/commands/replay.ts';
import { generateScenario } from '../../../lib/local/demo/scenario.ts';

const start = new Date('2026-11-09T00:00:00Z');
const launch = new Date('2026-11-18T10:00:00Z');
const end = new Date('2026-11-23T00:00:00Z');

/** A fortnight of a brand, exported the way a social listening tool would: CSV, its own column names. */
async function exportCsv(): Promise<string> {
  const rows = generateScenario({
    start, launchAt: launch, end,
    brandName: 'Nimbus Phone', launchName: 'Nimbus 9', brandHandle: '@nimbusphone', supportHandle: '@nimbushelp', tag: 'nimbus9',
    sources: [{ id: 'export', kind: 'import', share: 1, postUrl: (id) => `https://x.example/${id}` }],
  });
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  const lines = ['post_id,posted,user,followers,body', ...rows.map((m) => [m.nativeId, m.createdAt, m.author.handle, m.author.reach, quote(m.text)].join(','))];
  const dir = await mkdtemp(join(tmpdir(), 'replay-'));
  const file = join(dir, 'export.csv');
  await writeFile(file, lines.join('\n'));
  return file;
}

describe('Command: replay', () => {
  it('opens Incidents on the launch-day spike and stays quiet through the ordinary week', async () => {
    const file = await exportCsv();
    const lines: string[] = [];
    const code = await replayCommand(
      [file, '--config', 'config/demo.yaml', '--id', 'post_id', '--created-at', 'posted', '--author', 'user', '--reach', 'followers', '--text', 'body', '--json'],
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    type Event = { at: string; type: string; severity?: string; detail?: string };
    const incidents = JSON.parse(lines.join('\n')) as {
      openedAt: string; severity: string; openedSeverity: string; problem: string; theme: string; why: string; reach: number; timeline: Event[];
    }[];
    expect(incidents.length).toBeGreaterThan(0);
    // Nothing before the launch: the ordinary week's gripes are the baseline, not a crisis.
    expect(incidents.filter((i) => Date.parse(i.openedAt) < launch.getTime())).toEqual([]);
    // The first Incident opens within two hours of the launch, with the numbers in its reason.
    const first = incidents[0]!;
    expect(Date.parse(first.openedAt) - launch.getTime()).toBeLessThan(2 * 3_600_000);
    expect(first.why).toMatch(/\d+ negative mentions in 1 h, baseline/);
    expect(incidents.some((i) => i.severity === 'SEV1')).toBe(true);
    // The journalist's high-reach post joins the overheating Incident; the safety claim opens its own.
    expect(incidents.some((i) => i.theme === 'product-defect' && i.reach >= 862_000)).toBe(true);
    expect(incidents.some((i) => i.theme === 'safety')).toBe(true);
    // What happened, not only what opened: the launch's complaints are one Incident that opened
    // below SEV1, and its timeline says when and why it rose.
    const complaints = incidents.filter((i) => i.problem === 'complaints');
    expect(complaints).toHaveLength(1);
    const defect = complaints[0]!;
    expect(defect.severity).toBe('SEV1');
    expect(defect.openedSeverity).not.toBe('SEV1');
    expect(defect.timeline.find((e) => e.type === 'opened')).toMatchObject({ severity: defect.openedSeverity });
    expect(defect.timeline.filter((e) => e.type === 'raised').at(-1)).toMatchObject({ severity: 'SEV1', detail: expect.stringMatching(/negative mentions/) });
    for (const e of incidents.flatMap((i) => i.timeline)) expect(Date.parse(e.at), JSON.stringify(e)).not.toBeNaN();
  }, 120_000);

  it('names the missing file', async () => {
    await expect(replayCommand(['/nonexistent/export.csv', '--config', 'config/demo.yaml'], () => {})).rejects.toThrow(/export\.csv/);
  });
});
