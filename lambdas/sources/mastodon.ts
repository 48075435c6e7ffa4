/**
 * Mastodon connector: hashtag timelines and status search on one instance, and mentions of
 * the account whose token is configured. Status content is HTML.
 *
 * Cursor per stream (`tag:<name>.*`, `search.*`, `notifications.*`): since (newest id stored).
 * Each run walks forward with `min_id=<since>`, which returns the page just newer than it;
 * a full page means there may be more, read up to maxPages.
 */
import * as z from 'zod/mini';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { byBrand, parseBody, withQuery, type SourceContext } from './context.ts';
import { maxId, mergeCursor, StreamCursor } from './paging.ts';
import { htmlToPlainText } from './html-text.ts';
import { joinTitleAndBody, languageOf } from './text.ts';

type MastodonConfig = Extract<SourceConfig, { kind: 'mastodon' }>;

const Account = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.optional(z.string()),
  followers_count: z.optional(z.number()),
});
const Status = z.object({
  id: z.string(),
  created_at: z.string(),
  in_reply_to_id: z.optional(z.nullable(z.string())),
  spoiler_text: z.optional(z.string()),
  language: z.optional(z.nullable(z.string())),
  uri: z.string(),
  url: z.optional(z.nullable(z.string())),
  replies_count: z.optional(z.number()),
  reblogs_count: z.optional(z.number()),
  favourites_count: z.optional(z.number()),
  quotes_count: z.optional(z.number()),
  content: z.string(),
  reblog: z.optional(z.unknown()),
  account: Account,
});
const Notification = z.object({ id: z.string(), type: z.string(), status: z.optional(z.nullable(Status)) });
const Search = z.object({ statuses: z.array(Status) });

type StatusT = z.output<typeof Status>;

const LIMIT = 40;

export function createMastodonSource(config: MastodonConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const base = config.baseUrl ?? config.instance;
  const host = new URL(config.instance).host;

  function toMention(s: StatusT): FetchedMention {
    // Local accounts have no domain in `acct`: qualify them so handles are unique across the fediverse.
    const handle = s.account.acct.includes('@') ? s.account.acct : `${s.account.acct}@${host}`;
    const language = languageOf(s.language);
    return {
      sourceId: config.id,
      sourceKind: 'mastodon',
      nativeId: s.id,
      url: s.url ?? s.uri,
      author: {
        handle,
        displayName: s.account.display_name || s.account.username,
        reach: s.account.followers_count ?? 0,
        isBrand: byBrand(ctx, handle),
      },
      // A content warning is part of what people read first.
      text: joinTitleAndBody(s.spoiler_text?.trim() ?? '', htmlToPlainText(s.content)),
      ...(language ? { language } : {}),
      createdAt: new Date(s.created_at).toISOString(),
      engagement: { likes: s.favourites_count ?? 0, replies: s.replies_count ?? 0, reposts: (s.reblogs_count ?? 0) + (s.quotes_count ?? 0) },
      ...(s.in_reply_to_id ? { inReplyTo: s.in_reply_to_id } : {}),
    };
  }

  async function get(url: URL, needsToken: boolean): Promise<unknown> {
    const token = ctx.credentials.accessToken;
    if (needsToken && !token) throw http.error(url, 'this stream needs accessToken in the secret');
    const { data } = await http.json(url, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return data;
  }

  /** One stream, forward from its stored id. `page` answers [position id, status] pairs, newest first. */
  async function stream(cursor: Cursor | undefined, name: string, page: (minId: string | undefined) => Promise<[string, StatusT | undefined][]>) {
    const sc = new StreamCursor(cursor, name);
    let since = sc.get('since');
    const statuses: StatusT[] = [];
    let more = false;
    // A new stream reads the newest page and starts from there.
    const pages = since === undefined ? 1 : config.maxPages;
    for (let n = 0; n < pages; n++) {
      const items = await page(since);
      for (const [, s] of items) if (s && !s.reblog) statuses.push(s);
      since = maxId(since, ...items.map(([id]) => id));
      if (items.length < LIMIT) break;
      more = n === pages - 1 && sc.get('since') !== undefined;
    }
    return { statuses, more, cursor: since === undefined ? {} : sc.entries({ since }) };
  }

  const statusList = async (url: URL, needsToken: boolean): Promise<[string, StatusT][]> =>
    parseBody(http, url, z.array(Status), await get(url, needsToken)).map((s) => [s.id, s]);

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const runs: Awaited<ReturnType<typeof stream>>[] = [];
      for (const raw of config.hashtags) {
        const tag = raw.replace(/^#/, '');
        runs.push(
          await stream(cursor, `tag:${tag.toLowerCase()}`, (minId) =>
            statusList(withQuery(base, `api/v1/timelines/tag/${encodeURIComponent(tag)}`, { limit: LIMIT, min_id: minId }), false),
          ),
        );
      }
      if (config.query) {
        const query = config.query;
        runs.push(
          await stream(cursor, 'search', async (minId) => {
            const url = withQuery(base, 'api/v2/search', { q: query, type: 'statuses', resolve: 'false', limit: LIMIT, min_id: minId });
            return parseBody(http, url, Search, await get(url, true)).statuses.map((s) => [s.id, s]);
          }),
        );
      }
      if (config.notifications) {
        runs.push(
          await stream(cursor, 'notifications', async (minId) => {
            const url = withQuery(base, 'api/v1/notifications', { 'types[]': ['mention'], limit: LIMIT, min_id: minId });
            return parseBody(http, url, z.array(Notification), await get(url, true))
              .map((n) => [n.id, n.type === 'mention' ? (n.status ?? undefined) : undefined]);
          }),
        );
      }
      if (!runs.length) throw http.error(base, 'nothing to read: set hashtags, query and/or notifications');
      const seen = new Set<string>();
      const statuses = runs.flatMap((r) => r.statuses).filter((s) => !seen.has(s.id) && seen.add(s.id));
      return {
        mentions: statuses.map(toMention),
        cursor: mergeCursor(cursor, ...runs.map((r) => r.cursor)),
        ...(runs.some((r) => r.more) ? { more: true } : {}),
      };
    },
  };
}
