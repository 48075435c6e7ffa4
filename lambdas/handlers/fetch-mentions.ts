/**
 * The fetch function of one source, scheduled by EventBridge Scheduler with `{ "sourceId": "..." }`.
 * Not an entry itself: each source kind has its own entry in fetch/<kind>.ts that passes its one
 * connector here, so a source's bundle holds no other platform's code.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import { awsAnalyzer } from '../adapters/aws-analyzer.ts';
import { awsFlows, awsStores, requireStore, systemClock } from '../adapters/aws-ports.ts';
import { loadBundledConfig } from '../adapters/bundled-config.ts';
import { powertools, traced } from '../adapters/powertools.ts';
import { SecretsManagerReader } from '../adapters/secrets.ts';
import type { IngestDeps } from '../core/ingest.ts';
import type { SourceKind } from '../core/mention.ts';
import { runSource, type SourceFactory } from '../core/run-source.ts';
import { connect, type Connector, type SourceConfigOf } from '../sources/connector.ts';

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

function awsDeps<K extends SourceKind>(kind: K, connector: Connector<K>): [IngestDeps, SourceFactory] {
  const config = loadBundledConfig();
  const dynamo = traced(new DynamoDBClient({}));
  const stores = awsStores(config, dynamo);
  const ports = powertools('fetch-mentions');
  const analyzer = awsAnalyzer(config, dynamo, ports);
  const secrets = new SecretsManagerReader({ client: traced(new SecretsManagerClient({})) });
  const makeSource: SourceFactory = async (source, run) => {
    if (source.kind !== kind) throw new TypeError(`this function fetches ${kind} sources; "${source.id}" is a ${source.kind} source`);
    // The stack names each source's secret per stage and passes its ARN; the config's label is for local runs.
    const credentials = source.secret ? await secrets.get(process.env[HANDLER_ENV.sourceSecretArn] ?? source.secret) : {};
    const brand = config.brands.find((b) => b.id === source.brand);
    return connect(source as SourceConfigOf<K>, { credentials, clock: systemClock, brand, deadline: run?.deadline }, connector);
  };
  const deps: IngestDeps = {
    config,
    clock: systemClock,
    mentions: requireStore(stores, 'mentions'),
    counters: requireStore(stores, 'counters'),
    cursors: requireStore(stores, 'cursors'),
    incidents: requireStore(stores, 'incidents'),
    analyzer,
    ...awsFlows(),
    ...ports,
  };
  return [deps, makeSource];
}

/** A fetch function's Lambda entry for `kind` sources: AWS adapters built once per cold start, on first call. */
export function fetchMentionsHandler<K extends SourceKind>(kind: K, connector: Connector<K>): FetchMentionsHandler {
  let live: FetchMentionsHandler | undefined;
  return (event, context) => (live ??= createFetchMentionsHandler(...awsDeps(kind, connector)))(event, context);
}
