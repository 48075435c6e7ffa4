/** An Incident: a brand's community turning on it, owned by a named human until resolved. */
import type { AlertClassification } from './alert-verdict.ts';

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** SEV1 is the worst; a lower rank is more severe. */
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);
export const isMoreSevere = (a: Severity, b: Severity): boolean => severityRank(a) < severityRank(b);

export type IncidentStatus = 'open' | 'acknowledged' | 'resolved';

export type TimelineEventType =
  | 'first-mention'
  | 'opened'
  | 'raised'
  | 'reopened'
  | 'notified'
  | 'notify-failed'
  | 'escalated'
  | 'acknowledged'
  | 'snoozed'
  | 'reminded'
  | 'proposed-resolution'
  | 'resolved'
  | 'flow-failed'
  // Read, never written: timelines stored before raises and proposals got their current names.
  | 'severity-raised'
  | 'resolution-proposed';

/** The numbers behind an opening, a raise or a reopening, so emails and post-mortems can quote them. */
export interface SurgeFigures {
  /** Negative Mentions in the window (for a lone post: it and the posts corroborating it). */
  negative: number;
  windowMinutes: number;
  /** The reach of those negative Mentions. */
  reach: number;
  /** The brand's own baseline for the window, when it was trusted. */
  baseline?: { center: number; spread: number };
  /** Robust standard deviations above the baseline. */
  sigma?: number;
  /** The window's negatives over the baseline's centre (a centre under 1 counts as 1). */
  ratio?: number;
}

export interface TimelineEvent {
  at: string;
  type: TimelineEventType;
  /** Who did it: an Owner's email, or "crisis-desk". */
  actor?: string;
  level?: number;
  detail?: string;
  /** The Incident's severity after the event (opened, raised, reopened, notified, reminded). */
  severity?: Severity;
  /** raised: the severity before it (the same when a new surge re-notifies at SEV1). */
  from?: Severity;
  /** opened, raised, reopened: the numbers that decided it. */
  figures?: SurgeFigures;
  /** Repeats folded into this one event (reminders, failed sends, snoozes): how many in all, and when the last was. */
  count?: number;
  lastAt?: string;
}

export interface RecentAuthor {
  handle: string;
  /** ISO time of their latest Mention. */
  at: string;
}

/** Which detection rule judged a window, or that no window was needed (a post alone). */
export type DetectionRule = 'baseline' | 'warm-up' | 'lone-post';

/** The figures when the Incident opened: they never change (the running totals live on the Incident). */
export interface IncidentOpening extends SurgeFigures {
  trigger: 'spike' | 'warm-up' | 'high-reach' | 'risk';
  /**
   * 'baseline': the brand's own baseline was trusted; 'warm-up': the brand had been observed for
   * fewer than warmupHours of the baseline window, so an absolute threshold decided;
   * 'lone-post': one post's reach or risk decided.
   */
  rule: DetectionRule;
  /** Hours of the baseline window in which the brand was observed (had any Mention), and how many the baseline needs. */
  observedHours: number;
  warmupHours: number;
  /** warm-up: the absolute threshold the window's negatives met. */
  threshold?: number;
  /** lone-post: other authors who posted the same problem within the window. */
  corroboratingAuthors?: number;
  /** The window's negative Mentions by theme. */
  themes: Record<string, number>;
}

export interface ActionItem {
  text: string;
  owner: string;
  /** YYYY-MM-DD */
  due?: string;
  status: 'open' | 'done';
  closedAt?: string;
}

/** What the resolver wrote: it feeds the PostMortem. */
export interface Resolution {
  /** Was the alert real? Absent on resolutions from before the question, and on auto-resolved Incidents. */
  alert?: AlertClassification;
  /** Required for a real alert; may be empty for a false alarm or a duplicate. */
  rootCause: string;
  trigger?: string;
  whatHelped?: string;
  wentWell?: string;
  wentBadly?: string;
  lucky?: string;
  actionItems: ActionItem[];
  resolvedBy: string;
}

export interface Incident {
  id: string;
  brand: string;
  theme: string;
  /**
   * What the Incident is about: 'complaints' (the brand's negative volume, whatever its themes)
   * or a risk category (safety, legal, security, discrimination), a distinct problem of its own.
   */
  problem?: string;
  /** brand#problem: one open Incident per fingerprint; a flare-up soon after resolution reopens it. */
  fingerprint: string;
  severity: Severity;
  /** The severity it opened at (severity only rises while it is open). */
  openedSeverity?: Severity;
  status: IncidentStatus;
  /** ISO times. */
  firstMentionAt: string;
  openedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  resolvedAt?: string;
  /** Why it opened, with the numbers, e.g. "46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ)". */
  reason: string;
  /** The figures at opening; `mentionCount`, `negativeCount`, `reach` and `themes` are the running totals. */
  opening?: IncidentOpening;
  /** The Mentions that opened it, most-reached first, at most MAX_TRIGGER_IDS (all its Mentions: the byIncident index). */
  triggerMentionIds: string[];
  mentionCount: number;
  negativeCount: number;
  reach: number;
  /** Negative Mentions by theme, so far (at most MAX_THEMES themes; the rest count as "other"). */
  themes?: Record<string, number>;
  /** The window's negatives when it opened or last rose: a new surge must be well above it to raise again. */
  surgeLevel?: number;
  /** The newest attached Mention's time (ISO). */
  lastMentionAt?: string;
  /** How many times it was reopened, and the last time. */
  reopenCount?: number;
  reopenedAt?: string;
  /** A risk Incident's authors within the last window (at most 20), so corroboration by other authors is seen across runs. */
  recentAuthors?: RecentAuthor[];
  /** Timeline events dropped to keep the item bounded (the oldest pages and reminders go first). */
  foldedEvents?: number;
  /** The escalation Level now notified (1-based; 0 before the first notification). */
  level: number;
  /** Everyone paged so far, so acknowledgement and resolution can tell them all. */
  notified: string[];
  /** The task token of the notification the flow is waiting on. */
  taskToken?: string;
  snoozedUntil?: string;
  resolution?: Resolution;
  /**
   * Who was emailed for the current page (`task`: the flow's page id, or a digest of the task
   * token, never the token itself), so a retried notification never emails anyone twice.
   */
  delivery?: { task: string; to: string[] };
  /** Set when the escalation flow failed: the Incident is no longer being escalated (an alarm fired). */
  flowFailedAt?: string;
  /**
   * The source batches (`<source>#<batch>`) whose Mentions it has counted, the latest few: a batch
   * finished again after a crash adds nothing twice.
   */
  countedBatches?: string[];
  /** A fire drill (`crisis-desk drill`): escalated for real, never counted in KPIs or PostMortems. */
  drill?: boolean;
  /** Nonces of the signed action links already used: each link works once. */
  usedLinks?: string[];
  timeline: TimelineEvent[];
  /** Optimistic-locking version: every write checks and bumps it. */
  version: number;
}

export const incidentFingerprint = (brand: string, problem: string): string => `${brand}#${problem}`;

/** The brand-wide problem: its negative volume, whatever the themes. */
export const COMPLAINTS = 'complaints';

/** The escalation flow's execution name: the Incident id, then `<id>-r<n>` after the n-th reopening (a name is never reused). */
export const escalationName = (i: Pick<Incident, 'id' | 'reopenCount'>): string => (i.reopenCount ? `${i.id}-r${i.reopenCount}` : i.id);

/** Bounds that keep an Incident item far below DynamoDB's 400 KB, whatever happens. */
export const MAX_TRIGGER_IDS = 20;
export const MAX_THEMES = 20;
export const MAX_TIMELINE = 150;
export const MAX_DETAIL = 600;

/** Repeats of these are folded into one event with a count: days of hourly reminders stay one line each. */
const REPEATING: ReadonlySet<TimelineEventType> = new Set(['reminded', 'notify-failed', 'snoozed', 'proposed-resolution']);
/** What goes first when the timeline is full: the story (opened, raised, reopened, acknowledged, resolved) stays. */
const FOLDABLE: ReadonlySet<TimelineEventType> = new Set([...REPEATING, 'notified', 'escalated']);

/**
 * Adds an event to the timeline, bounded: a repeat of a reminder (same type, who and Level) among the
 * latest repeating events is counted into it, a long detail is clipped, and past MAX_TIMELINE events
 * the oldest foldable one is dropped and counted in `foldedEvents`.
 */
export function recordEvent(incident: Incident, event: TimelineEvent): void {
  const e: TimelineEvent = event.detail && event.detail.length > MAX_DETAIL ? { ...event, detail: `${event.detail.slice(0, MAX_DETAIL - 1)}…` } : event;
  if (REPEATING.has(e.type)) {
    for (let k = incident.timeline.length - 1; k >= 0 && REPEATING.has(incident.timeline[k]!.type); k--) {
      const same = incident.timeline[k]!;
      if (same.type !== e.type || same.actor !== e.actor || same.level !== e.level) continue;
      Object.assign(same, { count: (same.count ?? 1) + 1, lastAt: e.at, ...(e.detail && { detail: e.detail }), ...(e.severity && { severity: e.severity }) });
      return;
    }
  }
  incident.timeline.push(e);
  while (incident.timeline.length > MAX_TIMELINE) {
    const oldest = incident.timeline.findIndex((t) => FOLDABLE.has(t.type));
    if (oldest < 0) break;
    incident.timeline.splice(oldest, 1);
    incident.foldedEvents = (incident.foldedEvents ?? 0) + 1;
  }
}

/**
 * Opens a resolved Incident again: a new life with its own escalation (escalationName changes, the
 * flow starts at Level 1), the severity given, and a 'reopened' event with the numbers. The first
 * acknowledgement and the earlier resolution's action items stay on record.
 */
export function markReopened(i: Incident, at: string, change: { severity: Severity; reason: string; figures?: SurgeFigures; surgeLevel?: number }): void {
  i.status = 'open';
  i.reopenCount = (i.reopenCount ?? 0) + 1;
  i.reopenedAt = at;
  i.severity = change.severity;
  i.level = 0;
  if (change.surgeLevel !== undefined) i.surgeLevel = change.surgeLevel;
  delete i.resolvedAt;
  delete i.taskToken;
  delete i.snoozedUntil;
  delete i.delivery;
  delete i.flowFailedAt;
  recordEvent(i, { at, type: 'reopened', actor: 'crisis-desk', severity: change.severity, detail: change.reason, ...(change.figures && { figures: change.figures }) });
}

/** Adds counts by theme into `into`, keeping at most MAX_THEMES themes (the smallest newcomers count as "other"). */
export function addThemes(into: Record<string, number>, counts: Record<string, number>): Record<string, number> {
  for (const [theme, n] of Object.entries(counts)) {
    if (!n) continue;
    const key = theme in into || Object.keys(into).length < MAX_THEMES - 1 || theme === 'other' ? theme : 'other';
    into[key] = (into[key] ?? 0) + n;
  }
  return into;
}

/** The theme with the most negative Mentions; a named theme wins a tie with "other". */
export function leadingTheme(counts: Record<string, number>): string | undefined {
  return Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] === 'other' ? 1 : b[0] === 'other' ? -1 : 0))[0]?.[0];
}

export class IncidentNotFoundError extends Error {
  constructor(readonly incidentId: string) {
    super(`Incident ${incidentId} not found`);
    this.name = 'IncidentNotFoundError';
  }
}

export class IncidentAlreadyResolvedError extends Error {
  constructor(readonly incidentId: string) {
    super(`Incident ${incidentId} is already resolved`);
    this.name = 'IncidentAlreadyResolvedError';
  }
}

export class ConcurrentUpdateError extends Error {
  constructor(readonly incidentId: string) {
    super(`Incident ${incidentId} changed while it was being updated`);
    this.name = 'ConcurrentUpdateError';
  }
}
