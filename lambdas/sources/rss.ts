/**
 * RSS 2.0 / Atom connector: blogs, their per-post comment feeds (wfw:commentRss or Atom
 * rel="replies"), and Google Alerts (Atom whose links are google.com/url redirects).
 * Conditional GET with ETag / Last-Modified: 304 means nothing new.
 *
 * Cursor: feed.etag, feed.lastModified, feed.since (newest item date seen),
 * comments.since (newest comment date seen), comments.feeds (JSON list of comment feed URLs,
 * so comments are still read on a run where the main feed answers 304).
 */
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import type { Cursor, FetchResult, Source } from '../core/ports.ts';
import { byBrand, type SourceContext } from './context.ts';
import { parseFeed, type Feed, type FeedItem } from './feed.ts';
import { maxId, mergeCursor, StreamCursor } from './paging.ts';
import { htmlToPlainText } from './html-text.ts';
import { joinTitleAndBody } from './text.ts';

/** How far before the newest item seen a feed is read again. */
const RSS_OVERLAP_MS = 24 * 60 * 60 * 1000;

type RssConfig = Extract<SourceConfig, { kind: 'rss' }>;

const USER_AGENT = 'crisis-desk/0.1 (feed reader)';

/** Google Alerts links are `https://www.google.com/url?...&url=<real>`: the real one is the article. */
export function unwrapGoogleRedirect(link: string): string {
  try {
    const u = new URL(link);
    if (/(^|\.)google\.[a-z.]+$/.test(u.hostname) && u.pathname === '/url') {
      const real = u.searchParams.get('url') ?? u.searchParams.get('q');
      if (real && /^https?:\/\//.test(real)) return real;
    }
  } catch {
    // not a URL: keep as is
  }
  return link;
}

const hostOf = (link: string | undefined): string | undefined => {
  try {
    return link ? new URL(link).hostname.replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
};

const primaryLanguage = (lang: string | undefined): string | undefined =>
  lang && /^[a-z]{2,3}([-_][a-z0-9]+)*$/i.test(lang.trim()) ? lang.trim().split(/[-_]/)[0]!.toLowerCase() : undefined;

export function createRssSource(config: RssConfig, ctx: SourceContext): Source {
  const { http } = ctx;
  const feedUrl = config.baseUrl ? rebase(config.url, config.baseUrl) : config.url;

  function parse(url: string, body: string, contentType: string | null): Feed {
    // Two real feeds start with a blank line before <?xml, which XML does not allow.
    const xml = body.replace(/^\uFEFF/, '').trimStart();
    if (/^<(!doctype html|html)/i.test(xml)) {
      throw http.error(url, `expected a feed, got an HTML page (${contentType ?? 'no content-type'})`);
    }
    let feed: Feed;
    try {
      feed = parseFeed(xml);
    } catch (err) {
      throw http.error(url, `not a valid RSS/Atom feed: ${(err as Error).message}`, err);
    }
    return { ...feed, language: primaryLanguage(feed.language) };
  }

  function toMention(url: string, item: FeedItem, index: number, feed: Feed, own: boolean, parent?: string): FetchedMention {
    const link = item.link ? unwrapGoogleRedirect(item.link) : undefined;
    const nativeId = item.id ?? item.link;
    if (!nativeId) throw http.error(url, `unexpected response: item ${index} has no guid, id or link`);
    const title = htmlToPlainText(item.title);
    const body = htmlToPlainText(item.content);
    const handle = item.author || hostOf(link) || hostOf(feed.link) || hostOf(url) || 'unknown';
    const ms = item.date ? Date.parse(item.date) : NaN;
    return {
      sourceId: config.id,
      sourceKind: 'rss',
      nativeId,
      url: link ?? feed.link ?? url,
      author: { handle, displayName: handle, reach: 0, isBrand: byBrand(ctx, handle, own) },
      // A comment's title is "Comment on <post> by <name>": noise for sentiment.
      text: parent ? body || title : joinTitleAndBody(title, body),
      language: primaryLanguage(item.language) ?? feed.language,
      createdAt: Number.isFinite(ms) ? new Date(ms).toISOString() : ctx.clock.now().toISOString(),
      engagement: { likes: 0, replies: item.replies ?? 0, reposts: 0 },
      ...(item.inReplyTo ?? parent ? { inReplyTo: item.inReplyTo ?? parent } : {}),
    };
  }

  async function readComments(feeds: { url: string; parent?: string }[], since: string | undefined) {
    const mentions: FetchedMention[] = [];
    for (const f of feeds) {
      const res = await http.request(f.url, { headers: { 'user-agent': USER_AGENT, accept: ACCEPT }, accept: [404, 410] });
      // The post was deleted: its comment feed is gone, which is not this source failing.
      if (res.status === 404 || res.status === 410) continue;
      const feed = parse(f.url, res.body, res.headers.get('content-type'));
      feed.items.forEach((item, i) => {
        const m = toMention(f.url, item, i, feed, false, f.parent);
        if (since === undefined || m.createdAt > since) mentions.push(m);
      });
    }
    return mentions;
  }

  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const feedCursor = new StreamCursor(cursor, 'feed');
      const commentCursor = new StreamCursor(cursor, 'comments');
      const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: ACCEPT };
      const etag = feedCursor.get('etag');
      const lastModified = feedCursor.get('lastModified');
      if (etag) headers['if-none-match'] = etag;
      if (lastModified) headers['if-modified-since'] = lastModified;

      const res = await http.request(feedUrl, { headers, accept: [304] });
      const mentions: FetchedMention[] = [];
      let updates: Cursor = {};
      let commentFeeds: { url: string; parent?: string }[] = parseFeedList(commentCursor.get('feeds'));

      if (res.status !== 304) {
        const feed = parse(feedUrl, res.body, res.headers.get('content-type'));
        const since = feedCursor.get('since');
        const all = feed.items.map((item, i) => toMention(feedUrl, item, i, feed, config.own));
        // A day of overlap: a backdated or same-second item (Google Alerts, scheduled posts) is still read;
        // what was already stored is dropped by the conditional put downstream.
        const from = since === undefined ? undefined : new Date(Date.parse(since) - RSS_OVERLAP_MS).toISOString();
        mentions.push(...all.filter((m) => from === undefined || m.createdAt > from));
        updates = feedCursor.entries({
          etag: res.headers.get('etag') ?? undefined,
          lastModified: res.headers.get('last-modified') ?? undefined,
          since: maxId(since, ...all.map((m) => m.createdAt)),
        });
        if (config.followComments) {
          commentFeeds = feed.items
            .map((item, i) => ({ item, mention: all[i]! }))
            .filter(({ item }) => (item.replies ?? 1) > 0)
            .sort((a, b) => (a.mention.createdAt < b.mention.createdAt ? 1 : -1))
            .map(({ item, mention }) => ({ url: item.commentFeed, parent: mention.nativeId }))
            .filter((f): f is { url: string; parent: string } => f.url !== undefined)
            .slice(0, config.commentFeeds);
        }
      }

      if (config.followComments && commentFeeds.length) {
        const since = commentCursor.get('since');
        const comments = await readComments(
          commentFeeds.map((f) => ({ ...f, url: config.baseUrl ? rebase(f.url, config.baseUrl) : f.url })),
          since,
        );
        mentions.push(...comments);
        updates = mergeCursor(
          updates,
          commentCursor.entries({
            since: maxId(since, ...comments.map((c) => c.createdAt)),
            feeds: JSON.stringify(commentFeeds),
          }),
        );
      }
      return { mentions, cursor: mergeCursor(cursor, updates) };
    },
  };
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1';

function parseFeedList(json: string | undefined): { url: string; parent?: string }[] {
  if (!json) return [];
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter((f): f is { url: string; parent?: string } => typeof f?.url === 'string') : [];
  } catch {
    return [];
  }
}

/** The same path and query on another origin (tests, proxies): `baseUrl` replaces scheme, host and port. */
function rebase(url: string, baseUrl: string): string {
  const u = new URL(url);
  const b = new URL(baseUrl);
  return new URL(`${b.pathname.replace(/\/$/, '')}${u.pathname}${u.search}`, b.origin).toString();
}
