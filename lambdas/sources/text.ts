/** Platform text to the plain text a Mention carries: entities decoded, whitespace tidy (HTML: html-text.ts). */
import { decodeHTML, decodeXML } from 'entities/decode';

/** Collapses runs of spaces and blank lines; keeps single line breaks between paragraphs. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Text that is plain but may hold any HTML entity (exports from other tools). */
export function decodeEntities(text: string | undefined | null): string {
  if (!text) return '';
  return tidy(decodeHTML(text));
}

/**
 * Text a platform escaped for HTML: X and Reddit escape only &, < and > (and write numeric
 * references), so the XML set decodes them without bundling the table of every HTML entity.
 */
export function decodeEscapes(text: string | undefined | null): string {
  if (!text) return '';
  return tidy(decodeXML(text));
}

/** Joins a title and a body, skipping empty parts and a body that only repeats the title. */
export function joinTitleAndBody(title: string, body: string): string {
  if (!title) return body;
  if (!body || body.startsWith(title)) return body || title;
  return `${title}\n\n${body}`;
}
