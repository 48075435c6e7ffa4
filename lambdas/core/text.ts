/**
 * Text rules every part shares: the characters that hide text, and cutting to a byte limit on a
 * character boundary (DynamoDB's item size, Comprehend's 5 KB documents).
 */

/**
 * Invisible characters that can hide or split words (a keyword evading a filter, a blank-looking
 * name): zero-width space and non-joiner, word joiner and invisible operators, BOM, soft hyphen,
 * Mongolian vowel separator, combining grapheme joiner, Hangul fillers. The zero-width joiner is
 * kept inside emoji sequences (👩‍💻), where it is part of the picture, and dropped elsewhere.
 */
const INVISIBLE = /[\u200B\u200C\u2060-\u2064\uFEFF\u00AD\u180E\u034F\u115F\u1160\u3164\uFFA0]/g;
const LONE_ZWJ = /(?<![\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F])\u200D|\u200D(?![\p{Extended_Pictographic}])/gu;

export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '').replace(LONE_ZWJ, '');
}

const encoder = new TextEncoder();
let segmenter: Intl.Segmenter | undefined;

export const utf8Bytes = (text: string): number => encoder.encode(text).length;

/**
 * The longest prefix of `text` within `maxBytes` UTF-8 bytes that ends on a grapheme boundary.
 * A single grapheme longer than the limit (a letter under thousands of combining marks) is cut
 * on a code point instead, so a non-empty text never becomes empty.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  // Every code unit is at least a byte, so the answer lies in this prefix; segmenting a long text
  // whole is slow. The prefix's last grapheme may be cut short, but it always ends past the limit.
  const head = text.slice(0, maxBytes + 1);
  let bytes = 0;
  let end = 0;
  for (const { segment, index } of segmenter.segment(head)) {
    const size = utf8Bytes(segment);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end = index + segment.length;
  }
  if (end > 0) return text.slice(0, end);
  let out = '';
  bytes = 0;
  for (const codePoint of head) {
    const size = utf8Bytes(codePoint);
    if (bytes + size > maxBytes) break;
    bytes += size;
    out += codePoint;
  }
  return out;
}
