/**
 * The analysis cache in front of Comprehend: the real ComprehendAnalyzer through the real SDK
 * client against a local Comprehend stand-in, the real DynamoAnalysisCache on the embedded
 * DynamoDB. What is counted is what Comprehend would bill.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analysisKey, CachedAnalyzer, normaliseForCache, type AnalysisCache } from '../../lambdas/adapters/cached-analyzer.ts';
import { billedUnits, ComprehendAnalyzer } from '../../lambdas/adapters/comprehend-analyzer.ts';
import { DynamoAnalysisCache } from '../../lambdas/adapters/dynamo-analysis-cache.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';
import type { Logger } from '../../lambdas/core/ports.ts';
import { startComprehendStandIn, type ComprehendStandIn } from '../../lib/local/comprehend-stand-in.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { ManualClock } from '../../lib/local/sim-clock.ts';

let dynamo: EmbeddedDynamo;
let comprehend: ComprehendStandIn;
const clock = new ManualClock(new Date('2026-11-18T10:00:00Z'));
const counted: { name: string; value: number; dimensions?: Record<string, string> }[] = [];
const warnings: string[] = [];
const logger: Logger = { debug() {}, info() {}, warn: (m) => void warnings.push(m), error() {} };

beforeAll(async () => {
  [dynamo, comprehend] = await Promise.all([startEmbeddedDynamo(), startComprehendStandIn()]);
});
afterAll(async () => {
  await Promise.all([dynamo?.stop(), comprehend?.close()]);
});
beforeEach(() => {
  comprehend.calls.length = 0;
  counted.length = 0;
  warnings.length = 0;
});

let tables = 0;
/** A fresh cache table per test (same spec as the stack's), so tests do not share analyses. */
async function setUp(options: { cache?: AnalysisCache } = {}) {
  const { createTables } = await import('../../lib/local/create-tables.ts');
  const { TABLES } = await import('../../lambdas/contracts/tables.ts');
  const names = await createTables(dynamo.client, { analysisCache: TABLES.analysisCache }, `t${tables++}-`);
  const metrics = { count: (name: string, value = 1, dimensions?: Record<string, string>) => void counted.push({ name, value, ...(dimensions ? { dimensions } : {}) }) };
  const inner = new ComprehendAnalyzer({ client: comprehend.client(), fallback: new LexiconAnalyzer(), metrics, sleep: async () => {} });
  const cache = options.cache ?? new DynamoAnalysisCache({ client: dynamo.client, tableName: names.analysisCache, clock, ttlDays: 7 });
  return { inner, analyzer: new CachedAnalyzer({ inner, cache, metrics, logger }) };
}

const sent = () => comprehend.calls.flatMap((c) => c.texts);
const en = (text: string) => ({ text, language: 'en' });

describe('Function: billedUnits', () => {
  // Characters, not UTF-16 code units or bytes: 150 emoji are 150 characters.
  it.each([
    ['an empty text', '', 3],
    ['a tweet', 'a tweet of forty-odd characters, nothing more', 3],
    ['300 characters', 'x'.repeat(300), 3],
    ['301 characters', 'x'.repeat(301), 4],
    ['1,000 characters', 'x'.repeat(1_000), 10],
    ['150 emoji', '😡'.repeat(150), 3],
    ['350 emoji', '😡'.repeat(350), 4],
  ])('bills %s as %i units', (_what: string, text, units) => {
    expect(billedUnits(text)).toBe(units);
  });
});

describe('Class: ComprehendAnalyzer (billed units)', () => {
  it('counts each scored document per API and emits the units as a metric', async () => {
    const { inner } = await setUp();
    await inner.analyze([{ text: 'the delivery was late again and nobody answers' }, en('x'.repeat(450))]);
    // The first text's language was detected (3 units), then both were scored: 3 + 5.
    expect(inner.usage).toEqual({
      DetectDominantLanguage: { calls: 1, documents: 1, units: 3 },
      DetectSentiment: { calls: 1, documents: 2, units: 8 },
    });
    expect(comprehend.units()).toEqual({ DetectDominantLanguage: 3, DetectSentiment: 8 });
    expect(counted).toEqual([
      { name: 'ComprehendBilledUnits', value: 3, dimensions: { api: 'DetectDominantLanguage' } },
      { name: 'ComprehendBilledUnits', value: 8, dimensions: { api: 'DetectSentiment' } },
    ]);
  });
});

describe('Class: CachedAnalyzer', () => {
  describe('Method: analyze', () => {
    it('sends a text analysed in an earlier run never again, and answers it the same', async () => {
      const { analyzer } = await setUp();
      const first = await analyzer.analyze([en('my flight got cancelled and I am stuck at the gate'), en('lovely crew on the morning flight')]);
      const second = await analyzer.analyze([en('my flight got cancelled and I am stuck at the gate'), en('a brand new post about the lounge')]);

      expect(sent()).toEqual(['my flight got cancelled and I am stuck at the gate', 'lovely crew on the morning flight', 'a brand new post about the lounge']);
      expect(second[0]).toEqual(first[0]);
      expect(second[0]).toMatchObject({ sentiment: 'NEGATIVE', complaint: true, analyzer: 'comprehend' });
      expect(counted.filter((c) => c.name.startsWith('AnalysisCache'))).toEqual([
        { name: 'AnalysisCacheMisses', value: 2 },
        { name: 'AnalysisCacheHits', value: 1 },
        { name: 'AnalysisCacheMisses', value: 1 },
      ]);
    });

    it('takes a retweet, or the same words spaced differently, for the text it repeats', async () => {
      const { analyzer } = await setUp();
      await analyzer.analyze([en('charged twice for one booking, no refund yet')]);
      const results = await analyzer.analyze([en('RT @angryflyer: charged twice for one booking, no refund yet'), en('charged  twice for one booking,\nno refund yet ')]);

      expect(sent()).toEqual(['charged twice for one booking, no refund yet']);
      expect(results.every((r) => r?.sentiment === 'NEGATIVE')).toBe(true);
      expect(normaliseForCache('RT @a.b: hello   there')).toBe('hello there');
    });

    it('keeps texts apart that differ in words, case or the language their source gave', async () => {
      const { analyzer } = await setUp();
      await analyzer.analyze([en('Great service'), en('great service'), { text: 'Great service', language: 'fr' }, { text: 'Great service' }]);
      expect(sent().length).toBe(4);
      expect(new Set([en('Great service'), en('great service'), { text: 'Great service', language: 'fr' }].map(analysisKey)).size).toBe(3);
    });

    it('analyses a text again once its analysis has expired, even if TTL has not deleted it yet', async () => {
      const { analyzer } = await setUp();
      await analyzer.analyze([en('the app keeps crashing at checkout')]);
      clock.set(new Date(clock.now().getTime() + 8 * 86_400_000));
      await analyzer.analyze([en('the app keeps crashing at checkout')]);
      expect(sent()).toEqual(['the app keeps crashing at checkout', 'the app keeps crashing at checkout']);
    });

    it('does not remember a failed analysis, so its Mention is retried and scored later', async () => {
      let fail = true;
      const { analyzer } = await setUp();
      const flaky = new CachedAnalyzer({
        inner: { analyze: async (reqs) => (fail ? reqs.map(() => undefined) : analyzer.analyze(reqs)) },
        cache: (analyzer as unknown as { options: { cache: AnalysisCache } }).options.cache,
      });
      expect(await flaky.analyze([en('lost my bag again')])).toEqual([undefined]);
      fail = false;
      expect((await flaky.analyze([en('lost my bag again')]))[0]?.sentiment).toBe('NEGATIVE');
    });

    it('analyses every text when the cache cannot be read or written, and says so', async () => {
      const broken = new DynamoAnalysisCache({ client: dynamo.client, tableName: 'no-such-table', clock, maxAttempts: 1 });
      const { analyzer } = await setUp({ cache: broken });
      const results = await analyzer.analyze([en('the website is down again'), en('the website is down again')]);

      expect(results.map((r) => r?.sentiment)).toEqual(['NEGATIVE', 'NEGATIVE']);
      expect(sent()).toEqual(['the website is down again']);
      expect(warnings).toEqual([
        'analysis cache unreadable: analysing every text of the batch',
        'analysis cache not written: these texts will be analysed again next time',
      ]);
    });

    it('reads and writes a big batch in DynamoDB batches (100 keys a read, 25 items a write)', async () => {
      const calls: string[] = [];
      // Before the cache is built: its document client copies the client's middleware then.
      dynamo.client.middlewareStack.add((next, context) => async (args) => (calls.push(context.commandName ?? '?'), next(args)), { step: 'initialize', name: 'countCacheCalls' });
      try {
        const { analyzer } = await setUp();
        await analyzer.analyze(Array.from({ length: 230 }, (_, i) => en(`post number ${i} about the lounge`)));
      } finally {
        dynamo.client.middlewareStack.remove('countCacheCalls');
      }
      expect(calls.filter((c) => c === 'BatchGetItemCommand')).toHaveLength(3);
      expect(calls.filter((c) => c === 'BatchWriteItemCommand')).toHaveLength(10);
    });
  });
});
