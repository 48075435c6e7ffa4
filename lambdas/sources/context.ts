/** What every connector is built with, and the small helpers they share. */
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { isBrandAuthor } from '../core/brand-match.ts';
import type { Brand } from '../core/config.ts';
import type { Clock } from '../core/ports.ts';
import type { HttpClient } from './http.ts';

export interface SourceContext {
  http: HttpClient;
  clock: Clock;
  /** The brand the source watches: its handles mark the brand's own posts. */
  brand?: Pick<Brand, 'handles'>;
  credentials: Record<string, string>;
}

// The small build of zod (its schemas tree-shake: 18 KB in a fetch function instead of 88 KB with the
// classic API) speaks no language until told; its English messages name what was wrong.
z.config(en());

/** Validates a response body against the fields a connector reads; a SourceError names the first bad field. */
export function parseBody<S extends z.ZodMiniType>(http: HttpClient, url: string | URL, schema: S, data: unknown, at: (string | number)[] = []): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = [...at, ...(issue?.path ?? [])];
  const path = where.length ? where.map(String).join('.') : '(body)';
  throw http.error(url, `unexpected response: ${path}: ${issue?.message ?? 'invalid'}`);
}

/** An ISO 8601 string from a platform date (ISO, RFC 822, Facebook's +0000) or epoch seconds. */
export function isoDate(http: HttpClient, url: string | URL, value: string | number, what: string): string {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (!Number.isFinite(ms)) throw http.error(url, `unexpected response: ${what} is not a date: "${String(value).slice(0, 40)}"`);
  return new Date(ms).toISOString();
}

/** The brand's own account wrote it: by the platform's own id check, or by the brand's handles. */
export function byBrand(ctx: SourceContext, handle: string, platformSaysSo = false): boolean {
  return platformSaysSo || (ctx.brand !== undefined && isBrandAuthor(ctx.brand, handle));
}

/** Appends query parameters, skipping undefined ones; arrays repeat the key. */
export function withQuery(base: string, path: string, params: Record<string, string | number | readonly string[] | undefined>): URL {
  const url = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, item);
    else url.searchParams.set(k, String(v));
  }
  return url;
}

/** Caps a per-source cache so a long-lived Lambda container does not grow without bound. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value as string);
    this.map.set(key, value);
  }
}
