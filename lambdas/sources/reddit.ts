/**
 * Reddit connector: site-wide search for the brand's terms (sort=new), and new posts and
 * comments in chosen subreddits. App-only OAuth (client credentials), the token cached until
 * it expires. Reddit's x-ratelimit-* headers are obeyed by the HTTP client.
 *
 * Cursor per stream (`search.*`, `new.*`, `comments.*`): before (fullname of the newest item
 * stored) and createdUtc (its time). Each run walks forward with `before=<fullname>`, which
 * returns the items just newer than it. A removed anchor makes `before` answer empty forever,
 * so an empty answer is checked against the newest page by time.
 */
import * as z from 'zod/mini';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { BoundedCache, byBrand, parseBody, withQuery, type SourceContext } from './context.ts';
import { HttpStatusError } from './http.ts';
import { mergeCursor, StreamCursor } from './paging.ts';
import { decodeEscapes, joinTitleAndBody } from './text.ts';

type RedditConfig = Extract<SourceConfig, { kind: 'reddit' }>;

const Thing = z.object({
  kind: z.enum(['t1', 't3']),
  data: z.object({
    name: z.string(),
    author: z.string(),
    created_utc: z.number(),
    permalink: z.string(),
    score: z.optional(z.number()),
    title: z.optional(z.string()),
    selftext: z.optional(z.string()),
    body: z.optional(z.string()),
    num_comments: z.optional(z.number()),
    num_crossposts: z.optional(z.number()),
    parent_id: z.optional(z.string()),
  }),
});
const Listing = z.object({
  kind: z.literal('Listing'),
  data: z.object({ children: z.array(z.unknown()), before: z.optional(z.nullable(z.string())) }),
});
const Token = z.object({ access_token: z.string(), expires_in: z.optional(z.number()) });
const About = z.object({ data: z.object({ total_karma: z.optional(z.number()), link_karma: z.optional(z.number()), comment_karma: z.optional(z.number()) }) });

type ThingT = z.output<typeof Thing>;

const PAGE = 100;
/** New authors whose karma one run looks up; the rest get 0 until a later run. */
const KARMA_LOOKUPS_PER_RUN = 25;

export function createRedditSource(config: RedditConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const api = config.baseUrl ?? 'https://oauth.reddit.com';
  const authBase = config.authUrl ?? config.baseUrl ?? 'https://www.reddit.com';
  const karma = new BoundedCache<number>(5_000);
  let token: { value: string; expiresAt: number } | undefined;

  const userAgent = () => ctx.credentials.userAgent || `server:crisis-desk:0.1 (source ${config.id})`;

  async function accessToken(): Promise<string> {
    const now = ctx.clock.now().getTime();
    if (token && token.expiresAt > now) return token.value;
    const url = withQuery(authBase, 'api/v1/access_token', {});
    const basic = Buffer.from(`${ctx.credentials.clientId}:${ctx.credentials.clientSecret}`).toString('base64');
    // Derived from the secret, so as secret as it: masked in every error from here on.
    http.addSecrets(basic);
    const { data } = await http.json(url, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent() },
      body: 'grant_type=client_credentials',
    });
    const t = parseBody(http, url, Token, data);
    http.addSecrets(t.access_token);
    // Renew a minute early so a token never expires mid-run.
    token = { value: t.access_token, expiresAt: now + ((t.expires_in ?? 3600) - 60) * 1000 };
    return token.value;
  }

  async function get(url: URL, accept: number[] = []): Promise<{ status: number; data: unknown }> {
    for (let attempt = 0; ; attempt++) {
      const headers = { authorization: `bearer ${await accessToken()}`, 'user-agent': userAgent(), accept: 'application/json' };
      try {
        const res = await http.request(url, { headers, accept });
        return { status: res.status, data: accept.includes(res.status) ? undefined : http.parseJson(url, res) };
      } catch (err) {
        // A token revoked or expired early: fetch a new one once.
        if (attempt === 0 && err instanceof HttpStatusError && err.status === 401) {
          token = undefined;
          continue;
        }
        throw err;
      }
    }
  }

  async function listing(path: string, params: Record<string, string | number | undefined>): Promise<ThingT[]> {
    const url = withQuery(api, path, { ...params, raw_json: 1 });
    const { data } = await get(url);
    const body = parseBody(http, url, Listing, data);
    // Other kinds (e.g. "more") carry no post: skip them, but a t1/t3 must be whole.
    return body.data.children.flatMap((c, i) =>
      ['t1', 't3'].includes((c as { kind?: string })?.kind ?? '') ? [parseBody(http, url, Thing, c, ['data', 'children', i])] : [],
    );
  }

  function toMention(t: ThingT, reach: number): FetchedMention {
    const d = t.data;
    const text = t.kind === 't3' ? joinTitleAndBody(decodeEscapes(d.title), decodeEscapes(d.selftext)) : decodeEscapes(d.body);
    return {
      sourceId: config.id,
      sourceKind: 'reddit',
      nativeId: d.name,
      url: `https://www.reddit.com${d.permalink.split('?')[0]}`,
      author: { handle: d.author, displayName: d.author, reach, isBrand: byBrand(ctx, d.author) },
      text,
      createdAt: new Date(d.created_utc * 1000).toISOString(),
      engagement: { likes: Math.max(0, d.score ?? 0), replies: d.num_comments ?? 0, reposts: d.num_crossposts ?? 0 },
      ...(t.kind === 't1' && d.parent_id ? { inReplyTo: d.parent_id } : {}),
    };
  }

  /** Walks one listing forward from its stored anchor. */
  async function stream(cursor: Cursor | undefined, name: string, path: string, params: Record<string, string | undefined>) {
    const sc = new StreamCursor(cursor, name);
    const anchor = sc.get('before');
    const anchorTime = Number(sc.get('createdUtc') ?? 0);
    const items: ThingT[] = [];
    let more = false;
    if (!anchor) {
      items.push(...(await listing(path, { ...params, limit: PAGE })));
    } else {
      let before = anchor;
      for (let page = 0; page < config.maxPages; page++) {
        const children = await listing(path, { ...params, limit: PAGE, before });
        items.push(...children);
        if (children.length < PAGE) break;
        before = newest(children)!.data.name;
        more = page === config.maxPages - 1;
      }
      if (!items.length) {
        // Nothing newer than the anchor, or the anchor was removed: compare with the newest page by time.
        const latest = await listing(path, { ...params, limit: 25 });
        if (!latest.some((t) => t.data.name === anchor)) items.push(...latest.filter((t) => t.data.created_utc > anchorTime));
      }
    }
    const top = newest(items);
    return {
      items,
      more,
      cursor: top ? sc.entries({ before: top.data.name, createdUtc: String(top.data.created_utc) }) : {},
    };
  }

  async function reachOf(authors: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    let lookups = 0;
    for (const a of new Set(authors)) {
      const known = karma.get(a);
      if (known !== undefined) out.set(a, known);
      else if (config.karma && a !== '[deleted]' && lookups++ < KARMA_LOOKUPS_PER_RUN) {
        try {
          const url = withQuery(api, `user/${encodeURIComponent(a)}/about`, { raw_json: 1 });
          const res = await get(url, [403, 404]);
          const about = res.data === undefined ? undefined : About.safeParse(res.data).data?.data;
          const k = about ? (about.total_karma ?? (about.link_karma ?? 0) + (about.comment_karma ?? 0)) : 0;
          karma.set(a, k);
          out.set(a, k);
        } catch {
          // Karma only enriches a mention: a failed lookup leaves reach at 0 and is retried next run.
        }
      }
    }
    return out;
  }

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const subs = config.subreddits.join('+');
      const runs: Awaited<ReturnType<typeof stream>>[] = [];
      if (config.query) runs.push(await stream(cursor, 'search', 'search', { q: config.query, sort: 'new', type: 'link' }));
      if (subs) {
        runs.push(await stream(cursor, 'new', `r/${subs}/new`, {}));
        runs.push(await stream(cursor, 'comments', `r/${subs}/comments`, {}));
      }
      if (!runs.length) throw http.error(api, 'nothing to read: set query and/or subreddits');
      const seen = new Set<string>();
      const things = runs.flatMap((r) => r.items).filter((t) => !seen.has(t.data.name) && seen.add(t.data.name));
      const reach = await reachOf(things.map((t) => t.data.author));
      return {
        mentions: things.map((t) => toMention(t, reach.get(t.data.author) ?? 0)),
        cursor: mergeCursor(cursor, ...runs.map((r) => r.cursor)),
        ...(runs.some((r) => r.more) ? { more: true } : {}),
      };
    },
  };
}

function newest(things: ThingT[]): ThingT | undefined {
  return things.reduce<ThingT | undefined>((m, t) => (!m || t.data.created_utc > m.data.created_utc ? t : m), undefined);
}
