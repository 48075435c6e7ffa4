/**
 * "What to change" on constructed weeks: each rule fires on the week made for it, with its
 * numbers, stays quiet just below its threshold, and a well-run week gets no recommendation.
 */
import { describe, expect, it } from 'vitest';
import type { AlertClassification } from '../../../lambdas/core/alert-verdict.ts';
import { EscalationPolicySchema, TargetsSchema } from '../../../lambdas/core/config.ts';
import type { Incident, TimelineEvent } from '../../../lambdas/core/incident.ts';
import { alertQuality } from '../../../lambdas/core/report/alert-quality.ts';
import { recommendations, type RecommendationInput } from '../../../lambdas/core/report/recommendations.ts';
import { weekContaining } from '../../../lambdas/core/report/week.ts';
import { anIncident, reportConfig, TZ, WEEK } from './report-fixtures.ts';

const week = weekContaining(WEEK, TZ);
const MIN = 60_000;
const at = (day: number, hour: number, minutes = 0) => new Date(Date.parse('2026-11-16T00:00:00.000Z') + ((day * 24 + hour) * 60 + minutes) * MIN).toISOString();
const after = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN).toISOString();
const ev = (when: string, type: TimelineEvent['type'], extra: Partial<TimelineEvent> = {}): TimelineEvent => ({ at: when, type, ...extra });

/**
 * A resolved Incident opened on `day` at 10:00: level 1 (Maya) paged at once, and either she
 * acknowledges after `ackAfter` minutes, or (ackAfter past 15) level 2 (Sam) is paged and does.
 */
function handled(id: string, day: number, o: { ackAfter?: number; alert?: AlertClassification; theme?: string; reason?: string; brand?: string; severity?: Incident['severity'] } = {}): Incident {
  const opened = at(day, 10);
  const ackAfter = o.ackAfter ?? 5;
  const escalated = ackAfter > 15;
  const ack = after(opened, ackAfter);
  const by = escalated ? 'sam@nimbus.example' : 'maya@nimbus.example';
  const severity = o.severity ?? 'SEV2';
  return anIncident(id, {
    brand: o.brand ?? 'nimbus',
    theme: o.theme ?? 'safety',
    severity,
    status: 'resolved',
    firstMentionAt: after(opened, -20),
    openedAt: opened,
    acknowledgedAt: ack,
    acknowledgedBy: by,
    resolvedAt: after(opened, 180),
    ...(o.reason && { reason: o.reason }),
    notified: escalated ? ['maya@nimbus.example', 'sam@nimbus.example'] : ['maya@nimbus.example'],
    timeline: [
      ev(opened, 'opened', { actor: 'crisis-desk' }),
      ev(opened, 'notified', { level: 1, actor: 'maya@nimbus.example', detail: `level 1 at ${severity}` }),
      ...(escalated
        ? [ev(after(opened, 15), 'escalated', { level: 2 }), ev(after(opened, 15), 'notified', { level: 2, actor: 'sam@nimbus.example', detail: `level 2 at ${severity}` })]
        : []),
      ev(ack, 'acknowledged', { actor: by }),
      ev(after(opened, 180), 'resolved', { actor: by }),
    ],
    resolution: { alert: o.alert ?? { verdict: 'real' }, rootCause: 'a cause', actionItems: [], resolvedBy: by },
  });
}

const config = (patch: Partial<RecommendationInput['config']> = {}): RecommendationInput['config'] => ({
  escalationPolicies: reportConfig.escalationPolicies,
  owners: reportConfig.owners,
  targets: reportConfig.targets,
  detection: reportConfig.detection,
  brands: reportConfig.brands,
  ...patch,
});

function recs(incidents: Incident[], o: { metrics?: RecommendationInput['metrics']; config?: RecommendationInput['config'] } = {}) {
  const c = o.config ?? config();
  return recommendations({
    week,
    incidents,
    metrics: o.metrics ?? { repliedShare: 0.9, medianReplyMinutes: 30 },
    alertQuality: alertQuality(week, incidents, c.detection, (t) => t),
    config: c,
  });
}

const kinds = (r: ReturnType<typeof recs>) => r.map((x) => x.kind);

describe('Function: recommendations', () => {
  it('recommends nothing for a week run well: answered in time, real alerts with their own checklist, targets met, nothing overdue', () => {
    expect(recs([handled('a', 0), handled('b', 2), handled('c', 4)])).toEqual([]);
    expect(recs([])).toEqual([]);
  });

  it('names a level that rarely acknowledges within its timeout, with its numbers', () => {
    const week = [0, 1, 2, 3].map((d) => handled(`slow-${d}`, d, { ackAfter: 21 }));
    const [slow, ...rest] = recs(week);
    expect(slow).toMatchObject({
      kind: 'slow-level',
      figures: { policy: 'major', level: 1, pages: 4, acknowledgedInTime: 0, timeoutMinutes: 15, target: 0.5 },
    });
    expect(slow!.because).toBe('Level 1 acknowledged 0 of 4 pages within its 15 min; the others went on to the next level (the target is 50%).');
    expect(slow!.change).toContain('Maya Ortiz, level 1 of major, can answer within 15 min');
    // Level 2 answered every page it got in time: not named.
    expect(kinds(rest)).not.toContain('slow-level');
  });

  it('leaves a level alone at or above the target, and with a single page', () => {
    expect(kinds(recs([handled('a', 0, { ackAfter: 21 }), handled('b', 1, { ackAfter: 5 })]))).not.toContain('slow-level'); // 1 of 2 = 50%
    expect(kinds(recs([handled('a', 0, { ackAfter: 21 })]))).not.toContain('slow-level');
  });

  it('names a trigger with many false alarms, its setting and the usual reason', () => {
    const bots = { verdict: 'false-alarm', why: 'spam-or-bots' } as const;
    const week = [handled('fa-1', 0, { alert: bots }), handled('fa-2', 1, { alert: bots }), handled('real', 2)];
    const noisy = recs(week).find((r) => r.kind === 'noisy-trigger')!;
    expect(noisy.figures).toEqual({ trigger: 'spike', falseAlarms: 2, classified: 3, share: 2 / 3, reason: 'spam-or-bots', target: 0.3 });
    expect(noisy.change).toBe('Review detection.sigma 3, detection.minNegative 8 in 60 min (detection.warmupThreshold 15 while warming up): spike of negative mentions alerts are mostly noise.');
    expect(noisy.because).toMatch(/^2 of 3 spike of negative mentions alerts resolved this week were false alarms \(67%; the target is under 30%\); in all of them, copy-pasted posts/);
  });

  it('does not call one false alarm many, nor a trigger that is mostly right', () => {
    const bots = { verdict: 'false-alarm', why: 'spam-or-bots' } as const;
    expect(kinds(recs([handled('fa', 0, { alert: bots }), handled('real', 1)]))).not.toContain('noisy-trigger');
    const mostlyRight = [handled('fa-1', 0, { alert: bots }), handled('fa-2', 0, { alert: bots }), ...[1, 2, 3, 4, 5].map((d) => handled(`r${d}`, d))];
    expect(kinds(recs(mostlyRight))).not.toContain('noisy-trigger'); // 2 of 7 = 29%
    // A lone high-reach post is a trigger of its own: its false alarms point at detection.highReach.
    const reach = 'negative mention by @big with reach 250,000 (≥ 100,000)';
    const loud = recs([handled('hr-1', 0, { alert: bots, reason: reach }), handled('hr-2', 1, { alert: { verdict: 'false-alarm', why: 'not-about-us' }, reason: reach })]);
    expect(loud.find((r) => r.kind === 'noisy-trigger')!.change).toMatch(/^Review detection\.highReach 100,000/);
  });

  it('names real incidents of themes no policy names and no checklist covers, and the policy they went to', () => {
    const week = [handled('d1', 0, { theme: 'delivery' }), handled('d2', 1, { theme: 'delivery' }), handled('b1', 2, { theme: 'billing', severity: 'SEV3' }), handled('s1', 3)];
    const uncovered = recs(week).find((r) => r.kind === 'uncovered-theme')!;
    expect(uncovered.figures).toEqual({ delivery: 2, billing: 1 });
    expect(uncovered.because).toBe('3 real incidents this week (2 delivery, 1 billing) had no policy and no checklist of their own: they went to major and minor.');
    // A false alarm is not a theme to staff; a theme a policy names is covered.
    expect(kinds(recs([handled('d', 0, { theme: 'delivery', alert: { verdict: 'false-alarm', why: 'already-known' } })]))).not.toContain('uncovered-theme');
    const named = config({ escalationPolicies: [...reportConfig.escalationPolicies, EscalationPolicySchema.parse({ id: 'logistics', severities: ['SEV2'], themes: ['delivery'], levels: [{ owners: ['lee'], timeoutMinutes: 30 }] })] });
    expect(kinds(recs([handled('d', 0, { theme: 'delivery' })], { config: named }))).not.toContain('uncovered-theme');
  });

  it('with several brands, names a brand no policy names', () => {
    const two = config({
      brands: [...reportConfig.brands, { id: 'cirrus', name: 'Cirrus Tablet', handles: [], keywords: ['cirrus'], exclusions: [] }],
      escalationPolicies: reportConfig.escalationPolicies.map((p) => ({ ...p, brands: p.id === 'major' ? undefined : ['nimbus'] })),
    });
    const withNimbusPolicy = config({
      ...two,
      escalationPolicies: [...two.escalationPolicies, EscalationPolicySchema.parse({ id: 'nimbus-major', severities: ['SEV1', 'SEV2'], brands: ['nimbus'], levels: [{ owners: ['maya'], timeoutMinutes: 15 }] })],
    });
    const r = recs([handled('n', 0), handled('c', 1, { brand: 'cirrus' })], { config: withNimbusPolicy }).find((x) => x.kind === 'uncovered-brand')!;
    expect(r.figures).toEqual({ cirrus: 1 });
    expect(r.change).toContain('Give Cirrus Tablet a policy of its own');
    expect(kinds(recs([handled('n', 0)], { config: withNimbusPolicy }))).not.toContain('uncovered-brand');
  });

  it('names an owner paged far more than anyone else, and not one merely busier', () => {
    const many = [0, 1, 2, 3, 4].map((d) => handled(`m${d}`, d));
    const busy = recs(many).find((r) => r.kind === 'busy-owner')!;
    expect(busy.figures).toEqual({ owner: 'Maya Ortiz', pages: 5, nextMost: 0 });
    expect(busy.change).toBe("Share Maya Ortiz's pages: add a second owner or a rota to major level 1 and minor level 1.");
    // Maya 5 pages, Sam 3 (three escalations): busier, not far busier.
    const shared = [...[0, 1].map((d) => handled(`m${d}`, d)), ...[2, 3, 4].map((d) => handled(`s${d}`, d, { ackAfter: 20 }))];
    expect(kinds(recs(shared))).not.toContain('busy-owner');
  });

  it('compares the replies with the targets, only when targets are set and replies are known', () => {
    const r = recs([], { metrics: { repliedShare: 0.41, medianReplyMinutes: 95 } });
    expect(r.map((x) => [x.kind, x.because])).toEqual([
      ['reply-share', 'The brand replied to 41% of complaints this week; the target is 80%.'],
      ['reply-time', 'The median first reply took 1 h 35 min; the target is 1 h.'],
    ]);
    expect(recs([], { metrics: { repliedShare: 0.41, medianReplyMinutes: 95 }, config: config({ targets: TargetsSchema.parse({}) }) })).toEqual([]);
    expect(recs([], { metrics: { repliedShare: null, medianReplyMinutes: null } })).toEqual([]);
  });

  it('lists overdue action items by owner, people by name, the busiest first', () => {
    const earlier = anIncident('old', {
      status: 'resolved',
      openedAt: '2026-10-27T09:30:00.000Z',
      resolvedAt: '2026-10-28T12:00:00.000Z',
      theme: 'safety',
      resolution: {
        alert: { verdict: 'real' },
        rootCause: 'x',
        resolvedBy: 'lee@nimbus.example',
        actionItems: [
          { text: 'Publish prices from one source', owner: 'web team', due: '2026-11-10', status: 'open' },
          { text: 'Price check in the launch list', owner: 'Web Team', due: '2026-11-20', status: 'open' },
          { text: 'Backup on-call', owner: 'maya@nimbus.example', due: '2026-11-18', status: 'open' },
          { text: 'Done already', owner: 'web team', due: '2026-11-01', status: 'done', closedAt: '2026-11-02T00:00:00.000Z' },
          { text: 'Not due yet', owner: 'web team', due: '2026-12-01', status: 'open' },
        ],
      },
    });
    const r = recs([earlier]).filter((x) => x.kind === 'overdue-owner');
    expect(r.map((x) => x.figures)).toEqual([
      { owner: 'web team', overdue: 2, oldestDays: 13 },
      { owner: 'Maya Ortiz', overdue: 1, oldestDays: 5 },
    ]);
    expect(r[0]!.because).toBe('2 action items past due (the oldest by 13 days): “Publish prices from one source”; “Price check in the launch list”.');
  });
});
