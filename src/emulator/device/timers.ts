/**
 * The device's notion of time: a clock plus timers. Emulated devices read the time (XR timestamps, uptime,
 * "Last configuration change") and arm timers (`commit confirmed`, later the Smart Agent's renewals) only
 * through this, so a test can run a fleet in virtual time and jump 91 days with `ManualTimers.advance()`.
 */
import { ManualClock, type Clock } from '../../clock.js';

export interface TimerHandle {
  /** Cancels the timer; harmless when it already fired. */
  cancel(): void;
}

export interface Timers extends Clock {
  /** Runs `fn` once, `ms` milliseconds of this clock from now. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /**
   * Tells virtual time about asynchronous work a timer started (a Smart Agent's call home), so that
   * `ManualTimers.advanceAsync()` lets it finish before the next timer falls due. Wall-clock timers ignore it.
   */
  track?(work: Promise<unknown>): void;
}

/** Timers whose clock can be jumped forward: due timers fire on the way, in due order. */
export interface VirtualTimers extends Timers {
  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void;
  /** Number of timers not yet fired. */
  readonly pending: number;
}

/** Wall-clock time and Node's own timers (unref'd, so a pending device timer never keeps a process alive). */
export const systemTimers: Timers = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const handle = setTimeout(fn, Math.max(0, ms));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
};

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/**
 * Virtual time: nothing happens until `advance()` or `advanceAsync()` moves the clock, then every timer that
 * fell due runs in due order (timers armed by a running timer are honoured within the same advance).
 */
const MAX_SETTLE_ROUNDS = 10_000;
const MAX_ASYNC_STEPS = 1_000_000;

export class ManualTimers implements VirtualTimers {
  readonly clock: ManualClock;
  #pending: PendingTimer[] = [];
  readonly #work = new Set<Promise<void>>();
  #nextId = 1;

  constructor(start: ManualClock | number | Date | string = Date.UTC(2026, 0, 1)) {
    this.clock = start instanceof ManualClock ? start : new ManualClock(start);
  }

  now(): number {
    return this.clock.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    if (!Number.isFinite(ms)) throw new RangeError(`ManualTimers: invalid delay ${ms}`);
    const timer: PendingTimer = { id: this.#nextId++, at: this.clock.now() + Math.max(0, ms), fn };
    this.#pending.push(timer);
    return { cancel: () => void (this.#pending = this.#pending.filter((t) => t.id !== timer.id)) };
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.#pending.length;
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualTimers: cannot advance by ${ms} ms`);
    this.#runUntil(this.clock.now() + ms);
  }

  /** When the earliest pending timer falls due (epoch ms), or undefined when none is pending. */
  nextDueAt(): number | undefined {
    let next: number | undefined;
    for (const t of this.#pending) if (next === undefined || t.at < next) next = t.at;
    return next;
  }

  track(work: Promise<unknown>): void {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.#work.add(settled);
    void settled.then(() => this.#work.delete(settled));
  }

  /** Resolves when the asynchronous work tracked with `track()` (and any it started) has finished. */
  async settle(): Promise<void> {
    for (let round = 0; round < MAX_SETTLE_ROUNDS && this.#work.size > 0; round++) await Promise.all([...this.#work]);
  }

  /**
   * Like `advance()`, but steps from one due timer to the next and lets tracked work (call homes started by
   * those timers) finish in between, so a reply is handled at the virtual instant its request was sent.
   */
  async advanceAsync(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualTimers: cannot advance by ${ms} ms`);
    const target = this.clock.now() + ms;
    await this.settle();
    for (let step = 0; step < MAX_ASYNC_STEPS; step++) {
      const due = this.nextDueAt();
      if (due === undefined || due > target) {
        this.#runUntil(target);
        await this.settle();
        return;
      }
      this.#runUntil(Math.max(due, this.clock.now()));
      await this.settle();
    }
    throw new RangeError(`ManualTimers: more than ${MAX_ASYNC_STEPS} timer steps while advancing ${ms} ms`);
  }

  #runUntil(target: number): void {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const due = this.#pending.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.#pending = this.#pending.filter((t) => t.id !== due.id);
      if (due.at > this.clock.now()) this.clock.set(due.at);
      due.fn();
    }
    if (target > this.clock.now()) this.clock.set(target);
  }
}
