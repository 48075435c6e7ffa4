import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ComprehendAnalyzer } from '../../lambdas/adapters/comprehend-analyzer.ts';
import { truncateUtf8 } from '../../lambdas/core/text.ts';
import { LexiconAnalyzer } from '../../lambdas/adapters/lexicon-analyzer.ts';

interface Call {
  target: string;
  body: { TextList: string[]; LanguageCode?: string };
}

/**
 * A 127.0.0.1 server speaking Comprehend's JSON protocol (x-amz-target
 * Comprehend_20171127.*). Language: "fr" for texts starting "FR:", "sw" for "SW:", else "en".
 * Sentiment: NEGATIVE when the text holds "bad", POSITIVE when "good", else NEUTRAL.
 * Scripted faults: `throttleNext` throttles that many calls; a text holding "flaky" fails
 * in the ErrorList `flakyTimes` times before it succeeds.
 */
const state = { calls: [] as Call[], throttleNext: 0, flakyTimes: 0, flakySeen: new Map<string, number>() };
let server: Server;
let endpoint: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Call['body'];
      state.calls.push({ target, body });
      const reply = (status: number, json: unknown, type?: string) =>
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', ...(type ? { 'x-amzn-errortype': type } : {}) }).end(JSON.stringify(json));
      if (state.throttleNext > 0) {
        state.throttleNext--;
        return reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' }, 'ThrottlingException');
      }
      // Like Comprehend: one empty document fails the whole call.
      if (body.TextList?.some((t) => t.length === 0)) return reply(400, { __type: 'ValidationException', message: 'TextList member must have length greater than or equal to 1' }, 'ValidationException');
      const errors: object[] = [];
      const flaky = (text: string, i: number) => {
        if (!text.includes('flaky')) return false;
        const seen = state.flakySeen.get(`${target}:${text}`) ?? 0;
        state.flakySeen.set(`${target}:${text}`, seen + 1);
        if (seen >= state.flakyTimes) return false;
        errors.push({ Index: i, ErrorCode: 'INTERNAL_SERVER_ERROR', ErrorMessage: 'try again' });
        return true;
      };
      if (target === 'Comprehend_20171127.BatchDetectDominantLanguage') {
        const results = body.TextList.flatMap((t, i) =>
          flaky(t, i) ? [] : [{ Index: i, Languages: [{ LanguageCode: t.startsWith('FR:') ? 'fr' : t.startsWith('SW:') ? 'sw' : 'en', Score: 0.98 }] }],
        );
        return reply(200, { ResultList: results, ErrorList: errors });
      }
      if (target === 'Comprehend_20171127.BatchDetectSentiment') {
        const results = body.TextList.flatMap((t, i) => {
          if (flaky(t, i)) return [];
          const s = /bad/i.test(t) ? 'NEGATIVE' : /good/i.test(t) ? 'POSITIVE' : 'NEUTRAL';
          return [{ Index: i, Sentiment: s, SentimentScore: { Positive: s === 'POSITIVE' ? 0.9 : 0.03, Negative: s === 'NEGATIVE' ? 0.9 : 0.03, Neutral: s === 'NEUTRAL' ? 0.9 : 0.04, Mixed: 0.03 } }];
        });
        return reply(200, { ResultList: results, ErrorList: errors });
      }
      reply(400, { __type: 'UnknownOperationException', message: target });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  state.calls = [];
  state.throttleNext = 0;
  state.flakyTimes = 0;
  state.flakySeen.clear();
});

const sleeps: number[] = [];
function analyzer(maxAttempts = 4) {
  sleeps.length = 0;
  const client = new ComprehendClient({
    endpoint,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // The adapter's own retries are under test, not the SDK's.
    maxAttempts: 1,
  });
  const comprehend = new ComprehendAnalyzer({
    client,
    fallback: new LexiconAnalyzer(),
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    maxAttempts,
  });
  // Most cases send texts whose source gave no language.
  return { analyze: (texts: string[]) => comprehend.analyze(texts.map((text) => ({ text }))), comprehend };
}

const sentimentCalls = () => state.calls.filter((c) => c.target.endsWith('BatchDetectSentiment'));
const languageCalls = () => state.calls.filter((c) => c.target.endsWith('BatchDetectDominantLanguage'));

describe('Class: ComprehendAnalyzer', () => {
  describe('Method: analyze', () => {
    it('sends batches of at most 25 documents and keeps the order of results', async () => {
      const texts = Array.from({ length: 60 }, (_, i) => `customer post number ${i} is ${i % 2 ? 'bad' : 'good'} today`);
      const results = await analyzer().analyze(texts);

      expect(languageCalls().map((c) => c.body.TextList.length)).toEqual([25, 25, 10]);
      expect(sentimentCalls().map((c) => c.body.TextList.length)).toEqual([25, 25, 10]);
      expect(sentimentCalls().every((c) => c.body.LanguageCode === 'en')).toBe(true);
      expect(results).toHaveLength(60);
      expect(results[0]).toMatchObject({ sentiment: 'POSITIVE', language: 'en', analyzer: 'comprehend' });
      expect(results[1]).toMatchObject({ sentiment: 'NEGATIVE', scores: { negative: 0.9 } });
    });

    it('analyses identical texts once and gives each copy the result', async () => {
      const rt = 'RT this launch was bad, really bad for everyone';
      const results = await analyzer().analyze([rt, 'an ordinary good morning post', rt, rt]);

      const sent = sentimentCalls().flatMap((c) => c.body.TextList);
      expect(sent.filter((t) => t === rt)).toHaveLength(1);
      expect(results[0]).toEqual(results[2]);
      expect(results[3]?.sentiment).toBe('NEGATIVE');
    });

    it('retries documents in the ErrorList until they succeed', async () => {
      state.flakyTimes = 2;
      const results = await analyzer().analyze(['this flaky post is bad news for us', 'a steady good post about the shop']);

      expect(results.map((r) => r?.sentiment)).toEqual(['NEGATIVE', 'POSITIVE']);
      // The retry sends only the failed document.
      expect(sentimentCalls().map((c) => c.body.TextList)).toEqual([
        ['this flaky post is bad news for us', 'a steady good post about the shop'],
        ['this flaky post is bad news for us'],
        ['this flaky post is bad news for us'],
      ]);
      expect(sleeps.length).toBeGreaterThanOrEqual(2);
    });

    it('leaves a document that still fails after the retries undefined, the others scored', async () => {
      state.flakyTimes = 99;
      const results = await analyzer(3).analyze(['this flaky post never gets through', 'a steady good post about the shop']);

      expect(results[0]).toBeUndefined();
      expect(results[1]?.sentiment).toBe('POSITIVE');
    });

    it('retries a throttled call with growing, jittered backoff', async () => {
      state.throttleNext = 2;
      const results = await analyzer().analyze(['the delivery was bad and late again']);

      expect(results[0]?.sentiment).toBe('NEGATIVE');
      // random() = 0.5: half of 200 ms, then half of 400 ms.
      expect(sleeps).toEqual([100, 200]);
      expect(languageCalls()).toHaveLength(3);
    });

    it('leaves the documents of a call throttled past every retry unscored', async () => {
      state.throttleNext = 99;
      expect(await analyzer(2).analyze(['the delivery was bad and late again'])).toEqual([undefined]);
    });

    it('skips language detection where the source gave the language', async () => {
      const results = await analyzer().comprehend.analyze([
        { text: 'the service is really bad today, again', language: 'en' },
        { text: 'le service est vraiment mauvais aujourd hui', language: 'fr' },
      ]);

      expect(languageCalls()).toHaveLength(0);
      expect(sentimentCalls().map((c) => c.body.LanguageCode).sort()).toEqual(['en', 'fr']);
      expect(results.map((r) => r?.language)).toEqual(['en', 'fr']);
    });

    it('skips language detection for texts under 20 characters', async () => {
      const results = await analyzer().analyze(['so bad', 'good stuff']);

      expect(languageCalls()).toHaveLength(0);
      expect(sentimentCalls()[0]?.body).toMatchObject({ LanguageCode: 'en', TextList: ['so bad', 'good stuff'] });
      expect(results.map((r) => r?.language)).toEqual(['en', 'en']);
    });

    it('scores each language in its own call', async () => {
      await analyzer().analyze(['FR: le service est vraiment bad', 'the service is really bad today']);

      expect(sentimentCalls().map((c) => c.body.LanguageCode).sort()).toEqual(['en', 'fr']);
    });

    it('falls back to the local analyser for a language Comprehend cannot score, and says so', async () => {
      const results = await analyzer().analyze(['SW: huduma mbaya sana, nimesubiri masaa mawili']);

      expect(sentimentCalls()).toHaveLength(0);
      expect(results[0]).toMatchObject({ language: 'sw', analyzer: 'lexicon' });
      expect(results[0]?.signals[0]).toBe('language-fallback:sw');
    });

    it('adds complaint signals, risk terms and theme on top of the label', async () => {
      const [r] = await analyzer().analyze(['I have been on hold for 40 minutes about my lawsuit, thanks for nothing']);

      expect(r?.sentiment).toBe('NEGATIVE');
      expect(r?.complaint).toBe(true);
      expect(r?.signals).toEqual(expect.arrayContaining(['sarcastic-thanks:thanks for nothing']));
      expect(r?.signals.some((s) => s.startsWith('waiting:'))).toBe(true);
      expect(r?.risks).toEqual(['legal:lawsuit']);
      expect(r?.theme).toBe('legal');
    });

    it('never sends an empty document: a blank text is scored by the fallback, and one grapheme over 5,000 bytes is cut inside it', async () => {
      const zalgo = `e${'\u0301'.repeat(3000)}`;
      const results = await analyzer().analyze(['', '   ', zalgo, 'good day']);
      expect(results.every((r) => r !== undefined)).toBe(true);
      const sent = sentimentCalls().flatMap((c) => c.body.TextList);
      expect(sent.every((t) => t.trim().length > 0)).toBe(true);
      expect(sent.some((t) => t.startsWith('e\u0301'))).toBe(true);
    });

    it('truncates a long text to 5,000 bytes before sending it', async () => {
      const long = `bad ${'é'.repeat(4000)}`;
      await analyzer().analyze([long]);

      const sent = sentimentCalls()[0]!.body.TextList[0]!;
      expect(Buffer.byteLength(sent, 'utf8')).toBeLessThanOrEqual(5000);
      expect(Buffer.byteLength(sent, 'utf8')).toBeGreaterThan(4990);
    });
  });
});

describe('Function: truncateUtf8', () => {
  it('cuts on a character boundary, never inside a multi-byte character or emoji', () => {
    expect(truncateUtf8('ab€', 4)).toBe('ab');
    expect(truncateUtf8('a👍🏽b', 5)).toBe('a');
    expect(truncateUtf8('a👍🏽b', 9)).toBe('a👍🏽');
    expect(truncateUtf8('short', 5000)).toBe('short');
  });

  it('cuts a single grapheme longer than the limit on a code point instead of leaving nothing', () => {
    const zalgo = `e${'\u0301'.repeat(3000)}`;
    const cut = truncateUtf8(zalgo, 5000);
    expect(cut.length).toBeGreaterThan(0);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(5000);
  });
});
