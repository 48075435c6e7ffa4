/** The cost estimate: Comprehend's billing rule, schedules counted, the stack's own counts, totals. */
import { describe, expect, it } from 'vitest';
import { defaultAssumptions, estimateCost, runsPerMonth, unitsPerDocument, type StackCounts } from '../../../lib/cost/estimate.ts';
import { PRICES } from '../../../lib/cost/prices.ts';
import { stackCounts } from '../../../lib/cost/stack-counts.ts';
import type { IngestUsage } from '../../../lib/measure/ingest-usage.ts';
import { synthesizeStack } from '../../../lib/synth.ts';
import { stackTestConfig } from '../stack-fixture.ts';

const usage: IngestUsage = {
  runSize: 100,
  perRun: { calls: 4, readUnits: 28, writeUnits: 2 },
  perMention: { calls: 0.1, readUnits: 1, writeUnits: 1 },
  callsPerMentionByCommand: {},
  mentionItemBytes: 600,
  notes: [],
};
const stack: StackCounts = {
  fetchMemoryMb: { 'acme-blog': 512, 'acme-x': 512, 'acme-reddit': 512 },
  functionMemoryMb: { notifyLevel: 512, escalationStep: 512, incidentAction: 512, weeklyReport: 1024 },
  alarms: 12,
  anomalyAlarms: 3,
  dashboards: 1,
  secrets: 3,
};
const config = stackTestConfig();
const line = (e: ReturnType<typeof estimateCost>, service: string) => e.lines.find((l) => l.service.startsWith(service))!;

describe('Function: unitsPerDocument', () => {
  it.each([[40, 3], [140, 3], [300, 3], [301, 4], [5000, 50]])('bills %i characters as %i units', (chars, units) => {
    expect(unitsPerDocument(chars)).toBe(units);
  });
});

describe('Function: runsPerMonth', () => {
  it('counts rate() and cron() schedules over 30 days', () => {
    expect(runsPerMonth('rate(5 minutes)', 'UTC')).toBe(8_640);
    expect(runsPerMonth('rate(1 hour)', 'UTC')).toBe(720);
    expect(runsPerMonth('cron(0 * * * ? *)', 'America/New_York')).toBe(720);
    expect(runsPerMonth('cron(0 9 ? * MON *)', 'Europe/London')).toBe(5);
  });
});

describe('Function: estimateCost', () => {
  it("bills Comprehend for distinct texts only, and language detection only where the source gave none", () => {
    const e = estimateCost({ config, mentionsPerDay: 10_000, usage, stack, assumptions: { duplicateShare: 0.2, averageChars: 140, languageKnownShare: 0.5 } });
    // 300,000 a month, 240,000 distinct: 3 units each for sentiment, half of them 3 more for language.
    expect(line(e, 'Comprehend').usd).toBeCloseTo((240_000 * 3 + 120_000 * 3) * PRICES.comprehendUnit.usd, 6);
    const lexicon = estimateCost({ config: stackTestConfig({ analyzer: 'lexicon' }), mentionsPerDay: 10_000, usage, stack });
    expect(line(lexicon, 'Comprehend').usd).toBe(0);
  });

  it('prices DynamoDB from the measured units per run and per Mention, plus the analysis cache', () => {
    const e = estimateCost({ config, mentionsPerDay: 1_000, usage, stack, assumptions: { duplicateShare: 0 } });
    const runs = runsPerMonth('rate(15 minutes)', config.timeZone) + runsPerMonth('rate(5 minutes)', config.timeZone) + runsPerMonth('cron(0 * * * ? *)', config.timeZone);
    const wru = runs * 2 + 30_000 * 1 + 30_000; // the cache writes each distinct text once
    const rru = runs * 28 + 30_000 * 1 + 30_000 * 0.5;
    const gb = (1_000 * config.retentionDays * 600) / 1e9;
    const expected = wru * PRICES.dynamoWriteUnit.usd + rru * PRICES.dynamoReadUnit.usd + gb * (PRICES.dynamoStorageGbMonth.usd + PRICES.dynamoPitrGbMonth.usd);
    expect(line(e, 'DynamoDB').usd).toBeCloseTo(expected, 9);
  });

  it('grows with volume where usage does, and adds up its lines', () => {
    const small = estimateCost({ config, mentionsPerDay: 1_000, usage, stack });
    const large = estimateCost({ config, mentionsPerDay: 100_000, usage, stack });
    expect(line(large, 'Comprehend').usd).toBeCloseTo(line(small, 'Comprehend').usd * 100, 6);
    expect(line(large, 'CloudWatch').usd).toBeGreaterThanOrEqual(line(small, 'CloudWatch').usd);
    for (const e of [small, large]) {
      expect(e.totalUsd).toBeCloseTo(e.lines.reduce((s, l) => s + l.usd, 0), 9);
      expect(e.totalAfterFreeTierUsd).toBeLessThanOrEqual(e.totalUsd);
      expect(e.lines.map((l) => l.service)).toEqual([
        'Comprehend', 'DynamoDB', 'Lambda (arm64)', 'Step Functions', 'EventBridge Scheduler', 'SES', 'S3', 'CloudWatch', 'Secrets Manager', 'X-Ray',
      ]);
    }
  });

  it('takes the language-known share from the source kinds', () => {
    // rss and x give a language, reddit does not.
    expect(defaultAssumptions(config).languageKnownShare).toBeCloseTo(0.67, 2);
  });
});

describe('Function: stackCounts', () => {
  it('reads functions, alarms, dashboards and secrets from the synthesized stack', () => {
    const synth = synthesizeStack(config);
    const counts = stackCounts(synth);
    expect(Object.keys(counts.fetchMemoryMb)).toEqual(['acme-blog', 'acme-x', 'acme-reddit']);
    expect(counts.functionMemoryMb.weeklyReport).toBe(1024);
    expect(counts.dashboards).toBe(1);
    // One secret per credentialed source (x, reddit) and the link-signing key.
    expect(counts.secrets).toBe(3);
    const alarms = Object.values(synth.template.Resources as Record<string, { Type: string }>).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(counts.alarms + counts.anomalyAlarms).toBe(alarms.length);
    // A "gone quiet" anomaly alarm per source on a rate() schedule: the blog and X, not Reddit's cron.
    expect(counts.anomalyAlarms).toBe(2);
  }, 180_000);
});
