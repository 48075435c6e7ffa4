/**
 * The Lambda composition root: builds AWS adapters from the environment the stack sets.
 * Each builder is called once per cold start by the handler that needs it; a missing
 * variable fails that cold start with its name.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient } from '@aws-sdk/client-sfn';
import { HANDLER_ENV } from '../contracts/handler-env.ts';
import { TABLES, type TableKey } from '../contracts/tables.ts';
import { createDynamoStores, type DynamoStores } from './dynamo-stores.ts';
import { requireEnv } from './env.ts';
import { SfnFlowCallback } from './sfn-flow-callback.ts';
import { SfnFlowStarter } from './sfn-flow-starter.ts';
import type { Config } from '../core/config.ts';
import { traced } from './powertools.ts';
import { createLinkSigner, type LinkSigner } from '../core/links.ts';
import { SecretsManagerReader } from './secrets.ts';
import { systemClock } from './system-clock.ts';

// The handlers' clock, re-exported so a composition root imports its pieces from one place.
export { systemClock };

/** Stores for the tables whose env vars are set: a function only gets the tables it is granted. */
export function awsStores(config: Config, client = traced(new DynamoDBClient({}))): Partial<DynamoStores> {
  const names = Object.fromEntries(
    (Object.keys(TABLES) as TableKey[]).map((key) => [key, process.env[TABLES[key].envVar] ?? '']),
  ) as Record<TableKey, string>;
  const all = createDynamoStores(client, names, { retentionDays: config.retentionDays });
  return Object.fromEntries(Object.entries(all).filter(([key]) => names[key as TableKey])) as Partial<DynamoStores>;
}

/** Fails fast when a store the handler needs has no table env var. */
export function requireStore<K extends keyof DynamoStores>(stores: Partial<DynamoStores>, key: K): DynamoStores[K] {
  const store = stores[key];
  if (!store) requireEnv(TABLES[key].envVar);
  return store!;
}

/** Starts escalation flows: needs the state machine's ARN. */
export function awsFlows(client = traced(new SFNClient({}))) {
  return {
    flows: new SfnFlowStarter({ client, stateMachineArn: requireEnv(HANDLER_ENV.escalationStateMachineArn) }),
    callbacks: awsFlowCallback(client),
  };
}

/** Answers waiting flow tasks: needs only the token, so the flow's own tasks can use it without a cycle. */
export function awsFlowCallback(client = traced(new SFNClient({}))) {
  return new SfnFlowCallback({ client });
}

/**
 * The action-link signer, its key read from Secrets Manager on first use. The reader caches it
 * per container, so a rotated key is picked up within the cache's TTL.
 */
export function awsLinkSigner(client = traced(new SecretsManagerClient({}))): () => Promise<LinkSigner> {
  const secrets = new SecretsManagerReader({ client });
  const secretArn = requireEnv(HANDLER_ENV.linkSecretArn);
  return async () => createLinkSigner(await secrets.getText(secretArn));
}
