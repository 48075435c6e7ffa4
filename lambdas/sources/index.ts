/** The registry: every connector by source kind, for the CLI and the local runtime. */
import type { SourceConfig } from '../core/config.ts';
import type { SourceKind } from '../core/mention.ts';
import { SourceError, type Source } from '../core/ports.ts';
import { connect, type Connector, type SourceDeps } from './connector.ts';
import { createImportSource } from './import.ts';
import { createRssSource } from './rss.ts';
import { createXSource } from './x.ts';
import { createRedditSource } from './reddit.ts';
import { createMastodonSource } from './mastodon.ts';
import { createBlueskySource } from './bluesky.ts';
import { createHackerNewsSource } from './hackernews.ts';
import { createFacebookSource } from './facebook.ts';
import { createLinkedInSource } from './linkedin.ts';

export const CONNECTORS: { readonly [K in SourceKind]: Connector<K> } = {
  rss: createRssSource,
  import: (config, ctx, deps) => createImportSource(config, ctx, { baseDir: deps.baseDir }),
  x: createXSource,
  reddit: createRedditSource,
  mastodon: createMastodonSource,
  bluesky: createBlueskySource,
  hackernews: createHackerNewsSource,
  facebook: createFacebookSource,
  linkedin: createLinkedInSource,
};

/** Builds the connector for one configured source. Credentials come in as a plain record. */
export function createSource(config: SourceConfig, deps: SourceDeps): Source {
  return connect(config, deps, CONNECTORS[config.kind] as Connector<SourceKind>);
}

export type { SourceDeps } from './connector.ts';
export { readImportFile, type ColumnMapping } from './import.ts';
export { SourceError };
export { RateLimitedError, HttpStatusError } from './http.ts';
export { MissingCredentialsError, CREDENTIALS } from './credentials.ts';
