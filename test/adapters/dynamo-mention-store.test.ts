import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDocumentClient } from '../../lambdas/adapters/dynamo-document.ts';
import { DynamoMentionStore, MentionNotFoundError, UnprocessedItemsError } from '../../lambdas/adapters/dynamo-mention-store.ts';
import type { Analysis } from '../../lambdas/core/mention.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { aMention } from './dynamo-test-data.ts';

const analysis: Analysis = {
  sentiment: 'NEGATIVE',
  scores: { positive: 0, negative: 0.9, neutral: 0.1, mixed: 0 },
  complaint: true,
  signals: ['service-failure:crashed'],
  risks: [],
  theme: 'outage',
  analyzer: 'lexicon',
};

describe('Class: DynamoMentionStore', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoMentionStore;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    store = new DynamoMentionStore({ tableName: dynamo.tableNames.mentions, client: dynamo.client, pageSize: 7 });
  });
  afterAll(() => dynamo?.stop());

  describe('Methods: putMany and getMany', () => {
    it('writes and reads back more Mentions than one batch call takes, and only the stored ones', async () => {
      const many = Array.from({ length: 260 }, (_, i) => aMention(`many-${i}`, { analysis }));
      // The same id twice in one call is written once (BatchWriteItem refuses duplicates).
      await store.putMany([...many, { ...many[0]!, text: 'the later copy' }]);
      const found = await store.getMany([...many.map((m) => m.id), 'blog#never-stored', many[1]!.id]);
      expect(found.size).toBe(260);
      expect(found.get(many[0]!.id)?.text).toBe('the later copy');
      expect(found.get(many[5]!.id)?.analysis).toEqual(analysis);
      expect(found.has('blog#never-stored')).toBe(false);
    });

    it('rewrites a stored Mention whole (an analysis added later)', async () => {
      const mention = aMention('rewrite-1');
      await store.putMany([mention]);
      await store.putMany([{ ...mention, analysis, batch: 3 }]);
      expect(await store.get(mention.id)).toMatchObject({ analysis, batch: 3 });
    });

    it('retries the items DynamoDB left unprocessed, then names what is left', async () => {
      const doc = toDocumentClient(dynamo.client);
      let calls = 0;
      // A document client whose every BatchWriteItem comes back with the first item unprocessed (throttled).
      const throttled = Object.assign(Object.create(doc) as typeof doc, {
        send: async (command: { input: { RequestItems: Record<string, unknown[]> } }) => {
          calls++;
          const [table, requests] = Object.entries(command.input.RequestItems)[0]!;
          return { UnprocessedItems: { [table]: requests.slice(0, 1) } };
        },
      });
      const sleeps: number[] = [];
      const stuck = new DynamoMentionStore({ tableName: 'Mentions', client: throttled, maxAttempts: 3, sleep: async (ms) => void sleeps.push(ms) });
      await expect(stuck.putMany([aMention('u-1'), aMention('u-2')])).rejects.toThrow(new UnprocessedItemsError('BatchWriteItem', 1).message);
      expect(calls).toBe(4);
      expect(sleeps).toEqual([50, 100, 200]);
    });

    it('sets expiresAt in epoch seconds to the later of createdAt and fetchedAt plus the retention', async () => {
      const mention = aMention('ttl-1', { createdAt: '2025-01-01T00:00:00.000Z', fetchedAt: '2025-01-02T00:00:00.000Z' });
      const short = new DynamoMentionStore({ tableName: dynamo.tableNames.mentions, client: dynamo.client, retentionDays: 7 });
      await short.putMany([mention]);
      const { Item } = await toDocumentClient(dynamo.client).send(
        new GetCommand({ TableName: dynamo.tableNames.mentions, Key: { id: mention.id } }),
      );
      expect(Item?.expiresAt).toBe(Date.parse('2025-01-09T00:00:00.000Z') / 1000);
    });

    it('defaults the retention to 90 days and keeps the TTL attribute out of what get returns', async () => {
      const mention = aMention('ttl-2', { createdAt: '2025-01-01T00:00:00.000Z', fetchedAt: '2025-01-01T00:00:00.000Z' });
      await store.putMany([mention]);
      const { Item } = await toDocumentClient(dynamo.client).send(
        new GetCommand({ TableName: dynamo.tableNames.mentions, Key: { id: mention.id } }),
      );
      expect(Item?.expiresAt).toBe(Date.parse('2025-04-01T00:00:00.000Z') / 1000);
      expect(await store.get(mention.id)).toEqual(mention);
    });

    it('drops undefined optional fields instead of failing to marshall them', async () => {
      const mention = aMention('undef-1', { language: undefined, inReplyTo: undefined });
      await store.putMany([mention]);
      expect(await store.get(mention.id)).not.toHaveProperty('language');
    });
  });

  describe('Method: get', () => {
    it('returns undefined for an unknown id', async () => {
      expect(await store.get('blog#missing')).toBeUndefined();
    });
  });

  describe('Method: attachToIncident', () => {
    it('throws MentionNotFoundError rather than creating a stub item', async () => {
      await expect(store.attachToIncident('blog#nope', 'INC-9')).rejects.toBeInstanceOf(MentionNotFoundError);
      expect(await store.get('blog#nope')).toBeUndefined();
    });
  });

  describe('Method: listByIncident', () => {
    it('returns the attached Mentions newest first across several pages, up to the limit', async () => {
      const base = Date.parse('2025-03-03T10:00:00.000Z');
      // Inserted oldest first so the order comes from the index, not from insertion.
      for (let i = 0; i <= 24; i++) {
        const m = aMention(`inc-${i}`, { createdAt: new Date(base + i * 60_000).toISOString() });
        await store.putMany([m]);
        await store.attachToIncident(m.id, 'INC-1');
      }
      await store.putMany([aMention('other')]);
      await store.attachToIncident('blog#other', 'INC-2');

      const all = await store.listByIncident('INC-1', 100);
      expect(all.map((m) => m.nativeId)).toEqual(Array.from({ length: 25 }, (_, i) => `inc-${24 - i}`));
      expect(all.every((m) => m.incidentId === 'INC-1')).toBe(true);

      const first10 = await store.listByIncident('INC-1', 10);
      expect(first10.map((m) => m.nativeId)).toEqual(Array.from({ length: 10 }, (_, i) => `inc-${24 - i}`));

      // The incident page's "oldest first": the same index read forwards.
      const oldest = await store.listByIncident('INC-1', 7, { oldestFirst: true });
      expect(oldest.map((m) => m.nativeId)).toEqual(Array.from({ length: 7 }, (_, i) => `inc-${i}`));
    });

    it('returns an empty list for an Incident with no Mentions', async () => {
      expect(await store.listByIncident('INC-none', 10)).toEqual([]);
    });
  });
});
