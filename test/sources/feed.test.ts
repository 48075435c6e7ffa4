import { describe, expect, it } from 'vitest';
import { FeedSyntaxError, parseFeed } from '../../lambdas/sources/feed.ts';

describe('Function: parseFeed', () => {
  it('takes self-closing elements as closed', () => {
    const feed = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://a.example/"/><entry><id>1</id><link rel="self" href="https://a.example/1.xml" /><link href="https://a.example/1"/></entry></feed>');
    expect(feed).toEqual({ format: 'atom', link: 'https://a.example/', language: undefined, items: [expect.objectContaining({ id: '1', link: 'https://a.example/1' })] });
  });

  it.each([
    ['cut inside a text', '<rss version="2.0"><channel><item><title>cut', 'title'],
    ['cut after a slash', '<rss version="2.0"><channel><link>https://a.example/', 'link'],
    ['cut after a tag', '<rss version="2.0"><channel><item>', 'item'],
    ['a close tag missing', '<rss version="2.0"><channel><item><title>a</item></channel></rss>', 'title'],
  ])('refuses a feed %s, naming the element left open', (_name, xml, element) => {
    expect(() => parseFeed(xml)).toThrow(FeedSyntaxError);
    expect(() => parseFeed(xml)).toThrow(`<${element}> is not closed`);
  });

  it('keeps the text of CDATA sections and decodes XML entities once', () => {
    const feed = parseFeed('<rss version="2.0"><channel><item><guid>g</guid><title>A &amp;amp; B</title><description><![CDATA[<p>x &amp; y</p>]]></description></item></channel></rss>');
    expect(feed.items[0]).toMatchObject({ id: 'g', title: 'A &amp; B', content: '<p>x &amp; y</p>' });
  });
});
