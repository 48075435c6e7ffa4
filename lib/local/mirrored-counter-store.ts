/**
 * A CounterStore decorator for single-process runs (the local runtime): every add still goes to
 * the real store, and a mirror in memory answers `range`, which detection calls on every run with
 * a week of buckets. Only valid while this process is the only writer.
 */
import type { CounterBatch, CounterBucket, CounterDelta, CounterStore } from '../../lambdas/core/ports.ts';
import { InMemoryCounterStore } from './in-memory-counter-store.ts';

export class MirroredCounterStore implements CounterStore {
  readonly #mirror = new InMemoryCounterStore();

  constructor(private readonly inner: CounterStore) {}

  async add(brand: string, bucketStart: string, delta: CounterDelta, once?: CounterBatch): Promise<boolean> {
    // The mirror follows the store: a batch the store refused (already added) is not mirrored twice.
    if (!(await this.inner.add(brand, bucketStart, delta, once))) return false;
    return this.#mirror.add(brand, bucketStart, delta);
  }

  range(brand: string, from: string, to: string): Promise<CounterBucket[]> {
    return this.#mirror.range(brand, from, to);
  }
}
