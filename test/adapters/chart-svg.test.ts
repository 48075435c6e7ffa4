import { describe, expect, it } from 'vitest';
import { CHART_LABEL_PX, CHART_WIDTH, chartSvg } from '../../lambdas/adapters/chart-svg.ts';
import { ELLIPSIS, textWidth } from '../../lambdas/adapters/text-width.ts';
import type { DailyPoint, ReportChart, SeverityTimes, ThemeCount } from '../../lambdas/core/report/weekly-report.ts';
import { crisisReport } from '../core/report/report-fixtures.ts';

const fixtureCharts = (hostile = false): ReportChart[] => crisisReport({ hostile }).charts;

const WEEK_DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22'];
const day = (date: string, mentions: number, negative: number): DailyPoint => ({ date, mentions, negative, complaint: negative, negativeShare: mentions ? negative / mentions : null });
const times = (severity: SeverityTimes['severity'], mtta: number | null, mttr: number | null): SeverityTimes => ({
  severity,
  mtta: { minutes: mtta, n: mtta === null ? 0 : 1 },
  mttr: { minutes: mttr, n: mttr === null ? 0 : 1 },
});
const theme = (label: string, thisWeek: number, lastWeek: number): ThemeCount => ({ theme: label.toLowerCase(), label, thisWeek, lastWeek });

/** Weeks at the edges: one busy day, huge counts, nothing resolved yet, names longer than a phone. */
const edgeCharts: ReportChart[] = [
  { id: 'daily-mentions', title: 't', alt: 'a', days: WEEK_DAYS.map((d, i) => (i === 3 ? day(d, 1, 1) : day(d, 0, 0))), incidents: [] },
  {
    id: 'daily-mentions',
    title: 't',
    alt: 'a',
    days: WEEK_DAYS.map((d, i) => day(d, 1_234_567 - i * 1000, 400_000)),
    incidents: [
      { incidentId: 'a', severity: 'SEV3', date: WEEK_DAYS[0]!, openedAt: `${WEEK_DAYS[0]}T09:00:00Z` },
      { incidentId: 'b', severity: 'SEV1', date: WEEK_DAYS[0]!, openedAt: `${WEEK_DAYS[0]}T10:00:00Z` },
      { incidentId: 'c', severity: 'SEV2', date: WEEK_DAYS[1]!, openedAt: `${WEEK_DAYS[1]}T10:00:00Z` },
      { incidentId: 'd', severity: 'SEV2', date: WEEK_DAYS[6]!, openedAt: `${WEEK_DAYS[6]}T10:00:00Z` },
    ],
  },
  { id: 'response-times', title: 't', alt: 'a', rows: [times('SEV2', 12, null)] },
  { id: 'response-times', title: 't', alt: 'a', rows: [times('SEV3', 0.4, 0.5), times('SEV1', 9000, 30_000)] },
  {
    id: 'complaint-themes',
    title: 't',
    alt: 'a',
    themes: [theme('Ünïcödé refunds and the “premium” plan’s hidden charges at checkout', 98_765, 120_000), theme('Billing', 1, 0), theme('WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW', 0, 3)],
  },
];

interface DrawnText {
  x: number;
  y: number;
  anchor: string;
  bold: boolean;
  rotated: boolean;
  text: string;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&#x60;/g, '`').replace(/&amp;/g, '&');

function texts(svg: string): DrawnText[] {
  return [...svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, body]) => {
    const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs!)?.[1];
    return { x: Number(attr('x')), y: Number(attr('y')), anchor: attr('text-anchor') ?? 'start', bold: attr('font-weight') === 'bold', rotated: attr('transform') !== undefined, text: unescape(body!) };
  });
}

const svgHeight = (svg: string) => Number(/<svg [^>]*height="([\d.]+)"/.exec(svg)![1]);

describe('Function: chartSvg', () => {
  const all = [...fixtureCharts(false), ...fixtureCharts(true), ...edgeCharts];

  it.each(all.map((c, i) => [`${c.id} #${i}`, c] as const))('%s: every label lies inside the chart, and nothing is NaN', (_name, chart) => {
    const svg = chartSvg(chart);
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect(svg).toMatch(new RegExp(`^<svg [^>]*width="${CHART_WIDTH}"`));
    const height = svgHeight(svg);
    for (const t of texts(svg).filter((t) => !t.rotated)) {
      const w = textWidth(t.text, CHART_LABEL_PX, t.bold ? 'bold' : 'regular');
      const x0 = t.anchor === 'end' ? t.x - w : t.anchor === 'middle' ? t.x - w / 2 : t.x;
      expect(x0, t.text).toBeGreaterThanOrEqual(0);
      expect(x0 + w, t.text).toBeLessThanOrEqual(CHART_WIDTH);
      expect(t.y - CHART_LABEL_PX * 0.78, t.text).toBeGreaterThanOrEqual(0);
      expect(t.y, t.text).toBeLessThanOrEqual(height);
    }
  });

  it('labels each day under its bars and marks each day an Incident opened with its severities, worst colour first', () => {
    const daily = fixtureCharts(false).find((c) => c.id === 'daily-mentions')!;
    const drawn = texts(chartSvg(daily)).map((t) => t.text);
    for (const label of ['Mon', '16', 'Tue', '17', 'Sun', '22', 'SEV1', 'SEV2', 'SEV3', 'Mentions', 'Negative share']) expect(drawn).toContain(label);
    const edge = chartSvg(edgeCharts[1]!);
    expect(edge).toMatch(/fill="#b42318" font-weight="bold">SEV1 \+ SEV3<\/text>/);
    // Four incidents on three days: three dashed rules.
    expect(edge.match(/stroke-dasharray="4 3"/g)).toHaveLength(3);
    expect(texts(edge).map((t) => t.text)).toContain('1,000,000');
  });

  it('labels two labels that would touch on two rows, never on top of each other', () => {
    const marks = texts(chartSvg(edgeCharts[1]!)).filter((t) => t.bold);
    expect(marks.map((m) => m.text)).toEqual(['SEV1 + SEV3', 'SEV2', 'SEV2']);
    const [first, second] = marks;
    expect(second!.y).toBeLessThan(first!.y);
  });

  it('writes each mean duration beside its bar, and "none yet" where nothing was resolved', () => {
    const drawn = texts(chartSvg(edgeCharts[2]!)).map((t) => t.text);
    expect(drawn).toEqual(expect.arrayContaining(['SEV2', '12 min', 'none yet', 'Hours (mean)', 'Acknowledge', 'Resolve']));
    const sorted = texts(chartSvg(edgeCharts[3]!)).filter((t) => /^SEV\d$/.test(t.text));
    expect(sorted.map((t) => t.text)).toEqual(['SEV1', 'SEV3']);
  });

  it('shortens a theme name longer than a phone allows with "…", and keeps each count after its bar', () => {
    const drawn = texts(chartSvg(edgeCharts[4]!));
    const labels = drawn.filter((t) => t.anchor === 'end').map((t) => t.text);
    expect(labels[0]!.startsWith('Ünïcödé refunds')).toBe(true);
    expect(labels[0]!.endsWith(ELLIPSIS)).toBe(true);
    expect(labels[2]!.endsWith(ELLIPSIS)).toBe(true);
    expect(labels[1]).toBe('Billing');
    const counts = drawn.filter((t) => ['98,765', '1', '0'].includes(t.text) && t.anchor === 'start');
    expect(counts.map((c) => c.text)).toEqual(['98,765', '1', '0']);
  });

  it('keeps markup in theme names as text', () => {
    const chart: ReportChart = { id: 'complaint-themes', title: 't', alt: 'a', themes: [theme('<script>alert(1)</script> & "quotes"', 3, 1)] };
    const svg = chartSvg(chart);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(texts(svg).some((t) => t.text.startsWith('<script>alert(1)</script> &'))).toBe(true);
  });
});
