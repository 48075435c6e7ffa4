/** What every CursorStore must do with leases and batch journals, run against each implementation. */
import { expect, it } from 'vitest';
import { LeaseLostError, type CursorStore } from '../../lambdas/core/ports.ts';

export function leaseContract(store: () => CursorStore): void {
  const now = '2026-11-18T12:00:00.000Z';
  const later = '2026-11-18T12:02:15.000Z';

  it('gives the source to one run at a time, and to the next run once released or expired', async () => {
    const first = await store().lease('lease-1', now, later);
    expect(first).toMatchObject({ batch: 0, unscored: [] });
    expect(await store().lease('lease-1', now, later)).toBeUndefined();
    // Past its time the lease is taken over: its run died.
    const second = await store().lease('lease-1', '2026-11-18T12:03:00.000Z', '2026-11-18T12:05:00.000Z');
    expect(second?.run).not.toBe(first!.run);
    // The first run lost it: its writes are refused, its release is a no-op.
    await expect(store().openBatch('lease-1', first!.run, { batch: 1, stored: [], rescored: [], replied: [] })).rejects.toBeInstanceOf(LeaseLostError);
    await store().release('lease-1', first!.run);
    expect(await store().lease('lease-1', '2026-11-18T12:03:00.000Z', later)).toBeUndefined();
    await store().release('lease-1', second!.run);
    expect(await store().lease('lease-1', now, later)).toBeDefined();
  });

  it('returns the journal a failed run left, and clears it with the batch number and the cursor on release', async () => {
    const run = (await store().lease('lease-2', now, later))!.run;
    const journal = { batch: 1, stored: ['s#1', 's#2'], rescored: [], replied: ['s#0'] };
    await store().openBatch('lease-2', run, journal);
    await store().release('lease-2', run);
    const next = (await store().lease('lease-2', now, later))!;
    expect(next.journal).toEqual(journal);
    await store().closeBatch('lease-2', next.run, 1, ['s#2']);
    await store().release('lease-2', next.run, { cursor: { since: '9' }, batch: 2, unscored: ['s#2', 's#3'] });
    expect(await store().lease('lease-2', now, later)).toMatchObject({ cursor: { since: '9' }, batch: 2, unscored: ['s#2', 's#3'] });
    expect(await store().get('lease-2')).toEqual({ since: '9' });
  });
}
