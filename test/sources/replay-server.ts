/**
 * A local HTTP server on 127.0.0.1:0 that replays recorded platform responses, so every
 * connector is tested through its real HTTP code path. Routes answer by method and path;
 * an array answers in turn (the last answer repeats), which scripts "500 then success".
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** The real recordings, beside the project (never copied into it). */
export const FIXTURES_DIR = resolve(import.meta.dirname, '../../..', 'shared/fixtures/api');
export const hasFixtures = existsSync(FIXTURES_DIR);
export const MISSING_FIXTURES = `skipped: ${FIXTURES_DIR} is absent (real API recordings live in ../shared/fixtures/api)`;

export function fixture(name: string): string {
  return readFileSync(resolve(FIXTURES_DIR, name), 'utf8');
}

export function fixtureJson<T = unknown>(name: string): T {
  return JSON.parse(fixture(name)) as T;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Hold the response this long (a timeout test). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = Reply | Reply[] | ((req: RecordedRequest) => Reply);

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
  calls: number;
}

export class ReplayServer {
  readonly requests: RecordedRequest[] = [];
  private routes: Route[] = [];

  private constructor(private readonly server: Server, readonly url: string) {}

  static async start(): Promise<ReplayServer> {
    // The handler needs the instance, which needs the listening server's port.
    const ref: { self?: ReplayServer } = {};
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        ref.self!.requests.push(recorded);
        const reply = ref.self!.answer(recorded);
        const send = () => {
          if (res.destroyed) return;
          const isText = typeof reply.body === 'string';
          const body = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
          res.writeHead(reply.status ?? 200, {
            'content-type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
            ...reply.headers,
          });
          res.end(body);
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs).unref();
        else send();
      });
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    ref.self = new ReplayServer(server, `http://127.0.0.1:${port}`);
    return ref.self;
  }

  /** Adds a route; later routes for the same method and path win. */
  on(method: string, path: string | RegExp, handler: Handler): this {
    this.routes.unshift({ method: method.toUpperCase(), path, handler, calls: 0 });
    return this;
  }

  /** Forgets routes and recorded requests (between tests). */
  reset(): void {
    this.routes = [];
    this.requests.length = 0;
  }

  /** Requests to one path. */
  requestsTo(path: string | RegExp): RecordedRequest[] {
    return this.requests.filter((r) => (typeof path === 'string' ? r.path === path : path.test(r.path)));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server.close(() => ok()));
  }

  private answer(req: RecordedRequest): Reply {
    const route = this.routes.find(
      (r) => r.method === req.method && (typeof r.path === 'string' ? r.path === req.path : r.path.test(req.path)),
    );
    if (!route) return { status: 404, body: `no replay route for ${req.method} ${req.path}` };
    const call = route.calls++;
    const h = route.handler;
    if (typeof h === 'function') return h(req);
    if (Array.isArray(h)) return h[Math.min(call, h.length - 1)] ?? { status: 500, body: 'empty script' };
    return h;
  }
}

/** Test dependencies for createSource: no real sleeping, deterministic jitter, short timeouts. */
export function testDeps(overrides: { credentials?: Record<string, string>; now?: string } = {}) {
  const sleeps: number[] = [];
  const now = new Date(overrides.now ?? '2026-11-23T12:00:00Z');
  return {
    sleeps,
    deps: {
      credentials: overrides.credentials ?? {},
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
      clock: { now: () => now },
      http: { timeoutMs: 2_000, retries: 2, maxWaitMs: 60_000 },
    },
  };
}
