import { describe, expect, it } from 'vitest';
import { headline, subjectLine } from '../../../lambdas/core/report/headline.ts';
import { weekMetrics } from '../../../lambdas/core/report/metrics.ts';
import { weekContaining } from '../../../lambdas/core/report/week.ts';
import type { WeekMetrics } from '../../../lambdas/core/report/weekly-report.ts';
import { crisisBuckets, crisisIncidents, TZ, WEEK } from './report-fixtures.ts';

const base = weekMetrics(weekContaining(WEEK, TZ), [], []);
const m = (over: Partial<WeekMetrics>): WeekMetrics => ({ ...base, ...over });

describe('Function: headline', () => {
  it('gives the crisis week its verdict, severities and change', () => {
    const now = weekMetrics(weekContaining(WEEK, TZ), crisisIncidents(), crisisBuckets());
    const before = weekMetrics(weekContaining('2026-11-09', TZ), crisisIncidents(), crisisBuckets());
    expect(headline(['Nimbus Phone'], now, before)).toBe(
      'A tough week for Nimbus Phone: 1 SEV1, 1 SEV2 and 1 SEV3 incidents (up from 2 last week), and 41% of 4,015 mentions were negative (last week 11%).',
    );
  });

  it.each([
    [{ SEV1: 0, SEV2: 1, SEV3: 0 }, 1, 3, 'A testing week for Acme: 1 SEV2 incident (down from 3 last week)'],
    [{ SEV1: 0, SEV2: 0, SEV3: 2 }, 2, 2, 'A steady week for Acme: 2 SEV3 incidents (the same as last week)'],
    [{ SEV1: 0, SEV2: 0, SEV3: 0 }, 0, 1, 'A quiet week for Acme: no incidents (down from 1 last week)'],
  ])('with %j says "%s"', (incidents, total, lastTotal, start) => {
    const text = headline(['Acme'], m({ incidents, incidentsTotal: total, mentions: 100, negativeShare: 0.05 }), m({ incidentsTotal: lastTotal }));
    expect(text.startsWith(start)).toBe(true);
  });

  it('names up to two brands and counts more', () => {
    expect(headline(['A', 'B'], base, base)).toContain('for A and B:');
    expect(headline(['A', 'B', 'C'], base, base)).toContain('for your 3 brands:');
  });
});

describe('Function: subjectLine', () => {
  it('carries numbers and brand names only', () => {
    expect(subjectLine(['Nimbus Phone'], '16–22 Nov 2026', m({ incidents: { SEV1: 1, SEV2: 0, SEV3: 2 }, incidentsTotal: 3 }))).toBe(
      'Weekly report 16–22 Nov 2026, Nimbus Phone: 3 incidents (worst SEV1)',
    );
    expect(subjectLine(['Nimbus Phone'], '16–22 Nov 2026', base)).toBe('Weekly report 16–22 Nov 2026, Nimbus Phone: no incidents');
  });
});
