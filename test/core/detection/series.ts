/** Builders for constructed counter series and Mentions in detector tests. */
import { DetectionSchema, type Brand, type DetectionConfig } from '../../../lambdas/core/config.ts';
import type { Incident, Severity } from '../../../lambdas/core/incident.ts';
import type { Analysis, Mention } from '../../../lambdas/core/mention.ts';
import type { CounterBucket } from '../../../lambdas/core/ports.ts';

export const config: DetectionConfig = DetectionSchema.parse({});
export const brand: Brand = { id: 'acme', name: 'Acme', handles: ['@acme'], keywords: ['acme'], exclusions: [] };

const HOUR = 3_600_000;

/**
 * 15-minute buckets from `from` up to (not including) `to`, with `perHour(hourStart)`
 * negative Mentions an hour spread over its four buckets (the remainder in the first).
 */
export function hourly(
  from: string,
  to: string,
  perHour: (hourStart: Date) => number,
  opts: { theme?: string; sourceId?: string; totalPerHour?: number } = {},
): CounterBucket[] {
  const out: CounterBucket[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR) {
    const n = perHour(new Date(t));
    const total = Math.max(n, opts.totalPerHour ?? n * 3);
    for (let q = 0; q < 4; q++) {
      const neg = Math.floor(n / 4) + (q === 0 ? n % 4 : 0);
      const tot = Math.floor(total / 4) + (q === 0 ? total % 4 : 0);
      out.push({
        brand: 'acme',
        bucketStart: new Date(t + q * 15 * 60_000).toISOString(),
        total: tot,
        negative: neg,
        complaint: neg,
        reach: tot * 100,
        negativeReach: neg * 100,
        bySource: { [opts.sourceId ?? 'x-main']: tot },
        byTheme: neg ? { [opts.theme ?? 'outage']: neg } : {},
      });
    }
  }
  return out;
}

/** Poisson draws from a seeded linear congruential generator: the same counts on every run. */
export function seededPoisson(seed: number): (mean: number) => number {
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  return (mean) => {
    let k = 0;
    for (let p = random(); p > Math.exp(-mean); p *= random()) k++;
    return k;
  };
}

/** A deterministic wobble in 0..spread-1, so a "flat" series is not perfectly flat. */
export const wobble = (d: Date, spread: number): number => (d.getUTCHours() * 7 + d.getUTCDate() * 3) % spread;

let seq = 0;
export function mention(over: Partial<Omit<Mention, 'analysis'>> & { analysis?: Partial<Analysis>; reach?: number } = {}): Mention {
  const { analysis, reach, ...rest } = over;
  const n = ++seq;
  return {
    id: `x-main#${n}`,
    nativeId: String(n),
    sourceId: 'x-main',
    sourceKind: 'x',
    url: `https://x.example/${n}`,
    author: { handle: `user${n}`, reach: reach ?? 120, isBrand: false },
    text: 'the app is down again',
    createdAt: '2025-03-10T12:05:00.000Z',
    engagement: { likes: 0, replies: 0, reposts: 0 },
    brand: 'acme',
    fetchedAt: '2025-03-10T12:06:00.000Z',
    ...rest,
    analysis: {
      sentiment: 'NEGATIVE',
      scores: { positive: 0.05, negative: 0.85, neutral: 0.1, mixed: 0 },
      complaint: true,
      signals: [],
      risks: [],
      theme: 'outage',
      analyzer: 'test',
      ...analysis,
    },
  };
}

export function incident(over: Partial<Incident> & { theme: string; severity?: Severity }): Incident {
  return {
    id: `acme-${over.theme}-1`,
    brand: 'acme',
    fingerprint: `acme#${over.theme}`,
    severity: 'SEV3',
    status: 'open',
    firstMentionAt: '2025-03-10T10:00:00.000Z',
    openedAt: '2025-03-10T10:05:00.000Z',
    reason: 'test',
    triggerMentionIds: [],
    mentionCount: 1,
    negativeCount: 1,
    reach: 0,
    level: 1,
    notified: [],
    timeline: [],
    version: 1,
    ...over,
  };
}
