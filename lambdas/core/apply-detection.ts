/**
 * What detection decided, applied: open an Incident (and start its escalation flow), reopen one
 * that flared up again soon after its resolution (escalation starts again at Level 1), attach
 * Mentions to an open one and raise it (re-notifying), propose quiet Incidents for resolution.
 * The Incident item stays bounded however long the crisis: counts, not lists (the Mentions of an
 * Incident are found through the byIncident index), capped trigger ids, a folded timeline.
 */
import { addMinutes, bucketStart } from './buckets.ts';
import type { Brand } from './config.ts';
import { detect, themesOf, type DetectionDecision, type Raise } from './detection/index.ts';
import {
  addThemes, escalationName, incidentFingerprint, isMoreSevere, leadingTheme, markReopened, recordEvent,
  type Incident,
} from './incident.ts';
import { updateIncident } from './incident-update.ts';
import type { IngestDeps } from './ingest.ts';
import { isNegative, type Mention } from './mention.ts';

const ACTOR = 'crisis-desk';
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
  // The baseline reaches back baselineDays and one window either side of the same hour.
  const from = addMinutes(now, -(d.baselineDays * 24 * 60 + 2 * d.windowMinutes));
  const [history, recentIncidents] = await Promise.all([
    deps.counters.range(brand.id, from.toISOString(), addMinutes(now, d.bucketMinutes).toISOString()),
    deps.incidents.listOpenedBetween(brand.id, addMinutes(now, -30 * 24 * 60).toISOString(), addMinutes(now, 1).toISOString()),
  ]);
  // A fire drill is escalated by its own flow; real Mentions never attach to it, reopen it, nor close it.
  const real = recentIncidents.filter((i) => !i.drill);
  const open = real.filter((i) => i.status !== 'resolved');
  const reopenFrom = addMinutes(now, -d.reopenMinutes).toISOString();
  const resolved = real.filter((i) => i.status === 'resolved' && (i.resolvedAt ?? '') >= reopenFrom);
  // An Incident whose flow never started (StartExecution failed after the Incident was stored) is
  // started now; the execution name makes this a no-op for every other Incident.
  await Promise.all(
    open.filter((i) => i.level === 0 && i.status === 'open' && !i.flowFailedAt).map((i) => deps.flows.start(escalationName(i), { incidentId: i.id })),
  );
  const decisions = detect({ brand, config: d, now, history, recent: batch, open, resolved });

  const opened: Incident[] = [];
  let attached = 0;
  for (const decision of decisions) {
    if (decision.kind === 'open') {
      const incident = await openIncident(deps, brand, decision, batch, now, batchKey);
      if (incident) opened.push(incident);
    } else if (decision.kind === 'reopen') {
      await reopenIncident(deps, decision, batch, now, batchKey);
    } else if (decision.kind === 'attach') {
      attached += await attachToIncident(deps, decision.incidentId, decision.mentionIds, batch, decision, batchKey);
    } else if (decision.kind === 'warn-silence') {
      deps.logger.warn('source went silent', { brand: brand.id, source: decision.sourceId, reason: decision.reason });
      deps.metrics.count('SourceSilent', 1, { source: decision.sourceId });
    } else {
      await proposeQuietResolution(deps, decision, now);
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
  const fingerprint = incidentFingerprint(brand.id, decision.problem);
  const existing = await deps.incidents.findOpen(brand.id, fingerprint);
  if (existing) {
    const raise: Raise | undefined = isMoreSevere(decision.severity, existing.severity)
      ? { severity: decision.severity, reason: decision.reason, figures: decision.opening }
      : undefined;
    await attachToIncident(deps, existing.id, decision.mentionIds, batch, { ...(raise && { raise }) }, batchKey);
    return undefined;
  }
  const at = now.toISOString();
  const o = decision.opening;
  const incident: Incident = {
    // Deterministic per fingerprint and bucket: two writers racing create one Incident.
    id: `${brand.id}-${decision.problem}-${bucketStart(now, deps.config.detection.bucketMinutes).replace(/[-:]/g, '').slice(0, 13)}`,
    brand: brand.id,
    problem: decision.problem,
    theme: decision.theme,
    fingerprint,
    severity: decision.severity,
    openedSeverity: decision.severity,
    status: 'open',
    firstMentionAt: decision.firstMentionAt,
    openedAt: at,
    reason: decision.reason,
    opening: o,
    triggerMentionIds: decision.triggerMentionIds,
    // The window's volume, not just this batch's share of it; a lone post counts itself and its corroboration.
    mentionCount: Math.max(decision.mentionIds.length, o.negative),
    negativeCount: Math.max(decision.mentionIds.length, o.negative),
    reach: Math.max(o.reach, reachOf(batch, decision.mentionIds)),
    themes: addThemes({}, o.themes),
    surgeLevel: decision.surgeLevel,
    lastMentionAt: latest(batch, decision.mentionIds) ?? decision.firstMentionAt,
    ...(decision.recentAuthors && { recentAuthors: decision.recentAuthors }),
    level: 0,
    notified: [],
    ...(batchKey ? { countedBatches: [batchKey] } : {}),
    timeline: [
      { at: decision.firstMentionAt, type: 'first-mention' },
      { at, type: 'opened', actor: ACTOR, severity: decision.severity, detail: decision.reason, figures: figuresOnly(o) },
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
  await Promise.all(decision.mentionIds.map((id) => deps.mentions.attachToIncident(id, stored.id)));
  // Idempotent: the execution name is the Incident id, so a retried run starts nothing twice.
  await deps.flows.start(escalationName(stored), { incidentId: stored.id });
  deps.logger.info('incident opened', { incidentId: stored.id, brand: brand.id, severity: stored.severity, reason: stored.reason });
  return created ? stored : undefined;
}

/**
 * The same problem flared up soon after its resolution: the same Incident opens again, its timeline
 * says so with the numbers, and a new escalation flow (`<id>-r<n>`) pages from Level 1.
 */
async function reopenIncident(
  deps: IngestDeps,
  decision: Extract<DetectionDecision, { kind: 'reopen' }>,
  batch: Mention[],
  now: Date,
  batchKey: string | undefined,
): Promise<void> {
  const at = now.toISOString();
  let reopened = false;
  const incident = await updateIncident(deps.incidents, decision.incidentId, (i) => {
    reopened = false;
    if (i.status !== 'resolved') return false;
    markReopened(i, at, decision);
    if (decision.recentAuthors) i.recentAuthors = decision.recentAuthors;
    count(i, decision.mentionIds, batch, batchKey);
    reopened = true;
  });
  if (!reopened) return;
  await Promise.all(decision.mentionIds.map((id) => deps.mentions.attachToIncident(id, incident.id)));
  await deps.flows.start(escalationName(incident), { incidentId: incident.id });
  deps.metrics.count('IncidentsReopened', 1, { brand: incident.brand });
  deps.logger.info('incident reopened', { incidentId: incident.id, severity: incident.severity, reason: decision.reason });
}

async function attachToIncident(
  deps: IngestDeps,
  incidentId: string,
  ids: string[],
  batch: Mention[],
  change: { raise?: Raise; backToNormal?: true; recentAuthors?: Incident['recentAuthors'] },
  batchKey?: string,
): Promise<number> {
  // One post listed twice in a batch is attached and counted once.
  ids = [...new Set(ids)];
  await Promise.all(ids.map((id) => deps.mentions.attachToIncident(id, incidentId)));
  const at = deps.clock.now().toISOString();
  let raised = false;
  const { raise } = change;
  const incident = await updateIncident(deps.incidents, incidentId, (i) => {
    raised = false;
    if (i.status === 'resolved') return false;
    const added = count(i, ids, batch, batchKey);
    if (change.recentAuthors) i.recentAuthors = change.recentAuthors;
    if (change.backToNormal) i.surgeLevel = 0;
    // A raise from a stale reading never lowers it; at SEV1 a new surge still re-notifies.
    if (raise && !isMoreSevere(i.severity, raise.severity)) {
      recordEvent(i, { at, type: 'raised', actor: ACTOR, severity: raise.severity, from: i.severity, detail: raise.reason, figures: raise.figures });
      i.severity = raise.severity;
      if (raise.surgeLevel !== undefined) i.surgeLevel = raise.surgeLevel;
      // A snooze taken at the lower level does not hold the page for the new surge.
      delete i.snoozedUntil;
      raised = true;
    }
    if (!added && !raised && !change.backToNormal && !change.recentAuthors) return false;
  });
  if (raised && incident.taskToken) {
    // The waiting notification re-notifies the current Level (or reminds the acknowledger) with the new numbers.
    await deps.callbacks.succeed(incident.taskToken, { action: 'severity-raised' }).catch((err: unknown) =>
      deps.logger.warn('severity rise could not reach the flow', { incidentId: incident.id, error: String(err) }),
    );
  }
  if (incident.level === 0 && incident.status === 'open') await deps.flows.start(escalationName(incident), { incidentId: incident.id });
  return ids.length;
}

/**
 * Adds this batch's Mentions to the running totals (counts only: the Mentions themselves carry the
 * Incident id), once per batch: a batch finished again after a crash is not counted twice.
 */
function count(i: Incident, ids: string[], batch: Mention[], batchKey?: string): number {
  if (batchKey !== undefined && (i.countedBatches ?? []).includes(batchKey)) return 0;
  const wanted = new Set(ids);
  const added = batch.filter((m) => wanted.has(m.id));
  if (!added.length) return 0;
  if (batchKey) i.countedBatches = [...(i.countedBatches ?? []), batchKey].slice(-COUNTED_BATCHES);
  i.mentionCount += added.length;
  i.negativeCount += added.filter((m) => isNegative(m)).length;
  i.reach += added.reduce((s, m) => s + m.author.reach, 0);
  i.themes = addThemes(i.themes ?? {}, themesOf(added.filter((m) => isNegative(m))));
  // The headline theme follows the breakdown: a crisis that began as delivery and became a product defect says so.
  i.theme = leadingTheme(i.themes) ?? i.theme;
  const last = latest(added, ids);
  if (last && last > (i.lastMentionAt ?? '')) i.lastMentionAt = last;
  return added.length;
}

/** An Incident quiet for the configured period is proposed for resolution, or closed when the config says so. */
async function proposeQuietResolution(
  deps: IngestDeps,
  proposal: Extract<DetectionDecision, { kind: 'propose-resolution' }> | Extract<DetectionDecision, { kind: 'auto-resolve' }>,
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  let token: string | undefined;
  await updateIncident(deps.incidents, proposal.incidentId, (i) => {
    token = undefined;
    if (i.status === 'resolved') return false;
    // Quiet is back to normal: the next spike is a new surge, whatever the level it last rose at.
    i.surgeLevel = 0;
    if (proposal.kind === 'propose-resolution') {
      recordEvent(i, { at, type: 'proposed-resolution', actor: ACTOR, detail: proposal.reason });
      return;
    }
    i.status = 'resolved';
    i.resolvedAt = at;
    i.resolution = { rootCause: `Auto-resolved: ${proposal.reason}`, actionItems: i.resolution?.actionItems ?? [], resolvedBy: ACTOR };
    token = i.taskToken;
    delete i.taskToken;
    recordEvent(i, { at, type: 'resolved', actor: ACTOR, detail: proposal.reason });
  });
  if (token) {
    await deps.callbacks.succeed(token, { action: 'resolved', by: ACTOR }).catch((err: unknown) =>
      deps.logger.warn('auto-resolve could not reach the flow', { incidentId: proposal.incidentId, error: String(err) }),
    );
  }
}

const reachOf = (batch: Mention[], ids: string[]): number => {
  const wanted = new Set(ids);
  return batch.filter((m) => wanted.has(m.id)).reduce((s, m) => s + m.author.reach, 0);
};

const latest = (batch: Mention[], ids: string[]): string | undefined => {
  const wanted = new Set(ids);
  return batch.filter((m) => wanted.has(m.id)).reduce<string | undefined>((max, m) => (!max || m.createdAt > max ? m.createdAt : max), undefined);
};

/** The surge figures of an opening, for its timeline event (the rest is on `opening`). */
const figuresOnly = ({ negative, windowMinutes, reach, baseline, sigma, ratio }: Incident['opening'] & object) => ({
  negative, windowMinutes, reach, ...(baseline && { baseline }), ...(sigma !== undefined && { sigma }), ...(ratio !== undefined && { ratio }),
});
