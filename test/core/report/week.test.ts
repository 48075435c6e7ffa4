import { describe, expect, it } from 'vitest';
import { daysOf, InvalidWeekError, lastCompleteWeek, previousWeek, weekContaining } from '../../../lambdas/core/report/week.ts';

const hours = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 3_600_000;

describe('Function: weekContaining', () => {
  it('snaps any day to its Monday and ends on the next Monday 00:00 local', () => {
    const week = weekContaining('2026-11-19', 'Europe/London');
    expect(week).toEqual({
      start: '2026-11-16',
      end: '2026-11-22',
      timeZone: 'Europe/London',
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
    });
  });

  it('puts the bounds at local midnight in a zone behind UTC', () => {
    const week = weekContaining('2026-11-16', 'America/New_York');
    expect(week.from).toBe('2026-11-16T05:00:00.000Z');
    expect(week.to).toBe('2026-11-23T05:00:00.000Z');
  });

  it('makes the autumn DST week 169 hours long, with one 25-hour day', () => {
    // Clocks go back in London on Sunday 25 Oct 2026.
    const week = weekContaining('2026-10-21', 'Europe/London');
    expect(week.from).toBe('2026-10-18T23:00:00.000Z');
    expect(week.to).toBe('2026-10-26T00:00:00.000Z');
    expect(hours(week.from, week.to)).toBe(169);
    const days = daysOf(week);
    expect(days.map((d) => d.date)).toEqual(['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25']);
    expect(days.map((d) => hours(d.from, d.to))).toEqual([24, 24, 24, 24, 24, 24, 25]);
  });

  it('makes the spring DST week 167 hours long', () => {
    // Clocks go forward in London on Sunday 29 Mar 2026.
    const week = weekContaining('2026-03-23', 'Europe/London');
    expect(hours(week.from, week.to)).toBe(167);
    expect(daysOf(week).at(-1)).toEqual({ date: '2026-03-29', from: '2026-03-29T00:00:00.000Z', to: '2026-03-29T23:00:00.000Z' });
  });

  it.each(['2026-11', '16/11/2026', '2026-02-30', 'next week', ''])('refuses %j with InvalidWeekError', (bad) => {
    expect(() => weekContaining(bad, 'Europe/London')).toThrow(InvalidWeekError);
  });
});

describe('Function: lastCompleteWeek', () => {
  it('on the Monday-morning run reports the week that just ended', () => {
    expect(lastCompleteWeek(new Date('2026-11-23T09:00:00Z'), 'Europe/London').start).toBe('2026-11-16');
  });

  it('uses the local date, not the UTC one, near midnight', () => {
    // 23:30 UTC on Sunday 22 Nov is already Monday 23 Nov in Tokyo, so the week of the 16th is complete there.
    expect(lastCompleteWeek(new Date('2026-11-22T23:30:00Z'), 'Asia/Tokyo').start).toBe('2026-11-16');
    expect(lastCompleteWeek(new Date('2026-11-22T23:30:00Z'), 'Europe/London').start).toBe('2026-11-09');
  });
});

describe('Function: previousWeek', () => {
  it('steps back across a DST change to the previous Monday midnight', () => {
    const week = previousWeek(weekContaining('2026-10-26', 'Europe/London'));
    expect(week.start).toBe('2026-10-19');
    expect(week.to).toBe(weekContaining('2026-10-26', 'Europe/London').from);
  });
});
