/**
 * What ingest asks of DynamoDB, measured on the embedded server: requests and capacity units
 * per source run and per stored Mention. The `cost` command prices these; the bench reports
 * them. Counters hold a week of history first, so detection reads what it reads in production.
 *
 * Capacity follows DynamoDB's rules as dynalite applies them (item size rounded up to 1 KB per
 * write, 4 KB per read, half for eventually consistent reads, the larger of the old and new item
 * for an update); dynalite does not report Query capacity, so a Query is charged here by the
 * size of the items it returned. Index writes are not counted (see `notes`).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoStores, type DynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import { bucketStart } from '../../lambdas/core/buckets.ts';
import { ingest, type IngestDeps } from '../../lambdas/core/ingest.ts';
import type { Config } from '../../lambdas/core/config.ts';
import type { FetchedMention } from '../../lambdas/core/mention.ts';
import type { Clock, FetchResult, Logger, Source } from '../../lambdas/core/ports.ts';
import { seeded } from '../local/demo/random.ts';
import { startEmbeddedDynamo } from '../local/embedded-dynamo.ts';
import { ManualClock } from '../local/sim-clock.ts';
import { benchConfig, generatedMentions } from './sample.ts';

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand']);

export interface Usage {
  calls: number;
  readUnits: number;
  writeUnits: number;
}

export interface IngestUsage {
  /** Mentions per measured run. */
  runSize: number;
  /** What a run costs with nothing new (cursor, counters read, detection). */
  perRun: Usage;
  /** What each stored Mention adds to a run. */
  perMention: Usage;
  /** Requests per stored Mention by command, runs of `runSize` (per-run costs spread over them). */
  callsPerMentionByCommand: Record<string, number>;
  /** Bytes of a stored Mention item (JSON of its attributes; DynamoDB's own count is close). */
  mentionItemBytes: number;
  notes: string[];
}

/** Returns the next queued batch on each fetch: a source with no I/O. */
export class QueueSource implements Source {
  readonly id = 'bench-src';
  queue: FetchedMention[][] = [];
  async fetch(): Promise<FetchResult> {
    const mentions = this.queue.shift() ?? [];
    return { mentions, cursor: { since: mentions.at(-1)?.nativeId ?? '' } };
  }
}

/** Capacity and requests of every command sent through `client` (and document clients built on it afterwards). */
function meter(client: DynamoDBClient) {
  const usage: Usage = { calls: 0, readUnits: 0, writeUnits: 0 };
  const byCommand = new Map<string, number>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      const input = args.input as { ReturnConsumedCapacity?: string; ConsistentRead?: boolean };
      input.ReturnConsumedCapacity = 'TOTAL';
      usage.calls++;
      byCommand.set(name, (byCommand.get(name) ?? 0) + 1);
      const result = await next(args);
      const out = result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[]; Items?: unknown[] };
      const consumed = [out.ConsumedCapacity ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const units =
        name === 'QueryCommand' || name === 'ScanCommand'
          ? Math.max(1, Math.ceil(JSON.stringify(out.Items ?? []).length / 4096)) * (input.ConsistentRead ? 1 : 0.5)
          : consumed;
      if (READS.has(name)) usage.readUnits += units;
      else usage.writeUnits += units;
      return result;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
  return {
    usage,
    byCommand,
    reset: () => {
      Object.assign(usage, { calls: 0, readUnits: 0, writeUnits: 0 });
      byCommand.clear();
    },
  };
}

/** Ingest's ports on the embedded stores: the lexicon, no flows, no logs or metrics. */
export function measurementDeps(config: Config, stores: DynamoStores, clock: Clock): IngestDeps {
  return {
    config,
    clock,
    ...stores,
    analyzer: new LexiconAnalyzer(),
    flows: { start: async () => 'started' },
    callbacks: { succeed: async () => {}, fail: async () => {} },
    logger: silent,
    metrics: { count() {} },
  };
}

const minus = (a: Usage, b: Usage, per: number): Usage => ({
  calls: (a.calls - b.calls) / per,
  readUnits: (a.readUnits - b.readUnits) / per,
  writeUnits: (a.writeUnits - b.writeUnits) / per,
});

/** Runs ingest `runs` times empty and `runs` times with `runSize` new Mentions, after a warm-up. */
export async function measureIngestUsage(options: { runs?: number; runSize?: number; complaintShare?: number } = {}): Promise<IngestUsage> {
  const { runs = 3, runSize = 100, complaintShare = 0.1 } = options;
  const dynamo = await startEmbeddedDynamo();
  try {
    const metered = meter(dynamo.client);
    const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    const config = benchConfig;
    const bucketMinutes = config.detection.bucketMinutes;
    const start = new Date('2026-11-18T00:00:00Z');
    // A week of ordinary traffic in the counters, as detection reads it.
    const history = Array.from({ length: (7 * 24 * 60) / bucketMinutes }, (_, i) => new Date(start.getTime() - (i + 1) * bucketMinutes * 60_000));
    for (let i = 0; i < history.length; i += 32)
      await Promise.all(
        history.slice(i, i + 32).map((at) =>
          stores.counters.add('acme', bucketStart(at, bucketMinutes), { total: 20, negative: 2, complaint: 1, reach: 4000, negativeReach: 400, bySource: { 'bench-src': 20 }, byTheme: { delivery: 2 } }),
        ),
      );
    const clock = new ManualClock(start);
    const deps = measurementDeps(config, stores, clock);
    const source = new QueueSource();
    const rnd = seeded(21);
    const serial = { next: 1 };
    let step = 0;
    const run = async (count: number) => {
      const from = new Date(start.getTime() + step++ * bucketMinutes * 60_000);
      source.queue.push(generatedMentions(rnd, count, from, bucketMinutes, serial, complaintShare));
      clock.set(new Date(from.getTime() + bucketMinutes * 60_000));
      return ingest(deps, source, config.sources[0]!);
    };
    await run(runSize); // warm-up
    metered.reset();
    for (let i = 0; i < runs; i++) await run(0);
    const empty = { ...metered.usage };
    metered.reset();
    let stored = 0;
    for (let i = 0; i < runs; i++) stored += (await run(runSize)).stored;
    const full = { ...metered.usage };
    const byCommand = Object.fromEntries([...metered.byCommand].map(([name, n]) => [name.replace(/Command$/, ''), n / stored]));
    const item = await stores.mentions.get(`bench-src#${serial.next - 1}`);
    return {
      runSize,
      perRun: minus(empty, { calls: 0, readUnits: 0, writeUnits: 0 }, runs),
      perMention: minus(full, empty, stored),
      callsPerMentionByCommand: byCommand,
      mentionItemBytes: item ? JSON.stringify(item).length : 0,
      notes: [
        `ingest usage: ${runs} empty runs and ${runs} runs of ${runSize} generated Mentions (${Math.round(complaintShare * 100)}% complaints) on the embedded DynamoDB, a week of counters first`,
        'index writes (Mentions by Incident, Incidents by brand and fingerprint) are not counted: they add a write unit where an item carries the index key',
      ],
    };
  } finally {
    await dynamo.stop();
  }
}
