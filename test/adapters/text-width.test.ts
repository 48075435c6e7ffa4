import { readFile } from 'node:fs/promises';
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAssetFiles } from '../../lambdas/adapters/chart-renderer.ts';
import { ELLIPSIS, fitText, textWidth, type FontWeight } from '../../lambdas/adapters/text-width.ts';

const SIZE = 13;
let fontBuffers: Uint8Array[] = [];

/** What resvg really lays out with the packaged fonts: the ink from one "H" to another, less "HH" alone. */
function measured(text: string, weight: FontWeight): number {
  const ink = (s: string) => {
    const escaped = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="40"><text x="4" y="30" font-family="Open Sans" font-size="${SIZE}" font-weight="${weight === 'bold' ? 700 : 400}" xml:space="preserve">${escaped}</text></svg>`;
    const resvg = new Resvg(svg, { font: { fontBuffers, defaultFontFamily: 'Open Sans' } });
    try {
      return resvg.getBBox()?.width ?? 0;
    } finally {
      resvg.free();
    }
  };
  return ink(`H${text}H`) - ink('HH');
}

describe('Function: textWidth', () => {
  beforeAll(async () => {
    const { wasmFile, fontFiles } = defaultAssetFiles();
    // The chart renderer may have initialised the module in this process already.
    await initWasm(await readFile(wasmFile)).catch((err: Error) => {
      if (!/already/i.test(err.message)) throw err;
    });
    fontBuffers = await Promise.all(fontFiles.map(async (f) => new Uint8Array(await readFile(f))));
  });

  const LABELS = ['Battery and charging', 'Support <img src=x onerror="1">', '1 h 10 min', 'SEV1 + SEV3', '1,234,567', 'WWW iii', '(tick: last week) - 100%'];
  it.each(['regular', 'bold'] as const)('measures ASCII as resvg draws it with the %s Open Sans, to a pixel or 3 percent', (weight) => {
    for (const label of LABELS) {
      const real = measured(label, weight);
      expect(Math.abs(textWidth(label, SIZE, weight) - real), label).toBeLessThanOrEqual(Math.max(1, real * 0.03));
    }
  });

  it('errs wide, never narrow, on letters outside ASCII', () => {
    for (const label of ['Ünïcödé «refunds»', 'Łódź straße', 'Ψυχή', 'Négative share']) expect(textWidth(label, SIZE), label).toBeGreaterThanOrEqual(measured(label, 'regular') - 1);
  });
});

describe('Function: fitText', () => {
  it('keeps a label that fits, and shortens one that does not to within the width, ending in "…"', () => {
    expect(fitText('Billing', SIZE, 100)).toBe('Billing');
    const long = 'Refunds for the premium plan that were never paid back';
    const fitted = fitText(long, SIZE, 120);
    expect(fitted.endsWith(ELLIPSIS)).toBe(true);
    expect(long.startsWith(fitted.slice(0, -1))).toBe(true);
    expect(textWidth(fitted, SIZE)).toBeLessThanOrEqual(120);
    expect(textWidth(fitText(long, SIZE, 121), SIZE)).toBeGreaterThan(textWidth(fitted, SIZE) - SIZE);
  });
});
