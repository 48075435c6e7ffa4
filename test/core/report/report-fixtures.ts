/**
 * A constructed fortnight for the report tests: an ordinary week, then a botched launch
 * (SEV1 overheating, escalated before anyone acknowledged), a SEV2 spanning the week
 * boundary, a never-acknowledged SEV2 still open, a SEV3, and an overdue action item from
 * an earlier incident. `hostile` puts markup in every field a person or a post could fill.
 */
import { DetectionSchema, EscalationPolicySchema, TargetsSchema } from '../../../lambdas/core/config.ts';
import { assembleWeeklyReport } from '../../../lambdas/core/report/assemble.ts';
import type { WeeklyReportConfig } from '../../../lambdas/core/report/build-weekly-report.ts';
import { weekContaining } from '../../../lambdas/core/report/week.ts';
import type { WeeklyReport } from '../../../lambdas/core/report/weekly-report.ts';
import type { Incident, TimelineEvent } from '../../../lambdas/core/incident.ts';
import type { CounterBucket } from '../../../lambdas/core/ports.ts';

export const TZ = 'Europe/London';
/** The reported week: Monday 16 Nov 2026 (GMT, so local = UTC). */
export const WEEK = '2026-11-16';

export const reportConfig: WeeklyReportConfig = {
  sender: 'crisis-desk@nimbus.example',
  timeZone: TZ,
  brands: [{ id: 'nimbus', name: 'Nimbus Phone', handles: ['@nimbusphone'], keywords: ['nimbus phone'], exclusions: [] }],
  owners: [
    { id: 'maya', name: 'Maya Ortiz', email: 'maya@nimbus.example' },
    { id: 'sam', name: 'Sam Okafor', email: 'sam@nimbus.example' },
    { id: 'lee', name: 'Lee Chen', email: 'lee@nimbus.example' },
  ],
  report: { recipients: ['leadership@nimbus.example'], schedule: 'cron(0 9 ? * MON *)' },
  escalationPolicies: [
    EscalationPolicySchema.parse({
      id: 'major',
      severities: ['SEV1', 'SEV2'],
      levels: [{ owners: ['maya'], timeoutMinutes: 15 }, { owners: ['sam'], timeoutMinutes: 15 }, { owners: ['lee'], timeoutMinutes: 30 }],
    }),
    EscalationPolicySchema.parse({ id: 'minor', severities: ['SEV3'], levels: [{ owners: ['maya'], timeoutMinutes: 60 }, { owners: ['sam'], timeoutMinutes: 120 }] }),
  ],
  targets: TargetsSchema.parse({ repliedShare: 0.8, firstReplyMinutes: 60 }),
  detection: DetectionSchema.parse({}),
};

export const HOSTILE = {
  script: '<script>window.__pwned = 1</script>',
  img: '<img src=x onerror="window.__pwned = 1">',
  link: '<a href="javascript:alert(1)">click</a>',
};

export const anIncident = (id: string, overrides: Partial<Incident> = {}): Incident => ({
  id,
  brand: 'nimbus',
  theme: 'overheating',
  fingerprint: 'nimbus#overheating',
  severity: 'SEV2',
  status: 'open',
  firstMentionAt: '2026-11-17T14:05:00.000Z',
  openedAt: '2026-11-17T14:32:00.000Z',
  reason: '46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ)',
  triggerMentionIds: ['social#1'],
  mentionCount: 120,
  negativeCount: 80,
  reach: 250_000,
  level: 1,
  notified: [],
  timeline: [],
  version: 1,
  ...overrides,
});

const ev = (at: string, type: TimelineEvent['type'], extra: Partial<TimelineEvent> = {}): TimelineEvent => ({ at, type, ...extra });

export function crisisIncidents(options: { hostile?: boolean } = {}): Incident[] {
  const h = options.hostile;
  const launch = anIncident('inc-2026-11-17-overheating', {
    severity: 'SEV1',
    status: 'resolved',
    firstMentionAt: '2026-11-17T14:05:00.000Z',
    openedAt: '2026-11-17T14:32:00.000Z',
    acknowledgedAt: '2026-11-17T15:01:00.000Z',
    acknowledgedBy: 'sam@nimbus.example',
    resolvedAt: '2026-11-19T11:20:00.000Z',
    reason: '46 negative mentions in 1 h, baseline 7 ± 3 (6.5σ); one post reached 1.2M',
    mentionCount: 1_284,
    negativeCount: 912,
    reach: 3_400_000,
    level: 2,
    notified: ['maya@nimbus.example', 'sam@nimbus.example'],
    timeline: [
      ev('2026-11-17T14:05:00.000Z', 'first-mention'),
      ev('2026-11-17T14:32:00.000Z', 'opened', { actor: 'crisis-desk' }),
      ev('2026-11-17T14:32:30.000Z', 'notified', { level: 1, actor: 'maya@nimbus.example' }),
      ev('2026-11-17T14:47:30.000Z', 'escalated', { level: 2 }),
      ev('2026-11-17T14:47:31.000Z', 'notified', { level: 2, actor: 'sam@nimbus.example' }),
      ev('2026-11-17T15:01:00.000Z', 'acknowledged', { actor: 'sam@nimbus.example' }),
      ev('2026-11-17T16:10:00.000Z', 'raised', { severity: 'SEV1', from: 'SEV2', detail: 'a post by @techreviewer reached 1.2M' }),
      ev('2026-11-17T18:00:00.000Z', 'reminded', { actor: 'sam@nimbus.example' }),
      ev('2026-11-17T20:00:00.000Z', 'reminded', { actor: 'sam@nimbus.example' }),
      ev('2026-11-19T11:20:00.000Z', 'resolved', { actor: 'lee@nimbus.example' }),
    ],
    resolution: {
      alert: { verdict: 'real' },
      rootCause: h
        ? `Firmware 9.1 ${HOSTILE.script} shipped with the fast-charge limit off ${HOSTILE.img}`
        : 'Firmware 9.1 shipped with the fast-charge thermal limit switched off: a debug flag left on in the release build.',
      trigger: 'Launch-day reviews showed the Nimbus 9 reaching 52 °C while charging; a reviewer with 1.2M followers posted a thermal-camera video.',
      wentWell: 'Support had a holding reply out within 40 minutes of the acknowledgement, and the firmware team shipped 9.1.1 in 30 hours.',
      wentBadly: 'Level 1 was on a flight: the page waited its full 15 minutes before reaching the support lead. Marketing kept posting launch ads for 6 hours.',
      lucky: 'No device was damaged: the battery cut-off still worked. The video was posted on a Tuesday afternoon, not a Friday night.',
      actionItems: [
        { text: h ? `Block release builds with debug flags ${HOSTILE.link}` : 'Block release builds that carry debug flags (CI check)', owner: 'firmware lead', due: '2026-11-27', status: 'open' },
        { text: 'Pause paid social automatically when a SEV1 opens', owner: 'Lee Chen', due: '2026-11-20', status: 'done', closedAt: '2026-11-20T10:00:00.000Z' },
        { text: 'Add a backup on-call to level 1 during launches', owner: 'Maya Ortiz', due: '2026-11-21', status: 'open' },
      ],
      resolvedBy: 'lee@nimbus.example',
    },
  });

  // Opened late last Sunday, resolved early this Monday: it spans the week boundary.
  const boundary = anIncident('inc-2026-11-15-app-store', {
    theme: 'app-store',
    fingerprint: 'nimbus#app-store',
    severity: 'SEV2',
    status: 'resolved',
    firstMentionAt: '2026-11-15T22:50:00.000Z',
    openedAt: '2026-11-15T23:10:00.000Z',
    acknowledgedAt: '2026-11-16T00:20:00.000Z',
    acknowledgedBy: 'maya@nimbus.example',
    resolvedAt: '2026-11-16T03:45:00.000Z',
    reason: '18 negative mentions in 1 h during warm-up (threshold 15)',
    mentionCount: 64,
    negativeCount: 41,
    reach: 38_000,
    timeline: [
      ev('2026-11-15T23:10:00.000Z', 'opened'),
      ev('2026-11-15T23:10:05.000Z', 'notified', { level: 1, actor: 'maya@nimbus.example' }),
      ev('2026-11-16T00:20:00.000Z', 'acknowledged', { actor: 'maya@nimbus.example' }),
      ev('2026-11-16T03:45:00.000Z', 'resolved', { actor: 'maya@nimbus.example' }),
    ],
    resolution: {
      alert: { verdict: 'real' },
      rootCause: 'The companion app update failed to log in users with two-factor authentication.',
      trigger: 'App store reviews after the 4.2 update.',
      wentWell: 'Rollback took 40 minutes.',
      actionItems: [{ text: 'Add 2FA login to the release smoke test', owner: 'Maya Ortiz', due: '2026-11-30', status: 'open' }],
      resolvedBy: 'maya@nimbus.example',
    },
  });

  // Never acknowledged: every level paged, still open at the end of the week.
  const ignored = anIncident('inc-2026-11-21-delivery', {
    theme: h ? `delivery ${HOSTILE.img}` : 'delivery',
    fingerprint: 'nimbus#delivery',
    severity: 'SEV2',
    status: 'open',
    firstMentionAt: '2026-11-21T21:40:00.000Z',
    openedAt: '2026-11-21T22:10:00.000Z',
    reason: '22 negative mentions in 1 h, baseline 3 ± 2 (9.5σ)',
    mentionCount: 140,
    negativeCount: 97,
    reach: 61_000,
    level: 3,
    timeline: [
      ev('2026-11-21T22:10:00.000Z', 'opened'),
      ev('2026-11-21T22:10:05.000Z', 'notified', { level: 1, actor: 'maya@nimbus.example' }),
      ev('2026-11-21T22:25:05.000Z', 'escalated', { level: 2 }),
      ev('2026-11-21T22:25:06.000Z', 'notified', { level: 2, actor: 'sam@nimbus.example' }),
      ev('2026-11-21T22:40:06.000Z', 'escalated', { level: 3 }),
      ev('2026-11-21T22:40:07.000Z', 'notified', { level: 3, actor: 'lee@nimbus.example', detail: h ? HOSTILE.script : undefined }),
    ],
  });

  const minor = anIncident('inc-2026-11-16-billing', {
    theme: 'billing',
    fingerprint: 'nimbus#billing',
    severity: 'SEV3',
    status: 'resolved',
    firstMentionAt: '2026-11-16T08:50:00.000Z',
    openedAt: '2026-11-16T09:12:00.000Z',
    acknowledgedAt: '2026-11-16T09:40:00.000Z',
    acknowledgedBy: 'maya@nimbus.example',
    resolvedAt: '2026-11-16T11:02:00.000Z',
    mentionCount: 23,
    negativeCount: 17,
    reach: 9_000,
    timeline: [ev('2026-11-16T09:12:00.000Z', 'opened'), ev('2026-11-16T09:12:05.000Z', 'notified', { level: 1 })],
    resolution: { alert: { verdict: 'false-alarm', why: 'already-known' }, rootCause: 'A double charge on pre-orders, already refunded by the payment provider.', actionItems: [], resolvedBy: 'maya@nimbus.example' },
  });

  const lastWeekMinor = anIncident('inc-2026-11-10-support', {
    theme: 'support',
    fingerprint: 'nimbus#support',
    severity: 'SEV3',
    status: 'resolved',
    firstMentionAt: '2026-11-10T10:00:00.000Z',
    openedAt: '2026-11-10T10:40:00.000Z',
    acknowledgedAt: '2026-11-10T11:30:00.000Z',
    resolvedAt: '2026-11-10T16:00:00.000Z',
    timeline: [],
    resolution: { alert: { verdict: 'real' }, rootCause: 'Chat support queue was unstaffed during a training day.', actionItems: [], resolvedBy: 'sam@nimbus.example' },
  });

  // Three weeks earlier, with an action item still open and past due.
  const earlier = anIncident('inc-2026-10-27-pricing', {
    theme: 'pricing',
    fingerprint: 'nimbus#pricing',
    severity: 'SEV2',
    status: 'resolved',
    firstMentionAt: '2026-10-27T09:00:00.000Z',
    openedAt: '2026-10-27T09:30:00.000Z',
    acknowledgedAt: '2026-10-27T09:45:00.000Z',
    resolvedAt: '2026-10-28T12:00:00.000Z',
    timeline: [],
    resolution: {
      alert: { verdict: 'real' },
      rootCause: 'A pricing page showed the pre-order price after launch.',
      actionItems: [
        { text: h ? `Publish prices from one source ${HOSTILE.script}` : 'Publish prices from one source of truth', owner: 'web team', due: '2026-11-10', status: 'open' },
        { text: 'Add price checks to the launch checklist', owner: 'Lee Chen', due: '2026-11-06', status: 'done', closedAt: '2026-11-05T12:00:00.000Z' },
      ],
      resolvedBy: 'lee@nimbus.example',
    },
  });

  return [earlier, lastWeekMinor, boundary, minor, launch, ignored];
}

/** Hourly counter buckets for last week and this week, with the launch spike on Tuesday. */
export function crisisBuckets(options: { hostile?: boolean; scale?: number } = {}): CounterBucket[] {
  const scale = options.scale ?? 1;
  const buckets: CounterBucket[] = [];
  const start = Date.parse('2026-11-09T00:00:00.000Z');
  for (let h = 0; h < 14 * 24; h++) {
    const at = new Date(start + h * 3_600_000);
    const hour = at.getUTCHours();
    const thisWeek = h >= 7 * 24;
    const dayOfWeek = Math.floor(h / 24) % 7;
    // A daily rhythm: quiet nights, busy evenings.
    const base = Math.round((hour < 7 ? 3 : hour < 17 ? 12 : 18) * (1 + ((h * 7919) % 5) / 10));
    let total = base;
    let negative = Math.round(base * 0.12);
    let themeOf = 'support';
    const sinceLaunch = h - (7 * 24 + 24 + 14); // Tue 17 Nov 14:00
    if (thisWeek && sinceLaunch >= 0 && sinceLaunch < 48) {
      const surge = Math.round(160 * Math.exp(-sinceLaunch / 10));
      total += surge;
      negative += Math.round(surge * 0.78);
      themeOf = 'overheating';
    } else if (thisWeek && dayOfWeek === 5 && hour >= 21) {
      total += 30;
      negative += 24;
      themeOf = 'delivery';
    } else if (thisWeek && dayOfWeek === 0 && hour >= 8 && hour < 11) {
      themeOf = 'billing';
      negative += 6;
      total += 6;
    }
    total *= scale;
    negative *= scale;
    const complaint = Math.round(negative * 0.7);
    const social = Math.round(total * 0.7);
    const theme = options.hostile && themeOf === 'support' ? `support ${HOSTILE.img}` : themeOf;
    buckets.push({
      brand: 'nimbus',
      bucketStart: at.toISOString(),
      total,
      negative,
      complaint,
      reach: total * 900,
      negativeReach: negative * 1200,
      bySource: { 'nimbus-social': social, 'nimbus-reddit': total - social - Math.round(total * 0.1), 'nimbus-blog': Math.round(total * 0.1) },
      byTheme: { [theme]: Math.max(0, negative - 1), ...(negative > 0 && { battery: 1 }) },
      replied: Math.round(complaint * (thisWeek ? 0.55 : 0.7)),
      replyMinutes: Math.round(complaint * (thisWeek ? 0.55 : 0.7)) * (thisWeek && sinceLaunch >= 0 && sinceLaunch < 24 ? 95 : 25),
    });
  }
  return buckets;
}

/** The fixture week's WeeklyReport, as the report builder assembles it (`empty`: a week with nothing in it). */
export function crisisReport(options: { hostile?: boolean; empty?: boolean } = {}): WeeklyReport {
  return assembleWeeklyReport({
    week: weekContaining(WEEK, TZ),
    generatedAt: '2026-11-23T09:00:00.000Z',
    brands: reportConfig.brands,
    owners: reportConfig.owners,
    settings: reportConfig,
    incidents: options.empty ? [] : crisisIncidents(options),
    buckets: options.empty ? [] : crisisBuckets(options),
    lookbackWeeks: 12,
  });
}
