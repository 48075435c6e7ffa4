/**
 * Incident detection for one brand after a batch of Mentions was recorded: a spike of
 * negative volume against the brand's own baseline, or one Mention too far-reaching or
 * too risky to wait for a spike. One open Incident per brand and theme; later Mentions
 * attach to it and can raise its severity. Every decision carries its numbers.
 *
 * Primary course:
 *  1. Sum negative Mentions in the current window from the counters.
 *  2. Compare with the robust baseline (same hour on past days when there is enough
 *     history), or, during warm-up, with the absolute threshold.
 *  3. Group this batch's negative Mentions by theme; attach each group to its open
 *     Incident, raising severity when the evidence now says worse.
 *  4. Open an Incident for a theme that has none when the spike is about it, or when one
 *     of its Mentions has high reach or a risk term.
 *  5. Warn about a usually busy source that went silent (a broken connector, not an Incident).
 */
import type { Brand, DetectionConfig } from '../config.ts';
import { incidentFingerprint, isMoreSevere, type Incident, type Severity } from '../incident.ts';
import { isNegative, type Mention } from '../mention.ts';
import type { CounterBucket } from '../ports.ts';
import { riskCategory } from '../analysis/risks.ts';
import { BucketSeries, baselineFor, bucketFloor, type Baseline } from './baseline.ts';
import { severityOf, type SeverityEvidence } from './severity.ts';
import { silentSources } from './silence.ts';
import { formatCount, formatWindow } from './format.ts';

export interface DetectionInput {
  brand: Brand;
  config: DetectionConfig;
  now: Date;
  /** Counter buckets of the brand over baselineDays + window, from CounterStore.range. */
  history: CounterBucket[];
  /** The analysed Mentions just recorded for this brand (this batch). */
  recent: Mention[];
  /** The brand's currently open Incidents. */
  open: Incident[];
}

/** The numbers behind a decision, stored with the Incident for the post-mortem. */
export interface DetectionStats {
  trigger: 'spike' | 'warm-up' | 'high-reach' | 'risk';
  /** Negative Mentions in the current window (all themes). */
  windowNegative: number;
  windowMinutes: number;
  baseline?: { center: number; spread: number; samples: number; mode: Baseline['mode'] };
  /** Standard deviations above the baseline. */
  sigma?: number;
  warmupThreshold?: number;
  /** Hours of history the counters hold. */
  historyHours: number;
  maxReach: number;
  risks: string[];
}

export type DetectionDecision =
  | {
      kind: 'open';
      theme: string;
      severity: Severity;
      reason: string;
      triggerMentionIds: string[];
      /** ISO time of the earliest Mention or bucket that is part of it. */
      firstMentionAt: string;
      stats: DetectionStats;
    }
  | { kind: 'attach'; incidentId: string; mentionIds: string[]; raiseTo?: Severity; reason?: string }
  | { kind: 'warn-silence'; sourceId: string; reason: string };

/** Window negative volume against its baseline; `spike` when it crosses the thresholds. */
export interface SpikeAssessment {
  windowNegative: number;
  windowStartMs: number;
  historyHours: number;
  warmup: boolean;
  baseline?: Baseline;
  sigma?: number;
  spike: boolean;
  /** The numbers, in words. */
  summary: string;
  /** The theme with the most negative Mentions in the window. */
  dominantTheme?: string;
}

const MINUTE = 60_000;

export function assessSpike(series: BucketSeries, config: DetectionConfig, now: Date): SpikeAssessment {
  const windowEndMs = bucketFloor(now.getTime(), config.bucketMinutes) + config.bucketMinutes * MINUTE;
  const windowStartMs = windowEndMs - config.windowMinutes * MINUTE;
  const windowNegative = series.sum(windowStartMs, windowEndMs, (b) => b.negative);
  const historyHours = series.firstMs === undefined ? 0 : Math.max(0, (windowStartMs - series.firstMs) / (60 * MINUTE));
  const window = formatWindow(config.windowMinutes);
  const counted = `${formatCount(windowNegative)} negative mention${windowNegative === 1 ? '' : 's'} in ${window}`;
  const dominantTheme = dominant(series.buckets(windowStartMs, windowEndMs));

  if (historyHours < config.warmupHours) {
    const threshold = Math.max(config.warmupThreshold, config.minNegative);
    return {
      windowNegative, windowStartMs, historyHours, warmup: true, dominantTheme,
      spike: windowNegative >= threshold,
      summary: `${counted}, warm-up (${round1(historyHours)} h of history < ${config.warmupHours} h): absolute threshold ${threshold}`,
    };
  }
  const baseline = baselineFor(series, windowStartMs, config.windowMinutes, config.baselineDays, (b) => b.negative);
  if (!baseline) {
    const threshold = Math.max(config.warmupThreshold, config.minNegative);
    return {
      windowNegative, windowStartMs, historyHours, warmup: true, dominantTheme,
      spike: windowNegative >= threshold,
      summary: `${counted}, no baseline yet: absolute threshold ${threshold}`,
    };
  }
  const sigma = (windowNegative - baseline.center) / baseline.spread;
  const spike = windowNegative >= config.minNegative && sigma >= config.sigma;
  const where = baseline.mode === 'same-hour' ? `same hour over ${baseline.samples} past windows` : `${baseline.samples} past windows`;
  return {
    windowNegative, windowStartMs, historyHours, warmup: false, baseline, sigma, spike, dominantTheme,
    summary: `${counted}, baseline ${round1(baseline.center)} ± ${round1(baseline.spread)} (${round1(sigma)}σ; ${where}; min ${config.minNegative})`,
  };
}

export function detect(input: DetectionInput): DetectionDecision[] {
  const { brand, config, now, history, recent, open } = input;
  const series = new BucketSeries(history);
  const spike = assessSpike(series, config, now);
  const decisions: DetectionDecision[] = [];

  const negatives = recent.filter((m) => m.analysis && isNegative(m) && !m.author.isBrand);
  const groups = groupByTheme(negatives, recent);
  const openByFingerprint = new Map(open.filter((i) => i.status !== 'resolved').map((i) => [i.fingerprint, i]));
  if (spike.spike && spike.dominantTheme) {
    // The spike's own theme opens even when none of this batch's Mentions carries it, and
    // unclassified complaints during a spike are most likely about it.
    const other = spike.dominantTheme === 'other' ? [] : (groups.get('other') ?? []);
    groups.set(spike.dominantTheme, [...(groups.get(spike.dominantTheme) ?? []), ...other]);
    if (other.length) groups.delete('other');
  }

  for (const [theme, mentions] of groups) {
    const evidence = evidenceFor(mentions, spike, theme);
    const severity = severityOf(evidence, config);
    const existing = openByFingerprint.get(incidentFingerprint(brand.id, theme));
    if (existing) {
      if (!mentions.length) continue;
      const raise = isMoreSevere(severity, existing.severity);
      decisions.push({
        kind: 'attach',
        incidentId: existing.id,
        mentionIds: mentions.map((m) => m.id),
        ...(raise ? { raiseTo: severity, reason: `${describe(evidence, spike, mentions, config, theme)}` } : {}),
      });
      continue;
    }
    const trigger = triggerFor(theme, mentions, spike, config, now);
    if (!trigger) continue;
    const triggers = trigger === 'spike' || trigger === 'warm-up' ? mentions : mentions.filter((m) => singleTrigger(m, config, now));
    const all = trigger === 'spike' || trigger === 'warm-up' ? mentions : [...triggers, ...mentions.filter((m) => !triggers.includes(m))];
    decisions.push({
      kind: 'open',
      theme,
      severity,
      reason: describe(evidence, spike, mentions, config, theme, trigger),
      triggerMentionIds: all.map((m) => m.id),
      firstMentionAt: firstAt(all, trigger === 'spike' || trigger === 'warm-up' ? spike : undefined, series, config),
      stats: {
        trigger,
        windowNegative: spike.windowNegative,
        windowMinutes: config.windowMinutes,
        ...(spike.baseline ? { baseline: { ...spike.baseline } } : {}),
        ...(spike.sigma !== undefined ? { sigma: round1(spike.sigma) } : {}),
        ...(spike.warmup ? { warmupThreshold: Math.max(config.warmupThreshold, config.minNegative) } : {}),
        historyHours: round1(spike.historyHours),
        maxReach: evidence.maxReach,
        risks: [...new Set(mentions.flatMap((m) => m.analysis?.risks ?? []))],
      },
    });
  }

  for (const s of silentSources(series, config, now)) decisions.push({ kind: 'warn-silence', sourceId: s.sourceId, reason: s.reason });
  return decisions;
}

/** A single Mention that opens an Incident on its own: far-reaching and negative, or risky. */
/** A post older than this is history, not news: a new source's first page or a catch-up after an outage must not page anyone. */
const SINGLE_TRIGGER_MAX_AGE_MINUTES = 6 * 60;

export function singleTrigger(m: Mention, config: DetectionConfig, now?: Date): 'high-reach' | 'risk' | undefined {
  if (!m.analysis || m.author.isBrand) return undefined;
  const maxAge = Math.max(config.windowMinutes, SINGLE_TRIGGER_MAX_AGE_MINUTES) * 60_000;
  if (now && now.getTime() - Date.parse(m.createdAt) > maxAge) return undefined;
  // A risk term in praise ("great talk on preventing data breaches") is not a crisis.
  if (m.analysis.risks.length && m.analysis.sentiment !== 'POSITIVE') return 'risk';
  if (isNegative(m) && m.author.reach >= config.highReach) return 'high-reach';
  return undefined;
}

function triggerFor(theme: string, mentions: Mention[], spike: SpikeAssessment, config: DetectionConfig, now: Date): DetectionStats['trigger'] | undefined {
  if (spike.spike && spike.dominantTheme === theme) return spike.warmup ? 'warm-up' : 'spike';
  const singles = mentions.map((m) => singleTrigger(m, config, now));
  if (singles.includes('risk')) return 'risk';
  if (singles.includes('high-reach')) return 'high-reach';
  return undefined;
}

/**
 * Negative Mentions by theme. A negative reply to one of the brand's own posts in this
 * batch is about that post ("brand-post"), whatever its words.
 */
function groupByTheme(negatives: Mention[], recent: Mention[]): Map<string, Mention[]> {
  const brandPosts = new Set(recent.filter((m) => m.author.isBrand).map((m) => m.nativeId));
  const groups = new Map<string, Mention[]>();
  for (const m of negatives) {
    const theme = m.inReplyTo && brandPosts.has(m.inReplyTo) ? 'brand-post' : (m.analysis?.theme ?? 'other');
    groups.set(theme, [...(groups.get(theme) ?? []), m]);
  }
  return groups;
}

function evidenceFor(mentions: Mention[], spike: SpikeAssessment, theme: string): SeverityEvidence {
  const risky = mentions.filter((m) => m.analysis?.risks.length);
  const categories = new Set(risky.flatMap((m) => m.analysis!.risks.map(riskCategory)).filter((c): c is NonNullable<typeof c> => !!c));
  const about = spike.spike && spike.dominantTheme === theme;
  return {
    ...(about && !spike.warmup && spike.sigma !== undefined ? { sigma: spike.sigma } : {}),
    ...(about && spike.warmup ? { warmup: true, count: spike.windowNegative } : {}),
    maxReach: Math.max(0, ...mentions.map((m) => m.author.reach)),
    riskCategories: [...categories],
    riskMentions: risky.length,
  };
}

function describe(
  e: SeverityEvidence,
  spike: SpikeAssessment,
  mentions: Mention[],
  config: DetectionConfig,
  theme: string,
  trigger?: DetectionStats['trigger'],
): string {
  const parts: string[] = [];
  if (trigger === 'spike' || trigger === 'warm-up' || (spike.spike && spike.dominantTheme === theme)) parts.push(spike.summary);
  const top = [...mentions].sort((a, b) => b.author.reach - a.author.reach)[0];
  if (top && top.author.reach >= config.highReach && isNegative(top))
    parts.push(`negative mention by @${top.author.handle.replace(/^@/, '')} with reach ${formatCount(top.author.reach)} (≥ ${formatCount(config.highReach)})`);
  const risks = [...new Set(mentions.flatMap((m) => m.analysis?.risks ?? []))];
  if (risks.length) parts.push(`risk terms in ${e.riskMentions} mention${e.riskMentions === 1 ? '' : 's'}: ${risks.slice(0, 5).join(', ')}`);
  if (!parts.length) parts.push(`${mentions.length} more negative mention${mentions.length === 1 ? '' : 's'}; ${spike.summary}`);
  return `${parts.join('; ')} [theme ${theme}]`;
}

function firstAt(mentions: Mention[], spike: SpikeAssessment | undefined, series: BucketSeries, config: DetectionConfig): string {
  const times = mentions.map((m) => Date.parse(m.createdAt)).filter((t) => !Number.isNaN(t));
  if (spike) {
    // The first bucket of the window above its share of the baseline is where the rise began.
    const perBucket = (spike.baseline?.center ?? 0) * (config.bucketMinutes / config.windowMinutes);
    const first = series
      .buckets(spike.windowStartMs, spike.windowStartMs + config.windowMinutes * MINUTE)
      .find((b) => b.negative > perBucket);
    if (first) times.push(Date.parse(first.bucketStart));
  }
  return new Date(times.length ? Math.min(...times) : spike?.windowStartMs ?? 0).toISOString();
}

function dominant(buckets: CounterBucket[]): string | undefined {
  const totals = new Map<string, number>();
  for (const b of buckets) for (const [theme, n] of Object.entries(b.byTheme ?? {})) totals.set(theme, (totals.get(theme) ?? 0) + n);
  // Ties go to a named theme over "other".
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] === 'other' ? 1 : b[0] === 'other' ? -1 : 0))[0]?.[0];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
