/**
 * `cost --config <file> --mentions-per-day <n>`: a monthly AWS estimate for that config, from the
 * per-Mention units measured on the embedded DynamoDB (the bench's measurement), the stack the
 * config synthesizes, and public list prices of one region and date (lib/cost/prices.ts).
 */
import { InvalidArgumentError } from 'commander';
import { defaultAssumptions, estimateCost, type Assumptions, type CostEstimate } from '../../lib/cost/estimate.ts';
import { PRICE_REGION, PRICES, PRICES_AS_OF } from '../../lib/cost/prices.ts';
import { stackCounts } from '../../lib/cost/stack-counts.ts';
import { loadConfigFile } from '../../lib/config-file.ts';
import { measureIngestUsage } from '../../lib/measure/ingest-usage.ts';
import { synthesizeStack } from '../../lib/synth.ts';
import { CONFIG_OPTION, JSON_OPTION, type CommandIo, type CommandSpec } from '../command.ts';

interface CostOptions {
  config: string;
  mentionsPerDay: number;
  duplicates?: number;
  chars?: number;
  languageKnown?: number;
  incidents?: number;
  json?: boolean;
}

const count = (what: string) => (value: string): number => {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n)) throw new InvalidArgumentError(`${what} must be a number, got "${value}".`);
  return n;
};
const share = (value: string): number => {
  const n = count('a share')(value);
  if (n > 1) throw new InvalidArgumentError(`must be a share from 0 to 1 (0.2 for 20%), got "${value}".`);
  return n;
};

const usd = (n: number) => `$${n >= 100 ? Math.round(n).toLocaleString('en') : n.toFixed(2)}`;

export function formatEstimate(e: CostEstimate, io: CommandIo): string[] {
  const b = io.color.bold;
  const width = Math.max(...e.lines.map((l) => l.service.length));
  const a = e.assumptions;
  return [
    b(`crisis-desk: estimated AWS bill for ${e.mentionsPerDay.toLocaleString('en')} Mentions a day (${e.mentionsPerMonth.toLocaleString('en')} a month)`),
    `List prices of ${PRICE_REGION} as of ${PRICES_AS_OF}, on-demand, before tax; other regions differ by up to about 25%.`,
    '',
    ...e.lines.map((l) => `  ${l.service.padEnd(width)}  ${usd(l.usd).padStart(9)}  ${l.usage}`),
    `  ${'-'.repeat(width)}  ${'-'.repeat(9)}`,
    `  ${b('Total'.padEnd(width))}  ${b(usd(e.totalUsd).padStart(9))}  a month (${usd(e.totalAfterFreeTierUsd)} after the always-free tiers)`,
    '',
    b('Assumptions') + ' (change them with the options in --help):',
    `  ${Math.round(a.duplicateShare * 100)}% of texts seen before (the analysis cache answers them), ${a.averageChars} characters a text, ` +
      `${Math.round(a.languageKnownShare * 100)}% with the language from their source, ${a.incidentsPerMonth} Incidents a month, ` +
      `${a.fetchSecondsPerRun} s per fetch run + ${a.fetchSecondsPerMention * 1000} ms per new Mention.`,
    ...e.notes.map((n) => `  ${n}`),
    '',
    b('Prices') + ' (each figure and where it was read):',
    ...Object.values(PRICES).map((p) => `  $${p.usd < 0.01 ? p.usd.toPrecision(3) : p.usd} per ${p.per}: ${p.source}`),
  ];
}

export const costSpec: CommandSpec<CostOptions> = {
  name: 'cost',
  summary: 'a monthly AWS estimate for a config at a given volume',
  description:
    'Estimates the monthly AWS bill of the stack a config deploys: Comprehend, DynamoDB, Lambda, Step Functions, EventBridge Scheduler, SES, S3, CloudWatch, Secrets Manager and X-Ray. ' +
    'DynamoDB units per source run and per stored Mention are measured here on the embedded DynamoDB (a few seconds); the functions, alarms, dashboards and secrets come from the synthesized stack; the rest are stated assumptions.',
  options: [
    CONFIG_OPTION,
    { flags: '--mentions-per-day <n>', description: 'Mentions the sources store a day, all sources together', required: true, parse: count('--mentions-per-day') },
    { flags: '--duplicates <share>', description: 'share of texts analysed before (retweets, copy-paste)', defaultDescription: '0.2', parse: share },
    { flags: '--chars <n>', description: 'average characters of a Mention', defaultDescription: '140 (a tweet)', parse: count('--chars') },
    { flags: '--language-known <share>', description: 'share of Mentions whose source gives the language', defaultDescription: 'from the config\'s source kinds', parse: share },
    { flags: '--incidents <n>', description: 'Incidents a month', defaultDescription: '8', parse: count('--incidents') },
    { ...JSON_OPTION, description: 'print the estimate (lines, totals, assumptions) as JSON' },
  ],
  examples: ['crisis-desk cost --config config/example.yaml --mentions-per-day 20000', 'crisis-desk cost --config config/acme.yaml --mentions-per-day 5000 --duplicates 0.35 --json'],
  async run(options, _args, io) {
    const config = loadConfigFile(options.config);
    const assumptions: Partial<Assumptions> = {
      ...(options.duplicates !== undefined && { duplicateShare: options.duplicates }),
      ...(options.chars !== undefined && { averageChars: options.chars }),
      ...(options.languageKnown !== undefined && { languageKnownShare: options.languageKnown }),
      ...(options.incidents !== undefined && { incidentsPerMonth: options.incidents }),
    };
    if (!options.json) io.err('measuring DynamoDB units on the embedded DynamoDB and synthesizing the stack…');
    const stack = stackCounts(synthesizeStack(config));
    const usage = await measureIngestUsage();
    const estimate = estimateCost({ config, mentionsPerDay: options.mentionsPerDay, usage, stack, assumptions: { ...defaultAssumptions(config), ...assumptions } });
    if (options.json) {
      io.out(JSON.stringify({ region: PRICE_REGION, pricesAsOf: PRICES_AS_OF, ...estimate, prices: PRICES }, null, 2));
    } else {
      for (const line of formatEstimate(estimate, io)) io.out(line);
    }
    return 0;
  },
};
