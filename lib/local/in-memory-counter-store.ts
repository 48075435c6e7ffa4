/**
 * A CounterStore held in memory (see in-memory-mention-store.ts): a batch is added to a bucket
 * at most once per writer, as DynamoCounterStore adds it; a range is two binary searches and
 * hands out the stored buckets, frozen (an add replaces a bucket, never changes it).
 */
import type { CounterBatch, CounterBucket, CounterDelta, CounterStore } from '../../lambdas/core/ports.ts';

/** A brand's buckets, also in bucket order, with each writer's last batch per bucket. */
interface BrandBuckets {
  byStart: Map<string, { bucket: CounterBucket; batches: Map<string, number> }>;
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

export class InMemoryCounterStore implements CounterStore {
  readonly #brands = new Map<string, BrandBuckets>();

  async add(brand: string, bucketStart: string, delta: CounterDelta, once?: CounterBatch): Promise<boolean> {
    let buckets = this.#brands.get(brand);
    if (!buckets) this.#brands.set(brand, (buckets = { byStart: new Map(), ordered: [] }));
    let entry = buckets.byStart.get(bucketStart);
    if (once && (entry?.batches.get(once.writer) ?? -Infinity) >= once.batch) return false;
    const at = lowerBound(buckets.ordered, bucketStart);
    if (!entry) {
      const bucket: CounterBucket = { brand, bucketStart, total: 0, negative: 0, complaint: 0, reach: 0, negativeReach: 0, bySource: {}, byTheme: {} };
      buckets.byStart.set(bucketStart, (entry = { bucket, batches: new Map() }));
      buckets.ordered.splice(at, 0, bucket);
    }
    if (once) entry.batches.set(once.writer, once.batch);
    // A new frozen copy per change: ranges hand out the stored buckets themselves, unchanged by later adds.
    const b: CounterBucket = { ...entry.bucket, bySource: { ...entry.bucket.bySource }, byTheme: { ...entry.bucket.byTheme } };
    for (const key of ['total', 'negative', 'complaint', 'reach', 'negativeReach'] as const) b[key] += delta[key];
    for (const key of ['replied', 'replyMinutes'] as const) if (delta[key] !== undefined) b[key] = (b[key] ?? 0) + delta[key];
    for (const [k, v] of Object.entries(delta.bySource)) b.bySource[k] = (b.bySource[k] ?? 0) + v;
    for (const [k, v] of Object.entries(delta.byTheme)) b.byTheme[k] = (b.byTheme[k] ?? 0) + v;
    Object.freeze(b.bySource);
    Object.freeze(b.byTheme);
    entry.bucket = Object.freeze(b);
    buckets.ordered[at] = entry.bucket;
    return true;
  }

  async range(brand: string, from: string, to: string): Promise<CounterBucket[]> {
    const ordered = this.#brands.get(brand)?.ordered ?? [];
    if (from >= to) return [];
    return ordered.slice(lowerBound(ordered, from), lowerBound(ordered, to));
  }
}
