import { describe, expect, it } from 'vitest';
import { InMemoryCursorStore } from '../../../lib/local/in-memory-cursor-store.ts';
import { leaseContract } from '../../helpers/cursor-store-contract.ts';

describe('Class: InMemoryCursorStore', () => {
  const store = new InMemoryCursorStore();

  describe('Method: lease', () => {
    leaseContract(() => store);
  });

  describe('Methods: get and put', () => {
    it('hands out copies: a caller changing a cursor changes nothing stored', async () => {
      await store.put('copies', { since: '1' });
      const cursor = (await store.get('copies'))!;
      cursor.since = 'changed';
      expect(await store.get('copies')).toEqual({ since: '1' });
      expect(await store.get('never')).toBeUndefined();
    });
  });
});
