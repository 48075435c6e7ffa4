/**
 * ChartRenderer: the chart drawn as SVG (chart-svg.ts: d3-scale for scales and ticks, no DOM)
 * → PNG with resvg. resvg runs as WebAssembly (@resvg/resvg-wasm): the same file on x64 laptops
 * and CI and on arm64 Lambda, with no platform binary to match and no download step. The font
 * ships as an npm package (Open Sans TTF), so charts look the same everywhere and no machine
 * needs a system font.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import type { ChartRenderer, RenderedChart } from '../core/report/charts.ts';
import type { ReportChart } from '../core/report/weekly-report.ts';
import { chartSvg, FONT_FAMILY } from './chart-svg.ts';

// Where the charts' look is defined, for the importers of the renderer.
export { CHART_LABEL_PX, CHART_WIDTH, chartSvg } from './chart-svg.ts';

const FONT_FILES = ['400Regular/OpenSans_400Regular.ttf', '700Bold/OpenSans_700Bold.ttf'];

export interface SvgChartRendererProps {
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

export class SvgChartRenderer implements ChartRenderer {
  readonly #fontFiles: string[] | undefined;
  readonly #wasmFile: string | undefined;
  readonly #scale: number;
  #fonts: Promise<Uint8Array[]> | undefined;

  constructor(props: SvgChartRendererProps = {}) {
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

  /** The SVG of a chart (text as <text>, drawn with the font at rasterisation). */
  svg(chart: ReportChart): string {
    return chartSvg(chart);
  }

  async render(chart: ReportChart): Promise<RenderedChart> {
    const fontBuffers = await this.#assets();
    const svg = this.svg(chart);
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
