/**
 * A stand-in for Amazon Comprehend on 127.0.0.1: it speaks the batch APIs' JSON protocol
 * (x-amz-target Comprehend_20171127.*) so the real ComprehendAnalyzer runs through the real SDK
 * client, answers sentiment from the local lexicon analyser, and records every document it was
 * sent. The bench and the tests count calls, documents and billed units on it; nothing here
 * claims Comprehend's own scores.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { billedUnits, type ComprehendApi } from '../../lambdas/adapters/comprehend-analyzer.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';

export interface StandInCall {
  api: ComprehendApi;
  texts: string[];
  languageCode?: string;
}

export interface ComprehendStandIn {
  endpoint: string;
  /** Every call answered, in order. */
  calls: StandInCall[];
  /** An SDK client pointed at the stand-in (dummy credentials, no SDK retries). */
  client(): ComprehendClient;
  /** Billed units of what was sent, per API, as Comprehend would bill it. */
  units(): Record<ComprehendApi, number>;
  close(): Promise<void>;
}

const TARGETS: Record<string, ComprehendApi> = {
  'Comprehend_20171127.BatchDetectDominantLanguage': 'DetectDominantLanguage',
  'Comprehend_20171127.BatchDetectSentiment': 'DetectSentiment',
};

/**
 * Starts the stand-in. `languageOf` answers language detection (default: every text is
 * English, as the fixture tweets are).
 */
export async function startComprehendStandIn(options: { languageOf?: (text: string) => string } = {}): Promise<ComprehendStandIn> {
  const lexicon = new LexiconAnalyzer();
  const languageOf = options.languageOf ?? (() => 'en');
  const calls: StandInCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
      const api = TARGETS[String(req.headers['x-amz-target'] ?? '')];
      if (!api) return reply(400, { __type: 'UnknownOperationException', message: String(req.headers['x-amz-target']) });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { TextList: string[]; LanguageCode?: string };
      calls.push({ api, texts: body.TextList, ...(body.LanguageCode ? { languageCode: body.LanguageCode } : {}) });
      if (api === 'DetectDominantLanguage') {
        return reply(200, { ResultList: body.TextList.map((t, i) => ({ Index: i, Languages: [{ LanguageCode: languageOf(t), Score: 0.99 }] })), ErrorList: [] });
      }
      const results = body.TextList.map((t, i) => {
        const { sentiment, scores } = lexicon.analyzeOne(t);
        return { Index: i, Sentiment: sentiment, SentimentScore: { Positive: scores.positive, Negative: scores.negative, Neutral: scores.neutral, Mixed: scores.mixed } };
      });
      return reply(200, { ResultList: results, ErrorList: [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    calls,
    client: () => new ComprehendClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 }),
    units: () => {
      const sum = { DetectDominantLanguage: 0, DetectSentiment: 0 };
      for (const c of calls) sum[c.api] += c.texts.reduce((n, t) => n + billedUnits(t), 0);
      return sum;
    },
    close: () => new Promise((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
