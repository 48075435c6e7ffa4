/**
 * The weekly report's charts drawn as SVG: scales, nice domains and ticks from d3-scale, the
 * marks, axes and legends as SVG elements laid out from the labels' own widths (text-width.ts).
 * No DOM and no chart runtime: the Lambda carries a few KB of drawing instead of Vega's 400 KB.
 * Every text goes through the `html` tag, so a theme name written by a stranger stays text.
 * How a chart looks lives here; chart-renderer.ts turns the SVG into the PNG email clients show.
 */
import { scaleBand, scaleLinear, type ScaleLinear } from 'd3-scale';
import { html, type SafeHtml } from '../core/html.ts';
import { SEVERITIES, type Severity } from '../core/incident.ts';
import { formatCount, formatDay, formatMinutes } from '../core/report/format.ts';
import type { ReportChart } from '../core/report/weekly-report.ts';
import { fitText, textWidth } from './text-width.ts';

export const FONT_FAMILY = 'Open Sans';
/**
 * The width the report lays images out at (CSS px); PNGs are drawn at `scale` times that.
 * About a phone's width: on a 390 px screen the chart shrinks little, so its labels stay legible.
 */
export const CHART_WIDTH = 380;
/** Axis, legend and mark labels, in CSS px at CHART_WIDTH. */
export const CHART_LABEL_PX = 13;

const W = CHART_WIDTH;
const FONT = CHART_LABEL_PX;
const PAD = 8;
/** Between two lines of labels. */
const LINE = 16;
const TICK = 5;
/** Between a tick and its label, a bar and its value. */
const GAP = 3;
/** Moves a baseline down so a line of capitals and digits is centred on y (Open Sans caps are 0.71 em). */
const MIDDLE = 0.36 * FONT;
/** From the top of a line of labels to its baseline. */
const ASCENT = 0.78 * FONT;
/** The longest theme name shown in full; a longer one ends in "…". */
const THEME_LABEL_MAX = 170;

const INK = '#101828';
const MUTED = '#475467';
const GRID = '#eaecf0';
const AXIS = '#d0d5dd';
const NEGATIVE = '#d92d20';
const OTHER = '#9db7e0';
const SEVERITY_COLORS: Record<Severity, string> = { SEV1: '#b42318', SEV2: '#b54708', SEV3: '#175cd3' };
const METRIC_COLORS = { acknowledge: '#175cd3', resolve: '#0b1f3a' } as const;

/** One decimal is finer than a 2x PNG pixel. */
const r = (v: number): number => Math.round(v * 10) / 10;

interface TextOptions {
  anchor?: 'start' | 'middle' | 'end';
  bold?: boolean;
  fill?: string;
  /** Degrees about (x, y). */
  rotate?: number;
}

function text(x: number, y: number, s: string, o: TextOptions = {}): SafeHtml {
  const rotate = o.rotate ? html` transform="rotate(${o.rotate} ${r(x)} ${r(y)})"` : '';
  const bold = o.bold ? html` font-weight="bold"` : '';
  return html`<text x="${r(x)}" y="${r(y)}" text-anchor="${o.anchor ?? 'start'}" fill="${o.fill ?? MUTED}"${bold}${rotate}>${s}</text>`;
}

const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, o: { width?: number; dash?: string } = {}): SafeHtml =>
  html`<line x1="${r(x1)}" y1="${r(y1)}" x2="${r(x2)}" y2="${r(y2)}" stroke="${stroke}"${o.width ? html` stroke-width="${o.width}"` : ''}${o.dash ? html` stroke-dasharray="${o.dash}"` : ''}/>`;

/** A bar with its far end rounded (radius 2): `end` is the side its value grows towards. */
function bar(x: number, y: number, w: number, h: number, fill: string, end: 'top' | 'right' | 'none'): SafeHtml {
  const k = Math.min(2, w / 2, h / 2);
  if (w <= 0 || h <= 0) return html``;
  if (end === 'none' || k < 0.5) return html`<rect x="${r(x)}" y="${r(y)}" width="${r(w)}" height="${r(h)}" fill="${fill}"/>`;
  const d =
    end === 'top'
      ? `M${r(x)},${r(y + h)}V${r(y + k)}Q${r(x)},${r(y)} ${r(x + k)},${r(y)}H${r(x + w - k)}Q${r(x + w)},${r(y)} ${r(x + w)},${r(y + k)}V${r(y + h)}Z`
      : `M${r(x)},${r(y)}H${r(x + w - k)}Q${r(x + w)},${r(y)} ${r(x + w)},${r(y + k)}V${r(y + h - k)}Q${r(x + w)},${r(y + h)} ${r(x + w - k)},${r(y + h)}H${r(x)}Z`;
  return html`<path d="${d}" fill="${fill}"/>`;
}

const widest = (labels: readonly string[], bold = false): number => Math.max(0, ...labels.map((l) => textWidth(l, FONT, bold ? 'bold' : 'regular')));

/** About one tick per 60 px of plot, at most `most`: tick labels of 4-5 digits never run into each other. */
const tickCount = (left: number, most: number): number => Math.max(2, Math.min(most, Math.floor((W - PAD - left) / 60)));

/** Ticks of a count: whole numbers only ("0.5 mentions" means nothing). */
const countTicks = (scale: ScaleLinear<number, number>, n: number): number[] => scale.ticks(n).filter(Number.isInteger);

interface LegendItem {
  label: string;
  color: string;
  swatch: 'square' | 'line' | 'tick';
}

/** A legend row (rows when it does not fit) from `x`; returns its elements and height. */
function legend(items: readonly LegendItem[], x: number, y: number): { svg: SafeHtml[]; height: number } {
  const SWATCH = { square: 11, line: 20, tick: 11 } as const;
  const widths = items.map((item) => SWATCH[item.swatch] + 5 + textWidth(item.label, FONT));
  // From the plot's left edge, or further left if that keeps it on one row.
  x = Math.max(PAD, Math.min(x, W - PAD - widths.reduce((a, b) => a + b + 18, -18)));
  const out: SafeHtml[] = [];
  let cx = x;
  let row = 0;
  for (const [i, item] of items.entries()) {
    const w = widths[i]!;
    if (cx > x && cx + w > W - PAD) {
      cx = x;
      row += 1;
    }
    const mid = y + row * (LINE + 4) + LINE / 2;
    if (item.swatch === 'square') out.push(html`<rect x="${r(cx)}" y="${r(mid - 5.5)}" width="11" height="11" fill="${item.color}"/>`);
    if (item.swatch === 'line') out.push(line(cx, mid, cx + 20, mid, item.color, { width: 2 }), html`<circle cx="${r(cx + 10)}" cy="${r(mid)}" r="3.6" fill="${item.color}"/>`);
    if (item.swatch === 'tick') out.push(html`<rect x="${r(cx + 4.5)}" y="${r(mid - 7)}" width="2" height="14" fill="${item.color}"/>`);
    out.push(text(cx + SWATCH[item.swatch] + 5, mid + MIDDLE, item.label));
    cx += w + 18;
  }
  return { svg: out, height: (row + 1) * (LINE + 4) - 4 };
}

/**
 * The x scale of a horizontal bar chart, from `left` to the right padding, with a domain wide
 * enough for each bar's value label (`ends`: the value a label starts after, and its text) to
 * fit inside the chart.
 */
function valueAxis(ends: readonly { value: number; label: string }[], left: number, ticks: number, counts: boolean) {
  let right = W - PAD;
  let x = scaleLinear();
  // Twice: the last tick's own label may need the range to shrink a little.
  for (let pass = 0; pass < 2; pass++) {
    const width = right - left;
    const need = Math.max(0, ...ends.map(({ value, label }) => (value > 0 ? (value * width) / Math.max(width * 0.3, width - GAP - 3 - textWidth(label, FONT)) : 0)));
    // Not niced: the longest bar and its label fill the width; the ticks fall inside.
    x = scaleLinear().domain([0, need || 1]).range([left, right]);
    const last = x.ticks(ticks).at(-1) ?? 0;
    const overflow = x(last) + textWidth(formatTick(x, last, ticks, counts), FONT) / 2 - (W - PAD / 2);
    if (overflow <= 0) break;
    right -= overflow;
  }
  return x;
}

function formatTick(x: ScaleLinear<number, number>, v: number, ticks: number, counts: boolean): string {
  return counts ? formatCount(v) : x.tickFormat(ticks)(v);
}

/** Bottom axis of a horizontal chart: grid lines (drawn under the bars), then the domain line, ticks and labels. */
function bottomAxis(x: ScaleLinear<number, number>, top: number, bottom: number, ticks: number, counts: boolean): { grid: SafeHtml[]; axis: SafeHtml[] } {
  const values = counts ? countTicks(x, ticks) : x.ticks(ticks);
  const grid = values.map((v) => line(x(v), top, x(v), bottom, GRID));
  const axis = [
    line(x.range()[0]!, bottom, x.range()[1]!, bottom, AXIS),
    ...values.map((v) => line(x(v), bottom, x(v), bottom + TICK, AXIS)),
    ...values.map((v) => text(x(v), bottom + TICK + GAP + ASCENT, formatTick(x, v, ticks, counts), { anchor: 'middle' })),
  ];
  return { grid, axis };
}

/** Left axis of band rows: the domain line, a tick and a label at each row's middle. */
function bandAxis(rows: readonly { label: string; middle: number }[], left: number, top: number, bottom: number): SafeHtml[] {
  return [
    line(left, top, left, bottom, AXIS),
    ...rows.flatMap(({ label, middle }) => [line(left - TICK, middle, left, middle, AXIS), text(left - TICK - GAP, middle + MIDDLE, label, { anchor: 'end' })]),
  ];
}

const svgDocument = (height: number, parts: readonly SafeHtml[]): string =>
  html`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${r(height)}" viewBox="0 0 ${W} ${r(height)}" font-family="${FONT_FAMILY}" font-size="${FONT}"><rect width="${W}" height="${r(height)}" fill="#ffffff"/>${parts}</svg>`.value;

/** Mentions per day as stacked bars (negative, other), the negative share as a line on its own axis, and a dashed rule per day an Incident opened. */
function dailySvg(chart: Extract<ReportChart, { id: 'daily-mentions' }>): string {
  const { days } = chart;
  const mentions = scaleLinear().domain([0, Math.max(1, ...days.map((d) => d.mentions))]).nice(4);
  const mentionTicks = countTicks(mentions, 4);
  const share = scaleLinear().domain([0, 1]);
  const shareTicks = share.ticks(4);
  const shareLabel = (v: number) => `${Math.round(v * 100)}%`;
  // Axis titles sit on their side, turned; then the tick labels; then the ticks.
  const left = PAD + FONT + GAP + widest(mentionTicks.map(formatCount)) + GAP + TICK;
  const right = W - (PAD + FONT + GAP + widest(shareTicks.map(shareLabel)) + GAP + TICK);
  const x = scaleBand<number>().domain(days.map((_, i) => i)).range([left, right]);
  const centre = (i: number) => x(i)! + x.bandwidth() / 2;

  // One label per day with incidents ("SEV1", or "SEV1 + SEV3"), above the plot so a tall bar never
  // hides it; a label that would touch its neighbour goes up a row.
  const byDay = new Map<string, Severity[]>();
  for (const m of chart.incidents) byDay.set(m.date, [...(byDay.get(m.date) ?? []), m.severity]);
  const rowEnds: number[] = [];
  const marks = [...byDay]
    .map(([date, sevs]) => ({ i: days.findIndex((d) => d.date === date), label: [...sevs].sort().join(' + '), color: SEVERITY_COLORS[SEVERITIES.find((s) => sevs.includes(s))!] }))
    .filter((m) => m.i >= 0)
    .sort((a, b) => a.i - b.i)
    .map((m) => {
      const w = textWidth(m.label, FONT, 'bold');
      const cx = Math.min(Math.max(centre(m.i), PAD + w / 2), W - PAD - w / 2);
      let row = rowEnds.findIndex((end) => end + 4 <= cx - w / 2);
      if (row < 0) row = rowEnds.push(0) - 1;
      rowEnds[row] = cx + w / 2;
      return { ...m, cx, row };
    });
  // The top row's baseline stays inside the padding, clear of the top tick's label; with no labels, that label's half does.
  const top = PAD + (rowEnds.length ? ASCENT + 8 + (rowEnds.length - 1) * LINE : ASCENT / 2);
  const bottom = top + 190;
  mentions.range([bottom, top]);
  share.range([bottom, top]);

  const barW = x.bandwidth() * 0.6;
  const parts: SafeHtml[] = [
    ...mentionTicks.map((v) => line(left, mentions(v), right, mentions(v), GRID)),
    ...marks.map((m) => line(centre(m.i), top, centre(m.i), bottom, m.color, { width: 1.5, dash: '4 3' })),
    ...marks.map((m) => text(m.cx, top - 8 - m.row * LINE, m.label, { anchor: 'middle', bold: true, fill: m.color })),
    ...days.flatMap((d, i) => {
      const x0 = centre(i) - barW / 2;
      const other = d.mentions - d.negative;
      return [
        bar(x0, mentions(d.negative), barW, bottom - mentions(d.negative), NEGATIVE, other > 0 ? 'none' : 'top'),
        bar(x0, mentions(d.mentions), barW, mentions(d.negative) - mentions(d.mentions), OTHER, 'top'),
      ];
    }),
  ];

  // The share line, broken where a day has no mentions to take a share of.
  const path = days
    .map((d, i) => (d.negativeShare === null ? '' : `${i > 0 && days[i - 1]!.negativeShare !== null ? 'L' : 'M'}${r(centre(i))},${r(share(d.negativeShare))}`))
    .join('');
  if (path) parts.push(html`<path d="${path}" fill="none" stroke="${INK}" stroke-width="2" stroke-linejoin="round"/>`);
  for (const [i, d] of days.entries()) if (d.negativeShare !== null) parts.push(html`<circle cx="${r(centre(i))}" cy="${r(share(d.negativeShare))}" r="3.6" fill="${INK}"/>`);

  parts.push(
    line(left, top, left, bottom, AXIS),
    line(right, top, right, bottom, AXIS),
    line(left, bottom, right, bottom, AXIS),
    ...mentionTicks.flatMap((v) => [line(left - TICK, mentions(v), left, mentions(v), AXIS), text(left - TICK - GAP, mentions(v) + MIDDLE, formatCount(v), { anchor: 'end' })]),
    ...shareTicks.flatMap((v) => [line(right, share(v), right + TICK, share(v), AXIS), text(right + TICK + GAP, share(v) + MIDDLE, shareLabel(v))]),
    text(PAD + ASCENT, (top + bottom) / 2, 'Mentions', { anchor: 'middle', rotate: -90 }),
    text(W - PAD - ASCENT, (top + bottom) / 2, 'Negative share', { anchor: 'middle', rotate: 90 }),
    // "Mon 16" on two lines ("Mon" over "16"): seven days fit a phone-wide chart without overlapping.
    ...days.flatMap((d, i) => {
      const [weekday, day] = formatDay(d.date).split(' ');
      return [
        line(centre(i), bottom, centre(i), bottom + TICK, AXIS),
        text(centre(i), bottom + TICK + GAP + ASCENT, weekday ?? '', { anchor: 'middle' }),
        text(centre(i), bottom + TICK + GAP + ASCENT + LINE, day ?? '', { anchor: 'middle' }),
      ];
    }),
  );
  const key = legend(
    [
      { label: 'Negative', color: NEGATIVE, swatch: 'square' },
      { label: 'Other', color: OTHER, swatch: 'square' },
      { label: 'Negative share', color: INK, swatch: 'line' },
    ],
    left,
    bottom + TICK + GAP + 2 * LINE + 10,
  );
  return svgDocument(bottom + TICK + GAP + 2 * LINE + 10 + key.height + PAD, [...parts, ...key.svg]);
}

/** Mean time to acknowledge and to resolve, two bars per severity, each with its duration. */
function responseSvg(chart: Extract<ReportChart, { id: 'response-times' }>): string {
  const rows = [...chart.rows].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  const bars = rows.flatMap((row) =>
    (['acknowledge', 'resolve'] as const).map((metric, k) => {
      const mean = metric === 'acknowledge' ? row.mtta : row.mttr;
      return { severity: row.severity, metric, k, hours: (mean.minutes ?? 0) / 60, label: mean.n ? formatMinutes(mean.minutes) : 'none yet' };
    }),
  );
  const left = PAD + widest(rows.map((row) => row.severity)) + GAP + TICK;
  const top = PAD + ASCENT / 2;
  const bottom = top + Math.max(70, rows.length * 48);
  const y = scaleBand<Severity>().domain(rows.map((row) => row.severity)).range([top, bottom]).paddingInner(0.1).paddingOuter(0.05);
  const half = y.bandwidth() / 2;
  const ticks = tickCount(left, 5);
  const x = valueAxis(bars.map((b) => ({ value: b.hours, label: b.label })), left, ticks, false);
  const { grid, axis } = bottomAxis(x, top, bottom, ticks, false);
  const parts: SafeHtml[] = [
    ...grid,
    ...bars.flatMap((b) => {
      const y0 = y(b.severity)! + b.k * half;
      const color = METRIC_COLORS[b.metric];
      return [bar(left, y0 + half * 0.05, x(b.hours) - left, half * 0.9, color, 'right'), text(x(b.hours) + GAP + 1, y0 + half / 2 + MIDDLE, b.label, { fill: INK })];
    }),
    ...axis,
    ...bandAxis(rows.map((row) => ({ label: row.severity, middle: y(row.severity)! + y.bandwidth() / 2 })), left, top, bottom),
    text((left + x.range()[1]!) / 2, bottom + TICK + GAP + ASCENT + LINE + 2, 'Hours (mean)', { anchor: 'middle' }),
  ];
  const legendTop = bottom + TICK + GAP + 2 * LINE + 12;
  const key = legend(
    [
      { label: 'Acknowledge', color: METRIC_COLORS.acknowledge, swatch: 'square' },
      { label: 'Resolve', color: METRIC_COLORS.resolve, swatch: 'square' },
    ],
    left,
    legendTop,
  );
  return svgDocument(legendTop + key.height + PAD, [...parts, ...key.svg]);
}

/** Negative mentions per complaint theme: a bar for this week, a tick for last week, the count beside them. */
function themesSvg(chart: Extract<ReportChart, { id: 'complaint-themes' }>): string {
  const themes = chart.themes.map((t, rank) => ({ ...t, rank, shown: fitText(t.label, FONT, THEME_LABEL_MAX) }));
  const left = PAD + widest(themes.map((t) => t.shown)) + GAP + TICK;
  const top = PAD + ASCENT / 2;
  const bottom = top + Math.max(50, themes.length * 24);
  const y = scaleBand<number>().domain(themes.map((t) => t.rank)).range([top, bottom]).paddingInner(0.1).paddingOuter(0.05);
  const band = y.bandwidth();
  const ticks = tickCount(left, 4);
  // The count sits past the bar and past last week's tick, whichever is longer.
  const x = valueAxis(themes.map((t) => ({ value: Math.max(t.thisWeek, t.lastWeek), label: formatCount(t.thisWeek) })), left, ticks, true);
  const { grid, axis } = bottomAxis(x, top, bottom, ticks, true);
  const parts: SafeHtml[] = [
    ...grid,
    ...themes.flatMap((t) => {
      const y0 = y(t.rank)!;
      return [
        bar(left, y0 + band * 0.15, x(t.thisWeek) - left, band * 0.7, NEGATIVE, 'right'),
        html`<rect x="${r(x(t.lastWeek) - 1)}" y="${r(y0 + band * 0.05)}" width="2" height="${r(band * 0.9)}" fill="${INK}"/>`,
        text(x(Math.max(t.thisWeek, t.lastWeek)) + GAP + 3, y0 + band / 2 + MIDDLE, formatCount(t.thisWeek), { fill: INK }),
      ];
    }),
    ...axis,
    ...bandAxis(themes.map((t) => ({ label: t.shown, middle: y(t.rank)! + band / 2 })), left, top, bottom),
  ];
  const legendTop = bottom + TICK + GAP + LINE + 10;
  const key = legend(
    [
      { label: 'This week', color: NEGATIVE, swatch: 'square' },
      { label: 'Last week', color: INK, swatch: 'tick' },
    ],
    left,
    legendTop,
  );
  return svgDocument(legendTop + key.height + PAD, [...parts, ...key.svg]);
}

/** The SVG of a week's chart, CHART_WIDTH px wide. */
export function chartSvg(chart: ReportChart): string {
  switch (chart.id) {
    case 'daily-mentions':
      return dailySvg(chart);
    case 'response-times':
      return responseSvg(chart);
    case 'complaint-themes':
      return themesSvg(chart);
  }
}
