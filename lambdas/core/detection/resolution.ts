/**
 * Quiet-period resolution. A brand's complaints Incident is quiet once the brand is back to its
 * normal level (see isNormal) for `quietMinutes`, measured against its own baseline: a busy brand
 * always has some negative posts. A risk Incident is quiet once no new Mention joined it for as long.
 */
import type { DetectionConfig } from '../config.ts';
import { COMPLAINTS, type Incident } from '../incident.ts';
import type { BucketSeries } from './baseline.ts';
import { formatWindow } from './format.ts';
import { assessWholeWindow, isNormal, windowAt } from './surge.ts';

const MINUTE = 60_000;

export interface ResolutionProposal {
  /** 'auto-resolve' when the config says quiet Incidents close themselves. */
  kind: 'propose-resolution' | 'auto-resolve';
  incidentId: string;
  /** ISO time since which it has been quiet. */
  quietSince: string;
  reason: string;
}

/**
 * The end (ms) of the latest window that was above the brand's normal level, looking back far
 * enough to cover `quietMinutes`; when every window there was normal, a time at least that long ago.
 */
export function normalSince(series: BucketSeries, config: DetectionConfig, now: Date): number {
  const { endMs } = windowAt(now, config);
  const step = config.bucketMinutes * MINUTE;
  const windows = Math.ceil(config.quietMinutes / config.bucketMinutes);
  for (let k = 0; k <= windows; k++) {
    const end = endMs - k * step;
    if (!isNormal(assessWholeWindow(series, config, end), config)) return end;
  }
  return endMs - (windows + 1) * step;
}

/** The latest moment the Incident had news: opened, reopened, raised. Quiet is measured from no earlier. */
const lastNews = (i: Incident): number =>
  Math.max(
    Date.parse(i.openedAt),
    i.reopenedAt ? Date.parse(i.reopenedAt) : -Infinity,
    ...i.timeline.filter((e) => e.type === 'raised' || e.type === 'reopened').map((e) => Date.parse(e.at)),
  );

/**
 * Proposes resolving an open or acknowledged Incident once it has been quiet for `quietMinutes`:
 * for complaints, since `normalSinceMs` (the brand's volume back to normal); for a risk, since its
 * newest Mention. Proposes once per quiet period.
 */
export function proposeResolution(incident: Incident, normalSinceMs: number, now: Date, config: DetectionConfig): ResolutionProposal | undefined {
  if (incident.status === 'resolved') return undefined;
  const complaints = (incident.problem ?? COMPLAINTS) === COMPLAINTS;
  const evidence = complaints ? normalSinceMs : Date.parse(incident.lastMentionAt ?? incident.openedAt);
  const since = Math.max(lastNews(incident), evidence);
  const quietMinutes = (now.getTime() - since) / MINUTE;
  if (quietMinutes < config.quietMinutes) return undefined;
  const proposed = incident.timeline.some((e) => e.type === 'proposed-resolution' && Date.parse(e.lastAt ?? e.at) >= since);
  if (proposed && !config.autoResolve) return undefined;
  const quietSince = new Date(since).toISOString();
  const what = complaints ? `the brand's negative volume back to its normal level` : `no new ${incident.problem} mention`;
  return {
    kind: config.autoResolve ? 'auto-resolve' : 'propose-resolution',
    incidentId: incident.id,
    quietSince,
    reason: `${what} for ${formatWindow(Math.floor(quietMinutes))} (quiet period ${formatWindow(config.quietMinutes)}) since ${quietSince}`,
  };
}
