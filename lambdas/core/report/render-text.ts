/**
 * The WeeklyReport as plain text: the email's text part, for clients that show no HTML and
 * for readers who prefer it. Same content as the HTML, charts replaced by their numbers.
 */
import { cleanText } from '../html.ts';
import { SEVERITIES } from '../incident.ts';
import {
  countChange,
  durationChange,
  formatCount,
  formatDay,
  formatLocalTime,
  formatMinutes,
  formatShare,
  formatWeekRange,
  shareChange,
  type Change,
} from './format.ts';
import { ladderText, quietText, rowHeading } from '../responsibility-map.ts';
import { qualitySentence, type AlertQualityRow } from './alert-quality.ts';
import { brandPhrase } from './headline.ts';
import { resolverNotes } from '../resolver-notes.ts';
import { sameNotesAs } from './post-mortem.ts';
import type { PostMortem, ReportActionItem, WeeklyReport } from './weekly-report.ts';

const rule = (title: string): string => `\n${title.toUpperCase()}\n${'='.repeat(title.length)}`;
const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const padStart = (s: string, n: number): string => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
const change = (c: Change): string => (c.direction === 'up' ? `▲ ${c.text}` : c.direction === 'down' ? `▼ ${c.text}` : c.text);

function kpiLines(report: WeeklyReport): string[] {
  const a = report.thisWeek;
  const b = report.lastWeek;
  const rows: [string, string, string, Change][] = [
    ['Mentions', formatCount(a.mentions), formatCount(b.mentions), countChange(a.mentions, b.mentions)],
    ['Negative share', formatShare(a.negativeShare), formatShare(b.negativeShare), shareChange(a.negativeShare, b.negativeShare, true)],
    ['Complaint share', formatShare(a.complaintShare), formatShare(b.complaintShare), shareChange(a.complaintShare, b.complaintShare, true)],
    ...SEVERITIES.map((s): [string, string, string, Change] => [`${s} incidents`, String(a.incidents[s]), String(b.incidents[s]), countChange(a.incidents[s], b.incidents[s], true)]),
    ['Time to detect (MTTD)', formatMinutes(a.mttd.minutes), formatMinutes(b.mttd.minutes), durationChange(a.mttd.minutes, b.mttd.minutes)],
    ['Time to acknowledge (MTTA)', formatMinutes(a.mtta.minutes), formatMinutes(b.mtta.minutes), durationChange(a.mtta.minutes, b.mtta.minutes)],
    ['Time to resolve (MTTR)', formatMinutes(a.mttr.minutes), formatMinutes(b.mttr.minutes), durationChange(a.mttr.minutes, b.mttr.minutes)],
    ['Not acknowledged by week end', String(a.unacknowledged), String(b.unacknowledged), countChange(a.unacknowledged, b.unacknowledged, true)],
    ['Escalations past level 1', String(a.escalations), String(b.escalations), countChange(a.escalations, b.escalations, true)],
  ];
  if (a.repliedShare !== null || b.repliedShare !== null) {
    rows.push(
      ['Complaints replied to', formatShare(a.repliedShare), formatShare(b.repliedShare), shareChange(a.repliedShare, b.repliedShare, false)],
      ['Median time to first reply', formatMinutes(a.medianReplyMinutes), formatMinutes(b.medianReplyMinutes), durationChange(a.medianReplyMinutes, b.medianReplyMinutes)],
    );
  }
  rows.push(
    ['Action items opened', String(a.actionItemsOpened), String(b.actionItemsOpened), countChange(a.actionItemsOpened, b.actionItemsOpened)],
    ['Action items closed', String(a.actionItemsClosed), String(b.actionItemsClosed), countChange(a.actionItemsClosed, b.actionItemsClosed, false)],
  );
  return [
    `${pad('', 30)}${padStart('This week', 12)}${padStart('Last week', 12)}  Change`,
    ...rows.map(([label, now, before, c]) => `${pad(label, 30)}${padStart(now, 12)}${padStart(before, 12)}  ${change(c)}`),
  ];
}

function sourceLines(report: WeeklyReport): string[] {
  const ids = [...new Set([...Object.keys(report.thisWeek.bySource), ...Object.keys(report.lastWeek.bySource)])];
  if (ids.length === 0) return [];
  ids.sort((x, y) => (report.thisWeek.bySource[y] ?? 0) - (report.thisWeek.bySource[x] ?? 0));
  return [
    '',
    'Mentions by source (this week / last week):',
    ...ids.map((id) => `  ${id}: ${formatCount(report.thisWeek.bySource[id] ?? 0)} / ${formatCount(report.lastWeek.bySource[id] ?? 0)}`),
  ];
}

function trendLines(report: WeeklyReport): string[] {
  const lines: string[] = [];
  if (report.thisWeek.mentions > 0) {
    lines.push('Mentions per day (negative share):');
    for (const d of report.daily) {
      const marks = report.charts.flatMap((c) => (c.id === 'daily-mentions' ? c.incidents.filter((m) => m.date === d.date) : []));
      const opened = marks.length ? `  <- ${marks.map((m) => `${m.severity} opened`).join(', ')}` : '';
      lines.push(`  ${pad(formatDay(d.date), 8)}${padStart(formatCount(d.mentions), 8)}  (${formatShare(d.negativeShare)} negative)${opened}`);
    }
  }
  const measured = report.timesBySeverity.filter((r) => r.mtta.n > 0 || r.mttr.n > 0);
  if (measured.length) {
    lines.push('', 'Mean time to acknowledge / to resolve, by severity:');
    for (const r of measured) lines.push(`  ${r.severity}: ${formatMinutes(r.mtta.minutes)} / ${formatMinutes(r.mttr.minutes)}`);
  }
  const themes = report.themes.filter((t) => t.thisWeek > 0).slice(0, 8);
  if (themes.length) {
    lines.push('', 'Top complaint themes (negative mentions, last week in brackets):');
    for (const t of themes) lines.push(`  ${t.label}: ${formatCount(t.thisWeek)} (${formatCount(t.lastWeek)})`);
  }
  return lines;
}

const itemLine = (a: ReportActionItem, withIncident = false): string =>
  `  [${a.status === 'done' ? 'x' : ' '}] ${a.text} (owner ${a.owner}${a.due ? `, due ${a.due}` : ''}` +
  `${a.overdue ? `, OVERDUE ${a.daysOverdue} d` : ''}${withIncident ? `, ${a.incidentId}` : ''})`;

function incidentLines(report: WeeklyReport): string[] {
  if (report.incidents.length === 0) return ['No incidents were open this week.'];
  const tz = report.week.timeZone;
  return report.incidents.flatMap((l) => [
    `- ${l.severity} ${l.themeLabel}${report.brands.length > 1 ? ` (${l.brandName})` : ''}, opened ${formatLocalTime(l.openedAt, tz)}${l.carriedOver ? ' (an earlier week)' : ''} [${l.status}]`,
    `  ${l.reasonText}${l.raised ? ` Raised to ${l.raised.to} ${formatLocalTime(l.raised.at, tz)}.` : ''}`,
    `  ${l.timeToAcknowledgeMinutes === null ? 'Not acknowledged' : `Acknowledged in ${formatMinutes(l.timeToAcknowledgeMinutes)}${l.acknowledgedBy ? ` by ${l.acknowledgedBy}` : ''}`}; ` +
      `${l.timeToResolveMinutes === null ? 'still open' : `resolved in ${formatMinutes(l.timeToResolveMinutes)}`}.${l.verdict && l.verdict !== 'Real' ? ` ${l.verdict}.` : ''}${l.rootCause ? ` Root cause: ${l.rootCause}` : ''}`,
  ]);
}

function recommendationLines(report: WeeklyReport): string[] {
  if (report.recommendations.length === 0)
    return ['Nothing stood out this week: every level answered its pages in time, no trigger was mostly false alarms, and the targets set were met.'];
  return report.recommendations.flatMap((r, n) => [`${n + 1}. ${r.change}`, `   ${r.because}`]);
}

function qualityLines(report: WeeklyReport): string[] {
  const q = report.alertQuality.thisWeek;
  const last = report.alertQuality.lastWeek;
  const lines = [qualitySentence(q, last)];
  if (!q.classified) return lines;
  const rowsOf = (title: string, rows: readonly AlertQualityRow[], before: readonly AlertQualityRow[], settings?: (key: string) => string) => [
    '',
    `${pad(title, 40)}${padStart('Alerts', 8)}${padStart('False', 8)}${padStart('Share', 8)}${padStart('Last wk', 9)}`,
    ...rows.flatMap((r) => [
      `${pad(r.label, 40)}${padStart(String(r.classified), 8)}${padStart(String(r.falseAlarms), 8)}${padStart(formatShare(r.falseAlarmShare), 8)}${padStart(formatShare(before.find((b) => b.key === r.key)?.falseAlarmShare ?? null), 9)}`,
      ...(settings ? [`  ${settings(r.key)}`] : []),
    ]),
  ];
  lines.push(
    ...rowsOf('By what opened it', q.byTrigger, last.byTrigger, (key) => q.byTrigger.find((t) => t.key === key)!.settings),
    ...rowsOf('By theme', q.byTheme, last.byTheme),
  );
  if (q.reasons.length) lines.push('', `False alarms were ${q.reasons.map((r) => `${r.label} (${r.count})`).join(', ')}.`);
  return lines;
}

function appendixLines(report: WeeklyReport): string[] {
  const map = report.responsibilities;
  const lines = [`Quiet hours in ${map.timeZone} unless said. The same map as \`crisis-desk roles\`.`];
  for (const r of map.rows) {
    lines.push('', `${map.rows.some((x) => x.brandName !== r.brandName) ? `${r.brandName}: ` : ''}${rowHeading(r)}`);
    for (const l of r.levels) lines.push(`  level ${l.level}: ${l.people.join(', ')}, ${l.timeoutMinutes} min${quietText(l) ? `, ${quietText(l)}` : ''}`);
    lines.push(`  ${ladderText(r)}`);
  }
  if (map.gaps.length) lines.push('', 'Gaps:', ...map.gaps.map((g) => `  ${g.severity === 'error' ? '!' : '-'} ${g.text}`));
  return lines;
}

function postMortemLines(pm: PostMortem, report: WeeklyReport): string[] {
  const tz = report.week.timeZone;
  const same = sameNotesAs(pm, report.postMortems);
  const written = resolverNotes(pm);
  return [
    '',
    `${pm.severity} · ${pm.brandName}: ${pm.themeLabel} [${pm.status}${pm.carriedOver ? ', from an earlier week' : ''}] ${pm.incidentId}`,
    '-'.repeat(60),
    pm.summary,
    ...(pm.verdict ? [`Was the alert real? ${pm.verdict}.`] : []),
    ...pm.observations,
    'Timeline:',
    ...pm.timeline.map((e) => `  ${pad(formatLocalTime(e.at, tz), 18)} ${e.label}${e.detail ? ` (${e.detail})` : ''}`),
    ...(same
      ? [`The same root cause, notes and action items as ${same.incidentId} (above).`]
      : [
          ...(written.length
            ? written.flatMap(([label, text]) => [`${label}:`, `  ${text.replace(/\n/g, '\n  ')}`])
            : [pm.status === 'resolved' ? 'The resolver wrote no notes.' : 'No notes yet: the incident is still open.']),
          'Action items:',
          ...(pm.actionItems.length ? pm.actionItems.map((a) => itemLine(a)) : ['  (none recorded)']),
        ]),
    ...(pm.resolvedBy ? [`Resolved by ${pm.resolvedBy}.`] : []),
  ];
}

export function renderWeeklyReportText(report: WeeklyReport, options: { archiveUrl?: string } = {}): string {
  const tz = report.week.timeZone;
  const lines: string[] = [
    `WEEKLY INCIDENT REPORT · ${brandPhrase(report.brands.map((b) => b.name))}`,
    formatWeekRange(report.week.start, report.week.end),
    '',
    report.headline,
  ];
  lines.push(rule("This week's incidents"), ...incidentLines(report));
  lines.push(rule('What to change'), ...recommendationLines(report));
  if (report.notes.length) lines.push('', ...report.notes.map((n) => `Note: ${n}`));
  lines.push(rule('The week at a glance'), ...kpiLines(report), ...sourceLines(report));
  lines.push(rule('Alert quality'), ...qualityLines(report));
  const trends = trendLines(report);
  if (trends.length) lines.push(rule('Trends'), ...trends);
  if (report.postMortems.length) {
    lines.push(rule('Post-mortems'));
    for (const pm of report.postMortems) lines.push(...postMortemLines(pm, report));
  }
  if (report.overdueActionItems.length) {
    lines.push(rule('Overdue action items from earlier weeks'), ...report.overdueActionItems.map((a) => itemLine(a, true)));
  }
  lines.push(rule('Appendix: who does what'), ...appendixLines(report));
  lines.push(
    '',
    '--',
    ...(options.archiveUrl ? [`Archived copy: ${options.archiveUrl}`] : []),
    `Built ${formatLocalTime(report.generatedAt, tz)} from counters and incidents. Weeks run Monday to Sunday in ${tz}.`,
  );
  // Controls and bidi overrides in typed text could garble or disguise a terminal or mail view.
  return cleanText(lines.join('\n')) + '\n';
}
