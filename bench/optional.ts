/**
 * Modules the bench measures when they exist: imported by a computed path and checked at run
 * time, so the bench neither fails to type-check nor to run while one is absent or moves.
 */
import type { ChartRenderer } from '../lambdas/core/report/charts.ts';

const CHART_ADAPTER = '../lambdas/adapters/chart-renderer.ts';

type Loaded<T> = { value: T; reason?: undefined } | { value?: undefined; reason: string };

async function importOptional(file: string): Promise<Loaded<Record<string, unknown>>> {
  try {
    return { value: (await import(file)) as Record<string, unknown> };
  } catch (err) {
    return { reason: `${file} did not load: ${(err as Error).message.split('\n')[0]}` };
  }
}

/** A SvgChartRenderer with its default assets, when lambdas/adapters/chart-renderer.ts has one. */
export async function chartRenderer(): Promise<Loaded<ChartRenderer>> {
  const mod = await importOptional(CHART_ADAPTER);
  if (!mod.value) return mod;
  const Renderer = mod.value.SvgChartRenderer;
  if (typeof Renderer !== 'function') return { reason: `${CHART_ADAPTER} exports no SvgChartRenderer` };
  return { value: new (Renderer as new () => ChartRenderer)() };
}

/** Absolute paths of the files the chart renderer reads at run time (shipped beside the weekly-report bundle). */
export async function chartAssetFiles(): Promise<Loaded<string[]>> {
  const mod = await importOptional(CHART_ADAPTER);
  if (!mod.value) return mod;
  const fn = mod.value.defaultAssetFiles;
  if (typeof fn !== 'function') return { reason: `${CHART_ADAPTER} exports no defaultAssetFiles` };
  const { fontFiles, wasmFile } = (fn as () => { fontFiles: string[]; wasmFile: string })();
  return { value: [wasmFile, ...fontFiles] };
}
