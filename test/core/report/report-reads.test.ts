/**
 * The report reads counters and Incidents, never mentions: its store reads must not grow with
 * volume. Two brands share the real DynamoDB stores on the embedded server, one with 10
 * mentions' worth of counters and one with 10,000; both get the same Incidents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStores, type DynamoStores } from '../../../lambdas/adapters/dynamo-stores.ts';
import { bucketStart } from '../../../lambdas/core/buckets.ts';
import type { CounterDelta, CounterStore, IncidentStore, Logger } from '../../../lambdas/core/ports.ts';
import { buildWeeklyReport } from '../../../lambdas/core/report/build-weekly-report.ts';
import type { ChartRenderer } from '../../../lambdas/core/report/charts.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../lib/local/embedded-dynamo.ts';
import { anIncident, reportConfig } from './report-fixtures.ts';

const WEEK_FROM = Date.parse('2026-11-16T00:00:00.000Z');
const WEEK_MS = 7 * 86_400_000;
const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const noCharts: ChartRenderer = {
  render: async (c) => ({ id: c.id, filename: `${c.id}.png`, contentType: 'image/png', content: new Uint8Array(8), width: 600, height: 300 }),
};

/** Records mentions the way ingest does: one counter ADD per 15-minute bucket of a batch. */
async function recordMentions(counters: CounterStore, brand: string, count: number): Promise<void> {
  const deltas = new Map<string, CounterDelta>();
  for (let i = 0; i < count; i++) {
    const at = new Date(WEEK_FROM + Math.floor((i * WEEK_MS) / count));
    const key = bucketStart(at, 15);
    const d = deltas.get(key) ?? { total: 0, negative: 0, complaint: 0, reach: 0, negativeReach: 0, bySource: {}, byTheme: {} };
    const negative = i % 4 === 0;
    d.total += 1;
    d.negative += negative ? 1 : 0;
    d.complaint += negative ? 1 : 0;
    d.reach += 100;
    d.negativeReach += negative ? 100 : 0;
    d.bySource['social'] = (d.bySource['social'] ?? 0) + 1;
    if (negative) d.byTheme['overheating'] = (d.byTheme['overheating'] ?? 0) + 1;
    deltas.set(key, d);
  }
  await Promise.all([...deltas].map(([key, d]) => counters.add(brand, key, d)));
}

/** Counts port calls and the DynamoDB requests behind them. */
function counting(stores: DynamoStores, requests: Map<string, number>) {
  const calls = { range: 0, listOpenedBetween: 0 };
  const counters: Pick<CounterStore, 'range'> = { range: (...a) => (calls.range++, stores.counters.range(...a)) };
  const incidents: Pick<IncidentStore, 'listOpenedBetween'> = {
    listOpenedBetween: (...a) => (calls.listOpenedBetween++, stores.incidents.listOpenedBetween(...a)),
  };
  const snapshot = () => Object.fromEntries(requests);
  return { calls, counters, incidents, snapshot };
}

describe('Function: buildWeeklyReport (store reads)', () => {
  let dynamo: EmbeddedDynamo;
  let stores: DynamoStores;
  const requests = new Map<string, number>();

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    await recordMentions(stores.counters, 'quiet', 10);
    await recordMentions(stores.counters, 'loud', 10_000);
    for (const brand of ['quiet', 'loud']) {
      for (const [n, severity] of (['SEV1', 'SEV2', 'SEV3'] as const).entries()) {
        await stores.incidents.create(
          anIncident(`${brand}-${n}`, { brand, severity, fingerprint: `${brand}#t${n}`, openedAt: `2026-11-1${7 + n}T10:00:00.000Z` }),
        );
      }
    }
    // Count every DynamoDB request from here on, by command.
    dynamo.client.middlewareStack.add(
      (next, context) => async (args) => {
        requests.set(context.commandName ?? '?', (requests.get(context.commandName ?? '?') ?? 0) + 1);
        return next(args);
      },
      { step: 'initialize', name: 'countRequests' },
    );
  });

  afterAll(async () => {
    await dynamo?.stop();
  });

  async function reportFor(brand: string) {
    requests.clear();
    const c = counting(stores, requests);
    const result = await buildWeeklyReport(
      {
        clock: { now: () => new Date('2026-11-23T09:00:00Z') },
        counters: c.counters,
        incidents: c.incidents,
        reports: { put: async (key) => key },
        mailer: { send: async () => {} },
        charts: noCharts,
        logger: silent,
      },
      { ...reportConfig, brands: [{ ...reportConfig.brands[0]!, id: brand, name: brand }] },
      { week: '2026-11-16' },
    );
    return { result, calls: { ...c.calls }, requests: c.snapshot() };
  }

  it('makes the same reads for 10 mentions as for 10,000', async () => {
    const quiet = await reportFor('quiet');
    const loud = await reportFor('loud');
    // The data really differs: the report saw every mention through the counters.
    expect(quiet.result.report.thisWeek.mentions).toBe(10);
    expect(loud.result.report.thisWeek.mentions).toBe(10_000);
    expect(loud.result.report.thisWeek.incidentsTotal).toBe(3);
    // ...with one read per store per brand, and the same DynamoDB requests.
    expect(quiet.calls).toEqual({ range: 1, listOpenedBetween: 1 });
    expect(loud.calls).toEqual(quiet.calls);
    expect(loud.requests).toEqual(quiet.requests);
    expect(Object.keys(loud.requests).sort()).toEqual(['QueryCommand']);
    expect(loud.requests['QueryCommand']).toBe(2);
  });
});
