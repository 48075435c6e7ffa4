/** One scheduled run of one source: build it, ingest, and account for a failure without hiding it. */
import type { SourceConfig } from './config.ts';
import { ingest, type IngestDeps, type IngestSummary } from './ingest.ts';
import type { Source } from './ports.ts';

export class UnknownSourceError extends Error {
  constructor(readonly sourceId: string) {
    super(`no source "${sourceId}" in the config`);
    this.name = 'UnknownSourceError';
  }
}

export type SourceFactory = (sourceConfig: SourceConfig) => Promise<Source>;

export async function runSource(deps: IngestDeps, makeSource: SourceFactory, sourceId: string): Promise<IngestSummary> {
  const sourceConfig = deps.config.sources.find((s) => s.id === sourceId);
  if (!sourceConfig) throw new UnknownSourceError(sourceId);
  try {
    return await ingest(deps, await makeSource(sourceConfig), sourceConfig);
  } catch (err) {
    // The cursor was not advanced: the next run retries the same window.
    deps.metrics.count('SourceFailures', 1, { source: sourceId });
    deps.logger.error('source run failed; cursor left where it was', { source: sourceId, brand: sourceConfig.brand, error: (err as Error).message });
    throw err;
  }
}
