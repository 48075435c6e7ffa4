import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceError } from '../../lambdas/core/ports.ts';
import { HttpClient, HttpStatusError, RateLimitedError, rateLimitWaitMs, redactUrl, TimeBudgetError } from '../../lambdas/sources/http.ts';
import { ReplayServer } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const NOW = Date.parse('2026-11-23T12:00:00Z');

function client(policy: Record<string, number> = {}, secrets: string[] = []) {
  const sleeps: number[] = [];
  const http = new HttpClient('test-source', {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    now: () => NOW,
    policy: { timeoutMs: 1_000, retries: 2, baseDelayMs: 100, maxDelayMs: 1_000, maxWaitMs: 60_000, ...policy },
    secrets,
  });
  return { http, sleeps };
}

describe('Class: HttpClient', () => {
  describe('Method: request', () => {
    it('retries a 500 with full-jitter backoff, then returns the success', async () => {
      server.on('GET', '/x', [{ status: 500, body: 'boom' }, { status: 503, body: 'busy' }, { body: { ok: true } }]);
      const { http, sleeps } = client();
      const res = await http.json(`${server.url}/x`);
      expect(res.data).toEqual({ ok: true });
      expect(server.requestsTo('/x')).toHaveLength(3);
      // random() = 0.5: half of 100 ms, then half of 200 ms.
      expect(sleeps).toEqual([50, 100]);
    });

    it('gives up after the retries and names the status and source', async () => {
      server.on('GET', '/x', { status: 502, body: '<html>Bad gateway</html>' });
      const { http } = client();
      const err = await http.request(`${server.url}/x`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpStatusError);
      expect((err as HttpStatusError).status).toBe(502);
      expect((err as Error).message).toContain('source test-source: HTTP 502');
      expect(server.requestsTo('/x')).toHaveLength(3);
    });

    it('does not retry a 4xx', async () => {
      server.on('GET', '/x', { status: 401, body: { error: 'unauthorized' } });
      const { http } = client();
      await expect(http.request(`${server.url}/x`)).rejects.toThrow(/HTTP 401/);
      expect(server.requestsTo('/x')).toHaveLength(1);
    });

    it('waits what Retry-After asks on a 429, then retries', async () => {
      server.on('GET', '/x', [{ status: 429, headers: { 'retry-after': '7' } }, { body: { ok: 1 } }]);
      const { http, sleeps } = client();
      await expect(http.json(`${server.url}/x`)).resolves.toMatchObject({ data: { ok: 1 } });
      expect(sleeps).toEqual([7_000]);
    });

    it("obeys X's x-rate-limit-reset (epoch seconds) on a 429", async () => {
      const reset = Math.floor(NOW / 1000) + 12;
      server.on('GET', '/x', [{ status: 429, headers: { 'x-rate-limit-reset': String(reset), 'x-rate-limit-remaining': '0' } }, { body: [] }]);
      const { http, sleeps } = client();
      await http.json(`${server.url}/x`);
      expect(sleeps).toEqual([12_000]);
    });

    it("waits before the next request when Reddit's x-ratelimit-remaining runs out", async () => {
      server.on('GET', '/x', { body: [], headers: { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-reset': '5', 'x-ratelimit-used': '100' } });
      const { http, sleeps } = client();
      await http.json(`${server.url}/x`);
      expect(sleeps).toEqual([]);
      await http.json(`${server.url}/x`);
      expect(sleeps).toEqual([5_000]);
    });

    it('fails with RateLimitedError when the platform asks for a wait longer than the bound', async () => {
      server.on('GET', '/x', { status: 429, headers: { 'retry-after': '900' } });
      const { http, sleeps } = client({ maxWaitMs: 30_000 });
      const err = await http.request(`${server.url}/x?api_key=s3cr3t-value`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RateLimitedError);
      expect(err).toBeInstanceOf(SourceError);
      expect((err as RateLimitedError).retryAt?.toISOString()).toBe('2026-11-23T12:15:00.000Z');
      expect((err as Error).message).not.toContain('s3cr3t');
      expect(sleeps).toEqual([]);
    });

    it('stops after the allowed number of rate-limit waits', async () => {
      server.on('GET', '/x', { status: 429, headers: { 'retry-after': '1' } });
      const { http, sleeps } = client({ rateLimitWaits: 2 });
      await expect(http.request(`${server.url}/x`)).rejects.toBeInstanceOf(RateLimitedError);
      expect(sleeps).toEqual([1_000, 1_000]);
    });

    it('says the allowed waits were used up when a 429 persists', async () => {
      server.on('GET', '/x', { status: 429, headers: { 'retry-after': '1' } });
      const { http } = client({ rateLimitWaits: 2 });
      const err = await http.request(`${server.url}/x`).catch((e: unknown) => e);
      expect((err as Error).message).toContain('rate limited: still refused after the 2 waits this run allows');
      expect((err as Error).message).not.toContain('more than this run allows');
    });

    it('fits every run in its time budget: hanging requests end with a named error before the deadline', async () => {
      server.on('GET', '/slow', { delayMs: 5_000, body: {} });
      // A simulated clock: real time for the attempts, and every backoff sleep advances it.
      let skew = 0;
      const start = Date.now();
      const http = new HttpClient('test-source', {
        sleep: async (ms) => void (skew += ms),
        random: () => 0.5,
        now: () => Date.now() + skew,
        policy: { timeoutMs: 400, retries: 5, baseDelayMs: 300, maxDelayMs: 1_000 },
        deadline: start + 1_000,
      });
      const err = await http.request(`${server.url}/slow`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeBudgetError);
      expect((err as Error).message).toMatch(/source test-source: the run's time is up/);
      expect(Date.now() + skew).toBeLessThanOrEqual(start + 1_000 + 100);
      expect(server.requestsTo('/slow').length).toBeLessThan(6);
    });

    it('does not retry a host name that does not resolve (ENOTFOUND) as it retries a timeout', async () => {
      const sleeps: number[] = [];
      let calls = 0;
      // What undici throws when getaddrinfo fails: a TypeError whose cause carries the code.
      const dns = async () => {
        calls++;
        throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND' }) });
      };
      const http = new HttpClient('test-source', { fetch: dns, sleep: async (ms) => void sleeps.push(ms), policy: { retries: 3 } });
      const err = await http.request('https://api.example.invalid/x').catch((e: unknown) => e);
      expect(calls).toBe(1);
      expect((err as Error).message).toMatch(/host name does not resolve \(ENOTFOUND\)/);
      expect(sleeps).toEqual([]);
    });

    it('times out a response that never comes, retries, then fails naming the timeout', async () => {
      server.on('GET', '/slow', { delayMs: 5_000, body: {} });
      const { http } = client({ timeoutMs: 150, retries: 1 });
      const started = performance.now();
      const err = await http.request(`${server.url}/slow`).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/failed after 2 attempts: timed out after 150 ms/);
      expect(performance.now() - started).toBeLessThan(2_000);
      expect(server.requestsTo('/slow')).toHaveLength(2);
    });

    it('retries a network error (connection refused)', async () => {
      const closed = await ReplayServer.start();
      const url = `${closed.url}/nothing`;
      await closed.close();
      const { http } = client({ retries: 1 });
      const err = await http.request(url).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SourceError);
      expect((err as Error).message).toMatch(/failed after 2 attempts: fetch failed \(ECONNREFUSED\)/);
    });

    it('returns statuses the caller accepts (304)', async () => {
      server.on('GET', '/feed', { status: 304 });
      const { http } = client();
      await expect(http.request(`${server.url}/feed`, { accept: [304] })).resolves.toMatchObject({ status: 304 });
    });

    it('never puts a credential into an error, even when the platform echoes it', async () => {
      server.on('GET', '/x', { status: 403, body: 'token tok-ABCDEF123 is not allowed' });
      const { http } = client({}, ['tok-ABCDEF123']);
      const err = (await http.request(`${server.url}/x?access_token=tok-ABCDEF123`).catch((e: unknown) => e)) as SourceError;
      expect(err.message).not.toContain('tok-ABCDEF123');
      expect(err.url).toBe(`${server.url}/x?access_token=REDACTED`);
    });
  });

  describe('Method: json', () => {
    it('rejects an HTML error page served with 200', async () => {
      server.on('GET', '/x', { body: '<!DOCTYPE html><html><body>Sorry, we are down</body></html>', headers: { 'content-type': 'text/html' } });
      const { http } = client();
      await expect(http.json(`${server.url}/x`)).rejects.toThrow(/expected JSON, got text\/html/);
    });

    it('rejects truncated JSON naming the source and URL', async () => {
      server.on('GET', '/x', { body: '{"data":[{"id":"1","text":"hel' });
      const { http } = client();
      const err = (await http.json(`${server.url}/x?q=acme`).catch((e: unknown) => e)) as SourceError;
      expect(err).toBeInstanceOf(SourceError);
      expect(err.sourceId).toBe('test-source');
      expect(err.url).toBe(`${server.url}/x?q=acme`);
      expect(err.message).toMatch(/not valid JSON/);
    });
  });
});

describe('Function: redactUrl', () => {
  it('masks secret-looking parameters and userinfo, keeps the rest', () => {
    expect(redactUrl('https://user:pw@graph.facebook.com/v23.0/1/feed?access_token=abc&limit=25&appsecret_proof=x')).toBe(
      'https://graph.facebook.com/v23.0/1/feed?access_token=REDACTED&limit=25&appsecret_proof=REDACTED',
    );
  });
});

describe('Function: rateLimitWaitMs', () => {
  it('reads Retry-After as an HTTP date', () => {
    const h = new Headers({ 'retry-after': new Date(NOW + 3_000).toUTCString() });
    expect(rateLimitWaitMs(h, NOW)).toBe(3_000);
  });
});
