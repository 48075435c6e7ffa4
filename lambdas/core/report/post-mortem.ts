/**
 * A blameless PostMortem from one Incident: what happened and when, what it cost, what the
 * resolver learned, and facts the timeline shows on its own (never acknowledged, escalated).
 * It shows the Incident as it stands when the report is built, so a late resolution still
 * lands in the week's report with its root cause.
 */
import { DateTime } from 'luxon';
import type { Incident, TimelineEvent } from '../incident.ts';
import { doneBy, acknowledgedAt, resolvedAt, minutesBetween, timeToDetect } from './metrics.ts';
import { formatLocalTime, formatMinutes, formatCount, plural } from './format.ts';
import { within, type ReportWeek } from './week.ts';
import type { MinorIncident, PostMortem, ReportActionItem, TimelineEntry } from './weekly-report.ts';

export interface PostMortemContext {
  week: ReportWeek;
  /** When the report is built: the end of an ongoing Incident's duration so far. */
  generatedAt: string;
  brandNames: ReadonlyMap<string, string>;
  /** Owner email → name, so the timeline says who, not which address. */
  ownerNames: ReadonlyMap<string, string>;
}

/** An Incident belongs in the week when it was open at any moment of it. */
export const activeInWeek = (i: Incident, week: ReportWeek): boolean => {
  const resolved = resolvedAt(i);
  return Date.parse(i.openedAt) < Date.parse(week.to) && (!resolved || Date.parse(resolved) >= Date.parse(week.from));
};

const LABELS: Partial<Record<TimelineEvent['type'], (e: TimelineEvent) => string>> = {
  'first-mention': () => 'First mention',
  opened: () => 'Detected: Incident opened',
  'severity-raised': () => 'Severity raised',
  notified: (e) => `Level ${e.level ?? 1} notified`,
  'notify-failed': (e) => `Notification to level ${e.level ?? '?'} failed`,
  escalated: (e) => `Escalated to level ${e.level ?? '?'}`,
  acknowledged: () => 'Acknowledged',
  snoozed: () => 'Snoozed',
  reminded: () => 'Reminder sent',
  'resolution-proposed': () => 'Resolution proposed',
  resolved: () => 'Resolved',
  'flow-failed': () => 'Escalation flow failed',
};

/** The timeline a reader needs: attachments left out, runs of reminders folded into one line. */
export function postMortemTimeline(i: Incident, ownerNames: ReadonlyMap<string, string>): TimelineEntry[] {
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
  let reminders = 0;
  for (const e of sorted) {
    const label = LABELS[e.type];
    if (!label) continue;
    if (e.type === 'reminded') {
      reminders += 1;
      const last = entries[entries.length - 1];
      if (reminders > 1 && last) {
        last.label = `Reminders sent (${reminders})`;
        continue;
      }
    } else {
      reminders = 0;
    }
    const actor = e.actor && e.actor !== 'crisis-desk' ? (ownerNames.get(e.actor.toLowerCase()) ?? e.actor) : undefined;
    const detail = e.type === 'opened' ? (e.detail ?? i.reason) : e.detail;
    entries.push({ at: e.at, label: label(e), ...(actor && { actor }), ...(detail && { detail }) });
  }
  return entries;
}

/** The highest level notified before the acknowledgement (or ever, when there was none). */
export function levelsNotifiedBeforeAck(i: Incident): number {
  const ack = acknowledgedAt(i);
  const cutoff = ack ? Date.parse(ack) : Number.POSITIVE_INFINITY;
  const levels = i.timeline
    .filter((e) => (e.type === 'notified' || e.type === 'escalated') && Date.parse(e.at) <= cutoff)
    .map((e) => e.level ?? 1);
  // No notification events (an older timeline): the Incident's current level is the best record.
  return levels.length ? Math.max(...levels) : i.level;
}

/** Action items with their state at the end of the week. */
export function actionItemsOf(i: Incident, week: ReportWeek): ReportActionItem[] {
  const nextMonday = DateTime.fromISO(week.end).plus({ days: 1 });
  return (i.resolution?.actionItems ?? []).map((item) => {
    const open = !doneBy(item, week.to);
    const due = item.due ? DateTime.fromISO(item.due) : undefined;
    const overdue = open && !!due?.isValid && due < nextMonday;
    return {
      ...item,
      incidentId: i.id,
      overdue,
      daysOverdue: overdue && due ? Math.max(1, Math.round(nextMonday.diff(due, 'days').days)) : 0,
    };
  });
}

function observations(i: Incident, ctx: PostMortemContext): string[] {
  const notes: string[] = [];
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const detect = timeToDetect(i);
  if (detect >= 60) notes.push(`Detected ${formatMinutes(detect)} after the first mention.`);
  const levels = levelsNotifiedBeforeAck(i);
  if (!ack && resolved) notes.push('Never acknowledged: it was resolved without anyone owning it through the escalation.');
  else if (!ack) notes.push(`Not acknowledged yet: ${levels > 0 ? `${plural(levels, 'level')} notified so far` : 'nobody has been notified'}.`);
  else if (levels > 1) notes.push(`Acknowledged only at level ${levels}: the earlier ${levels === 2 ? 'level' : 'levels'} did not respond in time.`);
  else notes.push(`Acknowledged at level 1 in ${formatMinutes(minutesBetween(i.openedAt, ack))}.`);
  const failed = i.timeline.filter((e) => e.type === 'notify-failed').length;
  if (failed) notes.push(`${plural(failed, 'notification')} failed to send.`);
  if (i.timeline.some((e) => e.type === 'severity-raised')) notes.push(`Severity rose while it was open (now ${i.severity}).`);
  if (i.timeline.some((e) => e.type === 'flow-failed')) notes.push('The escalation flow failed: check the state machine alarms.');
  if (!resolved) notes.push(`Still open when this report was built (${formatMinutes(minutesBetween(i.openedAt, ctx.generatedAt))} so far).`);
  return notes;
}

function summary(i: Incident, ctx: PostMortemContext): string {
  const tz = ctx.week.timeZone;
  const brand = ctx.brandNames.get(i.brand) ?? i.brand;
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const owner = i.acknowledgedBy ? (ctx.ownerNames.get(i.acknowledgedBy.toLowerCase()) ?? i.acknowledgedBy) : undefined;
  const parts = [
    `${i.severity} ${i.theme} incident for ${brand}, opened ${formatLocalTime(i.openedAt, tz)}` +
      ` with ${plural(i.negativeCount, 'negative mention')} reaching ${formatCount(i.reach)} people.`,
    ack
      ? `Acknowledged after ${formatMinutes(minutesBetween(i.openedAt, ack))}${owner ? ` by ${owner}` : ''}.`
      : 'Never acknowledged.',
    resolved ? `Resolved after ${formatMinutes(minutesBetween(i.openedAt, resolved))}.` : 'Still open.',
  ];
  return parts.join(' ');
}

export function postMortem(i: Incident, ctx: PostMortemContext): PostMortem {
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const r = i.resolution;
  return {
    incidentId: i.id,
    brand: i.brand,
    brandName: ctx.brandNames.get(i.brand) ?? i.brand,
    theme: i.theme,
    severity: i.severity,
    status: i.status,
    carriedOver: !within(i.openedAt, ctx.week.from, ctx.week.to),
    summary: summary(i, ctx),
    reason: i.reason,
    impact: {
      mentions: i.mentionCount,
      negativeMentions: i.negativeCount,
      reach: i.reach,
      durationMinutes: Math.max(0, minutesBetween(i.openedAt, resolved ?? ctx.generatedAt)),
      ongoing: !resolved,
    },
    timeToDetectMinutes: timeToDetect(i),
    timeToAcknowledgeMinutes: ack ? minutesBetween(i.openedAt, ack) : null,
    timeToResolveMinutes: resolved ? minutesBetween(i.openedAt, resolved) : null,
    levelsNotified: levelsNotifiedBeforeAck(i),
    timeline: postMortemTimeline(i, ctx.ownerNames),
    ...(r && {
      rootCause: r.rootCause,
      trigger: r.trigger,
      whatHelped: r.whatHelped,
      wentWell: r.wentWell,
      wentBadly: r.wentBadly,
      lucky: r.lucky,
      resolvedBy: ctx.ownerNames.get(r.resolvedBy.toLowerCase()) ?? r.resolvedBy,
    }),
    observations: observations(i, ctx),
    actionItems: actionItemsOf(i, ctx.week),
  };
}

/** A SEV3 Incident in one line. */
export function minorIncident(i: Incident, ctx: PostMortemContext): MinorIncident {
  const brandName = ctx.brandNames.get(i.brand) ?? i.brand;
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const bits = [
    `${brandName} · ${i.theme}: ${plural(i.mentionCount, 'mention')}, opened ${formatLocalTime(i.openedAt, ctx.week.timeZone)}`,
    ack ? `acknowledged in ${formatMinutes(minutesBetween(i.openedAt, ack))}` : 'never acknowledged',
    resolved ? `resolved in ${formatMinutes(minutesBetween(i.openedAt, resolved))}` : 'still open',
  ];
  if (i.resolution?.rootCause) bits.push(`root cause: ${i.resolution.rootCause}`);
  return {
    incidentId: i.id,
    brandName,
    theme: i.theme,
    openedAt: i.openedAt,
    status: i.status,
    mentions: i.mentionCount,
    line: bits.join(', '),
  };
}
