/**
 * What the weekly report reads from DynamoDB, at two volumes: a brand's week (and the week
 * before, which the report compares with) recorded into the counters the way ingest records
 * them, and the same Incidents, then buildWeeklyReport on the real stores of the embedded
 * DynamoDB, counting every item each request returned. The report reads counters and
 * Incidents, never Mentions, so the count must not move with the volume.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDynamoStores } from '../lambdas/adapters/dynamo-stores.ts';
import { bucketStart } from '../lambdas/core/buckets.ts';
import type { Config } from '../lambdas/core/config.ts';
import type { Incident } from '../lambdas/core/incident.ts';
import type { CounterDelta, CounterStore } from '../lambdas/core/ports.ts';
import { buildWeeklyReport } from '../lambdas/core/report/build-weekly-report.ts';
import type { ChartRenderer } from '../lambdas/core/report/charts.ts';
import { startEmbeddedDynamo } from '../lib/local/embedded-dynamo.ts';
import type { Figure, SectionResult } from './measure.ts';

const DAY = 86_400_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const noCharts: ChartRenderer = {
  render: async (c) => ({ id: c.id, filename: `${c.id}.png`, contentType: 'image/png', content: new Uint8Array(8), width: 600, height: 300 }),
};

export interface ItemsRead {
  /** Items returned to the report, by DynamoDB command. */
  byCommand: Record<string, number>;
  total: number;
  requests: number;
  /** Mentions the report counted (proof it saw the volume). */
  mentionsReported: number;
}

/** Counts the items every response of the client returns (Query/Scan Items, GetItem Item, BatchGetItem Responses). */
export function countItemsRead(client: DynamoDBClient): { read: Map<string, number>; requests: () => number } {
  const read = new Map<string, number>();
  let requests = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      requests++;
      const result = await next(args);
      const out = result.output as { Items?: unknown[]; Item?: unknown; Responses?: Record<string, unknown[]> };
      const items = (out.Items?.length ?? 0) + (out.Item ? 1 : 0) + Object.values(out.Responses ?? {}).reduce((n, r) => n + r.length, 0);
      const name = (context.commandName ?? 'unknown').replace(/Command$/, '');
      read.set(name, (read.get(name) ?? 0) + items);
      return result;
    },
    { step: 'initialize', name: 'benchItemsRead' },
  );
  return { read, requests: () => requests };
}

/** `count` mentions spread over [from, from + days), recorded as ingest does: one counter ADD per bucket. */
async function recordWeek(counters: CounterStore, brand: string, from: number, count: number, bucketMinutes: number): Promise<void> {
  const deltas = new Map<string, CounterDelta>();
  for (let i = 0; i < count; i++) {
    const key = bucketStart(new Date(from + Math.floor((i * 7 * DAY) / count)), bucketMinutes);
    const d = deltas.get(key) ?? { total: 0, negative: 0, complaint: 0, reach: 0, negativeReach: 0, bySource: {}, byTheme: {} };
    const negative = i % 5 === 0;
    d.total++;
    d.reach += 120;
    d.bySource[i % 3 ? 'x' : 'reddit'] = (d.bySource[i % 3 ? 'x' : 'reddit'] ?? 0) + 1;
    if (negative) {
      d.negative++;
      d.complaint++;
      d.negativeReach += 120;
      d.byTheme['billing'] = (d.byTheme['billing'] ?? 0) + 1;
    }
    deltas.set(key, d);
  }
  const entries = [...deltas];
  // A few at a time: dynalite is one process on a shared machine.
  for (let i = 0; i < entries.length; i += 32) await Promise.all(entries.slice(i, i + 32).map(([key, d]) => counters.add(brand, key, d)));
}

/**
 * Items the weekly report of `week` (a Monday, YYYY-MM-DD, UTC config) reads for a brand with
 * `mentionsPerWeek` in that week and the one before, and the given Incidents.
 */
export async function measureReportReads(config: Config, week: string, mentionsPerWeek: number, incidents: Incident[]): Promise<ItemsRead> {
  const dynamo = await startEmbeddedDynamo();
  try {
    const counting = countItemsRead(dynamo.client);
    const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    const brand = config.brands[0]!.id;
    const monday = Date.parse(`${week}T00:00:00Z`);
    for (const from of [monday - 7 * DAY, monday]) await recordWeek(stores.counters, brand, from, mentionsPerWeek, config.detection.bucketMinutes);
    for (const incident of incidents) await stores.incidents.create({ ...incident, brand });
    counting.read.clear();
    const before = counting.requests();
    const result = await buildWeeklyReport(
      {
        clock: { now: () => new Date(monday + 7 * DAY + 9 * 3_600_000) },
        counters: stores.counters,
        incidents: stores.incidents,
        reports: { put: async (key) => key },
        mailer: { send: async () => {} },
        charts: noCharts,
        logger: silent,
      },
      config,
      { week },
    );
    const byCommand = Object.fromEntries(counting.read);
    return {
      byCommand,
      total: Object.values(byCommand).reduce((a, b) => a + b, 0),
      requests: counting.requests() - before,
      mentionsReported: result.report.thisWeek.mentions,
    };
  } finally {
    await dynamo.stop();
  }
}

/** The bench section: the demo week's Incidents over 10,000 and 1,000,000 mentions a week. */
export async function benchReportReads(config: Config, incidents: Incident[]): Promise<SectionResult> {
  const week = '2026-11-16';
  const small = await measureReportReads(config, week, 10_000, incidents);
  const large = await measureReportReads(config, week, 1_000_000, incidents);
  const fig = (n: string, r: ItemsRead): Figure => ({ name: `reads.${n}`, measured: `items the weekly report reads, ${Number(n).toLocaleString('en')} mentions a week`, value: r.total, unit: 'items', better: 'lower' });
  return {
    headline: { reportItemsRead: { '10000': small.total, '1000000': large.total } },
    figures: [fig('10000', small), fig('1000000', large)],
    notes: [
      `reads: ${JSON.stringify(large.byCommand)} in ${large.requests} request(s) at 1,000,000 a week (${small.requests} at 10,000); ` +
        `the report counted ${small.mentionsReported.toLocaleString('en')} and ${large.mentionsReported.toLocaleString('en')} mentions`,
    ],
  };
}
