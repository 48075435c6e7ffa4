/**
 * Incident detection for one brand after a batch of Mentions was recorded. Every decision carries
 * its numbers.
 *
 * Grouping: one Incident per brand and problem. The brand's negative volume is one problem,
 * "complaints", whatever its themes: a surge spread over several themes is one Incident with a
 * theme breakdown. A Mention carrying a risk (safety, legal, security, discrimination) is a
 * distinct problem and goes to that risk's own Incident, so a safety report during an outage is
 * its own Incident, with its own owner and post-mortem.
 *
 * Primary course:
 *  1. Judge the window's negative volume against the brand's own baseline (warm-up's absolute
 *     threshold while the brand has been observed too little to trust one).
 *  2. Risk Mentions: attach to their risk's open Incident (raising it when other authors
 *     corroborate), reopen it when it was resolved within the reopen window, else open one.
 *  3. The other negative Mentions attach to the open complaints Incident. A surge on top of it
 *     raises its severity when its size reads worse, and a new page-worthy surge (well above the
 *     level it opened or last rose at, or after the brand was back to normal) re-notifies. Without an open one, a spike or a
 *     far-reaching post opens one, or reopens the one resolved within the reopen window when the
 *     evidence since its resolution is enough on its own.
 *  4. Propose resolving Incidents that have been quiet for quietMinutes.
 *  5. Warn about a usually busy source that went silent (a broken connector, not an Incident).
 */
import type { Brand, DetectionConfig } from '../config.ts';
import {
  COMPLAINTS, MAX_TRIGGER_IDS, addThemes, isMoreSevere, leadingTheme,
  type Incident, type IncidentOpening, type RecentAuthor, type Severity, type SurgeFigures,
} from '../incident.ts';
import { isNegative, type Mention } from '../mention.ts';
import type { CounterBucket } from '../ports.ts';
import { riskCategory } from '../analysis/risks.ts';
import { BucketSeries, bucketFloor } from './baseline.ts';
import { formatCount, formatWindow } from './format.ts';
import { normalSince, proposeResolution, type ResolutionProposal } from './resolution.ts';
import { lonePostSeverity, moreSevere } from './severity.ts';
import { silentSources } from './silence.ts';
import { assessSurge, assessWindow, figuresOf, isNormal, round1, type SurgeAssessment } from './surge.ts';

export interface DetectionInput {
  brand: Brand;
  config: DetectionConfig;
  now: Date;
  /** Counter buckets of the brand over baselineDays + window, from CounterStore.range. */
  history: CounterBucket[];
  /** The analysed Mentions just recorded for this brand (this batch). */
  recent: Mention[];
  /** The brand's Incidents that are not resolved. */
  open: Incident[];
  /** The brand's Incidents resolved within the reopen window (any order). */
  resolved?: Incident[];
}


/** A raise of an open Incident: a more severe reading, or a new surge on top of it (same severity at SEV1). */
export interface Raise {
  severity: Severity;
  reason: string;
  figures: SurgeFigures;
  /** The window's negatives now: the next surge must be well above it. */
  surgeLevel?: number;
}

export type DetectionDecision =
  | {
      kind: 'open';
      problem: string;
      theme: string;
      severity: Severity;
      reason: string;
      /** The Mentions that opened it, most-reached first (bounded). */
      triggerMentionIds: string[];
      /** Every Mention of this batch that belongs to it. */
      mentionIds: string[];
      /** ISO time of the earliest Mention or bucket that is part of it. */
      firstMentionAt: string;
      opening: IncidentOpening;
      surgeLevel: number;
      recentAuthors?: RecentAuthor[];
    }
  | {
      kind: 'reopen';
      incidentId: string;
      severity: Severity;
      reason: string;
      figures: SurgeFigures;
      mentionIds: string[];
      surgeLevel: number;
      recentAuthors?: RecentAuthor[];
    }
  | {
      kind: 'attach';
      incidentId: string;
      mentionIds: string[];
      raise?: Raise;
      /** The brand is back to its normal level: the next spike is a new surge. */
      backToNormal?: true;
      recentAuthors?: RecentAuthor[];
    }
  | (Omit<ResolutionProposal, 'kind'> & { kind: 'propose-resolution' })
  | (Omit<ResolutionProposal, 'kind'> & { kind: 'auto-resolve' })
  | { kind: 'warn-silence'; sourceId: string; reason: string };

const MINUTE = 60_000;
/** A post older than this is history, not news: a new source's first page or a catch-up after an outage must not page anyone. */
const SINGLE_TRIGGER_MAX_AGE_MINUTES = 6 * 60;
const MAX_RECENT_AUTHORS = 20;

/** What an Incident is about; Incidents from before problems existed were about the brand's complaints. */
export const problemOf = (i: Pick<Incident, 'problem'>): string => i.problem ?? COMPLAINTS;

export function detect(input: DetectionInput): DetectionDecision[] {
  const { config, now, recent } = input;
  const series = new BucketSeries(input.history, { bucketMinutes: config.bucketMinutes, nowMs: now.getTime() });
  const current = assessSurge(series, config, now);
  const surge = worstWindow(series, config, now, recent) ?? current;
  const open = new Map(input.open.filter((i) => i.status !== 'resolved').map((i) => [problemOf(i), i]));
  const resolved = new Map<string, Incident>();
  for (const i of input.resolved ?? []) {
    const other = resolved.get(problemOf(i));
    if (i.status === 'resolved' && (!other || (i.resolvedAt ?? '') > (other.resolvedAt ?? ''))) resolved.set(problemOf(i), i);
  }
  const decisions: DetectionDecision[] = [];

  // 2. Risks: each category is a problem of its own.
  const risky = new Map<string, Mention[]>();
  for (const m of recent) {
    const category = singleTrigger(m, config, now) === 'risk' ? riskOf(m) : undefined;
    if (category) risky.set(category, [...(risky.get(category) ?? []), m]);
  }
  for (const [category, mentions] of risky) {
    const d = riskDecision(input, category, mentions, open.get(category), resolved.get(category));
    if (d) decisions.push(d);
  }

  // 3. The brand's complaints.
  const claimed = new Set([...risky.values()].flat().map((m) => m.id));
  const volume = recent.filter((m) => m.analysis && isNegative(m) && !m.author.isBrand && !claimed.has(m.id));
  const complaints = complaintsDecision(input, series, surge, current, volume, open.get(COMPLAINTS), resolved.get(COMPLAINTS));
  if (complaints) decisions.push(complaints);

  // 4. Quiet Incidents.
  let normal: number | undefined;
  for (const incident of open.values()) {
    if (problemOf(incident) === COMPLAINTS) normal ??= normalSince(series, config, now);
    const proposal = proposeResolution(incident, normal ?? 0, now, config);
    if (proposal) decisions.push(proposal);
  }

  for (const s of silentSources(series, config, now)) decisions.push({ kind: 'warn-silence', sourceId: s.sourceId, reason: s.reason });
  return decisions;
}

function complaintsDecision(
  input: DetectionInput,
  series: BucketSeries,
  surge: SurgeAssessment,
  current: SurgeAssessment,
  volume: Mention[],
  existing: Incident | undefined,
  previous: Incident | undefined,
): DetectionDecision | undefined {
  const { config, now } = input;
  const loud = volume.filter((m) => singleTrigger(m, config, now) === 'high-reach').sort((a, b) => b.author.reach - a.author.reach);
  const ids = volume.map((m) => m.id);

  if (existing) {
    const raise = surgeRaise(existing, surge, config) ?? loudRaise(existing, loud[0], config);
    const backToNormal = !raise && (existing.surgeLevel ?? 1) > 0 && isNormal(current, config);
    if (!ids.length && !raise && !backToNormal) return undefined;
    return { kind: 'attach', incidentId: existing.id, mentionIds: ids, ...(raise && { raise }), ...(backToNormal && { backToNormal }) };
  }

  if (previous?.resolvedAt) {
    // A flare-up soon after the resolution reopens it, on evidence gathered since the resolution only.
    const since = bucketFloor(Date.parse(previous.resolvedAt), config.bucketMinutes) + config.bucketMinutes * MINUTE;
    const flare = assessSurge(series, config, now, since);
    const after = `${formatWindow(Math.max(1, Math.round((now.getTime() - Date.parse(previous.resolvedAt)) / MINUTE)))} after it was resolved`;
    if (flare.spike)
      return {
        kind: 'reopen', incidentId: previous.id, severity: moreSevere(previous.severity, flare.size),
        reason: `flared up again ${after}; ${flare.summary}${themesText(flare.themes)}`,
        // The level to beat from now on is the whole window's, not only the part since the resolution.
        figures: figuresOf(flare), mentionIds: ids, surgeLevel: Math.max(flare.negative, current.negative),
      };
    // A far-reaching post reopens it only when it was written after the resolution.
    const fresh = loud.filter((m) => m.createdAt > previous.resolvedAt!);
    const top = fresh[0];
    if (top)
      return {
        kind: 'reopen', incidentId: previous.id, severity: moreSevere(previous.severity, lonePostSeverity(top.author.reach, 0, config)),
        reason: `flared up again ${after}; ${loudText(top, config)}`,
        figures: loneFigures(fresh, config), mentionIds: ids, surgeLevel: 0,
      };
    return undefined;
  }

  const observed = { observedHours: surge.observedHours, warmupHours: config.warmupHours };
  if (surge.spike) {
    const top = loud[0];
    const severity = top ? moreSevere(surge.size, lonePostSeverity(top.author.reach, 0, config)) : surge.size;
    return {
      kind: 'open',
      problem: COMPLAINTS,
      theme: leadingTheme(surge.themes) ?? leadingTheme(themesOf(volume)) ?? 'other',
      severity,
      reason: `${surge.summary}${top ? `; ${loudText(top, config)}` : ''}${themesText(surge.themes)}`,
      triggerMentionIds: triggers(volume),
      mentionIds: ids,
      firstMentionAt: firstAt(volume, surge, series, config),
      opening: {
        ...figuresOf(surge),
        trigger: surge.rule === 'warm-up' ? 'warm-up' : 'spike',
        rule: surge.rule,
        ...observed,
        ...(surge.rule === 'warm-up' && { threshold: surge.threshold }),
        themes: surge.themes,
      },
      surgeLevel: surge.negative,
    };
  }
  const top = loud[0];
  if (!top) return undefined;
  const all = [...loud, ...volume.filter((m) => !loud.includes(m))];
  return {
    kind: 'open',
    problem: COMPLAINTS,
    theme: top.analysis?.theme ?? 'other',
    severity: lonePostSeverity(top.author.reach, 0, config),
    reason: `${loudText(top, config)} [theme ${top.analysis?.theme ?? 'other'}]`,
    triggerMentionIds: triggers(all),
    mentionIds: ids,
    firstMentionAt: firstAt(loud),
    opening: { ...loneFigures(loud, config), trigger: 'high-reach', rule: 'lone-post', ...observed, corroboratingAuthors: 0, themes: themesOf(loud) },
    surgeLevel: 0,
  };
}

/**
 * A spike on an open complaints Incident raises it when its size reads more severe than the
 * Incident stands. A new surge of page-worthy size (SEV2 or worse by itself) re-notifies at the
 * Incident's severity, with the numbers, when it is raiseFactor × the level the Incident opened
 * or last rose at, or comes after the brand was back to its normal level: a SEV1 that doubles, or
 * a second wave, is news to its owner. A small blip never re-pages anyone, and a same-severity
 * re-notification comes at most once a window.
 */
function surgeRaise(existing: Incident, surge: SurgeAssessment, config: DetectionConfig): Raise | undefined {
  if (!surge.spike) return undefined;
  const level = existing.surgeLevel ?? existing.opening?.negative ?? existing.negativeCount;
  const newSurge = level === 0 || surge.negative >= config.raiseFactor * level;
  const worse = isMoreSevere(surge.size, existing.severity);
  if (!worse && (surge.size === 'SEV3' || !newSurge || recentlyAlerted(existing, surge.windowEndMs, config))) return undefined;
  const why = !newSurge
    ? ''
    : level > 0
      ? `a new surge: ${formatCount(surge.negative)} negative mentions in the window, ${round1(surge.negative / level)}× the ${formatCount(level)} it last rose at; `
      : 'a new surge after the brand was back to its normal level; ';
  return {
    severity: worse ? surge.size : existing.severity,
    reason: `${why}${surge.summary}${themesText(surge.themes)}`,
    figures: figuresOf(surge),
    surgeLevel: surge.negative,
  };
}

/** Opened, raised or reopened within the last window: a same-severity re-notification waits (one page per window at most). */
function recentlyAlerted(i: Incident, nowMs: number, config: DetectionConfig): boolean {
  const since = nowMs - config.windowMinutes * MINUTE;
  return [i.openedAt, i.reopenedAt, ...i.timeline.filter((e) => e.type === 'raised').map((e) => e.at)].some((at) => at !== undefined && Date.parse(at) > since);
}

function loudRaise(existing: Incident, top: Mention | undefined, config: DetectionConfig): Raise | undefined {
  if (!top) return undefined;
  const severity = lonePostSeverity(top.author.reach, 0, config);
  if (!isMoreSevere(severity, existing.severity)) return undefined;
  return { severity, reason: loudText(top, config), figures: loneFigures([top], config) };
}

/** A risk Mention's problem: corroborated by other authors within the window, it is more severe. */
function riskDecision(
  input: DetectionInput,
  category: string,
  mentions: Mention[],
  existing: Incident | undefined,
  previous: Incident | undefined,
): DetectionDecision | undefined {
  const { config, now } = input;
  const recentAuthors = mergeAuthors(existing?.recentAuthors ?? [], mentions, config.windowMinutes);
  const corroborating = Math.max(0, recentAuthors.length - 1);
  const top = [...mentions].sort((a, b) => b.author.reach - a.author.reach)[0]!;
  const severity = lonePostSeverity(top.author.reach, corroborating, config);
  const risks = [...new Set(mentions.flatMap((m) => m.analysis?.risks ?? []).filter((r) => riskCategory(r) === category))];
  const others = corroborating
    ? `; ${corroborating} other author${corroborating === 1 ? '' : 's'} posted the same within ${formatWindow(config.windowMinutes)}`
    : '';
  const text = `risk terms in ${mentions.length} mention${mentions.length === 1 ? '' : 's'}: ${risks.slice(0, 5).join(', ')}${others}`;
  const figures: SurgeFigures = { negative: corroborating + 1, windowMinutes: config.windowMinutes, reach: mentions.reduce((s, m) => s + m.author.reach, 0) };
  const ids = mentions.map((m) => m.id);
  if (existing) {
    const raise = isMoreSevere(severity, existing.severity) ? { severity, reason: text, figures } : undefined;
    return { kind: 'attach', incidentId: existing.id, mentionIds: ids, ...(raise && { raise }), recentAuthors };
  }
  if (previous?.resolvedAt) {
    // Reports written before the resolution were part of what was resolved.
    if (!mentions.some((m) => m.createdAt > previous.resolvedAt!)) return undefined;
    const after = formatWindow(Math.max(1, Math.round((now.getTime() - Date.parse(previous.resolvedAt)) / MINUTE)));
    return {
      kind: 'reopen', incidentId: previous.id, severity: moreSevere(previous.severity, severity),
      reason: `reported again ${after} after it was resolved; ${text}`, figures, mentionIds: ids, surgeLevel: 0, recentAuthors,
    };
  }
  const theme = leadingTheme(themesOf(mentions)) ?? category;
  return {
    kind: 'open',
    problem: category,
    theme,
    severity,
    reason: `${text} [theme ${theme}]`,
    triggerMentionIds: triggers(mentions),
    mentionIds: ids,
    firstMentionAt: firstAt(mentions),
    opening: {
      ...figures, trigger: 'risk', rule: 'lone-post', observedHours: 0, warmupHours: config.warmupHours,
      corroboratingAuthors: corroborating, themes: themesOf(mentions),
    },
    surgeLevel: 0,
    recentAuthors,
  };
}

/** How far back a run's backlog is judged: older windows are history, not news. */
const BACKLOG_MAX_MINUTES = 6 * 60;

/**
 * The worst window the batch's Mentions fell into, not only the one ending now: a run that brings
 * a backlog (a connector that was down, an hourly schedule, a slow run) still sees the surge at its
 * peak. Undefined when the batch reaches no further back than the current window.
 */
function worstWindow(series: BucketSeries, config: DetectionConfig, now: Date, recent: Mention[]): SurgeAssessment | undefined {
  const oldest = Math.min(...recent.map((m) => Date.parse(m.createdAt)).filter((t) => !Number.isNaN(t)));
  const step = config.bucketMinutes * MINUTE;
  const from = Math.max(oldest, now.getTime() - BACKLOG_MAX_MINUTES * MINUTE);
  if (!Number.isFinite(from) || from >= now.getTime() - step) return undefined;
  const score = (a: SurgeAssessment) => (a.spike ? 1e9 : 0) + SEVERITY_ORDER.indexOf(a.size) * 1e6 + a.negative;
  let worst: SurgeAssessment | undefined;
  for (let end = bucketFloor(from, config.bucketMinutes) + step; end <= now.getTime(); end += step) {
    const a = assessWindow(series, config, end);
    if (!worst || score(a) > score(worst)) worst = a;
  }
  const atNow = assessSurge(series, config, now);
  return worst && score(worst) > score(atNow) ? worst : atNow;
}

const SEVERITY_ORDER = ['SEV3', 'SEV2', 'SEV1'] as const;

/** A single Mention that opens an Incident on its own: far-reaching and negative, or risky. */
export function singleTrigger(m: Mention, config: DetectionConfig, now?: Date): 'high-reach' | 'risk' | undefined {
  if (!m.analysis || m.author.isBrand) return undefined;
  const maxAge = Math.max(config.windowMinutes, SINGLE_TRIGGER_MAX_AGE_MINUTES) * MINUTE;
  if (now && now.getTime() - Date.parse(m.createdAt) > maxAge) return undefined;
  // A risk term in praise ("great talk on preventing data breaches") is not a crisis.
  if (riskOf(m) && m.analysis.sentiment !== 'POSITIVE') return 'risk';
  if (isNegative(m) && m.author.reach >= config.highReach) return 'high-reach';
  return undefined;
}

/** Gravest first: harm to people before harm to the brand. */
const RISK_ORDER = ['safety', 'security', 'discrimination', 'legal'];

/** The gravest risk category the Mention carries ("burned my hand ... talking to a lawyer" is a safety problem). */
function riskOf(m: Mention): string | undefined {
  const categories = (m.analysis?.risks ?? []).map(riskCategory).filter((c): c is NonNullable<typeof c> => !!c);
  return categories.sort((a, b) => rank(a) - rank(b))[0];
}

const rank = (c: string): number => (RISK_ORDER.includes(c) ? RISK_ORDER.indexOf(c) : RISK_ORDER.length);

/** Distinct authors within one window before the newest report (post times, so a late run sees the same). */
function mergeAuthors(known: RecentAuthor[], mentions: Mention[], windowMinutes: number): RecentAuthor[] {
  const latest = new Map<string, string>();
  for (const a of known) latest.set(a.handle, a.at);
  for (const m of mentions) {
    const h = handle(m);
    if ((latest.get(h) ?? '') < m.createdAt) latest.set(h, m.createdAt);
  }
  const newest = Math.max(...[...latest.values()].map((at) => Date.parse(at)));
  return [...latest]
    .filter(([, at]) => Date.parse(at) >= newest - windowMinutes * MINUTE)
    .sort((a, b) => b[1].localeCompare(a[1]))
    .slice(0, MAX_RECENT_AUTHORS)
    .map(([h, at]) => ({ handle: h, at }));
}

/** At most MAX_TRIGGER_IDS, most-reached first, each source represented (policies filter on sources). */
function triggers(mentions: Mention[]): string[] {
  const byReach = [...mentions].sort((a, b) => b.author.reach - a.author.reach);
  const firstPerSource = new Map<string, Mention>();
  for (const m of byReach) if (!firstPerSource.has(m.sourceId)) firstPerSource.set(m.sourceId, m);
  const picked = [...firstPerSource.values(), ...byReach.filter((m) => firstPerSource.get(m.sourceId) !== m)];
  return picked.slice(0, MAX_TRIGGER_IDS).map((m) => m.id);
}

export function themesOf(mentions: readonly Mention[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of mentions) counts[m.analysis?.theme ?? 'other'] = (counts[m.analysis?.theme ?? 'other'] ?? 0) + 1;
  return addThemes({}, counts);
}

function loneFigures(loud: Mention[], config: DetectionConfig): SurgeFigures {
  return { negative: loud.length, windowMinutes: config.windowMinutes, reach: loud.reduce((s, m) => s + m.author.reach, 0) };
}

const handle = (m: Mention): string => m.author.handle.replace(/^@/, '');

function loudText(top: Mention, config: DetectionConfig): string {
  const bar = top.author.reach >= config.severity.loneReach ? config.severity.loneReach : config.highReach;
  return `negative mention by @${handle(top)} with reach ${formatCount(top.author.reach)} (≥ ${formatCount(bar)})`;
}

/** " [themes product-defect 30, delivery 8, billing 2]": a surge's breakdown, biggest first. */
function themesText(themes: Record<string, number>): string {
  const top = Object.entries(themes).sort((a, b) => b[1] - a[1]).slice(0, 4);
  return top.length ? ` [themes ${top.map(([t, n]) => `${t} ${n}`).join(', ')}]` : '';
}

function firstAt(mentions: Mention[], spike?: SurgeAssessment, series?: BucketSeries, config?: DetectionConfig): string {
  const times = mentions.map((m) => Date.parse(m.createdAt)).filter((t) => !Number.isNaN(t));
  if (spike && series && config) {
    // The first bucket of the window above its share of the baseline is where the rise began.
    const perBucket = (spike.baseline?.center ?? 0) * (config.bucketMinutes / spike.windowMinutes);
    const first = series.buckets(spike.windowStartMs, spike.windowEndMs).find((b) => b.negative > perBucket);
    if (first) times.push(Date.parse(first.bucketStart));
  }
  return new Date(times.length ? Math.min(...times) : spike?.windowStartMs ?? 0).toISOString();
}
