/**
 * The weekly report's chart templates compiled to Vega at synth, for esbuild's define: the
 * function's bundle reads them from there and carries no Vega-Lite compiler (265 KB minified).
 * See lambdas/adapters/chart-renderer.ts (vegaTemplates) and chart-specs.ts.
 */
import { compile } from 'vega-lite';
import { compileChartTemplates } from '../../lambdas/adapters/chart-specs.ts';

let cached: Record<string, string> | undefined;

/** The defines that inline the compiled templates (compiled once per process). */
export function chartTemplatesDefine(): Record<string, string> {
  cached ??= {
    // Double-encoded: define takes a JS expression, here a string literal holding the JSON.
    'process.env.CRISIS_DESK_CHART_VEGA': JSON.stringify(JSON.stringify(compileChartTemplates(compile))),
    'process.env.CRISIS_DESK_CHART_VEGA_INLINED': JSON.stringify('true'),
  };
  return cached;
}
