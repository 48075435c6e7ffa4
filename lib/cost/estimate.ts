/**
 * A monthly AWS estimate for one config at a given volume: usage per service from the
 * per-Mention units the bench measures (lib/measure), the stack the config synthesizes (its
 * functions, alarms, dashboards, secrets) and stated assumptions, times the list prices of
 * prices.ts. Pure: the caller measures and synthesizes.
 */
import type { Config } from '../../lambdas/core/config.ts';
import { MIN_UNITS, UNIT_CHARS } from '../../lambdas/adapters/comprehend-analyzer.ts';
import { nextRun, parseSchedule } from '../../lambdas/core/schedule.ts';
import type { IngestUsage } from '../measure/ingest-usage.ts';
import { FREE_TIERS, PRICES, type PriceKey } from './prices.ts';

export const DAYS_PER_MONTH = 30;
const WEEKS_PER_MONTH = DAYS_PER_MONTH / 7;
const GB = 1e9;

/** What the synthesized stack holds that is billed by the month. */
export interface StackCounts {
  /** Memory (MB) of each fetch function, by source id, and of the other functions by name. */
  fetchMemoryMb: Record<string, number>;
  functionMemoryMb: { notifyLevel: number; escalationStep: number; incidentAction: number; weeklyReport: number };
  /** Standard alarms, and anomaly-detection alarms (billed as 3 alarm metrics each). */
  alarms: number;
  anomalyAlarms: number;
  dashboards: number;
  secrets: number;
}

/** What cannot be measured here, with defaults a user can override on the command line. */
export interface Assumptions {
  /** Share of Mentions whose text was analysed before (retweets, copy-paste): answered by the cache. */
  duplicateShare: number;
  /** Average characters of a Mention's text. */
  averageChars: number;
  /** Share of Mentions whose source gives the language (X, Bluesky, Mastodon, most feeds). */
  languageKnownShare: number;
  incidentsPerMonth: number;
  /** Seconds a fetch run takes besides its Mentions (the platform API, DynamoDB, a cold start now and then). */
  fetchSecondsPerRun: number;
  /** Seconds each new Mention adds to a run (analysis calls, writes). */
  fetchSecondsPerMention: number;
  /** Log bytes each invocation writes (Powertools: a few JSON lines). */
  logBytesPerInvocation: number;
}

/** Languages the connectors pass on: most posts of these kinds arrive with one. */
const KINDS_WITH_LANGUAGE = new Set(['x', 'bluesky', 'mastodon', 'rss']);

export function defaultAssumptions(config: Config): Assumptions {
  const deployed = config.sources.filter((s) => s.kind !== 'import');
  const known = deployed.length ? deployed.filter((s) => KINDS_WITH_LANGUAGE.has(s.kind)).length / deployed.length : 0;
  return {
    duplicateShare: 0.2,
    averageChars: 140,
    languageKnownShare: Math.round(known * 100) / 100,
    incidentsPerMonth: 8,
    fetchSecondsPerRun: 1.5,
    fetchSecondsPerMention: 0.005,
    logBytesPerInvocation: 2_000,
  };
}

const counted = new Map<string, number>();

/** Runs of a schedule in DAYS_PER_MONTH days (cron expressions counted on a sample month, from its first midnight). */
export function runsPerMonth(expression: string, timeZone: string): number {
  const schedule = parseSchedule(expression);
  if (schedule.kind === 'rate') return (DAYS_PER_MONTH * 24 * 60) / schedule.minutes;
  if (schedule.kind === 'at') return 0;
  const key = `${expression}\n${timeZone}`;
  const known = counted.get(key);
  if (known !== undefined) return known;
  const from = new Date(Date.parse('2026-01-05T00:00:00Z') - 1);
  const until = from.getTime() + 1 + DAYS_PER_MONTH * 86_400_000;
  let n = 0;
  for (let t = nextRun(schedule, from, timeZone); t && t.getTime() < until && n < 1_000_000; t = nextRun(schedule, t, timeZone)) n++;
  counted.set(key, n);
  return n;
}

/** Comprehend's billed units for one document of `chars` characters, one API. */
export const unitsPerDocument = (chars: number): number => Math.max(MIN_UNITS, Math.ceil(chars / UNIT_CHARS));

export interface CostLine {
  service: string;
  /** What is billed, in words with the numbers. */
  usage: string;
  usd: number;
  /** The same after the always-free monthly tiers. */
  usdAfterFreeTier: number;
}

export interface CostEstimate {
  mentionsPerDay: number;
  mentionsPerMonth: number;
  lines: CostLine[];
  totalUsd: number;
  totalAfterFreeTierUsd: number;
  assumptions: Assumptions;
  /** How each figure was arrived at, for the output. */
  notes: string[];
}

/** Amounts (GB, units) with their decimals; counts of things (emails, runs) whole. */
const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en') : n >= 1 ? n.toFixed(2) : n.toPrecision(2));
const whole = (n: number): string => Math.ceil(n).toLocaleString('en');

export function estimateCost(input: { config: Config; mentionsPerDay: number; usage: IngestUsage; stack: StackCounts; assumptions?: Partial<Assumptions> }): CostEstimate {
  const { config, mentionsPerDay, usage, stack } = input;
  const a: Assumptions = { ...defaultAssumptions(config), ...input.assumptions };
  const monthly = mentionsPerDay * DAYS_PER_MONTH;
  const sources = config.sources.filter((s) => s.kind !== 'import');
  const runsBySource = new Map(sources.map((s) => [s.id, runsPerMonth(s.schedule, config.timeZone)]));
  const runs = [...runsBySource.values()].reduce((x, y) => x + y, 0);
  const reports = WEEKS_PER_MONTH * (config.report.schedule ? 1 : 0);
  const comprehend = config.analyzer === 'comprehend';
  const unique = monthly * (1 - a.duplicateShare);
  const lines: CostLine[] = [];
  const notes: string[] = [];
  /** A line priced from quantities of price keys; free tiers apply per key. */
  const line = (service: string, text: string, quantities: Partial<Record<PriceKey, number>>) => {
    let usd = 0;
    let free = 0;
    for (const [key, q] of Object.entries(quantities) as [PriceKey, number][]) {
      usd += q * PRICES[key].usd;
      free += Math.max(0, q - (FREE_TIERS[key] ?? 0)) * PRICES[key].usd;
    }
    lines.push({ service, usage: text, usd, usdAfterFreeTier: free });
  };

  // Comprehend: sentiment for every distinct text, language detection where the source gave none.
  if (comprehend) {
    const perDoc = unitsPerDocument(a.averageChars);
    const sentiment = unique * perDoc;
    const language = unique * (1 - a.languageKnownShare) * perDoc;
    const detected = unique * (1 - a.languageKnownShare);
    line('Comprehend', `${whole(unique)} distinct texts × ${perDoc} units (sentiment)${detected ? ` + ${whole(detected)} × ${perDoc} (language detection)` : '; no language detection (the sources give it)'}`, {
      comprehendUnit: sentiment + language,
    });
  } else {
    line('Comprehend', 'none: the lexicon analyser runs in the function', {});
  }

  // DynamoDB: the measured units of a run and of each stored Mention; the analysis cache; storage.
  const cacheReads = comprehend ? monthly * 0.5 : 0; // one eventually consistent lookup per Mention's text
  const cacheWrites = comprehend ? unique : 0;
  const rru = runs * usage.perRun.readUnits + monthly * usage.perMention.readUnits + cacheReads;
  const wru = runs * usage.perRun.writeUnits + monthly * usage.perMention.writeUnits + cacheWrites;
  const storedGb = (mentionsPerDay * config.retentionDays * usage.mentionItemBytes) / GB;
  line('DynamoDB', `${fmt(wru)} write + ${fmt(rru)} read request units; ${fmt(storedGb)} GB of Mentions (${config.retentionDays} days), with point-in-time recovery`, {
    dynamoWriteUnit: wru,
    dynamoReadUnit: rru,
    dynamoStorageGbMonth: storedGb,
    dynamoPitrGbMonth: storedGb,
  });

  // Lambda: fetch runs, the escalation flow's tasks per Incident, the weekly report, clicks.
  const gbs = (mb: number, seconds: number) => (mb / 1024) * seconds;
  let gbSeconds = 0;
  for (const [id, n] of runsBySource) gbSeconds += n * gbs(stack.fetchMemoryMb[id] ?? 512, a.fetchSecondsPerRun + (monthly / Math.max(1, runs)) * a.fetchSecondsPerMention);
  const pagesPerIncident = 3; // Level 1, a reminder or Level 2, the resolution notice
  const m = stack.functionMemoryMb;
  gbSeconds += a.incidentsPerMonth * pagesPerIncident * (gbs(m.notifyLevel, 1) + gbs(m.escalationStep, 0.3));
  gbSeconds += a.incidentsPerMonth * 4 * gbs(m.incidentAction, 0.3);
  gbSeconds += reports * gbs(m.weeklyReport, 20);
  const invocations = runs + a.incidentsPerMonth * (pagesPerIncident * 2 + 4) + reports;
  line('Lambda (arm64)', `${whole(invocations)} invocations, ${fmt(gbSeconds)} GB-seconds`, { lambdaRequest: invocations, lambdaGbSecondArm: gbSeconds });

  const transitions = a.incidentsPerMonth * 25 + reports * 6;
  line('Step Functions', `${whole(transitions)} state transitions (about 25 per Incident, 6 per weekly report)`, { stepFunctionsTransition: transitions });
  line('EventBridge Scheduler', `${whole(runs + reports)} invocations (${sources.length} source schedule(s), the weekly report)`, { schedulerInvocation: runs + reports });

  const pageRecipients = Math.max(1, ...config.escalationPolicies.map((p) => p.levels[0]?.owners.length ?? 1));
  const emails = a.incidentsPerMonth * pagesPerIncident * pageRecipients * 2 + reports * config.report.recipients.length;
  const attachmentsGb = (reports * config.report.recipients.length * 3 * 150_000) / GB;
  line('SES', `${whole(emails)} emails (pages, notices, the weekly report), ${fmt(attachmentsGb)} GB of chart attachments`, { sesEmail: emails, sesAttachmentGb: attachmentsGb });

  const puts = reports * 8;
  line('S3', `${whole(puts)} PUTs (each report's HTML, text, JSON and charts), a year of reports stored`, { s3Put: puts, s3StorageGbMonth: (52 * 2_000_000) / GB });

  const logsGb = (invocations * a.logBytesPerInvocation) / GB;
  const metrics = sources.length * 5 + config.brands.length + (comprehend ? 4 : 0);
  const alarms = stack.alarms + 3 * stack.anomalyAlarms;
  line('CloudWatch', `${fmt(logsGb)} GB of logs, ${metrics} custom metrics, ${alarms} alarm metrics, ${stack.dashboards} dashboard(s)`, {
    cloudwatchLogsIngestGb: logsGb,
    cloudwatchLogsStorageGbMonth: logsGb,
    cloudwatchMetric: metrics,
    cloudwatchAlarm: alarms,
    cloudwatchDashboard: stack.dashboards,
  });
  line('Secrets Manager', `${stack.secrets} secret(s) (source credentials, link signing), about one read per run`, { secret: stack.secrets, secretCall: runs });
  line('X-Ray', `${whole(invocations)} traces (every invocation traced)`, { xrayTrace: invocations });

  notes.push(
    `DynamoDB: measured on the embedded DynamoDB, ${fmt(usage.perRun.readUnits)} read / ${fmt(usage.perRun.writeUnits)} write units per source run and ` +
      `${usage.perMention.readUnits.toFixed(2)} / ${usage.perMention.writeUnits.toFixed(2)} per stored Mention (runs of ${usage.runSize}); Mention items ${usage.mentionItemBytes} bytes`,
    `runs: ${[...runsBySource].map(([id, n]) => `${id} ${whole(n)}`).join(', ')} a month from the schedules`,
  );
  const totalUsd = lines.reduce((s, l) => s + l.usd, 0);
  const totalAfterFreeTierUsd = lines.reduce((s, l) => s + l.usdAfterFreeTier, 0);
  return { mentionsPerDay, mentionsPerMonth: monthly, lines, totalUsd, totalAfterFreeTierUsd, assumptions: a, notes };
}
