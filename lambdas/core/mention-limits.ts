/**
 * What a fetched item may be to become a Mention: a text with something in it, a key DynamoDB
 * accepts, and an item far below DynamoDB's 400 KB. An item past a limit is cut or skipped,
 * never allowed to fail the batch it came with.
 */
import type { FetchedMention } from './mention.ts';
import { stripInvisible, truncateUtf8, utf8Bytes } from './text.ts';

/** Text kept per Mention: a long blog post is cut here (Comprehend reads 5 KB of it at most). */
export const MAX_TEXT_BYTES = 16 * 1024;
/** The platform id is part of the table key (DynamoDB allows 2 KB for all of it). */
export const MAX_NATIVE_ID_BYTES = 1024;
/** URLs, handles, names and reply ids longer than this are not real ones. */
const MAX_FIELD_BYTES = 2048;

export type FitResult =
  | { ok: true; mention: FetchedMention; cut: string[] }
  | { ok: false; reason: 'empty-text' | 'id-too-long'; detail: string };

export function fitMention(fetched: FetchedMention): FitResult {
  const text = stripInvisible(fetched.text ?? '').trim();
  if (!text) return { ok: false, reason: 'empty-text', detail: 'no text left after removing invisible characters' };
  if (utf8Bytes(fetched.nativeId) > MAX_NATIVE_ID_BYTES) {
    return { ok: false, reason: 'id-too-long', detail: `platform id of ${utf8Bytes(fetched.nativeId)} bytes` };
  }
  const cut: string[] = [];
  const m: FetchedMention = { ...fetched, author: { ...fetched.author }, text };
  if (utf8Bytes(text) > MAX_TEXT_BYTES) {
    cut.push(`text ${utf8Bytes(text)} bytes`);
    m.text = truncateUtf8(text, MAX_TEXT_BYTES);
  }
  const field = (value: string | undefined, name: string): string | undefined => {
    if (value === undefined || utf8Bytes(value) <= MAX_FIELD_BYTES) return value;
    cut.push(`${name} ${utf8Bytes(value)} bytes`);
    return truncateUtf8(value, MAX_FIELD_BYTES);
  };
  // A cut URL is a broken one: an overlong URL is dropped instead.
  if (utf8Bytes(m.url) > MAX_FIELD_BYTES) {
    cut.push(`url ${utf8Bytes(m.url)} bytes`);
    m.url = '';
  }
  m.author.handle = field(m.author.handle, 'handle') ?? '';
  if (m.author.displayName !== undefined) m.author.displayName = field(m.author.displayName, 'displayName');
  if (m.inReplyTo !== undefined && utf8Bytes(m.inReplyTo) > MAX_NATIVE_ID_BYTES) {
    cut.push('inReplyTo');
    delete m.inReplyTo;
  }
  if (m.language !== undefined && m.language.length > 16) {
    cut.push('language');
    delete m.language;
  }
  return { ok: true, mention: m, cut };
}
