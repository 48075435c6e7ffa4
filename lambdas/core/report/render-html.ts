/**
 * The WeeklyReport as an email-safe HTML page: table layout, inline CSS, one column that
 * narrows to a phone. It reads top down as leadership needs it: the week's incidents, the
 * week at a glance, the trends, then a compact post-mortem per SEV1 and SEV2 incident.
 * The page is a list of sections (REPORT_SECTIONS): a new section is one more entry.
 * Every text goes through the `html` tag, which escapes it: resolutions, action items,
 * themes and source ids were typed by people or taken from posts.
 */
import { html, raw, safeHref, type SafeHtml } from '../html.ts';
import { COLORS, emailDocument, FONT, SEVERITY_COLORS } from '../email/layout.ts';
import { SEVERITIES } from '../incident.ts';
import {
  countChange,
  durationChange,
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
import { ladderText, quietText, rowHeading } from '../responsibility-map.ts';
import { qualitySentence, type AlertQualityRow } from './alert-quality.ts';
import { brandPhrase } from './headline.ts';
import { resolverNotes } from '../resolver-notes.ts';
import { sameNotesAs } from './post-mortem.ts';
import type { IncidentLine, PostMortem, ReportActionItem, ReportChart, ReportChartId, WeeklyReport, WeekMetrics } from './weekly-report.ts';

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

/** One part of the report: it renders to nothing when it has nothing to say. */
export interface ReportSection {
  id: string;
  render(report: WeeklyReport, options: RenderHtmlOptions): SafeHtml | '';
}

const C = {
  ...COLORS,
  ink: '#101828',
  header: '#0b1f3a',
  headerMuted: '#b9c6d8',
  good: '#067647',
  bad: '#b42318',
  warn: '#b54708',
  neutral: '#475467',
  note: '#fffaeb',
  noteBorder: '#fec84b',
} as const;

const text = `font-family:${FONT};font-size:14px;line-height:20px;color:${C.text};overflow-wrap:anywhere;word-break:break-word;`;
const small = `font-family:${FONT};font-size:12px;line-height:17px;color:${C.muted};`;

/** A full-width row of the card. */
const row = (content: SafeHtml, padding = '0 24px 20px 24px'): SafeHtml =>
  html`<tr><td class="cd-pad" style="padding:${padding};${text}">${content}</td></tr>`;

const h2 = (label: string, id?: string): SafeHtml =>
  html`<h2${id ? html` id="${id}"` : ''} style="margin:0 0 10px 0;padding-top:16px;border-top:1px solid ${C.border};font-family:${FONT};font-size:18px;line-height:24px;font-weight:700;color:${C.ink};">${label}</h2>`;

const h3 = (label: string): SafeHtml =>
  html`<h3 style="margin:14px 0 4px 0;font-family:${FONT};font-size:12px;line-height:16px;font-weight:700;letter-spacing:0.04em;text-transform:uppercase;color:${C.muted};">${label}</h3>`;

const badge = (label: string, bg: string): SafeHtml =>
  html`<span style="display:inline-block;padding:1px 7px;border-radius:4px;background:${bg};color:#ffffff;font-family:${FONT};font-size:12px;line-height:17px;font-weight:700;">${label}</span>`;

const statusColor = (status: string): string => (status === 'resolved' ? C.good : status === 'acknowledged' ? C.warn : C.bad);

const anchor = (incidentId: string): string => `pm-${incidentId.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

function changeCell(change: Change): SafeHtml {
  const color = change.better === true ? C.good : change.better === false ? C.bad : C.neutral;
  const arrow = change.direction === 'up' ? '▲ ' : change.direction === 'down' ? '▼ ' : '';
  return html`<td align="right" valign="top" style="${text}padding:6px 0 6px 6px;border-bottom:1px solid ${C.border};color:${color};">${arrow}${change.text}</td>`;
}

/** A table whose first row is a header; cells are already escaped fragments. */
function table(headers: string[], rows: SafeHtml[][], widths: string[] = [], aligns: ('left' | 'right')[] = []): SafeHtml {
  const align = (i: number) => aligns[i] ?? (i === 0 ? 'left' : 'right');
  return html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="width:100%;border-collapse:collapse;table-layout:fixed;">
<tr>${headers.map((h, i) => html`<th align="${align(i)}" style="${small}font-weight:700;padding:0 ${i === headers.length - 1 ? 0 : 6}px 4px ${i === 0 ? 0 : 6}px;border-bottom:2px solid ${C.border};${widths[i] ? `width:${widths[i]};` : ''}">${h}</th>`)}</tr>
${rows.map((r) => html`<tr>${r}</tr>`)}
</table>`;
}

const td = (content: SafeHtml | string | number, align: 'left' | 'right' = 'left', extra = ''): SafeHtml =>
  html`<td align="${align}" valign="top" style="${text}padding:6px ${align === 'left' ? '6px 6px 0' : '0 6px 6px'};border-bottom:1px solid ${C.border};${extra}">${content}</td>`;

function header(report: WeeklyReport): SafeHtml {
  const range = formatWeekRange(report.week.start, report.week.end);
  return html`<tr><td class="cd-pad" style="padding:22px 24px 20px 24px;background:${C.header};border-radius:8px 8px 0 0;">
<p style="margin:0 0 6px 0;font-family:${FONT};font-size:12px;line-height:16px;font-weight:700;letter-spacing:0.08em;text-transform:uppercase;color:${C.headerMuted};">Weekly incident report · ${brandPhrase(report.brands.map((b) => b.name))}</p>
<h1 style="margin:0 0 10px 0;font-family:${FONT};font-size:26px;line-height:32px;font-weight:700;color:#ffffff;">${range}</h1>
<p style="margin:0;font-family:${FONT};font-size:17px;line-height:25px;color:#ffffff;">${report.headline}</p>
</td></tr>`;
}

/** "acknowledged in 21 min by Sam Okafor · resolved in 2 h 45 min". */
function handling(line: IncidentLine): string {
  const ack =
    line.timeToAcknowledgeMinutes === null
      ? 'not acknowledged'
      : `acknowledged in ${formatMinutes(line.timeToAcknowledgeMinutes)}${line.acknowledgedBy ? ` by ${line.acknowledgedBy}` : ''}`;
  const resolved = line.timeToResolveMinutes === null ? 'still open' : `resolved in ${formatMinutes(line.timeToResolveMinutes)}`;
  return `${ack} · ${resolved}`;
}

function incidentItem(line: IncidentLine, report: WeeklyReport): SafeHtml {
  const color = SEVERITY_COLORS[line.severity] ?? C.neutral;
  const brand = report.brands.length > 1 ? `${line.brandName} · ` : '';
  return html`<tr><td style="padding:8px 0 8px 10px;border-left:4px solid ${color};border-bottom:1px solid ${C.border};${text}">
<p style="margin:0 0 2px 0;">${badge(line.severity, color)} <strong style="font-size:15px;color:${C.ink};">${brand}${line.themeLabel}</strong> <span style="${small}">· opened ${formatLocalTime(line.openedAt, report.week.timeZone)}${line.carriedOver ? ' (an earlier week)' : ''}</span></p>
<p style="margin:0 0 2px 0;">${line.reasonText}${line.raised ? html` <strong>Raised to ${line.raised.to}</strong> ${formatLocalTime(line.raised.at, report.week.timeZone)}.` : ''}</p>
<p style="margin:0;${small}"><span style="color:${statusColor(line.status)};font-weight:700;">${line.status}</span> · ${handling(line)}${line.verdict && line.verdict !== 'Real' ? html` · <strong>${line.verdict.toLowerCase()}</strong>` : ''}${line.postMortem ? html` · <a href="#${anchor(line.incidentId)}" style="color:${C.link};">post-mortem</a>` : ''}${line.rootCause ? html`<br>Root cause: ${line.rootCause}` : ''}</p>
</td></tr>`;
}

const incidentsSection: ReportSection = {
  id: 'incidents',
  render: (report) =>
    row(
      html`${h2("This week's incidents")}${
        report.incidents.length
          ? html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="table-layout:fixed;">${report.incidents.map((l) => incidentItem(l, report))}</table>`
          : html`<p style="margin:0;">No incidents were open this week: nothing needed an owner.</p>`
      }`,
      '16px 24px 16px 24px',
    ),
};

function tiles(report: WeeklyReport): SafeHtml {
  const m = report.thisWeek;
  const tile = (value: string, label: string, color: string) =>
    html`<td align="center" valign="top" width="25%" style="padding:3px;"><table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0"><tr><td align="center" style="padding:8px 4px;border-radius:6px;background:${C.panel};border-top:4px solid ${color};">
<div class="cd-tile" style="font-family:${FONT};font-size:24px;line-height:28px;font-weight:700;color:${C.ink};">${value}</div>
<div style="${small}">${label}</div></td></tr></table></td>`;
  return html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="table-layout:fixed;margin:0 0 10px 0;"><tr>
${SEVERITIES.map((s) => tile(String(m.incidents[s]), s, m.incidents[s] > 0 ? (SEVERITY_COLORS[s] ?? C.neutral) : C.border))}
${tile(formatMinutes(m.mtta.minutes), 'to acknowledge', C.header)}
</tr></table>`;
}

function kpiTable(report: WeeklyReport): SafeHtml {
  const a = report.thisWeek;
  const b = report.lastWeek;
  const sev = (m: WeekMetrics) => SEVERITIES.map((s) => m.incidents[s]).join('/');
  const line = (label: string | SafeHtml, now: string, before: string, change: Change) => [
    td(label),
    td(now, 'right', 'font-weight:700;'),
    td(before, 'right', `color:${C.muted};`),
    changeCell(change),
  ];
  const rows: SafeHtml[][] = [
    line('Mentions', formatCount(a.mentions), formatCount(b.mentions), countChange(a.mentions, b.mentions)),
    line('Negative share', formatShare(a.negativeShare), formatShare(b.negativeShare), shareChange(a.negativeShare, b.negativeShare, true)),
    line('Complaint share', formatShare(a.complaintShare), formatShare(b.complaintShare), shareChange(a.complaintShare, b.complaintShare, true)),
    line(html`Incidents <span style="${small}">SEV1/2/3 ${sev(a)}</span>`, String(a.incidentsTotal), String(b.incidentsTotal), countChange(a.incidentsTotal, b.incidentsTotal, true)),
    line(html`Time to detect <span style="${small}">MTTD</span>`, formatMinutes(a.mttd.minutes), formatMinutes(b.mttd.minutes), durationChange(a.mttd.minutes, b.mttd.minutes)),
    line(html`Time to acknowledge <span style="${small}">MTTA</span>`, formatMinutes(a.mtta.minutes), formatMinutes(b.mtta.minutes), durationChange(a.mtta.minutes, b.mtta.minutes)),
    line(html`Time to resolve <span style="${small}">MTTR</span>`, formatMinutes(a.mttr.minutes), formatMinutes(b.mttr.minutes), durationChange(a.mttr.minutes, b.mttr.minutes)),
    line('Not acknowledged by week end', String(a.unacknowledged), String(b.unacknowledged), countChange(a.unacknowledged, b.unacknowledged, true)),
    line('Escalations past level 1', String(a.escalations), String(b.escalations), countChange(a.escalations, b.escalations, true)),
  ];
  if (a.repliedShare !== null || b.repliedShare !== null) {
    rows.push(
      line('Complaints replied to', formatShare(a.repliedShare), formatShare(b.repliedShare), shareChange(a.repliedShare, b.repliedShare, false)),
      line('Median time to first reply', formatMinutes(a.medianReplyMinutes), formatMinutes(b.medianReplyMinutes), durationChange(a.medianReplyMinutes, b.medianReplyMinutes)),
    );
  }
  rows.push(
    line('Action items opened / closed', `${a.actionItemsOpened} / ${a.actionItemsClosed}`, `${b.actionItemsOpened} / ${b.actionItemsClosed}`, countChange(a.actionItemsClosed, b.actionItemsClosed, false)),
  );
  return table(['', 'This week', 'Last week', 'Change'], rows, ['42%', '20%', '17%', '21%']);
}

/** Mentions by source on one line: "nimbus-x 539 (last week 255) · ...". */
function sources(report: WeeklyReport): SafeHtml | '' {
  const ids = [...new Set([...Object.keys(report.thisWeek.bySource), ...Object.keys(report.lastWeek.bySource)])].sort(
    (x, y) => (report.thisWeek.bySource[y] ?? 0) - (report.thisWeek.bySource[x] ?? 0),
  );
  if (ids.length === 0) return '';
  const parts = ids.map((id) => html`${id} <strong>${formatCount(report.thisWeek.bySource[id] ?? 0)}</strong> (${formatCount(report.lastWeek.bySource[id] ?? 0)})`);
  return html`<p style="margin:8px 0 0 0;${small}">Mentions by source, this week (last week): ${parts.map((p, i) => html`${i ? ' · ' : ''}${p}`)}</p>`;
}

function notes(report: WeeklyReport): SafeHtml | '' {
  if (report.notes.length === 0) return '';
  return html`<table role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="margin:0 0 10px 0;"><tr><td style="${text}padding:10px 12px;background:${C.note};border-left:4px solid ${C.noteBorder};border-radius:4px;">${report.notes.map((n, i) => html`${i > 0 ? raw('<br>') : ''}${n}`)}</td></tr></table>`;
}

const glanceSection: ReportSection = {
  id: 'at-a-glance',
  render: (report) => row(html`${h2('The week at a glance')}${notes(report)}${tiles(report)}${kpiTable(report)}${sources(report)}`),
};

function chart(c: ReportChart, image: ChartImage | undefined): SafeHtml | '' {
  if (!image) return '';
  return html`${h3(c.title)}<img src="${image.src}" width="${image.width}" alt="${c.alt}" style="display:block;width:100%;max-width:${image.width}px;height:auto;border:0;margin:0 0 4px 0;">`;
}

const trendsSection: ReportSection = {
  id: 'trends',
  render: (report, options) => {
    const images = options.images ?? {};
    const shown = report.charts.filter((c) => images[c.id]);
    if (shown.length === 0) return '';
    return row(html`${h2('Trends')}${shown.map((c) => chart(c, images[c.id]))}`);
  },
};

/** One line per item, so a phone never squeezes four columns: "Text · Owner · due 2 Dec · open". */
function actionItems(items: ReportActionItem[], withIncident = false): SafeHtml {
  const status = (a: ReportActionItem) =>
    a.status === 'done'
      ? html`<span style="color:${C.good};font-weight:700;">done</span>`
      : a.overdue
        ? html`<span style="color:${C.bad};font-weight:700;">overdue ${a.daysOverdue} d</span>`
        : html`open`;
  return html`<ul style="margin:4px 0 0 0;padding:0 0 0 18px;">${items.map(
    (a) =>
      html`<li style="margin:0 0 4px 0;">${a.text} <span style="${small}">· ${a.owner}${a.due ? html` · due ${formatDate(a.due)}` : ''} · ${status(a)}${withIncident ? html` · ${a.incidentId}` : ''}</span></li>`,
  )}</ul>`;
}

/** The resolver's notes, each a labelled paragraph; only what was written. */
function notesOf(pm: PostMortem): SafeHtml {
  const written = resolverNotes(pm);
  if (written.length === 0) {
    return html`<p style="margin:10px 0 0 0;color:${C.muted};font-style:italic;">${pm.status === 'resolved' ? 'The resolver wrote no notes.' : 'No notes yet: the incident is still open. The root cause and lessons come with the resolution.'}</p>`;
  }
  return html`${written.map(([label, value]) => html`<p style="margin:8px 0 0 0;white-space:pre-line;"><strong>${label}.</strong> ${value}</p>`)}`;
}

function postMortemCard(pm: PostMortem, report: WeeklyReport): SafeHtml {
  const tz = report.week.timeZone;
  const color = SEVERITY_COLORS[pm.severity] ?? C.neutral;
  const openedDay = formatLocalTime(pm.opening.at, tz).split(', ')[0];
  const when = (at: string) => {
    const [day, time] = formatLocalTime(at, tz).split(', ');
    return day === openedDay ? time! : `${day}, ${time}`;
  };
  const timeline = pm.timeline.map((e) => [
    td(when(e.at), 'left', `${small}white-space:nowrap;`),
    td(html`${e.label}${e.detail ? html`<br><span style="${small}">${e.detail}</span>` : ''}`),
  ]);
  const brand = report.brands.length > 1 ? `${pm.brandName}: ` : '';
  const same = sameNotesAs(pm, report.postMortems);
  return html`<table id="${anchor(pm.incidentId)}" role="presentation" width="100%" cellspacing="0" cellpadding="0" border="0" style="margin:0 0 16px 0;border:1px solid ${C.border};border-left:6px solid ${color};border-radius:6px;"><tr><td class="cd-card" style="padding:14px 14px 16px 14px;${text}">
<p style="margin:0 0 4px 0;">${badge(pm.severity, color)} ${badge(pm.status, statusColor(pm.status))}${pm.carriedOver ? html` ${badge('from an earlier week', C.neutral)}` : ''}</p>
<h3 style="margin:0;font-family:${FONT};font-size:18px;line-height:24px;font-weight:700;color:${C.ink};">${brand}${pm.themeLabel}</h3>
<p style="margin:0 0 8px 0;${small}">${pm.incidentId}</p>
<p style="margin:0;font-size:15px;line-height:22px;">${pm.summary}</p>
${pm.observations.length ? html`<p style="margin:6px 0 0 0;${small}">${pm.observations.join(' ')}</p>` : ''}
${pm.verdict ? html`<p style="margin:6px 0 0 0;"><strong>Was the alert real?</strong> ${pm.verdict}.</p>` : ''}
${h3('Timeline')}${table(['When', 'What happened'], timeline, ['22%', '78%'], ['left', 'left'])}
${h3("Resolver's notes")}${same ? html`<p style="margin:8px 0 0 0;">The same root cause, notes and action items as the <a href="#${anchor(same.incidentId)}" style="color:${C.link};">${same.severity} ${same.themeLabel} incident opened ${formatLocalTime(same.opening.at, tz)}</a>.</p>` : notesOf(pm)}
${same ? '' : pm.actionItems.length ? html`${h3('Action items')}${actionItems(pm.actionItems)}` : pm.status === 'resolved' ? html`<p style="margin:10px 0 0 0;${small}">No action items recorded.</p>` : ''}
${pm.resolvedBy ? html`<p style="margin:10px 0 0 0;${small}">Resolved by ${pm.resolvedBy}.</p>` : ''}
</td></tr></table>`;
}

const postMortemsSection: ReportSection = {
  id: 'post-mortems',
  render: (report) =>
    report.postMortems.length
      ? row(
          html`${h2('Post-mortems')}<p style="margin:0 0 12px 0;${small}">One per SEV1 and SEV2 incident, blameless: what the system and the team saw and did, so the next response is faster.</p>${report.postMortems.map((pm) => postMortemCard(pm, report))}`,
        )
      : '',
};

const overdueSection: ReportSection = {
  id: 'overdue-action-items',
  render: (report) =>
    report.overdueActionItems.length ? row(html`${h2('Overdue action items from earlier weeks')}${actionItems(report.overdueActionItems, true)}`) : '',
};

const whatToChangeSection: ReportSection = {
  id: 'what-to-change',
  render: (report) =>
    row(
      html`${h2('What to change', 'what-to-change')}${
        report.recommendations.length
          ? html`<ol style="margin:0;padding:0 0 0 20px;">${report.recommendations.map(
              (r) => html`<li style="margin:0 0 10px 0;"><strong>${r.change}</strong><br><span style="${small}font-size:13px;line-height:19px;">${r.because}</span></li>`,
            )}</ol>`
          : html`<p style="margin:0;">Nothing stood out this week: every level answered its pages in time, no trigger was mostly false alarms, and the targets set were met.</p>`
      }`,
    ),
};

function qualityRows(rows: readonly AlertQualityRow[], last: readonly AlertQualityRow[], extra?: (r: AlertQualityRow) => SafeHtml | string): SafeHtml[][] {
  return rows.map((r) => {
    const before = last.find((l) => l.key === r.key);
    return [
      td(html`${r.label}${extra ? html`<br><span style="${small}">${extra(r)}</span>` : ''}`),
      td(String(r.classified), 'right'),
      td(String(r.falseAlarms), 'right', r.falseAlarms ? `color:${C.bad};font-weight:700;` : ''),
      td(formatShare(r.falseAlarmShare), 'right'),
      td(formatShare(before?.falseAlarmShare ?? null), 'right', `color:${C.muted};`),
    ];
  });
}

const alertQualitySection: ReportSection = {
  id: 'alert-quality',
  render: (report) => {
    const q = report.alertQuality.thisWeek;
    const last = report.alertQuality.lastWeek;
    const headers = ['', 'Alerts', 'False', 'Share', 'Last wk'];
    const widths = ['46%', '13%', '13%', '14%', '14%'];
    const reasons = q.reasons.length ? html`<p style="margin:8px 0 0 0;${small}">False alarms were ${q.reasons.map((r) => `${r.label} (${r.count})`).join(', ')}.</p>` : '';
    return row(
      html`${h2('Alert quality', 'alert-quality')}<p style="margin:0 0 8px 0;">${qualitySentence(q, last)}</p>${
        q.classified
          ? html`${h3('By what opened it')}${table(headers, qualityRows(q.byTrigger, last.byTrigger, (r) => q.byTrigger.find((t) => t.key === r.key)!.settings), widths)}
${h3('By theme')}${table(headers, qualityRows(q.byTheme, last.byTheme), widths)}${reasons}`
          : ''
      }`,
    );
  },
};

const appendixSection: ReportSection = {
  id: 'who-does-what',
  render: (report) => {
    const map = report.responsibilities;
    const brands = [...new Set(map.rows.map((r) => r.brandName))];
    return row(
      html`${h2('Appendix: who does what', 'who-does-what')}<p style="margin:0 0 8px 0;${small}">The escalation policies as the config stands: for each severity and theme, who is paged, in which order, and how long each level has (quiet hours in ${map.timeZone} unless said). The same map as <code>crisis-desk roles</code>.</p>
${brands.map(
  (b) => html`${brands.length > 1 ? h3(b) : ''}${map.rows
    .filter((r) => r.brandName === b)
    .map(
      (r) => html`<p style="margin:10px 0 2px 0;font-weight:700;color:${C.ink};">${rowHeading(r)}</p><ul style="margin:0;padding:0 0 0 18px;">${r.levels.map(
        (l) => html`<li style="margin:0 0 2px 0;">Level ${l.level}: ${l.people.join(', ')} <span style="${small}">· ${l.timeoutMinutes} min${quietText(l) ? html` · ${quietText(l)}${r.timeZone !== map.timeZone ? ` ${r.timeZone}` : ''}` : ''}</span></li>`,
      )}</ul><p style="margin:0;${small}">${ladderText(r)}</p>`,
    )}`,
)}
${map.gaps.length ? html`${h3('Gaps')}<ul style="margin:0;padding:0 0 0 18px;">${map.gaps.map((g) => html`<li style="margin:0 0 4px 0;${g.severity === 'error' ? `color:${C.bad};font-weight:700;` : ''}">${g.text}</li>`)}</ul>` : ''}`,
    );
  },
};

/** The report, top down. */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  incidentsSection,
  whatToChangeSection,
  glanceSection,
  alertQualitySection,
  trendsSection,
  postMortemsSection,
  overdueSection,
  appendixSection,
];

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
  '<style>@media only screen and (max-width:480px){.cd-pad{padding-left:12px !important;padding-right:12px !important}' +
  '.cd-card{padding:10px 8px 12px 10px !important}.cd-tile{font-size:19px !important;line-height:24px !important}}</style>';

export function renderWeeklyReportHtml(report: WeeklyReport, options: RenderHtmlOptions = {}, sections: readonly ReportSection[] = REPORT_SECTIONS): string {
  const title = `Weekly incident report, ${formatWeekRange(report.week.start, report.week.end)}`;
  return emailDocument({
    title,
    preheader: report.headline,
    width: 680,
    padding: '16px 6px',
    headExtra: raw(PHONE_CSS),
    body: html`${header(report)}
${sections.map((s) => s.render(report, options))}`,
    footer: footer(report, options.archiveUrl),
  });
}
