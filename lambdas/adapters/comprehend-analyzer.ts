/**
 * SentimentAnalyzer on Amazon Comprehend's batch APIs, with the core complaint rules on top.
 *
 * Primary course:
 *  1. Analyse each distinct text once (retweets and copy-pasted campaigns share a result).
 *  2. Truncate to Comprehend's 5 KB per document, by bytes, on a character boundary.
 *  3. Detect the dominant language (BatchDetectDominantLanguage, 25 per call) only of texts
 *     whose source gave none and that have 20+ characters; shorter texts are taken as the
 *     default language.
 *  4. Score sentiment per language (BatchDetectSentiment, 25 per call). Documents in the
 *     ErrorList and throttled calls are retried with exponential backoff and full jitter.
 *  5. A language Comprehend cannot score goes to the fallback analyser, with the language
 *     set and a signal saying so.
 *  6. Complaint signals, risk terms and theme come from core/analysis on top of the label.
 *  7. Every document Comprehend scored is counted in billed units (see `billedUnits`), kept in
 *     `usage` and emitted as the ComprehendBilledUnits metric per API.
 *  A document that still failed after the retries is `undefined`: the caller stores it unscored.
 */
import {
  BatchDetectDominantLanguageCommand,
  BatchDetectSentimentCommand,
  type BatchItemError,
  type ComprehendClient,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import type { Analysis, SentimentLabel } from '../core/mention.ts';
import type { AnalysisRequest, Metrics, SentimentAnalyzer } from '../core/ports.ts';
import { overlay, readSignals } from '../core/analysis/index.ts';
import { truncateUtf8 } from '../core/text.ts';

/** Languages BatchDetectSentiment accepts. */
export const SENTIMENT_LANGUAGES: ReadonlySet<string> = new Set(['en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW']);
export const BATCH_SIZE = 25;
/** Comprehend's per-document limit for the batch sentiment API, in UTF-8 bytes. */
export const MAX_BYTES = 5000;
/** DetectDominantLanguage wants at least this many characters. */
export const MIN_LANGUAGE_CHARS = 20;
/** ErrorList codes worth another attempt; others (e.g. TEXT_SIZE_LIMIT_EXCEEDED) are final. */
const RETRYABLE_ITEM_ERRORS = new Set(['INTERNAL_SERVER_ERROR', 'THROTTLING', 'ThrottlingException', 'TooManyRequestsException', 'InternalServerException']);
const THROTTLING_ERRORS = new Set(['ThrottlingException', 'TooManyRequestsException', 'ProvisionedThroughputExceededException', 'InternalServerException', 'ServiceUnavailableException', 'RequestLimitExceeded']);

export interface ComprehendAnalyzerOptions {
  client: ComprehendClient;
  /** Analyses texts in languages Comprehend cannot score (the LexiconAnalyzer). */
  fallback: SentimentAnalyzer;
  /** Waits between retries; a test passes a fake. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). */
  random?: () => number;
  /** Attempts per call and per document, the first included. @default 5 */
  maxAttempts?: number;
  /** First backoff step; doubles per attempt up to maxDelayMs. @default 200 */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Language assumed for texts too short to detect. @default 'en' */
  defaultLanguage?: string;
  /** Where billed units go (the ComprehendBilledUnits metric, dimension `api`). */
  metrics?: Metrics;
}

interface Doc {
  /** The text as sent (truncated). */
  text: string;
  original: string;
  language?: string;
  result?: Analysis;
}

export class ComprehendAnalyzer implements SentimentAnalyzer {
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly defaultLanguage: string;

  /** What this analyser sent and was billed for, per API, since it was built. */
  readonly usage: Record<ComprehendApi, ComprehendUsage> = {
    DetectDominantLanguage: { calls: 0, documents: 0, units: 0 },
    DetectSentiment: { calls: 0, documents: 0, units: 0 },
  };

  constructor(private readonly options: ComprehendAnalyzerOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 200;
    this.maxDelayMs = options.maxDelayMs ?? 5000;
    this.defaultLanguage = options.defaultLanguage ?? 'en';
  }

  async analyze(requests: readonly AnalysisRequest[]): Promise<(Analysis | undefined)[]> {
    const unique = new Map<string, Doc>();
    const keyOf = (r: AnalysisRequest) => `${r.language ?? ''}\u0000${r.text}`;
    for (const r of requests) {
      const key = keyOf(r);
      if (!unique.has(key)) unique.set(key, { original: r.text, text: truncateUtf8(r.text, MAX_BYTES), ...(r.language ? { language: r.language } : {}) });
    }
    // Comprehend fails a whole call on an empty document: a blank text never goes there.
    const blank = [...unique.values()].filter((d) => !d.text.trim());
    if (blank.length) await this.fallback(this.defaultLanguage, blank);
    const docs = [...unique.values()].filter((d) => d.text.trim());

    // The source's own language saves a billed call per document.
    const unknown = docs.filter((d) => !d.language);
    const detectable = unknown.filter((d) => d.text.trim().length >= MIN_LANGUAGE_CHARS);
    for (const d of unknown) if (!detectable.includes(d)) d.language = this.defaultLanguage;
    await this.detectLanguages(detectable);

    const byLanguage = new Map<string, Doc[]>();
    for (const d of docs) if (d.language) byLanguage.set(d.language, [...(byLanguage.get(d.language) ?? []), d]);
    await Promise.all(
      [...byLanguage].map(([language, group]) =>
        SENTIMENT_LANGUAGES.has(language) ? this.detectSentiment(language, group) : this.fallback(language, group),
      ),
    );
    return requests.map((r) => unique.get(keyOf(r))?.result);
  }

  private async detectLanguages(docs: Doc[]): Promise<void> {
    await this.batched(docs, async (chunk) => {
      const out = await this.send(() =>
        this.options.client.send(new BatchDetectDominantLanguageCommand({ TextList: chunk.map((d) => d.text) })),
      );
      this.bill('DetectDominantLanguage', chunk, out.ResultList);
      for (const r of out.ResultList ?? []) {
        const doc = chunk[r.Index ?? -1];
        const top = [...(r.Languages ?? [])].sort((a, b) => (b.Score ?? 0) - (a.Score ?? 0))[0]?.LanguageCode;
        if (doc) doc.language = top ?? this.defaultLanguage;
      }
      return out.ErrorList ?? [];
    });
  }

  private async detectSentiment(language: string, docs: Doc[]): Promise<void> {
    await this.batched(docs, async (chunk) => {
      const out = await this.send(() =>
        this.options.client.send(
          new BatchDetectSentimentCommand({ TextList: chunk.map((d) => d.text), LanguageCode: language as LanguageCode }),
        ),
      );
      this.bill('DetectSentiment', chunk, out.ResultList);
      for (const r of out.ResultList ?? []) {
        const doc = chunk[r.Index ?? -1];
        if (!doc || !r.Sentiment) continue;
        const s = r.SentimentScore ?? {};
        doc.result = overlay(
          {
            sentiment: r.Sentiment as SentimentLabel,
            scores: { positive: s.Positive ?? 0, negative: s.Negative ?? 0, neutral: s.Neutral ?? 0, mixed: s.Mixed ?? 0 },
            language,
          },
          readSignals(doc.original),
          'comprehend',
        );
      }
      const errors = out.ErrorList ?? [];
      // Comprehend says it cannot score this one after all: the fallback can.
      const unsupported = errors.filter((e) => e.ErrorCode === 'UNSUPPORTED_LANGUAGE').map((e) => chunk[e.Index ?? -1]).filter((d): d is Doc => !!d);
      if (unsupported.length) await this.fallback(language, unsupported);
      return errors.filter((e) => e.ErrorCode !== 'UNSUPPORTED_LANGUAGE');
    });
  }

  private async fallback(language: string, docs: Doc[]): Promise<void> {
    const results = await this.options.fallback.analyze(docs.map((d) => ({ text: d.original, language })));
    docs.forEach((d, i) => {
      const r = results[i];
      if (r) d.result = { ...r, language, signals: [`language-fallback:${language}`, ...r.signals] };
    });
  }

  /**
   * Runs `call` over chunks of 25 documents; documents in its returned ErrorList with a
   * retryable code go round again (re-chunked) after a backoff, up to maxAttempts.
   */
  private async batched(docs: Doc[], call: (chunk: Doc[]) => Promise<BatchItemError[]>): Promise<void> {
    let pending = docs;
    for (let attempt = 0; pending.length && attempt < this.maxAttempts; attempt++) {
      if (attempt > 0) await this.sleep(this.backoff(attempt));
      const retry: Doc[] = [];
      for (let i = 0; i < pending.length; i += BATCH_SIZE) {
        const chunk = pending.slice(i, i + BATCH_SIZE);
        let errors: BatchItemError[];
        try {
          errors = await call(chunk);
        } catch (err) {
          // A configuration error (access denied, bad request) must be seen, not hidden as
          // unscored Mentions; a call still throttled after send()'s retries leaves its chunk unscored.
          if (!isRetryable(err)) throw err;
          continue;
        }
        for (const e of errors) {
          const doc = chunk[e.Index ?? -1];
          if (doc && RETRYABLE_ITEM_ERRORS.has(e.ErrorCode ?? '')) retry.push(doc);
        }
      }
      pending = retry;
    }
  }

  /** One API call, retried on throttling and server errors with backoff. */
  private async send<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (!isRetryable(err) || attempt + 1 >= this.maxAttempts) throw err;
        await this.sleep(this.backoff(attempt + 1));
      }
    }
  }

  /** Counts the units of the documents one call scored (those in its ErrorList were not). */
  private bill(api: ComprehendApi, chunk: Doc[], results: readonly { Index?: number }[] | undefined): void {
    const scored = (results ?? []).map((r) => chunk[r.Index ?? -1]).filter((d): d is Doc => !!d);
    const units = scored.reduce((sum, d) => sum + billedUnits(d.text), 0);
    const usage = this.usage[api];
    usage.calls++;
    usage.documents += scored.length;
    usage.units += units;
    if (units) this.options.metrics?.count('ComprehendBilledUnits', units, { api });
  }

  /** Exponential backoff with full jitter: uniform in [0, min(max, base × 2^(attempt-1))]. */
  private backoff(attempt: number): number {
    return Math.round(this.random() * Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1)));
  }
}

export type ComprehendApi = 'DetectDominantLanguage' | 'DetectSentiment';

export interface ComprehendUsage {
  /** Batch calls answered (throttled attempts are not billed and not counted). */
  calls: number;
  /** Documents scored. */
  documents: number;
  /** Billed units of those documents. */
  units: number;
}

/** Comprehend's billing unit: 100 characters. */
export const UNIT_CHARS = 100;
/** Comprehend bills at least this many units per document, per API. */
export const MIN_UNITS = 3;

/** The units Comprehend bills for one document in one API: 100-character units, at least 3. */
export function billedUnits(text: string): number {
  let chars = 0;
  for (const _ of text) chars++;
  return Math.max(MIN_UNITS, Math.ceil(chars / UNIT_CHARS));
}

function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return THROTTLING_ERRORS.has(e.name ?? '') || !!e.$retryable || status === 429 || status >= 500;
}
