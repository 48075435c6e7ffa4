/**
 * A CursorStore held in memory, for a run that is one process over data it throws away
 * (replay): no other run can take a source, and a crash ends the whole replay, so leases and
 * batch journals protect nothing there. It keeps their contract (a lease is refused while held,
 * a write of a run that lost it throws LeaseLostError), without a DynamoDB call per step.
 */
import { LeaseLostError, type BatchJournal, type Cursor, type CursorStore, type SourceRunState } from '../../lambdas/core/ports.ts';

interface SourceItem {
  cursor?: Cursor;
  batch: number;
  unscored: string[];
  journal?: BatchJournal;
  lease?: { run: string; until: string };
}

export class InMemoryCursorStore implements CursorStore {
  readonly #items = new Map<string, SourceItem>();
  #runs = 0;

  async get(sourceId: string): Promise<Cursor | undefined> {
    const cursor = this.#items.get(sourceId)?.cursor;
    return cursor && { ...cursor };
  }

  async put(sourceId: string, cursor: Cursor): Promise<void> {
    this.#item(sourceId).cursor = { ...cursor };
  }

  async lease(sourceId: string, now: string, until: string): Promise<SourceRunState | undefined> {
    const item = this.#item(sourceId);
    if (item.lease && item.lease.until >= now) return undefined;
    const run = `run-${++this.#runs}`;
    item.lease = { run, until };
    return {
      run,
      ...(item.cursor ? { cursor: { ...item.cursor } } : {}),
      batch: item.batch,
      unscored: [...item.unscored],
      ...(item.journal ? { journal: structuredClone(item.journal) } : {}),
    };
  }

  async openBatch(sourceId: string, run: string, journal: BatchJournal): Promise<void> {
    this.#held(sourceId, run).journal = structuredClone(journal);
  }

  async closeBatch(sourceId: string, run: string, batch: number, unscored: readonly string[]): Promise<void> {
    const item = this.#held(sourceId, run);
    Object.assign(item, { batch, unscored: [...unscored] });
    delete item.journal;
  }

  async release(sourceId: string, run: string, end?: { cursor: Cursor; batch: number; unscored: readonly string[] }): Promise<void> {
    if (!end) {
      const item = this.#items.get(sourceId);
      if (item?.lease?.run === run) delete item.lease;
      return;
    }
    const item = this.#held(sourceId, run);
    Object.assign(item, { cursor: { ...end.cursor }, batch: end.batch, unscored: [...end.unscored] });
    delete item.journal;
    delete item.lease;
  }

  #item(sourceId: string): SourceItem {
    let item = this.#items.get(sourceId);
    if (!item) this.#items.set(sourceId, (item = { batch: 0, unscored: [] }));
    return item;
  }

  #held(sourceId: string, run: string): SourceItem {
    const item = this.#items.get(sourceId);
    if (item?.lease?.run !== run) throw new LeaseLostError(sourceId);
    return item;
  }
}
