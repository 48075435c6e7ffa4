/**
 * 5. Lambda bundle sizes: each lambdas/handlers/*.ts bundled in memory (write: false) with the
 * options lib/constructs/crisis-function.ts gives NodejsFunction, plus NodejsFunction's own
 * defaults (bundle, platform node, @aws-sdk/* external on Node 18+ runtimes).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { loadConfigFile } from '../lib/config-file.ts';
import { ROOT } from './inputs.ts';
import { chartAssetFiles } from './optional.ts';
import type { Figure, SectionResult } from './measure.ts';

// Same text as ESM_REQUIRE_BANNER in lib/constructs/crisis-function.ts (not exported there).
const ESM_REQUIRE_BANNER =
  "import { createRequire as __crisisDeskCreateRequire } from 'node:module'; const require = __crisisDeskCreateRequire(import.meta.url);";
// The config `cdk synth` uses when none is given (DEFAULT_CONFIG_PATH in lib/synth.ts): it is inlined into every bundle.
const CONFIG_PATH = path.join(ROOT, 'config/example.yaml');

const kb = (bytes: number) => bytes / 1024;

export async function benchBundles(): Promise<SectionResult> {
  const dir = path.join(ROOT, 'lambdas/handlers');
  const entries = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();
  const config = loadConfigFile(CONFIG_PATH);
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const file of entries) {
    const name = path.basename(file, '.ts');
    const t0 = performance.now();
    const result = await build({
      entryPoints: [path.join(dir, file)],
      // Never written: write:false keeps the output in memory; outfile only names it.
      outfile: path.join(tmpdir(), 'crisis-desk-bench', name, 'index.mjs'),
      write: false,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node24',
      mainFields: ['module', 'main'],
      minify: true,
      treeShaking: true,
      sourcemap: true,
      sourcesContent: false,
      banner: { js: ESM_REQUIRE_BANNER },
      define: { 'process.env.CRISIS_DESK_CONFIG': JSON.stringify(JSON.stringify(config)) },
      external: ['@aws-sdk/*'],
      logLevel: 'silent',
    });
    const ms = performance.now() - t0;
    const js = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
    if (!js) throw new Error(`esbuild produced no JS for ${file}`);
    figures.push(
      { name: `bundle.${name}.min`, measured: `${file}: minified ESM bundle (no source map)`, value: kb(js.contents.byteLength), unit: 'KB', better: 'lower' },
      { name: `bundle.${name}.gzip`, measured: `${file}: same bundle, gzip level 6`, value: kb(gzipSync(js.contents).byteLength), unit: 'KB', better: 'lower' },
    );
    notes.push(`bundle.${name}: built in ${Math.round(ms)} ms`);
  }
  // The weekly report's chart renderer reads WebAssembly and fonts beside its bundle (packageFiles in the stack).
  const assets = await chartAssetFiles();
  if (assets.value) {
    const files = assets.value.map((f) => readFileSync(f));
    const raw = files.reduce((s, b) => s + b.byteLength, 0);
    const gz = files.reduce((s, b) => s + gzipSync(b).byteLength, 0);
    figures.push(
      { name: 'bundle.weekly-report.assets', measured: `chart assets shipped beside weekly-report (${assets.value.map((f) => path.basename(f)).join(', ')})`, value: kb(raw), unit: 'KB', better: 'lower' },
      { name: 'bundle.weekly-report.assets.gzip', measured: 'same files, gzip level 6', value: kb(gz), unit: 'KB', better: 'lower' },
    );
  } else {
    notes.push(`bundles: chart assets not measured (${assets.reason})`);
  }
  notes.push(`bundles: @aws-sdk/* external (the Lambda runtime provides it), config inlined from ${path.relative(ROOT, CONFIG_PATH)}`);
  return { figures, notes };
}
