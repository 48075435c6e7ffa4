import { describe, expect, it } from 'vitest';
import { StalledWorkError, VirtualTime } from '../../../lib/local/virtual-time.ts';

const T0 = new Date('2026-11-18T10:00:00Z');
const minutes = (n: number) => n * 60_000;

describe('Class: VirtualTime', () => {
  it('stands still until advanced, then fires the timers due on the way in order of due time and creation', async () => {
    const time = new VirtualTime(T0);
    const fired: string[] = [];
    const at = () => (time.now().getTime() - T0.getTime()) / 60_000;
    time.after(minutes(30), () => fired.push(`b@${at()}`));
    time.after(minutes(10), () => fired.push(`a@${at()}`));
    time.after(minutes(30), () => fired.push(`c@${at()}`));
    time.after(minutes(90), () => fired.push(`late@${at()}`));
    expect(time.now()).toEqual(T0);
    await time.advanceTo(new Date(T0.getTime() + minutes(60)));
    expect(fired).toEqual(['a@10', 'b@30', 'c@30']);
    expect(at()).toBe(60);
    expect(time.pending).toBe(1);
  });

  it('lets the work a timer starts finish, with the timers it sets, before time moves on', async () => {
    const time = new VirtualTime(T0);
    const log: string[] = [];
    time.after(minutes(5), () => {
      const done = time.begin();
      // Real work takes real time; simulated time waits for it.
      setTimeout(() => {
        log.push(`work done at +${(time.now().getTime() - T0.getTime()) / 60_000}`);
        time.after(minutes(1), () => log.push(`follow-up at +${(time.now().getTime() - T0.getTime()) / 60_000}`));
        done();
      }, 30);
    });
    time.after(minutes(6), () => log.push('six'));
    time.after(minutes(7), () => log.push('seven'));
    await time.advanceTo(new Date(T0.getTime() + minutes(10)));
    // The follow-up (due at +6, set after the +6 timer) fires after it: due time, then creation order.
    expect(log).toEqual(['work done at +5', 'six', 'follow-up at +6', 'seven']);
  });

  it('cancels a timer, never moves back, and tells a stall from a slow piece of work', async () => {
    const time = new VirtualTime(T0, { stallMs: 50 });
    const cancel = time.after(minutes(1), () => expect.unreachable());
    cancel();
    await time.advanceTo(new Date(T0.getTime() + minutes(2)));
    await time.advanceTo(T0);
    expect(time.now().getTime()).toBe(T0.getTime() + minutes(2));
    const done = time.begin();
    done();
    done(); // idempotent
    await time.settle();
    time.begin(); // never ended
    await expect(time.settle()).rejects.toBeInstanceOf(StalledWorkError);
  });
});
