/**
 * The incident page: the whole crisis on one read-only page. Status, severity and its history,
 * owner, who was paged and when, what the escalation does next; the negative posts per hour
 * against the brand's normal level; the timeline; the Incident's posts, sortable and paged, each
 * with its link, its analysis and whether the brand replied; the resolution once written; and
 * the Acknowledge / Resolve / Snooze buttons, which lead to the signed single-use action pages.
 * No script; every post, name and note goes through `html`, which escapes it.
 */
import { verdictText } from '../alert-verdict.ts';
import { formatCompact, formatTime, plural } from '../email/format.ts';
import { cleanText, html, safeHref, type SafeHtml } from '../html.ts';
import type { Incident } from '../incident.ts';
import { openedSeverity, pagesOf, severityChanges } from '../incident-timeline.ts';
import type { Mention } from '../mention.ts';
import { authorName, sourceLabel } from '../mention-text.ts';
import { personName, type Person } from '../people.ts';
import { plainReason } from '../plain-reason.ts';
import { formatMinutes } from '../report/format.ts';
import { minutesBetween } from '../report/metrics.ts';
import { themeInText, themeLabel, type ThemeLabelSource } from '../theme-label.ts';
import { resolverNotes } from '../resolver-notes.ts';
import { timelineList } from './incident-parts.ts';
import { pageDocument } from './layout.ts';
import { chartFigure, type NegativeSeries } from './negative-chart.ts';
import type { Page } from './views.ts';

export const POST_SORTS = ['newest', 'oldest', 'reach', 'negative'] as const;
export type PostSort = (typeof POST_SORTS)[number];

const SORT_LABELS: Readonly<Record<PostSort, string>> = { newest: 'Newest', oldest: 'Oldest', reach: 'Most reach', negative: 'Most negative' };

export interface PostsPage {
  sort: PostSort;
  /** 1-based. */
  page: number;
  pages: number;
  mentions: Mention[];
  /** Posts the sort covers; below mentionCount when the Incident has more than can be sorted at once. */
  sortedOf?: { sorted: number; total: number };
  /** Newest or oldest first on an Incident with more posts than the pages go to. */
  pagedOf?: { paged: number; total: number };
  /** How many posts the index holds, when this read reached its end. */
  stored?: number;
}

export interface IncidentPageView {
  incident: Incident;
  brandName: string;
  labels?: ThemeLabelSource;
  timeZone: string;
  owners: readonly Person[];
  now: string;
  /** What the escalation does next (next-step.ts). */
  nextStep: string;
  series: NegativeSeries;
  posts: PostsPage;
  /** The signed action links for the viewer, when the page knows who is looking and where the actions are. */
  actions?: { acknowledge?: string; resolve: string; snooze?: string };
  /** Who the link was sent to (the page names them), absent on the local list's read-only view. */
  viewer?: string;
  /** The page's own query for a sort or a page (`?t=…&sort=reach&page=2`). */
  hrefFor(params: { sort: PostSort; page: number }): string;
}

const title = (v: IncidentPageView): string => `${v.brandName}: ${themeInText(v.incident.theme, v.labels)} incident`;
const name = (v: IncidentPageView, who: string): string => personName(v.owners, who);
const time = (v: IncidentPageView, iso: string): SafeHtml => html`<time datetime="${iso}">${formatTime(iso, v.timeZone)}</time>`;

function statusText(v: IncidentPageView): SafeHtml {
  const i = v.incident;
  if (i.status === 'resolved') return html`<span class="status resolved">Resolved</span>${i.resolvedAt ? html` ${time(v, i.resolvedAt)}` : ''}${i.resolution ? ` by ${name(v, i.resolution.resolvedBy)}` : ''}`;
  if (i.status === 'acknowledged') return html`<span class="status acknowledged">Acknowledged</span>`;
  return html`<span class="status open">Open</span>${i.reopenedAt ? html`, reopened ${time(v, i.reopenedAt)}` : ''}${i.snoozedUntil && Date.parse(i.snoozedUntil) > Date.parse(v.now) ? html`, snoozed until ${time(v, i.snoozedUntil)}` : ''}`;
}

/** "open for 3 h 30 min", "took 2 h 45 min". */
function duration(v: IncidentPageView): string {
  const i = v.incident;
  const end = i.status === 'resolved' && i.resolvedAt ? i.resolvedAt : v.now;
  return `${i.status === 'resolved' ? 'took' : 'open for'} ${formatMinutes(Math.max(0, minutesBetween(i.openedAt, end)))}`;
}

function severityHistory(v: IncidentPageView): SafeHtml {
  const i = v.incident;
  const reason = (r: string | undefined) => (r ? html`: <bdi>${plainReason(r, { brandName: v.brandName })}</bdi>` : '');
  // Severity moves by raises and reopenings; a new surge at the same severity is on the timeline only.
  const moves = [
    ...severityChanges(i)
      .filter((c) => c.from !== c.to)
      .map((c) => ({ at: c.at, item: html`<li>Raised${c.from ? ` from ${c.from}` : ''} to ${c.to} ${time(v, c.at)}${reason(c.reason)}</li>` })),
    ...i.timeline
      .filter((e) => e.type === 'reopened')
      .map((e) => ({ at: e.at, item: html`<li>Reopened${e.severity ? ` at ${e.severity}` : ''} ${time(v, e.at)}${reason(e.detail)}</li>` })),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return html`<span class="badge ${i.severity}">${i.severity}</span>${
    moves.length
      ? html`<ol class="history"><li>Opened ${time(v, i.openedAt)} as ${openedSeverity(i)}</li>${moves.map((m) => m.item)}</ol>`
      : html` since it opened`
  }`;
}

function pagedList(v: IncidentPageView): SafeHtml {
  const pages = pagesOf(v.incident).filter((p) => !p.reminder);
  const reminders = pagesOf(v.incident).filter((p) => p.reminder).length;
  if (!pages.length) return html`nobody yet`;
  return html`<ol class="history">${pages.map((p) => html`<li>${time(v, p.at)}: ${p.position}${p.severity ? ` at ${p.severity}` : ''}, ${p.to.map((e) => name(v, e)).join(', ')}</li>`)}</ol>${
    reminders ? html`<span class="hint">${plural(reminders, 'reminder')} since.</span>` : ''
  }`;
}

function ownerText(v: IncidentPageView): SafeHtml | string {
  const i = v.incident;
  if (i.reopenedAt) {
    // A new life: only an acknowledgement since the reopening owns it now.
    const ack = i.timeline.filter((e) => e.type === 'acknowledged' && e.actor && Date.parse(e.at) >= Date.parse(i.reopenedAt!)).at(-1);
    if (ack) return html`${name(v, ack.actor!)}, since ${time(v, ack.at)} (${formatMinutes(minutesBetween(i.reopenedAt, ack.at))} after it reopened)`;
    if (i.status === 'open')
      return html`Nobody since it reopened: the escalation goes on until someone acknowledges.${i.acknowledgedBy ? html` Before, ${name(v, i.acknowledgedBy)} owned it.` : ''}`;
  }
  if (!i.acknowledgedBy) return 'Nobody yet: the escalation goes on until someone acknowledges.';
  return html`${name(v, i.acknowledgedBy)}${i.acknowledgedAt ? html`, since ${time(v, i.acknowledgedAt)} (${formatMinutes(minutesBetween(i.openedAt, i.acknowledgedAt))} after it opened)` : ''}`;
}

function facts(v: IncidentPageView): SafeHtml {
  const i = v.incident;
  return html`<dl class="facts">
<dt>Status</dt><dd>${statusText(v)} · ${duration(v)}</dd>
<dt>Severity</dt><dd>${severityHistory(v)}</dd>
<dt>Owner</dt><dd>${ownerText(v)}</dd>
<dt>Paged</dt><dd>${pagedList(v)}</dd>
<dt>Next</dt><dd>${v.nextStep}</dd>
<dt>Why it opened</dt><dd><bdi>${plainReason(i.reason, { brandName: v.brandName })}</bdi></dd>
<dt>First seen</dt><dd>${time(v, i.firstMentionAt)}</dd>
<dt>Incident</dt><dd><code>${i.id}</code></dd>
</dl>`;
}

function actionButtons(v: IncidentPageView): SafeHtml | '' {
  const a = v.actions;
  if (!a || v.incident.status === 'resolved') return '';
  return html`<nav class="actions" aria-label="Act on this incident">
${a.acknowledge ? html`<a class="button" href="${a.acknowledge}">Acknowledge</a>` : ''}
<a class="button resolve" href="${a.resolve}">Resolve</a>
${a.snooze ? html`<a class="button secondary" href="${a.snooze}">Snooze 1 h</a>` : ''}
<p class="hint">Each button opens a page that asks you to confirm; nothing changes until you do.</p>
</nav>`;
}

function replyText(m: Mention): string {
  if (m.author.isBrand) return "The brand's own post";
  if (m.repliedAt) return `The brand replied after ${formatMinutes(minutesBetween(m.createdAt, m.repliedAt))}`;
  return 'No reply from the brand yet';
}

function analysisText(m: Mention, labels?: ThemeLabelSource): SafeHtml {
  const a = m.analysis;
  if (!a) return html`<span>Not scored yet (analysis failed; it is retried on the next run)</span>`;
  const risks = a.risks.map((r) => {
    const [category, ...term] = r.split(':');
    return term.length ? `${category} (“${term.join(':')}”)` : r;
  });
  return html`<span>Sentiment: ${a.sentiment.toLowerCase()} (negative ${a.scores.negative.toFixed(2)})${a.complaint ? ', a complaint' : ''}</span> · <span>Theme: ${themeLabel(a.theme, labels)}</span> · <span>Risk: ${risks.length ? risks.join(', ') : 'none'}</span>`;
}

function postItem(v: IncidentPageView, m: Mention): SafeHtml {
  const href = safeHref(m.url);
  return html`<li class="post${m.analysis?.sentiment === 'NEGATIVE' || m.analysis?.complaint ? ' negative' : ''}">
<p class="meta"><strong><bdi>${authorName(m)}</bdi></strong> · ${formatCompact(m.author.reach)} reach · ${sourceLabel(m.sourceKind)} · ${time(v, m.createdAt)}</p>
<p class="text" dir="auto"><bdi>${cleanText(m.text)}</bdi></p>
<p class="analysis">${analysisText(m, v.labels)} · <span>${replyText(m)}</span></p>
${href ? html`<p class="link"><a href="${href}" rel="noreferrer noopener">Open the original post<span class="sr"> by <bdi>${authorName(m)}</bdi></span></a> (${new URL(href).host})</p>` : ''}
</li>`;
}

function postsSection(v: IncidentPageView): SafeHtml {
  const p = v.posts;
  const sorts = POST_SORTS.map((s) =>
    s === p.sort ? html`<li><a href="${v.hrefFor({ sort: s, page: 1 })}" aria-current="true">${SORT_LABELS[s]}</a></li>` : html`<li><a href="${v.hrefFor({ sort: s, page: 1 })}">${SORT_LABELS[s]}</a></li>`,
  );
  const pager =
    p.pages > 1
      ? html`<nav class="pager" aria-label="Pages of posts">
${p.page > 1 ? html`<a href="${v.hrefFor({ sort: p.sort, page: p.page - 1 })}" rel="prev">Previous</a>` : ''}
<span>Page ${p.page} of ${p.pages}</span>
${p.page < p.pages ? html`<a href="${v.hrefFor({ sort: p.sort, page: p.page + 1 })}" rel="next">Next</a>` : ''}
</nav>`
      : '';
  return html`<section aria-labelledby="posts-heading">
<h2 id="posts-heading">Posts <span class="count">(${v.incident.mentionCount.toLocaleString('en-GB')})</span></h2>
<nav class="sorts" aria-label="Sort the posts"><span>Sort by:</span> <ul>${sorts}</ul></nav>
${p.stored !== undefined && p.stored < v.incident.mentionCount ? html`<p class="hint">${plural(p.stored, 'post')} of the ${v.incident.mentionCount.toLocaleString('en-GB')} counted ${p.stored === 1 ? 'is' : 'are'} stored with this incident: the others are in its counts only, or past their retention.</p>` : ''}
${p.pagedOf ? html`<p class="hint">The pages go to the ${p.sort === 'oldest' ? 'first' : 'latest'} ${plural(p.pagedOf.paged, 'post')} of ${p.pagedOf.total.toLocaleString('en-GB')}: sort by ${p.sort === 'oldest' ? 'Newest for the latest' : 'Oldest for the first'} ones.</p>` : ''}
${p.sortedOf ? html`<p class="hint">Sorted among the newest ${plural(p.sortedOf.sorted, 'post')} of ${p.sortedOf.total.toLocaleString('en-GB')}.</p>` : ''}
${p.mentions.length ? html`<ol class="posts" start="${(p.page - 1) * 50 + 1}">${p.mentions.map((m) => postItem(v, m))}</ol>` : html`<p>No posts on this page.</p>`}
${pager}
</section>`;
}

function resolutionSection(v: IncidentPageView): SafeHtml | '' {
  const r = v.incident.resolution;
  if (!r) return '';
  const notes: [string, string][] = [...(r.alert ? [['Was the alert real', verdictText(r.alert)] as [string, string]] : []), ...resolverNotes(r)];
  return html`<section aria-labelledby="resolution-heading">
<h2 id="resolution-heading">Resolution</h2>
<dl class="facts">${notes.map(([k, text]) => html`<dt>${k}</dt><dd dir="auto"><bdi>${text}</bdi></dd>`)}</dl>
${r.actionItems.length ? html`<h3>Action items</h3><ul>${r.actionItems.map((a) => html`<li><bdi>${a.text}</bdi> · <bdi>${name(v, a.owner)}</bdi>${a.due ? ` · due ${a.due}` : ''} · ${a.status}</li>`)}</ul>` : ''}
</section>`;
}

export function incidentPage(v: IncidentPageView): Page {
  const i = v.incident;
  const main = html`<h1><span class="badge ${i.severity}">${i.severity}</span> ${title(v)}</h1>
<p class="lead">${plural(i.negativeCount, 'negative post')} of ${plural(i.mentionCount, 'post')}, reaching about ${plural(i.reach, 'person', 'people')}.${v.viewer ? html` <span class="hint">This page was sent to ${name(v, v.viewer)}; please do not forward it.</span>` : html` <span class="hint">Read-only: open it from an email to act on it.</span>`}</p>
${actionButtons(v)}
<div class="split">
<aside class="context" aria-labelledby="context-heading">
<h2 id="context-heading">Where it stands</h2>
${facts(v)}
</aside>
<div>
<section aria-labelledby="chart-heading">
<h2 id="chart-heading">Negative posts per hour</h2>
${chartFigure(v.series, v.timeZone)}
</section>
<section aria-labelledby="timeline-heading">
<h2 id="timeline-heading">Timeline</h2>
${timelineList(v, 'timeline-heading')}
</section>
</div>
</div>
${resolutionSection(v)}
${postsSection(v)}`;
  return { status: 200, html: pageDocument({ title: `${i.severity} ${title(v)}`, main, wide: true }) };
}
