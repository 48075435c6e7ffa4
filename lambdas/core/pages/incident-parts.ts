/**
 * Parts of an Incident both the resolve form and the incident page show: the counts so far and
 * the timeline, in the reader's time zone, people by name. Every value goes through `html`.
 */
import type { Incident } from '../incident.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatTime, plural } from '../email/format.ts';
import { pagesOf, timelineEntries } from '../incident-timeline.ts';
import { personName, type Person } from '../people.ts';
import { acknowledgedAt, minutesBetween, resolvedAt } from '../report/metrics.ts';
import { formatMinutes } from '../report/format.ts';

export interface IncidentView {
  incident: Incident;
  timeZone: string;
  owners?: readonly Person[];
  /** Now (ISO): how long an open Incident has been open. */
  now?: string;
}

const names = (v: IncidentView, emails: readonly string[]): string => emails.map((e) => personName(v.owners ?? [], e)).join(', ');

/** "2 h 10 min" open so far, or how long it took. */
function openFor(v: IncidentView): string | undefined {
  const end = resolvedAt(v.incident) ?? v.now;
  return end ? formatMinutes(Math.max(0, minutesBetween(v.incident.openedAt, end))) : undefined;
}

/** The counts a resolver needs beside the questions: volume, reach, duration, who was paged, who answered. */
export function incidentCounts(v: IncidentView): SafeHtml {
  const i = v.incident;
  const ack = acknowledgedAt(i);
  const levels = [...new Set(pagesOf(i).filter((p) => !p.reminder).map((p) => p.level))];
  const duration = openFor(v);
  return html`<dl class="facts">
<dt>Mentions</dt><dd>${plural(i.mentionCount, 'mention')}, ${plural(i.negativeCount, 'negative', 'negative')}</dd>
<dt>Reach</dt><dd>about ${plural(i.reach, 'person', 'people')}</dd>
<dt>Opened</dt><dd>${formatTime(i.openedAt, v.timeZone)}${duration ? html` · ${resolvedAt(i) ? 'took' : 'open for'} ${duration}` : ''}</dd>
<dt>Paged</dt><dd>${levels.length ? `${levels.length === 1 ? 'level' : 'levels'} ${levels.join(', ')}` : 'nobody yet'}</dd>
<dt>Acknowledged</dt><dd>${ack ? `by ${i.acknowledgedBy ? names(v, [i.acknowledgedBy]) : 'someone'} after ${formatMinutes(minutesBetween(i.openedAt, ack))}` : 'not yet'}</dd>
</dl>`;
}

/** The timeline, one line per moment (incident-timeline.ts decides what a moment is). */
export function timelineList(v: IncidentView, headingId = 'timeline'): SafeHtml {
  const entries = timelineEntries(v.incident, v.owners ?? []);
  return html`<ol class="timeline" aria-labelledby="${headingId}">${entries.map(
    (e) => html`<li><time datetime="${e.at}">${formatTime(e.at, v.timeZone)}</time> <span>${e.label}</span>${e.detail ? html`<span class="detail" dir="auto"><bdi>${e.detail}</bdi></span>` : ''}</li>`,
  )}</ol>`;
}
