/**
 * Compares two `npm run bench -- --json <file>` results figure by figure:
 *
 *   npx tsx bench/compare.ts before.json after.json [--threshold 10]
 *
 * A change smaller than the threshold (percent, default 10) is reported as noise.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatValue, type Figure } from './measure.ts';
import type { BenchResults } from './run.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { threshold: { type: 'string', default: '10' } } });
if (positionals.length !== 2) {
  console.error('usage: npx tsx bench/compare.ts <before.json> <after.json> [--threshold <percent>]');
  process.exit(2);
}
const threshold = Number(values.threshold);
const [before, after] = positionals.map((file) => JSON.parse(readFileSync(file, 'utf8')) as BenchResults) as [BenchResults, BenchResults];

const describeRun = (label: string, r: BenchResults) => `${label}: ${r.commit} · ${r.date} · node ${r.node} · ${r.cpus} CPUs · load ${r.loadAverage}`;
console.log(describeRun('before', before));
console.log(describeRun('after ', after));
if (before.cpuModel !== after.cpuModel || before.cpus !== after.cpus) console.log('warning: different machines; compare sizes only.');

function verdict(b: Figure, a: Figure): string {
  if (b.value === 0) return a.value === 0 ? 'same' : 'new';
  const change = ((a.value - b.value) / b.value) * 100;
  const sign = change >= 0 ? '+' : '';
  if (Math.abs(change) < threshold) return `${sign}${change.toFixed(1)}% (noise)`;
  const improved = (change > 0) === (a.better === 'higher');
  return `${sign}${change.toFixed(1)}% ${improved ? 'better' : 'WORSE'}`;
}

const rows: string[][] = [];
const afterByName = new Map(after.figures.map((f) => [f.name, f]));
for (const b of before.figures) {
  const a = afterByName.get(b.name);
  rows.push([b.name, formatValue(b.value), a ? formatValue(a.value) : '-', b.unit, a ? verdict(b, a) : 'gone']);
  afterByName.delete(b.name);
}
for (const a of afterByName.values()) rows.push([a.name, '-', formatValue(a.value), a.unit, 'new']);

const header = ['name', 'before', 'after', 'unit', 'change'];
const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
const line = (cells: string[]) => cells.map((cell, c) => (c === 1 || c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
console.log(['', line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
