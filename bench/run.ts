/**
 * `npm run bench`: the cost and speed figures of issue #13 on this machine, with their goals.
 *
 *   npm run bench                          the table
 *   npm run bench -- --json /tmp/a.json    also write the figures (compare with bench/compare.ts)
 *   npm run bench -- --only lexicon,bundles
 *   npm run bench -- --details             also every measured figure (throughput, sizes, samples)
 *   npm run bench -- --markdown            the tables in Markdown too (for the README)
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Incident } from '../lambdas/core/incident.ts';
import { replay } from '../lib/local/replay.ts';
import { benchBundles } from './bundles.ts';
import { benchComprehend } from './comprehend.ts';
import { benchDetection } from './detection.ts';
import { formatHeadline, formatHeadlineMarkdown, type Headline, type HeadlineContext } from './headline.ts';
import { benchIngest } from './ingest.ts';
import { benchConfig, DEMO_LAUNCH, demoScenario, fixtureTweets, generatedTexts } from './inputs.ts';
import { benchLatency } from './latency.ts';
import { benchLexicon } from './lexicon.ts';
import { formatMarkdown, formatTable, type Figure, type SectionResult, type Skipped } from './measure.ts';
import { chartRenderer } from './optional.ts';
import { benchReplay } from './replay.ts';
import { benchReportReads } from './report-reads.ts';

const SECTIONS = ['lexicon', 'comprehend', 'ingest', 'detection', 'replay', 'latency', 'reads', 'bundles', 'report'] as const;
type Section = (typeof SECTIONS)[number];

/** What `--json` writes: the issue's figures under its own keys, then the run and every detail. */
export type BenchResults = Partial<Headline> & {
  run: {
    date: string;
    commit: string;
    node: string;
    cpus: number;
    cpuModel: string;
    /** 1-minute load average when the bench started: a busy machine explains slow figures. */
    loadAverage: number;
    seconds: number;
  };
  /** Poll intervals of the alert latency runs, seconds (the goal is these + 60 s). */
  alertPollIntervalSeconds?: HeadlineContext['alertPollIntervalSeconds'];
  figures: Figure[];
  notes: string[];
  skipped: Skipped[];
};

const { values } = parseArgs({
  options: {
    json: { type: 'string' },
    only: { type: 'string' },
    details: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
  },
});
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim())) : undefined;
for (const name of only ?? []) if (!SECTIONS.includes(name as Section)) throw new Error(`unknown section ${name}; choose from ${SECTIONS.join(', ')}`);
const wanted = (s: Section) => !only || only.has(s);

// The AWS SDK's Node-version notice would interleave with the table (its documented opt-out).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).trim();
    return dirty ? `${sha}+dirty` : sha;
  } catch {
    return 'unknown';
  }
}

const began = performance.now();
const run: BenchResults['run'] = {
  date: new Date().toISOString(),
  commit: commit(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  loadAverage: Math.round(os.loadavg()[0]! * 100) / 100,
  seconds: 0,
};
const headline: Partial<Headline> = {};
const context: HeadlineContext = {};
const results = { figures: [] as Figure[], notes: [] as string[], skipped: [] as Skipped[] };
console.log(`crisis-desk bench · ${run.commit} · node ${run.node} · ${run.cpus} × ${run.cpuModel} · load ${run.loadAverage}`);

let failed = false;
async function section(name: Section, fn: () => Promise<SectionResult>): Promise<void> {
  if (!wanted(name)) return;
  const t0 = performance.now();
  process.stdout.write(`  ${name} … `);
  try {
    const r = await fn();
    results.figures.push(...r.figures);
    results.notes.push(...r.notes);
    Object.assign(headline, r.headline);
    Object.assign(context, r.context);
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } catch (err) {
    failed = true;
    const reason = err instanceof Error ? (err.stack ?? err.message) : String(err);
    results.skipped.push({ section: name, reason: `failed: ${reason.split('\n')[0]}` });
    console.log('failed');
    console.error(reason);
  }
}

let replayIncidents: Incident[] | undefined;
/** The demo's Incidents: from the replay section, or one untimed replay. */
const demoIncidents = async () => (replayIncidents ??= (await replay(demoScenario().config, demoScenario().mentions)).incidents);
await section('lexicon', benchLexicon);
await section('comprehend', async () => {
  const tweets = fixtureTweets();
  return tweets ? benchComprehend(tweets, 'fixture tweets') : benchComprehend(generatedTexts(5_000), 'generated tweets: ../shared is absent');
});
await section('ingest', benchIngest);
await section('detection', benchDetection);
await section('replay', async () => {
  const r = await benchReplay();
  replayIncidents = r.incidents;
  return r;
});
await section('latency', async () => {
  const { config, mentions } = demoScenario();
  return benchLatency(config, mentions, DEMO_LAUNCH);
});
await section('reads', async () => benchReportReads(benchConfig, await demoIncidents()));
await section('bundles', benchBundles);
if (wanted('report')) {
  // Loaded lazily: the bench still runs if the report module moves or is not there yet.
  const mod = await import('./report.ts').catch((err: unknown) => err as Error);
  if (mod instanceof Error) {
    results.skipped.push({ section: 'report', reason: `no weekly report build function to measure (${mod.message.split('\n')[0]})` });
  } else {
    await section('report', async () => {
      const { config, mentions } = demoScenario();
      const incidents = await demoIncidents();
      const stubbed = await mod.benchReport(config, mentions, incidents);
      const charts = await chartRenderer();
      if (!charts.value) return { figures: stubbed.figures, notes: [...stubbed.notes, `report: real charts not measured (${charts.reason})`] };
      const real = await mod.benchReport(config, mentions, incidents, charts.value);
      return { figures: [...stubbed.figures, ...real.figures], notes: [...stubbed.notes, ...real.notes] };
    });
  }
}

run.seconds = Math.round((performance.now() - began) / 100) / 10;
console.log('');
console.log(formatHeadline(headline, context));
if (values.details) console.log(`\n${formatTable(results.figures)}`);
if (values.markdown) console.log(`\n${formatHeadlineMarkdown(headline, context)}${values.details ? `\n\n${formatMarkdown(results.figures)}` : ''}`);
if (results.notes.length) console.log(`\nNotes:\n${results.notes.map((n) => `  - ${n}`).join('\n')}`);
if (results.skipped.length) console.log(`\nSkipped:\n${results.skipped.map((s) => `  - ${s.section}: ${s.reason}`).join('\n')}`);
console.log(`\nTotal ${run.seconds} s.`);
if (values.json) {
  const out: BenchResults = { ...headline, run, ...(context.alertPollIntervalSeconds && { alertPollIntervalSeconds: context.alertPollIntervalSeconds }), ...results };
  writeFileSync(values.json, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`Figures written to ${values.json}.`);
}
if (failed) process.exitCode = 1;
