/**
 * Negative posts per hour since the Incident opened, against the brand's normal level, as an
 * inline SVG bar chart: no script, no image request (the page's CSP allows neither), a title and
 * a description for screen readers, and the numbers in a table beside it. Built from the brand's
 * counter buckets (the same ones detection reads), never from Mentions.
 */
import type { Incident } from '../incident.ts';
import { html, raw, type SafeHtml } from '../html.ts';
import type { CounterBucket } from '../ports.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Hours shown before the opening, so the rise is visible. */
const BEFORE_HOURS = 3;
/** At most this many bars: a long Incident gets wider bins (2 h, 3 h, ...). */
const MAX_BARS = 72;
/** A very long Incident is shown for its first two weeks. */
const MAX_SPAN_HOURS = 14 * 24;

export interface ChartBin {
  /** ISO start of the bin. */
  from: string;
  negative: number;
  /** The brand's normal negatives for these hours of the day; null without history. */
  normal: number | null;
  /** The Incident was open during (part of) the bin. */
  during: boolean;
}

export interface NegativeSeries {
  bins: ChartBin[];
  binHours: number;
  /** Days of history the normal level was taken from. */
  baselineDays: number;
  openedAt: string;
  resolvedAt?: string;
}

const floorHour = (t: number): number => Math.floor(t / HOUR) * HOUR;

/** The span the chart shows, and where the reads start (the baseline days before it). */
export function chartSpan(incident: Pick<Incident, 'openedAt' | 'resolvedAt' | 'status'>, now: Date, baselineDays: number): { from: Date; to: Date; readFrom: Date } {
  const opened = floorHour(Date.parse(incident.openedAt));
  const from = opened - BEFORE_HOURS * HOUR;
  const closed = incident.status === 'resolved' && incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const end = Math.min(Math.max(floorHour(closed) + HOUR, opened + HOUR), opened + MAX_SPAN_HOURS * HOUR);
  return { from: new Date(from), to: new Date(end), readFrom: new Date(from - baselineDays * 24 * HOUR) };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * The bins: negatives of every bucket in each bin, and the normal level of each hour of the day,
 * the median of that hour over the `baselineDays` before the chart starts (the Incident's own
 * hours never count towards its normal).
 */
export function negativeSeries(
  incident: Pick<Incident, 'openedAt' | 'resolvedAt' | 'status'>,
  buckets: readonly Pick<CounterBucket, 'bucketStart' | 'negative'>[],
  now: Date,
  baselineDays: number,
): NegativeSeries {
  const { from, to, readFrom } = chartSpan(incident, now, baselineDays);
  const hourly = new Map<number, number>();
  let history = false;
  for (const b of buckets) {
    const t = Date.parse(b.bucketStart);
    if (!(t >= readFrom.getTime() && t < to.getTime())) continue;
    if (t < from.getTime()) history = true;
    const h = floorHour(t);
    hourly.set(h, (hourly.get(h) ?? 0) + b.negative);
  }
  const normalAt = (h: number): number | null => {
    if (!history) return null;
    // The same hour on each of the baselineDays days before the chart starts.
    const first = Math.floor((h - from.getTime()) / DAY) + 1;
    return median(Array.from({ length: baselineDays }, (_, k) => hourly.get(h - (first + k) * DAY) ?? 0));
  };
  const hours = Math.max(1, Math.round((to.getTime() - from.getTime()) / HOUR));
  const binHours = Math.ceil(hours / MAX_BARS);
  const opened = Date.parse(incident.openedAt);
  const closed = incident.status === 'resolved' && incident.resolvedAt ? Date.parse(incident.resolvedAt) : now.getTime();
  const bins: ChartBin[] = [];
  for (let start = from.getTime(); start < to.getTime(); start += binHours * HOUR) {
    const end = Math.min(start + binHours * HOUR, to.getTime());
    let negative = 0;
    let normal: number | null = 0;
    for (let h = start; h < end; h += HOUR) {
      negative += hourly.get(h) ?? 0;
      const n = normalAt(h);
      normal = n === null || normal === null ? null : normal + n;
    }
    bins.push({ from: new Date(start).toISOString(), negative, normal, during: end > opened && start <= closed });
  }
  return { bins, binHours, baselineDays, openedAt: incident.openedAt, ...(incident.status === 'resolved' && incident.resolvedAt && { resolvedAt: incident.resolvedAt }) };
}

const clock = (iso: string, timeZone: string, withDay: boolean): string =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', ...(withDay && { weekday: 'short', day: 'numeric' }) }).format(new Date(iso));

/** 1, 2, 5, 10, 20, 50 ...: a round top for the y axis. */
function niceCeiling(n: number): number {
  if (n <= 5) return Math.max(1, Math.ceil(n));
  const p = 10 ** Math.floor(Math.log10(n));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= n) ?? 10 * p;
}

const fmt = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('en-GB') : n.toLocaleString('en-GB', { maximumFractionDigits: 1 }));

/** The chart, its legend and its numbers. `id` keeps the ids unique on the page. */
export function chartFigure(series: NegativeSeries, timeZone: string, id = 'negatives'): SafeHtml {
  const W = 640;
  const H = 220;
  const left = 40;
  const right = 8;
  const top = 12;
  const bottom = 34;
  const n = series.bins.length;
  const top1 = niceCeiling(Math.max(1, ...series.bins.map((b) => Math.max(b.negative, b.normal ?? 0))));
  const x = (i: number) => left + (i * (W - left - right)) / n;
  const y = (v: number) => top + (H - top - bottom) * (1 - v / top1);
  const barW = Math.max(1, ((W - left - right) / n) * 0.78);
  const unit = series.binHours === 1 ? 'hour' : `${series.binHours} hours`;
  const peak = series.bins.reduce((a, b) => (b.negative > a.negative ? b : a), series.bins[0]!);
  const withDay = new Set(series.bins.map((b) => new Date(b.from).toDateString())).size > 1;
  const labelEvery = Math.max(1, Math.ceil(n / 6));
  const openedIndex = series.bins.findIndex((b) => Date.parse(b.from) + series.binHours * HOUR > Date.parse(series.openedAt));
  const normalKnown = series.bins.some((b) => b.normal !== null);
  const normalPath = series.bins
    .map((b, i) => (b.normal === null ? '' : `${i === 0 || series.bins[i - 1]!.normal === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(b.normal).toFixed(1)}H${x(i + 1).toFixed(1)}`))
    .join('');
  const description =
    `${n} bars, one per ${unit}, from ${clock(series.bins[0]!.from, timeZone, true)}. ` +
    `The most was ${fmt(peak.negative)} negative posts in the ${unit} from ${clock(peak.from, timeZone, true)}` +
    (peak.normal !== null ? `, against a normal ${fmt(peak.normal)} for that time of day.` : '; there is no history yet to say what is normal.');
  const svg = raw(
    [
      `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}-title ${id}-desc" preserveAspectRatio="xMidYMid meet">`,
      `<title id="${id}-title">Negative posts per ${unit} since the incident opened, against the brand's normal level</title>`,
      html`<desc id="${id}-desc">${description}</desc>`.value,
      ...[0, top1 / 2, top1].map(
        (v) => `<line x1="${left}" x2="${W - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="axis">${fmt(v)}</text>`,
      ),
      ...series.bins.map(
        (b, i) =>
          `<rect x="${(x(i) + ((W - left - right) / n - barW) / 2).toFixed(1)}" y="${y(b.negative).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(0) - y(b.negative)).toFixed(1)}" class="${b.during ? 'bar' : 'bar before'}"/>`,
      ),
      normalPath ? `<path d="${normalPath}" class="normal"/>` : '',
      openedIndex >= 0 ? `<line x1="${x(openedIndex).toFixed(1)}" x2="${x(openedIndex).toFixed(1)}" y1="${top}" y2="${y(0)}" class="opened"/><text x="${(x(openedIndex) + 4).toFixed(1)}" y="${top + 10}" class="axis">opened</text>` : '',
      ...series.bins.map((b, i) =>
        i % labelEvery === 0 ? html`<text x="${x(i).toFixed(1)}" y="${H - bottom + 16}" class="axis">${clock(b.from, timeZone, withDay && i % (labelEvery * 2) === 0)}</text>`.value : '',
      ),
      '</svg>',
    ].join(''),
  );
  return html`<figure class="chart-figure" aria-labelledby="${id}-caption">
${svg}
<figcaption id="${id}-caption"><span class="key bar-key" aria-hidden="true"></span> negative posts per ${unit} (grey: before it opened) · <span class="key normal-key" aria-hidden="true"></span> ${normalKnown ? `normal for that time of day (the median of the same hour over the ${series.baselineDays} days before)` : 'normal level unknown: no history before it opened'}</figcaption>
</figure>
<details class="numbers"><summary>The numbers</summary>
<table><caption class="sr">Negative posts per ${unit}</caption><thead><tr><th scope="col">From</th><th scope="col">Negative posts</th><th scope="col">Normal</th></tr></thead>
<tbody>${series.bins.map((b) => html`<tr><td>${clock(b.from, timeZone, true)}</td><td>${fmt(b.negative)}</td><td>${b.normal === null ? '—' : fmt(b.normal)}</td></tr>`)}</tbody></table>
</details>`;
}
