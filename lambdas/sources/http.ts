/**
 * The one HTTP client every connector uses, on global fetch: a timeout per attempt, retries
 * with exponential backoff and full jitter for 5xx, timeouts and network errors, and rate
 * limits obeyed (429 + Retry-After, X's x-rate-limit-*, Reddit's x-ratelimit-*) with a
 * bounded wait. Sleep, randomness and time are injected so tests never wait.
 *
 * Hand-written rather than ky/p-retry: those sleep on their own timers and know neither
 * X's nor Reddit's rate-limit headers, and both are what this client is about.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { SourceError } from '../core/ports.ts';

export interface HttpPolicy {
  /** Per attempt, body included. */
  timeoutMs: number;
  /** Retries after the first attempt for 5xx, timeouts and network errors. */
  retries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest rate-limit wait a run accepts; a longer one fails the run with RateLimitedError. */
  maxWaitMs: number;
  /** How many rate-limit waits one request may take. */
  rateLimitWaits: number;
}

export const DEFAULT_POLICY: HttpPolicy = {
  timeoutMs: 15_000,
  retries: 3,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxWaitMs: 30_000,
  rateLimitWaits: 2,
};

export interface HttpDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): full jitter. */
  random?: () => number;
  /** Epoch milliseconds, for rate-limit reset times. */
  now?: () => number;
  policy?: Partial<HttpPolicy>;
  /** Values that must never appear in an error message (tokens, passwords). */
  secrets?: readonly string[];
  /**
   * Epoch milliseconds by which every request of this run must be over (the Lambda's deadline less
   * the time storing needs): attempts are cut to it, and no wait or retry starts that would pass it.
   */
  deadline?: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Statuses returned to the caller instead of thrown (e.g. 304, 404). */
  accept?: readonly number[];
}

export class HttpStatusError extends SourceError {
  constructor(sourceId: string, url: string, readonly status: number, detail: string) {
    super(sourceId, url, `HTTP ${status}${detail ? `: ${detail}` : ''}`);
    this.name = 'HttpStatusError';
  }
}

export type RateLimitReason =
  /** The platform asks for a wait longer than `maxWaitMs`. */
  | { kind: 'wait-too-long'; waitMs: number; maxWaitMs: number }
  /** The run has less time left than the wait. */
  | { kind: 'wait-past-deadline'; waitMs: number; leftMs: number }
  /** Still 429 after the `rateLimitWaits` waits one request may take. */
  | { kind: 'waits-used-up'; waits: number };

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} s`;

export class RateLimitedError extends SourceError {
  constructor(sourceId: string, url: string, readonly retryAt: Date | undefined, readonly reason: RateLimitReason) {
    super(sourceId, url, `rate limited: ${
      reason.kind === 'wait-too-long'
        ? `the platform asks to wait ${seconds(reason.waitMs)}, more than this run allows (${seconds(reason.maxWaitMs)})`
        : reason.kind === 'wait-past-deadline'
          ? `the platform asks to wait ${seconds(reason.waitMs)}, and this run has ${seconds(reason.leftMs)} left`
          : `still refused after the ${reason.waits} waits this run allows`
    }; the next run tries again`);
    this.name = 'RateLimitedError';
  }
}

/** The run's time is up: what is left of it belongs to storing what was fetched, so the fetch stops here. */
export class TimeBudgetError extends SourceError {
  constructor(sourceId: string, url: string, readonly attempts: number, detail: string) {
    super(sourceId, url, `the run's time is up (${detail}, after ${attempts} attempt(s)); the cursor stays and the next run tries again`);
    this.name = 'TimeBudgetError';
  }
}

/** Network errors that another attempt will not fix: the host name does not resolve. */
const FINAL_NETWORK_CODES = new Set(['ENOTFOUND']);

const SECRET_PARAM = /token|key|secret|password|passwd|signature|sig$|auth|code|session|jwt|credential/i;

/** The URL with credentials removed: userinfo dropped, secret-looking query values masked. */
export function redactUrl(url: string | URL): string {
  let u: URL;
  try {
    u = new URL(String(url));
  } catch {
    return '(invalid url)';
  }
  u.username = '';
  u.password = '';
  for (const name of [...u.searchParams.keys()]) {
    if (SECRET_PARAM.test(name)) u.searchParams.set(name, 'REDACTED');
  }
  return u.toString();
}

const USER_AGENT = 'crisis-desk/0.1 (brand monitoring)';

const RETRYABLE = new Set([408, 500, 502, 503, 504, 520, 521, 522, 523, 524]);

/** A short, safe snippet of a response body for an error message. */
export function snippet(body: string, max = 160): string {
  const s = body.replace(/\s+/g, ' ').trim();
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

export class HttpClient {
  private readonly policy: HttpPolicy;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private secrets: string[];
  private readonly deadline: number | undefined;
  /** A rate-limit window the platform announced as exhausted: no request before this time. */
  private notBefore = 0;

  constructor(readonly sourceId: string, deps: HttpDeps = {}) {
    this.policy = { ...DEFAULT_POLICY, ...deps.policy };
    this.fetchFn = deps.fetch ?? globalThis.fetch;
    this.sleep = deps.sleep ?? ((ms) => delay(ms));
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [];
    this.addSecrets(...(deps.secrets ?? []));
    this.deadline = deps.deadline;
  }

  /**
   * More values to mask: credentials a connector derives (a Basic header, an OAuth token, a
   * session JWT) are as secret as the ones it was given.
   */
  addSecrets(...values: string[]): void {
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [...new Set([...this.secrets, ...values.filter((s) => s.length >= 4)])].sort((a, b) => b.length - a.length);
  }

  /** Masks every known secret value in a message (a platform may echo a token back), and anything shaped like a credential. */
  scrub(message: string): string {
    return maskCredentials(this.secrets.reduce((m, s) => m.split(s).join('***'), message));
  }

  /** An error naming this source and the URL without secrets. */
  error(url: string | URL, message: string, cause?: unknown): SourceError {
    return new SourceError(this.sourceId, this.scrub(redactUrl(url)), this.scrub(message), cause ? { cause } : undefined);
  }

  async request(url: string | URL, options: RequestOptions = {}): Promise<HttpResponse> {
    const safeUrl = this.scrub(redactUrl(url));
    let failures = 0;
    let waits = 0;
    let attempts = 0;
    for (;;) {
      await this.waitForWindow(safeUrl);
      this.checkBudget(safeUrl, attempts, 0, 'no time left for another attempt');
      let response: HttpResponse;
      try {
        attempts++;
        response = await this.attempt(url, options, this.attemptTimeout());
      } catch (err) {
        if (err instanceof BudgetTimeoutError) throw new TimeBudgetError(this.sourceId, safeUrl, attempts, `the last attempt was cut at the deadline: ${describe(err, this.policy.timeoutMs)}`);
        if (isFinal(err)) throw this.error(url, `request failed: ${describe(err, this.policy.timeoutMs)}`, err);
        if (failures++ >= this.policy.retries) {
          throw this.error(url, `request failed after ${failures} attempts: ${describe(err, this.policy.timeoutMs)}`, err);
        }
        await this.pause(safeUrl, attempts, this.backoff(failures));
        continue;
      }
      this.noteRateLimit(response.headers);
      const { status } = response;
      if (status === 429 || (status === 503 && response.headers.has('retry-after'))) {
        const wait = rateLimitWaitMs(response.headers, this.now());
        if (wait !== undefined && wait > this.policy.maxWaitMs) {
          throw new RateLimitedError(this.sourceId, safeUrl, new Date(this.now() + wait), { kind: 'wait-too-long', waitMs: wait, maxWaitMs: this.policy.maxWaitMs });
        }
        if (waits++ >= this.policy.rateLimitWaits) throw new RateLimitedError(this.sourceId, safeUrl, undefined, { kind: 'waits-used-up', waits: this.policy.rateLimitWaits });
        const ms = wait ?? this.backoff(waits);
        const left = this.timeLeft();
        if (left !== undefined && ms >= left) throw new RateLimitedError(this.sourceId, safeUrl, new Date(this.now() + ms), { kind: 'wait-past-deadline', waitMs: ms, leftMs: Math.max(0, left) });
        await this.sleep(ms);
        // That wait covered any window the same response announced.
        this.notBefore = 0;
        continue;
      }
      if (options.accept?.includes(status) || (status >= 200 && status < 300)) return response;
      if (RETRYABLE.has(status) && failures++ < this.policy.retries) {
        await this.pause(safeUrl, attempts, this.backoff(failures));
        continue;
      }
      throw new HttpStatusError(this.sourceId, safeUrl, status, this.scrub(snippet(response.body)));
    }
  }

  /** Milliseconds until the run's deadline, when it has one. */
  private timeLeft(): number | undefined {
    return this.deadline === undefined ? undefined : this.deadline - this.now();
  }

  /** An attempt never runs past the deadline. */
  private attemptTimeout(): { ms: number; cut: boolean } {
    const left = this.timeLeft();
    return left !== undefined && left < this.policy.timeoutMs ? { ms: Math.max(1, left), cut: true } : { ms: this.policy.timeoutMs, cut: false };
  }

  private checkBudget(safeUrl: string, attempts: number, needMs: number, detail: string): void {
    const left = this.timeLeft();
    if (left !== undefined && left <= needMs) throw new TimeBudgetError(this.sourceId, safeUrl, attempts, detail);
  }

  /** A backoff, unless it would end past the deadline. */
  private async pause(safeUrl: string, attempts: number, ms: number): Promise<void> {
    this.checkBudget(safeUrl, attempts, ms, `a retry in ${ms} ms would pass the deadline`);
    await this.sleep(ms);
  }

  /** GET or POST returning parsed JSON; an HTML page or a truncated body is a SourceError. */
  async json(url: string | URL, options: RequestOptions = {}): Promise<{ data: unknown; response: HttpResponse }> {
    const response = await this.request(url, { ...options, headers: { accept: 'application/json', ...options.headers } });
    return { data: this.parseJson(url, response), response };
  }

  parseJson(url: string | URL, response: HttpResponse): unknown {
    const body = response.body.trimStart();
    if (/^<(!doctype|html|\?xml)/i.test(body)) {
      throw this.error(url, `expected JSON, got ${contentType(response)} (${snippet(body, 80)})`);
    }
    try {
      return JSON.parse(body);
    } catch (err) {
      throw this.error(url, `response is not valid JSON (${(err as Error).message}; ${body.length} bytes)`, err);
    }
  }

  /** Full jitter: uniform in [0, min(max, base * 2^n)). */
  private backoff(attempt: number): number {
    const cap = Math.min(this.policy.maxDelayMs, this.policy.baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.random() * cap);
  }

  private async waitForWindow(safeUrl: string): Promise<void> {
    const wait = this.notBefore - this.now();
    if (wait <= 0) return;
    if (wait > this.policy.maxWaitMs) throw new RateLimitedError(this.sourceId, safeUrl, new Date(this.notBefore), { kind: 'wait-too-long', waitMs: wait, maxWaitMs: this.policy.maxWaitMs });
    const left = this.timeLeft();
    if (left !== undefined && wait >= left) throw new RateLimitedError(this.sourceId, safeUrl, new Date(this.notBefore), { kind: 'wait-past-deadline', waitMs: wait, leftMs: Math.max(0, left) });
    await this.sleep(wait);
    this.notBefore = 0;
  }

  /** X and Reddit announce an exhausted window before the 429: wait for it instead. */
  private noteRateLimit(headers: Headers): void {
    const remaining = headers.get('x-rate-limit-remaining') ?? headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining');
    if (remaining === null || Number(remaining) >= 1) return;
    const wait = resetWaitMs(headers, this.now());
    if (wait !== undefined) this.notBefore = Math.max(this.notBefore, this.now() + wait);
  }

  private async attempt(url: string | URL, options: RequestOptions, timeout: { ms: number; cut: boolean }): Promise<HttpResponse> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(timeout.cut ? new BudgetTimeoutError(timeout.ms) : new TimeoutError(timeout.ms)), timeout.ms);
    try {
      const res = await this.fetchFn(url, {
        method: options.method ?? 'GET',
        // Platforms throttle anonymous clients harder: say who is calling unless the connector does.
        headers: { 'user-agent': USER_AGENT, ...options.headers },
        body: options.body,
        signal: controller.signal,
        redirect: 'follow',
      });
      const body = await res.text();
      return { status: res.status, headers: res.headers, body };
    } finally {
      clearTimeout(timer);
    }
  }
}

class TimeoutError extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** An attempt cut short by the run's deadline rather than by its own timeout. */
class BudgetTimeoutError extends TimeoutError {
  constructor(ms: number) {
    super(ms);
    this.name = 'BudgetTimeoutError';
  }
}

const networkCode = (err: unknown): string | undefined => (err as { cause?: { code?: string } })?.cause?.code;

/** A failure no retry mends: a host that does not resolve is a typo or a dead domain, not a blip. */
const isFinal = (err: unknown): boolean => FINAL_NETWORK_CODES.has(networkCode(err) ?? '');

function describe(err: unknown, timeoutMs: number): string {
  if (networkCode(err) === 'ENOTFOUND') return `the host name does not resolve (ENOTFOUND)`;
  if (err instanceof TimeoutError) return err.message;
  if (err instanceof Error && err.name === 'AbortError') return `timed out after ${timeoutMs} ms`;
  if (err instanceof Error) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message;
    return why ? `${err.message} (${why})` : err.message;
  }
  return String(err);
}

/** Authorization schemes and JWTs, wherever they appear: a credential nobody registered is masked too. */
const CREDENTIAL_SHAPES: [RegExp, string][] = [
  [/\b(Bearer|Basic|bearer|basic|Token|token)(\s+)[A-Za-z0-9._~+/=-]{12,}/g, '$1$2***'],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '***'],
];

export function maskCredentials(text: string): string {
  return CREDENTIAL_SHAPES.reduce((t, [shape, mask]) => t.replace(shape, mask), text);
}

function contentType(response: HttpResponse): string {
  return response.headers.get('content-type')?.split(';')[0] ?? 'a non-JSON body';
}

/** Milliseconds until the rate-limit window reopens, from X's or Reddit's reset header. */
function resetWaitMs(headers: Headers, now: number): number | undefined {
  // X: epoch seconds when the window resets.
  const xReset = headers.get('x-rate-limit-reset');
  if (xReset !== null && /^\d+$/.test(xReset.trim())) return Math.max(0, Number(xReset) * 1000 - now);
  // Reddit: seconds until the window resets (may be fractional). Bluesky's RateLimit-Reset is
  // an epoch time instead: a value that large cannot be a delay.
  const reset = Number(headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset') ?? NaN);
  if (!Number.isFinite(reset)) return undefined;
  return Math.max(0, reset > 1e9 ? reset * 1000 - now : reset * 1000);
}

/** How long a 429 asks to wait: Retry-After (seconds or HTTP date), else the reset headers. */
export function rateLimitWaitMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const value = retryAfter.trim();
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
    const at = Date.parse(value);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return resetWaitMs(headers, now);
}
