import { describe, expect, it } from 'vitest';
import { BucketSeries, baselineFor, median, robustStats } from '../../../lambdas/core/detection/baseline.ts';
import { lonePostSeverity, surgeSeverity } from '../../../lambdas/core/detection/severity.ts';
import { config, hourly } from './series.ts';

describe('Function: robustStats', () => {
  it('is not dragged up by one past crisis in the history', () => {
    const counts = [4, 5, 3, 4, 6, 5, 4, 80];
    expect(median(counts)).toBe(4.5);
    // The crisis window is trimmed: centre 4, spread √4 + 1, where the plain standard deviation would be about 26.
    expect(robustStats(counts)).toEqual({ center: 4, spread: 3 });
  });

  it('is not dragged up by two stormy days out of seven either', () => {
    const sameHour = [12, 13, 11, 12, 14, 12, 11, 13, 12, 12, 13, 11, 12, 14, 15, 48, 55, 61, 40, 52, 70];
    const { center, spread } = robustStats(sameHour);
    expect(center).toBe(12);
    expect(spread).toBeLessThan(5);
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
  

  it('uses the same hour on past days once three days of history exist', () => {
    const series = new BucketSeries(hourly('2025-03-06T00:00:00.000Z', '2025-03-10T12:00:00.000Z', (d) => (d.getUTCHours() === 12 ? 20 : 2)));
    const b = baselineFor(series, windowStart, 60, 7, series.measure('negative'));
    expect(b).toMatchObject({ mode: 'same-hour', samples: 12 });
  });

  it('uses every past window with less history, and never windows in which the brand had no Mention', () => {
    const series = new BucketSeries(hourly('2025-03-09T00:00:00.000Z', '2025-03-10T12:00:00.000Z', () => 3));
    expect(baselineFor(series, windowStart, 60, 7, series.measure('negative'))).toMatchObject({ mode: 'all-hours', samples: 36, center: 3 });
  });

  it('does not count the unobserved days after a stray post as days of zeros', () => {
    const stray = hourly('2025-03-05T09:00:00.000Z', '2025-03-05T10:00:00.000Z', () => 1);
    const traffic = hourly('2025-03-10T02:00:00.000Z', '2025-03-10T12:00:00.000Z', () => 4);
    const series = new BucketSeries([...stray, ...traffic]);
    expect(series.observedHours(windowStart - 7 * 86_400_000, windowStart)).toBe(11);
    // Ten hours at 4 and the stray hour, not five days of zeros: the centre is the traffic's.
    expect(baselineFor(series, windowStart, 60, 7, series.measure('negative'))).toMatchObject({ mode: 'all-hours', samples: 11, center: 4 });
  });

  it('centres the all-hours baseline on the busy hours, so an ordinary afternoon is no spike', () => {
    const series = new BucketSeries(hourly('2025-03-09T00:00:00.000Z', '2025-03-10T12:00:00.000Z', (d) => (d.getUTCHours() >= 8 ? 12 : 1)));
    expect(baselineFor(series, windowStart, 60, 7, series.measure('negative'))).toMatchObject({ mode: 'all-hours', center: 12 });
  });
});

describe('Function: surgeSeverity', () => {
  it.each([
    // A busy brand's 40 against 13: 3× and well above the baseline, the missed storm hour.
    [{ rule: 'baseline', negative: 40, sigma: 5.4, ratio: 3.1, reach: 30_000 }, 'SEV2'],
    [{ rule: 'baseline', negative: 85, sigma: 14, ratio: 6.5, reach: 60_000 }, 'SEV1'],
    // A quiet brand's 12: far above its own scale, but a dozen posts is not a SEV2.
    [{ rule: 'baseline', negative: 12, sigma: 9, ratio: 12, reach: 5_000 }, 'SEV3'],
    // A very busy brand's 500 against 400: many σ on a Poisson floor, but only 1.25× the usual.
    [{ rule: 'baseline', negative: 500, sigma: 4.8, ratio: 1.25, reach: 300_000 }, 'SEV3'],
    [{ rule: 'baseline', negative: 20, sigma: 6, ratio: 4, reach: 2_000_000 }, 'SEV1'],
    [{ rule: 'warm-up', negative: 16, reach: 0 }, 'SEV3'],
    [{ rule: 'warm-up', negative: 32, reach: 0 }, 'SEV2'],
    [{ rule: 'warm-up', negative: 70, reach: 0 }, 'SEV1'],
  ] as const)('grades %j as %s', (size, expected) => {
    expect(surgeSeverity(size, config)).toBe(expected);
  });
});

describe('Function: lonePostSeverity', () => {
  it('keeps a lone post at SEV3 unless it reaches very far or other authors corroborate it', () => {
    expect(lonePostSeverity(150_000, 0, config)).toBe('SEV3');
    expect(lonePostSeverity(150_000, 1, config)).toBe('SEV3');
    expect(lonePostSeverity(2_400_000, 0, config)).toBe('SEV2');
    expect(lonePostSeverity(300, 2, config)).toBe('SEV2');
    expect(lonePostSeverity(2_400_000, 3, config)).toBe('SEV1');
  });
});
