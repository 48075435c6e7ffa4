import { describe, expect, it } from 'vitest';
import type { CounterBucket } from '../../../lambdas/core/ports.ts';
import { escalationsBetween, timesBySeverity, weekMetrics, weightedMedian } from '../../../lambdas/core/report/metrics.ts';
import { weekContaining } from '../../../lambdas/core/report/week.ts';
import { anIncident, crisisBuckets, crisisIncidents, TZ, WEEK } from './report-fixtures.ts';

const week = weekContaining(WEEK, TZ);
const lastWeek = weekContaining('2026-11-09', TZ);

const bucket = (bucketStart: string, over: Partial<CounterBucket> = {}): CounterBucket => ({
  brand: 'nimbus',
  bucketStart,
  total: 10,
  negative: 2,
  complaint: 1,
  reach: 100,
  negativeReach: 20,
  bySource: { rss: 10 },
  byTheme: {},
  ...over,
});

describe('Function: weekMetrics', () => {
  describe('an incident that spans the week boundary', () => {
    // Opened Sunday 23:10 last week, acknowledged 00:20 and resolved 03:45 on Monday.
    const boundary = crisisIncidents().find((i) => i.id === 'inc-2026-11-15-app-store')!;

    it('counts as opened last week, not this week', () => {
      expect(weekMetrics(lastWeek, [boundary], []).incidents.SEV2).toBe(1);
      expect(weekMetrics(week, [boundary], []).incidentsTotal).toBe(0);
    });

    it('counts its acknowledgement and resolution in the week they happened', () => {
      const now = weekMetrics(week, [boundary], []);
      expect(now.mtta).toEqual({ minutes: 70, n: 1 });
      expect(now.mttr).toEqual({ minutes: 275, n: 1 });
      const before = weekMetrics(lastWeek, [boundary], []);
      expect(before.mtta).toEqual({ minutes: null, n: 0 });
      expect(before.unacknowledged).toBe(1);
    });

    it('opens its action items in the week it was resolved', () => {
      expect(weekMetrics(week, [boundary], []).actionItemsOpened).toBe(1);
      expect(weekMetrics(lastWeek, [boundary], []).actionItemsOpened).toBe(0);
    });
  });

  describe('a never-acknowledged incident', () => {
    const ignored = crisisIncidents().find((i) => i.id === 'inc-2026-11-21-delivery')!;

    it('is counted as unacknowledged and kept out of MTTA and MTTR', () => {
      const m = weekMetrics(week, [ignored], []);
      expect(m.incidents.SEV2).toBe(1);
      expect(m.unacknowledged).toBe(1);
      expect(m.mtta.n).toBe(0);
      expect(m.mttr.n).toBe(0);
      expect(m.mttd).toEqual({ minutes: 30, n: 1 });
    });

    it('counts each escalation past level 1', () => {
      expect(weekMetrics(week, [ignored], []).escalations).toBe(2);
    });

    it('resolved without an acknowledgement still has no MTTA', () => {
      const resolvedUnowned = anIncident('x', {
        openedAt: '2026-11-17T10:00:00.000Z',
        resolvedAt: '2026-11-17T12:00:00.000Z',
        status: 'resolved',
      });
      const m = weekMetrics(week, [resolvedUnowned], []);
      expect(m.mtta.n).toBe(0);
      expect(m.mttr).toEqual({ minutes: 120, n: 1 });
      expect(m.unacknowledged).toBe(1);
    });
  });

  describe('a week without data', () => {
    it('gives zeros and nulls, never NaN', () => {
      const m = weekMetrics(week, [], []);
      expect(m).toMatchObject({ mentions: 0, negativeShare: null, complaintShare: null, incidentsTotal: 0, escalations: 0 });
      expect(m.mttd.minutes).toBeNull();
      expect(m.repliedShare).toBeNull();
      expect(m.medianReplyMinutes).toBeNull();
      expect(JSON.stringify(m)).not.toContain('NaN');
    });
  });

  describe('counters', () => {
    it('sums only the buckets that start inside the week, by source', () => {
      const m = weekMetrics(week, [], [
        bucket('2026-11-15T23:45:00.000Z'),
        bucket('2026-11-16T00:00:00.000Z', { bySource: { rss: 4, x: 6 } }),
        bucket('2026-11-22T23:45:00.000Z'),
        bucket('2026-11-23T00:00:00.000Z'),
      ]);
      expect(m.mentions).toBe(20);
      expect(m.bySource).toEqual({ rss: 14, x: 6 });
      expect(m.negativeShare).toBeCloseTo(0.2);
      expect(m.complaintShare).toBeCloseTo(0.1);
    });

    it('takes the DST week in local time: Sunday 23:30 UTC before the week is Monday 00:30 BST', () => {
      const dst = weekContaining('2026-10-19', TZ);
      const m = weekMetrics(dst, [], [bucket('2026-10-18T22:45:00.000Z'), bucket('2026-10-18T23:30:00.000Z'), bucket('2026-10-25T23:45:00.000Z')]);
      expect(m.mentions).toBe(20);
    });

    it('reports replies only where some bucket carries them', () => {
      const without = weekMetrics(week, [], [bucket('2026-11-17T10:00:00.000Z', { complaint: 4 })]);
      expect(without.repliedShare).toBeNull();
      const m = weekMetrics(week, [], [
        bucket('2026-11-17T10:00:00.000Z', { complaint: 4, replied: 3, replyMinutes: 30 }),
        bucket('2026-11-17T11:00:00.000Z', { complaint: 4, replied: 1, replyMinutes: 120 }),
      ]);
      expect(m.repliedShare).toBeCloseTo(0.5);
      // Three replies at 10 min, one at 120 min: the median reply is 10 min.
      expect(m.medianReplyMinutes).toBe(10);
    });
  });

  it('counts action items closed in the week, whatever week their incident was', () => {
    const m = weekMetrics(week, crisisIncidents(), []);
    expect(m.actionItemsClosed).toBe(1);
    expect(weekMetrics(weekContaining('2026-11-02', TZ), crisisIncidents(), []).actionItemsClosed).toBe(1);
  });

  it('gives the crisis week its numbers', () => {
    const m = weekMetrics(week, crisisIncidents(), crisisBuckets());
    expect(m.incidents).toEqual({ SEV1: 1, SEV2: 1, SEV3: 1 });
    // SEV1 acknowledged after 29 min, SEV3 after 28, the boundary SEV2 after 70.
    expect(m.mtta.minutes).toBeCloseTo((29 + 28 + 70) / 3);
    expect(m.escalations).toBe(3);
  });
});

describe('Function: escalationsBetween', () => {
  it('falls back to level 2+ notifications when a timeline has no escalated events', () => {
    const i = anIncident('x', {
      timeline: [
        { at: '2026-11-17T10:00:00.000Z', type: 'notified', level: 1 },
        { at: '2026-11-17T10:15:00.000Z', type: 'notified', level: 2 },
        { at: '2026-11-17T10:30:00.000Z', type: 'notified', level: 3 },
      ],
    });
    expect(escalationsBetween(i, week.from, week.to)).toBe(2);
  });
});

describe('Function: timesBySeverity', () => {
  it('means per severity, with n = 0 where none was measured', () => {
    const rows = timesBySeverity(week, crisisIncidents());
    expect(rows.map((r) => [r.severity, r.mtta.n, r.mttr.n])).toEqual([
      ['SEV1', 1, 1],
      ['SEV2', 1, 1],
      ['SEV3', 1, 1],
    ]);
    expect(rows[0]!.mttr.minutes).toBe(44 * 60 + 48);
  });
});

describe('Function: weightedMedian', () => {
  it.each([
    [[], null],
    [[{ minutes: 5, weight: 1 }], 5],
    [[{ minutes: 5, weight: 1 }, { minutes: 50, weight: 3 }], 50],
    [[{ minutes: 90, weight: 2 }, { minutes: 5, weight: 2 }, { minutes: 20, weight: 1 }], 20],
  ])('of %j is %j', (values, expected) => {
    expect(weightedMedian(values)).toBe(expected);
  });
});
