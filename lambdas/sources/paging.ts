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
 * Newest-first listings (X, Bluesky, HN, Facebook, LinkedIn): read pages until one ends at or
 * below the stored position, at most `maxPages`. Only a page's last item tells where the cursor
 * really is: an older item higher up (a pinned or bumped post, a clock skew) is skipped, and the
 * walk goes on. `resume` is set when the run stopped at the bound with more to read: the next run
 * starts from that page instead of the newest one. An item seen twice is kept once. A page that
 * repeats the one before it, or a token pointing back to a page already read, ends the walk as
 * `broken`: the caller keeps its position where it was, so the next run reads the pages again.
 */
export async function readNewestFirst<T>(options: {
  maxPages: number;
  start?: string;
  fetchPage: (token: string | undefined) => Promise<Page<T>>;
  /** True for an item at or before the stored position: it is skipped, and ends the walk as a page's last item. */
  reached: (item: T) => boolean;
  /** The item's id on the platform, to keep one of each and to see a page served twice. */
  key: (item: T) => string;
}): Promise<{ items: T[]; resume?: string; broken?: string }> {
  const items: T[] = [];
  const seen = new Set<string>();
  const tokens = new Set<string>();
  let token = options.start;
  for (let page = 0; page < options.maxPages; page++) {
    if (token !== undefined) tokens.add(token);
    const p = await options.fetchPage(token);
    const keys = p.items.map(options.key);
    if (page > 0 && keys.length > 0 && keys.every((k) => seen.has(k))) return { items, broken: 'a page repeated the one before it' };
    p.items.forEach((item, i) => {
      if (options.reached(item) || seen.has(keys[i]!)) return;
      items.push(item);
    });
    keys.forEach((k) => seen.add(k));
    const last = p.items.at(-1);
    if (last === undefined || options.reached(last) || !p.next) return { items };
    if (tokens.has(p.next)) return { items, broken: 'a page token pointed back to a page already read' };
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
   * `since` stays where it was and the newest position seen waits in `pending`. After a broken
   * walk (a page repeated, a token went back) `since` stays too, and the next run starts from the
   * newest page again: the pages it could not read are read then, not skipped.
   */
  afterNewestFirst(newest: string | undefined, resume: string | undefined, broken = false): Cursor {
    const since = this.get('since');
    const top = maxId(this.get('pending'), newest, since);
    if (resume !== undefined || broken) {
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

/** FetchResult.warnings from the streams of one fetch, when any has one. */
export function warnings(streams: readonly { warning?: string | false | undefined }[]): { warnings?: string[] } {
  const list = streams.flatMap((s) => (s.warning ? [s.warning] : []));
  return list.length ? { warnings: list } : {};
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
