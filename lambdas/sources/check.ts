/**
 * `crisis-desk sources check`: which sources a config sets up, which credentials each lacks,
 * and (on request) what one dry run would fetch. A dry run reads like a new source's first
 * run (one page per stream) and stores nothing.
 */
import { matchBrand } from '../core/brand-match.ts';
import type { Config, SourceConfig } from '../core/config.ts';
import type { SourceKind } from '../core/mention.ts';
import { CREDENTIALS } from './credentials.ts';
import { createSource, type SourceDeps } from './index.ts';

/** The part of the secrets adapter this needs (Secrets Manager in AWS, env vars locally). */
export interface CredentialReader {
  get(name: string): Promise<Record<string, string>>;
}

export interface CredentialStatus {
  key: string;
  required: boolean;
  present: boolean;
  description: string;
  /** Where a user sets it, e.g. the env var name locally (from `options.where`). */
  where?: string;
}

export interface DryRunResult {
  ok: boolean;
  /** Items one first run would return. */
  mentions?: number;
  /** How many of them name the brand (keywords, handles, hashtags, minus exclusions). */
  aboutBrand?: number;
  more?: boolean;
  /** A few newest items, text cut short. */
  sample?: { createdAt: string; author: string; url: string; text: string }[];
  error?: string;
  durationMs?: number;
}

export interface SourceCheck {
  id: string;
  kind: SourceKind;
  brand: string;
  schedule: string;
  secret?: string;
  credentials: CredentialStatus[];
  missingCredentials: string[];
  /** The secret could not be read (not found, not JSON, no access). */
  secretError?: string;
  dryRun?: DryRunResult;
}

export interface CheckOptions {
  /** Also fetch once from each source whose credentials are complete. */
  dryRun?: boolean;
  /** Only this source id. */
  only?: string;
  /** Where a credential key of a secret is set, e.g. `secretEnvVar` from adapters/secrets.ts. */
  where?: (secret: string, key: string) => string;
  /** fetch, clock, sleep, http policy... for the dry runs. */
  deps?: Omit<SourceDeps, 'credentials' | 'brand'>;
  sampleSize?: number;
}

const cut = (s: string, n = 140) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).replace(/\s+/g, ' ');

async function checkOne(config: Config, source: SourceConfig, reader: CredentialReader, options: CheckOptions): Promise<SourceCheck> {
  let credentials: Record<string, string> = {};
  let secretError: string | undefined;
  const specs = CREDENTIALS[source.kind];
  if (source.secret && specs.length) {
    try {
      credentials = await reader.get(source.secret);
    } catch (err) {
      secretError = (err as Error).message;
    }
  }
  const statuses: CredentialStatus[] = specs.map((s) => ({
    key: s.key,
    required: s.required(source),
    present: Boolean(credentials[s.key]),
    description: s.description,
    ...(options.where && source.secret ? { where: options.where(source.secret, s.key) } : {}),
  }));
  const missing = statuses.filter((s) => s.required && !s.present).map((s) => s.key);
  const result: SourceCheck = {
    id: source.id,
    kind: source.kind,
    brand: source.brand,
    schedule: source.schedule,
    ...(source.secret ? { secret: source.secret } : {}),
    credentials: statuses,
    missingCredentials: missing,
    ...(secretError ? { secretError } : {}),
  };
  if (!options.dryRun) return result;
  if (missing.length) {
    result.dryRun = { ok: false, error: `skipped: missing credentials ${missing.join(', ')}` };
    return result;
  }
  const brand = config.brands.find((b) => b.id === source.brand);
  const started = performance.now();
  try {
    const fetched = await createSource(source, { ...options.deps, credentials, brand }).fetch(undefined);
    const newest = [...fetched.mentions].sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    result.dryRun = {
      ok: true,
      mentions: fetched.mentions.length,
      aboutBrand: brand ? fetched.mentions.filter((m) => matchBrand([brand], m) !== undefined).length : 0,
      more: fetched.more ?? false,
      sample: newest.slice(0, options.sampleSize ?? 3).map((m) => ({ createdAt: m.createdAt, author: m.author.handle, url: m.url, text: cut(m.text) })),
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    // Connector errors name the source and a URL without secrets; nothing else is echoed.
    result.dryRun = { ok: false, error: (err as Error).message, durationMs: Math.round(performance.now() - started) };
  }
  return result;
}

/** One entry per configured source, in config order. Dry runs go one at a time (rate limits, 2 cores). */
export async function checkSources(config: Config, reader: CredentialReader, options: CheckOptions = {}): Promise<SourceCheck[]> {
  const out: SourceCheck[] = [];
  for (const source of config.sources) {
    if (options.only && source.id !== options.only) continue;
    out.push(await checkOne(config, source, reader, options));
  }
  return out;
}
