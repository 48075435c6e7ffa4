import { describe, expect, it } from 'vitest';
import type { AlertClassification } from '../../../lambdas/core/alert-verdict.ts';
import { DetectionSchema } from '../../../lambdas/core/config.ts';
import type { Incident } from '../../../lambdas/core/incident.ts';
import { alertQuality, qualitySentence, triggerOf } from '../../../lambdas/core/report/alert-quality.ts';
import { weekContaining } from '../../../lambdas/core/report/week.ts';
import { anIncident, TZ, WEEK } from './report-fixtures.ts';

const week = weekContaining(WEEK, TZ);
const last = weekContaining('2026-11-09', TZ);
const detection = DetectionSchema.parse({});
const REACH = 'negative mention by @big with reach 250,000 (≥ 100,000)';
const RISK = 'risk terms in 1 mention: safety:burned my';

const resolved = (id: string, at: string, alert: AlertClassification | undefined, o: Partial<Incident> = {}): Incident =>
  anIncident(id, {
    status: 'resolved',
    openedAt: at,
    resolvedAt: at.replace('T09', 'T12'),
    resolution: { ...(alert && { alert }), rootCause: '', actionItems: [], resolvedBy: 'sam@nimbus.example' },
    ...o,
  });

const incidents = [
  resolved('a', '2026-11-16T09:00:00.000Z', { verdict: 'real' }),
  resolved('b', '2026-11-17T09:00:00.000Z', { verdict: 'false-alarm', why: 'spam-or-bots' }, { theme: 'brand-post' }),
  resolved('c', '2026-11-18T09:00:00.000Z', { verdict: 'false-alarm', why: 'not-about-us' }, { reason: REACH }),
  resolved('d', '2026-11-19T09:00:00.000Z', { verdict: 'duplicate', of: 'a' }, { reason: RISK }),
  resolved('e', '2026-11-20T09:00:00.000Z', undefined),
  resolved('f', '2026-11-21T09:00:00.000Z', { verdict: 'false-alarm', why: 'spam-or-bots' }, { theme: 'brand-post' }),
  // Last week, and one still open: neither counts this week.
  resolved('g', '2026-11-10T09:00:00.000Z', { verdict: 'real' }),
  anIncident('h', { status: 'open', openedAt: '2026-11-20T09:00:00.000Z' }),
];

describe('Function: alertQuality', () => {
  const q = alertQuality(week, incidents, detection, (t) => t.toUpperCase());

  it('counts the verdicts given in the week: real, false alarms, duplicates, and the unanswered', () => {
    expect(q).toMatchObject({ resolved: 6, classified: 5, unclassified: 1, real: 1, falseAlarms: 3, duplicates: 1, falseAlarmShare: 3 / 5 });
    expect(q.reasons).toEqual([
      { reason: 'spam-or-bots', label: 'spam or a bot campaign', count: 2 },
      { reason: 'not-about-us', label: 'not about us', count: 1 },
    ]);
  });

  it('splits them by what opened the incident, with the setting behind each trigger', () => {
    expect(q.byTrigger.map((t) => [t.key, t.classified, t.falseAlarms])).toEqual([
      ['spike', 3, 2],
      ['high-reach', 1, 1],
      ['risk', 1, 0],
    ]);
    expect(q.byTrigger[1]!.settings).toBe('detection.highReach 100,000');
    expect(triggerOf({ reason: '18 negative mentions in 1 h during warm-up (threshold 15)' })).toBe('spike');
    expect(triggerOf({ reason: RISK })).toBe('risk');
  });

  it('splits them by theme, the noisiest first, with the theme labels', () => {
    expect(q.byTheme.map((t) => [t.label, t.classified, t.falseAlarms])).toEqual([
      ['BRAND-POST', 2, 2],
      ['OVERHEATING', 3, 1],
    ]);
  });

  it('says it in one sentence, against last week', () => {
    const before = alertQuality(last, incidents, detection, (t) => t);
    expect(before).toMatchObject({ resolved: 1, classified: 1, falseAlarms: 0 });
    expect(qualitySentence(q, before)).toBe('Of the 5 alerts resolved and judged this week: 1 real, 3 false alarms, 1 duplicate (60% false alarms; last week 0%). 1 more went without an answer.');
    const none = alertQuality(weekContaining('2026-12-07', TZ), incidents, detection, (t) => t);
    expect(qualitySentence(none, before)).toBe('No alert was resolved this week: nothing to judge yet.');
  });
});
