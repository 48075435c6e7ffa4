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

/** Chinese in traditional script: Comprehend's own code for it is zh-TW. */
const TRADITIONAL_CHINESE = /^zh[-_](tw|hk|mo|hant)\b/i;
/** Codes that name no language: undetermined, no linguistic content, several, X's private q.. codes. */
const NO_LANGUAGE = new Set(['und', 'zxx', 'mul', 'mis']);
/** Older ISO 639 codes some platforms still send (X: "in", "iw"). */
const RENAMED: Record<string, string> = { in: 'id', iw: 'he', ji: 'yi' };

/**
 * The language a platform gave a post (BCP 47: "en", "en-US", "pt_BR", "zh-Hant"), as the
 * analyser takes it: the lower-case primary subtag ("en", "pt"), zh-TW for traditional Chinese,
 * undefined for codes that name no language. Analysis bills less when the source says.
 */
export function languageOf(tag: string | null | undefined): string | undefined {
  const t = tag?.trim();
  if (!t || !/^[a-z]{2,3}([-_][a-z0-9]{1,8})*$/i.test(t)) return undefined;
  if (TRADITIONAL_CHINESE.test(t)) return 'zh-TW';
  const primary = t.split(/[-_]/)[0]!.toLowerCase();
  if (NO_LANGUAGE.has(primary) || /^q[a-t][a-z]$/.test(primary)) return undefined;
  return RENAMED[primary] ?? primary;
}

/** Joins a title and a body, skipping empty parts and a body that only repeats the title. */
export function joinTitleAndBody(title: string, body: string): string {
  if (!title) return body;
  if (!body || body.startsWith(title)) return body || title;
  return `${title}\n\n${body}`;
}
