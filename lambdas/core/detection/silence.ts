/**
 * A usually busy source that went silent: most often a broken connector (expired token,
 * changed API), which deserves a warning, not an Incident.
 */
import type { DetectionConfig } from '../config.ts';
import { BucketSeries, baselineFor, bucketFloor } from './baseline.ts';
import { formatWindow } from './format.ts';

const MINUTE = 60_000;

export interface Silence {
  sourceId: string;
  reason: string;
}

/** Sources with no Mention in the silence span although their baseline for it is busy. */
export function silentSources(series: BucketSeries, config: DetectionConfig, now: Date): Silence[] {
  const spanMinutes = config.silenceMinutes ?? Math.max(2 * config.windowMinutes, 120);
  const minExpected = config.silenceMinMentions ?? 10;
  if (series.observedHours(now.getTime() - config.baselineDays * 24 * 60 * MINUTE, now.getTime()) < config.warmupHours) return [];
  const endMs = bucketFloor(now.getTime(), config.bucketMinutes) + config.bucketMinutes * MINUTE;
  const startMs = endMs - spanMinutes * MINUTE;
  const out: Silence[] = [];
  for (const sourceId of series.sources()) {
    const pick = (b: { bySource?: Record<string, number> }) => b.bySource?.[sourceId] ?? 0;
    if (series.sum(startMs, endMs, pick) > 0) continue;
    const baseline = baselineFor(series, startMs, spanMinutes, config.baselineDays, (from, to) => series.sum(from, to, pick));
    if (!baseline || baseline.center < minExpected) continue;
    out.push({
      sourceId,
      reason: `source ${sourceId}: 0 mentions in ${formatWindow(spanMinutes)}, usually ${Math.round(baseline.center)} ± ${Math.round(baseline.spread)} (${baseline.samples} past windows); check the connector`,
    });
  }
  return out;
}
