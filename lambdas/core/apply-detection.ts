/**
 * What detection decided, applied: open an Incident (and start its escalation flow), attach
 * Mentions to an open one and raise its severity, propose quiet Incidents for resolution.
 */
import { addMinutes, bucketStart } from './buckets.ts';
import type { Brand } from './config.ts';
import { detect, lastNegativeAt, proposeResolution, type DetectionDecision } from './detection/index.ts';
import { incidentFingerprint, isMoreSevere, type Incident } from './incident.ts';
import { updateIncident } from './incident-update.ts';
import type { IngestDeps } from './ingest.ts';
import { isNegative, type Mention } from './mention.ts';

/** The latest source batches an Incident remembers having counted (Incident.countedBatches). */
const COUNTED_BATCHES = 20;

/**
 * Runs detection for the brand on its counters and this batch, and applies what it decides.
 * `batchKey` names the batch (`<source>#<batch>`): an Incident counts each batch once, so a batch
 * finished again after a crash attaches its Mentions without counting them twice.
 */
export async function detectAndEscalate(deps: IngestDeps, brand: Brand, batch: Mention[], batchKey?: string): Promise<{ opened: Incident[]; attached: number }> {
  const { config, clock } = deps;
  const d = config.detection;
  const now = clock.now();
  const from = addMinutes(now, -(d.baselineDays * 24 * 60 + d.windowMinutes));
  const [history, recentIncidents] = await Promise.all([
    deps.counters.range(brand.id, from.toISOString(), addMinutes(now, d.bucketMinutes).toISOString()),
    deps.incidents.listOpenedBetween(brand.id, addMinutes(now, -30 * 24 * 60).toISOString(), addMinutes(now, 1).toISOString()),
  ]);
  // A fire drill is escalated by its own flow; real Mentions never attach to it, nor close it.
  const open = recentIncidents.filter((i) => i.status !== 'resolved' && !i.drill);
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
      const incident = await openIncident(deps, brand, decision, batch, now, batchKey);
      if (incident) opened.push(incident);
    } else if (decision.kind === 'attach') {
      attached += await attachToIncident(deps, decision, batch, batchKey);
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
  batchKey: string | undefined,
): Promise<Incident | undefined> {
  const fingerprint = incidentFingerprint(brand.id, decision.theme);
  const existing = await deps.incidents.findOpen(brand.id, fingerprint);
  if (existing) {
    await attachToIncident(deps, { kind: 'attach', incidentId: existing.id, mentionIds: decision.triggerMentionIds, raiseTo: decision.severity, reason: decision.reason }, batch, batchKey);
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
    ...(batchKey ? { countedBatches: [batchKey] } : {}),
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
  batchKey?: string,
): Promise<number> {
  const byId = new Map(batch.map((m) => [m.id, m]));
  // One post listed twice in a batch is attached and counted once.
  const ids = [...new Set(decision.mentionIds)];
  await Promise.all(ids.map((id) => deps.mentions.attachToIncident(id, decision.incidentId)));
  const at = deps.clock.now().toISOString();
  let raised = false;
  const incident = await updateIncident(deps.incidents, decision.incidentId, (i) => {
    raised = false;
    if (i.status === 'resolved') return false;
    const counted = batchKey !== undefined && (i.countedBatches ?? []).includes(batchKey);
    const added = counted ? [] : ids.filter((id) => byId.has(id));
    if (batchKey && !counted && added.length) i.countedBatches = [...(i.countedBatches ?? []), batchKey].slice(-COUNTED_BATCHES);
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
