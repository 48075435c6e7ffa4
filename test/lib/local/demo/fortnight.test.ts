import { describe, expect, it } from 'vitest';
import { demoFortnight } from '../../../../lib/local/demo/fortnight.ts';
import { generateScenario, type ScenarioOptions } from '../../../../lib/local/demo/scenario.ts';
import { lastCompleteWeek } from '../../../../lambdas/core/report/week.ts';

const ZONE = 'Europe/London';

describe('Function: demoFortnight', () => {
  it.each([
    // today                       start (Monday 00:00 local)   report week
    ['2026-11-24T12:00:00Z', '2026-11-09T00:00:00.000Z', '2026-11-16'],
    ['2026-12-01T10:00:00Z', '2026-11-16T00:00:00.000Z', '2026-11-23'],
    ['2026-11-29T23:30:00Z', '2026-11-09T00:00:00.000Z', '2026-11-16'], // Sunday night: still that week
    ['2027-06-02T08:00:00Z', '2027-05-16T23:00:00.000Z', '2027-05-24'], // summer time
  ])('on %s plays the two weeks before that week and reports on the last complete one', (today, start, reportWeek) => {
    const f = demoFortnight(new Date(today), ZONE);
    expect(f.start.toISOString()).toBe(start);
    expect(f.reportWeek).toBe(reportWeek);
    expect(lastCompleteWeek(new Date(today), ZONE).start).toBe(reportWeek);
    expect(f.end.getTime() - f.start.getTime()).toBe(14 * 86_400_000);
    expect(f.launch.getTime() - f.start.getTime()).toBe((9 * 24 + 10) * 3_600_000);
    expect(f.reportAt.getTime()).toBeGreaterThanOrEqual(f.end.getTime());
    expect(f.reportAt.getTime()).toBeLessThanOrEqual(Math.max(new Date(today).getTime(), f.end.getTime()));
  });

  it('builds the report at 09:00 on the Monday after, or now if it is earlier', () => {
    expect(demoFortnight(new Date('2026-11-23T07:15:00Z'), ZONE).reportAt.toISOString()).toBe('2026-11-23T07:15:00.000Z');
    expect(demoFortnight(new Date('2026-11-25T07:15:00Z'), ZONE).reportAt.toISOString()).toBe('2026-11-23T09:00:00.000Z');
  });
});

describe('Function: generateScenario', () => {
  const options = (today: string): ScenarioOptions => {
    const f = demoFortnight(new Date(today), ZONE);
    return {
      start: f.start, launchAt: f.launch, end: f.end, brandName: 'Nimbus Phone', launchName: 'Nimbus 9',
      brandHandle: '@nimbusphone', supportHandle: '@nimbushelp', tag: 'nimbus9',
      sources: [{ id: 'x', kind: 'x', share: 1, postUrl: (id) => `https://x.com/i/${id}` }],
    };
  };

  it('generates the same fortnight on any date, shifted, across a change to summer time too', () => {
    const base = options('2026-11-24T12:00:00Z');
    const shape = (o: ScenarioOptions) =>
      generateScenario(o).map((m) => ({ ...m, createdAt: Date.parse(m.createdAt) - o.start.getTime() }));
    const reference = shape(base);
    expect(reference.length).toBeGreaterThan(1000);
    for (const today of ['2027-06-02T08:00:00Z', '2027-04-06T08:00:00Z']) expect(shape(options(today))).toEqual(reference);
  });
});
