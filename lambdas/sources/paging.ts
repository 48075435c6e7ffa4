/**
 * Pagination shared by the connectors, and the cursor keys that make it resumable.
 *
 * A source's Cursor is one flat string map; each stream of a source (X search, X mentions,
 * one subreddit...) keeps its keys under a prefix: `${stream}.since`, `${stream}.resume`...
 * Fetching never stores anything: the caller stores the returned cursor after the batch.
 */
import type { Cursor } from '../core/ports.ts';

export interface Page<T> {
  items: T[];
  /** Token, URL or offset of the next (older) page, absent on the last page. */
  next?: string;
}

/**
 * Newest-first listings (X, Bluesky, HN, Facebook): read pages until one reaches the stored
 * position, at most `maxPages`. `resume` is set when the run stopped at the bound with more
 * to read: the next run starts from that page instead of the newest one.
 */
export async function readNewestFirst<T>(options: {
  maxPages: number;
  start?: string;
  fetchPage: (token: string | undefined) => Promise<Page<T>>;
  /** True for an item at or before the stored position: it and everything older is skipped. */
  reached: (item: T) => boolean;
}): Promise<{ items: T[]; resume?: string }> {
  const items: T[] = [];
  let token = options.start;
  for (let page = 0; page < options.maxPages; page++) {
    const p = await options.fetchPage(token);
    const fresh = p.items.filter((i) => !options.reached(i));
    items.push(...fresh);
    if (fresh.length < p.items.length || !p.next || p.items.length === 0) return { items };
    token = p.next;
  }
  return { items, resume: token };
}

/** Orders ids and timestamps: numeric ids by value (snowflakes differ in length), others as strings. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxId(...ids: (string | undefined)[]): string | undefined {
  return ids.reduce<string | undefined>((m, id) => (id === undefined ? m : m === undefined || compareIds(id, m) > 0 ? id : m), undefined);
}

/** The keys of one stream inside a source's cursor. */
export class StreamCursor {
  constructor(private readonly cursor: Cursor | undefined, readonly stream: string) {}

  get(key: string): string | undefined {
    const v = this.cursor?.[`${this.stream}.${key}`];
    return v === '' ? undefined : v;
  }

  /** No position stored yet: a new source starts from now and reads one page. */
  get isNew(): boolean {
    return this.get('since') === undefined && this.get('resume') === undefined;
  }

  /**
   * The cursor entries after a newest-first walk. While a walk is unfinished (`resume`),
   * `since` stays where it was and the newest position seen waits in `pending`.
   */
  afterNewestFirst(newest: string | undefined, resume: string | undefined): Cursor {
    const since = this.get('since');
    const top = maxId(this.get('pending'), newest, since);
    if (resume !== undefined) {
      return this.entries({ since, pending: top, resume });
    }
    return this.entries({ since: top, pending: undefined, resume: undefined });
  }

  /** Cursor entries with this stream's prefix; undefined values clear a key. */
  entries(values: Record<string, string | undefined>): Cursor {
    const out: Cursor = {};
    for (const [k, v] of Object.entries(values)) out[`${this.stream}.${k}`] = v ?? '';
    return out;
  }
}

/** Merges cursor updates over the previous cursor; empty values remove keys. */
export function mergeCursor(previous: Cursor | undefined, ...updates: Cursor[]): Cursor {
  const out: Cursor = { ...previous };
  for (const u of updates) {
    for (const [k, v] of Object.entries(u)) {
      if (v === '') delete out[k];
      else out[k] = v;
    }
  }
  return out;
}
