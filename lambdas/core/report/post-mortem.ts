/**
 * A blameless PostMortem from one Incident: what happened and when, what it cost, what the
 * resolver learned, and facts the timeline shows on its own (never acknowledged, escalated).
 * It shows the Incident as it stands when the report is built, so a late resolution still
 * lands in the week's report with its root cause. Figures at opening and the running totals
 * are kept apart and labelled, and people are named, never addressed.
 */
import { DateTime } from 'luxon';
import { verdictText } from '../alert-verdict.ts';
import type { Incident } from '../incident.ts';
import { openedSeverity, severityChanges, timelineEntries } from '../incident-timeline.ts';
import { personName, type Person } from '../people.ts';
import { openingVolume, plainReason } from '../plain-reason.ts';
import { themeInText, themeLabel, type ThemeLabelSource } from '../theme-label.ts';
import { doneBy, acknowledgedAt, resolvedAt, minutesBetween, timeToDetect } from './metrics.ts';
import { formatLocalTime, formatMinutes, formatCount, plural } from './format.ts';
import { within, type ReportWeek } from './week.ts';
import type { IncidentLine, MinorIncident, OpeningFigures, PostMortem, ReportActionItem, SeverityChangeLine } from './weekly-report.ts';

export interface PostMortemContext {
  week: ReportWeek;
  /** When the report is built: the end of an ongoing Incident's duration so far. */
  generatedAt: string;
  /** The configured brands: names and their own theme labels. */
  brands: ReadonlyMap<string, { name: string } & ThemeLabelSource>;
  /** The config's Owners, so the report says who, not which address. */
  owners: readonly Person[];
}

/** An Incident belongs in the week when it was open at any moment of it. */
export const activeInWeek = (i: Incident, week: ReportWeek): boolean => {
  const resolved = resolvedAt(i);
  return Date.parse(i.openedAt) < Date.parse(week.to) && (!resolved || Date.parse(resolved) >= Date.parse(week.from));
};

const brandOf = (i: Incident, ctx: PostMortemContext) => ctx.brands.get(i.brand);
const brandName = (i: Incident, ctx: PostMortemContext): string => brandOf(i, ctx)?.name ?? i.brand;
const who = (ctx: Pick<PostMortemContext, 'owners'>, actor: string | undefined): string | undefined =>
  actor && actor !== 'crisis-desk' ? personName(ctx.owners, actor) : undefined;

/** Why it opened, in plain words. */
const reasonText = (i: Incident, ctx: PostMortemContext): string => plainReason(i.reason, { brandName: brandName(i, ctx) });

export function severityChangeLines(i: Incident, ctx: PostMortemContext): SeverityChangeLine[] {
  return severityChanges(i).map((c) => ({
    at: c.at,
    ...(c.from && { from: c.from }),
    to: c.to,
    text: c.reason ? plainReason(c.reason, { brandName: brandName(i, ctx) }) : 'The detector saw it grow.',
  }));
}

export function openingFigures(i: Incident): OpeningFigures {
  // Incidents record their figures at opening; older ones say them only in the reason.
  const o = i.opening;
  const volume = o ? { negative: o.negative, windowMinutes: o.windowMinutes, reach: o.reach } : openingVolume(i.reason);
  return { at: i.openedAt, severity: openedSeverity(i), ...(volume && volume) };
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

/** Facts the timeline shows that the summary does not already say. */
function observations(i: Incident): string[] {
  const notes: string[] = [];
  const detect = timeToDetect(i);
  if (detect >= 60) notes.push(`Detected ${formatMinutes(detect)} after the first mention.`);
  const failed = i.timeline.filter((e) => e.type === 'notify-failed').length;
  if (failed) notes.push(`${plural(failed, 'page')} failed to send.`);
  if (i.timeline.some((e) => e.type === 'flow-failed')) notes.push('The escalation flow failed: check the state machine alarms.');
  const reopened = i.timeline.filter((e) => e.type === 'reopened').length;
  if (reopened) notes.push(`Resolved too early: it flared up again and was reopened ${plural(reopened, 'time')} (one Incident, its escalation restarted at level 1 each time).`);
  return notes;
}

/**
 * What happened, in order, in three or four sentences: the opening with its figures, each rise,
 * who answered (and who did not), the resolution; then the totals it reached.
 */
function summary(i: Incident, ctx: PostMortemContext): string {
  const tz = ctx.week.timeZone;
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const levels = levelsNotifiedBeforeAck(i);
  const owner = who(ctx, i.acknowledgedBy);
  const parts = [`Opened ${formatLocalTime(i.openedAt, tz)} as ${openedSeverity(i)}: ${lowerFirst(reasonText(i, ctx))}`];
  for (const c of severityChangeLines(i, ctx)) parts.push(`Raised to ${c.to} ${timeAfter(c.at, i.openedAt, tz)}: ${lowerFirst(c.text)}`);
  if (ack) {
    const after = formatMinutes(minutesBetween(i.openedAt, ack));
    parts.push(
      levels > 1
        ? `Level ${levels === 2 ? '1' : `1 to ${levels - 1}`} did not answer in time; at level ${levels}, ${owner ?? 'someone'} acknowledged it after ${after}.`
        : `${owner ?? 'Someone'} acknowledged it at level 1 after ${after}.`,
    );
  } else if (resolved) {
    parts.push('Nobody acknowledged it: it was resolved without anyone owning it through the escalation.');
  } else {
    parts.push(`Not acknowledged yet: ${levels > 0 ? `${plural(levels, 'level')} paged so far` : 'nobody has been paged'}.`);
  }
  const totals = `${plural(i.mentionCount, 'mention')} (${formatCount(i.negativeCount)} negative), reaching ${plural(i.reach, 'person', 'people')}`;
  parts.push(
    resolved
      ? `Resolved after ${formatMinutes(minutesBetween(i.openedAt, resolved))}. At close: ${totals}.`
      : `Still open when this report was built, ${formatMinutes(minutesBetween(i.openedAt, ctx.generatedAt))} after it opened. So far: ${totals}.`,
  );
  return parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');
}

/** "at 11:15" on the day it opened, "on Thu 19 Nov, 08:10" after. */
function timeAfter(at: string, ref: string, tz: string): string {
  const [day, time] = formatLocalTime(at, tz).split(', ');
  return day === formatLocalTime(ref, tz).split(', ')[0] ? `at ${time}` : `on ${day}, ${time}`;
}

/** "One mention…" → "one mention…" inside a sentence; an acronym or a handle stays as it is. */
const lowerFirst = (s: string): string => (/^\p{Lu}(?:\p{Ll}|\s)/u.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s);

export function postMortem(i: Incident, ctx: PostMortemContext): PostMortem {
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const r = i.resolution;
  return {
    incidentId: i.id,
    brand: i.brand,
    brandName: brandName(i, ctx),
    theme: i.theme,
    themeLabel: themeLabel(i.theme, brandOf(i, ctx)),
    severity: i.severity,
    status: i.status,
    carriedOver: !within(i.openedAt, ctx.week.from, ctx.week.to),
    ...(i.resolution?.alert && { verdict: verdictText(i.resolution.alert) }),
    summary: summary(i, ctx),
    reason: i.reason,
    reasonText: reasonText(i, ctx),
    opening: openingFigures(i),
    severityChanges: severityChangeLines(i, ctx),
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
    timeline: timelineEntries(i, ctx.owners),
    ...(r && {
      rootCause: r.rootCause,
      trigger: r.trigger,
      whatHelped: r.whatHelped,
      wentWell: r.wentWell,
      wentBadly: r.wentBadly,
      lucky: r.lucky,
      resolvedBy: personName(ctx.owners, r.resolvedBy),
    }),
    observations: observations(i),
    actionItems: actionItemsOf(i, ctx.week),
  };
}

/** A SEV3 Incident in one line. */
export function minorIncident(i: Incident, ctx: PostMortemContext): MinorIncident {
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const bits = [
    `${brandName(i, ctx)} · ${themeInText(i.theme, brandOf(i, ctx))}: ${plural(i.mentionCount, 'mention')}, opened ${formatLocalTime(i.openedAt, ctx.week.timeZone)}`,
    ack ? `acknowledged in ${formatMinutes(minutesBetween(i.openedAt, ack))}` : 'never acknowledged',
    resolved ? `resolved in ${formatMinutes(minutesBetween(i.openedAt, resolved))}` : 'still open',
  ];
  if (i.resolution?.rootCause) bits.push(`root cause: ${i.resolution.rootCause}`);
  return {
    incidentId: i.id,
    brandName: brandName(i, ctx),
    theme: i.theme,
    themeLabel: themeLabel(i.theme, brandOf(i, ctx)),
    openedAt: i.openedAt,
    status: i.status,
    mentions: i.mentionCount,
    line: bits.join(', '),
  };
}

/** The Incident's line in the list the report opens with. */
export function incidentLine(i: Incident, ctx: PostMortemContext): IncidentLine {
  const ack = acknowledgedAt(i);
  const resolved = resolvedAt(i);
  const raised = severityChangeLines(i, ctx).at(-1);
  const by = who(ctx, i.acknowledgedBy);
  return {
    incidentId: i.id,
    brandName: brandName(i, ctx),
    theme: i.theme,
    themeLabel: themeLabel(i.theme, brandOf(i, ctx)),
    severity: i.severity,
    status: i.status,
    carriedOver: !within(i.openedAt, ctx.week.from, ctx.week.to),
    ...(i.resolution?.alert && { verdict: verdictText(i.resolution.alert) }),
    openedAt: i.openedAt,
    reasonText: reasonText(i, ctx),
    ...(raised && { raised }),
    ...(by && { acknowledgedBy: by }),
    timeToAcknowledgeMinutes: ack ? minutesBetween(i.openedAt, ack) : null,
    timeToResolveMinutes: resolved ? minutesBetween(i.openedAt, resolved) : null,
    postMortem: i.severity !== 'SEV3',
    ...(i.severity === 'SEV3' && i.resolution?.rootCause && { rootCause: i.resolution.rootCause }),
  };
}

/** A post-mortem's notes and action items, to spot a resolver who wrote the same for two Incidents. */
const notesKey = (pm: PostMortem): string =>
  JSON.stringify([pm.rootCause, pm.trigger, pm.whatHelped, pm.wentWell, pm.wentBadly, pm.lucky, pm.actionItems.map((a) => [a.text, a.owner, a.due, a.status])]);

/** The earlier post-mortem in `all` with the same notes, if any: the report shows them once. */
export function sameNotesAs(pm: PostMortem, all: readonly PostMortem[]): PostMortem | undefined {
  if (!pm.rootCause) return undefined;
  const key = notesKey(pm);
  return all.slice(0, all.indexOf(pm)).find((p) => notesKey(p) === key);
}
