import { describe, expect, it } from 'vitest';
import { chartSpec, VegaChartRenderer } from '../../lambdas/adapters/chart-renderer.ts';
import { assembleWeeklyReport } from '../../lambdas/core/report/assemble.ts';
import { weekContaining } from '../../lambdas/core/report/week.ts';
import type { ReportChart } from '../../lambdas/core/report/weekly-report.ts';
import { crisisBuckets, crisisIncidents, reportConfig, TZ, WEEK } from '../core/report/report-fixtures.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the PNG's IHDR chunk. */
const pngSize = (png: Uint8Array) => {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
};

const charts = (hostile = false): ReportChart[] =>
  assembleWeeklyReport({
    week: weekContaining(WEEK, TZ),
    generatedAt: '2026-11-23T09:00:00.000Z',
    brands: reportConfig.brands,
    owners: reportConfig.owners,
    incidents: crisisIncidents({ hostile }),
    buckets: crisisBuckets({ hostile }),
    lookbackWeeks: 12,
  }).charts;

describe('Class: VegaChartRenderer', () => {
  const renderer = new VegaChartRenderer();

  describe('Method: render', () => {
    it.each(charts().map((c) => [c.id, c] as const))('draws %s as a 2x PNG, 600 CSS px wide', async (_id, chart) => {
      const image = await renderer.render(chart);
      expect([...image.content.slice(0, 8)]).toEqual(PNG_SIGNATURE);
      expect(image).toMatchObject({ id: chart.id, filename: `${chart.id}.png`, contentType: 'image/png', width: 600 });
      expect(pngSize(image.content)).toEqual({ width: 1200, height: image.height * 2 });
      // A blank image compresses to almost nothing; a drawn chart does not.
      expect(image.content.byteLength).toBeGreaterThan(15_000);
    });

    it('renders theme names holding markup as text, not as SVG', async () => {
      const themes = charts(true).find((c) => c.id === 'complaint-themes')!;
      const svg = await renderer.svg(themes);
      expect(svg).not.toContain('<img');
      expect(svg).toContain('&lt;img');
      const image = await renderer.render(themes);
      expect(image.content.byteLength).toBeGreaterThan(10_000);
    });
  });

  describe('Function: chartSpec', () => {
    it('marks each day an incident opened with its severity', () => {
      const daily = charts().find((c) => c.id === 'daily-mentions')!;
      const spec = JSON.stringify(chartSpec(daily));
      expect(spec).toContain('"label":"SEV1"');
      expect(spec).toContain('"day":"Tue 17"');
    });
  });
});
