/**
 * A SentimentAnalyzer that remembers what it paid for: before the inner analyser (Comprehend)
 * sees a batch, the texts already analysed in earlier runs are answered from a cache, so a
 * retweet of yesterday's viral complaint or a copy-pasted campaign is billed once, not once a
 * run. The cache is keyed by a hash of the normalised text and the source's language hint, and
 * never holds the text itself.
 *
 * Primary course:
 *  1. Key each request (analysisKey) and look the distinct keys up in the cache.
 *  2. Send only the misses to the inner analyser, one request per key.
 *  3. Store the new analyses (failed ones are not stored: they are retried with their Mention).
 *  4. Answer every request, hits and misses, in order.
 *  A cache that cannot be read or written costs money, never a Mention: the batch is analysed
 *  as if the cache were empty, and a warning is logged.
 */
import { createHash } from 'node:crypto';
import type { Analysis } from '../core/mention.ts';
import type { AnalysisRequest, Logger, Metrics, SentimentAnalyzer } from '../core/ports.ts';

/** Where analyses are remembered (DynamoAnalysisCache in AWS). */
export interface AnalysisCache {
  /** The live analyses stored under these keys; a key it does not have (or could not read) is absent. */
  getMany(keys: readonly string[]): Promise<Map<string, Analysis>>;
  putMany(entries: ReadonlyMap<string, Analysis>): Promise<void>;
}

/** A retweet's "RT @handle: " prefix: the rest is the text that was analysed before. */
const RETWEET_PREFIX = /^RT @[\w.]+:\s+/;

/**
 * The text as the cache sees it: Unicode-normalised (NFC), without a retweet prefix, with
 * whitespace collapsed. Letters, case, punctuation and emoji stay, so two texts share an
 * analysis only when they say the same thing.
 */
export function normaliseForCache(text: string): string {
  return text.normalize('NFC').replace(RETWEET_PREFIX, '').replace(/\s+/g, ' ').trim();
}

/** The cache key of a request: a SHA-256 of its language hint and normalised text. */
export function analysisKey(request: AnalysisRequest): string {
  return createHash('sha256').update(`${request.language ?? ''}\n${normaliseForCache(request.text)}`).digest('base64url');
}

export interface CachedAnalyzerOptions {
  inner: SentimentAnalyzer;
  cache: AnalysisCache;
  /** AnalysisCacheHits / AnalysisCacheMisses, per distinct text. */
  metrics?: Metrics;
  logger?: Logger;
}

export class CachedAnalyzer implements SentimentAnalyzer {
  constructor(private readonly options: CachedAnalyzerOptions) {}

  async analyze(requests: readonly AnalysisRequest[]): Promise<(Analysis | undefined)[]> {
    if (!requests.length) return [];
    const { inner, cache, metrics, logger } = this.options;
    const keys = requests.map(analysisKey);
    const firstOf = new Map<string, AnalysisRequest>();
    keys.forEach((key, i) => firstOf.has(key) || firstOf.set(key, requests[i]!));

    let hits = new Map<string, Analysis>();
    try {
      hits = await cache.getMany([...firstOf.keys()]);
    } catch (err) {
      logger?.warn('analysis cache unreadable: analysing every text of the batch', { error: (err as Error).message });
    }
    const misses = [...firstOf.keys()].filter((key) => !hits.has(key));
    const results = misses.length ? await inner.analyze(misses.map((key) => firstOf.get(key)!)) : [];
    const fresh = new Map<string, Analysis>();
    misses.forEach((key, i) => {
      const analysis = results[i];
      if (analysis) fresh.set(key, analysis);
    });
    if (fresh.size) {
      try {
        await cache.putMany(fresh);
      } catch (err) {
        logger?.warn('analysis cache not written: these texts will be analysed again next time', { error: (err as Error).message, texts: fresh.size });
      }
    }
    if (hits.size) metrics?.count('AnalysisCacheHits', hits.size);
    if (misses.length) metrics?.count('AnalysisCacheMisses', misses.length);
    return keys.map((key) => hits.get(key) ?? fresh.get(key));
  }
}
