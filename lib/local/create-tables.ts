/** Creates DynamoDB tables from the shared specs in lambdas/contracts/tables.ts (used for the embedded server). */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
} from '@aws-sdk/client-dynamodb';
import type { KeySpec, TableSpec } from '../../lambdas/contracts/tables.ts';

const keySchema = (pk: KeySpec, sk?: KeySpec): KeySchemaElement[] => [
  { AttributeName: pk.name, KeyType: 'HASH' },
  ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
];

/** The CreateTable input for one spec: key schema, every GSI (projection ALL), on-demand billing. */
export function toCreateTableInput(spec: TableSpec, tableName: string): CreateTableCommandInput {
  // DynamoDB rejects duplicate or unused attribute definitions: collect each key attribute once.
  const attributes = new Map<string, AttributeDefinition>();
  const define = (k?: KeySpec) => {
    if (k) attributes.set(k.name, { AttributeName: k.name, AttributeType: k.type });
  };
  define(spec.partitionKey);
  define(spec.sortKey);
  for (const index of spec.indexes) {
    define(index.partitionKey);
    define(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    ...(spec.indexes.length > 0 && {
      GlobalSecondaryIndexes: spec.indexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: keySchema(index.partitionKey, index.sortKey),
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  };
}

/**
 * Creates one table per spec, named `${prefix}${spec.name}`, and returns the physical names by key.
 * TTL is not set: dynalite has no UpdateTimeToLive, and expiry is a stack setting.
 */
export async function createTables<K extends string>(
  client: DynamoDBClient,
  specs: Record<K, TableSpec>,
  prefix = '',
): Promise<Record<K, string>> {
  const names = {} as Record<K, string>;
  for (const key of Object.keys(specs) as K[]) {
    const name = `${prefix}${specs[key].name}`;
    try {
      await client.send(new CreateTableCommand(toCreateTableInput(specs[key], name)));
    } catch (err) {
      // A persistent local database (`path`) already holds its tables from an earlier run.
      if ((err as Error).name !== 'ResourceInUseException') throw err;
    }
    names[key] = name;
  }
  // dynalite turns a new table ACTIVE on a timer: a request before then finds no table.
  for (const name of Object.values(names) as string[]) {
    for (let i = 0; i < 200; i++) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
      if (Table?.TableStatus === 'ACTIVE') break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  return names;
}
