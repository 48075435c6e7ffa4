/**
 * Time to alert: from the moment a post makes the detector's threshold cross (the posts' own
 * timestamps) to the level-1 email, on the real pipeline (the local runtime: ingest on the
 * embedded DynamoDB, the escalation flow interpreted from the synthesized template) in virtual
 * time, with each source polled on a schedule.
 *
 * The crossing moment is what a detector polled after every single post would have seen: the
 * earliest post after which the detector's own assessment (assessSurge on the counters of every
 * post up to it) says "spike" for a complaints Incident, or, for an Incident one post opened
 * alone (high reach, risk), that post's time. The counters are rebuilt from the stored Mentions
 * with the analyses the pipeline gave them.
 *
 * Virtual time stands still while work runs, so each alert also carries the real time its poll
 * took on this machine (fetch, analysis, counters, detection, flow start, the email), added to
 * its latency: the part of the delay that is not waiting for the next poll.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConsoleLogger } from '../lambdas/adapters/console-logger.ts';
import { bucketStart } from '../lambdas/core/buckets.ts';
import type { Config } from '../lambdas/core/config.ts';
import { assessSurge, BucketSeries, problemOf, singleTrigger } from '../lambdas/core/detection/index.ts';
import type { Incident } from '../lambdas/core/incident.ts';
import { isNegative, mentionId, type FetchedMention, type Mention } from '../lambdas/core/mention.ts';
import type { CounterBucket } from '../lambdas/core/ports.ts';
import { ScenarioSource } from '../lib/local/demo/scenario-source.ts';
import { startLocalRuntime } from '../lib/local/runtime.ts';
import { VirtualTime } from '../lib/local/virtual-time.ts';
import { ratePeriodMinutes } from '../lambdas/core/schedule.ts';
import type { Figure, SectionResult } from './measure.ts';

const MINUTE = 60_000;

/** When each source is polled. */
export interface PollPlan {
  /** Poll every source this often before `liveFrom` (the ordinary days: the baseline builds up). */
  quietMinutes: number;
  /** From `liveFrom` to `liveUntil`, each source's poll interval in minutes (by source id). */
  liveMinutes: (sourceId: string) => number;
  liveFrom: Date;
  liveUntil: Date;
}

export interface AlertSample {
  incidentId: string;
  theme: string;
  trigger: 'spike' | 'single';
  /** The post that made the threshold cross. */
  crossingAt: string;
  /** The level-1 email (virtual time). */
  notifiedAt: string;
  /** Real milliseconds the poll that opened it took. */
  processingMs: number;
  seconds: number;
}

export interface AlertLatency {
  samples: AlertSample[];
  /** Incidents opened that were never paged (none expected). */
  unpaged: string[];
  p95Seconds: number;
  /** The longest poll interval of the live part: the goal is at most this + 60 s. */
  pollIntervalSeconds: number;
}

/** The p-quantile by the nearest-rank method (no interpolation: a sample that was measured). */
export function nearestRank(values: readonly number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

/** Poll times of every source: the quiet ones for all together, then each on its own interval. */
export function pollTimes(config: Config, start: Date, end: Date, plan: PollPlan): { at: number; sourceIds: string[] }[] {
  const bySource = new Map<number, Set<string>>();
  const add = (at: number, id: string) => bySource.set(at, (bySource.get(at) ?? new Set()).add(id));
  for (const source of config.sources) {
    for (let t = start.getTime() + plan.quietMinutes * MINUTE; t < plan.liveFrom.getTime(); t += plan.quietMinutes * MINUTE) add(t, source.id);
    const every = plan.liveMinutes(source.id) * MINUTE;
    for (let t = plan.liveFrom.getTime(); t <= Math.min(plan.liveUntil.getTime(), end.getTime()); t += every) add(t, source.id);
  }
  return [...bySource].sort((a, b) => a[0] - b[0]).map(([at, ids]) => ({ at, sourceIds: [...ids] }));
}

/** The counter contributions of stored Mentions, the way ingest adds them (by the post's own time). */
function contribution(m: Mention, bucketMinutes: number): CounterBucket {
  const negative = isNegative(m) && !m.author.isBrand;
  const theme = m.analysis?.theme ?? 'other';
  return {
    brand: m.brand,
    bucketStart: bucketStart(m.createdAt, bucketMinutes),
    total: 1,
    negative: negative ? 1 : 0,
    complaint: m.analysis?.complaint ? 1 : 0,
    reach: m.author.reach,
    negativeReach: negative ? m.author.reach : 0,
    bySource: { [m.sourceId]: 1 },
    byTheme: negative ? { [theme]: 1 } : {},
  };
}

/** The earliest post after which the detector sees a spike of the brand's complaints, searching back from `openedAt`. */
function spikeCrossing(config: Config, posts: Mention[], incident: Incident, after: number): number | undefined {
  const { detection } = config;
  const opened = Date.parse(incident.openedAt);
  const candidates = posts.filter((m) => {
    const t = Date.parse(m.createdAt);
    return t > after && t <= opened && isNegative(m) && !m.author.isBrand;
  });
  for (const post of candidates) {
    const at = Date.parse(post.createdAt);
    const upTo = posts.filter((m) => Date.parse(m.createdAt) <= at).map((m) => contribution(m, detection.bucketMinutes));
    const spike = assessSurge(new BucketSeries(upTo, { bucketMinutes: detection.bucketMinutes, nowMs: at }), detection, new Date(at));
    if (spike.spike) return at;
  }
  return undefined;
}

export async function measureAlertLatency(config: Config, scenario: FetchedMention[], plan: PollPlan): Promise<AlertLatency> {
  const sorted = [...scenario].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const start = new Date(Date.parse(sorted[0]!.createdAt) - 1);
  const end = new Date(sorted.at(-1)!.createdAt);
  const time = new VirtualTime(start);
  const dir = await mkdtemp(path.join(tmpdir(), 'crisis-desk-latency-'));
  const runtime = await startLocalRuntime({
    config,
    dir,
    clock: time,
    timers: time,
    eagerFlows: true,
    logger: new ConsoleLogger({ quiet: true }),
    sources: async (source) => new ScenarioSource(source.id, scenario, time),
  });
  try {
    const processing = new Map<string, number>();
    for (const poll of pollTimes(config, start, end, plan)) {
      await time.advanceTo(new Date(poll.at));
      const t0 = performance.now();
      const opened: Incident[] = [];
      for (const id of poll.sourceIds) opened.push(...(await runtime.fetch(id)).opened);
      // The flows started by this poll page Level 1 before virtual time moves on.
      await time.settle();
      for (const i of opened) processing.set(i.id, performance.now() - t0);
    }

    const posts = (await Promise.all(sorted.map((m) => runtime.stores.mentions.get(mentionId(m.sourceId, m.nativeId))))).filter(
      (m): m is Mention => !!m?.analysis,
    );
    const incidents: Incident[] = [];
    for (const brand of config.brands) incidents.push(...(await runtime.stores.incidents.listOpenedBetween(brand.id, start.toISOString(), new Date(end.getTime() + 86_400_000).toISOString())));
    const samples: AlertSample[] = [];
    const unpaged: string[] = [];
    for (const incident of incidents.sort((a, b) => a.openedAt.localeCompare(b.openedAt))) {
      const paged = incident.timeline.find((e) => e.type === 'notified' && e.level === 1);
      if (!paged) {
        unpaged.push(incident.id);
        continue;
      }
      const brandPosts = posts.filter((m) => m.brand === incident.brand);
      // An earlier Incident of the same theme took the posts before it closed.
      const before = incidents.filter((i) => i.fingerprint === incident.fingerprint && i.openedAt < incident.openedAt);
      const after = Math.max(Date.parse(incident.openedAt) - 24 * 60 * MINUTE, ...before.map((i) => Date.parse(i.resolvedAt ?? i.openedAt)));
      const at = new Date(incident.openedAt);
      const upToOpening = brandPosts.filter((m) => Date.parse(m.createdAt) <= at.getTime()).map((m) => contribution(m, config.detection.bucketMinutes));
      const spikeNow = assessSurge(new BucketSeries(upToOpening, { bucketMinutes: config.detection.bucketMinutes, nowMs: at.getTime() }), config.detection, at);
      const isSpike = spikeNow.spike && problemOf(incident) === 'complaints';
      const singles = brandPosts.filter((m) => incident.triggerMentionIds.includes(m.id) && singleTrigger(m, config.detection, at));
      const crossing = isSpike ? spikeCrossing(config, brandPosts, incident, after) : singles.length ? Math.min(...singles.map((m) => Date.parse(m.createdAt))) : undefined;
      if (crossing === undefined) continue;
      const processingMs = processing.get(incident.id) ?? 0;
      samples.push({
        incidentId: incident.id,
        theme: incident.theme,
        trigger: isSpike ? 'spike' : 'single',
        crossingAt: new Date(crossing).toISOString(),
        notifiedAt: paged.at,
        processingMs,
        seconds: (Date.parse(paged.at) - crossing + processingMs) / 1000,
      });
    }
    return {
      samples,
      unpaged,
      p95Seconds: nearestRank(samples.map((s) => s.seconds), 0.95),
      pollIntervalSeconds: Math.max(...config.sources.map((s) => plan.liveMinutes(s.id))) * 60,
    };
  } finally {
    time.stop();
    await runtime.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The bench section: the demo's crisis polled as `npm start` polls it, and at the configured intervals. */
export async function benchLatency(config: Config, scenario: FetchedMention[], launch: Date): Promise<SectionResult> {
  const HOUR = 60 * MINUTE;
  const live = { liveFrom: new Date(launch.getTime() - 2 * HOUR), liveUntil: new Date(launch.getTime() + 12 * HOUR), quietMinutes: 180 };
  const configured = (id: string) => ratePeriodMinutes(config.sources.find((s) => s.id === id)?.schedule ?? '') ?? 15;
  const demo = await measureAlertLatency(config, scenario, { ...live, liveMinutes: () => 15 });
  const replay = await measureAlertLatency(config, scenario, { ...live, liveMinutes: configured });
  const describe = (label: string, r: AlertLatency) =>
    `latency.${label}: ${r.samples.length} alert(s): ` +
    r.samples.map((s) => `${s.theme} (${s.trigger}) crossed ${s.crossingAt.slice(11, 19)}, paged ${s.notifiedAt.slice(11, 19)}, +${Math.round(s.processingMs)} ms work = ${Math.round(s.seconds)} s`).join('; ') +
    (r.unpaged.length ? `; never paged: ${r.unpaged.join(', ')}` : '');
  const figure = (label: string, r: AlertLatency): Figure => ({
    name: `latency.${label}.p95`,
    measured: `time to alert p95 (${r.samples.length} alerts), polls every ${label === 'demo' ? '15 min (as npm start)' : 'configured interval'}`,
    value: r.p95Seconds,
    unit: 's',
    better: 'lower',
    samples: r.samples.map((s) => s.seconds),
  });
  return {
    headline: { alertLatencyP95Seconds: { demo: demo.p95Seconds, replay: replay.p95Seconds } },
    context: { alertPollIntervalSeconds: { demo: demo.pollIntervalSeconds, replay: replay.pollIntervalSeconds } },
    figures: [figure('demo', demo), figure('replay', replay)],
    notes: [describe('demo', demo), describe('replay', replay), `latency: ${config.sources.map((s) => `${s.id} every ${configured(s.id)} min`).join(', ')} in the replay; every 3 h before the launch day`],
  };
}
