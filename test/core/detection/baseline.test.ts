import { describe, expect, it } from 'vitest';
import { BucketSeries, baselineFor, median, robustStats } from '../../../lambdas/core/detection/baseline.ts';
import { severityOf } from '../../../lambdas/core/detection/severity.ts';
import { config, hourly } from './series.ts';

describe('Function: robustStats', () => {
  it('is not dragged up by one past crisis in the history', () => {
    const counts = [4, 5, 3, 4, 6, 5, 4, 80];
    expect(median(counts)).toBe(4.5);
    // √4.5 + 1, where the plain standard deviation would be about 26.
    expect(robustStats(counts).spread).toBeCloseTo(3.12, 2);
  });

  it('never reports less spread than Poisson noise plus one count', () => {
    expect(robustStats([9, 9, 9, 9]).spread).toBe(4);
    expect(robustStats([0, 0, 0]).spread).toBe(1);
  });

  it('can centre on the upper quartile', () => {
    expect(robustStats([2, 2, 2, 30, 30, 30, 30, 30], 0.75).center).toBe(30);
  });
});

describe('Function: baselineFor', () => {
  const windowStart = Date.parse('2025-03-10T12:00:00.000Z');
  const negative = (b: { negative: number }) => b.negative;

  it('uses the same hour on past days once three days of history exist', () => {
    const series = new BucketSeries(hourly('2025-03-06T00:00:00.000Z', '2025-03-10T12:00:00.000Z', (d) => (d.getUTCHours() === 12 ? 20 : 2)));
    const b = baselineFor(series, windowStart, 60, 7, negative);
    expect(b).toMatchObject({ mode: 'same-hour', samples: 12 });
  });

  it('uses every past window with less history, and never windows before the first bucket', () => {
    const series = new BucketSeries(hourly('2025-03-09T00:00:00.000Z', '2025-03-10T12:00:00.000Z', () => 3));
    expect(baselineFor(series, windowStart, 60, 7, negative)).toMatchObject({ mode: 'all-hours', samples: 36, center: 3 });
  });

  it('centres the all-hours baseline on the busy hours, so an ordinary afternoon is no spike', () => {
    const series = new BucketSeries(hourly('2025-03-09T00:00:00.000Z', '2025-03-10T12:00:00.000Z', (d) => (d.getUTCHours() >= 8 ? 12 : 1)));
    expect(baselineFor(series, windowStart, 60, 7, negative)).toMatchObject({ mode: 'all-hours', center: 12 });
  });
});

describe('Function: severityOf', () => {
  it.each([
    [{ sigma: 4, maxReach: 0, riskCategories: [], riskMentions: 0 }, 'SEV3'],
    [{ sigma: 7, maxReach: 0, riskCategories: [], riskMentions: 0 }, 'SEV2'],
    [{ sigma: 13, maxReach: 0, riskCategories: [], riskMentions: 0 }, 'SEV1'],
    [{ sigma: 7, maxReach: 2_000_000, riskCategories: [], riskMentions: 0 }, 'SEV1'],
    [{ maxReach: 150_000, riskCategories: [], riskMentions: 0 }, 'SEV3'],
    [{ maxReach: 0, riskCategories: ['legal'], riskMentions: 1 }, 'SEV3'],
    [{ maxReach: 0, riskCategories: ['safety'], riskMentions: 1 }, 'SEV2'],
    [{ maxReach: 0, riskCategories: ['safety'], riskMentions: 3 }, 'SEV2'],
    [{ maxReach: 150_000, riskCategories: ['security'], riskMentions: 3 }, 'SEV1'],
    [{ warmup: true, count: 16, maxReach: 0, riskCategories: [], riskMentions: 0 }, 'SEV3'],
    [{ warmup: true, count: 70, maxReach: 0, riskCategories: [], riskMentions: 0 }, 'SEV2'],
  ] as const)('grades %j as %s', (evidence, expected) => {
    expect(severityOf({ ...evidence, riskCategories: [...evidence.riskCategories] }, config)).toBe(expected);
  });
});
