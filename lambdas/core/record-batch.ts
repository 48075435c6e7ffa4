/**
 * Storing and counting one batch of a source run as one recoverable step.
 *
 * Primary course (recordBatch):
 *  1. Write the batch's journal on the source's item: its number, and the ids it stores for the
 *     first time, rescores and marks replied (CursorStore.openBatch, checked against the lease).
 *  2. Write the Mentions, each stamped with the batch number (MentionStore.putMany, batched).
 *  3. Add the batch's counts to each bucket it touches, at most once per (source, batch).
 *  4. Run detection on the batch; an Incident counts each batch once, and the batch's Mentions it
 *     attaches are written again, whole, in batched writes.
 *  The caller then closes the batch (its journal goes; the run's last batch closes in the write
 *  that advances the cursor).
 *
 * A run that finds a journal (its run died somewhere in 1-4) first finishes it (finishBatch): it
 * reads back the Mentions that batch wrote, counts exactly those under the batch's number (buckets
 * that already have it refuse it again), and detects on them. Nothing is counted twice, and
 * nothing stored is left uncounted.
 */
import { detectAndEscalate } from './apply-detection.ts';
import { BatchAttach } from './batch-attach.ts';
import { bucketStart } from './buckets.ts';
import type { Brand } from './config.ts';
import type { Incident } from './incident.ts';
import type { IngestDeps } from './ingest.ts';
import { isNegative, type Mention } from './mention.ts';
import type { BatchJournal, CounterDelta } from './ports.ts';

/** What one batch writes: Mentions new to the store, stored ones now scored, complaints now replied to. */
export interface BatchContent {
  stored: Mention[];
  rescored: Mention[];
  /** The complaints the brand replied to, with `repliedAt` set (they may also be in `stored`). */
  replied: Mention[];
}

export interface BatchOutcome {
  opened: Incident[];
  attached: number;
}

export interface BatchTarget {
  sourceId: string;
  run: string;
  brand: Brand;
}

/** Steps 1-4 for a batch numbered `batch`. */
export async function recordBatch(deps: IngestDeps, target: BatchTarget, batch: number, content: BatchContent): Promise<BatchOutcome> {
  const journal: BatchJournal = {
    batch,
    stored: content.stored.map((m) => m.id),
    rescored: content.rescored.map((m) => m.id),
    replied: content.replied.map((m) => m.id),
  };
  await deps.cursors.openBatch(target.sourceId, target.run, journal);
  await deps.hooks?.step('journal-written');
  const writes = new Map<string, Mention>();
  for (const m of [...content.stored, ...content.rescored, ...content.replied]) writes.set(m.id, Object.assign(m, { batch }));
  await deps.mentions.putMany([...writes.values()]);
  await deps.hooks?.step('mentions-stored');
  return countAndDetect(deps, target, batch, content);
}

/**
 * Finishes the batch a dead run left: counts and detects on the Mentions it did write.
 * Returns what it wrote, so the caller can close it with the right unscored list.
 */
export async function finishBatch(deps: IngestDeps, target: BatchTarget, journal: BatchJournal): Promise<BatchContent & BatchOutcome> {
  const ids = [...new Set([...journal.stored, ...journal.rescored, ...journal.replied])];
  const found = await deps.mentions.getMany(ids);
  // Only what this batch wrote: a Mention it did not reach is not stored (or not changed) by it.
  const written = (list: string[]) => list.map((id) => found.get(id)).filter((m): m is Mention => m?.batch === journal.batch);
  const content: BatchContent = { stored: written(journal.stored), rescored: written(journal.rescored), replied: written(journal.replied) };
  deps.logger.warn('finishing a batch a failed run left open', {
    source: target.sourceId,
    batch: journal.batch,
    stored: content.stored.length,
    notStored: journal.stored.length - content.stored.length,
  });
  deps.metrics.count('BatchesRecovered', 1, { source: target.sourceId });
  const outcome = await countAndDetect(deps, target, journal.batch, content);
  return { ...content, ...outcome };
}

async function countAndDetect(deps: IngestDeps, target: BatchTarget, batch: number, content: BatchContent): Promise<BatchOutcome> {
  const once = { writer: target.sourceId, batch };
  await Promise.all(batchDeltas(content, deps.config.detection.bucketMinutes).map((d) => deps.counters.add(d.brand, d.bucketStart, d.delta, once)));
  await deps.hooks?.step('counted');
  // Detection runs on empty batches too: quiet periods and silent sources are news as well.
  const mentions = [...content.stored, ...content.rescored];
  // The batch's Mentions are attached to their Incidents in batched writes (batch-attach.ts).
  const attach = new BatchAttach(deps.mentions, mentions);
  const detecting: IngestDeps = { ...deps, mentions: attach.mentions(), flows: attach.flows(deps.flows), callbacks: attach.callbacks(deps.callbacks) };
  const outcome = await detectAndEscalate(detecting, target.brand, mentions.filter((m) => brandsOf(m).includes(target.brand.id)), `${target.sourceId}#${batch}`);
  // A Mention that also names another configured brand is that brand's news too.
  for (const other of deps.config.brands) {
    const its = other.id === target.brand.id ? [] : mentions.filter((m) => brandsOf(m).includes(other.id));
    if (!its.length) continue;
    const more = await detectAndEscalate(detecting, other, its, `${target.sourceId}#${batch}`);
    outcome.opened.push(...more.opened);
    outcome.attached += more.attached;
  }
  await attach.flush();
  await deps.hooks?.step('detected');
  return outcome;
}

/** Every brand a Mention counts for (Mentions stored before attribution have only `brand`). */
const brandsOf = (m: Mention): string[] => (m.brands?.length ? m.brands : [m.brand]);

export interface BucketDelta {
  brand: string;
  bucketStart: string;
  delta: CounterDelta;
}

/**
 * The counts a batch adds, per brand and bucket: everything for a new Mention, the sentiment of a
 * rescored one (its volume was counted when it was stored), and a first reply in the complaint's
 * own bucket.
 */
export function batchDeltas(content: BatchContent, bucketMinutes: number): BucketDelta[] {
  const deltas = new Map<string, BucketDelta>();
  const at = (brand: string, createdAt: string): CounterDelta => {
    const start = bucketStart(createdAt, bucketMinutes);
    const key = `${brand}\u0000${start}`;
    let d = deltas.get(key);
    if (!d) deltas.set(key, (d = { brand, bucketStart: start, delta: emptyDelta() }));
    return d.delta;
  };
  const sentiment = (d: CounterDelta, m: Mention) => {
    if (m.analysis?.complaint) d.complaint++;
    if (isNegative(m) && !m.author.isBrand) {
      d.negative++;
      d.negativeReach += m.author.reach;
      const theme = m.analysis?.theme ?? 'other';
      d.byTheme[theme] = (d.byTheme[theme] ?? 0) + 1;
    }
  };
  for (const m of content.stored) {
    for (const brand of brandsOf(m)) {
      const d = at(brand, m.createdAt);
      d.total++;
      d.reach += m.author.reach;
      d.bySource[m.sourceId] = (d.bySource[m.sourceId] ?? 0) + 1;
      sentiment(d, m);
    }
  }
  for (const m of content.rescored) for (const brand of brandsOf(m)) sentiment(at(brand, m.createdAt), m);
  // "Reply to valid complaints" is measured from these: the brand's first reply to a complaint.
  for (const m of content.replied) {
    if (!m.repliedAt || !m.analysis?.complaint || m.author.isBrand) continue;
    const d = at(m.brand, m.createdAt);
    d.replied = (d.replied ?? 0) + 1;
    d.replyMinutes = (d.replyMinutes ?? 0) + Math.round(Math.max(0, (Date.parse(m.repliedAt) - Date.parse(m.createdAt)) / 60_000));
  }
  return [...deltas.values()].filter(({ delta: d }) => d.total || d.negative || d.complaint || d.replied);
}

export const emptyDelta = (): CounterDelta => ({ total: 0, negative: 0, complaint: 0, reach: 0, negativeReach: 0, bySource: {}, byTheme: {} });
