/**
 * Time is injected everywhere it matters: pure code (licensing rules, parsers) takes a `Clock` or an instant,
 * never reads `Date.now()` itself, so a test can jump 91 days and see authorization expire.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number | Date | string = Date.UTC(2026, 0, 1)) {
    this.#now = typeof start === 'number' ? start : new Date(start).getTime();
    if (!Number.isFinite(this.#now)) throw new RangeError(`ManualClock: invalid start ${String(start)}`);
  }

  now(): number {
    return this.#now;
  }

  set(at: number | Date | string): void {
    const next = typeof at === 'number' ? at : new Date(at).getTime();
    if (!Number.isFinite(next)) throw new RangeError(`ManualClock: invalid time ${String(at)}`);
    this.#now = next;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock: cannot advance by ${ms} ms`);
    this.#now += ms;
    return this.#now;
  }
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
