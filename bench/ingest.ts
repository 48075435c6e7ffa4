/**
 * 2. ingest() on the embedded DynamoDB: mentions/s, and DynamoDB calls per mention counted by a
 * middleware on the client (the document client shares its middleware stack).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoStores } from '../lambdas/adapters/dynamo-stores.ts';
import { ingest } from '../lambdas/core/ingest.ts';
import { seeded } from '../lib/local/demo/random.ts';
import { measurementDeps, QueueSource } from '../lib/measure/ingest-usage.ts';
import { startEmbeddedDynamo } from '../lib/local/embedded-dynamo.ts';
import { ManualClock } from '../lib/local/sim-clock.ts';
import { benchConfig, generatedMentions } from './inputs.ts';
import { median, timeRuns, type Figure, type SectionResult } from './measure.ts';

const BATCH = 100;
const TIMED_BATCHES = 5;
const BATCH_MINUTES = 15;

interface CallStats {
  count: number;
  /** Wall time with at least one call of this command in flight (overlapping calls count once). */
  ms: number;
  inFlight: number;
  busySince: number;
}

/** Counts and times every command sent through the client (or a document client built on it), by name. */
function countCalls(client: DynamoDBClient): Map<string, CallStats> {
  const calls = new Map<string, CallStats>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = context.commandName ?? 'unknown';
      const stats = calls.get(name) ?? { count: 0, ms: 0, inFlight: 0, busySince: 0 };
      calls.set(name, stats);
      stats.count++;
      if (stats.inFlight++ === 0) stats.busySince = performance.now();
      try {
        return await next(args);
      } finally {
        if (--stats.inFlight === 0) stats.ms += performance.now() - stats.busySince;
      }
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return calls;
}

interface RunStats {
  ms: number;
  calls: Map<string, CallStats>;
  opened: number;
  attached: number;
}

async function oneRun(complaintShare: number, seed: number): Promise<RunStats> {
  const dynamo = await startEmbeddedDynamo();
  try {
    const calls = countCalls(dynamo.client);
    const start = new Date('2026-11-18T00:00:00Z');
    const clock = new ManualClock(start);
    const deps = measurementDeps(benchConfig, createDynamoStores(dynamo.client, dynamo.tableNames), clock);
    const source = new QueueSource();
    const rnd = seeded(seed);
    const serial = { next: 1 };
    const sourceConfig = benchConfig.sources[0]!;
    const runBatch = async (i: number) => {
      const from = new Date(start.getTime() + i * BATCH_MINUTES * 60_000);
      source.queue.push(generatedMentions(rnd, BATCH, from, BATCH_MINUTES, serial, complaintShare));
      clock.set(new Date(from.getTime() + BATCH_MINUTES * 60_000));
      return ingest(deps, source, sourceConfig);
    };
    // Warm-up batch, not timed or counted: sockets, SDK middleware resolution, JIT.
    await runBatch(0);
    calls.clear();
    let opened = 0;
    let attached = 0;
    const t0 = performance.now();
    for (let i = 1; i <= TIMED_BATCHES; i++) {
      const summary = await runBatch(i);
      if (summary.stored !== BATCH) throw new Error(`expected ${BATCH} stored mentions, got ${summary.stored}`);
      opened += summary.opened.length;
      attached += summary.attached;
    }
    return { ms: performance.now() - t0, calls: new Map(calls), opened, attached };
  } finally {
    await dynamo.stop();
  }
}

async function variant(label: string, complaintShare: number): Promise<SectionResult> {
  const runs: RunStats[] = [];
  await timeRuns(async () => {
    const r = await oneRun(complaintShare, 11 + runs.length);
    runs.push(r);
    return r.ms;
  }, { runs: 3, minRuns: 2, budgetMs: 12_000 });
  const mentions = TIMED_BATCHES * BATCH;
  const perSecond = runs.map((r) => mentions / (r.ms / 1000));
  const callsPerMention = runs.map((r) => [...r.calls.values()].reduce((a, b) => a + b.count, 0) / mentions);
  const byCommand = new Map<string, { perMention: number[]; share: number[] }>();
  for (const r of runs) {
    for (const [name, s] of r.calls) {
      const entry = byCommand.get(name) ?? { perMention: [], share: [] };
      entry.perMention.push(s.count / mentions);
      entry.share.push(s.ms / r.ms);
      byCommand.set(name, entry);
    }
  }
  const breakdown = [...byCommand]
    .map(([name, v]) => `${name.replace(/Command$/, '')} ${median(v.perMention).toFixed(2)} (busy ${Math.round(median(v.share) * 100)}% of the time)`)
    .join(', ');
  const last = runs.at(-1)!;
  const figures: Figure[] = [
    {
      name: `ingest.${label}.throughput`,
      measured: `ingest() on embedded DynamoDB, ${TIMED_BATCHES} batches of ${BATCH}, ${Math.round(complaintShare * 100)}% complaints`,
      value: median(perSecond),
      unit: 'mentions/s',
      better: 'higher',
      samples: perSecond,
    },
    {
      name: `ingest.${label}.dynamo-calls`,
      measured: 'DynamoDB calls per stored mention (same runs)',
      value: median(callsPerMention),
      unit: 'calls/mention',
      better: 'lower',
      samples: callsPerMention,
    },
  ];
  return {
    figures,
    notes: [
      `ingest.${label}: calls per mention by command: ${breakdown}; last run opened ${last.opened} Incident(s), attached ${last.attached} mention(s)`,
    ],
  };
}

export async function benchIngest(): Promise<SectionResult> {
  // Calm traffic never reaches an Incident; the complaint-heavy mix opens one and attaches the rest.
  const calm = await variant('calm', 0);
  const crisis = await variant('crisis', 0.5);
  const calls = [...calm.figures, ...crisis.figures].filter((f) => f.name.endsWith('.dynamo-calls')).map((f) => f.value);
  // The goal holds for both: the headline is the worse of the two.
  return { headline: { dynamoCallsPerMention: Math.max(...calls) }, figures: [...calm.figures, ...crisis.figures], notes: [...calm.notes, ...crisis.notes] };
}
