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

/** Builds a source for one run; `deadline` is when its requests must be over (the run's time budget). */
export type SourceFactory = (sourceConfig: SourceConfig, run?: { deadline?: Date }) => Promise<Source>;

/**
 * The part of a run's time its fetch may use: what is left after reserving a quarter of it
 * (10 to 45 s) for storing, counting and detecting.
 */
export function fetchDeadline(deadline: Date | undefined, now: Date): Date | undefined {
  if (!deadline) return undefined;
  const left = deadline.getTime() - now.getTime();
  return new Date(deadline.getTime() - Math.min(45_000, Math.max(10_000, left / 4)));
}

export async function runSource(deps: IngestDeps, makeSource: SourceFactory, sourceId: string): Promise<IngestSummary> {
  const sourceConfig = deps.config.sources.find((s) => s.id === sourceId);
  if (!sourceConfig) throw new UnknownSourceError(sourceId);
  try {
    return await ingest(deps, await makeSource(sourceConfig, { deadline: fetchDeadline(deps.deadline, deps.clock.now()) }), sourceConfig);
  } catch (err) {
    // The cursor was not advanced: the next run retries the same window.
    deps.metrics.count('SourceFailures', 1, { source: sourceId });
    deps.logger.error('source run failed; cursor left where it was', { source: sourceId, brand: sourceConfig.brand, error: (err as Error).message });
    throw err;
  }
}
