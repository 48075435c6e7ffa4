/**
 * How the local runtime waits. In `watch` and the tests the waits are real timers (optionally
 * compressed); in the demo they are virtual time (lib/local/virtual-time.ts), so a run never
 * depends on how fast the machine is.
 */
export interface Timers {
  /** Calls `fn` once `ms` simulated milliseconds have passed; returns a function that cancels it. */
  after(ms: number, fn: () => void): () => void;
  /**
   * Marks work under way (a flow between two waits, an Owner's click): virtual time stands still
   * until the returned function is called. Call it synchronously where the work starts (in the
   * timer's callback, not after an await), or time may move on without it.
   */
  begin(): () => void;
}

/** Real timers, `speedup` simulated milliseconds to a real one. */
export function realTimers(speedup = 1): Timers {
  if (!(speedup > 0)) throw new RangeError('speedup must be a positive number');
  return {
    after(ms, fn) {
      const timer = setTimeout(fn, Math.max(0, ms / speedup));
      return () => clearTimeout(timer);
    },
    begin: () => () => {},
  };
}
