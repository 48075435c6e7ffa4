/**
 * Severity from three kinds of evidence: how far the volume is above the baseline, how far
 * the negative Mentions reach, and whether they carry risk terms. Points add up:
 * 4+ is SEV1, 2-3 is SEV2, fewer is SEV3. A spike at 4x the sigma threshold is SEV1 alone;
 * with warm-up's absolute threshold (less trust) it takes reach or risk as well.
 */
import type { Severity } from '../incident.ts';
import type { DetectionConfig } from '../config.ts';

export interface SeverityEvidence {
  /** Standard deviations above baseline (spike), if a spike was measured. */
  sigma?: number;
  /** Negative count in the window against an absolute threshold (warm-up). */
  count?: number;
  warmup?: boolean;
  /** The largest reach among the negative Mentions. */
  maxReach: number;
  /** Distinct risk categories among them (legal, safety, security, discrimination). */
  riskCategories: string[];
  /** Mentions carrying a risk term. */
  riskMentions: number;
}

export function volumePoints(e: SeverityEvidence, config: DetectionConfig): number {
  if (e.warmup && e.count !== undefined) {
    const ratio = e.count / config.warmupThreshold;
    return ratio >= 4 ? 3 : ratio >= 2 ? 2 : ratio >= 1 ? 1 : 0;
  }
  if (e.sigma === undefined) return 0;
  const ratio = e.sigma / config.sigma;
  return ratio >= 4 ? 4 : ratio >= 3 ? 3 : ratio >= 2 ? 2 : ratio >= 1 ? 1 : 0;
}

export function reachPoints(maxReach: number, config: DetectionConfig): number {
  return maxReach >= 10 * config.highReach ? 2 : maxReach >= config.highReach ? 1 : 0;
}

/** Safety and security risks hurt people, not only the brand: they weigh more. */
export function riskPoints(e: Pick<SeverityEvidence, 'riskCategories' | 'riskMentions'>): number {
  if (!e.riskCategories.length) return 0;
  const grave = e.riskCategories.some((c) => c === 'safety' || c === 'security');
  return (grave ? 2 : 1) + (e.riskMentions >= 3 ? 1 : 0);
}

export function severityOf(e: SeverityEvidence, config: DetectionConfig): Severity {
  const points = volumePoints(e, config) + reachPoints(e.maxReach, config) + riskPoints(e);
  return points >= 4 ? 'SEV1' : points >= 2 ? 'SEV2' : 'SEV3';
}
