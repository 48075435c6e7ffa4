/**
 * 5. Lambda bundle sizes: each deployed function (one fetch function per source kind, and the
 * others) bundled in memory by lib/bundles.ts with the esbuild options the stack uses.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildFunctionBundle, bytesByPackage, deployedFunctions, type FunctionBundle } from '../lib/bundles.ts';
import { loadConfigFile } from '../lib/config-file.ts';
import { ROOT } from './inputs.ts';
import { chartAssetFiles } from './optional.ts';
import { median, type Figure, type SectionResult } from './measure.ts';

// The config `cdk synth` uses when none is given (DEFAULT_CONFIG_PATH in lib/synth.ts): it is inlined into every bundle.
const CONFIG_PATH = path.join(ROOT, 'config/example.yaml');

const kb = (bytes: number) => bytes / 1024;
const COLD_STARTS = 5;
// Below the repository, so the bundle's external @aws-sdk/* imports resolve as the Lambda runtime's would.
const SCRATCH = path.join(ROOT, 'node_modules/.cache/crisis-desk-bench');

/**
 * A cold start's module load: a fresh Node process imports the bundle (and the @aws-sdk clients
 * it imports) and reports how long the import took, `COLD_STARTS` times. The handlers build
 * their adapters on the first call, so this is what runs before it.
 */
function coldStartMs(bundle: FunctionBundle): number[] {
  const dir = path.join(SCRATCH, bundle.spec.name);
  mkdirSync(dir, { recursive: true });
  for (const file of [bundle.main, ...bundle.lazy]) writeFileSync(path.join(dir, file.file), file.contents);
  const script = `const t = performance.now(); await import(${JSON.stringify(path.join(dir, bundle.main.file))}); process.stdout.write(String(performance.now() - t));`;
  const env = { ...process.env, AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  try {
    return Array.from({ length: COLD_STARTS }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' })));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchBundles(): Promise<SectionResult> {
  const config = loadConfigFile(CONFIG_PATH);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const bundleBytes: Record<string, number> = {};
  const coldStart: Record<string, number> = {};
  for (const spec of deployedFunctions()) {
    const t0 = performance.now();
    const bundle = await buildFunctionBundle(spec, config);
    const { main, lazy } = bundle;
    const ms = performance.now() - t0;
    const file = path.relative(ROOT, spec.entry);
    const cold = coldStartMs(bundle);
    bundleBytes[spec.name] = main.contents.byteLength;
    coldStart[spec.name] = median(cold);
    figures.push(
      { name: `bundle.${spec.name}.min`, measured: `${file}: minified ESM bundle (no source map)`, value: kb(main.contents.byteLength), unit: 'KB', better: 'lower' },
      { name: `bundle.${spec.name}.gzip`, measured: `${file}: same bundle, gzip level 6`, value: kb(gzipSync(main.contents).byteLength), unit: 'KB', better: 'lower' },
      { name: `coldstart.${spec.name}`, measured: `${spec.name}: module load in a fresh Node process`, value: median(cold), unit: 'ms', better: 'lower', samples: cold },
    );
    for (const chunk of lazy) {
      figures.push({ name: `bundle.${spec.name}.lazy`, measured: `${chunk.file}: chunk loaded on first use, minified`, value: kb(chunk.contents.byteLength), unit: 'KB', better: 'lower' });
    }
    const top = bytesByPackage(main).slice(0, 4).map(([pkg, bytes]) => `${pkg} ${Math.round(kb(bytes))} KB`).join(', ');
    notes.push(`bundle.${spec.name}: built in ${Math.round(ms)} ms; largest parts ${top}`);
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
  return { headline: { bundleBytes, coldStartMs: coldStart }, figures, notes };
}
