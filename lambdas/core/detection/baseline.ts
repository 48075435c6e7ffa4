/**
 * Window sums over counter buckets and a robust baseline of them: median and scaled MAD,
 * so one past crisis in the history does not inflate the baseline that the next is judged by.
 * Only observed windows count: an hour is observed when the brand had any Mention in it, so a
 * stray post days before a brand's first real traffic is one observed hour, not days of zeros.
 */
import type { CounterBucket } from '../ports.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Start (ms) of the bucket holding `ms`, buckets aligned to the epoch. */
export const bucketFloor = (ms: number, bucketMinutes: number): number =>
  Math.floor(ms / (bucketMinutes * MINUTE)) * bucketMinutes * MINUTE;

/** A count over [fromMs, toMs). */
export type Measure = (fromMs: number, toMs: number) => number;

type Field = 'negative' | 'total' | 'negativeReach';

/**
 * A count series of one brand's buckets, with prefix sums so any window's total is a few lookups.
 * A window that cuts a bucket counts the share of it inside the window (Mentions spread evenly
 * over a bucket); the bucket holding `nowMs` holds everything up to now, so it counts whole.
 */
export class BucketSeries {
  /** Distinct bucket starts (ms), ascending, and the buckets at each (merged exports may hold several). */
  readonly #starts: number[];
  readonly #rows: CounterBucket[][];
  readonly #prefix: Record<Field, Float64Array>;
  /** Earliest bucket start in the history (ms), or undefined when there is none. */
  readonly firstMs: number | undefined;

  readonly #bucketMs: number;
  readonly #nowMs: number;

  constructor(history: readonly CounterBucket[], options: { bucketMinutes?: number; nowMs?: number } = {}) {
    this.#bucketMs = (options.bucketMinutes ?? 15) * MINUTE;
    this.#nowMs = options.nowMs ?? Number.POSITIVE_INFINITY;
    // Built at every detection run from a week of buckets: one pass, no per-field closures.
    const parsed = history.map((b) => ({ ms: Date.parse(b.bucketStart), b }));
    let ordered = true;
    for (let i = 1; i < parsed.length && ordered; i++) ordered = parsed[i]!.ms >= parsed[i - 1]!.ms;
    if (!ordered) parsed.sort((x, y) => x.ms - y.ms);
    const starts: number[] = [];
    const rows: CounterBucket[][] = [];
    for (const { ms, b } of parsed) {
      if (starts.length && starts[starts.length - 1] === ms) rows[rows.length - 1]!.push(b);
      else {
        starts.push(ms);
        rows.push([b]);
      }
    }
    const negative = new Float64Array(starts.length + 1);
    const total = new Float64Array(starts.length + 1);
    const negativeReach = new Float64Array(starts.length + 1);
    const hours: number[] = [];
    for (let i = 0; i < starts.length; i++) {
      let n = 0;
      let t = 0;
      let r = 0;
      for (const b of rows[i]!) {
        n += b.negative ?? 0;
        t += b.total ?? 0;
        r += b.negativeReach ?? 0;
      }
      negative[i + 1] = negative[i]! + n;
      total[i + 1] = total[i]! + t;
      negativeReach[i + 1] = negativeReach[i]! + r;
      // Starts ascend, so their hours do too: a repeat is the previous one.
      const hour = Math.floor(starts[i]! / HOUR) * HOUR;
      if (t > 0 && hours[hours.length - 1] !== hour) hours.push(hour);
    }
    this.#starts = starts;
    this.#rows = rows;
    this.firstMs = starts[0];
    this.#prefix = { negative, total, negativeReach };
    this.#observedHourStarts = hours;
  }

  /** Starts of the hours (UTC) holding any Mention, ascending. */
  readonly #observedHourStarts: number[];

  /** Index of the first bucket starting at or after `ms`. */
  #index(ms: number): number {
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#starts[mid]! < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The total of a counter over [from, to), cut buckets counted by their share inside. */
  count(field: Field, fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    const p = this.#prefix[field];
    const whole = (a: number, b: number) => (b > a ? p[this.#index(b)]! - p[this.#index(a)]! : 0);
    const firstCut = Math.ceil(fromMs / this.#bucketMs) * this.#bucketMs;
    const lastCut = Math.floor(toMs / this.#bucketMs) * this.#bucketMs;
    if (firstCut > lastCut) return this.#share(field, lastCut, fromMs, toMs);
    return this.#share(field, firstCut - this.#bucketMs, fromMs, firstCut) + whole(firstCut, lastCut) + this.#share(field, lastCut, lastCut, toMs);
  }

  /** The part of the bucket starting at `start` that lies in [from, to); data reaches only up to now. */
  #share(field: Field, start: number, fromMs: number, toMs: number): number {
    const i = this.#index(start);
    if (toMs <= fromMs || this.#starts[i] !== start) return 0;
    const end = Math.min(start + this.#bucketMs, Math.max(this.#nowMs, start + 1));
    const inside = Math.max(0, Math.min(toMs, end) - Math.max(fromMs, start));
    return (this.#prefix[field][i + 1]! - this.#prefix[field][i]!) * Math.min(1, inside / (end - start));
  }

  /** The count of one field as a Measure (one per field and series: detection asks for them often). */
  measure(field: Field): Measure {
    return (this.#measures[field] ??= (fromMs, toMs) => this.count(field, fromMs, toMs));
  }

  readonly #measures: Partial<Record<Field, Measure>> = {};

  /** Sum of `pick(bucket)` over buckets with from <= start < to (absent buckets count 0). */
  sum(fromMs: number, toMs: number, pick: (b: CounterBucket) => number): number {
    let total = 0;
    for (let i = this.#index(fromMs); i < this.#starts.length && this.#starts[i]! < toMs; i++) for (const b of this.#rows[i]!) total += pick(b);
    return total;
  }

  buckets(fromMs: number, toMs: number): CounterBucket[] {
    const out: CounterBucket[] = [];
    for (let i = this.#index(fromMs); i < this.#starts.length && this.#starts[i]! < toMs; i++) out.push(...this.#rows[i]!);
    return out;
  }

  /** Negative Mentions by theme over [from, to). */
  themes(fromMs: number, toMs: number): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const b of this.buckets(fromMs, toMs)) for (const [theme, n] of Object.entries(b.byTheme ?? {})) totals[theme] = (totals[theme] ?? 0) + n;
    return totals;
  }

  /** True when the brand had any Mention in [from, to): its sources were demonstrably watched then. */
  observed(fromMs: number, toMs: number): boolean {
    return this.count('total', fromMs, toMs) > 0;
  }

  /** Hours in [from, to) (whole hours, UTC) holding any Mention of the brand. */
  observedHours(fromMs: number, toMs: number): number {
    const hours = this.#observedHourStarts;
    const lower = (ms: number) => {
      let lo = 0;
      let hi = hours.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (hours[mid]! < ms) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    // Whole hours inside [from, to): starting at or after from, ending by to.
    return Math.max(0, lower(Math.floor(toMs / HOUR) * HOUR - HOUR + 1) - lower(Math.ceil(fromMs / HOUR) * HOUR));
  }

  /** All source ids that appear in the history. */
  sources(): string[] {
    const ids = new Set<string>();
    for (const bs of this.#rows) for (const b of bs) for (const id of Object.keys(b.bySource ?? {})) ids.add(id);
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
const ascending = (a: number, b: number): number => a - b;

export function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const s = [...values].sort(ascending);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/**
 * A robust centre and spread of window counts (past surges trimmed, see below). The spread is 1.4826 × the median absolute
 * deviation below the centre (the standard deviation for normal data): past crises only ever
 * add windows above it, so the quiet side measures the ordinary noise even when two of the
 * last seven days were a storm. It is floored at √centre + 1: counts are at least
 * Poisson-noisy, small-count tails are heavier than a normal's, and a baseline from a week of
 * windows is itself uncertain by about a count.
 */
export function robustStats(values: readonly number[], centerQuantile = 0.5): { center: number; spread: number } {
  const first = stats(values, centerQuantile);
  // Past surges are not the brand's normal: windows far above a first estimate are left out, and
  // the estimate is made again (when most windows remain), so a stormy week does not hide the next storm.
  const calm: number[] = [];
  const trimAt = first.center + TRIM_SIGMA * first.spread;
  for (const v of values) if (v <= trimAt) calm.push(v);
  return calm.length < values.length && calm.length * 2 >= values.length ? stats(calm, centerQuantile) : first;
}

/** Windows this many robust σ above a first estimate are past surges, not the baseline. */
const TRIM_SIGMA = 3;

function stats(values: readonly number[], centerQuantile: number): { center: number; spread: number } {
  const center = quantile(values, centerQuantile);
  const below: number[] = [];
  for (const v of values) if (v <= center) below.push(center - v);
  if (!below.length) for (const v of values) below.push(Math.abs(v - center));
  const mad = median(below);
  return { center, spread: Math.max(1.4826 * mad, Math.sqrt(center) + 1) };
}

/** Distinct past days with an observed window at the same time before the same-hour baseline is used. */
export const SAME_HOUR_MIN_DAYS = 3;

/**
 * Baseline of one count over the observed windows before `windowStartMs`: the same time of day
 * (± one window) on past days when SAME_HOUR_MIN_DAYS days have such a window, else every earlier
 * observed window. A window in which the brand had no Mention at all is unknown, not zero.
 */
export function baselineFor(
  series: BucketSeries,
  windowStartMs: number,
  windowMinutes: number,
  baselineDays: number,
  measure: Measure,
): Baseline | undefined {
  const w = windowMinutes * MINUTE;
  const day = 24 * HOUR;
  // A window is known when it ended before this one began and the brand was observed in it.
  const counts: number[] = [];
  if (w <= day / 4) {
    let days = 0;
    for (let d = 1; d <= baselineDays; d++) {
      let seen = false;
      for (let k = -1; k <= 1; k++) {
        const s = windowStartMs - d * day + k * w;
        if (s + w > windowStartMs || !series.observed(s, s + w)) continue;
        counts.push(measure(s, s + w));
        seen = true;
      }
      if (seen) days++;
    }
    if (days < SAME_HOUR_MIN_DAYS) counts.length = 0;
  }
  const mode: Baseline['mode'] = counts.length ? 'same-hour' : 'all-hours';
  if (mode === 'all-hours')
    for (let s = windowStartMs - w; s >= windowStartMs - baselineDays * day; s -= w) if (series.observed(s, s + w)) counts.push(measure(s, s + w));
  if (!counts.length) return undefined;
  // Every hour of the day mixed together: the upper quartile stands for the busy hours, so
  // an ordinary afternoon is not a spike against the night (still robust to a past crisis).
  return { ...robustStats(counts, mode === 'same-hour' ? 0.5 : 0.75), samples: counts.length, mode };
}
