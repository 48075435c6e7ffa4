/**
 * A feed document (RSS 2.0, RSS 1.0 / RDF, Atom 1.0) to the fields the RSS connector reads, on
 * htmlparser2 in XML mode: the parser the HTML-reading connectors already bundle for
 * html-to-text, so reading feeds adds only this file. (rss-parser, with xml2js, xmlbuilder and
 * sax, was about 150 KB of the fetch function; a full feed library on fast-xml-parser about
 * 100 KB more than this.)
 *
 * htmlparser2 is forgiving: it closes what a document left open. A feed must close every element
 * itself, so a truncated or mis-nested one is refused with FeedSyntaxError instead of being read
 * in part.
 */
import type { Element } from 'domhandler';
import { DomHandler, DomUtils, Parser } from 'htmlparser2';

/** One post or comment, its texts as HTML (Atom `type="text"` is escaped to HTML). */
export interface FeedItem {
  /** RSS guid, Atom id, RDF rdf:about. */
  id?: string;
  title?: string;
  /** The post's page: RSS link, Atom link rel="alternate" (or the first link). */
  link?: string;
  /** content:encoded, Atom content, else description / summary. */
  content?: string;
  /** dc:creator, RSS author, Atom author name. */
  author?: string;
  /** As the feed wrote it: pubDate or dc:date, Atom published or updated. */
  date?: string;
  /** dc:language or xml:lang of the item (or of its Atom content). */
  language?: string;
  /** slash:comments, thr:total, or thr:count of the Atom replies link. */
  replies?: number;
  /** The item's comment feed: wfw:commentRss, or an Atom link rel="replies" to a feed. */
  commentFeed?: string;
  /** thr:in-reply-to ref: the post a comment answers. */
  inReplyTo?: string;
}

export interface Feed {
  format: 'rss' | 'rdf' | 'atom';
  items: FeedItem[];
  /** RSS language, RDF dc:language, Atom xml:lang. */
  language?: string;
  /** The site's address. */
  link?: string;
}

export class FeedSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedSyntaxError';
  }
}

/** A DOM handler that remembers the first element the parser had to close for the document. */
class StrictXmlHandler extends DomHandler {
  unclosed: string | undefined;
  #parser: { endIndex: number | null } | undefined;
  #openedAt: number | null = null;

  constructor() {
    super(undefined, { xmlMode: true });
  }

  override onparserinit(parser: { startIndex: number | null; endIndex: number | null }): void {
    super.onparserinit(parser);
    this.#parser = parser;
  }

  override onopentag(name: string, attribs: Record<string, string>): void {
    this.#openedAt = this.#parser?.endIndex ?? null;
    super.onopentag(name, attribs);
  }

  // htmlparser2 calls the close of a self-closing tag (<link/>) implied too: it comes at the
  // very index its opening did.
  override onclosetag(name?: string, isImplied?: boolean): void {
    const selfClosing = this.#openedAt !== null && this.#parser?.endIndex === this.#openedAt;
    if (isImplied && !selfClosing && this.unclosed === undefined) this.unclosed = name;
    this.#openedAt = null;
    super.onclosetag();
  }
}

const children = (el: Element): Element[] => el.children.filter((c): c is Element => c.type === 'tag');
const child = (el: Element, name: string): Element | undefined => children(el).find((c) => c.name === name);
const text = (el: Element | undefined): string | undefined => (el ? DomUtils.textContent(el).trim() || undefined : undefined);
const childText = (el: Element, ...names: string[]): string | undefined => names.map((n) => text(child(el, n))).find((t) => t !== undefined);
const count = (value: string | undefined): number | undefined => (value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : undefined);
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An Atom text construct (title, summary, content) as HTML, whatever its type. */
function atomHtml(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  const type = el.attribs.type ?? 'text';
  if (type === 'xhtml') return DomUtils.getInnerHTML(child(el, 'div') ?? el).trim() || undefined;
  const value = DomUtils.textContent(el).trim();
  if (!value) return undefined;
  return type === 'html' ? value : escapeHtml(value);
}

function rssItem(el: Element): FeedItem {
  return {
    id: childText(el, 'guid') ?? el.attribs['rdf:about'],
    title: childText(el, 'title', 'dc:title'),
    link: childText(el, 'link'),
    content: childText(el, 'content:encoded', 'description'),
    author: childText(el, 'dc:creator', 'author'),
    date: childText(el, 'pubDate', 'dc:date'),
    language: childText(el, 'dc:language') ?? el.attribs['xml:lang'],
    replies: count(childText(el, 'slash:comments', 'thr:total')),
    commentFeed: childText(el, 'wfw:commentRss'),
  };
}

function atomEntry(el: Element): FeedItem {
  const links = children(el).filter((c) => c.name === 'link' && c.attribs.href);
  const rel = (l: Element) => l.attribs.rel ?? 'alternate';
  const replies = links.find((l) => rel(l) === 'replies' && /atom|rss|xml/.test(l.attribs.type ?? ''));
  return {
    id: childText(el, 'id'),
    title: atomHtml(child(el, 'title')),
    link: (links.find((l) => rel(l) === 'alternate') ?? links[0])?.attribs.href,
    content: atomHtml(child(el, 'content')) ?? atomHtml(child(el, 'summary')),
    author: text(child(el, 'author') && child(child(el, 'author')!, 'name')),
    date: childText(el, 'published', 'updated'),
    language: el.attribs['xml:lang'] ?? child(el, 'content')?.attribs['xml:lang'],
    replies: count(childText(el, 'thr:total') ?? replies?.attribs['thr:count']),
    commentFeed: replies?.attribs.href,
    inReplyTo: child(el, 'thr:in-reply-to')?.attribs.ref,
  };
}

/** Reads a feed document; a document that is not a whole RSS, RDF or Atom feed throws FeedSyntaxError naming why. */
export function parseFeed(xml: string): Feed {
  const handler = new StrictXmlHandler();
  new Parser(handler, { xmlMode: true }).end(xml);
  if (handler.unclosed !== undefined) throw new FeedSyntaxError(`<${handler.unclosed}> is not closed (a cut or mis-nested document)`);
  const root = handler.root.children.find((c): c is Element => c.type === 'tag');
  switch (root?.name) {
    case 'rss':
    case 'rdf:RDF': {
      const channel = child(root, 'channel');
      if (!channel) throw new FeedSyntaxError(`<${root.name}> has no <channel>`);
      // RSS 2.0 keeps its items in the channel, RSS 1.0 beside it.
      const items = children(root.name === 'rss' ? channel : root).filter((c) => c.name === 'item');
      return {
        format: root.name === 'rss' ? 'rss' : 'rdf',
        items: items.map(rssItem),
        language: childText(channel, 'language', 'dc:language'),
        link: childText(channel, 'link'),
      };
    }
    case 'feed': {
      const links = children(root).filter((c) => c.name === 'link' && c.attribs.href && (c.attribs.rel ?? 'alternate') === 'alternate');
      return { format: 'atom', items: children(root).filter((c) => c.name === 'entry').map(atomEntry), language: root.attribs['xml:lang'], link: links[0]?.attribs.href };
    }
    default:
      throw new FeedSyntaxError(root ? `the document is <${root.name}>, not <rss>, <rdf:RDF> or <feed>` : 'no XML element in the document');
  }
}
