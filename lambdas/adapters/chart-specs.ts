/**
 * The report's charts in Vega-Lite, split in two: a template per chart that holds no data (its
 * layers read named datasets, its day and theme order comes from a `rank` field), and the rows
 * and height a week fills in. A template depends on nothing a week says, so it compiles to Vega
 * once: at synth for the Lambda (the stack inlines the compiled templates and vega-lite stays
 * out of the bundle), on first use anywhere else. How a chart looks lives here.
 */
import type { TopLevelSpec } from 'vega-lite';
import { SEVERITIES, type Severity } from '../core/incident.ts';
import { formatDay, formatMinutes, formatShare } from '../core/report/format.ts';
import type { ReportChart, ReportChartId } from '../core/report/weekly-report.ts';

export const FONT_FAMILY = 'Open Sans';
/**
 * The width the report lays images out at (CSS px); PNGs are drawn at `scale` times that.
 * About a phone's width: on a 390 px screen the chart shrinks little, so its labels stay legible.
 */
export const CHART_WIDTH = 380;
/** Axis, legend and mark labels, in CSS px at CHART_WIDTH. */
export const CHART_LABEL_PX = 13;
const WIDTH = CHART_WIDTH;

/** Every chart exactly WIDTH wide, axes and labels included, so they line up in the report. */
const FIT = { type: 'fit-x', contains: 'padding' } as const;

const INK = '#101828';
const MUTED = '#475467';
const GRID = '#eaecf0';
const SEVERITY_COLORS: Record<Severity, string> = { SEV1: '#b42318', SEV2: '#b54708', SEV3: '#175cd3' };

const baseConfig = {
  font: FONT_FAMILY,
  background: '#ffffff',
  padding: 8,
  view: { stroke: null },
  axis: {
    labelColor: MUTED,
    titleColor: MUTED,
    labelFontSize: CHART_LABEL_PX,
    titleFontSize: CHART_LABEL_PX,
    titleFontWeight: 'normal',
    gridColor: GRID,
    domainColor: '#d0d5dd',
    tickColor: '#d0d5dd',
  },
  // Without a canvas Vega estimates text widths, so label limits are generous to avoid "…".
  legend: { labelColor: MUTED, labelFontSize: CHART_LABEL_PX, titleFontSize: CHART_LABEL_PX, orient: 'bottom', direction: 'horizontal', title: null, labelLimit: 400 },
} as const;

/** What a week fills into a chart's template: each named dataset's rows, and the height when it depends on them. */
export interface ChartData {
  datasets: Record<string, object[]>;
  height?: number;
}

/** Days in the week's order: the x scales sort by this rank, whichever layer a day is in. */
const byRank = { field: 'rank', op: 'min' } as const;

function dailyTemplate(): TopLevelSpec {
  // "Mon 16" on two lines ("Mon" over "16"): seven days fit a phone-wide chart without overlapping.
  const x = { field: 'day', type: 'ordinal', sort: byRank, title: null, axis: { labelAngle: 0, labelExpr: "split(datum.label, ' ')", labelLineHeight: 15 } } as const;
  return {
    width: WIDTH,
    autosize: FIT,
    height: 190,
    config: baseConfig,
    layer: [
      {
        data: { name: 'marks' },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x, color: { field: 'color', type: 'nominal', scale: null } },
      },
      {
        data: { name: 'marks' },
        // Above the plot, so a tall bar never hides which day an incident opened.
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontWeight: 'bold', fontSize: CHART_LABEL_PX },
        encoding: { x, y: { value: 0 }, text: { field: 'label' }, color: { field: 'color', type: 'nominal', scale: null } },
      },
      {
        data: { name: 'bars' },
        mark: { type: 'bar', width: { band: 0.6 }, cornerRadiusEnd: 2 },
        encoding: {
          x,
          y: { field: 'n', type: 'quantitative', stack: 'zero', title: 'Mentions', axis: { tickCount: 4 } },
          color: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['Negative', 'Other'], range: ['#d92d20', '#9db7e0'] },
            legend: { labelExpr: "datum.label == 'Negative' ? 'Negative' : 'Other'" },
          },
          order: { field: 'order' },
        },
      },
      {
        data: { name: 'share' },
        layer: [
          {
            mark: { type: 'line', color: INK, strokeWidth: 2, point: { filled: true, size: 40, color: INK } },
            encoding: {
              x,
              y: {
                field: 'share',
                type: 'quantitative',
                title: 'Negative share (line)',
                scale: { domain: [0, 1] },
                axis: { format: '.0%', orient: 'right', grid: false, tickCount: 4 },
              },
            },
          },
        ],
      },
    ],
    resolve: { scale: { y: 'independent', color: 'independent' } },
  } as TopLevelSpec;
}

function dailyData(chart: Extract<ReportChart, { id: 'daily-mentions' }>): ChartData {
  const rank = new Map(chart.days.map((d, i) => [d.date, i]));
  const bars = chart.days.flatMap((d, i) => [
    { day: formatDay(d.date), rank: i, kind: 'Negative', n: d.negative, order: 0 },
    { day: formatDay(d.date), rank: i, kind: 'Other', n: d.mentions - d.negative, order: 1 },
  ]);
  const share = chart.days
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.negativeShare !== null)
    .map(({ d, i }) => ({ day: formatDay(d.date), rank: i, share: d.negativeShare, label: formatShare(d.negativeShare) }));
  // One label per day with incidents: "SEV1", or "SEV1 + SEV3" when two opened the same day.
  const byDay = new Map<string, Severity[]>();
  for (const m of chart.incidents) byDay.set(m.date, [...(byDay.get(m.date) ?? []), m.severity]);
  const marks = [...byDay].map(([date, sevs]) => {
    const worst = SEVERITIES.find((s) => sevs.includes(s))!;
    return { day: formatDay(date), rank: rank.get(date) ?? -1, label: sevs.sort().join(' + '), color: SEVERITY_COLORS[worst] };
  });
  return { datasets: { marks, bars, share } };
}

function responseTemplate(): TopLevelSpec {
  const encoding = {
    y: { field: 'severity', type: 'nominal', sort: [...SEVERITIES], title: null },
    yOffset: { field: 'metric', sort: ['Acknowledge', 'Resolve'] },
    x: { field: 'hours', type: 'quantitative', title: 'Hours (mean)', scale: { nice: true } },
  } as const;
  return {
    width: WIDTH,
    autosize: FIT,
    // Set per week (responseData): one band per severity shown.
    height: 70,
    config: baseConfig,
    data: { name: 'rows' },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.9 } },
        encoding: {
          ...encoding,
          color: { field: 'metric', type: 'nominal', scale: { domain: ['Acknowledge', 'Resolve'], range: ['#175cd3', '#0b1f3a'] } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: CHART_LABEL_PX, color: INK },
        encoding: { ...encoding, text: { field: 'label' } },
      },
    ],
  } as TopLevelSpec;
}

function responseData(chart: Extract<ReportChart, { id: 'response-times' }>): ChartData {
  const rows = chart.rows.flatMap((r) => [
    { severity: r.severity, metric: 'Acknowledge', hours: (r.mtta.minutes ?? 0) / 60, label: r.mtta.n ? formatMinutes(r.mtta.minutes) : 'none yet' },
    { severity: r.severity, metric: 'Resolve', hours: (r.mttr.minutes ?? 0) / 60, label: r.mttr.n ? formatMinutes(r.mttr.minutes) : 'none yet' },
  ]);
  return { datasets: { rows }, height: Math.max(70, chart.rows.length * 48) };
}

function themesTemplate(): TopLevelSpec {
  const y = { field: 'label', type: 'nominal', sort: byRank, title: null, axis: { labelLimit: 220 } } as const;
  return {
    width: WIDTH,
    autosize: FIT,
    // Set per week (themesData): one band per theme shown.
    height: 50,
    config: baseConfig,
    data: { name: 'themes' },
    layer: [
      {
        mark: { type: 'bar', color: '#d92d20', cornerRadiusEnd: 2, height: { band: 0.7 } },
        encoding: { y, x: { field: 'thisWeek', type: 'quantitative', title: 'Bar: this week · tick: last week' } },
      },
      {
        mark: { type: 'tick', color: INK, thickness: 2, height: { band: 0.9 } },
        encoding: { y, x: { field: 'lastWeek', type: 'quantitative' } },
      },
      {
        mark: { type: 'text', align: 'left', dx: 6, fontSize: CHART_LABEL_PX, color: INK },
        encoding: { y, x: { field: 'labelAt', type: 'quantitative' }, text: { field: 'thisWeek', type: 'quantitative', format: ',' } },
      },
    ],
  } as TopLevelSpec;
}

function themesData(chart: Extract<ReportChart, { id: 'complaint-themes' }>): ChartData {
  // The count sits past the bar and past last week's tick, whichever is longer.
  const themes = chart.themes.map((t, rank) => ({ ...t, rank, labelAt: Math.max(t.thisWeek, t.lastWeek) }));
  return { datasets: { themes }, height: Math.max(50, chart.themes.length * 24) };
}

/** Each chart's data-free Vega-Lite template. */
export const CHART_TEMPLATES: Readonly<Record<ReportChartId, () => TopLevelSpec>> = {
  'daily-mentions': dailyTemplate,
  'response-times': responseTemplate,
  'complaint-themes': themesTemplate,
};

/** What a week fills into its chart's template. */
export function chartData(chart: ReportChart): ChartData {
  switch (chart.id) {
    case 'daily-mentions':
      return dailyData(chart);
    case 'response-times':
      return responseData(chart);
    case 'complaint-themes':
      return themesData(chart);
  }
}

/**
 * A spec with named datasets, Vega-Lite's (`data: { name }` on a view) or Vega's (`data: [{ name }]`,
 * derived sets having a `source`): a copy with each named set's rows in it, and the week's height.
 */
export function withData<S extends object>(spec: S, data: ChartData): S {
  const named = (d: unknown) => {
    const name = (d as { name?: unknown } | null)?.name;
    return typeof name === 'string' && Object.hasOwn(data.datasets, name) && !('source' in (d as object)) ? { ...(d as object), values: data.datasets[name] } : d;
  };
  const fill = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(fill);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      out[key] = key === 'data' ? (Array.isArray(value) ? value.map(named) : named(value)) : fill(value);
    }
    return out;
  };
  const filled = fill(spec) as S;
  return data.height === undefined ? filled : { ...filled, height: data.height };
}

/** The Vega-Lite spec of a week's chart, its rows in it; exported so a test can check what is drawn. */
export function chartSpec(chart: ReportChart): TopLevelSpec {
  return withData(CHART_TEMPLATES[chart.id](), chartData(chart));
}

/** Every template compiled to Vega with `compile` (vega-lite's): at synth for the Lambda, on first use elsewhere. */
export function compileChartTemplates(compile: (spec: TopLevelSpec) => { spec: object }): Record<ReportChartId, object> {
  return Object.fromEntries(Object.entries(CHART_TEMPLATES).map(([id, template]) => [id, compile(template()).spec])) as Record<ReportChartId, object>;
}
