/**
 * ChartRenderer with a real chart library: Vega-Lite spec → Vega view (renderer 'none', no
 * canvas) → SVG → PNG with resvg. resvg runs as WebAssembly (@resvg/resvg-wasm): the same
 * file on x64 laptops and CI and on arm64 Lambda, with no platform binary to match and no
 * download step. The font ships as an npm package (Open Sans TTF), so charts look the same
 * everywhere and no machine needs a system font.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { SEVERITIES, type Severity } from '../core/incident.ts';
import type { ChartRenderer, RenderedChart } from '../core/report/charts.ts';
import { formatDay, formatMinutes, formatShare } from '../core/report/format.ts';
import type { ReportChart } from '../core/report/weekly-report.ts';

const FONT_FAMILY = 'Open Sans';
const FONT_FILES = ['400Regular/OpenSans_400Regular.ttf', '700Bold/OpenSans_700Bold.ttf'];
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

export interface VegaChartRendererProps {
  /** TTF/OTF files to draw text with. @default Open Sans regular and bold from @expo-google-fonts/open-sans */
  fontFiles?: string[];
  /** The resvg WebAssembly file. @default @resvg/resvg-wasm/index_bg.wasm */
  wasmFile?: string;
  /** Device pixel ratio of the PNG: 2 stays sharp on phones and retina screens. @default 2 */
  scale?: number;
}

/**
 * Where a Lambda bundle ships the assets: a `chart-assets/` folder beside the bundled file
 * (the stack copies them there after bundling; see CHART_ASSET_FILES).
 */
export const CHART_ASSETS_DIR = 'chart-assets';

/** Package file → name in CHART_ASSETS_DIR, for the stack's after-bundling copy. */
export const CHART_ASSET_FILES: Record<string, string> = {
  '@resvg/resvg-wasm/index_bg.wasm': 'resvg.wasm',
  [`@expo-google-fonts/open-sans/${FONT_FILES[0]}`]: 'OpenSans-Regular.ttf',
  [`@expo-google-fonts/open-sans/${FONT_FILES[1]}`]: 'OpenSans-Bold.ttf',
};

/** Files the renderer reads at run time: beside the bundle when shipped there, else from node_modules. */
export function defaultAssetFiles(): { fontFiles: string[]; wasmFile: string } {
  const here = fileURLToPath(new URL(`./${CHART_ASSETS_DIR}/`, import.meta.url));
  const [wasm, ...fonts] = Object.values(CHART_ASSET_FILES).map((name) => path.join(here, name));
  if (existsSync(wasm!)) return { wasmFile: wasm!, fontFiles: fonts };
  const require = createRequire(import.meta.url);
  const [wasmPackaged, ...fontsPackaged] = Object.keys(CHART_ASSET_FILES).map((f) => require.resolve(f));
  return { wasmFile: wasmPackaged!, fontFiles: fontsPackaged };
}

/** resvg's WebAssembly module can be initialised once per process; every renderer shares it. */
let wasmReady: Promise<void> | undefined;
const ensureWasm = (file: string): Promise<void> =>
  (wasmReady ??= readFile(file).then((bytes) => initWasm(bytes)).catch((err: unknown) => {
    wasmReady = undefined;
    throw err;
  }));

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

function dailySpec(chart: Extract<ReportChart, { id: 'daily-mentions' }>): TopLevelSpec {
  const order = chart.days.map((d) => formatDay(d.date));
  const bars = chart.days.flatMap((d) => [
    { day: formatDay(d.date), kind: 'Negative', n: d.negative, order: 0 },
    { day: formatDay(d.date), kind: 'Other', n: d.mentions - d.negative, order: 1 },
  ]);
  const share = chart.days
    .filter((d) => d.negativeShare !== null)
    .map((d) => ({ day: formatDay(d.date), share: d.negativeShare, label: formatShare(d.negativeShare) }));
  // One label per day with incidents: "SEV1", or "SEV1 + SEV3" when two opened the same day.
  const byDay = new Map<string, Severity[]>();
  for (const m of chart.incidents) byDay.set(m.date, [...(byDay.get(m.date) ?? []), m.severity]);
  const marks = [...byDay].map(([date, sevs]) => {
    const worst = SEVERITIES.find((s) => sevs.includes(s))!;
    return { day: formatDay(date), label: sevs.sort().join(' + '), color: SEVERITY_COLORS[worst] };
  });
  // "Mon 16" on two lines ("Mon" over "16"): seven days fit a phone-wide chart without overlapping.
  const x = { field: 'day', type: 'ordinal', sort: order, title: null, axis: { labelAngle: 0, labelExpr: "split(datum.label, ' ')", labelLineHeight: 15 } } as const;
  return {
    width: WIDTH,
    autosize: FIT,
    height: 190,
    config: baseConfig,
    layer: [
      {
        data: { values: marks },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x, color: { field: 'color', type: 'nominal', scale: null } },
      },
      {
        data: { values: marks },
        // Above the plot, so a tall bar never hides which day an incident opened.
        mark: { type: 'text', baseline: 'bottom', dy: -4, fontWeight: 'bold', fontSize: CHART_LABEL_PX },
        encoding: { x, y: { value: 0 }, text: { field: 'label' }, color: { field: 'color', type: 'nominal', scale: null } },
      },
      {
        data: { values: bars },
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
        data: { values: share },
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

function responseSpec(chart: Extract<ReportChart, { id: 'response-times' }>): TopLevelSpec {
  const values = chart.rows.flatMap((r) => [
    { severity: r.severity, metric: 'Acknowledge', hours: (r.mtta.minutes ?? 0) / 60, label: r.mtta.n ? formatMinutes(r.mtta.minutes) : 'none yet' },
    { severity: r.severity, metric: 'Resolve', hours: (r.mttr.minutes ?? 0) / 60, label: r.mttr.n ? formatMinutes(r.mttr.minutes) : 'none yet' },
  ]);
  const encoding = {
    y: { field: 'severity', type: 'nominal', sort: [...SEVERITIES], title: null },
    yOffset: { field: 'metric', sort: ['Acknowledge', 'Resolve'] },
    x: { field: 'hours', type: 'quantitative', title: 'Hours (mean)', scale: { nice: true } },
  } as const;
  return {
    width: WIDTH,
    autosize: FIT,
    height: Math.max(70, chart.rows.length * 48),
    config: baseConfig,
    data: { values },
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

function themesSpec(chart: Extract<ReportChart, { id: 'complaint-themes' }>): TopLevelSpec {
  const order = chart.themes.map((t) => t.label);
  // The count sits past the bar and past last week's tick, whichever is longer.
  const values = chart.themes.map((t) => ({ ...t, labelAt: Math.max(t.thisWeek, t.lastWeek) }));
  const y = { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelLimit: 220 } } as const;
  return {
    width: WIDTH,
    autosize: FIT,
    height: Math.max(50, chart.themes.length * 24),
    config: baseConfig,
    data: { values },
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

/** The Vega-Lite spec of a chart; exported so a test can check what is drawn. */
export function chartSpec(chart: ReportChart): TopLevelSpec {
  switch (chart.id) {
    case 'daily-mentions':
      return dailySpec(chart);
    case 'response-times':
      return responseSpec(chart);
    case 'complaint-themes':
      return themesSpec(chart);
  }
}

export class VegaChartRenderer implements ChartRenderer {
  readonly #fontFiles: string[] | undefined;
  readonly #wasmFile: string | undefined;
  readonly #scale: number;
  #fonts: Promise<Uint8Array[]> | undefined;

  constructor(props: VegaChartRendererProps = {}) {
    this.#fontFiles = props.fontFiles;
    this.#wasmFile = props.wasmFile;
    this.#scale = props.scale ?? 2;
  }

  /** Loads the WebAssembly module and the fonts on first use, not at construction (cold start). */
  async #assets(): Promise<Uint8Array[]> {
    const defaults = this.#fontFiles && this.#wasmFile ? undefined : defaultAssetFiles();
    await ensureWasm(this.#wasmFile ?? defaults!.wasmFile);
    this.#fonts ??= Promise.all((this.#fontFiles ?? defaults!.fontFiles).map(async (f) => new Uint8Array(await readFile(f))));
    return this.#fonts;
  }

  /** The SVG Vega draws for a chart (text as <text>, drawn with the font at rasterisation). */
  async svg(chart: ReportChart): Promise<string> {
    const view = new vega.View(vega.parse(compile(chartSpec(chart)).spec), { renderer: 'none' });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  }

  async render(chart: ReportChart): Promise<RenderedChart> {
    const [fontBuffers, svg] = await Promise.all([this.#assets(), this.svg(chart)]);
    // Only the packaged fonts: the same glyphs on every machine (WebAssembly sees no system fonts anyway).
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: this.#scale },
      font: { fontBuffers, defaultFontFamily: FONT_FAMILY },
    });
    try {
      const { width, height } = resvg;
      const image = resvg.render();
      try {
        return {
          id: chart.id,
          filename: `${chart.id}.png`,
          contentType: 'image/png',
          content: new Uint8Array(image.asPng()),
          // resvg reports the SVG's own size: the CSS pixels the report lays the image out at.
          width: Math.round(width),
          height: Math.round(height),
        };
      } finally {
        image.free();
      }
    } finally {
      // WebAssembly memory is not garbage-collected: free it or a warm Lambda grows.
      resvg.free();
    }
  }
}
