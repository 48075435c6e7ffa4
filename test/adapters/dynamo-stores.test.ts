import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoStores } from '../../lambdas/adapters/dynamo-stores.ts';
import { toCreateTableInput } from '../../lib/local/create-tables.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { TABLES } from '../../lambdas/contracts/tables.ts';
import { aMention } from './dynamo-test-data.ts';

describe('Function: createTables', () => {
  it('defines each key attribute once and every GSI with projection ALL', () => {
    const input = toCreateTableInput(TABLES.incidents, 'X');
    expect(input.AttributeDefinitions?.map((a) => a.AttributeName).sort()).toEqual(['brand', 'id', 'openFingerprint', 'openedAt']);
    expect(input.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.Projection?.ProjectionType])).toEqual([
      ['byBrandOpenedAt', 'ALL'],
      ['byFingerprint', 'ALL'],
    ]);
    expect(toCreateTableInput(TABLES.cursors, 'C')).not.toHaveProperty('GlobalSecondaryIndexes');
  });
});

describe('Function: startEmbeddedDynamo', () => {
  let dynamo: EmbeddedDynamo;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo({ tablePrefix: 'test-' });
  });
  afterAll(() => dynamo?.stop());

  it('creates every table of lambdas/contracts/tables.ts, active, with its indexes', async () => {
    for (const [key, spec] of Object.entries(TABLES)) {
      const name = dynamo.tableNames[key as keyof typeof TABLES];
      expect(name).toBe(`test-${spec.name}`);
      const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: name }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName)).toEqual(spec.indexes.map((i) => i.indexName));
    }
  });

  it('serves the stores createDynamoStores builds', async () => {
    const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    await stores.mentions.putMany([aMention('wired')]);
    expect((await stores.mentions.getMany(['blog#wired'])).size).toBe(1);
    await stores.cursors.put('blog', { etag: 'x' });
    expect(await stores.cursors.get('blog')).toEqual({ etag: 'x' });
  });
});

describe('Function: startEmbeddedDynamo with a path', () => {
  it('keeps tables and items across a restart on the same folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dynalite-'));
    try {
      const first = await startEmbeddedDynamo({ path: dir });
      await createDynamoStores(first.client, first.tableNames).cursors.put('blog', { etag: 'kept' });
      await first.stop();
      const second = await startEmbeddedDynamo({ path: dir });
      try {
        expect(await createDynamoStores(second.client, second.tableNames).cursors.get('blog')).toEqual({ etag: 'kept' });
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
