/**
 * Issue #10's goals, measured by `eval:detection` itself (the command's --json, the default
 * thresholds): a change to detection that loses ground on a labelled week fails here.
 *  - every major surge alerted before its peak hour; median onset → alert at most 60 min;
 *  - at most 1 SEV1/SEV2 page per brand-week outside a real surge;
 *  - at most 2 Incidents per surge.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evalDetectionCommand } from '../../bin/commands/eval-detection.ts';
import type { DetectionFigures } from '../../lambdas/core/detection/evaluation.ts';
import { writeStormWeeks } from './storm-weeks.ts';

const root = path.resolve(import.meta.dirname, '../..');
const shared = path.resolve(root, '..', 'shared/fixtures/data');
const apple = path.join(shared, 'apple_twitter_sentiment.csv');

interface Figures {
  total: DetectionFigures;
  brands: Record<string, DetectionFigures>;
}

async function evaluate(argv: string[]): Promise<Figures> {
  const lines: string[] = [];
  expect(await evalDetectionCommand([...argv, '--json'], (line) => lines.push(line))).toBe(0);
  return JSON.parse(lines.join('\n')) as Figures;
}

/** `strictly`: the fewest surges whose first alert came by the start of their peak hour (the figure the README gives; it must not drop). */
function expectGoals(f: Figures, surges: number, strictly: number): void {
  const why = JSON.stringify(f, null, 1);
  // The set really has surges to find: a replay that opens nothing cannot pass.
  expect(f.total.surges, why).toBeGreaterThanOrEqual(surges);
  expect(f.total.alertedBeforePeak, why).toBe(f.total.surges);
  expect(f.total.alertedBeforePeakHour, why).toBeGreaterThanOrEqual(strictly);
  expect(f.total.medianOnsetToAlertMinutes, why).not.toBeNull();
  expect(f.total.medianOnsetToAlertMinutes!, why).toBeLessThanOrEqual(60);
  expect(f.total.maxIncidentsPerSurge, why).toBeLessThanOrEqual(2);
  for (const [brand, b] of Object.entries(f.brands)) expect(b.pagesOutsideElevatedPerBrandWeek, `${brand}: ${why}`).toBeLessThanOrEqual(1);
}

describe.skipIf(!existsSync(apple))(`eval:detection goals on apple_twitter_sentiment.csv (skipped: ${shared} is absent)`, () => {
  it('alerts every major surge before its peak, within the hour, with few false pages and few Incidents per surge', async () => {
    const f = await evaluate([apple, '--config', path.join(root, 'config/eval/apple.yaml'), '--label', 'sentiment', '--negative', '1', '--id', '_unit_id']);
    // Its two labelled surges: the evening of 4 December and the night of 8-9 December (UTC).
    expectGoals(f, 2, 1);
  }, 600_000);
});

describe('eval:detection goals on the generated storm weeks (test/eval/storm-weeks.ts)', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('alerts every major surge before its peak, within the hour, with few false pages and few Incidents per surge', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-storm-'));
    const file = await writeStormWeeks(path.join(dir, 'storm-weeks.jsonl'));
    const f = await evaluate([file, '--config', path.join(root, 'config/eval/storm-weeks.yaml'), '--label', 'label', '--negative', 'negative']);
    // skyways' four storm surges and nordlys' two (see storm-weeks.ts).
    expectGoals(f, 6, 4);
  }, 600_000);
});
