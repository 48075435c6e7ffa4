/**
 * Window sums over counter buckets and a robust baseline of them: median and scaled MAD,
 * so one past crisis in the history does not inflate the baseline that the next is judged by.
 */
import type { CounterBucket } from '../ports.ts';

const MINUTE = 60_000;

/** Start (ms) of the bucket holding `ms`, buckets aligned to the epoch. */
export const bucketFloor = (ms: number, bucketMinutes: number): number =>
  Math.floor(ms / (bucketMinutes * MINUTE)) * bucketMinutes * MINUTE;

/** A count series indexed by bucket start, with the first time data was seen. */
export class BucketSeries {
  /** Buckets by start; a store returns one per start, but several (e.g. merged exports) add up. */
  private readonly byStart = new Map<number, CounterBucket[]>();
  /** Earliest bucket start in the history (ms), or undefined when there is none. */
  readonly firstMs: number | undefined;

  constructor(history: readonly CounterBucket[]) {
    let first: number | undefined;
    for (const b of history) {
      const ms = Date.parse(b.bucketStart);
      this.byStart.set(ms, [...(this.byStart.get(ms) ?? []), b]);
      if (first === undefined || ms < first) first = ms;
    }
    this.firstMs = first;
  }

  /** Sum of `pick(bucket)` over buckets with from <= start < to (absent buckets count 0). */
  sum(fromMs: number, toMs: number, pick: (b: CounterBucket) => number): number {
    let total = 0;
    for (const [ms, bs] of this.byStart) if (ms >= fromMs && ms < toMs) for (const b of bs) total += pick(b);
    return total;
  }

  buckets(fromMs: number, toMs: number): CounterBucket[] {
    return [...this.byStart].filter(([ms]) => ms >= fromMs && ms < toMs).sort(([a], [b]) => a - b).flatMap(([, bs]) => bs);
  }

  /** All source ids that appear in the history. */
  sources(): string[] {
    const ids = new Set<string>();
    for (const bs of this.byStart.values()) for (const b of bs) for (const id of Object.keys(b.bySource ?? {})) ids.add(id);
    return [...ids];
  }
}

export interface Baseline {
  /** Robust centre of the past windows' counts: the median (same-hour) or upper quartile (all-hours). */
  center: number;
  /** Robust spread: 1.4826 × MAD, floored at the Poisson noise √center plus one count (see robustStats). */
  spread: number;
  samples: number;
  /** 'same-hour': past days at the same time of day; 'all-hours': every past window. */
  mode: 'same-hour' | 'all-hours';
}

/** The q-quantile (0..1) by linear interpolation. */
export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/**
 * A robust centre and spread of window counts. The spread is 1.4826 × MAD (the standard
 * deviation for normal data, unmoved by one past crisis), floored at √centre + 1: counts
 * are at least Poisson-noisy, small-count tails are heavier than a normal's, and a
 * baseline from a week of windows is itself uncertain by about a count.
 */
export function robustStats(values: readonly number[], centerQuantile = 0.5): { center: number; spread: number } {
  const center = quantile(values, centerQuantile);
  const mad = median(values.map((v) => Math.abs(v - center)));
  return { center, spread: Math.max(1.4826 * mad, Math.sqrt(center) + 1) };
}

/** Past days needed before the same-hour baseline is trusted over the all-hours one. */
export const SAME_HOUR_MIN_DAYS = 3;

/**
 * Baseline of one count over the windows before `windowStartMs`: the same time of day
 * (± one window) on each past day when the history covers SAME_HOUR_MIN_DAYS days, else
 * every earlier window. Windows before the history's first bucket are unknown, not zero.
 */
export function baselineFor(
  series: BucketSeries,
  windowStartMs: number,
  windowMinutes: number,
  baselineDays: number,
  pick: (b: CounterBucket) => number,
): Baseline | undefined {
  const first = series.firstMs;
  if (first === undefined) return undefined;
  const w = windowMinutes * MINUTE;
  const day = 24 * 60 * MINUTE;
  const known = (startMs: number) => startMs >= first && startMs + w <= windowStartMs;
  const daysCovered = Math.floor((windowStartMs - first) / day);
  const starts: number[] = [];
  if (daysCovered >= SAME_HOUR_MIN_DAYS && w <= day / 4) {
    for (let d = 1; d <= baselineDays; d++)
      for (const k of [-1, 0, 1]) {
        const s = windowStartMs - d * day + k * w;
        if (known(s)) starts.push(s);
      }
  }
  const mode: Baseline['mode'] = starts.length >= SAME_HOUR_MIN_DAYS ? 'same-hour' : 'all-hours';
  if (mode === 'all-hours') {
    starts.length = 0;
    for (let s = windowStartMs - w; s >= windowStartMs - baselineDays * day && known(s); s -= w) starts.push(s);
  }
  if (!starts.length) return undefined;
  const counts = starts.map((s) => series.sum(s, s + w, pick));
  // Every hour of the day mixed together: the upper quartile stands for the busy hours, so
  // an ordinary afternoon is not a spike against the night (still robust to a past crisis).
  return { ...robustStats(counts, mode === 'same-hour' ? 0.5 : 0.75), samples: counts.length, mode };
}
