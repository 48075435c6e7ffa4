import { describe, expect, it } from 'vitest';
import { nextRun, parseSchedule, ratePeriodMinutes, scheduleProblem } from '../../lambdas/core/schedule.ts';

describe('Function: scheduleProblem', () => {
  it.each([
    'rate(1 minute)', 'rate(5 minutes)', 'rate(2 hours)', 'rate(1 day)',
    'cron(0 9 ? * MON *)', 'cron(0/15 * * * ? *)', 'cron(0 8-18 ? * MON-FRI *)', 'cron(0 12 L * ? *)', 'cron(0 12 LW * ? *)',
    'cron(30 1 15W * ? *)', 'cron(0 12 ? * 6#3 *)', 'cron(0 12 ? * 6L *)', 'cron(0 0 1 JAN,JUL ? 2027-2030)', 'at(2027-01-04T09:00:00)',
  ])('accepts %s', (expression) => {
    expect(scheduleProblem(expression)).toBeUndefined();
  });

  it.each([
    ['cron(0 9 * * MON)', /5 fields, as Unix cron does; EventBridge cron has 6 .* e\.g\. cron\(0 9 \? \* MON \*\)/],
    ['cron(61 99 ? * FOO *)', /minutes "61": 61 is out of range 0-59/],
    ['cron(0 99 ? * MON *)', /hours "99": 99 is out of range 0-23/],
    ['cron(0 9 ? * FOO *)', /day-of-week "FOO": "FOO" is not a number or a name \(SUN-SAT\)/],
    ['cron(0 9 * * MON *)', /sets both day-of-month "\*" and day-of-week "MON"; .*cron\(0 9 \? \* MON \*\)/],
    ['cron(0 9 ? * ? *)', /cannot both be \?/],
    ['cron(0 9 ? * 0 *)', /1-7 from Sunday .* there is no 0/],
    ['cron(0 9 ? 13 MON *)', /month "13": 13 is out of range 1-12/],
    ['cron(0 9 ? * MON 1969)', /year "1969"/],
    ['cron(0 9 ? * 2#6 *)', /day#n with n from 1 to 5/],
    ['cron(0 5-1 ? * MON *)', /runs backwards/],
    ['cron(0 9 ? * MON)', /5 fields/],
    ['rate(1 minutes)', /must be singular: rate\(1 minute\)/],
    ['rate(5 minute)', /must be plural: rate\(5 minutes\)/],
    ['rate(0 minutes)', /at least 1/],
    ['rate(5 weeks)', /unit must be minute\(s\), hour\(s\) or day\(s\)/],
    ['at(2026-02-30T09:00:00)', /not a real date/],
    ['at(2026-11-16 09:00)', /yyyy-mm-ddThh:mm:ss/],
    ['every monday', /must be rate\(5 minutes\), cron\(0 9 \? \* MON \*\) or at\(/],
  ])('refuses %s, saying why', (expression, why) => {
    expect(scheduleProblem(expression)).toMatch(why);
  });
});

describe('Function: nextRun', () => {
  const at = (expression: string, after: string, tz = 'Europe/London', start?: string) =>
    nextRun(parseSchedule(expression), new Date(after), tz, start ? new Date(start) : undefined)?.toISOString();

  it('fires a weekly cron in the configured time zone, across a daylight-saving change', () => {
    expect(at('cron(0 9 ? * MON *)', '2026-11-18T10:00:00Z')).toBe('2026-11-23T09:00:00.000Z');
    // 09:00 in London is 08:00 UTC in summer.
    expect(at('cron(0 9 ? * MON *)', '2026-03-25T10:00:00Z')).toBe('2026-03-30T08:00:00.000Z');
    expect(at('cron(0 9 ? * MON *)', '2026-11-23T09:00:00Z')).toBe('2026-11-30T09:00:00.000Z');
    expect(at('cron(0 9 ? * MON *)', '2026-11-18T10:00:00Z', 'America/New_York')).toBe('2026-11-23T14:00:00.000Z');
  });

  it('numbers the days of the week from Sunday = 1, as EventBridge does', () => {
    // 2026-11-22 is a Sunday.
    expect(at('cron(0 12 ? * 1 *)', '2026-11-18T00:00:00Z', 'UTC')).toBe('2026-11-22T12:00:00.000Z');
    expect(at('cron(0 12 ? * 7 *)', '2026-11-18T00:00:00Z', 'UTC')).toBe('2026-11-21T12:00:00.000Z');
  });

  it('handles the last day, the nearest weekday and the nth weekday of a month', () => {
    expect(at('cron(0 12 L * ? *)', '2026-02-02T00:00:00Z', 'UTC')).toBe('2026-02-28T12:00:00.000Z');
    // 2026-11-15 is a Sunday: the nearest weekday is Monday the 16th.
    expect(at('cron(30 1 15W * ? *)', '2026-11-01T00:00:00Z', 'UTC')).toBe('2026-11-16T01:30:00.000Z');
    // The third Friday of November 2026.
    expect(at('cron(0 12 ? * 6#3 *)', '2026-11-01T00:00:00Z', 'UTC')).toBe('2026-11-20T12:00:00.000Z');
    // The last Friday of November 2026.
    expect(at('cron(0 12 ? * 6L *)', '2026-11-01T00:00:00Z', 'UTC')).toBe('2026-11-27T12:00:00.000Z');
  });

  it('runs a rate every period from its start, and an at() once', () => {
    expect(at('rate(15 minutes)', '2026-11-18T10:20:00Z', 'UTC', '2026-11-18T10:00:00Z')).toBe('2026-11-18T10:30:00.000Z');
    expect(ratePeriodMinutes('rate(2 hours)')).toBe(120);
    expect(ratePeriodMinutes('cron(0 9 ? * MON *)')).toBeUndefined();
    expect(at('at(2026-11-20T09:00:00)', '2026-11-18T00:00:00Z')).toBe('2026-11-20T09:00:00.000Z');
    expect(at('at(2026-11-20T09:00:00)', '2026-11-21T00:00:00Z')).toBeUndefined();
    expect(at('cron(0 9 ? * MON 2025)', '2026-11-18T00:00:00Z')).toBeUndefined();
  });
});
