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
import { bucketStart, addMinutes } from './buckets.ts';
import type { Brand, Config, SourceConfig } from './config.ts';
import { detect, lastNegativeAt, proposeResolution, type DetectionDecision } from './detection/index.ts';
import { incidentFingerprint, isMoreSevere, type Incident } from './incident.ts';
import { updateIncident } from './incident-update.ts';
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
  const analyses = toAnalyse.length ? await deps.analyzer.analyze(toAnalyse.map((m) => m.text)) : [];
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

async function detectAndEscalate(deps: IngestDeps, brand: Brand, batch: Mention[]): Promise<{ opened: Incident[]; attached: number }> {
  const { config, clock } = deps;
  const d = config.detection;
  const now = clock.now();
  const from = addMinutes(now, -(d.baselineDays * 24 * 60 + d.windowMinutes));
  const [history, recentIncidents] = await Promise.all([
    deps.counters.range(brand.id, from.toISOString(), addMinutes(now, d.bucketMinutes).toISOString()),
    deps.incidents.listOpenedBetween(brand.id, addMinutes(now, -30 * 24 * 60).toISOString(), addMinutes(now, 1).toISOString()),
  ]);
  const open = recentIncidents.filter((i) => i.status !== 'resolved');
  // An Incident whose flow never started (StartExecution failed after the Incident was stored) is
  // started now; the execution name makes this a no-op for every other Incident.
  await Promise.all(
    open.filter((i) => i.level === 0 && i.status === 'open' && !i.flowFailedAt).map((i) => deps.flows.start(i.id, { incidentId: i.id })),
  );
  const decisions = detect({ brand, config: d, now, history, recent: batch, open });
  await Promise.all(open.map((incident) => proposeQuietResolution(deps, incident, lastNegativeAt(history, incident.theme, d.bucketMinutes), now)));

  const opened: Incident[] = [];
  let attached = 0;
  for (const decision of decisions) {
    if (decision.kind === 'open') {
      const incident = await openIncident(deps, brand, decision, batch, now);
      if (incident) opened.push(incident);
    } else if (decision.kind === 'attach') {
      attached += await attachToIncident(deps, decision, batch);
    } else {
      deps.logger.warn('source went silent', { brand: brand.id, source: decision.sourceId, reason: decision.reason });
      deps.metrics.count('SourceSilent', 1, { source: decision.sourceId });
    }
  }
  return { opened, attached };
}

async function openIncident(
  deps: IngestDeps,
  brand: Brand,
  decision: Extract<DetectionDecision, { kind: 'open' }>,
  batch: Mention[],
  now: Date,
): Promise<Incident | undefined> {
  const fingerprint = incidentFingerprint(brand.id, decision.theme);
  const existing = await deps.incidents.findOpen(brand.id, fingerprint);
  if (existing) {
    await attachToIncident(deps, { kind: 'attach', incidentId: existing.id, mentionIds: decision.triggerMentionIds, raiseTo: decision.severity, reason: decision.reason }, batch);
    return undefined;
  }
  const at = now.toISOString();
  const incident: Incident = {
    // Deterministic per fingerprint and bucket: two writers racing create one Incident.
    id: `${brand.id}-${decision.theme}-${bucketStart(now, deps.config.detection.bucketMinutes).replace(/[-:]/g, '').slice(0, 13)}`,
    brand: brand.id,
    theme: decision.theme,
    fingerprint,
    severity: decision.severity,
    status: 'open',
    firstMentionAt: decision.firstMentionAt,
    openedAt: at,
    reason: decision.reason,
    triggerMentionIds: decision.triggerMentionIds,
    // A spike is the window's volume, not just this batch's share of it.
    mentionCount: Math.max(decision.triggerMentionIds.length, decision.stats.trigger === 'spike' || decision.stats.trigger === 'warm-up' ? decision.stats.windowNegative : 0),
    negativeCount: Math.max(decision.triggerMentionIds.length, decision.stats.trigger === 'spike' || decision.stats.trigger === 'warm-up' ? decision.stats.windowNegative : 0),
    // The triggers are in this batch: their reach needs no second read.
    reach: batch.filter((m) => decision.triggerMentionIds.includes(m.id)).reduce((sum, m) => sum + m.author.reach, 0),
    level: 0,
    notified: [],
    timeline: [
      { at: decision.firstMentionAt, type: 'first-mention' },
      { at, type: 'opened', actor: 'crisis-desk', detail: decision.reason },
    ],
    version: 1,
  };
  let created = await deps.incidents.create(incident);
  let stored = created ? incident : await deps.incidents.get(incident.id);
  // Its id is taken by an Incident already resolved in this bucket: this is a new one, not that one.
  for (let n = 2; !created && stored?.status === 'resolved' && n <= 9; n++) {
    const again: Incident = { ...incident, id: `${incident.id}-${n}` };
    created = await deps.incidents.create(again);
    stored = created ? again : await deps.incidents.get(again.id);
  }
  if (!stored || stored.status === 'resolved') return undefined;
  await Promise.all(decision.triggerMentionIds.map((id) => deps.mentions.attachToIncident(id, stored.id)));
  // Idempotent: the execution name is the Incident id, so a retried run starts nothing twice.
  await deps.flows.start(stored.id, { incidentId: stored.id });
  deps.logger.info('incident opened', { incidentId: stored.id, brand: brand.id, severity: stored.severity, reason: stored.reason });
  return created ? stored : undefined;
}

async function attachToIncident(
  deps: IngestDeps,
  decision: Extract<DetectionDecision, { kind: 'attach' }>,
  batch: Mention[],
): Promise<number> {
  const byId = new Map(batch.map((m) => [m.id, m]));
  const ids = decision.mentionIds;
  await Promise.all(ids.map((id) => deps.mentions.attachToIncident(id, decision.incidentId)));
  const at = deps.clock.now().toISOString();
  let raised = false;
  const incident = await updateIncident(deps.incidents, decision.incidentId, (i) => {
    raised = false;
    if (i.status === 'resolved') return false;
    const added = ids.filter((id) => byId.has(id));
    i.mentionCount += added.length;
    i.negativeCount += added.filter((id) => isNegative(byId.get(id)!)).length;
    i.reach += added.reduce((s, id) => s + (byId.get(id)?.author.reach ?? 0), 0);
    if (added.length) noteAttached(i, at, added.length);
    if (decision.raiseTo && isMoreSevere(decision.raiseTo, i.severity)) {
      i.timeline.push({ at, type: 'severity-raised', actor: 'crisis-desk', detail: `${i.severity} → ${decision.raiseTo}${decision.reason ? `: ${decision.reason}` : ''}` });
      i.severity = decision.raiseTo;
      // A snooze taken at the lower severity does not hold the page at the higher one.
      delete i.snoozedUntil;
      raised = true;
    }
    if (!added.length && !raised) return false;
  });
  if (raised && incident.taskToken) {
    // The waiting notification re-notifies the current Level at the new severity.
    await deps.callbacks.succeed(incident.taskToken, { action: 'severity-raised' }).catch((err: unknown) =>
      deps.logger.warn('severity rise could not reach the flow', { incidentId: incident.id, error: String(err) }),
    );
  }
  if (incident.level === 0 && incident.status === 'open') await deps.flows.start(incident.id, { incidentId: incident.id });
  return ids.length;
}

/** An Incident quiet for the configured period is proposed for resolution, or closed when the config says so. */
async function proposeQuietResolution(deps: IngestDeps, incident: Incident, lastNegative: string | undefined, now: Date): Promise<void> {
  const proposal = proposeResolution(incident, lastNegative, now, deps.config.detection);
  if (!proposal) return;
  const at = now.toISOString();
  const updated = await updateIncident(deps.incidents, incident.id, (i) => {
    if (i.status === 'resolved') return false;
    if (proposal.kind === 'propose-resolution') {
      i.timeline.push({ at, type: 'resolution-proposed', actor: 'crisis-desk', detail: proposal.reason });
      return;
    }
    i.status = 'resolved';
    i.resolvedAt = at;
    i.resolution = { rootCause: `Auto-resolved: ${proposal.reason}`, actionItems: [], resolvedBy: 'crisis-desk' };
    i.timeline.push({ at, type: 'resolved', actor: 'crisis-desk', detail: proposal.reason });
  });
  if (proposal.kind === 'auto-resolve' && updated.status === 'resolved' && updated.taskToken) {
    await deps.callbacks.succeed(updated.taskToken, { action: 'resolved', by: 'crisis-desk' }).catch((err: unknown) =>
      deps.logger.warn('auto-resolve could not reach the flow', { incidentId: incident.id, error: String(err) }),
    );
  }
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** One 'mention-attached' event per hour at most: the Incident item must stay far below DynamoDB's 400 KB. */
function noteAttached(incident: Incident, at: string, count: number): void {
  const last = incident.timeline.at(-1);
  if (last?.type === 'mention-attached' && Date.parse(at) - Date.parse(last.at) < 60 * 60_000) {
    const before = Number(/^(\d+)/.exec(last.detail ?? '')?.[1] ?? 0);
    last.detail = `${before + count} new mention(s)`;
    return;
  }
  incident.timeline.push({ at, type: 'mention-attached', detail: `${count} new mention(s)` });
}
