/**
 * One fetch function per source kind, each bundling its own connector only: the stack picks the
 * kind's entry, and the bundle (built in memory with the stack's esbuild options) holds no other
 * platform's code and not the lexicon, which is a chunk of its own loaded on first use.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { SourceSchema } from '../../lambdas/core/config.ts';
import { SOURCE_KINDS } from '../../lambdas/core/mention.ts';
import { buildFunctionBundle, deployedFunctions, type FunctionBundle } from '../../lib/bundles.ts';
import { CHART_ASSET_FILES, CHART_ASSETS_DIR } from '../../lambdas/adapters/chart-renderer.ts';
import { ESBUILD_OPTIONS, LEXICON_CHUNK } from '../../lib/constructs/crisis-function.ts';
import { DEPLOYED_SOURCE_KINDS } from '../../lib/constructs/source-fetcher.ts';
import { CrisisDeskStack } from '../../lib/stack.ts';
import { stackTestConfig } from './stack-fixture.ts';

const SOURCES = [
  { id: 'a-rss', kind: 'rss', brand: 'acme', url: 'https://blog.acme.example/feed/' },
  { id: 'a-x', kind: 'x', brand: 'acme', query: 'acme air', secret: 'x' },
  { id: 'a-reddit', kind: 'reddit', brand: 'acme', query: 'acme air', secret: 'reddit' },
  { id: 'a-mastodon', kind: 'mastodon', brand: 'acme', instance: 'https://mastodon.social', hashtags: ['acme'] },
  { id: 'a-bluesky', kind: 'bluesky', brand: 'acme', query: 'acme air', secret: 'bsky' },
  { id: 'a-hn', kind: 'hackernews', brand: 'acme', query: 'acme air' },
  { id: 'a-facebook', kind: 'facebook', brand: 'acme', pageId: '123', secret: 'fb' },
  { id: 'a-linkedin', kind: 'linkedin', brand: 'acme', organizationId: '456', secret: 'li' },
  { id: 'a-import', kind: 'import', brand: 'acme', path: 'exports/a.csv' },
];
const config = stackTestConfig({ sources: SOURCES as never });
const connectorFile = (kind: string) => `lambdas/sources/${kind}.ts`;

describe('Class: SourceFetcher (one entry per source kind)', () => {
  it('gives every deployable kind an entry of its own, and an import source no function', () => {
    expect(DEPLOYED_SOURCE_KINDS).toEqual(SOURCE_KINDS.filter((k) => k !== 'import'));
    const stack = new CrisisDeskStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Kinds', { config, stage: 'dev' });
    const entries = [...stack.fetchers.values()].map((f) => path.relative(path.resolve(import.meta.dirname, '../..'), f.entry));
    expect(entries).toEqual(DEPLOYED_SOURCE_KINDS.map((k) => `lambdas/handlers/fetch/${k}.ts`));
    for (const entry of entries) expect(existsSync(entry), entry).toBe(true);
    expect(stack.fetchers.has('a-import')).toBe(false);
  }, 120_000);
});

describe('Function: buildFunctionBundle (what each function ships)', () => {
  const bundles = new Map<string, FunctionBundle>();
  beforeAll(async () => {
    for (const spec of deployedFunctions()) bundles.set(spec.name, await buildFunctionBundle(spec, config));
  }, 120_000);

  it.each(DEPLOYED_SOURCE_KINDS)('bundles the %s connector and no other, and leaves the lexicon to its chunk', (kind) => {
    const bundle = bundles.get(`fetch-${kind}`)!;
    const inputs = Object.keys(bundle.main.inputs);
    expect(inputs).toContain(connectorFile(kind));
    for (const other of SOURCE_KINDS.filter((k) => k !== kind)) expect(inputs).not.toContain(connectorFile(other));
    expect(inputs.filter((f) => f.includes('vader-sentiment') || f.endsWith('lexicon-analyzer.ts'))).toEqual([]);
    expect(bundle.lazy.map((c) => c.file)).toEqual([LEXICON_CHUNK.file]);
    expect(Object.keys(bundle.lazy[0]!.inputs).some((f) => f.includes('vader-sentiment'))).toBe(true);
  });

  /**
   * Minified bytes of each bundle: deterministic for a lockfile, so growth is a real change.
   * The goal is 300 KB per fetch function and 600 KB for weekly-report; each ceiling is the
   * bundle's size when last measured (default config: no SDK-call tracing) plus about 3%, so it
   * cannot grow unnoticed. Lower a ceiling when a bundle shrinks; raise one only with the reason
   * in the commit, and never a fetch function's past 300.
   */
  const CEILING_KB: Record<string, number> = {
    'fetch-x': 175, 'fetch-reddit': 177, 'fetch-bluesky': 171, 'fetch-facebook': 170, 'fetch-linkedin': 170,
    'fetch-mastodon': 288, 'fetch-hackernews': 288, 'fetch-rss': 283,
    'notify-level': 237, 'escalation-step': 128, 'incident-action': 237, 'incident-page': 163, 'weekly-report': 392,
  };
  it('gives weekly-report its charts as SVG drawn with d3-scale: no chart runtime, no DOM', () => {
    const inputs = Object.keys(bundles.get('weekly-report')!.main.inputs);
    expect(inputs.filter((f) => /node_modules\/(vega[^/]*|d3-shape|d3-scale-chromatic|d3-geo|jsdom|linkedom)\//.test(f))).toEqual([]);
    expect(inputs).toContain('lambdas/adapters/chart-svg.ts');
    expect(inputs.some((f) => f.includes('node_modules/d3-scale/'))).toBe(true);
  });

  const xrayInputs = (bundle: FunctionBundle) => Object.keys(bundle.main.inputs).filter((f) => /node_modules\/(aws-xray-sdk-core|@aws-lambda-powertools\/tracer)\//.test(f));

  it('leaves the Tracer and the X-Ray SDK out of every bundle while tracing.sdkCalls is off (the default)', () => {
    expect(config.tracing.sdkCalls).toBe(false);
    for (const [name, bundle] of bundles) expect(xrayInputs(bundle), name).toEqual([]);
  });

  it.each(['fetch-rss', 'notify-level'])('bundles the Tracer and the X-Ray SDK into %s when tracing.sdkCalls is on', async (name) => {
    const spec = deployedFunctions().find((f) => f.name === name)!;
    const bundle = await buildFunctionBundle(spec, { ...config, tracing: { sdkCalls: true } });
    expect(xrayInputs(bundle).some((f) => f.includes('node_modules/aws-xray-sdk-core/'))).toBe(true);
    expect(bundle.main.contents.byteLength).toBeGreaterThan(bundles.get(name)!.main.contents.byteLength + 50_000);
  }, 120_000);

  it('keeps every bundle within its ceiling', () => {
    const sizes = Object.fromEntries([...bundles].map(([name, b]) => [name, Math.round(b.main.contents.byteLength / 1024)]));
    expect(Object.keys(sizes).sort()).toEqual(Object.keys(CEILING_KB).sort());
    for (const [name, kb] of Object.entries(sizes)) expect(kb, name).toBeLessThanOrEqual(CEILING_KB[name]!);
  });
});

describe('Bundle: a connector names a bad field in English with only the small zod build loaded', () => {
  // In the test process the config's classic zod has loaded its English messages for every
  // schema; a fetch function bundles zod/mini alone, so only a separate process shows what it says.
  it('says which field of a response is wrong and how', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-zod-bundle-'));
    try {
      const config = SourceSchema.parse({ id: 'acme-x', kind: 'x', brand: 'acme', baseUrl: 'http://127.0.0.1', query: 'acme' });
      const index = path.resolve(import.meta.dirname, '../../lambdas/sources/index.ts');
      const entry = path.join(dir, 'entry.ts');
      await writeFile(
        entry,
        `import { createServer } from 'node:http';\nimport { createSource } from ${JSON.stringify(index)};\n` +
          "const server = createServer((_req, res) => { res.setHeader('content-type', 'application/json'); res.end(JSON.stringify({ data: [{ id: '3' }], meta: { result_count: 1 } })); });\n" +
          "await new Promise((ok) => server.listen(0, '127.0.0.1', ok));\n" +
          `const config = { ...${JSON.stringify(config)}, baseUrl: \`http://127.0.0.1:\${server.address().port}\` };\n` +
          "const deps = { credentials: { bearerToken: 't' }, sleep: async () => {}, random: () => 0.5, clock: { now: () => new Date() }, http: { timeoutMs: 2000, retries: 0 } };\n" +
          "const error = await createSource(config, deps).fetch(undefined).then(() => 'no error', (e) => e.message);\n" +
          'server.close();\nconsole.log(error);\n',
      );
      const result = await build({ ...ESBUILD_OPTIONS, mainFields: [...ESBUILD_OPTIONS.mainFields], external: [...ESBUILD_OPTIONS.external], sourcemap: false, entryPoints: [entry], outfile: path.join(dir, 'index.mjs'), metafile: true, logLevel: 'error' });
      const zod = Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules/zod/'));
      expect(zod.filter((f) => f.includes('/classic/'))).toEqual([]);
      expect(zod.some((f) => f.includes('/mini/'))).toBe(true);
      const { stdout } = await promisify(execFile)(process.execPath, ['index.mjs'], { cwd: dir });
      expect(stdout.trim()).toMatch(/unexpected response: data\.0\.text: Invalid input: expected string, received undefined \(/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('Bundle: the weekly report draws its charts in the function', () => {
  it('renders a chart from a bundle built with the stack options, with its assets beside it and no node_modules', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-report-bundle-'));
    try {
      const entry = path.join(dir, 'entry.ts');
      const renderer = path.resolve(import.meta.dirname, '../../lambdas/adapters/chart-renderer.ts');
      await writeFile(
        entry,
        `import { SvgChartRenderer } from ${JSON.stringify(renderer)};\n` +
          `const png = await new SvgChartRenderer().render({ id: 'complaint-themes', title: 't', alt: 'a', themes: [{ theme: 'battery', label: 'Battery', thisWeek: 5, lastWeek: 2 }, { theme: 'billing', label: 'Billing', thisWeek: 3, lastWeek: 4 }] });\n` +
          'console.log(png.content.byteLength, png.height);\n',
      );
      const out = path.join(dir, 'fn');
      const result = await build({ ...ESBUILD_OPTIONS, mainFields: [...ESBUILD_OPTIONS.mainFields], external: [], sourcemap: false, entryPoints: [entry], outfile: path.join(out, 'index.mjs'), metafile: true, logLevel: 'error' });
      expect(Object.keys(result.metafile.inputs).filter((f) => f.includes('node_modules/vega'))).toEqual([]);
      await mkdir(path.join(out, CHART_ASSETS_DIR));
      const require = createRequire(import.meta.url);
      for (const [file, name] of Object.entries(CHART_ASSET_FILES)) await copyFile(require.resolve(file), path.join(out, CHART_ASSETS_DIR, name));
      const { stdout } = await promisify(execFile)(process.execPath, ['index.mjs'], { cwd: out });
      const [bytes, height] = stdout.trim().split(' ').map(Number);
      expect(bytes).toBeGreaterThan(5_000);
      // Two themes: two rows of at least 24 px, the axis and the legend.
      expect(height).toBeGreaterThan(100);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
