/** Timing helpers and the figure format every bench section returns. */
import type { Headline, HeadlineContext } from './headline.ts';

/** One row of the results table (and of results.json). */
export interface Figure {
  /** Stable key: compare.ts matches runs on it. */
  name: string;
  /** What was measured, in words. */
  measured: string;
  value: number;
  unit: string;
  /** Which way is better, for compare.ts. */
  better: 'higher' | 'lower';
  /** The per-run values the median came from (absent for figures that are not timed). */
  samples?: number[];
}

/** A section that could not run, and why. */
export interface Skipped {
  section: string;
  reason: string;
}

export interface SectionResult {
  figures: Figure[];
  notes: string[];
  /** The figures this section measured (see headline.ts). */
  headline?: Partial<Headline>;
  context?: HeadlineContext;
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RunOptions {
  /** Most timed runs. */
  runs: number;
  /** Runs made whatever the budget says. @default 1 */
  minRuns?: number;
  /**
   * Wall-clock budget in ms: after the first run, another starts only if it is likely to end
   * inside the budget. Keeps the slow sections (replay) from blowing the 2-minute target.
   */
  budgetMs?: number;
}

/**
 * Runs `once` up to `runs` times and returns each run's duration in ms. `once` may do its own
 * set-up outside the timed part by returning the ms it wants counted (e.g. ingest excludes
 * starting the embedded DynamoDB); otherwise the whole call is timed.
 */
export async function timeRuns(once: () => Promise<number | void> | number | void, options: RunOptions): Promise<number[]> {
  const durations: number[] = [];
  const began = performance.now();
  for (let i = 0; i < options.runs; i++) {
    const t0 = performance.now();
    const counted = await once();
    const total = performance.now() - t0;
    durations.push(typeof counted === 'number' ? counted : total);
    const spent = performance.now() - began;
    if (durations.length >= (options.minRuns ?? 1) && options.budgetMs !== undefined && spent + total > options.budgetMs) break;
  }
  return durations;
}

const round = (n: number): string => {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
};

export const formatValue = round;

/** A plain-text table with a header rule; numbers right-aligned. */
export function formatTable(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [f.name, f.measured, round(f.value), f.unit, !f.samples ? '' : f.samples.length > 1 ? `median of ${f.samples.length}` : '1 run']);
  const header = ['name', 'what was measured', 'value', 'unit', 'runs'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The same table in GitHub Markdown, for the project README. */
export function formatMarkdown(figures: readonly Figure[]): string {
  const rows = figures.map((f) => `| ${f.name} | ${f.measured} | ${round(f.value)} | ${f.unit} |`);
  return ['| name | what was measured | value | unit |', '| --- | --- | ---: | --- |', ...rows].join('\n');
}
