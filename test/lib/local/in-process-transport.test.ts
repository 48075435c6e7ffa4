import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDocumentClient } from '../../../lambdas/adapters/dynamo-document.ts';
import { createDynamoStores } from '../../../lambdas/adapters/dynamo-stores.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../../lib/local/embedded-dynamo.ts';
import { aMention, anIncident } from '../../adapters/dynamo-test-data.ts';

describe('Function: startEmbeddedDynamo with inProcess', () => {
  let dynamo: EmbeddedDynamo;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo({ inProcess: true });
  });
  afterAll(() => dynamo?.stop());

  it('stores and reads back through the real stores, with no socket', async () => {
    const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    const many = Array.from({ length: 60 }, (_, i) => aMention(`in-${i}`, { text: `post ${i} ünïcødé 🚀` }));
    await stores.mentions.putMany(many);
    const found = await stores.mentions.getMany(many.map((m) => m.id));
    expect(found.size).toBe(60);
    expect(found.get('blog#in-7')?.text).toBe('post 7 ünïcødé 🚀');
    await stores.mentions.attachToIncident('blog#in-3', 'inc-1');
    expect((await stores.mentions.listByIncident('inc-1', 10)).map((m) => m.id)).toEqual(['blog#in-3']);
  });

  it("returns DynamoDB's errors by name, as a socket client sees them", async () => {
    const stores = createDynamoStores(dynamo.client, dynamo.tableNames);
    expect(await stores.incidents.create(anIncident('dup-1'))).toBe(true);
    // A conditional check that fails is ConditionalCheckFailedException, which the stores rely on.
    expect(await stores.incidents.create(anIncident('dup-1'))).toBe(false);
    await expect(stores.mentions.attachToIncident('blog#never-stored', 'inc-1')).rejects.toThrow(/never-stored not found/);
    // A request DynamoDB refuses names what was wrong.
    const doc = toDocumentClient(dynamo.client);
    await expect(doc.send(new PutCommand({ TableName: dynamo.tableNames.mentions, Item: { text: 'no key' } }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/key/i),
    });
  });

  it('still serves other clients on its endpoint', async () => {
    const other = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'local', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    try {
      const { TableNames = [] } = await other.send(new ListTablesCommand({}));
      expect(TableNames).toContain(dynamo.tableNames.mentions);
    } finally {
      other.destroy();
    }
  });
});
