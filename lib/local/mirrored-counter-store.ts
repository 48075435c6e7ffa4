/**
 * A CounterStore decorator for single-process runs (demo, replay): every add still goes to the
 * real store, and a mirror in memory answers `range`, which detection calls on every run with
 * a week of buckets. Only valid while this process is the only writer.
 */
import type { CounterBatch, CounterBucket, CounterDelta, CounterStore } from '../../lambdas/core/ports.ts';

/** A brand's buckets, also in bucket order: a range is a binary search, not a scan and a sort. */
interface BrandBuckets {
  byStart: Map<string, CounterBucket>;
  ordered: CounterBucket[];
}

/** The first index in `ordered` whose bucket starts at or after `start`. */
function lowerBound(ordered: readonly CounterBucket[], start: string): number {
  let lo = 0;
  let hi = ordered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ordered[mid]!.bucketStart < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class MirroredCounterStore implements CounterStore {
  readonly #mirror = new Map<string, BrandBuckets>();

  constructor(private readonly inner: CounterStore) {}

  async add(brand: string, bucketStart: string, delta: CounterDelta, once?: CounterBatch): Promise<boolean> {
    // The mirror follows the store: a batch the store refused (already added) is not mirrored twice.
    if (!(await this.inner.add(brand, bucketStart, delta, once))) return false;
    let buckets = this.#mirror.get(brand);
    if (!buckets) this.#mirror.set(brand, (buckets = { byStart: new Map(), ordered: [] }));
    let b = buckets.byStart.get(bucketStart);
    if (!b) {
      b = { brand, bucketStart, total: 0, negative: 0, complaint: 0, reach: 0, negativeReach: 0, bySource: {}, byTheme: {} };
      buckets.byStart.set(bucketStart, b);
      buckets.ordered.splice(lowerBound(buckets.ordered, bucketStart), 0, b);
    }
    for (const key of ['total', 'negative', 'complaint', 'reach', 'negativeReach', 'replied', 'replyMinutes'] as const) {
      const add = delta[key];
      if (add) b[key] = (b[key] ?? 0) + add;
    }
    for (const [k, v] of Object.entries(delta.bySource)) b.bySource[k] = (b.bySource[k] ?? 0) + v;
    for (const [k, v] of Object.entries(delta.byTheme)) b.byTheme[k] = (b.byTheme[k] ?? 0) + v;
    return true;
  }

  async range(brand: string, from: string, to: string): Promise<CounterBucket[]> {
    const ordered = this.#mirror.get(brand)?.ordered ?? [];
    return ordered.slice(lowerBound(ordered, from), lowerBound(ordered, to)).map((b) => ({ ...b, bySource: { ...b.bySource }, byTheme: { ...b.byTheme } }));
  }
}
