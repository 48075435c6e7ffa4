import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { CHART_ASSET_FILES, CHART_ASSETS_DIR, CHART_WIDTH, SvgChartRenderer } from '../../lambdas/adapters/chart-renderer.ts';
import type { ReportChart } from '../../lambdas/core/report/weekly-report.ts';
import { crisisReport } from '../core/report/report-fixtures.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG's IHDR chunk. */
const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

const charts = (hostile = false): ReportChart[] => crisisReport({ hostile }).charts;

describe('Class: SvgChartRenderer', () => {
  const renderer = new SvgChartRenderer();

  describe('Method: render', () => {
    it.each(charts().map((c) => [c.id, c] as const))('draws %s as a 2x PNG, CHART_WIDTH CSS px wide', async (_id, chart) => {
      const image = await renderer.render(chart);
      expect([...image.content.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(image).toMatchObject({ id: chart.id, filename: `${chart.id}.png`, contentType: 'image/png', width: CHART_WIDTH });
      expect(pngSize(image.content)).toEqual({ width: CHART_WIDTH * 2, height: image.height * 2 });
      // A blank image compresses to almost nothing; a drawn chart does not.
      expect(image.content.byteLength).toBeGreaterThan(10_000);
    });

    it('renders theme names holding markup as text, not as SVG', async () => {
      const themes = charts(true).find((c) => c.id === 'complaint-themes')!;
      const svg = renderer.svg(themes);
      expect(svg).not.toContain('<img');
      expect(svg).toContain('&lt;img');
      const image = await renderer.render(themes);
      expect(image.content.byteLength).toBeGreaterThan(10_000);
    });
  });
});

describe('Bundle: chart renderer as a Lambda ships it', () => {
  it('renders from an esbuild bundle with its assets beside it and no node_modules', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-chart-bundle-'));
    try {
      const entry = path.join(dir, 'entry.ts');
      await writeFile(
        entry,
        `import { SvgChartRenderer } from ${JSON.stringify(path.resolve(import.meta.dirname, '../../lambdas/adapters/chart-renderer.ts'))};\n` +
          `const png = await new SvgChartRenderer().render({ id: 'complaint-themes', title: 't', alt: 'a', themes: [{ theme: 'battery', label: 'Battery', thisWeek: 5, lastWeek: 2 }] });\n` +
          'console.log(png.content.byteLength);\n',
      );
      const out = path.join(dir, 'fn');
      // The CrisisFunction bundling settings that matter here: ESM, node platform, minified.
      await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', minify: true, outfile: path.join(out, 'index.mjs'), logLevel: 'error' });
      await mkdir(path.join(out, CHART_ASSETS_DIR));
      const require = createRequire(import.meta.url);
      for (const [file, name] of Object.entries(CHART_ASSET_FILES)) await copyFile(require.resolve(file), path.join(out, CHART_ASSETS_DIR, name));
      const { stdout } = await promisify(execFile)(process.execPath, ['index.mjs'], { cwd: out });
      expect(Number(stdout.trim())).toBeGreaterThan(5_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
