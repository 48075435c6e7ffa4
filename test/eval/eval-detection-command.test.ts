import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { evalDetectionCommand } from '../../bin/commands/eval-detection.ts';
import { UsageError } from '../../bin/commands/usage.ts';

const root = path.resolve(import.meta.dirname, '../..');
const config = path.join(root, 'config/eval/storm-weeks.yaml');
const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

/**
 * Four days of a quiet brand (two ordinary posts an hour, one of them labelled negative), then an
 * hour of 40 labelled-negative complaints by different people.
 */
function labelledCsv(): string {
  const rows = ['id,created_at,author,text,label'];
  let n = 0;
  const row = (at: number, author: string, text: string, label: string) => rows.push([`p${n++}`, new Date(at).toISOString(), author, `"${text}"`, label].join(','));
  for (let h = 0; h < 96; h++) {
    row(T0 + h * HOUR + 600_000, `fan${h % 7}`, 'flying skyways to see my family today', 'neutral');
    row(T0 + h * HOUR + 1_800_000, `grump${h % 5}`, 'skyways seat was a bit cramped', 'negative');
  }
  for (let k = 0; k < 40; k++) row(T0 + 96 * HOUR + k * 80_000, `angry${k}`, 'skyways cancelled my flight, worst airline ever, no refund and no help', 'negative');
  for (let h = 97; h < 100; h++) row(T0 + h * HOUR + 600_000, `fan${h % 7}`, 'flying skyways to see my family today', 'neutral');
  return `${rows.join('\n')}\n`;
}

describe('Command: eval:detection', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'eval-detection-'));
    file = path.join(dir, 'labelled.csv');
    await writeFile(file, labelledCsv());
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  afterEach(() => vi.restoreAllMocks());

  const run = async (argv: string[]) => {
    const out: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await evalDetectionCommand(argv, (line) => out.push(line));
    return { code, out: out.join('\n') };
  };

  it('prints the rule, a table per brand and in total, and each surge with its first alert', async () => {
    const { code, out } = await run([file, '--config', config, '--label', 'label', '--negative', 'negative']);
    expect(code).toBe(0);
    expect(out).toContain('surges from the labels: runs of hours with ≥ max(2 × median, 8) labelled negatives holding an hour with ≥ max(3 × median, 15)');
    expect(out).toMatch(/^skyways +1 +1\/1 +0\/1 +\d+ min \(max \d+\)/m);
    expect(out).toMatch(/^total +1\/1/m);
    expect(out).toMatch(/skyways {2}surge 2026-01-09T00:00 → 01:00, peak 00:00 \(40 labelled negatives\): first alert 2026-01-09T00:\d\d \(\+\d+ min, in the peak hour\), 1 incident\(s\)/);
  }, 120_000);

  it.each([
    [['--label', 'nope', '--negative', 'negative'], 'column "nope" not in'],
    [['--label', 'label', '--negative', 'furious'], 'with label = "furious"'],
    [['--negative', 'negative'], "required option '--label <column>' not specified"],
  ])('refuses %j with a usage error (exit 2) that says what was wrong', async (args, message) => {
    const refused = run([file, '--config', config, ...args]);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(message);
  }, 120_000);
});
