/**
 * The WeeklyReport as an email-safe HTML page: table layout, inline CSS, one 640px column
 * that narrows to a phone. Every text goes through the `html` tag, which escapes it:
 * resolutions, action items, themes and source ids were typed by people or taken from posts.
 */
import { html, raw, safeHref, type SafeHtml } from '../html.ts';
import { COLORS, emailDocument, FONT, SEVERITY_COLORS } from '../email/layout.ts';
import { SEVERITIES } from '../incident.ts';
import {
  countChange,
  durationChange,
  formatCompact,
  formatCount,
  formatDate,
  formatLocalTime,
  formatMinutes,
  formatShare,
  formatWeekRange,
  shareChange,
  zoneAbbreviation,
  type Change,
} from './format.ts';
import { brandPhrase } from './headline.ts';
import type {
  MinorIncident,
  PostMortem,
  ReportActionItem,
  ReportChart,
  ReportChartId,
  WeeklyReport,
  WeekMetrics,
} from './weekly-report.ts';

export interface ChartImage {
  /** `cid:<id>` in the email, the PNG's file name in the archived copy. */
  src: string;
  width: number;
  height: number;
}

export interface RenderHtmlOptions {
  /** The charts that rendered; a chart without an image is left out (its numbers are in the tables). */
  images?: Partial<Record<ReportChartId, ChartImage>>;
  /** Where the archived copy lives (the email links to it). */
  archiveUrl?: string;
}

const C = {
  ...COLORS,
  ink: '#101828',
  header: '#0b1f3a',
  headerMuted: '#b9c6d8',
  good: '#067647',
  bad: '#b42318',
  neutral: '#475467',
  note: '#fffaeb',
  noteBorder: '#fec84b',
} as const;

const cell = `font-family:${FONT};font-size:14px;line-height:20px;color:${C.text};overflow-wrap:anywhere;word-break:break-word;`;
const small = `font-family:${FONT};font-size:12px;line-height:18px;color:${C.muted};`;

/** A full-width row of the card. */
const row = (content: SafeHtml, padding = '0 24px 24px 24px'): SafeHtml =>
  html`<tr><td class="cd-pad" style="padding:${padding};${cell}font-size:15px;line-height:23px;">${content}</td></tr>`;

const h2 = (text: string): SafeHtml =>
  html`<h2 style="margin:0 0 12px 0;padding-top:20px;border-top:1px solid ${C.border};font-family:${FONT};font-size:18px;line-height:24px;font-weight:700;color:${C.ink};">${text}</h2>`;

const h3 = (text: string): SafeHtml =>
  html`<h3 style="margin:16px 0 6px 0;font-family:${FONT};font-size:13px;line-height:18px;font-weight:700;letter-spacing:0.04em;text-transform:uppercase;color:${C.muted};">${text}</h3>`;

const badge = (label: string, bg: string): SafeHtml =>
  html`<span style="display:inline-block;padding:2px 8px;border-radius:4px;background:${bg};color:#ffffff;font-family:${FONT};font-size:12px;line-height:18px;font-weight:700;">${label}</span>`;

const statusBadge = (status: string): SafeHtml =>
  badge(status, status === 'resolved' ? C.good : status === 'acknowledged' ? '#b54708' : C.bad);

function changeCell(change: Change): SafeHtml {
  const color = change.better === true ? C.good : change.better === false ? C.bad : C.neutral;
  const arrow = change.direction === 'up' ? '▲ ' : change.direction === 'down' ? '▼ ' : '';
  return html`<td align="right" valign="top" style="${cell}padding:8px 0 8px 8px;border-bottom:1px solid ${C.border};color:${color};">${arrow}${change.text}</td>`;
}

/** A table whose first row is a header; cells are already escaped fragments. */
function table(headers: string[], rows: SafeHtml[][], widths: string[] = [], aligns: ('left' | 'right')[] = []): SafeHtml {
  const align = (i: number) => aligns[i] ?? (i === 0 ? 'left' : 'right');
  return html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="width:100%;border-collapse:collapse;table-layout:fixed;">
<tr>${headers.map((h, i) => html`<th align="${align(i)}" style="${small}font-weight:700;padding:0 ${i === headers.length - 1 ? 0 : 8}px 6px ${i === 0 ? 0 : 8}px;border-bottom:2px solid ${C.border};${widths[i] ? `width:${widths[i]};` : ''}">${h}</th>`)}</tr>
${rows.map((r) => html`<tr>${r}</tr>`)}
</table>`;
}

const td = (content: SafeHtml | string | number, align: 'left' | 'right' = 'left', extra = ''): SafeHtml =>
  html`<td align="${align}" valign="top" style="${cell}padding:8px ${align === 'left' ? '8px 8px 0' : '0 8px 8px'};border-bottom:1px solid ${C.border};${extra}">${content}</td>`;

function header(report: WeeklyReport): SafeHtml {
  const range = formatWeekRange(report.week.start, report.week.end);
  return html`<tr><td class="cd-pad" style="padding:24px 24px 22px 24px;background:${C.header};border-radius:8px 8px 0 0;">
<p style="margin:0 0 6px 0;font-family:${FONT};font-size:12px;line-height:16px;font-weight:700;letter-spacing:0.08em;text-transform:uppercase;color:${C.headerMuted};">Weekly incident report · ${brandPhrase(report.brands.map((b) => b.name))}</p>
<h1 style="margin:0 0 12px 0;font-family:${FONT};font-size:26px;line-height:32px;font-weight:700;color:#ffffff;">${range}</h1>
<p style="margin:0;font-family:${FONT};font-size:17px;line-height:25px;color:#ffffff;">${report.headline}</p>
</td></tr>`;
}

function tiles(report: WeeklyReport): SafeHtml {
  const m = report.thisWeek;
  const tile = (value: string, label: string, color: string) =>
    html`<td align="center" valign="top" width="25%" style="padding:4px;"><table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0"><tr><td align="center" style="padding:10px 4px;border-radius:6px;background:${C.panel};border-top:4px solid ${color};">
<div class="cd-tile" style="font-family:${FONT};font-size:26px;line-height:30px;font-weight:700;color:${C.ink};">${value}</div>
<div style="${small}">${label}</div></td></tr></table></td>`;
  return html`<tr><td style="padding:16px 20px 16px 20px;"><table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="table-layout:fixed;"><tr>
${SEVERITIES.map((s) => tile(String(m.incidents[s]), s, m.incidents[s] > 0 ? (SEVERITY_COLORS[s] ?? C.neutral) : C.border))}
${tile(formatMinutes(m.mtta.minutes), 'to acknowledge', C.header)}
</tr></table></td></tr>`;
}

function kpis(report: WeeklyReport): SafeHtml {
  const a = report.thisWeek;
  const b = report.lastWeek;
  const sev = (m: WeekMetrics) => SEVERITIES.map((s) => m.incidents[s]).join(' / ');
  const line = (label: string, now: string, before: string, change: Change, hint?: string) => [
    td(hint ? html`${label}<br><span style="${small}">${hint}</span>` : label),
    td(now, 'right', 'font-weight:700;'),
    td(before, 'right', `color:${C.muted};`),
    changeCell(change),
  ];
  const rows: SafeHtml[][] = [
    line('Mentions', formatCount(a.mentions), formatCount(b.mentions), countChange(a.mentions, b.mentions)),
    line('Negative share', formatShare(a.negativeShare), formatShare(b.negativeShare), shareChange(a.negativeShare, b.negativeShare, true)),
    line('Complaint share', formatShare(a.complaintShare), formatShare(b.complaintShare), shareChange(a.complaintShare, b.complaintShare, true)),
    line('Incidents', String(a.incidentsTotal), String(b.incidentsTotal), countChange(a.incidentsTotal, b.incidentsTotal, true), `SEV1 / SEV2 / SEV3: ${sev(a)} (last week ${sev(b)})`),
    line('Time to detect', formatMinutes(a.mttd.minutes), formatMinutes(b.mttd.minutes), durationChange(a.mttd.minutes, b.mttd.minutes), 'MTTD: first mention → opened'),
    line('Time to acknowledge', formatMinutes(a.mtta.minutes), formatMinutes(b.mtta.minutes), durationChange(a.mtta.minutes, b.mtta.minutes), 'MTTA: opened → acknowledged'),
    line('Time to resolve', formatMinutes(a.mttr.minutes), formatMinutes(b.mttr.minutes), durationChange(a.mttr.minutes, b.mttr.minutes), 'MTTR: opened → resolved'),
    line('Not acknowledged by week end', String(a.unacknowledged), String(b.unacknowledged), countChange(a.unacknowledged, b.unacknowledged, true)),
    line('Escalations past level 1', String(a.escalations), String(b.escalations), countChange(a.escalations, b.escalations, true)),
  ];
  if (a.repliedShare !== null || b.repliedShare !== null) {
    rows.push(
      line('Complaints replied to', formatShare(a.repliedShare), formatShare(b.repliedShare), shareChange(a.repliedShare, b.repliedShare, false), 'where the source shows replies'),
      line('Median time to first reply', formatMinutes(a.medianReplyMinutes), formatMinutes(b.medianReplyMinutes), durationChange(a.medianReplyMinutes, b.medianReplyMinutes)),
    );
  }
  rows.push(
    line('Action items opened', String(a.actionItemsOpened), String(b.actionItemsOpened), countChange(a.actionItemsOpened, b.actionItemsOpened)),
    line('Action items closed', String(a.actionItemsClosed), String(b.actionItemsClosed), countChange(a.actionItemsClosed, b.actionItemsClosed, false)),
  );
  return row(html`${h2('This week against last week')}${table(['', 'This week', 'Last week', 'Change'], rows, ['40%', '20%', '18%', '22%'])}${sources(report)}`);
}

function sources(report: WeeklyReport): SafeHtml | '' {
  const ids = [...new Set([...Object.keys(report.thisWeek.bySource), ...Object.keys(report.lastWeek.bySource)])].sort(
    (x, y) => (report.thisWeek.bySource[y] ?? 0) - (report.thisWeek.bySource[x] ?? 0),
  );
  if (ids.length === 0) return '';
  const rows = ids.map((id) => {
    const now = report.thisWeek.bySource[id] ?? 0;
    const before = report.lastWeek.bySource[id] ?? 0;
    return [td(id), td(formatCount(now), 'right', 'font-weight:700;'), td(formatCount(before), 'right', `color:${C.muted};`), changeCell(countChange(now, before))];
  });
  return html`${h3('Mentions by source')}${table(['Source', 'This week', 'Last week', 'Change'], rows, ['40%', '20%', '18%', '22%'])}`;
}

function notes(report: WeeklyReport): SafeHtml | '' {
  if (report.notes.length === 0) return '';
  return row(
    html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0"><tr><td style="${cell}padding:12px 14px;background:${C.note};border-left:4px solid ${C.noteBorder};border-radius:4px;">${report.notes.map((n, i) => html`${i > 0 ? raw('<br>') : ''}${n}`)}</td></tr></table>`,
  );
}

function chart(c: ReportChart, image: ChartImage | undefined): SafeHtml | '' {
  if (!image) return '';
  return html`${h3(c.title)}<img src="${image.src}" width="${image.width}" alt="${c.alt}" style="display:block;width:100%;max-width:${image.width}px;height:auto;border:0;margin:0 0 4px 0;">
<p style="margin:0 0 8px 0;${small}">${c.alt}</p>`;
}

function charts(report: WeeklyReport, images: RenderHtmlOptions['images'] = {}): SafeHtml | '' {
  const shown = report.charts.filter((c) => images[c.id]);
  if (shown.length === 0) return '';
  return row(html`${h2('Trends')}${shown.map((c) => chart(c, images[c.id]))}`);
}

function stat(value: string, label: string): SafeHtml {
  return html`<td align="center" valign="top" width="25%" style="padding:8px 2px;background:${C.panel};border:2px solid #ffffff;"><div style="font-family:${FONT};font-size:18px;line-height:24px;font-weight:700;color:${C.ink};">${value}</div><div style="${small}">${label}</div></td>`;
}

function prose(label: string, text: string | undefined, missing: string): SafeHtml {
  return html`${h3(label)}<p style="margin:0;${cell}font-size:15px;line-height:23px;white-space:pre-line;${text ? '' : `color:${C.muted};font-style:italic;`}">${text ?? missing}</p>`;
}

function actionItems(items: ReportActionItem[], withIncident = false): SafeHtml {
  const rows = items.map((a) => [
    td(withIncident ? html`${a.text}<br><span style="${small}">${a.incidentId}</span>` : a.text),
    td(a.owner),
    td(
      a.due ? html`${formatDate(a.due)}${a.overdue ? html`<br><span style="font-size:12px;">${a.daysOverdue} d late</span>` : ''}` : '—',
      'left',
      a.overdue ? `color:${C.bad};font-weight:700;` : '',
    ),
    td(a.status === 'done' ? 'done' : a.overdue ? 'overdue' : 'open', 'right', `color:${a.status === 'done' ? C.good : a.overdue ? C.bad : C.text};`),
  ]);
  return table(['Action', 'Owner', 'Due', 'Status'], rows, ['40%', '22%', '18%', '20%'], ['left', 'left', 'left', 'right']);
}

function postMortemCard(pm: PostMortem, tz: string): SafeHtml {
  const color = SEVERITY_COLORS[pm.severity] ?? C.neutral;
  const missing = pm.status === 'resolved' ? 'Not written by the resolver.' : 'Not written yet: the incident is still open.';
  const timeline = pm.timeline.map((e) => [
    td(formatLocalTime(e.at, tz), 'left', small),
    td(html`<strong>${e.label}</strong>${e.actor ? html` · ${e.actor}` : ''}${e.detail ? html`<br><span style="${small}">${e.detail}</span>` : ''}`),
  ]);
  return html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="margin:0 0 20px 0;border:1px solid ${C.border};border-left:6px solid ${color};border-radius:6px;"><tr><td class="cd-card" style="padding:16px 16px 18px 16px;${cell}">
<p style="margin:0 0 6px 0;">${badge(pm.severity, color)} ${statusBadge(pm.status)}${pm.carriedOver ? html` ${badge('from an earlier week', C.neutral)}` : ''}</p>
<h3 style="margin:0 0 2px 0;font-family:${FONT};font-size:18px;line-height:24px;font-weight:700;color:${C.ink};">${pm.brandName}: ${pm.theme}</h3>
<p style="margin:0 0 10px 0;${small}">${pm.incidentId}</p>
<p style="margin:0 0 12px 0;${cell}font-size:15px;line-height:23px;">${pm.summary}</p>
<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="table-layout:fixed;"><tr>
${stat(formatCount(pm.impact.mentions), 'mentions')}${stat(formatCount(pm.impact.negativeMentions), 'negative')}${stat(formatCompact(pm.impact.reach), 'reach')}${stat(formatMinutes(pm.impact.durationMinutes), pm.impact.ongoing ? 'open so far' : 'duration')}
</tr></table>
<p style="margin:8px 0 0 0;${small}">Why it opened: ${pm.reason}</p>
${h3('Timeline')}${table(['When', 'What happened'], timeline, ['30%', '70%'], ['left', 'left'])}
${prose('Root cause', pm.rootCause, missing)}
${pm.trigger || pm.status !== 'resolved' ? prose('Trigger', pm.trigger, missing) : ''}
${prose('What went well', pm.wentWell ?? pm.whatHelped, missing)}
${pm.wentWell && pm.whatHelped ? prose('What helped', pm.whatHelped, missing) : ''}
${prose('What went badly', pm.wentBadly, missing)}
${prose('Where we got lucky', pm.lucky, missing)}
${h3('From the timeline')}<ul style="margin:0;padding:0 0 0 20px;">${pm.observations.map((o) => html`<li style="${cell}margin:0 0 4px 0;">${o}</li>`)}</ul>
${h3('Action items')}${pm.actionItems.length ? actionItems(pm.actionItems) : html`<p style="margin:0;${cell}color:${C.muted};font-style:italic;">${pm.status === 'resolved' ? 'None recorded.' : 'Recorded at resolution.'}</p>`}
${pm.resolvedBy ? html`<p style="margin:12px 0 0 0;${small}">Resolved by ${pm.resolvedBy}.</p>` : ''}
</td></tr></table>`;
}

function postMortems(report: WeeklyReport): SafeHtml {
  if (report.postMortems.length === 0 && report.minorIncidents.length === 0) {
    return row(html`${h2('Incidents')}<p style="margin:0;">No incidents were open this week: nothing needed an owner.</p>`);
  }
  const minor = (m: MinorIncident) =>
    html`<li style="${cell}margin:0 0 6px 0;">${badge('SEV3', SEVERITY_COLORS.SEV3 ?? C.neutral)} ${m.line} <span style="${small}">(${m.incidentId})</span></li>`;
  return html`${report.postMortems.length ? row(html`${h2('Post-mortems')}<p style="margin:0 0 14px 0;${small}">One per SEV1 and SEV2 incident, blameless: they describe what the system and the team saw and did, so the next response is faster.</p>${report.postMortems.map((pm) => postMortemCard(pm, report.week.timeZone))}`) : ''}
${report.minorIncidents.length ? row(html`${h2('SEV3 incidents')}<ul style="margin:0;padding:0 0 0 20px;">${report.minorIncidents.map(minor)}</ul>`) : ''}`;
}

function overdue(report: WeeklyReport): SafeHtml | '' {
  if (report.overdueActionItems.length === 0) return '';
  return row(html`${h2('Overdue action items from earlier weeks')}${actionItems(report.overdueActionItems, true)}`);
}

function footer(report: WeeklyReport, archiveUrl: string | undefined): SafeHtml {
  const href = safeHref(archiveUrl);
  const tz = report.week.timeZone;
  // An s3:// or file location is no link a mail client can open: show it as text instead.
  const archive = href
    ? html`<a href="${href}" style="color:${C.link};font-weight:700;">Open the archived copy of this report</a> · `
    : archiveUrl
      ? html`Archived at <span style="font-family:monospace;">${archiveUrl}</span> · `
      : '';
  return html`<p style="margin:0 0 6px 0;">${archive}Built ${formatLocalTime(report.generatedAt, tz)} ${zoneAbbreviation(report.generatedAt, tz)} from counters and incidents, never from individual posts.</p>
<p style="margin:0;">Weeks run Monday to Sunday in ${tz}. Numbers count what happened inside the week: incidents opened, acknowledged and resolved in it. crisis-desk</p>`;
}

/** Phone tweaks where clients honour <style> (Apple Mail, Gmail apps); the inline styles already work without it. */
const PHONE_CSS =
  '<style>@media only screen and (max-width:480px){.cd-pad{padding-left:14px !important;padding-right:14px !important}' +
  '.cd-card{padding:12px 10px 14px 12px !important}.cd-tile{font-size:20px !important;line-height:24px !important}}</style>';

export function renderWeeklyReportHtml(report: WeeklyReport, options: RenderHtmlOptions = {}): string {
  const title = `Weekly incident report, ${formatWeekRange(report.week.start, report.week.end)}`;
  return emailDocument({
    title,
    preheader: report.headline,
    width: 680,
    padding: '20px 8px',
    headExtra: raw(PHONE_CSS),
    body: html`${header(report)}
${tiles(report)}
${notes(report)}
${kpis(report)}
${charts(report, options.images)}
${postMortems(report)}
${overdue(report)}`,
    footer: footer(report, options.archiveUrl),
  });
}
