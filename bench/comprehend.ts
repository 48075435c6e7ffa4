/**
 * Comprehend's bill for a day of mentions, and for the next day: the real CachedAnalyzer and
 * ComprehendAnalyzer through the real SDK client against the local Comprehend stand-in, with
 * the analysis cache on the embedded DynamoDB. Everything here is a count (calls, documents,
 * billed units), the same on every machine: the test suite asserts them on a small input.
 *
 *  - day 1: `mentions` mentions in source runs of `runSize`, `duplicateShare` of them repeats
 *    of others (half retweets "RT @user: ...", half copy-pastes), the source's language known;
 *  - day 2: as many again, `repeatShare` of them retweets of day 1's texts, the rest new.
 */
import { analysisKey, CachedAnalyzer, normaliseForCache } from '../lambdas/adapters/cached-analyzer.ts';
import { ComprehendAnalyzer, type ComprehendApi } from '../lambdas/adapters/comprehend-analyzer.ts';
import { DynamoAnalysisCache } from '../lambdas/adapters/dynamo-analysis-cache.ts';
import { LexiconAnalyzer } from '../lambdas/adapters/lexicon-analyzer.ts';
import type { AnalysisRequest, SentimentAnalyzer } from '../lambdas/core/ports.ts';
import { startComprehendStandIn, type StandInCall } from '../lib/local/comprehend-stand-in.ts';
import { seeded, type Random } from '../lib/local/demo/random.ts';
import { startEmbeddedDynamo } from '../lib/local/embedded-dynamo.ts';
import { ManualClock } from '../lib/local/sim-clock.ts';
import type { Figure, SectionResult } from './measure.ts';

export interface ComprehendBenchOptions {
  /** Distinct texts to draw from (tweet-length: the fixture tweets, or generated ones). */
  corpus: readonly string[];
  /** @default 1000 */
  mentions?: number;
  /** @default 0.2 */
  duplicateShare?: number;
  /** Share of day 2 that repeats day 1. @default 0.3 */
  repeatShare?: number;
  /** Mentions per source run (one analyse call each). @default 100 */
  runSize?: number;
  /** The source gave the language (X, Bluesky, Mastodon give "en"), or Comprehend must detect it. @default true */
  languageKnown?: boolean;
  seed?: number;
}

export interface ComprehendFigures {
  /** Distinct texts of day 1 (by the cache's key). */
  uniqueMentions: number;
  /** Billed units (both APIs) of day 1 over its distinct texts. */
  unitsPerUniqueMention: number;
  /** Comprehend calls of day 1, per 1,000 mentions. */
  callsPer1000: number;
  /** Documents an API was sent that it had been sent before, over both days. */
  docsSentTwice: number;
  /** DynamoDB requests the cache made per mention (both days). */
  cacheDynamoCallsPerMention: number;
  /** Billed units of both days. */
  units: Record<ComprehendApi, number>;
}

function shuffle<T>(rnd: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd.next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const retweet = (rnd: Random, text: string) => `RT @user${rnd.int(1, 9999)}: ${text}`;

/** Two days of texts: day 1 with duplicates, day 2 partly retweets of day 1. */
export function twoDays(options: ComprehendBenchOptions): { day1: string[]; day2: string[] } {
  const { mentions = 1000, duplicateShare = 0.2, repeatShare = 0.3, seed = 1 } = options;
  const rnd = seeded(seed);
  const seen = new Set<string>();
  const distinct = options.corpus.filter((t) => {
    const key = normaliseForCache(t);
    if (!key || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const uniqueDay1 = Math.round(mentions * (1 - duplicateShare));
  const freshDay2 = mentions - Math.round(mentions * repeatShare);
  if (distinct.length < uniqueDay1 + freshDay2) throw new Error(`the corpus has ${distinct.length} distinct texts; two days need ${uniqueDay1 + freshDay2}`);
  const pool = shuffle(rnd, [...distinct]);
  const originals = pool.slice(0, uniqueDay1);
  const copies = Array.from({ length: mentions - uniqueDay1 }, () => {
    const text = rnd.pick(originals);
    return rnd.chance(0.5) ? retweet(rnd, text) : text;
  });
  const day1 = shuffle(rnd, [...originals, ...copies]);
  const day2 = shuffle(rnd, [
    ...pool.slice(uniqueDay1, uniqueDay1 + freshDay2),
    ...Array.from({ length: mentions - freshDay2 }, () => retweet(rnd, rnd.pick(originals))),
  ]);
  return { day1, day2 };
}

/** Documents sent to an API whose (normalised) text that API had been sent before. */
export function docsSentTwice(calls: readonly StandInCall[]): number {
  const seen = new Set<string>();
  let twice = 0;
  for (const call of calls) {
    for (const text of call.texts) {
      const key = `${call.api}\n${call.languageCode ?? ''}\n${normaliseForCache(text)}`;
      if (seen.has(key)) twice++;
      seen.add(key);
    }
  }
  return twice;
}

/** Runs both days through the cached (or the bare) Comprehend analyser, in source runs of `runSize`. */
export async function measureComprehend(options: ComprehendBenchOptions, cached = true): Promise<ComprehendFigures> {
  const { runSize = 100, languageKnown = true } = options;
  const { day1, day2 } = twoDays(options);
  const [comprehend, dynamo] = await Promise.all([startComprehendStandIn(), startEmbeddedDynamo()]);
  try {
    let dynamoCalls = 0;
    // Before the cache's document client is built: it copies the client's middleware then.
    dynamo.client.middlewareStack.add((next) => async (args) => (dynamoCalls++, next(args)), { step: 'initialize', name: 'benchCacheCalls' });
    const clock = new ManualClock(new Date('2026-11-18T00:00:00Z'));
    const inner = new ComprehendAnalyzer({ client: comprehend.client(), fallback: new LexiconAnalyzer() });
    const analyzer: SentimentAnalyzer = cached
      ? new CachedAnalyzer({ inner, cache: new DynamoAnalysisCache({ client: dynamo.client, tableName: dynamo.tableNames.analysisCache, clock }) })
      : inner;
    const request = (text: string): AnalysisRequest => (languageKnown ? { text, language: 'en' } : { text });
    const runDay = async (texts: string[]) => {
      for (let i = 0; i < texts.length; i += runSize) {
        const results = await analyzer.analyze(texts.slice(i, i + runSize).map(request));
        if (results.some((r) => !r)) throw new Error('the stand-in left a text unscored');
      }
    };
    await runDay(day1);
    const day1Calls = comprehend.calls.length;
    const day1Units = inner.usage.DetectDominantLanguage.units + inner.usage.DetectSentiment.units;
    clock.set(new Date('2026-11-19T00:00:00Z'));
    await runDay(day2);
    const unique = new Set(day1.map((t) => analysisKey(request(t)))).size;
    return {
      uniqueMentions: unique,
      unitsPerUniqueMention: day1Units / unique,
      callsPer1000: (day1Calls * 1000) / day1.length,
      docsSentTwice: docsSentTwice(comprehend.calls),
      cacheDynamoCallsPerMention: dynamoCalls / (day1.length + day2.length),
      units: comprehend.units(),
    };
  } finally {
    await Promise.all([comprehend.close(), dynamo.stop()]);
  }
}

/** The bench section: the fixture tweets (or generated ones), cached and bare, language known and not. */
export async function benchComprehend(corpus: readonly string[], corpusName: string): Promise<SectionResult> {
  const known = await measureComprehend({ corpus });
  const unknown = await measureComprehend({ corpus, languageKnown: false });
  const bare = await measureComprehend({ corpus }, false);
  const fig = (name: string, measured: string, value: number, unit: string): Figure => ({ name: `comprehend.${name}`, measured, value, unit, better: 'lower' });
  return {
    headline: {
      comprehendUnitsPerUniqueMention: known.unitsPerUniqueMention,
      comprehendCallsPer1000: known.callsPer1000,
      comprehendDocsSentTwice: known.docsSentTwice,
    },
    figures: [
      fig('units-per-unique', `billed units per unique mention, language known (${corpusName})`, known.unitsPerUniqueMention, 'units'),
      fig('units-per-unique.language-unknown', 'same, the language left to Comprehend to detect', unknown.unitsPerUniqueMention, 'units'),
      fig('calls-per-1000', 'Comprehend calls per 1,000 mentions, 20% duplicates, runs of 100', known.callsPer1000, 'calls'),
      fig('docs-sent-twice', 'documents sent twice over two days (day 2: 30% retweets of day 1)', known.docsSentTwice, 'documents'),
      fig('docs-sent-twice.no-cache', 'same without the analysis cache', bare.docsSentTwice, 'documents'),
      fig('units-per-unique.no-cache', 'billed units per unique mention without the cache', bare.unitsPerUniqueMention, 'units'),
      fig('cache-dynamo-calls', 'DynamoDB requests of the analysis cache per mention', known.cacheDynamoCallsPerMention, 'calls/mention'),
    ],
    notes: [
      `comprehend: ${known.uniqueMentions} unique texts on day 1 of 1,000; both days billed ${known.units.DetectSentiment} sentiment + ${known.units.DetectDominantLanguage} language units with the cache, ` +
        `${bare.units.DetectSentiment} + ${bare.units.DetectDominantLanguage} without; Comprehend answered by the local stand-in (lib/local/comprehend-stand-in.ts)`,
    ],
  };
}
