/**
 * Facebook Page connector (Graph API): the page feed (its posts and visitors' posts) and the
 * comments on its newest posts, read with a Page access token sent as a Bearer header.
 * Newest first; `since` on the feed, `paging.next` followed (rebased onto `baseUrl`, its
 * access_token dropped).
 *
 * Cursor: `feed.*` (since = created_time in epoch seconds, resume/pending while a walk is
 * unfinished), and `comments:<postId>.*` the same per post, for the newest `commentPosts`
 * posts only (keys of older posts are dropped).
 */
import * as z from 'zod/mini';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { byBrand, isoDate, parseBody, withQuery, type SourceContext } from './context.ts';
import { maxId, mergeCursor, readNewestFirst, StreamCursor, warnings, type Page } from './paging.ts';
import { tidy } from './text.ts';

type FacebookConfig = Extract<SourceConfig, { kind: 'facebook' }>;

const From = z.object({ id: z.string(), name: z.optional(z.string()) });
const Summary = z.object({ summary: z.optional(z.object({ total_count: z.number() })) });
const Post = z.object({
  id: z.string(),
  message: z.optional(z.string()),
  created_time: z.string(),
  updated_time: z.optional(z.string()),
  permalink_url: z.optional(z.string()),
  from: z.optional(From),
  shares: z.optional(z.object({ count: z.number() })),
  comments: z.optional(Summary),
  reactions: z.optional(Summary),
});
const Comment = z.object({
  id: z.optional(z.string()),
  message: z.optional(z.string()),
  created_time: z.string(),
  permalink_url: z.optional(z.string()),
  from: z.optional(From),
  like_count: z.optional(z.number()),
  comment_count: z.optional(z.number()),
  parent: z.optional(z.object({ id: z.string() })),
});
const Paging = z.optional(z.object({ next: z.optional(z.string()) }));
const PostsOut = z.object({ data: z.array(Post), paging: Paging });
const CommentsOut = z.object({ data: z.array(Comment), paging: Paging });
const RecentOut = z.object({ data: z.array(z.object({ id: z.string(), updated_time: z.optional(z.string()) })) });

const FEED_FIELDS = 'id,message,created_time,updated_time,permalink_url,from,shares,comments.summary(true).limit(0),reactions.summary(true).limit(0)';
const COMMENT_FIELDS = 'id,message,created_time,permalink_url,from,like_count,comment_count,parent{id}';

interface Item {
  /** The post or comment id (a comment without one in the body: its time and place on the page). */
  id: string;
  mention?: FetchedMention;
  /** created_time in epoch seconds, as a string the cursor can order. */
  at: string;
}

/**
 * A comment's ids from its permalink when the body lacks them
 * (`.../posts/<post>/?comment_id=<c>&reply_comment_id=<r>`).
 */
export function idsFromPermalink(permalink: string | undefined): { id?: string; parent?: string } {
  if (!permalink) return {};
  try {
    const u = new URL(permalink);
    const post = /\/posts\/(\d+)/.exec(u.pathname)?.[1];
    const comment = u.searchParams.get('comment_id');
    const reply = u.searchParams.get('reply_comment_id');
    if (!post || !comment) return {};
    return reply ? { id: `${post}_${reply}`, parent: `${post}_${comment}` } : { id: `${post}_${comment}` };
  } catch {
    return {};
  }
}

export function createFacebookSource(config: FacebookConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const base = config.baseUrl ?? 'https://graph.facebook.com/v23.0';
  const seconds = (url: URL, time: string, what: string) => String(Math.floor(Date.parse(isoDate(http, url, time, what)) / 1000));

  async function get(url: URL): Promise<unknown> {
    return (await http.json(url, { headers: { authorization: `Bearer ${ctx.credentials.pageAccessToken}` } })).data;
  }

  /** paging.next points at graph.facebook.com and carries the token: keep its path and query only. */
  function nextUrl(next: string | undefined): string | undefined {
    if (!next) return undefined;
    const u = new URL(next);
    u.searchParams.delete('access_token');
    const b = new URL(base);
    return new URL(`${u.pathname}${u.search}`, b.origin).toString();
  }

  function author(from: z.output<typeof From> | undefined) {
    const handle = from?.name ?? from?.id ?? 'unknown';
    return { handle, displayName: handle, reach: 0, isBrand: byBrand(ctx, handle, from?.id === config.pageId) };
  }

  function postItem(url: URL, p: z.output<typeof Post>): Item {
    const at = seconds(url, p.created_time, 'created_time');
    const text = tidy(p.message ?? '');
    if (!text) return { id: p.id, at };
    return {
      id: p.id,
      at,
      mention: {
        sourceId: config.id,
        sourceKind: 'facebook',
        nativeId: p.id,
        url: p.permalink_url ?? `https://www.facebook.com/${p.id}`,
        author: author(p.from),
        text,
        createdAt: new Date(Number(at) * 1000).toISOString(),
        engagement: {
          likes: p.reactions?.summary?.total_count ?? 0,
          replies: p.comments?.summary?.total_count ?? 0,
          reposts: p.shares?.count ?? 0,
        },
      },
    };
  }

  function commentItem(url: URL, postId: string, c: z.output<typeof Comment>, index: number): Item {
    const at = seconds(url, c.created_time, `data.${index}.created_time`);
    const derived = idsFromPermalink(c.permalink_url);
    const id = c.id ?? derived.id;
    if (!id) throw http.error(url, `unexpected response: data.${index}.id is missing`);
    const text = tidy(c.message ?? '');
    // A sticker or photo alone has no text to read.
    if (!text) return { id, at };
    return {
      id,
      at,
      mention: {
        sourceId: config.id,
        sourceKind: 'facebook',
        nativeId: id,
        url: c.permalink_url ?? `https://www.facebook.com/${id}`,
        author: author(c.from),
        text,
        createdAt: new Date(Number(at) * 1000).toISOString(),
        engagement: { likes: c.like_count ?? 0, replies: c.comment_count ?? 0, reposts: 0 },
        inReplyTo: c.parent?.id ?? derived.parent ?? postId,
      },
    };
  }

  async function walk(sc: StreamCursor, first: URL, page: (url: URL, body: unknown) => Page<Item>) {
    const since = sc.get('since');
    const { items, resume, broken } = await readNewestFirst<Item>({
      maxPages: sc.isNew ? 1 : config.maxPages,
      start: sc.get('resume'),
      reached: (i) => since !== undefined && Number(i.at) <= Number(since),
      key: (i) => i.id,
      fetchPage: async (token) => {
        const url = token ? new URL(token) : first;
        return page(url, await get(url));
      },
    });
    const next = sc.isNew ? undefined : resume;
    return { items, more: next !== undefined, cursor: sc.afterNewestFirst(maxId(...items.map((i) => i.at)), next, !!broken), warning: broken && `${sc.stream}: ${broken}` };
  }

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const feedCursor = new StreamCursor(cursor, 'feed');
      const feedSince = feedCursor.get('since');
      const feed = await walk(
        feedCursor,
        withQuery(base, `${config.pageId}/feed`, { fields: FEED_FIELDS, limit: 25, since: feedSince }),
        (url, body) => {
          const out = parseBody(http, url, PostsOut, body);
          return { items: out.data.map((p) => postItem(url, p)), next: nextUrl(out.paging?.next) };
        },
      );

      // Comments arrive on older posts too: check the newest posts whose activity is recent.
      const recentUrl = withQuery(base, `${config.pageId}/feed`, { fields: 'id,updated_time', limit: config.commentPosts });
      const recent = parseBody(http, recentUrl, RecentOut, await get(recentUrl)).data;
      const runs = [];
      const keep = new Set<string>();
      for (const post of recent) {
        const sc = new StreamCursor(cursor, `comments:${post.id}`);
        keep.add(sc.stream);
        const since = sc.get('since');
        if (since !== undefined && !sc.get('resume') && post.updated_time && Number(seconds(recentUrl, post.updated_time, 'updated_time')) <= Number(since)) continue;
        runs.push(
          await walk(
            sc,
            withQuery(base, `${post.id}/comments`, { filter: 'stream', order: 'reverse_chronological', fields: COMMENT_FIELDS, limit: 100 }),
            (url, body) => {
              const out = parseBody(http, url, CommentsOut, body);
              return { items: out.data.map((c, i) => commentItem(url, post.id, c, i)), next: nextUrl(out.paging?.next) };
            },
          ),
        );
      }

      // Posts that dropped out of the newest few take their comment positions with them.
      const stale: Cursor = {};
      for (const key of Object.keys(cursor ?? {})) {
        if (key.startsWith('comments:') && !keep.has(key.slice(0, key.lastIndexOf('.')))) stale[key] = '';
      }
      const all = [feed, ...runs];
      const seen = new Set<string>();
      const mentions = all
        .flatMap((r) => r.items)
        .flatMap((i) => (i.mention && !seen.has(i.mention.nativeId) && seen.add(i.mention.nativeId) ? [i.mention] : []));
      return {
        mentions,
        cursor: mergeCursor(cursor, stale, ...all.map((r) => r.cursor)),
        ...(all.some((r) => r.more) ? { more: true } : {}),
        ...warnings(all),
      };
    },
  };
}
