/**
 * Backtest: runs a historical export through analysis and detection, in memory, in simulated
 * time (the Mentions' own timestamps), and returns the Incidents it would have opened.
 * No email is sent and no flow runs; quiet Incidents close so that a later spike opens anew.
 */
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import { attributeBrands } from '../../lambdas/core/brand-match.ts';
import { bucketStart } from '../../lambdas/core/buckets.ts';
import type { Config, SourceConfig } from '../../lambdas/core/config.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import { ingest, type IngestDeps } from '../../lambdas/core/ingest.ts';
import type { FetchedMention, Mention } from '../../lambdas/core/mention.ts';
import type { FetchResult, Logger, SentimentAnalyzer, Source } from '../../lambdas/core/ports.ts';
import { InMemoryCounterStore } from './in-memory-counter-store.ts';
import { InMemoryCursorStore } from './in-memory-cursor-store.ts';
import { InMemoryIncidentStore } from './in-memory-incident-store.ts';
import { InMemoryMentionStore } from './in-memory-mention-store.ts';
import { ManualClock } from './sim-clock.ts';

export interface ReplayResult {
  mentions: number;
  matched: number;
  incidents: Incident[];
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Releases the Mentions of one time step. */
class StepSource implements Source {
  batch: FetchedMention[] = [];
  constructor(readonly id: string) {}
  async fetch(): Promise<FetchResult> {
    return { mentions: this.batch, cursor: { step: this.batch.at(-1)?.createdAt ?? '' } };
  }
}

export async function replay(
  config: Config,
  mentions: FetchedMention[],
  options: {
    analyzer?: SentimentAnalyzer;
    onProgress?: (done: number, total: number) => void;
    /** Each analysed Mention, once per brand it counts for, with `brands` (primary first). */
    onMention?: (mention: Mention) => void;
  } = {},
): Promise<ReplayResult> {
  const sorted = mentions.filter((m) => !Number.isNaN(Date.parse(m.createdAt))).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const clock = new ManualClock(new Date(sorted[0]?.createdAt ?? 0));
  // Replays close quiet Incidents themselves: nobody is there to resolve them.
  const replayConfig: Config = { ...config, detection: { ...config.detection, autoResolve: true } };
  const deps: IngestDeps = {
    config: replayConfig,
    clock,
    // One process, one run at a time, over data thrown away at the end: the stores are held in
    // memory (answering as the DynamoDB ones do), and a source's lease and batch journal, which
    // guard against concurrent and crashed runs, guard nothing here.
    mentions: new InMemoryMentionStore(),
    counters: new InMemoryCounterStore(),
    incidents: new InMemoryIncidentStore(),
    cursors: new InMemoryCursorStore(),
    analyzer: options.analyzer ?? new LexiconAnalyzer(),
    flows: { start: async () => 'started' },
    callbacks: { succeed: async () => {}, fail: async () => {} },
    logger: silent,
    metrics: { count() {} },
  };
  const byBrand = new Map<string, { source: StepSource; sourceConfig: SourceConfig; items: FetchedMention[] }>();
  for (const brand of config.brands) {
    const sourceConfig = { id: `replay-${brand.id}`, kind: 'import', brand: brand.id, path: '-', columns: {}, schedule: 'rate(5 minutes)', maxPages: 1 } as SourceConfig;
    byBrand.set(brand.id, { source: new StepSource(sourceConfig.id), sourceConfig, items: [] });
  }
  let matched = 0;
  // A post counts for every brand it is about, whatever the order of `brands:`.
  const brandsOf = new Map<string, string[]>();
  for (const m of sorted) {
    const brands = attributeBrands(config.brands, m);
    if (brands.length) matched++;
    brandsOf.set(m.nativeId, brands.map((b) => b.id));
    for (const brand of brands) byBrand.get(brand.id)!.items.push({ ...m, sourceId: `replay-${brand.id}`, sourceKind: 'import' });
  }

  const step = config.detection.bucketMinutes * 60_000;
  const first = sorted[0] ? Date.parse(bucketStart(sorted[0].createdAt, config.detection.bucketMinutes)) : 0;
  const last = sorted.at(-1) ? Date.parse(sorted.at(-1)!.createdAt) : 0;
  const opened: Incident[] = [];
  for (const { source, sourceConfig, items } of byBrand.values()) {
    let i = 0;
    for (let t = first; t <= last + step; t += step) {
      const until = new Date(t + step).toISOString();
      const start = i;
      while (i < items.length && items[i]!.createdAt < until) i++;
      // Empty steps only matter for quiet-period checks: an hourly look is enough for those.
      if (start === i && (t - first) % (4 * step) !== 0) continue;
      source.batch = items.slice(start, i);
      clock.set(new Date(t + step));
      const summary = await ingest(deps, source, sourceConfig);
      opened.push(...summary.opened);
      for (const m of summary.mentions) options.onMention?.({ ...m, brands: brandsOf.get(m.nativeId) ?? [m.brand] });
      options.onProgress?.(i, items.length);
    }
  }
  // The stored versions carry the mentions attached after opening.
  const incidents = await Promise.all(opened.map(async (i) => (await deps.incidents.get(i.id)) ?? i));
  return { mentions: mentions.length, matched, incidents: incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt)) };
}
