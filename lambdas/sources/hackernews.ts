/**
 * Hacker News connector: Algolia's search_by_date for stories and comments, newest first,
 * `numericFilters=created_at_i>N`, paged with `page`. No credentials.
 *
 * Cursor (`search.*`): since (created_at_i of the newest item stored), and while a walk is
 * unfinished, resume (next page) and pending. Algolia indexes with a small lag, so each run
 * looks a few minutes behind `since`; the store drops the items seen twice.
 */
import * as z from 'zod/mini';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { BoundedCache, byBrand, parseBody, withQuery, type SourceContext } from './context.ts';
import { maxId, mergeCursor, readNewestFirst, StreamCursor } from './paging.ts';
import { htmlToPlainText } from './html-text.ts';
import { joinTitleAndBody } from './text.ts';

type HackerNewsConfig = Extract<SourceConfig, { kind: 'hackernews' }>;

const Hit = z.object({
  objectID: z.string(),
  created_at_i: z.number(),
  author: z.string(),
  title: z.optional(z.nullable(z.string())),
  url: z.optional(z.nullable(z.string())),
  story_text: z.optional(z.nullable(z.string())),
  comment_text: z.optional(z.nullable(z.string())),
  points: z.optional(z.nullable(z.number())),
  num_comments: z.optional(z.nullable(z.number())),
  parent_id: z.optional(z.nullable(z.number())),
});
const SearchOut = z.object({ hits: z.array(Hit), page: z.number(), nbPages: z.number() });
const User = z.object({ karma: z.number() });

/** Seconds behind the stored position each run looks again (Algolia's indexing lag). */
const OVERLAP_S = 300;
const KARMA_LOOKUPS_PER_RUN = 25;

export function createHackerNewsSource(config: HackerNewsConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const base = config.baseUrl ?? 'https://hn.algolia.com/api/v1';
  const karma = new BoundedCache<number>(5_000);

  function toMention(h: z.output<typeof Hit>): FetchedMention {
    const isComment = h.comment_text != null;
    const body = htmlToPlainText(isComment ? h.comment_text : h.story_text);
    return {
      sourceId: config.id,
      sourceKind: 'hackernews',
      nativeId: h.objectID,
      url: `https://news.ycombinator.com/item?id=${h.objectID}`,
      author: { handle: h.author, displayName: h.author, reach: 0, isBrand: byBrand(ctx, h.author) },
      // A link story's text is its title and the URL it points to.
      text: isComment ? body : joinTitleAndBody(h.title ?? '', body || (h.url ?? '')),
      createdAt: new Date(h.created_at_i * 1000).toISOString(),
      engagement: { likes: h.points ?? 0, replies: h.num_comments ?? 0, reposts: 0 },
      ...(isComment && h.parent_id != null ? { inReplyTo: String(h.parent_id) } : {}),
    };
  }

  async function addKarma(mentions: FetchedMention[]): Promise<void> {
    let lookups = 0;
    for (const handle of new Set(mentions.map((m) => m.author.handle))) {
      if (!config.karma || karma.get(handle) !== undefined || lookups++ >= KARMA_LOOKUPS_PER_RUN) continue;
      try {
        const url = withQuery(base, `users/${encodeURIComponent(handle)}`, {});
        const res = await http.request(url, { accept: [404] });
        const user = res.status === 404 ? undefined : User.safeParse(http.parseJson(url, res)).data;
        karma.set(handle, user?.karma ?? 0);
      } catch {
        // Karma only enriches a mention: a failed lookup leaves reach at 0 and is retried next run.
      }
    }
    for (const m of mentions) m.author.reach = karma.get(m.author.handle) ?? 0;
  }

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const sc = new StreamCursor(cursor, 'search');
      const since = sc.get('since');
      const { items, resume, broken } = await readNewestFirst<{ mention: FetchedMention; at: number }>({
        maxPages: sc.isNew ? 1 : config.maxPages,
        start: sc.get('resume'),
        // The query filters by time on the server, with an overlap: nothing on a page ends the walk.
        reached: () => false,
        key: (i) => i.mention.nativeId,
        fetchPage: async (token) => {
          const url = withQuery(base, 'search_by_date', {
            query: config.query,
            tags: config.tags,
            numericFilters: since !== undefined ? `created_at_i>${Number(since) - OVERLAP_S}` : undefined,
            hitsPerPage: 100,
            page: token,
          });
          const { data } = await http.json(url);
          const out = parseBody(http, url, SearchOut, data);
          return {
            items: out.hits.map((h) => ({ mention: toMention(h), at: h.created_at_i })),
            next: out.page + 1 < out.nbPages ? String(out.page + 1) : undefined,
          };
        },
      });
      const mentions = items.map((i) => i.mention);
      await addKarma(mentions);
      const next = sc.isNew ? undefined : resume;
      return {
        mentions,
        cursor: mergeCursor(cursor, sc.afterNewestFirst(maxId(...items.map((i) => String(i.at))), next, !!broken)),
        ...(next !== undefined ? { more: true } : {}),
        ...(broken ? { warnings: [`search: ${broken}`] } : {}),
      };
    },
  };
}
