import { describe, expect, it } from 'vitest';
import { DetectionSchema } from '../../../lambdas/core/config.ts';
import { lastNegativeAt, proposeResolution } from '../../../lambdas/core/detection/resolution.ts';
import { config, hourly, incident } from './series.ts';

describe('Function: proposeResolution', () => {
  const open = incident({ theme: 'outage', openedAt: '2025-03-10T10:00:00.000Z' });

  it('proposes resolution once the quiet period has passed since the last negative Mention', () => {
    const p = proposeResolution(open, '2025-03-10T11:00:00.000Z', new Date('2025-03-10T15:00:00.000Z'), config);
    expect(p).toEqual({
      kind: 'propose-resolution',
      incidentId: 'acme-outage-1',
      quietSince: '2025-03-10T11:00:00.000Z',
      reason: 'no new negative mention of outage for 4 h (quiet period 4 h) since 2025-03-10T11:00:00.000Z',
    });
  });

  it('proposes nothing while negative Mentions are still coming', () => {
    expect(proposeResolution(open, '2025-03-10T11:00:00.000Z', new Date('2025-03-10T14:59:00.000Z'), config)).toBeUndefined();
  });

  it('counts from the opening when no negative Mention came since', () => {
    const p = proposeResolution(open, undefined, new Date('2025-03-10T14:00:00.000Z'), config);
    expect(p?.quietSince).toBe('2025-03-10T10:00:00.000Z');
  });

  it('proposes once per quiet period', () => {
    const proposed = { ...open, timeline: [{ at: '2025-03-10T15:00:00.000Z', type: 'resolution-proposed' as const }] };
    expect(proposeResolution(proposed, '2025-03-10T11:00:00.000Z', new Date('2025-03-10T16:00:00.000Z'), config)).toBeUndefined();
    // A new negative Mention starts a new quiet period.
    expect(proposeResolution(proposed, '2025-03-10T15:30:00.000Z', new Date('2025-03-10T19:30:00.000Z'), config)?.kind).toBe('propose-resolution');
  });

  it('resolves on its own when the policy says so', () => {
    const auto = DetectionSchema.parse({ autoResolve: true, quietMinutes: 60 });
    expect(proposeResolution(open, '2025-03-10T11:00:00.000Z', new Date('2025-03-10T12:00:00.000Z'), auto)?.kind).toBe('auto-resolve');
  });

  it('leaves a resolved Incident alone', () => {
    expect(proposeResolution({ ...open, status: 'resolved' }, undefined, new Date('2025-03-11T00:00:00.000Z'), config)).toBeUndefined();
  });
});

describe('Function: lastNegativeAt', () => {
  it('is the end of the last bucket with a negative Mention of the theme', () => {
    const history = [
      ...hourly('2025-03-10T08:00:00.000Z', '2025-03-10T10:00:00.000Z', () => 4, { theme: 'outage' }),
      ...hourly('2025-03-10T10:00:00.000Z', '2025-03-10T12:00:00.000Z', () => 4, { theme: 'billing' }),
    ];
    expect(lastNegativeAt(history, 'outage', 15)).toBe('2025-03-10T10:00:00.000Z');
    expect(lastNegativeAt(history, 'delivery', 15)).toBeUndefined();
  });
});
