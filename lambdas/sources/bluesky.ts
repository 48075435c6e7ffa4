/**
 * Bluesky connector: app.bsky.feed.searchPosts (sort=latest) for the brand's query, and
 * notifications of the brand account filtered to mentions and quotes. Logs in with an app
 * password (com.atproto.server.createSession) on the PDS, which proxies app.bsky.* calls;
 * the session is reused while it works. Follower counts come from getProfiles, 25 at a time.
 *
 * Cursor per stream (`search.*`, `notifications.*`): since (indexedAt of the newest item
 * stored), and while a walk is unfinished, resume (page cursor) and pending.
 */
import * as z from 'zod/mini';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { BoundedCache, byBrand, parseBody, withQuery, type SourceContext } from './context.ts';
import { HttpStatusError } from './http.ts';
import { maxId, mergeCursor, readNewestFirst, StreamCursor, warnings } from './paging.ts';
import { languageOf, tidy } from './text.ts';

type BlueskyConfig = Extract<SourceConfig, { kind: 'bluesky' }>;

const Author = z.object({ did: z.string(), handle: z.string(), displayName: z.optional(z.string()) });
const PostRecord = z.object({
  text: z.string(),
  createdAt: z.string(),
  langs: z.optional(z.array(z.string())),
  reply: z.optional(z.object({ parent: z.object({ uri: z.string() }) })),
  facets: z.optional(z.array(z.object({ index: z.object({ byteStart: z.number(), byteEnd: z.number() }), features: z.array(z.object({ $type: z.optional(z.string()), uri: z.optional(z.string()) })) }))),
});

/** Apps shorten links in the text ("example.com/long/pa..."); the link facet holds the whole URL. */
export function expandLinks(text: string, facets: z.output<typeof PostRecord>['facets']): string {
  const links = (facets ?? [])
    .map((f) => ({ ...f.index, uri: f.features.find((x) => x.$type === 'app.bsky.richtext.facet#link' && x.uri)?.uri }))
    .filter((f): f is { byteStart: number; byteEnd: number; uri: string } => f.uri !== undefined)
    .sort((a, b) => b.byteStart - a.byteStart);
  if (!links.length) return text;
  let bytes = Buffer.from(text, 'utf8');
  for (const l of links) {
    if (l.byteStart < 0 || l.byteEnd > bytes.length || l.byteStart >= l.byteEnd) continue;
    bytes = Buffer.concat([bytes.subarray(0, l.byteStart), Buffer.from(l.uri, 'utf8'), bytes.subarray(l.byteEnd)]);
  }
  return bytes.toString('utf8');
}
const PostView = z.object({
  uri: z.string(),
  author: Author,
  record: PostRecord,
  replyCount: z.optional(z.number()),
  repostCount: z.optional(z.number()),
  likeCount: z.optional(z.number()),
  quoteCount: z.optional(z.number()),
  indexedAt: z.string(),
});
const SearchOut = z.object({ posts: z.array(PostView), cursor: z.optional(z.string()) });
const Notification = z.object({ uri: z.string(), author: Author, reason: z.string(), record: z.unknown(), indexedAt: z.string() });
const NotificationsOut = z.object({ notifications: z.array(Notification), cursor: z.optional(z.string()) });
const Session = z.object({ accessJwt: z.string(), refreshJwt: z.optional(z.string()), did: z.string(), handle: z.optional(z.string()) });
const Profiles = z.object({ profiles: z.array(z.object({ did: z.string(), followersCount: z.optional(z.number()) })) });

interface Item {
  /** The record's URI. */
  uri: string;
  /** Absent for a notification of another kind (like, follow): it still moves the position. */
  mention?: FetchedMention;
  did: string;
  indexedAt: string;
}

const LIMIT = 100;
/** Authors whose follower counts one run looks up (4 getProfiles calls). */
const PROFILE_LOOKUPS_PER_RUN = 100;

/** `at://did/app.bsky.feed.post/<rkey>` -> the bsky.app link. */
export function postUrl(uri: string, handle: string): string {
  const rkey = uri.split('/').pop() ?? '';
  return `https://bsky.app/profile/${handle}/post/${rkey}`;
}

export function createBlueskySource(config: BlueskyConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const base = config.baseUrl ?? 'https://bsky.social';
  const followers = new BoundedCache<number>(5_000);
  let session: { jwt: string; did: string } | undefined;

  async function login(): Promise<{ jwt: string; did: string }> {
    if (session) return session;
    const url = withQuery(base, 'xrpc/com.atproto.server.createSession', {});
    const { data } = await http.json(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ identifier: ctx.credentials.identifier, password: ctx.credentials.appPassword }),
    });
    const s = parseBody(http, url, Session, data);
    // The session tokens are credentials too: masked in every error from here on.
    http.addSecrets(s.accessJwt, ...(s.refreshJwt ? [s.refreshJwt] : []));
    session = { jwt: s.accessJwt, did: s.did };
    return session;
  }

  async function get(url: URL): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const { jwt } = await login();
      try {
        return (await http.json(url, { headers: { authorization: `Bearer ${jwt}` } })).data;
      } catch (err) {
        // An access token lives about two hours: log in again once when it has expired.
        if (attempt === 0 && err instanceof HttpStatusError && [400, 401].includes(err.status) && /ExpiredToken|InvalidToken/.test(err.message)) {
          session = undefined;
          continue;
        }
        throw err;
      }
    }
  }

  function toItem(url: URL, p: { uri: string; author: z.output<typeof Author>; record: unknown; indexedAt: string; replyCount?: number; repostCount?: number; likeCount?: number; quoteCount?: number }, at: (string | number)[]): Item {
    const record = parseBody(http, url, PostRecord, p.record, [...at, 'record']);
    const handle = p.author.handle;
    const language = languageOf(record.langs?.[0]);
    const createdAt = Date.parse(record.createdAt);
    return {
      uri: p.uri,
      did: p.author.did,
      indexedAt: new Date(p.indexedAt).toISOString(),
      mention: {
        sourceId: config.id,
        sourceKind: 'bluesky',
        nativeId: p.uri,
        url: postUrl(p.uri, handle),
        author: { handle, displayName: p.author.displayName || handle, reach: 0, isBrand: byBrand(ctx, handle, p.author.did === session?.did) },
        text: tidy(expandLinks(record.text, record.facets)),
        ...(language ? { language } : {}),
        // A record's createdAt is set by the client and may be garbage; indexedAt is the server's.
        createdAt: new Date(Number.isFinite(createdAt) ? createdAt : Date.parse(p.indexedAt)).toISOString(),
        engagement: { likes: p.likeCount ?? 0, replies: p.replyCount ?? 0, reposts: (p.repostCount ?? 0) + (p.quoteCount ?? 0) },
        ...(record.reply ? { inReplyTo: record.reply.parent.uri } : {}),
      },
    };
  }

  async function stream(cursor: Cursor | undefined, name: string, fetchPage: (token: string | undefined) => Promise<{ items: Item[]; next?: string }>) {
    const sc = new StreamCursor(cursor, name);
    const since = sc.get('since');
    const { items, resume, broken } = await readNewestFirst<Item>({
      maxPages: sc.isNew ? 1 : config.maxPages,
      start: sc.get('resume'),
      reached: (i) => since !== undefined && i.indexedAt <= since,
      key: (i) => i.uri,
      fetchPage,
    });
    const next = sc.isNew ? undefined : resume;
    return { items, more: next !== undefined, cursor: sc.afterNewestFirst(maxId(...items.map((i) => i.indexedAt)), next, !!broken), warning: broken && `${name}: ${broken}` };
  }

  async function addReach(items: (Item & { mention: FetchedMention })[]): Promise<void> {
    const unknown = [...new Set(items.map((i) => i.did))].filter((d) => followers.get(d) === undefined).slice(0, PROFILE_LOOKUPS_PER_RUN);
    for (let i = 0; i < unknown.length; i += 25) {
      const url = withQuery(base, 'xrpc/app.bsky.actor.getProfiles', { actors: unknown.slice(i, i + 25) });
      try {
        for (const p of parseBody(http, url, Profiles, await get(url)).profiles) followers.set(p.did, p.followersCount ?? 0);
      } catch {
        // Follower counts only enrich a mention: without them reach stays 0 this run.
      }
    }
    for (const i of items) i.mention.author.reach = followers.get(i.did) ?? 0;
  }

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const runs: Awaited<ReturnType<typeof stream>>[] = [];
      if (config.query) {
        const q = config.query;
        runs.push(
          await stream(cursor, 'search', async (token) => {
            const url = withQuery(base, 'xrpc/app.bsky.feed.searchPosts', { q, sort: 'latest', limit: LIMIT, cursor: token });
            const out = parseBody(http, url, SearchOut, await get(url));
            return { items: out.posts.map((p, i) => toItem(url, p, ['posts', i])), next: out.posts.length ? out.cursor : undefined };
          }),
        );
      }
      if (config.notifications) {
        const reasons = config.reasons;
        runs.push(
          await stream(cursor, 'notifications', async (token) => {
            const url = withQuery(base, 'xrpc/app.bsky.notification.listNotifications', { reasons, limit: LIMIT, cursor: token });
            const out = parseBody(http, url, NotificationsOut, await get(url));
            // Older servers ignore `reasons`: filter here too (likes, follows and reposts are not mentions).
            const items = out.notifications.map((n, i) =>
              (reasons as readonly string[]).includes(n.reason)
                ? toItem(url, n, ['notifications', i])
                : { uri: n.uri, did: n.author.did, indexedAt: new Date(n.indexedAt).toISOString() },
            );
            return { items, next: out.notifications.length ? out.cursor : undefined };
          }),
        );
      }
      if (!runs.length) throw http.error(base, 'nothing to read: set query and/or notifications');
      const seen = new Set<string>();
      const items = runs
        .flatMap((r) => r.items)
        .filter((i): i is Item & { mention: FetchedMention } => i.mention !== undefined && !seen.has(i.mention.nativeId) && !!seen.add(i.mention.nativeId));
      await addReach(items);
      return {
        mentions: items.map((i) => i.mention),
        cursor: mergeCursor(cursor, ...runs.map((r) => r.cursor)),
        ...(runs.some((r) => r.more) ? { more: true } : {}),
        ...warnings(runs),
      };
    },
  };
}
