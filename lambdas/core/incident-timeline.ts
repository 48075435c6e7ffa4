/**
 * The Incident's timeline read for people: every place that turns timeline events into words
 * or facts (the post-mortem, the incident page, the resolve form, "What to change") goes through
 * this module, so the event types map to meaning in one place.
 */
import { SEVERITIES, type Incident, type Severity, type TimelineEvent } from './incident.ts';
import { personName, type Person } from './people.ts';
import { plainReason } from './plain-reason.ts';
import { acknowledgedAt, resolvedAt } from './report/metrics.ts';

/** One line of a timeline as a reader sees it. */
export interface TimelineEntry {
  at: string;
  /** What happened, in words ("Level 2 paged: Sam Okafor", "Acknowledged by Sam Okafor"). */
  label: string;
  /** Who: an Owner's name where the config knows the email. */
  actor?: string;
  detail?: string;
}

const who = (owners: readonly Person[], actor: string | undefined): string | undefined =>
  actor && actor !== 'crisis-desk' ? personName(owners, actor) : undefined;

export interface SeverityChange {
  at: string;
  from?: Severity;
  to: Severity;
  /** The detector's reason for the change, when it gave one. */
  reason?: string;
}

const isSeverity = (s: string | undefined): s is Severity => (SEVERITIES as readonly string[]).includes(s ?? '');

/** Raises in time order: `raised` events carry from, severity and the reason; older ones a detail "SEV2 → SEV1: <reason>". */
export function severityChanges(incident: Pick<Incident, 'timeline' | 'severity'>): SeverityChange[] {
  return incident.timeline
    .filter((e) => e.type === 'raised' || e.type === 'severity-raised')
    .map((e) => {
      if (e.severity) return { at: e.at, ...(e.from && { from: e.from }), to: e.severity, ...(e.detail && { reason: e.detail }) };
      const m = /^(SEV\d)\s*→\s*(SEV\d)(?::\s*(.*))?$/s.exec(e.detail ?? '');
      const from = m?.[1];
      const to = m?.[2];
      return {
        at: e.at,
        ...(isSeverity(from) && { from }),
        to: isSeverity(to) ? to : incident.severity,
        ...(m?.[3] ? { reason: m[3] } : !m && e.detail ? { reason: e.detail } : {}),
      };
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** The severity the Incident opened at (recorded since openedSeverity exists; before its first raise for older ones). */
export function openedSeverity(incident: Pick<Incident, 'timeline' | 'severity'> & { openedSeverity?: Severity }): Severity {
  return incident.openedSeverity ?? severityChanges(incident)[0]?.from ?? incident.severity;
}

/** The timeline a reader needs, one line per moment: attachments left out, reminders folded, an escalation and its page on one line. */
export function timelineEntries(i: Incident, owners: readonly Person[]): TimelineEntry[] {
  const events: TimelineEvent[] = [...i.timeline];
  const has = (type: TimelineEvent['type']) => events.some((e) => e.type === type);
  // Older or partial timelines: the Incident's own fields still tell these moments.
  if (!has('first-mention')) events.push({ at: i.firstMentionAt, type: 'first-mention' });
  if (!has('opened')) events.push({ at: i.openedAt, type: 'opened' });
  const ack = acknowledgedAt(i);
  if (ack && !has('acknowledged')) events.push({ at: ack, type: 'acknowledged', actor: i.acknowledgedBy });
  const resolved = resolvedAt(i);
  if (resolved && !has('resolved')) events.push({ at: resolved, type: 'resolved', actor: i.resolution?.resolvedBy });

  const sorted = events
    .map((e, index) => ({ e, index }))
    .sort((a, b) => Date.parse(a.e.at) - Date.parse(b.e.at) || a.index - b.index)
    .map(({ e }) => e);

  const entries: TimelineEntry[] = [];
  const opened = openedSeverity(i);
  let reminders = 0;
  let escalatedTo: number | undefined;
  const paged = new Set<number>();
  for (const e of sorted) {
    const actor = who(owners, e.actor);
    const level = e.level ?? 1;
    let label: string | undefined;
    let detail: string | undefined;
    switch (e.type) {
      case 'first-mention':
        label = 'First mention';
        break;
      case 'opened':
        label = `Incident opened at ${opened}`;
        break;
      case 'raised':
      case 'severity-raised': {
        const change = severityChanges({ timeline: [e], severity: i.severity })[0]!;
        label = change.from === change.to ? `New surge: level paged again at ${change.to}` : `Raised${change.from ? ` from ${change.from}` : ''} to ${change.to}`;
        if (change.reason) detail = plainReason(change.reason);
        break;
      }
      case 'reopened':
        // One story: the same Incident opens again, and its escalation starts again at level 1.
        label = `Reopened${e.severity ? ` at ${e.severity}` : ''}: it flared up again after the resolution`;
        if (e.detail) detail = plainReason(e.detail);
        break;
      case 'escalated':
        // Folded into the page it led to.
        escalatedTo = level;
        continue;
      case 'notified': {
        const at = /at (SEV\d)$/.exec(e.detail ?? '')?.[1];
        const again = paged.has(level) && escalatedTo !== level;
        paged.add(level);
        const last = entries.at(-1);
        // The first page goes out as the Incident opens: one line for both.
        if (last && sorted[sorted.indexOf(e) - 1]?.type === 'opened' && last.at === e.at && level === 1 && !again) {
          last.label += `; level 1 paged${actor ? `: ${actor}` : ''}`;
          continue;
        }
        label = again
          ? `Level ${level} paged again${at ? ` at ${at}` : ''}${actor ? `: ${actor}` : ''}`
          : `Level ${level} paged${escalatedTo === level ? ' after no answer' : ''}${actor ? `: ${actor}` : ''}`;
        break;
      }
      case 'notify-failed':
        label = `Page to level ${e.level ?? '?'} failed`;
        detail = e.detail;
        break;
      case 'acknowledged':
        label = `Acknowledged${actor ? ` by ${actor}` : ''}`;
        detail = e.detail;
        break;
      case 'snoozed':
        label = `Snoozed${actor ? ` by ${actor}` : ''}`;
        break;
      case 'reminded': {
        // One event may stand for many reminders (the Incident folds repeats into a count).
        const before = reminders;
        reminders += e.count ?? 1;
        if (before > 0 && entries.at(-1)) {
          entries.at(-1)!.label = `${reminders} reminders sent${actor ? ` to ${actor}` : ''}`;
          continue;
        }
        label = reminders > 1 ? `${reminders} reminders sent${actor ? ` to ${actor}` : ''}` : `Reminder sent${actor ? ` to ${actor}` : ''}`;
        break;
      }
      case 'proposed-resolution':
      case 'resolution-proposed':
        label = 'Quiet: resolution proposed';
        detail = e.detail;
        break;
      case 'resolved':
        label = `Resolved${actor ? ` by ${actor}` : ''}`;
        break;
      case 'flow-failed':
        label = 'Escalation flow failed';
        detail = e.detail;
        break;
      default:
        continue;
    }
    if (e.type !== 'reminded') reminders = 0;
    if (e.type !== 'notified') escalatedTo = undefined;
    entries.push({ at: e.at, label, ...(actor && { actor }), ...(detail && { detail }) });
  }
  return entries;
}

/** One page: the Level (or everyone) emailed at one moment, and who got it. */
export interface Page {
  at: string;
  level: number;
  /** The severity the page went out at, when the timeline says. */
  severity?: Severity;
  /** "level 2", "level 1 (repeat 1)", "everyone". */
  position: string;
  /** The recipients' email addresses. */
  to: string[];
  reminder: boolean;
}

/** Every page and reminder, in time order: the notified / reminded events of one moment and Level are one page. */
export function pagesOf(i: Pick<Incident, 'timeline'>): Page[] {
  const pages: Page[] = [];
  for (const e of [...i.timeline].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))) {
    if (e.type !== 'notified' && e.type !== 'reminded') continue;
    const reminder = e.type === 'reminded';
    const level = e.level ?? 1;
    const same = pages.find((p) => p.at === e.at && p.level === level && p.reminder === reminder);
    if (same) {
      if (e.actor && !same.to.includes(e.actor)) same.to.push(e.actor);
      continue;
    }
    const m = /^(.*) at (SEV\d)$/.exec(e.detail ?? '');
    const severity = (SEVERITIES as readonly string[]).includes(m?.[2] ?? '') ? (m![2] as Severity) : undefined;
    pages.push({ at: e.at, level, ...(severity && { severity }), position: m?.[1] ?? `level ${level}`, to: e.actor ? [e.actor] : [], reminder });
  }
  return pages;
}

/** A person answering a page: acknowledging, snoozing or resolving it (never crisis-desk itself). */
export interface Answer {
  at: string;
  type: 'acknowledged' | 'snoozed' | 'resolved';
  actor: string;
}

export function answersOf(i: Pick<Incident, 'timeline'>): Answer[] {
  return i.timeline
    .filter((e): e is TimelineEvent & { type: Answer['type']; actor: string } =>
      (e.type === 'acknowledged' || e.type === 'snoozed' || e.type === 'resolved') && !!e.actor && e.actor !== 'crisis-desk')
    .map((e) => ({ at: e.at, type: e.type, actor: e.actor }))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
