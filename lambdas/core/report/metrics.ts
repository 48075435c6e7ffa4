/**
 * The week's numbers, from counter buckets and Incidents only (never from mentions).
 * Each number counts what happened inside the week: incidents opened in it, acknowledgements
 * and resolutions made in it. A rebuilt report of a past week therefore shows the same
 * numbers it showed on the Monday it was sent.
 */
import { SEVERITIES, type Incident, type Severity } from '../incident.ts';
import type { CounterBucket } from '../ports.ts';
import { within, type ReportWeek } from './week.ts';
import type { MeanDuration, SeverityTimes, WeekMetrics } from './weekly-report.ts';

const MINUTE_MS = 60_000;

export const minutesBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / MINUTE_MS;

const mean = (values: number[]): MeanDuration => ({
  minutes: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
  n: values.length,
});

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** When the Incident was acknowledged, if ever (a resolve without an acknowledgement does not count). */
export const acknowledgedAt = (i: Incident): string | undefined =>
  i.acknowledgedAt ?? i.timeline.find((e) => e.type === 'acknowledged')?.at;

/** When it was resolved for good: a reopened Incident that is open again is not resolved, whatever its timeline says. */
export const resolvedAt = (i: Incident): string | undefined =>
  i.status !== 'resolved' ? undefined : (i.resolvedAt ?? i.timeline.findLast((e) => e.type === 'resolved')?.at);

/** Time to detect: first triggering mention → opened, never negative (clock skew between sources). */
export const timeToDetect = (i: Incident): number => Math.max(0, minutesBetween(i.firstMentionAt, i.openedAt));

/**
 * Escalations past level 1 in [from, to): the timeline's 'escalated' events. Where an Incident
 * has none (an older flow recorded only notifications), notifications of level 2+ stand in.
 */
export function escalationsBetween(i: Incident, from: string, to: string): number {
  const inWindow = i.timeline.filter((e) => within(e.at, from, to));
  const escalated = i.timeline.some((e) => e.type === 'escalated')
    ? inWindow.filter((e) => e.type === 'escalated' && (e.level ?? 2) > 1)
    : inWindow.filter((e) => e.type === 'notified' && (e.level ?? 1) > 1);
  return escalated.length;
}

/** An action item's status at an instant: done only if it was closed before then. */
export const doneBy = (item: { status: string; closedAt?: string }, at: string): boolean =>
  item.status === 'done' && (!item.closedAt || Date.parse(item.closedAt) < Date.parse(at));

const emptyBySeverity = (): Record<Severity, number> => ({ SEV1: 0, SEV2: 0, SEV3: 0 });

/** Sums counter buckets that start in the week. */
function counterTotals(week: ReportWeek, buckets: readonly CounterBucket[]) {
  const totals = { mentions: 0, negative: 0, complaint: 0, reach: 0, replied: 0, replyMinutes: 0, reportsReplies: false };
  const bySource: Record<string, number> = {};
  // Each bucket's mean reply time, weighted by its replies: the counters keep sums, not each reply.
  const replyMeans: { minutes: number; weight: number }[] = [];
  for (const b of buckets) {
    if (!within(b.bucketStart, week.from, week.to)) continue;
    totals.mentions += b.total;
    totals.negative += b.negative;
    totals.complaint += b.complaint;
    totals.reach += b.reach;
    for (const [source, n] of Object.entries(b.bySource)) bySource[source] = (bySource[source] ?? 0) + n;
    if (b.replied !== undefined) {
      totals.reportsReplies = true;
      totals.replied += b.replied;
      totals.replyMinutes += b.replyMinutes ?? 0;
      if (b.replied > 0) replyMeans.push({ minutes: (b.replyMinutes ?? 0) / b.replied, weight: b.replied });
    }
  }
  return { ...totals, bySource, replyMeans };
}

/** The weighted median: the value at which half the weight lies on each side. */
export function weightedMedian(values: readonly { minutes: number; weight: number }[]): number | null {
  const sorted = [...values].filter((v) => v.weight > 0).sort((a, b) => a.minutes - b.minutes);
  const total = sorted.reduce((sum, v) => sum + v.weight, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const v of sorted) {
    seen += v.weight;
    if (seen >= total / 2) return v.minutes;
  }
  return sorted[sorted.length - 1]!.minutes;
}

export function weekMetrics(week: ReportWeek, incidents: readonly Incident[], buckets: readonly CounterBucket[]): WeekMetrics {
  const c = counterTotals(week, buckets);
  const opened = incidents.filter((i) => within(i.openedAt, week.from, week.to));
  const acknowledged = incidents.filter((i) => within(acknowledgedAt(i), week.from, week.to));
  const resolved = incidents.filter((i) => within(resolvedAt(i), week.from, week.to));

  const bySeverity = emptyBySeverity();
  for (const i of opened) bySeverity[i.severity] += 1;

  const unacknowledged = opened.filter((i) => {
    const ack = acknowledgedAt(i);
    return !ack || Date.parse(ack) >= Date.parse(week.to);
  }).length;

  let actionItemsOpened = 0;
  let actionItemsClosed = 0;
  for (const i of incidents) {
    const items = i.resolution?.actionItems ?? [];
    if (within(resolvedAt(i), week.from, week.to)) actionItemsOpened += items.length;
    actionItemsClosed += items.filter((a) => a.status === 'done' && within(a.closedAt, week.from, week.to)).length;
  }

  return {
    mentions: c.mentions,
    bySource: c.bySource,
    negative: c.negative,
    complaint: c.complaint,
    reach: c.reach,
    negativeShare: share(c.negative, c.mentions),
    complaintShare: share(c.complaint, c.mentions),
    incidents: bySeverity,
    incidentsTotal: opened.length,
    mttd: mean(opened.map(timeToDetect)),
    mtta: mean(acknowledged.map((i) => minutesBetween(i.openedAt, acknowledgedAt(i)!))),
    mttr: mean(resolved.map((i) => minutesBetween(i.openedAt, resolvedAt(i)!))),
    unacknowledged,
    escalations: incidents.reduce((n, i) => n + escalationsBetween(i, week.from, week.to), 0),
    repliedShare: c.reportsReplies ? share(c.replied, c.complaint) : null,
    medianReplyMinutes: c.reportsReplies ? weightedMedian(c.replyMeans) : null,
    actionItemsOpened,
    actionItemsClosed,
  };
}

/** Mean time to acknowledge and to resolve per severity, for the week's chart. */
export function timesBySeverity(week: ReportWeek, incidents: readonly Incident[]): SeverityTimes[] {
  return SEVERITIES.map((severity) => {
    const of = incidents.filter((i) => i.severity === severity);
    return {
      severity,
      mtta: mean(of.filter((i) => within(acknowledgedAt(i), week.from, week.to)).map((i) => minutesBetween(i.openedAt, acknowledgedAt(i)!))),
      mttr: mean(of.filter((i) => within(resolvedAt(i), week.from, week.to)).map((i) => minutesBetween(i.openedAt, resolvedAt(i)!))),
    };
  });
}
