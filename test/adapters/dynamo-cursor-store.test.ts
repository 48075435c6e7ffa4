import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCursorStore } from '../../lambdas/adapters/dynamo-cursor-store.ts';
import { LeaseLostError } from '../../lambdas/core/ports.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from '../../lib/local/embedded-dynamo.ts';

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

    it('gives the source to one run at a time, and to the next run once released or expired', async () => {
      const first = await store.lease('lease-1', now, later);
      expect(first).toMatchObject({ batch: 0, unscored: [] });
      expect(await store.lease('lease-1', now, later)).toBeUndefined();
      // Past its time the lease is taken over: its run died.
      const second = await store.lease('lease-1', '2026-11-18T12:03:00.000Z', '2026-11-18T12:05:00.000Z');
      expect(second?.run).not.toBe(first!.run);
      // The first run lost it: its writes are refused, its release is a no-op.
      await expect(store.openBatch('lease-1', first!.run, { batch: 1, stored: [], rescored: [], replied: [] })).rejects.toBeInstanceOf(LeaseLostError);
      await store.release('lease-1', first!.run);
      expect(await store.lease('lease-1', '2026-11-18T12:03:00.000Z', later)).toBeUndefined();
      await store.release('lease-1', second!.run);
      expect(await store.lease('lease-1', now, later)).toBeDefined();
    });

    it('returns the journal a failed run left, and clears it with the batch number and the cursor on release', async () => {
      const run = (await store.lease('lease-2', now, later))!.run;
      const journal = { batch: 1, stored: ['s#1', 's#2'], rescored: [], replied: ['s#0'] };
      await store.openBatch('lease-2', run, journal);
      await store.release('lease-2', run);
      const next = (await store.lease('lease-2', now, later))!;
      expect(next.journal).toEqual(journal);
      await store.closeBatch('lease-2', next.run, 1, ['s#2']);
      await store.release('lease-2', next.run, { cursor: { since: '9' }, batch: 2, unscored: ['s#2', 's#3'] });
      expect(await store.lease('lease-2', now, later)).toMatchObject({ cursor: { since: '9' }, batch: 2, unscored: ['s#2', 's#3'] });
      expect(await store.get('lease-2')).toEqual({ since: '9' });
    });

    it('takes over another holder\'s lease at once where told to (one process per local database)', async () => {
      const other = new DynamoCursorStore({ tableName: dynamo.tableNames.cursors, client: dynamo.client, holder: 'killed-process' });
      const mine = new DynamoCursorStore({ tableName: dynamo.tableNames.cursors, client: dynamo.client, holder: 'this-process', takeOverOtherHolders: true });
      await other.lease('lease-3', now, later);
      expect(await mine.lease('lease-3', now, later)).toBeDefined();
      expect(await mine.lease('lease-3', now, later)).toBeUndefined();
    });
  });
});
