/**
 * One window of a brand's negative volume, judged against its own scale: the robust baseline
 * when the brand was observed long enough to trust one, else warm-up's absolute threshold.
 * The same judgement opens an Incident, raises it, reopens it, and tells when it is quiet.
 */
import type { DetectionConfig } from '../config.ts';
import type { DetectionRule, Severity, SurgeFigures } from '../incident.ts';
import { BucketSeries, baselineFor, type Baseline } from './baseline.ts';
import { formatCount, formatWindow } from './format.ts';
import { surgeSeverity } from './severity.ts';

const MINUTE = 60_000;

export interface SurgeAssessment {
  windowStartMs: number;
  windowEndMs: number;
  /** The window's length: detection.windowMinutes, or earlyMinutes when the window's latest part alone made the spike. */
  windowMinutes: number;
  /** Negative Mentions counted in the window (from `since` when given). */
  negative: number;
  /** Their reach. */
  reach: number;
  themes: Record<string, number>;
  /** Hours of the baseline span before the window in which the brand had any Mention. */
  observedHours: number;
  rule: Exclude<DetectionRule, 'lone-post'>;
  baseline?: Baseline;
  sigma?: number;
  /** negative / max(1, baseline centre). */
  ratio?: number;
  /** The count at which the window is a spike. */
  threshold: number;
  spike: boolean;
  /** The severity the window's size calls for. */
  size: Severity;
  /** The numbers, in words. */
  summary: string;
}

/** The window that ends now: a fetch a minute into a bucket still sees a whole window's worth. */
export function windowAt(now: Date, config: DetectionConfig): { startMs: number; endMs: number } {
  return { startMs: now.getTime() - config.windowMinutes * MINUTE, endMs: now.getTime() };
}

/**
 * Judges the window ending at `windowEndMs`. With `sinceMs`, only buckets starting at or after it
 * are counted (the evidence after a resolution), against the whole window's threshold.
 *
 * When the whole window is no spike, its latest `earlyMinutes` are judged on their own, against
 * the baseline of windows that long and with the same minimum of negatives: a surge that starts
 * steeply is caught before it has filled the window, which it would only do as its peak arrives.
 * Not during warm-up: without a baseline, half of an absolute threshold in half the time is
 * crossed by chance far more often (a new brand at a steady 6 negatives an hour would be paged
 * most days), so warm-up waits for the whole window.
 */
export function assessWindow(series: BucketSeries, config: DetectionConfig, windowEndMs: number, sinceMs?: number): SurgeAssessment {
  const whole = judge(series, config, windowEndMs, config.windowMinutes, sinceMs);
  const early = config.earlyMinutes;
  if (whole.spike || whole.rule === 'warm-up' || !early || early >= config.windowMinutes) return whole;
  const part = judge(series, config, windowEndMs, early, sinceMs);
  return part.spike ? part : whole;
}

/** The whole window alone: what "back to normal" is judged on (its latest half hour says nothing of that). */
export const assessWholeWindow = (series: BucketSeries, config: DetectionConfig, windowEndMs: number): SurgeAssessment =>
  judge(series, config, windowEndMs, config.windowMinutes);

function judge(series: BucketSeries, config: DetectionConfig, windowEndMs: number, windowMinutes: number, sinceMs?: number): SurgeAssessment {
  const windowStartMs = windowEndMs - windowMinutes * MINUTE;
  const fromMs = Math.max(windowStartMs, sinceMs ?? windowStartMs);
  const negative = Math.round(series.count('negative', fromMs, windowEndMs));
  const reach = Math.round(series.count('negativeReach', fromMs, windowEndMs));
  const themes = series.themes(fromMs, windowEndMs);
  // Coverage is judged over the same span whatever the window's length.
  const coverageFrom = windowEndMs - config.windowMinutes * MINUTE;
  const observedHours = series.observedHours(coverageFrom - config.baselineDays * 24 * 60 * MINUTE, coverageFrom);
  const counted = `${formatCount(negative)} negative mention${negative === 1 ? '' : 's'} in ${formatWindow(Math.round((windowEndMs - fromMs) / MINUTE))}`;
  const base = { windowStartMs, windowEndMs, windowMinutes, negative, reach, themes, observedHours };
  const baseline = observedHours >= config.warmupHours
    ? baselineFor(series, windowStartMs, windowMinutes, config.baselineDays, series.measure('negative'))
    : undefined;
  if (!baseline) {
    const absolute = Math.max(config.warmupThreshold, config.minNegative);
    // Too little history to trust a baseline, but enough to see what is ordinary: a busy brand's
    // usual hour must not cross the absolute threshold on its first day.
    const seen = baselineFor(series, windowStartMs, windowMinutes, config.baselineDays, series.measure('negative'));
    const provisional = seen && seen.samples >= PROVISIONAL_MIN_WINDOWS ? Math.ceil(seen.center + config.sigma * seen.spread) : 0;
    const threshold = Math.max(absolute, provisional);
    const raised = threshold > absolute ? `, raised to ${threshold} by the brand's observed windows (${round1(seen!.center)} ± ${round1(seen!.spread)})` : '';
    return {
      ...base, rule: 'warm-up', threshold, spike: negative >= threshold,
      size: surgeSeverity({ rule: 'warm-up', negative, reach, threshold }, config),
      summary: `${counted}, warm-up (the brand was observed ${observedHours} h of the ${config.warmupHours} h its baseline needs in the last ${config.baselineDays} day${config.baselineDays === 1 ? '' : 's'}): absolute threshold ${absolute}${raised}`,
    };
  }
  const sigma = (negative - baseline.center) / baseline.spread;
  const ratio = negative / Math.max(1, baseline.center);
  const threshold = Math.max(config.minNegative, Math.ceil(baseline.center + config.sigma * baseline.spread));
  const where = baseline.mode === 'same-hour' ? `same hour over ${baseline.samples} past windows` : `${baseline.samples} past windows`;
  const spike = negative >= config.minNegative && sigma >= config.sigma;
  const volume = spike ? undefined : volumeSurge(series, config, windowStartMs, windowEndMs, windowMinutes, negative, ratio);
  return {
    ...base, rule: 'baseline', baseline, sigma: round1(sigma), ratio: round1(ratio), threshold,
    spike: spike || volume !== undefined,
    size: surgeSeverity({ rule: 'baseline', negative, sigma, ratio, reach }, config),
    summary: `${counted}, baseline ${round1(baseline.center)} ± ${round1(baseline.spread)} (${round1(sigma)}σ, ${round1(ratio)}× the usual; ${where}; min ${config.minNegative})${volume ?? ''}`,
  };
}

/** Observed past windows before warm-up's threshold is raised to what they show is ordinary. */
const PROVISIONAL_MIN_WINDOWS = 2;

/** Negatives this many times their usual count are enough during a volume surge. */
const VOLUME_SURGE_NEGATIVE_RATIO = 1.5;

/**
 * A surge of the brand's whole volume (every Mention, not only the negative ones): at least
 * volumeRatio × its baseline, σ above it, and five times minNegative. During one, negatives at
 * 1.5× their usual (and at least minNegative) are a spike: a complaint retweeted by hundreds of
 * people reaches the analyser as only part of its volume (retweets and jokes often score neutral).
 * Returns the words for the reason, or undefined.
 */
function volumeSurge(
  series: BucketSeries, config: DetectionConfig, startMs: number, endMs: number, windowMinutes: number, negative: number, ratio: number,
): string | undefined {
  if (negative < config.minNegative || ratio < VOLUME_SURGE_NEGATIVE_RATIO) return undefined;
  const total = Math.round(series.count('total', startMs, endMs));
  if (total < 5 * config.minNegative) return undefined;
  const b = baselineFor(series, startMs, windowMinutes, config.baselineDays, series.measure('total'));
  if (!b) return undefined;
  const times = total / Math.max(1, b.center);
  if (times < config.volumeRatio || (total - b.center) / b.spread < config.sigma) return undefined;
  return `; during a volume surge: ${formatCount(total)} mentions in all, ${round1(times)}× the usual ${round1(b.center)}`;
}

export const assessSurge = (series: BucketSeries, config: DetectionConfig, now: Date, sinceMs?: number): SurgeAssessment =>
  assessWindow(series, config, windowAt(now, config).endMs, sinceMs);

/** The figures stored with an opening, a raise or a reopening. */
export function figuresOf(a: SurgeAssessment): SurgeFigures {
  return {
    negative: a.negative,
    windowMinutes: a.windowMinutes,
    reach: a.reach,
    ...(a.baseline && { baseline: { center: round1(a.baseline.center), spread: round1(a.baseline.spread) } }),
    ...(a.sigma !== undefined && { sigma: a.sigma }),
    ...(a.ratio !== undefined && { ratio: a.ratio }),
  };
}

/**
 * Whether the window is at the brand's normal level: within two robust σ of its baseline, or,
 * without a trusted baseline, under the minimum that could ever open an Incident.
 */
export function isNormal(a: SurgeAssessment, config: DetectionConfig): boolean {
  return a.baseline ? a.negative <= Math.max(config.minNegative - 1, a.baseline.center + 2 * a.baseline.spread) : a.negative < config.minNegative;
}

export const round1 = (x: number): number => Math.round(x * 10) / 10;
