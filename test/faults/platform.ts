/**
 * A fault-injecting X API on 127.0.0.1: recent search, newest first, `since_id` and `next_token`
 * as X pages them, over a list of tweets the scenario owns. Faults answer by request number, and
 * the listing itself can be made hostile (an old tweet on page 1, a page served twice, a token
 * pointing back, a tweet listed twice).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Tweet {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
  lang?: string;
}

export type PlatformFault =
  | 'rate-limited'
  | 'server-error'
  | 'hang'
  | 'truncated-json'
  | 'html-error-page'
  | 'missing-fields'
  | 'connection-reset';

export interface PlatformScript {
  /** Faults by request number (0-based, across the scenario). */
  faults?: Record<number, PlatformFault>;
  /** An old tweet (at or below the cursor) put at the top of page 1. */
  outOfOrder?: Tweet;
  /** Page n (1-based) is answered with page n-1 again, the first `times` times it is asked for. */
  repeatPage?: { page: number; times: number };
  /** The token of the last page points back to page 1, the first `times` times. */
  backwardsToken?: { times: number };
  /** Tweets listed twice: also at the top of the next page. */
  listedTwice?: string[];
}

const EPOCH = 1288834974657n;
/** A snowflake for a time: the ids order as the times do. */
export const snowflake = (ms: number, seq = 0): string => String(((BigInt(ms) - EPOCH) << 22n) + BigInt(seq));

export class Platform {
  tweets: Tweet[] = [];
  script: PlatformScript = {};
  requests = 0;
  injected = 0;
  private asked = new Map<string, number>();
  private constructor(private readonly server: Server, readonly url: string, readonly pageSize: number) {}

  static async start(pageSize = 10): Promise<Platform> {
    const ref: { p?: Platform } = {};
    const server = createServer((req, res) => ref.p!.answer(new URL(req.url ?? '/', 'http://127.0.0.1'), res));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    ref.p = new Platform(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, pageSize);
    return ref.p;
  }

  reset(tweets: Tweet[], script: PlatformScript = {}): void {
    this.tweets = tweets;
    this.script = script;
    this.requests = 0;
    this.injected = 0;
    this.asked.clear();
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((ok) => this.server.close(() => ok()));
  }

  private answer(url: URL, res: import('node:http').ServerResponse): void {
    const n = this.requests++;
    const fault = this.script.faults?.[n];
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void =>
      void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(typeof body === 'string' ? body : JSON.stringify(body));
    if (fault) this.injected++;
    if (fault === 'rate-limited') return json(429, { title: 'Too Many Requests' }, { 'retry-after': '1' });
    if (fault === 'server-error') return json(503, { title: 'Service Unavailable' });
    if (fault === 'hang') return; // never answers: the client's timeout ends it
    if (fault === 'html-error-page') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><body>Over capacity</body></html>');
    if (fault === 'connection-reset') return void res.socket?.destroy();
    const since = url.searchParams.get('since_id');
    const token = url.searchParams.get('next_token');
    let page = token ? Number(token.slice(1)) : 0;
    const asked = (this.asked.get(String(page)) ?? 0) + 1;
    this.asked.set(String(page), asked);
    const newer = this.tweets.filter((t) => since === null || cmp(t.id, since) > 0).sort((a, b) => cmp(b.id, a.id));
    const pages = Math.max(1, Math.ceil(newer.length / this.pageSize));
    const repeat = this.script.repeatPage;
    if (repeat && page === repeat.page && asked <= repeat.times) {
      this.injected++;
      page -= 1;
    }
    let items: Tweet[] = newer.slice(page * this.pageSize, (page + 1) * this.pageSize);
    if (page === 0 && this.script.outOfOrder) items = [this.script.outOfOrder, ...items];
    const twice = this.script.listedTwice ?? [];
    const prev = newer.slice((page - 1) * this.pageSize, page * this.pageSize).filter((t) => page > 0 && twice.includes(t.id));
    items = [...prev, ...items];
    let next = page + 1 < pages ? `p${page + 1}` : undefined;
    const back = this.script.backwardsToken;
    if (back && page === pages - 1 && pages > 1 && (this.asked.get('back') ?? 0) < back.times) {
      this.asked.set('back', (this.asked.get('back') ?? 0) + 1);
      this.injected++;
      next = 'p1';
    }
    const body = {
      data: items.map((t) => (fault === 'missing-fields' ? { id: t.id } : { ...t, lang: t.lang ?? 'en' })),
      includes: { users: [{ id: '1', username: 'dana', name: 'Dana', public_metrics: { followers_count: 50 } }] },
      meta: { result_count: items.length, ...(next ? { next_token: next } : {}) },
    };
    const text = JSON.stringify(body);
    return json(200, fault === 'truncated-json' ? text.slice(0, Math.floor(text.length / 2)) : text);
  }
}

export function cmp(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
