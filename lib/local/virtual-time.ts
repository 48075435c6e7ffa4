/**
 * Virtual time for the demo: a clock that moves only when told to, and timers that fire in
 * order as it moves. Time stands still while work is under way (a fetch, a flow between two
 * waits, an Owner's click), and moves to the next timer only once all of it is done. A run in
 * virtual time is therefore the same on every machine and every run: nothing races the wall
 * clock, and an hour of escalation takes as long as the work in it.
 */
import type { Clock } from '../../lambdas/core/ports.ts';
import type { Timers } from './timers.ts';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

export class StalledWorkError extends Error {
  constructor(busy: number, ms: number) {
    super(`virtual time stalled: ${busy} piece(s) of work still under way after ${ms} ms of real time`);
    this.name = 'StalledWorkError';
  }
}

export interface VirtualTimeOptions {
  /** Real milliseconds to wait for work to finish before giving up (a hang is a bug, never a demo). @default 120000 */
  stallMs?: number;
}

export class VirtualTime implements Clock, Timers {
  #now: number;
  #seq = 0;
  #pending: Pending[] = [];
  #busy = 0;
  #idle: (() => void)[] = [];
  readonly #stallMs: number;

  constructor(start: Date, options: VirtualTimeOptions = {}) {
    this.#now = start.getTime();
    this.#stallMs = options.stallMs ?? 120_000;
  }

  now(): Date {
    return new Date(this.#now);
  }

  after(ms: number, fn: () => void): () => void {
    const entry: Pending = { at: this.#now + Math.max(0, ms), seq: this.#seq++, fn };
    this.#pending.push(entry);
    return () => {
      this.#pending = this.#pending.filter((p) => p !== entry);
    };
  }

  begin(): () => void {
    this.#busy++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.#busy === 0) for (const wake of this.#idle.splice(0)) wake();
    };
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.#pending.length;
  }

  /**
   * Moves to `at` (never back), firing each timer due on the way in order of due time, then of
   * creation, and letting the work it starts finish before the next one.
   */
  async advanceTo(at: Date): Promise<void> {
    const target = at.getTime();
    for (;;) {
      await this.#quiet();
      const next = this.#next(target);
      if (!next) break;
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
    }
    this.#now = Math.max(this.#now, target);
  }

  /** Lets the work under way finish, with the timers it sets for now. */
  settle(): Promise<void> {
    return this.advanceTo(this.now());
  }

  /** Drops every pending timer (the end of a run). */
  stop(): void {
    this.#pending = [];
  }

  #next(target: number): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.#pending) if (p.at <= target && (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq))) best = p;
    return best;
  }

  /** Resolves when no work is under way, after a turn of the event loop for work that chains on. */
  async #quiet(): Promise<void> {
    for (;;) {
      if (this.#busy > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => this.#idle.push(resolve)),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new StalledWorkError(this.#busy, this.#stallMs)), this.#stallMs);
          }),
        ]).finally(() => clearTimeout(timer));
      }
      await new Promise((resolve) => setImmediate(resolve));
      if (this.#busy === 0) return;
    }
  }
}
