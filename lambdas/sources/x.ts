/**
 * X (API v2) connector: recent search for the brand's query, and mentions of the brand
 * account (users/:id/mentions). App-only Bearer Token. Newest first, `since_id` cursor,
 * `next_token` / `pagination_token` paging; authors come from expansions=author_id.
 *
 * Cursor per stream (`search.*`, `mentions.*`): since (newest tweet id stored), and while a
 * walk is unfinished: resume (page token) and pending (newest id seen).
 */
import * as z from 'zod/mini';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { byBrand, parseBody, withQuery, type SourceContext } from './context.ts';
import { compareIds, maxId, mergeCursor, readNewestFirst, StreamCursor, warnings, type Page } from './paging.ts';
import { decodeEscapes, languageOf } from './text.ts';

type XConfig = Extract<SourceConfig, { kind: 'x' }>;

const Tweet = z.object({
  id: z.string(),
  text: z.string(),
  author_id: z.optional(z.string()),
  created_at: z.optional(z.string()),
  lang: z.optional(z.string()),
  referenced_tweets: z.optional(z.array(z.object({ type: z.string(), id: z.string() }))),
  public_metrics: z.optional(z.object({ retweet_count: z.number(), reply_count: z.number(), like_count: z.number(), quote_count: z.optional(z.number()) })),
  entities: z.optional(z.object({ urls: z.optional(z.array(z.object({ url: z.string(), expanded_url: z.optional(z.string()) }))) })),
});
const User = z.object({
  id: z.string(),
  username: z.string(),
  name: z.optional(z.string()),
  public_metrics: z.optional(z.object({ followers_count: z.number() })),
});
const Response = z.object({
  data: z.optional(z.array(Tweet)),
  includes: z.optional(z.object({ users: z.optional(z.array(User)) })),
  meta: z.optional(z.object({ result_count: z.optional(z.number()), next_token: z.optional(z.string()) })),
  errors: z.optional(z.array(z.object({ title: z.optional(z.string()), detail: z.optional(z.string()) }))),
});
type TweetT = z.output<typeof Tweet>;
type UserT = z.output<typeof User>;

const TWEET_FIELDS = 'created_at,author_id,lang,public_metrics,referenced_tweets,conversation_id,entities';
/** Twitter's epoch in snowflake ids (2010-11-04T01:42:54.657Z). */
const TWEPOCH = 1288834974657n;
/** Recent search only goes back seven days; an older since_id is rejected with a 400. */
const RECENT_WINDOW_MS = 7 * 24 * 3600_000 - 5 * 60_000;

/** The time inside a tweet id: exact to the millisecond. */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + TWEPOCH));
}

export function createXSource(config: XConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const base = config.baseUrl ?? 'https://api.x.com';

  function toMention(t: TweetT, users: Map<string, UserT>): FetchedMention {
    const user = t.author_id ? users.get(t.author_id) : undefined;
    const handle = user?.username ?? t.author_id ?? 'unknown';
    // Tweet text comes HTML-escaped (&amp; &lt; &gt;) with t.co links: restore both.
    let text = t.text;
    for (const u of t.entities?.urls ?? []) if (u.expanded_url) text = text.split(u.url).join(u.expanded_url);
    const refs = t.referenced_tweets ?? [];
    const isRetweet = refs.some((r) => r.type === 'retweeted');
    const m = t.public_metrics;
    const replyTo = refs.find((r) => r.type === 'replied_to')?.id;
    const language = languageOf(t.lang);
    return {
      sourceId: config.id,
      sourceKind: 'x',
      nativeId: t.id,
      url: user ? `https://x.com/${user.username}/status/${t.id}` : `https://x.com/i/web/status/${t.id}`,
      author: {
        handle,
        displayName: user?.name ?? handle,
        reach: user?.public_metrics?.followers_count ?? 0,
        isBrand: byBrand(ctx, handle, config.userId !== undefined && t.author_id === config.userId),
      },
      text: decodeEscapes(text),
      ...(language ? { language } : {}),
      createdAt: t.created_at ? new Date(t.created_at).toISOString() : snowflakeTime(t.id).toISOString(),
      // A retweet reports the original's counts: they are not this post's engagement.
      engagement: isRetweet || !m
        ? { likes: 0, replies: 0, reposts: 0 }
        : { likes: m.like_count, replies: m.reply_count, reposts: m.retweet_count + (m.quote_count ?? 0) },
      ...(replyTo ? { inReplyTo: replyTo } : {}),
    };
  }

  async function page(url: URL): Promise<Page<FetchedMention>> {
    const { data } = await http.json(url, { headers: { authorization: `Bearer ${ctx.credentials.bearerToken}` } });
    const body = parseBody(http, url, Response, data);
    if (!body.data && !body.meta) {
      const e = body.errors?.[0];
      throw http.error(url, `unexpected response: no data and no meta${e ? ` (${e.title ?? ''}: ${e.detail ?? ''})` : ''}`);
    }
    const users = new Map((body.includes?.users ?? []).map((u) => [u.id, u]));
    return { items: (body.data ?? []).map((t) => toMention(t, users)), next: body.meta?.next_token };
  }

  async function stream(cursor: Cursor | undefined, name: 'search' | 'mentions', path: string, params: Record<string, string | undefined>, tokenParam: string) {
    const sc = new StreamCursor(cursor, name);
    const since = sc.get('since');
    let sinceParam: Record<string, string | undefined> = { since_id: since };
    if (name === 'search' && since && /^\d+$/.test(since)) {
      const oldest = ctx.clock.now().getTime() - RECENT_WINDOW_MS;
      if (snowflakeTime(since).getTime() < oldest) sinceParam = { start_time: new Date(oldest).toISOString() };
    }
    const { items, resume, broken } = await readNewestFirst<FetchedMention>({
      maxPages: sc.isNew ? 1 : config.maxPages,
      start: sc.get('resume'),
      reached: (m) => since !== undefined && compareIds(m.nativeId, since) <= 0,
      key: (m) => m.nativeId,
      fetchPage: (token) =>
        page(
          withQuery(base, path, {
            ...params,
            max_results: 100,
            'tweet.fields': TWEET_FIELDS,
            expansions: 'author_id',
            'user.fields': 'name,username,public_metrics',
            ...sinceParam,
            [tokenParam]: token,
          }),
        ),
    });
    // A new stream reads one page and starts from there: older pages are history, not news.
    const next = sc.isNew ? undefined : resume;
    return { items, cursor: sc.afterNewestFirst(maxId(...items.map((m) => m.nativeId)), next, !!broken), more: next !== undefined, warning: broken && `${name}: ${broken}` };
  }

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const runs: Awaited<ReturnType<typeof stream>>[] = [];
      if (config.query) runs.push(await stream(cursor, 'search', '2/tweets/search/recent', { query: config.query }, 'next_token'));
      if (config.userId) runs.push(await stream(cursor, 'mentions', `2/users/${config.userId}/mentions`, {}, 'pagination_token'));
      if (!runs.length) throw http.error(base, 'nothing to read: set query and/or userId');
      // A tweet found by both streams is one Mention.
      const seen = new Set<string>();
      const mentions = runs.flatMap((r) => r.items).filter((m) => !seen.has(m.nativeId) && seen.add(m.nativeId));
      return {
        mentions,
        cursor: mergeCursor(cursor, ...runs.map((r) => r.cursor)),
        ...(runs.some((r) => r.more) ? { more: true } : {}),
        ...warnings(runs),
      };
    },
  };
}
