/** Platform text to the plain text a Mention carries: HTML stripped, entities decoded, whitespace tidy. */
import he from 'he';
import { compile } from 'html-to-text';

// Compiled once: links keep their text but not their href, images and scripts vanish.
const convert = compile({
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'hr', format: 'skip' },
  ],
});

/** Collapses runs of spaces and blank lines; keeps single line breaks between paragraphs. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** HTML (a blog post, a Mastodon status, an HN comment) to plain text. */
export function htmlToPlainText(html: string | undefined | null): string {
  if (!html) return '';
  return tidy(convert(html));
}

/** Text that is plain but entity-escaped (X escapes &, < and > in tweets). */
export function decodeEntities(text: string | undefined | null): string {
  if (!text) return '';
  return tidy(he.decode(text));
}

/** Joins a title and a body, skipping empty parts and a body that only repeats the title. */
export function joinTitleAndBody(title: string, body: string): string {
  if (!title) return body;
  if (!body || body.startsWith(title)) return body || title;
  return `${title}\n\n${body}`;
}
