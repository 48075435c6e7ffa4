/** Scheduled per source by EventBridge Scheduler: `{ "sourceId": "..." }`. */
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import { awsFlows, awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { ComprehendAnalyzer } from '../adapters/comprehend-analyzer.ts';
import { LexiconAnalyzer } from '../adapters/lexicon-analyzer.ts';
import { powertools, traced } from '../adapters/powertools.ts';
import { SecretsManagerReader } from '../adapters/secrets.ts';
import type { IngestDeps } from '../core/ingest.ts';
import { runSource, type SourceFactory } from '../core/run-source.ts';
import { createSource } from '../sources/index.ts';

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

function awsDeps(): [IngestDeps, SourceFactory] {
  const config = loadBundledConfig();
  const stores = awsStores(config);
  const lexicon = new LexiconAnalyzer();
  const analyzer = config.analyzer === 'comprehend' ? new ComprehendAnalyzer({ client: traced(new ComprehendClient({})), fallback: lexicon }) : lexicon;
  const secrets = new SecretsManagerReader({ client: traced(new SecretsManagerClient({})) });
  const makeSource: SourceFactory = async (source, run) =>
    // The stack names each source's secret per stage and passes its ARN; the config's label is for local runs.
    createSource(source, {
      credentials: source.secret ? await secrets.get(process.env[HANDLER_ENV.sourceSecretArn] ?? source.secret) : {},
      clock: systemClock,
      brand: config.brands.find((b) => b.id === source.brand),
      deadline: run?.deadline,
    });
  const deps: IngestDeps = {
    config,
    clock: systemClock,
    mentions: requireStore(stores, 'mentions'),
    counters: requireStore(stores, 'counters'),
    cursors: requireStore(stores, 'cursors'),
    incidents: requireStore(stores, 'incidents'),
    analyzer,
    ...awsFlows(),
    ...powertools('fetch-mentions'),
  };
  return [deps, makeSource];
}

let live: ReturnType<typeof createFetchMentionsHandler> | undefined;
/** Lambda entry: AWS adapters built once per cold start, on first call. */
export const handler = (event: FetchMentionsEvent, context?: FetchMentionsContext) => (live ??= createFetchMentionsHandler(...awsDeps()))(event, context);
