/**
 * What every connector is built with: the source's HTTP client (timeouts, retries, rate limits,
 * secrets kept out of errors), its context, and the credentials check before each fetch. A
 * fetch function links this with its own connector only (lambdas/handlers/fetch/<kind>.ts); the
 * CLI links every connector through the registry (index.ts).
 */
import type { Brand, SourceConfig } from '../core/config.ts';
import type { Clock, Source } from '../core/ports.ts';
import type { SourceKind } from '../core/mention.ts';
import { systemClock } from '../adapters/system-clock.ts';
import type { SourceContext } from './context.ts';
import { requireCredentials } from './credentials.ts';
import { HttpClient, type HttpPolicy } from './http.ts';

export interface SourceDeps {
  /** The source's secret as key/value pairs (see credentials.ts for the keys). Never logged. */
  credentials: Record<string, string>;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
  /** The brand the source watches: posts by its handles are marked author.isBrand. */
  brand?: Pick<Brand, 'handles'>;
  /** Timeouts, retries and the longest rate-limit wait (tests shorten them). */
  http?: Partial<HttpPolicy>;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: () => number;
  /** Where relative import paths resolve (default: the working directory). */
  baseDir?: string;
  /** When every request of this run must be over (see run-source.ts fetchDeadline). */
  deadline?: Date;
}

/** The config of one source kind. */
export type SourceConfigOf<K extends SourceKind> = Extract<SourceConfig, { kind: K }>;

/** Builds one kind's connector from its config and context. */
export type Connector<K extends SourceKind> = (config: SourceConfigOf<K>, ctx: SourceContext, deps: SourceDeps) => Source;

/** The connector of `config`, wired to its HTTP client; missing credentials fail its fetch (a SourceError), not the build. */
export function connect<K extends SourceKind>(config: SourceConfigOf<K>, deps: SourceDeps, connector: Connector<K>): Source {
  const clock = deps.clock ?? systemClock;
  const http = new HttpClient(config.id, {
    fetch: deps.fetch,
    sleep: deps.sleep,
    random: deps.random,
    now: () => clock.now().getTime(),
    policy: deps.http,
    secrets: Object.values(deps.credentials),
    ...(deps.deadline ? { deadline: deps.deadline.getTime() } : {}),
  });
  const ctx: SourceContext = { http, clock, brand: deps.brand, credentials: deps.credentials };
  const source = connector(config, ctx, deps);
  // Missing credentials fail this source's run, not the caller's loop over sources.
  return {
    id: source.id,
    fetch: async (cursor) => {
      requireCredentials(config, deps.credentials);
      return source.fetch(cursor);
    },
  };
}
