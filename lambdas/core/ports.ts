/** The ports core needs. Adapters implement them for AWS and for the embedded local runtime. */
import type { Analysis, FetchedMention, Mention } from './mention.ts';
import type { Incident } from './incident.ts';

export interface Clock {
  now(): Date;
}

export interface MentionStore {
  /** Conditional put on the Mention id: false when it was already stored (dedup). */
  putIfNew(mention: Mention): Promise<boolean>;
  get(id: string): Promise<Mention | undefined>;
  /** Stores a (re)analysis of a stored Mention. */
  setAnalysis(id: string, analysis: Analysis): Promise<void>;
  attachToIncident(id: string, incidentId: string): Promise<void>;
  /**
   * Records the brand's first reply to a stored Mention. Returns the Mention when this call was
   * the first reply (so it is counted once), undefined when it was replied to already or is unknown.
   */
  markReplied(id: string, at: string): Promise<Mention | undefined>;
  /**
   * Claims a stored Mention for counting: true for the one call that sets `countedAt`, false after.
   * Claiming before the counter ADD makes a retried run count it at most once.
   */
  markCounted(id: string, at: string): Promise<boolean>;
  /** Mentions of an Incident, newest first, at most `limit`: an email quotes what is happening now. */
  listByIncident(incidentId: string, limit: number): Promise<Mention[]>;
}

/** Additive counts for one brand and one time bucket. */
export interface CounterDelta {
  total: number;
  negative: number;
  complaint: number;
  reach: number;
  /** Sum of reach over negative Mentions. */
  negativeReach: number;
  /** Mentions per source id. */
  bySource: Record<string, number>;
  /** Negative Mentions per theme. */
  byTheme: Record<string, number>;
  /** Complaints the brand replied to, and the sum of minutes to first reply. */
  replied?: number;
  replyMinutes?: number;
}

export interface CounterBucket extends CounterDelta {
  brand: string;
  /** ISO start of the bucket. */
  bucketStart: string;
}

export interface CounterStore {
  /** Atomic ADD: safe under concurrent and retried writers only with an idempotency key. */
  add(brand: string, bucketStart: string, delta: CounterDelta): Promise<void>;
  /** Buckets with from <= bucketStart < to, oldest first. */
  range(brand: string, from: string, to: string): Promise<CounterBucket[]>;
}

/** An opaque, source-specific resume point (since-id, next-token, ETag, Last-Modified...). */
export type Cursor = Record<string, string>;

export interface CursorStore {
  get(sourceId: string): Promise<Cursor | undefined>;
  put(sourceId: string, cursor: Cursor): Promise<void>;
}

export interface IncidentStore {
  get(id: string): Promise<Incident | undefined>;
  /** Conditional create: false when an Incident with this id exists. */
  create(incident: Incident): Promise<boolean>;
  /** Optimistic write: fails with ConcurrentUpdateError unless the stored version is `incident.version - 1`. */
  save(incident: Incident): Promise<void>;
  findOpen(brand: string, fingerprint: string): Promise<Incident | undefined>;
  /** Incidents of a brand opened in [from, to), oldest first. */
  listOpenedBetween(brand: string, from: string, to: string): Promise<Incident[]>;
}

/** One text to analyse, with the language its source already gave (ISO 639-1), if any. */
export interface AnalysisRequest {
  text: string;
  language?: string;
}

export interface SentimentAnalyzer {
  /** One Analysis per request, same order; `undefined` where analysis failed (retry later). */
  analyze(requests: readonly AnalysisRequest[]): Promise<(Analysis | undefined)[]>;
}

export interface Email {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** Inline images referenced as cid:<id> in the HTML. */
  attachments?: { id: string; filename: string; contentType: string; content: Uint8Array }[];
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

export type FlowStartResult = 'started' | 'already-started';

export interface FlowStarter {
  /** Starts the escalation flow; the execution name is the Incident id so a repeat start is a no-op. */
  start(incidentId: string, input: Record<string, unknown>): Promise<FlowStartResult>;
}

/** Answers a waiting flow task (SendTaskSuccess / SendTaskFailure). */
export interface FlowCallback {
  succeed(taskToken: string, output: Record<string, unknown>): Promise<void>;
  fail(taskToken: string, error: string, cause: string): Promise<void>;
}

export interface ReportStore {
  put(key: string, body: string | Uint8Array, contentType: string): Promise<string>;
}

/** One platform connector. */
export interface Source {
  readonly id: string;
  /** Fetches new items since the cursor, bounded per run. Throws SourceError on a bad response. */
  fetch(cursor: Cursor | undefined): Promise<FetchResult>;
}

export interface FetchResult {
  mentions: FetchedMention[];
  /** The cursor to store once the batch is stored. */
  cursor: Cursor;
  /** True when the run stopped at its page bound with more to read. */
  more?: boolean;
}

export class SourceError extends Error {
  constructor(
    readonly sourceId: string,
    /** The URL without secrets. */
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`source ${sourceId}: ${message} (${url})`, options);
    this.name = 'SourceError';
  }
}

/** Structured logging; Powertools' Logger fits it in AWS, a console logger locally. */
export interface Logger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** Business metrics (Powertools Metrics / EMF in AWS). */
export interface Metrics {
  count(name: string, value?: number, dimensions?: Record<string, string>): void;
}

/** Everything a use case may need; each takes the Pick it uses. */
export interface Ports {
  clock: Clock;
  mentions: MentionStore;
  counters: CounterStore;
  cursors: CursorStore;
  incidents: IncidentStore;
  analyzer: SentimentAnalyzer;
  mailer: Mailer;
  flows: FlowStarter;
  callbacks: FlowCallback;
  reports: ReportStore;
  logger: Logger;
  metrics: Metrics;
}
