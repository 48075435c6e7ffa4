import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SourceSchema, type SourceConfig } from '../../lambdas/core/config.ts';
import { SourceError, type Cursor } from '../../lambdas/core/ports.ts';
import { createSource } from '../../lambdas/sources/index.ts';
import { unwrapGoogleRedirect } from '../../lambdas/sources/rss.ts';
import { fixture, hasFixtures, MISSING_FIXTURES, ReplayServer, testDeps } from './replay-server.ts';

let server: ReplayServer;
beforeAll(async () => {
  server = await ReplayServer.start();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

const rss = (extra: Record<string, unknown> = {}): SourceConfig =>
  SourceSchema.parse({ id: 'acme-blog', kind: 'rss', brand: 'acme', url: 'https://blog.acme.example/feed/', baseUrl: server.url, ...extra });

const xml = (body: string, headers: Record<string, string> = {}) => ({
  body,
  headers: { 'content-type': 'application/rss+xml; charset=utf-8', ...headers },
});

function source(extra: Record<string, unknown> = {}, brandHandles: string[] = ['@acmeair', 'Acme Team']) {
  const { deps, sleeps } = testDeps();
  return { source: createSource(rss(extra), { ...deps, brand: { handles: brandHandles } }), sleeps };
}

describe.skipIf(!hasFixtures)('Source: rss, replaying real feeds', () => {
  if (!hasFixtures) it.skip(MISSING_FIXTURES, () => {});

  it('reads a WordPress RSS 2.0 feed that starts with a blank line (TechCrunch)', async () => {
    server.on('GET', '/feed/', xml(fixture('rss2-wordpress-techcrunch.xml'), { etag: 'W/"tc-1"', 'last-modified': 'Wed, 02 Nov 2011 17:29:59 GMT' }));
    const { source: s } = source();
    const result = await s.fetch(undefined);
    expect(result.mentions).toHaveLength(20);
    const first = result.mentions[0]!;
    expect(first).toMatchObject({
      sourceId: 'acme-blog',
      sourceKind: 'rss',
      nativeId: 'http://techcrunch.com/?p=446154',
      url: 'http://feedproxy.google.com/~r/Techcrunch/~3/kTeeGj4FnwU/',
      author: { handle: 'Leena Rao', displayName: 'Leena Rao', reach: 0, isBrand: false },
      language: 'en',
      engagement: { likes: 0, replies: 0, reposts: 0 },
    });
    expect(first.text.startsWith('Angie’s List Sets Price Range IPO At $11 To $13 Per Share; Valued At Over $600M\n\nAngie’s List, which offers')).toBe(true);
    expect(first.text).not.toMatch(/<[a-z]|&#|&amp;/);
    expect(result.cursor).toEqual({
      'feed.etag': 'W/"tc-1"',
      'feed.lastModified': 'Wed, 02 Nov 2011 17:29:59 GMT',
      'feed.since': '2011-11-02T17:25:27.000Z',
    });
  });

  it('reads a self-hosted WordPress RSS feed and decodes entities in titles', async () => {
    server.on('GET', '/feed/', xml(fixture('rss2-wordpress-selfhosted.xml')));
    const { source: s } = source({ followComments: true });
    const { mentions, cursor } = await s.fetch(undefined);
    expect(mentions).toHaveLength(10);
    expect(mentions[0]).toMatchObject({
      nativeId: 'http://www.norm2782.com/?p=114',
      url: 'http://www.norm2782.com/2009/03/wth-reading-books/',
      author: { handle: 'norm2782', reach: 0, isBrand: false },
      createdAt: '2009-03-02T08:09:33.000Z',
      language: 'en',
    });
    expect(mentions[0]!.text.startsWith('Wth… reading books?\n\nBeing in New Zealand')).toBe(true);
    expect(mentions[0]!.text).toContain('* Agile Software Development with Scrum, by Ken Schwaber and Mike Beedle');
    // Every post says <slash:comments>0: no comment feed is worth a request.
    expect(server.requests.map((r) => r.path)).toEqual(['/feed/']);
    expect(cursor['comments.feeds']).toBeUndefined();
  });

  it('reads the same blog as Atom 1.0 with the same ids and dates', async () => {
    server.on('GET', '/feed/', xml(fixture('atom10-wordpress-selfhosted.xml'), { 'content-type': 'application/atom+xml' }));
    const { mentions } = await source().source.fetch(undefined);
    expect(mentions).toHaveLength(10);
    expect(mentions[0]).toMatchObject({
      nativeId: 'http://www.norm2782.com/?p=114',
      url: 'http://www.norm2782.com/2009/03/wth-reading-books/',
      createdAt: '2009-03-02T08:09:33.000Z',
      language: 'en',
      author: { handle: 'norm2782' },
    });
    expect(mentions[0]!.text.startsWith('Wth… reading books?')).toBe(true);
  });

  it('reads a TypePad Atom feed that starts with a blank line, and again only the last day before the cursor', async () => {
    server.on('GET', '/feed/', xml(fixture('atom-typepad-aws-blog.xml')));
    const { source: s } = source();
    const first = await s.fetch(undefined);
    expect(first.mentions).toHaveLength(10);
    expect(first.mentions[0]).toMatchObject({
      nativeId: 'tag:typepad.com,2003:post-61484736',
      url: 'http://aws.typepad.com/aws/2009/01/aws-job-architect-designer-position-in-turkey.html',
      author: { handle: 'AWS Editor' },
    });
    expect(first.mentions[0]!.text.startsWith('AWS Job: Architect & Designer Position in Turkey\n\nLate last year')).toBe(true);
    expect(first.cursor['feed.since']).toBe('2009-01-16T18:21:00.000Z');

    // The same feed again, with no ETag to make it a 304: only the day before the cursor is read
    // again (a backdated item is not missed; the conditional put drops what was stored).
    const second = await s.fetch(first.cursor);
    expect(second.mentions.length).toBeGreaterThan(0);
    expect(second.mentions.length).toBeLessThan(first.mentions.length);
    expect(second.mentions.every((m) => m.createdAt > '2009-01-15T18:21:00.000Z')).toBe(true);
    expect(second.cursor).toEqual(first.cursor);
  });
});

const blogFeed = (items: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Acme Air blog</title><link>https://blog.acme.example</link><language>en-GB</language>${items}</channel></rss>`;

const post = (n: number, date: string, comments = 0) => `
<item><title>Post ${n} &amp; news</title><link>https://blog.acme.example/p/${n}/</link>
<guid isPermaLink="false">https://blog.acme.example/?p=${n}</guid><dc:creator><![CDATA[Acme Team]]></dc:creator>
<pubDate>${date}</pubDate><description><![CDATA[<p>Hello <b>world</b> number ${n}</p>]]></description>
<wfw:commentRss>https://blog.acme.example/p/${n}/feed/</wfw:commentRss><slash:comments>${comments}</slash:comments></item>`;

const commentFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Comments on: Post 2</title>
<item><title>By: Dana</title><link>https://blog.acme.example/p/2/#comment-7</link><guid isPermaLink="false">https://blog.acme.example/?p=2#comment-7</guid>
<dc:creator>Dana</dc:creator><pubDate>Mon, 23 Nov 2026 10:00:00 +0000</pubDate><description>My flight was cancelled &amp; nobody answers the phone</description></item>
<item><title>By: Acme Team</title><link>https://blog.acme.example/p/2/#comment-8</link><guid isPermaLink="false">https://blog.acme.example/?p=2#comment-8</guid>
<dc:creator>Acme Team</dc:creator><pubDate>Mon, 23 Nov 2026 10:30:00 +0000</pubDate><description>Sorry Dana, we have emailed you.</description></item>
</channel></rss>`;

const googleAlerts = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:idx="urn:atom-extension:indexing">
<id>tag:google.com,2005:reader/user/04150917213155425455/state/com.google/alerts/1311311531130313371</id>
<title>Google Alert - acme air</title>
<link href="https://www.google.com/alerts/feeds/04150917213155425455/1311311531130313371" rel="self"></link>
<updated>2026-11-23T09:14:05Z</updated>
<entry>
<id>tag:google.com,2013:googlealerts/feed:10398459038577912373</id>
<title type="html">&lt;b&gt;Acme Air&lt;/b&gt; strands hundreds after &amp;#39;IT glitch&amp;#39;</title>
<link href="https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news.example.co.uk/travel/acme-air-glitch%3Fref%3Drss&amp;ct=ga&amp;cd=CAIyGjM0&amp;usg=AOvVaw1x"></link>
<published>2026-11-23T09:14:05Z</published>
<updated>2026-11-23T09:14:05Z</updated>
<content type="html">Passengers of &lt;b&gt;Acme Air&lt;/b&gt; were stuck at Gatwick on Sunday&amp;nbsp;...</content>
<author><name></name></author>
</entry>
</feed>`;

const rdfFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/">
<channel rdf:about="https://news.acme.example/"><title>Acme Nachrichten</title><link>https://news.acme.example/</link><dc:language>de-DE</dc:language>
<items><rdf:Seq><rdf:li rdf:resource="https://news.acme.example/story/1"/></rdf:Seq></items></channel>
<item rdf:about="https://news.acme.example/story/1"><title>Acme Air: Streik &amp; Chaos</title><link>https://news.acme.example/story/1</link>
<description>Flüge &lt;b&gt;gestrichen&lt;/b&gt;, &lt;br/&gt;niemand am Telefon</description><dc:creator>Redaktion</dc:creator>
<dc:date>2026-11-23T07:30:00+01:00</dc:date><slash:comments>12</slash:comments></item>
</rdf:RDF>`;

const atomBlog = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0" xml:lang="en-GB">
<title type="text">Acme Air blog</title><id>tag:blog.acme.example,2026:feed</id>
<link rel="self" href="https://blog.acme.example/feed/atom/"/><link rel="alternate" type="text/html" href="https://blog.acme.example/"/>
<updated>2026-11-23T09:00:00Z</updated>
<entry><id>tag:blog.acme.example,2026:post-3</id><title type="text">Q&amp;A: &lt;delays&gt;</title>
<link rel="replies" type="application/atom+xml" href="https://blog.acme.example/p/3/feed/atom/" thr:count="1"/>
<link rel="alternate" type="text/html" href="https://blog.acme.example/p/3/"/>
<author><name>Acme Team</name></author><published>2026-11-23T08:00:00Z</published><updated>2026-11-23T09:00:00Z</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>First paragraph.</p><p>Second <a href="https://acme.example/status">status page</a>.</p></div></content>
</entry></feed>`;

const atomComments = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0">
<title>Comments on: Q&amp;A</title><id>tag:blog.acme.example,2026:comments-3</id><updated>2026-11-23T10:00:00Z</updated>
<entry><id>tag:blog.acme.example,2026:comment-9</id><title>By: Sam</title><link href="https://blog.acme.example/p/3/#comment-9"/>
<author><name>Sam</name></author><published>2026-11-23T10:00:00Z</published>
<thr:in-reply-to ref="tag:blog.acme.example,2026:post-3" href="https://blog.acme.example/p/3/" type="text/html"/>
<content type="html">&lt;p&gt;Still no refund after &lt;b&gt;six weeks&lt;/b&gt;.&lt;/p&gt;</content></entry></feed>`;

describe('Source: rss, the project\'s own feeds', () => {
  it('marks the brand\'s own blog posts, follows comment feeds and records replies', async () => {
    server.on('GET', '/feed/', xml(blogFeed(post(2, 'Mon, 23 Nov 2026 08:00:00 +0000', 2) + post(1, 'Sun, 22 Nov 2026 08:00:00 +0000'))));
    server.on('GET', '/p/2/feed/', xml(commentFeed));
    const { source: s } = source({ followComments: true, own: true });
    const { mentions, cursor } = await s.fetch(undefined);
    expect(mentions.map((m) => m.nativeId)).toEqual([
      'https://blog.acme.example/?p=2',
      'https://blog.acme.example/?p=1',
      'https://blog.acme.example/?p=2#comment-7',
      'https://blog.acme.example/?p=2#comment-8',
    ]);
    expect(mentions[0]).toMatchObject({
      text: 'Post 2 & news\n\nHello world number 2',
      language: 'en',
      author: { handle: 'Acme Team', isBrand: true },
      engagement: { replies: 2 },
    });
    expect(mentions[2]).toMatchObject({
      text: 'My flight was cancelled & nobody answers the phone',
      author: { handle: 'Dana', isBrand: false },
      inReplyTo: 'https://blog.acme.example/?p=2',
      createdAt: '2026-11-23T10:00:00.000Z',
    });
    expect(mentions[3]!.author.isBrand).toBe(true);
    // Post 1 has no comments: its comment feed is not requested.
    expect(server.requestsTo('/p/1/feed/')).toHaveLength(0);
    expect(cursor['comments.since']).toBe('2026-11-23T10:30:00.000Z');
    expect(JSON.parse(cursor['comments.feeds']!)).toEqual([{ url: 'https://blog.acme.example/p/2/feed/', parent: 'https://blog.acme.example/?p=2' }]);
  });

  it('sends If-None-Match and If-Modified-Since; a 304 is nothing new but comments are still read', async () => {
    const prev: Cursor = {
      'feed.etag': '"v1"',
      'feed.lastModified': 'Mon, 23 Nov 2026 08:00:00 GMT',
      'feed.since': '2026-11-23T08:00:00.000Z',
      'comments.since': '2026-11-23T10:00:00.000Z',
      'comments.feeds': JSON.stringify([{ url: 'https://blog.acme.example/p/2/feed/', parent: 'https://blog.acme.example/?p=2' }]),
    };
    server.on('GET', '/feed/', { status: 304 });
    server.on('GET', '/p/2/feed/', xml(commentFeed));
    const { source: s } = source({ followComments: true });
    const { mentions, cursor } = await s.fetch(prev);
    const req = server.requestsTo('/feed/')[0]!;
    expect(req.headers['if-none-match']).toBe('"v1"');
    expect(req.headers['if-modified-since']).toBe('Mon, 23 Nov 2026 08:00:00 GMT');
    expect(mentions.map((m) => m.nativeId)).toEqual(['https://blog.acme.example/?p=2#comment-8']);
    expect(cursor).toEqual({ ...prev, 'comments.since': '2026-11-23T10:30:00.000Z' });
  });

  it('skips a comment feed that is gone (404) instead of failing the run', async () => {
    server.on('GET', '/feed/', xml(blogFeed(post(2, 'Mon, 23 Nov 2026 08:00:00 +0000', 2))));
    const { mentions } = await source({ followComments: true }).source.fetch(undefined);
    expect(mentions).toHaveLength(1);
  });

  it('reads Google Alerts: unwraps the redirect, strips the highlighting, names the publisher', async () => {
    server.on('GET', '/feed/', xml(googleAlerts, { 'content-type': 'application/atom+xml' }));
    const { mentions } = await source().source.fetch(undefined);
    expect(mentions).toEqual([
      {
        sourceId: 'acme-blog',
        sourceKind: 'rss',
        nativeId: 'tag:google.com,2013:googlealerts/feed:10398459038577912373',
        url: 'https://news.example.co.uk/travel/acme-air-glitch?ref=rss',
        author: { handle: 'news.example.co.uk', displayName: 'news.example.co.uk', reach: 0, isBrand: false },
        text: "Acme Air strands hundreds after 'IT glitch'\n\nPassengers of Acme Air were stuck at Gatwick on Sunday ...",
        createdAt: '2026-11-23T09:14:05.000Z',
        engagement: { likes: 0, replies: 0, reposts: 0 },
      },
    ]);
  });

  it('reads RSS 1.0 (RDF): items beside the channel, ids from rdf:about, Dublin Core dates, authors and language', async () => {
    server.on('GET', '/feed/', xml(rdfFeed, { 'content-type': 'application/rdf+xml' }));
    const { mentions } = await source().source.fetch(undefined);
    expect(mentions).toEqual([
      {
        sourceId: 'acme-blog',
        sourceKind: 'rss',
        nativeId: 'https://news.acme.example/story/1',
        url: 'https://news.acme.example/story/1',
        author: { handle: 'Redaktion', displayName: 'Redaktion', reach: 0, isBrand: false },
        text: 'Acme Air: Streik & Chaos\n\nFlüge gestrichen,\nniemand am Telefon',
        language: 'de',
        createdAt: '2026-11-23T06:30:00.000Z',
        engagement: { likes: 0, replies: 12, reposts: 0 },
      },
    ]);
  });

  it('reads Atom with xhtml content and plain-text titles, and follows its rel="replies" comment feed', async () => {
    server.on('GET', '/feed/', xml(atomBlog, { 'content-type': 'application/atom+xml' }));
    server.on('GET', '/p/3/feed/atom/', xml(atomComments, { 'content-type': 'application/atom+xml' }));
    const { mentions, cursor } = await source({ followComments: true }).source.fetch(undefined);
    expect(mentions.map((m) => [m.nativeId, m.text])).toEqual([
      ['tag:blog.acme.example,2026:post-3', 'Q&A: <delays>\n\nFirst paragraph.\n\nSecond status page.'],
      ['tag:blog.acme.example,2026:comment-9', 'Still no refund after six weeks.'],
    ]);
    expect(mentions[0]).toMatchObject({ url: 'https://blog.acme.example/p/3/', language: 'en', createdAt: '2026-11-23T08:00:00.000Z', engagement: { replies: 1 }, author: { handle: 'Acme Team', isBrand: true } });
    expect(mentions[1]).toMatchObject({ inReplyTo: 'tag:blog.acme.example,2026:post-3', author: { handle: 'Sam' } });
    expect(JSON.parse(cursor['comments.feeds']!)).toEqual([{ url: 'https://blog.acme.example/p/3/feed/atom/', parent: 'tag:blog.acme.example,2026:post-3' }]);
  });

  it('retries a 500 and then reads the feed', async () => {
    server.on('GET', '/feed/', [{ status: 500, body: 'oops' }, xml(blogFeed(post(1, 'Sun, 22 Nov 2026 08:00:00 +0000')))]);
    const { source: s, sleeps } = source();
    const { mentions } = await s.fetch(undefined);
    expect(mentions).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
  });

  it.each([
    ['an HTML error page', { body: '<!DOCTYPE html><html><head><title>502</title></head><body>Bad gateway</body></html>', headers: { 'content-type': 'text/html' } }, /expected a feed, got an HTML page \(text\/html\)/],
    ['truncated XML', xml(blogFeed(post(1, 'Sun, 22 Nov 2026 08:00:00 +0000')).slice(0, 400)), /not a valid RSS\/Atom feed: <\w+> is not closed/],
    ['JSON instead of a feed', { body: { error: 'no' } }, /not a valid RSS\/Atom feed: no XML element/],
    ['mis-nested XML', xml(blogFeed(post(1, 'Sun, 22 Nov 2026 08:00:00 +0000')).replace('</title>', '')), /not a valid RSS\/Atom feed: <title> is not closed/],
    ['another XML document', xml('<?xml version="1.0"?><opml version="2.0"><body/></opml>'), /not a valid RSS\/Atom feed: the document is <opml>/],
  ])('fails the run on %s, naming source and URL, and leaves the cursor as it was', async (_name, reply, message) => {
    server.on('GET', '/feed/', reply);
    const prev: Cursor = { 'feed.since': '2026-11-01T00:00:00.000Z' };
    const frozen = structuredClone(prev);
    const err = (await source().source.fetch(prev).catch((e: unknown) => e)) as SourceError;
    expect(err).toBeInstanceOf(SourceError);
    expect(err.sourceId).toBe('acme-blog');
    expect(err.url).toBe(`${server.url}/feed/`);
    expect(err.message).toMatch(message);
    expect(prev).toEqual(frozen);
  });

  it('fails the whole run when a comment feed is broken: nothing half-read is returned', async () => {
    server.on('GET', '/feed/', xml(blogFeed(post(2, 'Mon, 23 Nov 2026 08:00:00 +0000', 2))));
    server.on('GET', '/p/2/feed/', { status: 200, body: '<rss version="2.0"><channel><item><title>cut' });
    await expect(source({ followComments: true }).source.fetch(undefined)).rejects.toThrow(/p\/2\/feed\/.*|not a valid RSS/);
  });
});

describe('Function: unwrapGoogleRedirect', () => {
  it.each([
    ['https://www.google.com/url?rct=j&sa=t&url=https://a.example/x%3Fy%3D1&ct=ga', 'https://a.example/x?y=1'],
    ['https://www.google.co.uk/url?q=https://b.example/&sa=U', 'https://b.example/'],
    ['https://www.google.com/search?q=acme', 'https://www.google.com/search?q=acme'],
    ['https://blog.example/url?url=https://evil.example', 'https://blog.example/url?url=https://evil.example'],
  ])('%s -> %s', (link, expected) => {
    expect(unwrapGoogleRedirect(link)).toBe(expected);
  });
});
