/**
 * A fetch function's ports on AWS: the stores on DynamoDB, the analyser (Comprehend behind the
 * analysis cache), the source's secret from Secrets Manager, its one connector, and the flows.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import type { IngestDeps } from '../core/ingest.ts';
import type { SourceKind } from '../core/mention.ts';
import type { SourceFactory } from '../core/run-source.ts';
import { connect, type Connector, type SourceConfigOf } from '../sources/connector.ts';
import { awsAnalyzer } from './aws-analyzer.ts';
import { awsFlows, awsStores, requireStore, systemClock } from './aws-ports.ts';
import { loadBundledConfig } from './bundled-config.ts';
import { powertools, traced } from './powertools.ts';
import { SecretsManagerReader } from './secrets.ts';

export function awsFetchDeps<K extends SourceKind>(kind: K, connector: Connector<K>): [IngestDeps, SourceFactory] {
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
