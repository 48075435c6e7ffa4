/**
 * LinkedIn connector (Community Management API, versioned /rest endpoints): the
 * organisation's newest posts, the comments on them (socialActions/{post}/comments), and the
 * replies under recent comments, which is where the organisation answers complaints.
 * Headers: Bearer token, LinkedIn-Version, X-Restli-Protocol-Version 2.0.0.
 *
 * Comments are paged by offset (start/count) and the API does not promise an order, so the
 * first page tells: newest-first pages are read forward, oldest-first pages from the end.
 *
 * Cursor: `posts.since` (createdAt ms of the newest post), and per post
 * `comments:<postUrn>.since|pending|resume` plus `.repliesSince`; keys of posts that left the
 * newest `commentPosts` are dropped.
 */
import * as z from 'zod/mini';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { byBrand, parseBody, withQuery, type SourceContext } from './context.ts';
import { maxId, mergeCursor, readNewestFirst, StreamCursor, warnings } from './paging.ts';
import { tidy } from './text.ts';

type LinkedInConfig = Extract<SourceConfig, { kind: 'linkedin' }>;

const Post = z.object({
  id: z.string(),
  author: z.string(),
  commentary: z.optional(z.string()),
  createdAt: z.number(),
  lifecycleState: z.optional(z.string()),
});
const Comment = z.object({
  id: z.optional(z.string()),
  commentUrn: z.optional(z.string()),
  $URN: z.optional(z.string()),
  actor: z.string(),
  object: z.optional(z.string()),
  parentComment: z.optional(z.string()),
  message: z.optional(z.object({ text: z.string() })),
  created: z.object({ time: z.number() }),
  likesSummary: z.optional(z.object({ totalLikes: z.optional(z.number()), aggregatedTotalLikes: z.optional(z.number()) })),
  commentsSummary: z.optional(z.object({ totalFirstLevelComments: z.optional(z.number()), aggregatedTotalComments: z.optional(z.number()) })),
});
const Paging = z.optional(z.object({ start: z.optional(z.number()), count: z.optional(z.number()), total: z.optional(z.number()) }));
const PostsOut = z.object({ elements: z.array(Post), paging: Paging });
const CommentsOut = z.object({ elements: z.array(Comment), paging: Paging });

type CommentT = z.output<typeof Comment>;

const PAGE = 100;
/** Recent comments whose replies one run reads (one request each). */
const REPLY_THREADS_PER_RUN = 25;
const REPLY_WINDOW_MS = 14 * 24 * 3600_000;

export function createLinkedInSource(config: LinkedInConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const base = config.baseUrl ?? 'https://api.linkedin.com/rest';
  const org = `urn:li:organization:${config.organizationId}`;

  async function get(url: URL): Promise<unknown> {
    const headers = {
      authorization: `Bearer ${ctx.credentials.accessToken}`,
      'linkedin-version': config.apiVersion,
      'x-restli-protocol-version': '2.0.0',
    };
    return (await http.json(url, { headers })).data;
  }

  const commentsUrl = (target: string, start: number, count = PAGE) =>
    withQuery(base, `socialActions/${encodeURIComponent(target)}/comments`, { start, count });

  async function commentPage(target: string, start: number, count = PAGE) {
    const url = commentsUrl(target, start, count);
    const out = parseBody(http, url, CommentsOut, await get(url));
    return { url, elements: out.elements, total: out.paging?.total };
  }

  function toMention(url: URL, c: CommentT, index: number, post: string): FetchedMention | undefined {
    const urn = c.commentUrn ?? c.$URN ?? (c.id && c.object ? `urn:li:comment:(${c.object},${c.id})` : undefined);
    if (!urn) throw http.error(url, `unexpected response: elements.${index}.commentUrn is missing`);
    const text = tidy(c.message?.text ?? '');
    if (!text) return undefined;
    const activity = c.object ?? post;
    return {
      sourceId: config.id,
      sourceKind: 'linkedin',
      nativeId: urn,
      url: `https://www.linkedin.com/feed/update/${activity}?commentUrn=${encodeURIComponent(urn)}`,
      // Members' names need a permission LinkedIn rarely grants: the member URN is the handle.
      author: { handle: c.actor, displayName: c.actor === org ? 'organisation' : 'LinkedIn member', reach: 0, isBrand: byBrand(ctx, c.actor, c.actor === org) },
      text,
      createdAt: new Date(c.created.time).toISOString(),
      engagement: {
        likes: c.likesSummary?.totalLikes ?? c.likesSummary?.aggregatedTotalLikes ?? 0,
        replies: c.commentsSummary?.totalFirstLevelComments ?? 0,
        reposts: 0,
      },
      inReplyTo: c.parentComment ?? post,
    };
  }

  /** New comments on one post, and the recent comments seen on the way (for their replies). */
  async function postComments(cursor: Cursor | undefined, post: string) {
    const sc = new StreamCursor(cursor, `comments:${post}`);
    const since = sc.get('since');
    const seen: CommentT[] = [];
    const first = await commentPage(post, 0);
    const times = first.elements.map((c) => c.created.time);
    const ascending = times.length > 1 && times.every((t, i) => i === 0 || t >= times[i - 1]!);
    const total = first.total ?? first.elements.length;
    const lastStart = Math.max(0, total - PAGE);
    const { items, resume, broken } = await readNewestFirst<{ c: CommentT; url: URL; i: number }>({
      maxPages: sc.isNew ? 1 : config.maxPages,
      start: sc.get('resume'),
      reached: (x) => since !== undefined && x.c.created.time <= Number(since),
      key: (x) => x.c.commentUrn ?? x.c.$URN ?? `${x.c.object ?? post},${x.c.id ?? `${x.c.actor}@${x.c.created.time}`}`,
      fetchPage: async (token) => {
        // Oldest-first pages are read from the end backwards; newest-first ones forward.
        // A token is "start" or "start+count" (stepping back without re-reading the page after it).
        const [start, count] = token !== undefined ? token.split('+').map(Number) as [number, number?] : [ascending ? lastStart : 0, undefined];
        const page = start === 0 && count === undefined && (!ascending || lastStart === 0) ? first : await commentPage(post, start, count ?? PAGE);
        seen.push(...page.elements);
        const ordered = page.elements.map((c, i) => ({ c, url: page.url, i }));
        if (ascending) ordered.reverse();
        const next = ascending
          ? start > 0 ? `${Math.max(0, start - PAGE)}+${Math.min(PAGE, start)}` : undefined
          : start + PAGE < total && page.elements.length === PAGE ? String(start + PAGE) : undefined;
        return { items: ordered, next };
      },
    });
    const next = sc.isNew ? undefined : resume;
    const mentions = items.flatMap((x) => toMention(x.url, x.c, x.i, post) ?? []);
    return {
      sc,
      mentions,
      seen,
      more: next !== undefined,
      cursor: sc.afterNewestFirst(maxId(...items.map((x) => String(x.c.created.time))), next, !!broken),
      warning: broken && `${sc.stream}: ${broken}`,
    };
  }

  async function replies(sc: StreamCursor, post: string, parents: CommentT[], budget: { left: number }) {
    const since = sc.get('repliesSince');
    const now = ctx.clock.now().getTime();
    const out: FetchedMention[] = [];
    let newest = since;
    for (const p of parents) {
      const urn = p.commentUrn ?? p.$URN;
      if (!urn || !(p.commentsSummary?.totalFirstLevelComments ?? 0) || p.created.time < now - REPLY_WINDOW_MS || budget.left <= 0) continue;
      budget.left--;
      const page = await commentPage(urn, 0);
      page.elements.forEach((c, i) => {
        newest = maxId(newest, String(c.created.time));
        if (since !== undefined && c.created.time <= Number(since)) return;
        const m = toMention(page.url, { ...c, parentComment: c.parentComment ?? urn }, i, post);
        if (m) out.push(m);
      });
    }
    return { mentions: out, cursor: sc.entries({ repliesSince: newest }) };
  }

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const postsUrl = withQuery(base, 'posts', { author: org, q: 'author', count: config.commentPosts, sortBy: 'LAST_MODIFIED' });
      const posts = parseBody(http, postsUrl, PostsOut, await get(postsUrl)).elements.filter((p) => (p.lifecycleState ?? 'PUBLISHED') === 'PUBLISHED');
      const postCursor = new StreamCursor(cursor, 'posts');
      const postSince = postCursor.get('since');
      const mentions: FetchedMention[] = [];
      for (const p of posts) {
        const text = tidy(p.commentary ?? '');
        if (!text || (postSince !== undefined && p.createdAt <= Number(postSince))) continue;
        mentions.push({
          sourceId: config.id,
          sourceKind: 'linkedin',
          nativeId: p.id,
          url: `https://www.linkedin.com/feed/update/${p.id}`,
          author: { handle: p.author, displayName: p.author === org ? 'organisation' : 'LinkedIn member', reach: 0, isBrand: p.author === org },
          text,
          createdAt: new Date(p.createdAt).toISOString(),
          engagement: { likes: 0, replies: 0, reposts: 0 },
        });
      }
      const updates: Cursor[] = [postCursor.entries({ since: maxId(postSince, ...posts.map((p) => String(p.createdAt))) })];
      let more = false;
      const warned: { warning?: string | false }[] = [];
      const keep = new Set<string>();
      const budget = { left: REPLY_THREADS_PER_RUN };
      for (const p of posts) {
        const run = await postComments(cursor, p.id);
        keep.add(run.sc.stream);
        const nested = await replies(run.sc, p.id, run.seen, budget);
        mentions.push(...run.mentions, ...nested.mentions);
        updates.push(run.cursor, nested.cursor);
        more ||= run.more;
        warned.push(run);
      }
      const stale: Cursor = {};
      for (const key of Object.keys(cursor ?? {})) {
        if (key.startsWith('comments:') && !keep.has(key.slice(0, key.lastIndexOf('.')))) stale[key] = '';
      }
      const seen = new Set<string>();
      return {
        mentions: mentions.filter((m) => !seen.has(m.nativeId) && seen.add(m.nativeId)),
        cursor: mergeCursor(cursor, stale, ...updates),
        ...(more ? { more: true } : {}),
        ...warnings(warned),
      };
    },
  };
}
