/**
 * Compares two `npm run bench -- --json <file>` results: first the figures (the
 * headline keys), then every measured figure, by name:
 *
 *   npx tsx bench/compare.ts before.json after.json [--threshold 10]
 *
 * A change smaller than the threshold (percent, default 10) is reported as noise; counts
 * (calls, units, items, bytes) are exact, so for them any change is real.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { flattenHeadline, type Headline } from './headline.ts';
import { formatValue, type Figure } from './measure.ts';
import type { BenchResults } from './run.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { threshold: { type: 'string', default: '10' } } });
if (positionals.length !== 2) {
  console.error('usage: npx tsx bench/compare.ts <before.json> <after.json> [--threshold <percent>]');
  process.exit(2);
}
const threshold = Number(values.threshold);
if (!(threshold >= 0)) {
  console.error(`--threshold must be a percentage, got "${values.threshold}"`);
  process.exit(2);
}
const read = (file: string): BenchResults => {
  const json = JSON.parse(readFileSync(file, 'utf8')) as BenchResults & Partial<BenchResults['run']>;
  if (!Array.isArray(json.figures)) throw new Error(`${file} is not the JSON of npm run bench -- --json (no "figures")`);
  // Runs from before the figures had their run details at the top level.
  const { date = '?', commit = '?', node = '?', cpus = 0, cpuModel = '?', loadAverage = 0, seconds = 0 } = json;
  return { ...json, run: json.run ?? { date, commit, node, cpus, cpuModel, loadAverage, seconds } };
};
const [before, after] = positionals.map(read) as [BenchResults, BenchResults];

const describeRun = (label: string, r: BenchResults) => `${label}: ${r.run.commit} · ${r.run.date} · node ${r.run.node} · ${r.run.cpus} CPUs · load ${r.run.loadAverage}`;
console.log(describeRun('before', before));
console.log(describeRun('after ', after));
if (before.run.cpuModel !== after.run.cpuModel || before.run.cpus !== after.run.cpus) console.log('warning: different machines; compare counts and sizes only.');

/** Every headline figure is better lower, except none: calls, units, items, bytes, ms, ratios. */
function verdict(b: number, a: number, better: 'higher' | 'lower', exact: boolean): string {
  if (b === a) return 'same';
  if (b === 0) return a > 0 === (better === 'higher') ? 'better' : 'WORSE';
  const change = ((a - b) / Math.abs(b)) * 100;
  const sign = change >= 0 ? '+' : '';
  if (!exact && Math.abs(change) < threshold) return `${sign}${change.toFixed(1)}% (noise)`;
  return `${sign}${change.toFixed(1)}% ${(change > 0) === (better === 'higher') ? 'better' : 'WORSE'}`;
}

function table(rows: string[][]): string {
  const header = ['name', 'before', 'after', 'unit', 'change'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 1 || c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// The headline: counts are exact; latencies and cold starts are times.
const timed = (key: string) => key.startsWith('alertLatencyP95Seconds') || key.startsWith('coldStartMs') || key === 'replayOverAnalyserRatio';
const unitOf = (key: string) =>
  key.startsWith('bundleBytes') ? 'bytes' : key.startsWith('coldStartMs') ? 'ms' : key.startsWith('alertLatency') ? 's' : key === 'replayOverAnalyserRatio' ? '×' : '';
const hb = flattenHeadline(before as Partial<Headline>);
const ha = flattenHeadline(after as Partial<Headline>);
const headlineRows = [...new Set([...hb.keys(), ...ha.keys()])].map((key) => {
  const b = hb.get(key);
  const a = ha.get(key);
  const change = b === undefined ? 'new' : a === undefined ? 'gone' : verdict(b, a, 'lower', !timed(key));
  return [key, b === undefined ? '-' : formatValue(b), a === undefined ? '-' : formatValue(a), unitOf(key), change];
});
console.log(`\nIssue figures\n${table(headlineRows)}`);

const rows: string[][] = [];
const afterByName = new Map(after.figures.map((f) => [f.name, f]));
for (const b of before.figures) {
  const a = afterByName.get(b.name);
  rows.push([b.name, formatValue(b.value), a ? formatValue(a.value) : '-', b.unit, a ? verdict(b.value, a.value, a.better, !(a as Figure).samples) : 'gone']);
  afterByName.delete(b.name);
}
for (const a of afterByName.values()) rows.push([a.name, '-', formatValue(a.value), a.unit, 'new']);
console.log(`\nAll figures\n${table(rows)}`);
