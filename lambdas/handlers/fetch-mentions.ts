/**
 * The fetch function of one source, scheduled by EventBridge Scheduler with `{ "sourceId": "..." }`.
 * Not an entry itself: each source kind has its own entry in fetch/<kind>.ts that passes its one
 * connector here, so a source's bundle holds no other platform's code.
 */
import { awsFetchDeps } from '../adapters/aws-fetch-deps.ts';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import type { IngestDeps } from '../core/ingest.ts';
import type { SourceKind } from '../core/mention.ts';
import { runSource, type SourceFactory } from '../core/run-source.ts';
import type { Connector } from '../sources/connector.ts';

export interface FetchMentionsEvent {
  sourceId: string;
}

/** The part of the Lambda context the handler reads: how long the invocation has left. */
export interface FetchMentionsContext {
  getRemainingTimeInMillis(): number;
}

export const createFetchMentionsHandler = (deps: IngestDeps, makeSource: SourceFactory) => async (event: FetchMentionsEvent, context?: FetchMentionsContext) => {
  if (typeof event?.sourceId !== 'string') throw new TypeError('fetch-mentions event needs a string "sourceId"');
  // Each source has its own function and secret: an event for another source is refused.
  const own = process.env[HANDLER_ENV.sourceId];
  if (own && event.sourceId !== own) throw new TypeError(`this function fetches "${own}", not "${event.sourceId}"`);
  // Every run ends inside the function's timeout, with a named error if it must stop early.
  const deadline = context ? new Date(deps.clock.now().getTime() + context.getRemainingTimeInMillis()) : deps.deadline;
  const { mentions: _stored, ...summary } = await runSource({ ...deps, ...(deadline && { deadline }) }, makeSource, event.sourceId);
  return { ...summary, opened: summary.opened.map((i) => i.id) };
};

export type FetchMentionsHandler = ReturnType<typeof createFetchMentionsHandler>;

/** A fetch function's Lambda entry for `kind` sources: AWS adapters built once per cold start, on first call. */
export function fetchMentionsHandler<K extends SourceKind>(kind: K, connector: Connector<K>): FetchMentionsHandler {
  let live: FetchMentionsHandler | undefined;
  return (event, context) => (live ??= createFetchMentionsHandler(...awsFetchDeps(kind, connector)))(event, context);
}
