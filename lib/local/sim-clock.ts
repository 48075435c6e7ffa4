/**
 * Simulated time for the demo and replays: it runs `scale` times faster than the wall clock,
 * and can jump ahead when nothing is waiting on real time.
 */
import type { Clock } from '../../lambdas/core/ports.ts';

export class SimClock implements Clock {
  #base: number;
  #anchor: number;

  constructor(
    start: Date,
    /** Simulated milliseconds per real millisecond. */
    readonly scale: number,
    private readonly wall: () => number = () => performance.now(),
  ) {
    this.#base = start.getTime();
    this.#anchor = wall();
  }

  #frozen = false;

  now(): Date {
    return new Date(this.#frozen ? this.#base : this.#base + (this.wall() - this.#anchor) * this.scale);
  }

  /** Jumps forward (never back) to `at`. */
  jumpTo(at: Date): void {
    const target = Math.max(at.getTime(), this.now().getTime());
    this.#base = target;
    this.#anchor = this.wall();
  }

  /** Stops time where it is: fast-forwarding by jumps should not also drift with the wall clock. */
  freeze(): void {
    this.#base = this.now().getTime();
    this.#frozen = true;
  }

  /** Lets time run again from where it stood. */
  run(): void {
    this.#anchor = this.wall();
    this.#frozen = false;
  }

  /** Real milliseconds that `simulatedMs` take at this clock's scale. */
  realMs(simulatedMs: number): number {
    return simulatedMs / this.scale;
  }
}

/** A clock that stands where it is told to: replays step it through a history. */
export class ManualClock implements Clock {
  constructor(private at: Date) {}
  now(): Date {
    return new Date(this.at);
  }
  set(at: Date): void {
    this.at = at;
  }
}
