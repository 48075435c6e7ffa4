/**
 * Ingest one source run: fetch → match brand → dedup → analyse → record → detect → escalate.
 *
 * Primary course:
 *  1. Read the source's cursor and fetch what is new since it.
 *  2. Keep the items about the brand (keywords, handles, exclusions); stamp Mention ids.
 *  3. Store each Mention with a conditional put: a repeat fetch or a retried Lambda stores nothing twice.
 *  4. Analyse only the newly stored Mentions; one whose analysis failed stays stored, unscored.
 *  5. Add the batch to the brand's time-bucket counters (atomic ADD).
 *  6. Run detection on the counters and the batch; open, attach to or raise Incidents,
 *     and start the escalation flow for each new Incident (execution name = Incident id).
 *  7. Only then advance the cursor: a crash before this point loses nothing on the next run.
 */
import { detectAndEscalate } from './apply-detection.ts';
import { bucketStart } from './buckets.ts';
import type { Config, SourceConfig } from './config.ts';
import type { Incident } from './incident.ts';
import { mapLimit } from './map-limit.ts';
import { isRelevant } from './relevance.ts';
import { isNegative, mentionId, type Mention } from './mention.ts';
import type { CounterDelta, Ports, Source } from './ports.ts';

export type IngestDeps = Pick<
  Ports,
  'clock' | 'mentions' | 'counters' | 'cursors' | 'incidents' | 'analyzer' | 'flows' | 'callbacks' | 'logger' | 'metrics'
> & { config: Config };

/** Where a source's unscored Mention ids wait for the next run (a cursor record of their own). */
export const UNSCORED_SUFFIX = '#unscored';
/** The most unscored Mentions carried to the next run; an outage of the analyser longer than that loses scores, not Mentions. */
const MAX_PENDING = 500;

/** Conditional puts in flight at once: enough to hide latency, few enough not to be throttled. */
const STORE_CONCURRENCY = 16;

export interface IngestSummary {
  sourceId: string;
  fetched: number;
  relevant: number;
  stored: number;
  duplicates: number;
  unscored: number;
  opened: Incident[];
  attached: number;
  /** True when the source stopped at its page bound and the next run continues. */
  more: boolean;
  mentions: Mention[];
}

export async function ingest(deps: IngestDeps, source: Source, sourceConfig: SourceConfig): Promise<IngestSummary> {
  const { clock, config, logger, metrics } = deps;
  const brand = config.brands.find((b) => b.id === sourceConfig.brand);
  if (!brand) throw new Error(`source ${sourceConfig.id} names unknown brand ${sourceConfig.brand}`);

  const cursor = await deps.cursors.get(source.id);
  const result = await source.fetch(cursor);
  const now = clock.now();
  const relevant = result.mentions.filter((m) => isRelevant(brand, sourceConfig.kind, m));

  const candidates: Mention[] = relevant.map((fetched) => ({
    ...fetched,
    id: mentionId(fetched.sourceId, fetched.nativeId),
    brand: brand.id,
    fetchedAt: now.toISOString(),
  }));
  const stored = await mapLimit(candidates, STORE_CONCURRENCY, (m) => deps.mentions.putIfNew(m));
  // A Mention stored by an earlier run that failed before counting it is processed now, not lost.
  const unfinished = await mapLimit(
    candidates.filter((_, i) => !stored[i]),
    STORE_CONCURRENCY,
    async (m) => deps.mentions.get(m.id),
  );
  const fresh = [...candidates.filter((_, i) => stored[i]), ...unfinished.filter((m): m is Mention => m !== undefined && !m.countedAt)];

  // Mentions whose analysis failed on an earlier run are retried with this batch, never dropped.
  const pendingKey = `${source.id}${UNSCORED_SUFFIX}`;
  const pending = await readPending(deps, pendingKey);
  const toAnalyse = [...fresh.filter((m) => !m.analysis), ...pending];
  const analyses = toAnalyse.length ? await deps.analyzer.analyze(toAnalyse.map((m) => ({ text: m.text, ...(m.language ? { language: m.language } : {}) }))) : [];
  // A negative reply to one of the brand's own posts is about that post: detection groups it so,
  // and the counters must say the same for its quiet period to be measured.
  const brandPosts = new Set(fresh.filter((m) => m.author.isBrand).map((m) => m.nativeId));
  await Promise.all(
    toAnalyse.map(async (m, i) => {
      const analysis = analyses[i];
      if (!analysis) return;
      m.analysis = m.inReplyTo && brandPosts.has(m.inReplyTo) && isNegative({ analysis }) && !m.author.isBrand ? { ...analysis, theme: 'brand-post' } : analysis;
      await deps.mentions.setAnalysis(m.id, m.analysis);
    }),
  );
  const rescored = pending.filter((m) => m.analysis);
  const stillUnscored = toAnalyse.filter((m) => !m.analysis).map((m) => m.id);
  const unscored = fresh.filter((m) => !m.analysis).length;

  // Claim, then count: a crash between the two undercounts one batch; it never counts twice.
  const at = now.toISOString();
  const claimed = await mapLimit(fresh, STORE_CONCURRENCY, (m) => deps.mentions.markCounted(m.id, at));
  await recordCounters(deps, brand.id, fresh.filter((_, i) => claimed[i]));
  // Their volume was counted when they were stored; only their sentiment is new.
  await recordCounters(deps, brand.id, rescored, { sentimentOnly: true });
  await recordReplies(deps, brand.id, fresh);
  // Detection runs on empty batches too: quiet periods and silent sources are news as well.
  const { opened, attached } = await detectAndEscalate(deps, brand, [...fresh, ...rescored]);
  if (pending.length || stillUnscored.length) {
    await deps.cursors.put(pendingKey, { ids: JSON.stringify(stillUnscored.slice(-MAX_PENDING)) });
  }

  // Only now: everything the cursor covers is stored.
  await deps.cursors.put(source.id, result.cursor);

  const dims = { source: source.id, brand: brand.id };
  metrics.count('MentionsFetched', result.mentions.length, dims);
  metrics.count('MentionsRecorded', fresh.length, dims);
  metrics.count('MentionsNegative', fresh.filter((m) => isNegative(m) && !m.author.isBrand).length, dims);
  if (unscored) metrics.count('MentionsUnscored', unscored, dims);
  if (opened.length) metrics.count('IncidentsOpened', opened.length, { brand: brand.id });
  logger.info('source run', { ...dims, fetched: result.mentions.length, stored: fresh.length, duplicates: relevant.length - fresh.length, opened: opened.map((i) => i.id) });

  return {
    sourceId: source.id,
    fetched: result.mentions.length,
    relevant: relevant.length,
    stored: fresh.length,
    duplicates: relevant.length - fresh.length,
    unscored,
    opened,
    attached,
    more: result.more ?? false,
    mentions: fresh,
  };
}

async function readPending(deps: IngestDeps, key: string): Promise<Mention[]> {
  const ids = (await deps.cursors.get(key))?.ids;
  if (!ids) return [];
  const mentions = await Promise.all((JSON.parse(ids) as string[]).map((id) => deps.mentions.get(id)));
  return mentions.filter((m): m is Mention => m !== undefined && !m.analysis);
}

/** One atomic ADD per touched bucket. */
async function recordCounters(deps: IngestDeps, brand: string, mentions: Mention[], options: { sentimentOnly?: boolean } = {}): Promise<void> {
  const size = deps.config.detection.bucketMinutes;
  const deltas = new Map<string, CounterDelta>();
  for (const m of mentions) {
    const key = bucketStart(m.createdAt, size);
    const d = deltas.get(key) ?? emptyDelta();
    if (!options.sentimentOnly) {
      d.total++;
      d.reach += m.author.reach;
      d.bySource[m.sourceId] = (d.bySource[m.sourceId] ?? 0) + 1;
    }
    if (m.analysis?.complaint) d.complaint++;
    if (isNegative(m) && !m.author.isBrand) {
      d.negative++;
      d.negativeReach += m.author.reach;
      const theme = m.analysis?.theme ?? 'other';
      d.byTheme[theme] = (d.byTheme[theme] ?? 0) + 1;
    }
    deltas.set(key, d);
  }
  await Promise.all(
    [...deltas].filter(([, d]) => d.total || d.negative || d.complaint).map(([start, delta]) => deps.counters.add(brand, start, delta)),
  );
}

/**
 * The brand's replies to complaints, counted in the complaint's bucket: "reply to valid complaints"
 * is measured from these. markReplied is conditional, so a retried run counts a reply once.
 */
async function recordReplies(deps: IngestDeps, brand: string, mentions: Mention[]): Promise<void> {
  const replies = mentions.filter((m) => m.author.isBrand && m.inReplyTo);
  await Promise.all(
    replies.map(async (reply) => {
      const original = await deps.mentions.markReplied(mentionId(reply.sourceId, reply.inReplyTo!), reply.createdAt);
      if (!original?.analysis?.complaint || original.author.isBrand) return;
      const minutes = Math.max(0, (Date.parse(reply.createdAt) - Date.parse(original.createdAt)) / 60_000);
      await deps.counters.add(brand, bucketStart(original.createdAt, deps.config.detection.bucketMinutes), {
        ...emptyDelta(),
        replied: 1,
        replyMinutes: Math.round(minutes),
      });
    }),
  );
}

const emptyDelta = (): CounterDelta => ({ total: 0, negative: 0, complaint: 0, reach: 0, negativeReach: 0, bySource: {}, byTheme: {} });
