/**
 * HTML (a blog post, a Mastodon status, an HN comment) to the plain text a Mention carries. A
 * file of its own: only the connectors that read HTML bundle the HTML parser.
 */
import { compile } from 'html-to-text';
import { tidy } from './text.ts';

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

/** HTML (a blog post, a Mastodon status, an HN comment) to plain text. */
export function htmlToPlainText(html: string | undefined | null): string {
  if (!html) return '';
  return tidy(convert(html));
}
