import { describe, expect, it } from 'vitest';
import { DetectionSchema } from '../../../lambdas/core/config.ts';
import { BucketSeries } from '../../../lambdas/core/detection/baseline.ts';
import { normalSince, proposeResolution } from '../../../lambdas/core/detection/resolution.ts';
import { config, hourly, incident, wobble } from './series.ts';

const at = (iso: string) => Date.parse(iso);

describe('Function: proposeResolution', () => {
  const open = incident({ theme: 'outage', problem: 'complaints', openedAt: '2025-03-10T10:00:00.000Z' });

  it('proposes resolution once the brand has been back to normal for the quiet period', () => {
    const p = proposeResolution(open, at('2025-03-10T11:00:00.000Z'), new Date('2025-03-10T15:00:00.000Z'), config);
    expect(p).toEqual({
      kind: 'propose-resolution',
      incidentId: 'acme-outage-1',
      quietSince: '2025-03-10T11:00:00.000Z',
      reason: "the brand's negative volume back to its normal level for 4 h (quiet period 4 h) since 2025-03-10T11:00:00.000Z",
    });
  });

  it('proposes nothing before the quiet period is over', () => {
    expect(proposeResolution(open, at('2025-03-10T11:00:00.000Z'), new Date('2025-03-10T14:59:00.000Z'), config)).toBeUndefined();
  });

  it('counts from the opening, the last reopening or raise, whichever is latest', () => {
    const raised = { ...open, timeline: [{ at: '2025-03-10T13:00:00.000Z', type: 'raised' as const, severity: 'SEV1' as const }] };
    expect(proposeResolution(raised, at('2025-03-10T09:00:00.000Z'), new Date('2025-03-10T16:00:00.000Z'), config)).toBeUndefined();
    expect(proposeResolution(raised, at('2025-03-10T09:00:00.000Z'), new Date('2025-03-10T17:00:00.000Z'), config)?.quietSince).toBe('2025-03-10T13:00:00.000Z');
  });

  it('proposes once per quiet period', () => {
    const proposed = { ...open, timeline: [{ at: '2025-03-10T15:00:00.000Z', type: 'proposed-resolution' as const }] };
    expect(proposeResolution(proposed, at('2025-03-10T11:00:00.000Z'), new Date('2025-03-10T16:00:00.000Z'), config)).toBeUndefined();
    // A new surge starts a new quiet period.
    expect(proposeResolution(proposed, at('2025-03-10T15:30:00.000Z'), new Date('2025-03-10T19:30:00.000Z'), config)?.kind).toBe('propose-resolution');
  });

  it('measures a risk Incident from its newest Mention', () => {
    const risk = incident({ theme: 'safety', problem: 'safety', openedAt: '2025-03-10T10:00:00.000Z', lastMentionAt: '2025-03-10T12:00:00.000Z' });
    expect(proposeResolution(risk, 0, new Date('2025-03-10T15:00:00.000Z'), config)).toBeUndefined();
    expect(proposeResolution(risk, 0, new Date('2025-03-10T16:00:00.000Z'), config)?.reason).toMatch(/^no new safety mention for 4 h/);
  });

  it('resolves on its own when the policy says so', () => {
    const auto = DetectionSchema.parse({ autoResolve: true, quietMinutes: 60 });
    expect(proposeResolution(open, at('2025-03-10T11:00:00.000Z'), new Date('2025-03-10T12:00:00.000Z'), auto)?.kind).toBe('auto-resolve');
  });

  it('leaves a resolved Incident alone', () => {
    expect(proposeResolution({ ...open, status: 'resolved' }, 0, new Date('2025-03-11T00:00:00.000Z'), config)).toBeUndefined();
  });
});

describe('Function: normalSince', () => {
  // A busy brand: 20 ± 3 negative Mentions an hour, every hour of the week.
  const busy = (d: Date) => 18 + wobble(d, 5);
  const week = hourly('2025-03-03T00:00:00.000Z', '2025-03-10T08:00:00.000Z', busy);

  it('sees a busy brand back to normal although it never stops getting negative posts', () => {
    const storm = hourly('2025-03-10T08:00:00.000Z', '2025-03-10T11:00:00.000Z', () => 70);
    const after = hourly('2025-03-10T11:00:00.000Z', '2025-03-10T16:00:00.000Z', busy);
    const series = new BucketSeries([...week, ...storm, ...after]);
    const since = normalSince(series, config, new Date('2025-03-10T15:50:00.000Z'));
    // The last window above normal ends within the first hour after the storm.
    expect(since).toBeGreaterThan(at('2025-03-10T11:00:00.000Z'));
    expect(since).toBeLessThanOrEqual(at('2025-03-10T12:00:00.000Z'));
    expect(after.every((b) => b.negative > 0)).toBe(true);
  });

  it('is now while the brand is still above its normal level', () => {
    const storm = hourly('2025-03-10T08:00:00.000Z', '2025-03-10T16:00:00.000Z', () => 45);
    const now = new Date('2025-03-10T15:50:00.000Z');
    expect(normalSince(new BucketSeries([...week, ...storm]), config, now)).toBe(now.getTime());
  });
});
