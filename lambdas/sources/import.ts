/**
 * Import connector: CSV or JSONL exports from other tools, with a column mapping.
 *
 * `readImportFile` reads a whole file (reusable by a replay command); the Source built on it
 * releases rows as the clock reaches their time, so a file of a past week replays in
 * simulated time. Cursor: `import.through`, the time up to which rows have been released.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import type { SourceConfig } from '../core/config.ts';
import type { FetchedMention } from '../core/mention.ts';
import { SourceError, type Cursor, type FetchResult, type Source } from '../core/ports.ts';
import { byBrand, type SourceContext } from './context.ts';
import { mergeCursor, StreamCursor } from './paging.ts';
import { decodeText, type DecodedText, type EncodingChoice } from './encoding.ts';
import { decodeEntities } from './text.ts';

type ImportConfig = Extract<SourceConfig, { kind: 'import' }>;

/** Mention field -> column name (CSV header or JSON key; dotted keys reach into nested objects). */
export type ColumnMapping = Record<string, string>;

/** The fields a mapping may name, and the columns tried when it does not. */
export const IMPORT_FIELDS = {
  id: ['id', 'nativeId', 'native_id', 'mention_id', 'tweet_id', 'post_id', 'guid'],
  text: ['text', 'content', 'body', 'message', 'full_text', 'tweet_text'],
  createdAt: ['createdAt', 'created_at', 'date', 'timestamp', 'time', 'published', 'published_at'],
  url: ['url', 'link', 'permalink'],
  author: ['author.handle', 'author', 'handle', 'username', 'screen_name', 'author_handle', 'user.screen_name', 'author_id'],
  authorName: ['author.displayName', 'author_name', 'display_name', 'name', 'user.name'],
  reach: ['author.reach', 'reach', 'followers', 'followers_count', 'user.followers_count', 'karma'],
  isBrand: ['author.isBrand', 'isBrand', 'is_brand'],
  language: ['language', 'lang'],
  likes: ['engagement.likes', 'likes', 'like_count', 'favorite_count'],
  replies: ['engagement.replies', 'replies', 'reply_count'],
  reposts: ['engagement.reposts', 'reposts', 'retweet_count', 'shares'],
  inReplyTo: ['inReplyTo', 'in_reply_to', 'in_response_to_tweet_id', 'in_reply_to_status_id', 'parent_id'],
} as const;

export type ImportField = keyof typeof IMPORT_FIELDS;

export class ImportError extends SourceError {
  constructor(sourceId: string, path: string, readonly line: number | undefined, readonly column: string | undefined, detail: string) {
    super(sourceId, `file://${path}`, `${line !== undefined ? `line ${line}` : 'file'}${column ? `, column "${column}"` : ''}: ${detail}`);
    this.name = 'ImportError';
  }
}

export interface ReadImportOptions {
  sourceId?: string;
  format?: 'csv' | 'jsonl';
  /** Relative paths resolve against this directory (default: the working directory). */
  baseDir?: string;
  /** Marks rows by the brand's own accounts. */
  isBrandHandle?: (handle: string) => boolean;
  /** The file's text encoding; detected when absent or "auto". */
  encoding?: EncodingChoice;
  /** Told which encoding the file was read with (and why), so a caller can say so. */
  onDecoded?: (decoded: Omit<DecodedText, 'text'>) => void;
}

type Row = { line: number; get: (column: string) => unknown; has: (column: string) => boolean };

/**
 * Reads a CSV or JSONL export into FetchedMentions (sourceKind "import").
 * A mapping value may start with "!" to negate a boolean column (`isBrand: "!inbound"`).
 * Throws ImportError naming the line and column of the first bad value.
 */
export async function readImportFile(path: string, mapping: ColumnMapping = {}, options: ReadImportOptions = {}): Promise<FetchedMention[]> {
  const sourceId = options.sourceId ?? 'import';
  const full = isAbsolute(path) ? path : resolve(options.baseDir ?? process.cwd(), path);
  const format = options.format ?? (/\.csv$/i.test(path) ? 'csv' : 'jsonl');
  for (const field of Object.keys(mapping)) {
    if (!(field in IMPORT_FIELDS)) {
      throw new ImportError(sourceId, full, undefined, undefined, `unknown field "${field}" in the column mapping (known: ${Object.keys(IMPORT_FIELDS).join(', ')})`);
    }
  }
  let content: string;
  try {
    const { text, ...decoded } = decodeText(await readFile(full), options.encoding);
    content = text;
    options.onDecoded?.(decoded);
  } catch (err) {
    throw new ImportError(sourceId, full, undefined, undefined, `cannot read: ${(err as Error).message}`);
  }
  const rows = format === 'csv' ? csvRows(sourceId, full, content) : jsonlRows(sourceId, full, content);
  const columns = resolveColumns(mapping, rows[0]);
  for (const field of ['text', 'createdAt'] as const) {
    if (rows.length && !columns[field]) {
      throw new ImportError(sourceId, full, rows[0]!.line, undefined, `no column for ${field}: map it (columns: { ${field}: "<column>" }) or name a column one of ${IMPORT_FIELDS[field].join(', ')}`);
    }
  }
  return rows.map((row) => toMention(sourceId, full, row, columns, options));
}

function csvRows(sourceId: string, path: string, content: string): Row[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parseCsv(content, { columns: true, bom: true, skip_empty_lines: true, info: true, trim: false }) as typeof records;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new ImportError(sourceId, path, e.lines, undefined, `not valid CSV: ${e.message}`);
  }
  return records.map(({ record, info }) => ({
    line: info.lines,
    get: (c) => record[c],
    has: (c) => c in record,
  }));
}

function jsonlRows(sourceId: string, path: string, content: string): Row[] {
  const rows: Row[] = [];
  content.split(/\r?\n/).forEach((text, i) => {
    if (!text.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ImportError(sourceId, path, i + 1, undefined, `not valid JSON: ${(err as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ImportError(sourceId, path, i + 1, undefined, 'each line must be a JSON object');
    }
    const obj = value as Record<string, unknown>;
    rows.push({ line: i + 1, get: (c) => dig(obj, c), has: (c) => dig(obj, c) !== undefined });
  });
  return rows;
}

function dig(obj: Record<string, unknown>, path: string): unknown {
  if (path in obj) return obj[path];
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function resolveColumns(mapping: ColumnMapping, first: Row | undefined): Partial<Record<ImportField, string>> {
  const out: Partial<Record<ImportField, string>> = {};
  for (const field of Object.keys(IMPORT_FIELDS) as ImportField[]) {
    const mapped = mapping[field];
    if (mapped) out[field] = mapped;
    else if (first) {
      const found = IMPORT_FIELDS[field].find((c) => first.has(c) && typeof first.get(c) !== 'object');
      if (found) out[field] = found;
    }
  }
  return out;
}

function toMention(
  sourceId: string,
  path: string,
  row: Row,
  columns: Partial<Record<ImportField, string>>,
  options: ReadImportOptions,
): FetchedMention {
  const fail = (column: string | undefined, detail: string) => new ImportError(sourceId, path, row.line, column, detail);
  const raw = (field: ImportField): { column?: string; value: unknown; negate: boolean } => {
    const spec = columns[field];
    if (!spec) return { value: undefined, negate: false };
    const negate = spec.startsWith('!');
    const column = negate ? spec.slice(1) : spec;
    return { column, value: row.get(column), negate };
  };
  const text = (field: ImportField, required: boolean): string | undefined => {
    const { column, value } = raw(field);
    if (value === undefined || value === null || value === '') {
      if (required) throw fail(column, `${field} is empty`);
      return undefined;
    }
    if (typeof value === 'object') throw fail(column, `${field} must be a string, got an object`);
    return String(value);
  };
  const num = (field: ImportField): number => {
    const { column, value } = raw(field);
    if (value === undefined || value === null || value === '') return 0;
    const n = typeof value === 'number' ? value : Number(String(value).replace(/[,_ ]/g, ''));
    if (!Number.isFinite(n) || n < 0) throw fail(column, `${field} must be a non-negative number, got "${String(value).slice(0, 40)}"`);
    return n;
  };
  const bool = (field: ImportField): boolean | undefined => {
    const { column, value, negate } = raw(field);
    if (value === undefined || value === null || value === '') return undefined;
    const s = String(value).trim().toLowerCase();
    const b = ['true', 'yes', 'y', '1'].includes(s) ? true : ['false', 'no', 'n', '0'].includes(s) ? false : undefined;
    if (b === undefined) throw fail(column, `${field} must be true or false, got "${String(value).slice(0, 40)}"`);
    return negate ? !b : b;
  };

  const body = decodeEntities(text('text', true));
  const created = text('createdAt', true)!;
  const ms = /^\d{9,13}$/.test(created) ? Number(created) * (created.length <= 10 ? 1000 : 1) : Date.parse(created);
  if (!Number.isFinite(ms)) throw fail(columns.createdAt, `createdAt is not a date: "${created.slice(0, 40)}"`);
  const createdAt = new Date(ms).toISOString();
  const handle = (text('author', false) ?? 'unknown').replace(/^@/, '');
  // Exports without ids get a stable one from their content, so a re-import deduplicates.
  const nativeId = text('id', false) ?? createHash('sha256').update(`${handle}\n${createdAt}\n${body}`).digest('hex').slice(0, 24);
  const isBrand = bool('isBrand') ?? options.isBrandHandle?.(handle) ?? false;
  const inReplyTo = text('inReplyTo', false);
  const language = text('language', false);
  return {
    sourceId,
    sourceKind: 'import',
    nativeId,
    url: text('url', false) ?? '',
    author: { handle, displayName: text('authorName', false) ?? handle, reach: num('reach'), isBrand },
    text: body,
    ...(language ? { language } : {}),
    createdAt,
    engagement: { likes: num('likes'), replies: num('replies'), reposts: num('reposts') },
    ...(inReplyTo ? { inReplyTo } : {}),
  };
}

/** Rows are released once the clock reaches them, oldest first, at most this many a run per page bound. */
const ROWS_PER_PAGE = 500;

export function createImportSource(config: ImportConfig, ctx: SourceContext, options: { baseDir?: string } = {}): Source {
  return {
    id: config.id,
    async fetch(cursor: Cursor | undefined): Promise<FetchResult> {
      const stream = new StreamCursor(cursor, 'import');
      const through = stream.get('through');
      const now = ctx.clock.now().toISOString();
      const all = await readImportFile(config.path, config.columns, {
        sourceId: config.id,
        format: config.format,
        baseDir: options.baseDir,
        encoding: config.encoding,
        isBrandHandle: (h) => byBrand(ctx, h),
      });
      const due = all
        .filter((m) => m.createdAt <= now && (through === undefined || m.createdAt > through))
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
      const limit = config.maxPages * ROWS_PER_PAGE;
      if (due.length <= limit) {
        return { mentions: due, cursor: mergeCursor(cursor, stream.entries({ through: now })) };
      }
      // Stop at the bound without splitting rows that share the last released time.
      const last = due[limit - 1]!.createdAt;
      const batch = due.filter((m) => m.createdAt <= last);
      return { mentions: batch, cursor: mergeCursor(cursor, stream.entries({ through: last })), more: batch.length < due.length };
    },
  };
}
