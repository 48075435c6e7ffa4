import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCursorStore } from '../../lambdas/adapters/dynamo-cursor-store.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';
import { leaseContract } from '../helpers/cursor-store-contract.ts';

describe('Class: DynamoCursorStore', () => {
  let dynamo: EmbeddedDynamo;
  let store: DynamoCursorStore;

  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
    store = new DynamoCursorStore({ tableName: dynamo.tableNames.cursors, client: dynamo.client });
  });
  afterAll(() => dynamo?.stop());

  describe('Method: get', () => {
    it('returns undefined for a source never fetched', async () => {
      expect(await store.get('never')).toBeUndefined();
    });
  });

  describe('Method: put', () => {
    it('stores a cursor and replaces the cursor whole on the next put', async () => {
      await store.put('blog', { etag: '"abc"', lastModified: 'Mon, 03 Mar 2025 10:00:00 GMT' });
      expect(await store.get('blog')).toEqual({ etag: '"abc"', lastModified: 'Mon, 03 Mar 2025 10:00:00 GMT' });
      await store.put('blog', { sinceId: '42' });
      expect(await store.get('blog')).toEqual({ sinceId: '42' });
    });

    it('keeps cursors of different sources apart', async () => {
      await store.put('a', { sinceId: '1' });
      await store.put('b', { sinceId: '2' });
      expect(await store.get('a')).toEqual({ sinceId: '1' });
    });
  });

  describe('Method: lease', () => {
    const now = '2026-11-18T12:00:00.000Z';
    const later = '2026-11-18T12:02:15.000Z';

    leaseContract(() => store);

    it('takes over another holder\'s lease at once where told to (one process per local database)', async () => {
      const other = new DynamoCursorStore({ tableName: dynamo.tableNames.cursors, client: dynamo.client, holder: 'killed-process' });
      const mine = new DynamoCursorStore({ tableName: dynamo.tableNames.cursors, client: dynamo.client, holder: 'this-process', takeOverOtherHolders: true });
      await other.lease('lease-3', now, later);
      expect(await mine.lease('lease-3', now, later)).toBeDefined();
      expect(await mine.lease('lease-3', now, later)).toBeUndefined();
    });
  });
});
