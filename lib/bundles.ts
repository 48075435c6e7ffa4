/**
 * The Lambda bundles, built in memory with the esbuild options CrisisFunction gives
 * NodejsFunction: what each deployed function ships, for the bench and the bundle tests.
 */
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { Config } from '../lambdas/core/config.ts';
import { configDefine, ESBUILD_OPTIONS, LEXICON_CHUNK } from './constructs/crisis-function.ts';
import { DEPLOYED_SOURCE_KINDS, fetchEntryFor } from './constructs/source-fetcher.ts';
import { HANDLER_FILES, HANDLERS_DIR } from './stack.ts';

export const ROOT = path.resolve(import.meta.dirname, '..');

export interface FunctionBundleSpec {
  /** `fetch-<kind>` for a source kind's fetch function, else the handler's file name. */
  name: string;
  entry: string;
  lexiconChunk: boolean;
}

/** Every function the stack can deploy: one fetch function per source kind, and the four others. */
export function deployedFunctions(): FunctionBundleSpec[] {
  return [
    ...DEPLOYED_SOURCE_KINDS.map((kind) => ({ name: `fetch-${kind}`, entry: fetchEntryFor(HANDLERS_DIR, kind), lexiconChunk: true })),
    ...Object.values(HANDLER_FILES).map((file) => ({ name: path.basename(file, '.ts'), entry: path.join(HANDLERS_DIR, file), lexiconChunk: false })),
  ];
}

export interface BuiltFile {
  /** File name in the function's package (index.mjs, lexicon.mjs). */
  file: string;
  contents: Uint8Array;
  /** Source files (relative to the repository) and the bytes each contributes. */
  inputs: Record<string, number>;
}

export interface FunctionBundle {
  spec: FunctionBundleSpec;
  /** The handler's bundle: what Node loads at a cold start. */
  main: BuiltFile;
  /** Chunks loaded on first use (the lexicon). */
  lazy: BuiltFile[];
}

async function buildOne(entry: string, file: string, define: Record<string, string>, external: readonly string[], minify: boolean): Promise<BuiltFile> {
  const result = await build({
    ...ESBUILD_OPTIONS,
    mainFields: [...ESBUILD_OPTIONS.mainFields],
    minify,
    entryPoints: [entry],
    // Never written: write:false keeps the output in memory; outfile only names it.
    outfile: path.join(ROOT, 'node_modules/.cache/crisis-desk-bundles', file),
    write: false,
    metafile: true,
    define,
    external: [...external],
    absWorkingDir: ROOT,
    logLevel: 'silent',
  });
  const js = result.outputFiles?.find((f) => f.path.endsWith('.mjs'));
  if (!js) throw new Error(`esbuild produced no JS for ${entry}`);
  const output = Object.values((result.metafile as Metafile).outputs).find((o) => o.entryPoint !== undefined);
  const inputs = Object.fromEntries(Object.entries(output?.inputs ?? {}).map(([f, i]) => [f, i.bytesInOutput]));
  return { file, contents: js.contents, inputs };
}

/** Builds one function's bundle (and its lexicon chunk) as the stack would, with `config` inlined. */
export async function buildFunctionBundle(spec: FunctionBundleSpec, config: Config, options: { minify?: boolean } = {}): Promise<FunctionBundle> {
  const minify = options.minify ?? true;
  const chunk = `./${LEXICON_CHUNK.file}`;
  const define = { ...configDefine(config), ...(spec.lexiconChunk && { [LEXICON_CHUNK.define]: JSON.stringify(chunk) }) };
  const external = [...ESBUILD_OPTIONS.external, ...(spec.lexiconChunk ? [chunk] : [])];
  const main = await buildOne(spec.entry, 'index.mjs', define, external, minify);
  const lazy = spec.lexiconChunk ? [await buildOne(path.join(ROOT, LEXICON_CHUNK.entry), LEXICON_CHUNK.file, {}, ESBUILD_OPTIONS.external, minify)] : [];
  return { spec, main, lazy };
}

/** The package (node_modules/...) or repository folder each input belongs to, with its bytes: what makes a bundle big. */
export function bytesByPackage(file: BuiltFile): [string, number][] {
  const sums = new Map<string, number>();
  for (const [input, bytes] of Object.entries(file.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? path.dirname(input);
    sums.set(pkg, (sums.get(pkg) ?? 0) + bytes);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
}
