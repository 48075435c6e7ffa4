import { describe, expect, it } from 'vitest';
import { alertsOf, labelledSurges, scoreDetection, type LabelledPost } from '../../lambdas/core/detection/evaluation.ts';
import type { Incident } from '../../lambdas/core/incident.ts';
import { incident } from '../core/detection/series.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');

/** `perHour[h]` labelled-negative posts in hour h (and as many neutral ones). */
function posts(perHour: number[], brand = 'acme'): LabelledPost[] {
  return perHour.flatMap((n, h) => [
    ...Array.from({ length: n }, (_, k) => ({ brand, at: T0 + h * HOUR + (k * HOUR) / (n + 1), negative: true })),
    { brand, at: T0 + h * HOUR + 1, negative: false },
  ]);
}

const at = (h: number, minutes = 0) => new Date(T0 + h * HOUR + minutes * 60_000).toISOString();

describe('Function: labelledSurges', () => {
  it('finds runs of elevated hours that hold a major hour, against the brand\'s own median', () => {
    // Median 5: elevated at 10, major at 15.
    const hours = [...Array(20).fill(5), 11, 30, 12, 5, 5, 12, 13, 5, ...Array(12).fill(5)];
    const [b] = labelledSurges(posts(hours));
    expect(b!.medianHourly).toBe(5);
    // 11-30-12 is a surge peaking at hour 21; 12-13 is elevated but never major.
    expect(b!.surges).toEqual([{ brand: 'acme', onset: at(20), peak: at(21), end: at(23), peakNegative: 30 }]);
    expect(b!.elevated).toEqual([[T0 + 20 * HOUR, T0 + 23 * HOUR], [T0 + 25 * HOUR, T0 + 27 * HOUR]]);
  });

  it('needs at least 15 labelled negatives in an hour however quiet the brand', () => {
    const [b] = labelledSurges(posts([...Array(30).fill(0), 14, 9, ...Array(10).fill(0)]));
    expect(b!.surges).toEqual([]);
  });
});

describe('Function: scoreDetection', () => {
  const hours = [...Array(20).fill(5), 11, 30, 12, ...Array(200).fill(5)];
  const brands = labelledSurges(posts(hours));
  const timeline = (events: [string, string, string?][]): Incident['timeline'] =>
    events.map(([time, type, severity]) => ({ at: time, type: type as never, ...(severity ? { severity: severity as 'SEV1' } : {}) }));

  it('counts a surge alerted before its peak, the minutes from onset and the Incidents involved', () => {
    const one = incident({ id: 'a', theme: 'outage', openedAt: at(20, 45), openedSeverity: 'SEV3', timeline: timeline([[at(20, 45), 'opened', 'SEV3'], [at(21, 30), 'raised', 'SEV1']]) });
    const score = scoreDetection(brands, alertsOf([one]));
    expect(score.total).toMatchObject({ surges: 1, alertedBeforePeak: 1, alertedBeforePeakHour: 1, medianOnsetToAlertMinutes: 45, maxIncidentsPerSurge: 1, pagesOutsideElevated: 0 });
  });

  it('reads an alert inside the peak hour as before the peak, but not strictly before the peak hour', () => {
    const inPeak = incident({ id: 'p', theme: 'outage', openedAt: at(21, 20), openedSeverity: 'SEV2', timeline: timeline([[at(21, 20), 'opened', 'SEV2']]) });
    const score = scoreDetection(brands, alertsOf([inPeak]));
    expect(score.total).toMatchObject({ alertedBeforePeak: 1, alertedBeforePeakHour: 0, medianOnsetToAlertMinutes: 80 });
  });

  it('counts a missed surge as never alerted, and a page far from any elevated hour as outside', () => {
    const late = incident({ id: 'b', theme: 'outage', openedAt: at(100), openedSeverity: 'SEV2', timeline: timeline([[at(100), 'opened', 'SEV2']]) });
    const score = scoreDetection(brands, alertsOf([late]));
    expect(score.total).toMatchObject({ surges: 1, alertedBeforePeak: 0, alertedBeforePeakHour: 0, medianOnsetToAlertMinutes: null, pagesOutsideElevated: 1, maxIncidentsPerSurge: 0 });
    expect(score.brands[0]!.surgeDetails[0]!.onsetToAlertMinutes).toBeNull();
  });

  it("reads the severities of older timelines from the raise's text", () => {
    const old = incident({ id: 'c', theme: 'outage', severity: 'SEV1', openedAt: at(150), timeline: [
      { at: at(150), type: 'opened' },
      { at: at(160), type: 'severity-raised' as never, detail: 'SEV3 → SEV1: 60 negative mentions in 1 h' },
    ] });
    expect(alertsOf([old]).map((a) => [a.type, a.severity])).toEqual([['opened', 'SEV3'], ['raised', 'SEV1']]);
  });
});
