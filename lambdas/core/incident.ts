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
  | 'mention-attached'
  | 'severity-raised'
  | 'notified'
  | 'notify-failed'
  | 'escalated'
  | 'acknowledged'
  | 'snoozed'
  | 'reminded'
  | 'resolution-proposed'
  | 'resolved'
  | 'flow-failed';

export interface TimelineEvent {
  at: string;
  type: TimelineEventType;
  /** Who did it: an Owner's email, or "crisis-desk". */
  actor?: string;
  level?: number;
  detail?: string;
  /** The Incident's severity after the event (opened, raised, reopened, notified, reminded). */
  severity?: Severity;
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
  /** brand#theme: one open Incident per fingerprint. */
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
  triggerMentionIds: string[];
  mentionCount: number;
  negativeCount: number;
  reach: number;
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

export const incidentFingerprint = (brand: string, theme: string): string => `${brand}#${theme}`;

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
