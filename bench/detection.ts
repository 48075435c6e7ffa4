/** 3. detect() on a week of 15-minute CounterBuckets (672) with a 100-mention batch: µs per call. */
import { LexiconAnalyzer } from '../lambdas/adapters/lexicon-analyzer.ts';
import { bucketStart } from '../lambdas/core/buckets.ts';
import { detect, type DetectionInput } from '../lambdas/core/detection/index.ts';
import { mentionId, type Mention } from '../lambdas/core/mention.ts';
import type { CounterBucket } from '../lambdas/core/ports.ts';
import { seeded } from '../lib/local/demo/random.ts';
import { benchConfig, generatedMentions } from './inputs.ts';
import { median, timeRuns, type SectionResult } from './measure.ts';

const CALLS_PER_RUN = 2_000;

/** A week of ordinary traffic: diurnal volume, about 1 in 10 negative, two sources, a few themes. */
function weekOfBuckets(now: Date, bucketMinutes: number): CounterBucket[] {
  const rnd = seeded(3);
  const count = (7 * 24 * 60) / bucketMinutes;
  const last = Date.parse(bucketStart(now, bucketMinutes));
  return Array.from({ length: count }, (_, i): CounterBucket => {
    const at = new Date(last - (count - 1 - i) * bucketMinutes * 60_000);
    const hour = at.getUTCHours();
    const total = Math.round((5 + 25 * Math.max(0, Math.sin(((hour - 6) / 18) * Math.PI))) * (0.7 + 0.6 * rnd.next()));
    const negative = Math.round(total * 0.1 * (0.5 + rnd.next()));
    const x = Math.round(total * 0.7);
    return {
      brand: 'acme',
      bucketStart: at.toISOString(),
      total,
      negative,
      complaint: Math.round(negative * 0.8),
      reach: total * 300,
      negativeReach: negative * 300,
      bySource: { 'bench-src': x, 'bench-rss': total - x },
      byTheme: negative ? { delay: Math.ceil(negative / 2), billing: Math.floor(negative / 2) } : {},
    };
  });
}

export async function benchDetection(): Promise<SectionResult> {
  const config = benchConfig.detection;
  const now = new Date('2026-11-18T12:07:00Z');
  const history = weekOfBuckets(now, config.bucketMinutes);
  const fetched = generatedMentions(seeded(5), 100, new Date(now.getTime() - 15 * 60_000), 15, { next: 1 }, 0.3);
  const analyses = await new LexiconAnalyzer().analyze(fetched.map((m) => ({ text: m.text })));
  const recent: Mention[] = fetched.map((m, i) => ({
    ...m,
    id: mentionId(m.sourceId, m.nativeId),
    brand: 'acme',
    fetchedAt: now.toISOString(),
    analysis: analyses[i]!,
  }));
  const input: DetectionInput = { brand: benchConfig.brands[0]!, config, now, history, recent, open: [] };

  let decisions = 0;
  // Warm-up: let the JIT settle before timing.
  for (let i = 0; i < 500; i++) decisions += detect(input).length;
  const durations = await timeRuns(() => {
    for (let i = 0; i < CALLS_PER_RUN; i++) decisions += detect(input).length;
  }, { runs: 5, minRuns: 3, budgetMs: 15_000 });
  const perCall = durations.map((ms) => (ms * 1000) / CALLS_PER_RUN);
  const negatives = recent.filter((m) => m.analysis?.sentiment === 'NEGATIVE' || m.analysis?.complaint).length;
  return {
    notes: [`detection: batch of ${recent.length} with ${negatives} negative, no open Incident; ${decisions ? 'decisions were returned' : 'no decision returned'}`],
    figures: [
      {
        name: 'detection.per-call',
        measured: `detect() on ${history.length} 15-min buckets (7 days) + a ${recent.length}-mention batch`,
        value: median(perCall),
        unit: 'µs/call',
        better: 'lower',
        samples: perCall,
      },
    ],
  };
}
