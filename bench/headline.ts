/**
 * The figures issue #13 asks `npm run bench` for, under the names it gives them (the keys of
 * `--json`), with their goals: one table, and what compare.ts lines up between two runs.
 */
import { formatValue } from './measure.ts';

export interface Headline {
  /** Comprehend billed units per distinct text, the source's language known, tweet-length texts. */
  comprehendUnitsPerUniqueMention: number;
  /** Comprehend calls per 1,000 mentions with 20% duplicates. */
  comprehendCallsPer1000: number;
  /** Documents sent to Comprehend a second time across runs, within the cache's lifetime. */
  comprehendDocsSentTwice: number;
  /** DynamoDB calls per stored Mention in ingest (the worse of calm traffic and an open Incident). */
  dynamoCallsPerMention: number;
  /** replay() time over the lexicon analyser's own time on the same texts. */
  replayOverAnalyserRatio: number;
  /** p95 seconds from the post that crossed the threshold to the level-1 email. */
  alertLatencyP95Seconds: { demo: number; replay: number };
  /** Items the weekly report reads at 10,000 and 1,000,000 mentions a week. */
  reportItemsRead: { '10000': number; '1000000': number };
  /** Minified bytes of each function's bundle (what loads at a cold start). */
  bundleBytes: Record<string, number>;
  /** Median module load of each bundle in a fresh Node process, ms. */
  coldStartMs: Record<string, number>;
}

export type HeadlineKey = keyof Headline;

/** The keys, in the order. */
export const HEADLINE_KEYS: readonly HeadlineKey[] = [
  'comprehendUnitsPerUniqueMention', 'comprehendCallsPer1000', 'comprehendDocsSentTwice', 'dynamoCallsPerMention',
  'replayOverAnalyserRatio', 'alertLatencyP95Seconds', 'reportItemsRead', 'bundleBytes', 'coldStartMs',
];

/** Context for the goals: the poll intervals the latency runs used, in seconds. */
export interface HeadlineContext {
  alertPollIntervalSeconds?: { demo: number; replay: number };
}

export const FETCH_BUNDLE_GOAL_BYTES = 300 * 1024;
export const WEEKLY_REPORT_GOAL_BYTES = 600 * 1024;

interface Row {
  figure: string;
  value: string;
  goal: string;
  met?: boolean;
}

const kb = (bytes: number) => `${formatValue(bytes / 1024)} KB`;

/** The headline as table rows, each with its goal and whether it is met (undefined: no goal, or not measured). */
export function headlineRows(h: Partial<Headline>, ctx: HeadlineContext = {}): Row[] {
  const rows: Row[] = [];
  const num = (key: HeadlineKey, figure: string, goal: string, ok: (v: number) => boolean) => {
    const v = h[key] as number | undefined;
    rows.push({ figure: `${key}: ${figure}`, value: v === undefined ? 'not measured' : formatValue(v), goal, met: v === undefined ? undefined : ok(v) });
  };
  num('comprehendUnitsPerUniqueMention', 'billed units per unique mention, language known', '≤ 3.1', (v) => v <= 3.1);
  num('comprehendCallsPer1000', 'Comprehend calls per 1,000 mentions, 20% duplicates', '≤ 50', (v) => v <= 50);
  num('comprehendDocsSentTwice', 'documents sent twice across runs', '0', (v) => v === 0);
  num('dynamoCallsPerMention', 'DynamoDB calls per stored Mention', '≤ 1.5', (v) => v <= 1.5);
  num('replayOverAnalyserRatio', 'replay time / analyser time, same texts', '≤ 3', (v) => v <= 3);
  for (const run of ['demo', 'replay'] as const) {
    const v = h.alertLatencyP95Seconds?.[run];
    const poll = ctx.alertPollIntervalSeconds?.[run];
    rows.push({
      figure: `alertLatencyP95Seconds.${run}: time to alert p95, ${run === 'demo' ? "the demo's crisis" : 'configured poll intervals'}`,
      value: v === undefined ? 'not measured' : `${formatValue(v)} s`,
      goal: poll === undefined ? 'poll + 60 s' : `≤ ${poll + 60} s (poll ${poll / 60} min + 60 s)`,
      met: v === undefined || poll === undefined ? undefined : v <= poll + 60,
    });
  }
  const reads = h.reportItemsRead;
  rows.push({
    figure: 'reportItemsRead: weekly report items read, 10,000 | 1,000,000 mentions a week',
    value: reads ? `${reads['10000']} | ${reads['1000000']}` : 'not measured',
    goal: 'equal',
    met: reads ? reads['10000'] === reads['1000000'] : undefined,
  });
  for (const [name, bytes] of Object.entries(h.bundleBytes ?? {})) {
    const goal = name.startsWith('fetch-') ? FETCH_BUNDLE_GOAL_BYTES : name === 'weekly-report' ? WEEKLY_REPORT_GOAL_BYTES : undefined;
    const cold = h.coldStartMs?.[name];
    rows.push({
      figure: `bundleBytes.${name} (coldStartMs ${cold === undefined ? '-' : formatValue(cold)})`,
      value: kb(bytes),
      goal: goal === undefined ? '' : `≤ ${kb(goal)}${name === 'weekly-report' ? ' + assets' : ''}`,
      met: goal === undefined ? undefined : bytes <= goal,
    });
  }
  return rows;
}

const status = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : 'NOT MET');

export function formatHeadline(h: Partial<Headline>, ctx?: HeadlineContext): string {
  const rows = headlineRows(h, ctx).map((r) => [r.figure, r.value, r.goal, status(r.met)]);
  const header = ['figure', 'value', 'goal', ''];
  const widths = header.map((x, c) => Math.max(x.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 1 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatHeadlineMarkdown(h: Partial<Headline>, ctx?: HeadlineContext): string {
  const rows = headlineRows(h, ctx).map((r) => `| ${r.figure.replace(/\|/g, '\\|')} | ${r.value.replace(/\|/g, '\\|')} | ${r.goal} | ${status(r.met)} |`);
  return ['| figure | value | goal | |', '| --- | ---: | --- | --- |', ...rows].join('\n');
}

/** The headline flattened to `key` / `key.sub` numbers, for compare.ts. */
export function flattenHeadline(h: Partial<Headline>): Map<string, number> {
  const out = new Map<string, number>();
  for (const key of HEADLINE_KEYS) {
    const value = h[key];
    if (typeof value === 'number') out.set(key, value);
    else if (value && typeof value === 'object') for (const [sub, v] of Object.entries(value)) if (typeof v === 'number') out.set(`${key}.${sub}`, v);
  }
  return out;
}
