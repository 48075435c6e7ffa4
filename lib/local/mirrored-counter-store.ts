/**
 * A CounterStore decorator for single-process runs (demo, replay): every add still goes to the
 * real store, and a mirror in memory answers `range`, which detection calls on every run with
 * a week of buckets. Only valid while this process is the only writer.
 */
import type { CounterBatch, CounterBucket, CounterDelta, CounterStore } from '../../lambdas/core/ports.ts';

export class MirroredCounterStore implements CounterStore {
  readonly #mirror = new Map<string, Map<string, CounterBucket>>();

  constructor(private readonly inner: CounterStore) {}

  async add(brand: string, bucketStart: string, delta: CounterDelta, once?: CounterBatch): Promise<boolean> {
    // The mirror follows the store: a batch the store refused (already added) is not mirrored twice.
    if (!(await this.inner.add(brand, bucketStart, delta, once))) return false;
    const buckets = this.#mirror.get(brand) ?? new Map<string, CounterBucket>();
    this.#mirror.set(brand, buckets);
    const b = buckets.get(bucketStart) ?? { brand, bucketStart, total: 0, negative: 0, complaint: 0, reach: 0, negativeReach: 0, bySource: {}, byTheme: {} };
    for (const key of ['total', 'negative', 'complaint', 'reach', 'negativeReach', 'replied', 'replyMinutes'] as const) {
      const add = delta[key];
      if (add) b[key] = (b[key] ?? 0) + add;
    }
    for (const [k, v] of Object.entries(delta.bySource)) b.bySource[k] = (b.bySource[k] ?? 0) + v;
    for (const [k, v] of Object.entries(delta.byTheme)) b.byTheme[k] = (b.byTheme[k] ?? 0) + v;
    buckets.set(bucketStart, b);
    return true;
  }

  async range(brand: string, from: string, to: string): Promise<CounterBucket[]> {
    const out: CounterBucket[] = [];
    for (const b of this.#mirror.get(brand)?.values() ?? []) {
      if (b.bucketStart >= from && b.bucketStart < to) out.push({ ...b, bySource: { ...b.bySource }, byTheme: { ...b.byTheme } });
    }
    return out.sort((a, b) => (a.bucketStart < b.bucketStart ? -1 : 1));
  }
}
