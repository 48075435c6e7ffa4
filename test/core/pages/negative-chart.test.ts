import { describe, expect, it } from 'vitest';
import { chartFigure, chartSpan, negativeSeries } from '../../../lambdas/core/pages/negative-chart.ts';

const HOUR = 3_600_000;
const OPENED = '2025-03-10T10:20:00.000Z';
const opened = Date.parse('2025-03-10T10:00:00.000Z');
const bucket = (t: number, negative: number) => ({ bucketStart: new Date(t).toISOString(), negative });

/** Seven ordinary days: at 10:00 the brand gets 1, 2, 3, 4, 5, 6, 7 negatives (median 4), at 11:00 always 2. */
const week = () =>
  Array.from({ length: 7 }, (_, d) => [bucket(opened - (d + 1) * 24 * HOUR, d + 1), bucket(opened + HOUR - (d + 1) * 24 * HOUR, 2)]).flat();

describe('Function: negativeSeries', () => {
  it('counts the negatives of each hour and sets them against the median of the same hour on the days before', () => {
    const now = new Date(opened + 2 * HOUR + 5 * 60_000);
    const buckets = [...week(), bucket(opened, 9), bucket(opened + 15 * 60_000, 11), bucket(opened + HOUR, 30)];
    const s = negativeSeries({ openedAt: OPENED, status: 'open' }, buckets, now, 7);
    expect(s.binHours).toBe(1);
    // Three hours before the opening, the opening hour, and every hour up to now.
    expect(s.bins.map((b) => b.from)).toEqual([7, 8, 9, 10, 11, 12].map((h) => `2025-03-10T${String(h).padStart(2, '0')}:00:00.000Z`));
    expect(s.bins.map((b) => b.negative)).toEqual([0, 0, 0, 20, 30, 0]);
    expect(s.bins.map((b) => b.normal)).toEqual([0, 0, 0, 4, 2, 0]);
    expect(s.bins.map((b) => b.during)).toEqual([false, false, false, true, true, true]);
  });

  it("never counts the incident's own hours towards its normal, however long it lasts", () => {
    // Open for two days with 50 negatives every hour: the second day's 10:00 is still judged against the week before.
    const during = Array.from({ length: 48 }, (_, h) => bucket(opened + h * HOUR, 50));
    const s = negativeSeries({ openedAt: OPENED, status: 'resolved', resolvedAt: new Date(opened + 47 * HOUR + 60_000).toISOString() }, [...week(), ...during], new Date(opened + 60 * HOUR), 7);
    const dayTwoTen = s.bins.find((b) => b.from === '2025-03-11T10:00:00.000Z')!;
    expect(dayTwoTen).toMatchObject({ negative: 50, normal: 4 });
    // It ends with the resolution's hour, not now.
    expect(s.bins.at(-1)!.from).toBe(new Date(opened + 47 * HOUR).toISOString());
  });

  it('widens the bins of a long incident to at most 72 bars, and shows its first two weeks', () => {
    const now = new Date(opened + 20 * 24 * HOUR);
    const s = negativeSeries({ openedAt: OPENED, status: 'open' }, week(), now, 7);
    expect(s.bins.length).toBeLessThanOrEqual(72);
    expect(s.binHours).toBe(Math.ceil((14 * 24 + 3) / 72));
    expect(Date.parse(chartSpan({ openedAt: OPENED, status: 'open' }, now, 7).to.toISOString()) - opened).toBe(14 * 24 * HOUR);
  });

  it('has no normal level without history: a brand seen for the first time', () => {
    const s = negativeSeries({ openedAt: OPENED, status: 'open' }, [bucket(opened, 12)], new Date(opened + HOUR), 7);
    expect(s.bins.every((b) => b.normal === null)).toBe(true);
    const figure = chartFigure(s, 'UTC').value;
    expect(figure).toContain('normal level unknown: no history before it opened');
    expect(figure).not.toContain('class="normal"');
  });
});

describe('Function: chartFigure', () => {
  it('draws an accessible SVG, one bar per bin, with the numbers in a table and the peak in its description', () => {
    const s = negativeSeries({ openedAt: OPENED, status: 'open' }, [...week(), bucket(opened, 20), bucket(opened + HOUR, 30)], new Date(opened + 2 * HOUR), 7);
    const svg = chartFigure(s, 'Europe/London').value;
    expect(svg).toMatch(/<svg class="chart" viewBox="0 0 640 220" role="img" aria-labelledby="negatives-title negatives-desc"/);
    expect(svg).toContain('<title id="negatives-title">Negative posts per hour since the incident opened');
    expect(svg).toContain('The most was 30 negative posts in the hour from Mon 10, 11:00, against a normal 2 for that time of day.');
    expect(svg.match(/<rect /g)).toHaveLength(s.bins.length);
    expect(svg.match(/<tr><td>/g)).toHaveLength(s.bins.length);
    expect(svg).toContain('class="bar before"');
    expect(svg).not.toContain('<script');
  });
});
