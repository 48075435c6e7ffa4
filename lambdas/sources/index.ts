/** Builds the connector for one configured source. Credentials come in as a plain record. */
import type { Brand, SourceConfig } from '../core/config.ts';
import { SourceError, type Clock, type Source } from '../core/ports.ts';
import type { SourceContext } from './context.ts';
import { requireCredentials } from './credentials.ts';
import { HttpClient, type HttpPolicy } from './http.ts';
import { createImportSource } from './import.ts';
import { createRssSource } from './rss.ts';
import { createXSource } from './x.ts';
import { createRedditSource } from './reddit.ts';
import { createMastodonSource } from './mastodon.ts';
import { createBlueskySource } from './bluesky.ts';
import { createHackerNewsSource } from './hackernews.ts';
import { createFacebookSource } from './facebook.ts';
import { createLinkedInSource } from './linkedin.ts';
import { systemClock } from '../adapters/system-clock.ts';

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


export function createSource(config: SourceConfig, deps: SourceDeps): Source {
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
  const source = build(config, ctx, deps);
  // Missing credentials fail this source's run (a SourceError), not the caller's loop over sources.
  return {
    id: source.id,
    fetch: async (cursor) => {
      requireCredentials(config, deps.credentials);
      return source.fetch(cursor);
    },
  };
}

function build(config: SourceConfig, ctx: SourceContext, deps: SourceDeps): Source {
  switch (config.kind) {
    case 'rss':
      return createRssSource(config, ctx);
    case 'import':
      return createImportSource(config, ctx, { baseDir: deps.baseDir });
    case 'x':
      return createXSource(config, ctx);
    case 'reddit':
      return createRedditSource(config, ctx);
    case 'mastodon':
      return createMastodonSource(config, ctx);
    case 'bluesky':
      return createBlueskySource(config, ctx);
    case 'hackernews':
      return createHackerNewsSource(config, ctx);
    case 'facebook':
      return createFacebookSource(config, ctx);
    case 'linkedin':
      return createLinkedInSource(config, ctx);
  }
}

export { readImportFile, type ColumnMapping } from './import.ts';
export { SourceError };
export { RateLimitedError, HttpStatusError } from './http.ts';
export { MissingCredentialsError, CREDENTIALS } from './credentials.ts';
