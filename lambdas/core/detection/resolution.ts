/** Quiet-period resolution: an Incident with no new negative Mention for a while is proposed for resolution. */
import type { DetectionConfig } from '../config.ts';
import type { Incident } from '../incident.ts';
import type { CounterBucket } from '../ports.ts';
import { formatWindow } from './format.ts';

const MINUTE = 60_000;

export interface ResolutionProposal {
  /** 'auto-resolve' when the config says quiet Incidents close themselves. */
  kind: 'propose-resolution' | 'auto-resolve';
  incidentId: string;
  /** ISO time of the last negative Mention (or of opening, when none came after). */
  quietSince: string;
  reason: string;
}

/**
 * The end of the last counter bucket holding a negative Mention of `theme`: an upper bound
 * of the last negative Mention's time, read from counters rather than Mentions.
 */
export function lastNegativeAt(history: readonly CounterBucket[], theme: string, bucketMinutes: number): string | undefined {
  let last: number | undefined;
  for (const b of history) {
    if ((b.byTheme?.[theme] ?? 0) <= 0) continue;
    const end = Date.parse(b.bucketStart) + bucketMinutes * MINUTE;
    if (last === undefined || end > last) last = end;
  }
  return last === undefined ? undefined : new Date(last).toISOString();
}

/**
 * Proposes resolving an open or acknowledged Incident once `quietMinutes` passed since its
 * last negative Mention. Proposes once per quiet period: not again while the timeline
 * already holds a proposal made after the last negative Mention.
 */
export function proposeResolution(
  incident: Incident,
  lastNegative: string | undefined,
  now: Date,
  config: DetectionConfig,
): ResolutionProposal | undefined {
  if (incident.status === 'resolved') return undefined;
  const since = Math.max(Date.parse(incident.openedAt), lastNegative ? Date.parse(lastNegative) : -Infinity);
  const quietMinutes = (now.getTime() - since) / MINUTE;
  if (quietMinutes < config.quietMinutes) return undefined;
  const proposed = incident.timeline.some((e) => e.type === 'resolution-proposed' && Date.parse(e.at) >= since);
  if (proposed && !config.autoResolve) return undefined;
  const quietSince = new Date(since).toISOString();
  return {
    kind: config.autoResolve ? 'auto-resolve' : 'propose-resolution',
    incidentId: incident.id,
    quietSince,
    reason: `no new negative mention of ${incident.theme} for ${formatWindow(Math.floor(quietMinutes))} (quiet period ${formatWindow(config.quietMinutes)}) since ${quietSince}`,
  };
}
