/** The ports core needs. Adapters implement them for AWS and for the embedded local runtime. */
import type { Analysis, FetchedMention, Mention } from './mention.ts';
import type { Incident } from './incident.ts';

export interface Clock {
  now(): Date;
}

export interface MentionStore {
  /**
   * The stored Mentions among `ids`, by id (consistent reads, batched): one call answers
   * dedup, the originals of replies and the Mentions waiting to be scored.
   */
  getMany(ids: readonly string[]): Promise<Map<string, Mention>>;
  /**
   * Writes whole Mentions, new or updated, batched. Unconditional: only runs of a Mention's own
   * source write it, and a source's runs hold its lease (CursorStore.lease), one at a time.
   */
  putMany(mentions: readonly Mention[]): Promise<void>;
  get(id: string): Promise<Mention | undefined>;
  attachToIncident(id: string, incidentId: string): Promise<void>;
  /**
   * Mentions of an Incident through the byIncident index, newest first (oldest first with
   * `oldestFirst`), at most `limit`: an email quotes what is happening now, the incident page pages.
   */
  listByIncident(incidentId: string, limit: number, options?: { oldestFirst?: boolean }): Promise<Mention[]>;
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

/** Which writer's batch a counter ADD belongs to: each (writer, batch) is added to a bucket at most once. */
export interface CounterBatch {
  /** The source id. */
  writer: string;
  /** The source's batch number; a writer's batches only grow. */
  batch: number;
}

export interface CounterStore {
  /**
   * Atomic ADD. With `once`, the bucket remembers the writer's last batch and refuses the same or
   * an older one: a retried or recovered ADD counts nothing twice. False when it was refused.
   */
  add(brand: string, bucketStart: string, delta: CounterDelta, once?: CounterBatch): Promise<boolean>;
  /** Buckets with from <= bucketStart < to, oldest first. */
  range(brand: string, from: string, to: string): Promise<CounterBucket[]>;
}

/** An opaque, source-specific resume point (since-id, next-token, ETag, Last-Modified...). */
export type Cursor = Record<string, string>;

/**
 * The Mentions of one batch of a source run, written down before they are stored, so that a run
 * that dies anywhere leaves a record the next run finishes (core/record-batch.ts).
 */
export interface BatchJournal {
  /** The source's batch number (one more than the last one it closed). */
  batch: number;
  /** Mentions this batch stores for the first time: counted in full. */
  stored: string[];
  /** Stored Mentions this batch scores (an earlier analysis failed): their sentiment is counted now. */
  rescored: string[];
  /** Stored complaints this batch marks as replied to by the brand. */
  replied: string[];
}

/** What a source run starts from, read as it takes the source's lease. */
export interface SourceRunState {
  /** Names this run's lease: every later write checks it still holds it. */
  run: string;
  cursor?: Cursor;
  /** The last batch this source closed (0 before its first). */
  batch: number;
  /** Stored Mentions whose analysis failed, to score on a later run. */
  unscored: string[];
  /** An unfinished batch of a run that died: finished before anything new is read. */
  journal?: BatchJournal;
}

/** The run lost its lease (it outlived it and another run took the source): it must stop writing. */
export class LeaseLostError extends Error {
  constructor(readonly sourceId: string) {
    super(`source ${sourceId}: this run no longer holds the source's lease (another run took over)`);
    this.name = 'LeaseLostError';
  }
}

/** One item per source: its cursor, its lease, the open batch's journal and the unscored list. */
export interface CursorStore {
  get(sourceId: string): Promise<Cursor | undefined>;
  put(sourceId: string, cursor: Cursor): Promise<void>;
  /**
   * Takes the source for one run until `until` (ISO), unless another run holds it: then undefined.
   * A lease past its time is taken over (its run died or overran its deadline).
   */
  lease(sourceId: string, now: string, until: string): Promise<SourceRunState | undefined>;
  /** Writes the journal of the batch about to be stored. Throws LeaseLostError. */
  openBatch(sourceId: string, run: string, journal: BatchJournal): Promise<void>;
  /** The batch is stored, counted and detected on: its journal goes, its number stays. Throws LeaseLostError. */
  closeBatch(sourceId: string, run: string, batch: number, unscored: readonly string[]): Promise<void>;
  /**
   * Ends the run and frees the source. With `end` (the run got that far), in the same write: the
   * cursor advances, the last batch closes, the unscored list is stored (LeaseLostError when the
   * run lost its lease). Without it (a failed run), only the lease goes; an open journal stays.
   */
  release(sourceId: string, run: string, end?: { cursor: Cursor; batch: number; unscored: readonly string[] }): Promise<void>;
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
  /**
   * Starts the escalation flow as execution `name` (escalationName: the Incident id, `<id>-r<n>` after
   * a reopening), so a repeat start is a no-op; `input` carries the Incident id.
   */
  start(name: string, input: Record<string, unknown>): Promise<FlowStartResult>;
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
  /** What went wrong without failing the run (a page served twice): logged with the source id. */
  warnings?: string[];
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
