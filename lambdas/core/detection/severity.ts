/**
 * Severity from the size of the problem against the brand's own scale (config `detection.severity`):
 *
 *  - A surge judged against a trusted baseline is SEV2 when its window holds at least
 *    sev2.negative negatives that are sev2.sigma robust σ and sev2.ratio times above the baseline,
 *    SEV1 at the sev1 figures (all three must hold: σ alone inflates on a busy brand, the ratio
 *    alone on a quiet one, and a handful of posts is never a SEV1).
 *  - During warm-up (too little observed history to trust a baseline) only the volume speaks:
 *    SEV2 at warmupSev2 × the warm-up threshold (warmupThreshold, or the higher one a busy brand's
 *    observed windows call for), SEV1 at warmupSev1 ×.
 *  - A surge whose negative Mentions reach `reach` people or more is one step more severe.
 *  - A lone post (far-reaching, or carrying a risk) is SEV3 unless its author reaches `loneReach`
 *    people or `corroboration` other authors posted the same problem within the window (SEV2),
 *    or both (SEV1).
 */
import type { DetectionConfig } from '../config.ts';
import { SEVERITIES, isMoreSevere, type Severity } from '../incident.ts';

export interface SurgeSize {
  rule: 'baseline' | 'warm-up';
  negative: number;
  sigma?: number;
  ratio?: number;
  /** Reach of the window's negative Mentions. */
  reach: number;
  /** Warm-up: the threshold the window was judged by (warmupThreshold, or higher on a busy brand). */
  threshold?: number;
}

const step = (s: Severity, by: number): Severity => SEVERITIES[Math.max(0, Math.min(SEVERITIES.length - 1, SEVERITIES.indexOf(s) - by))]!;

/** One step more severe (SEV1 stays SEV1). */
export const stepUp = (s: Severity): Severity => step(s, 1);

export const moreSevere = (a: Severity, b: Severity): Severity => (isMoreSevere(a, b) ? a : b);

export function surgeSeverity(size: SurgeSize, config: DetectionConfig): Severity {
  const s = config.severity;
  let severity: Severity = 'SEV3';
  if (size.rule === 'warm-up') {
    const threshold = Math.max(size.threshold ?? 0, config.warmupThreshold);
    if (size.negative >= s.warmupSev1 * threshold) severity = 'SEV1';
    else if (size.negative >= s.warmupSev2 * threshold) severity = 'SEV2';
  } else {
    const meets = (t: { sigma: number; ratio: number; negative: number }) =>
      (size.sigma ?? 0) >= t.sigma && (size.ratio ?? 0) >= t.ratio && size.negative >= t.negative;
    if (meets(s.sev1)) severity = 'SEV1';
    else if (meets(s.sev2)) severity = 'SEV2';
  }
  return size.reach >= s.reach ? stepUp(severity) : severity;
}

export function lonePostSeverity(reach: number, corroboratingAuthors: number, config: DetectionConfig): Severity {
  const s = config.severity;
  return step('SEV3', Number(reach >= s.loneReach) + Number(corroboratingAuthors >= s.corroboration));
}
