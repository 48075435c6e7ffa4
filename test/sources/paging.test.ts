import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareIds, maxId, readNewestFirst, StreamCursor, type Page } from '../../lambdas/sources/paging.ts';

/** A listing served in pages of `size`, newest first, tokens "p<n>". */
function serve(pages: number[][]) {
  const tokens: (string | undefined)[] = [];
  const fetchPage = async (token: string | undefined): Promise<Page<number>> => {
    tokens.push(token);
    const n = token === undefined ? 0 : Number(token.slice(1));
    const items = pages[n] ?? [];
    return { items, ...(n + 1 < pages.length ? { next: `p${n + 1}` } : {}) };
  };
  return { fetchPage, tokens };
}

const walk = (pages: number[][], since: number | undefined, maxPages = 10, fetchPage = serve(pages).fetchPage) =>
  readNewestFirst<number>({ maxPages, fetchPage, reached: (i) => since !== undefined && i <= since, key: String });

describe('Function: readNewestFirst', () => {
  it('reads past an out-of-order item at or below the cursor on page 1, and stops where the cursor really is', async () => {
    // 70 is a pinned or bumped old post at the top of page 1; the cursor is at 100.
    const pages = [[70, 150, 149, 148], [147, 146, 101], [100, 99, 98], [97, 96]];
    const { items, resume, broken } = await walk(pages, 100);
    expect(items).toEqual([150, 149, 148, 147, 146, 101]);
    expect(resume).toBeUndefined();
    expect(broken).toBeUndefined();
  });

  it('keeps one of an item seen twice (pages shifting mid-walk)', async () => {
    const { items } = await walk([[5, 4, 3], [3, 2, 1]], undefined);
    expect(items).toEqual([5, 4, 3, 2, 1]);
  });

  it('stops at a page that repeats the previous one and says the walk is broken', async () => {
    const { items, broken } = await walk([[9, 8], [9, 8], [7, 6]], 1);
    expect(items).toEqual([9, 8]);
    expect(broken).toBe('a page repeated the one before it');
  });

  it('stops when a page token goes backwards and says so', async () => {
    const pages = [[9, 8], [7, 6], [5, 4]];
    const tokens: (string | undefined)[] = [];
    const backwards = async (token: string | undefined): Promise<Page<number>> => {
      tokens.push(token);
      if (token === undefined) return { items: pages[0]!, next: 'p1' };
      if (token === 'p1') return { items: pages[1]!, next: 'p2' };
      return { items: pages[2]!, next: 'p1' };
    };
    const { items, broken } = await walk(pages, 1, 10, backwards);
    expect(items).toEqual([9, 8, 7, 6, 5, 4]);
    expect(broken).toBe('a page token pointed back to a page already read');
    expect(tokens).toEqual([undefined, 'p1', 'p2']);
  });

  it('never loses an item above the cursor, wherever old items sit inside the pages (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 10_000 })), { maxLength: 10 }),
        async (ids, since, size, strays) => {
          const listing = [...ids].sort((a, b) => b - a);
          const pages: number[][] = [];
          for (let i = 0; i < listing.length; i += size) pages.push(listing.slice(i, i + size));
          // Out-of-order old items dropped inside pages, never as a page's last item.
          for (const [at, stray] of strays) {
            const page = pages[at % pages.length]!;
            if (stray <= since) page.splice(Math.max(0, page.length - 1 - (at % page.length)), 0, stray);
          }
          const { items } = await walk(pages, since, pages.length + 1);
          const expected = listing.filter((i) => i > since);
          expect(items.filter((i) => i > since).sort((a, b) => b - a)).toEqual(expected);
          expect(items.every((i) => i > since)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 12 },
    );
  });
});

describe('Class: StreamCursor', () => {
  it('never moves `since` backwards, and keeps it where it was after a broken walk', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1e9 }), { maxLength: 20 }), fc.integer({ min: 1, max: 1e9 }), fc.boolean(), (seen, since, broken) => {
        const sc = new StreamCursor({ 's.since': String(since) }, 's');
        const next = sc.afterNewestFirst(maxId(...seen.map(String)), undefined, broken);
        const after = next['s.since']!;
        expect(compareIds(after, String(since))).toBeGreaterThanOrEqual(0);
        if (broken) expect(after).toBe(String(since));
      }),
      { seed: 7 },
    );
  });
});
