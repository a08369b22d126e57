/**
 * Virtual time that runs `scale` times faster than the wall clock (`smartlic emulate --time-scale 1440`: a day
 * per minute), and can also be jumped forward like `ManualTimers`. Timers are kept here in virtual time; one
 * timer of the underlying clock (unref'd with the default `systemTimers`) wakes up for the earliest of them.
 */
import { TimerQueue } from './timer-queue.js';
import { systemTimers, type TimerHandle, type Timers, type VirtualTimers } from './timers.js';

export interface ScaledTimersOptions {
  /** Virtual milliseconds per wall-clock millisecond (default 1). */
  readonly scale?: number;
  /** Virtual time at creation (default: the wall clock's time). */
  readonly start?: number | Date | string;
  /** The wall clock and its timers (default `systemTimers`); a test may pass `ManualTimers` here. */
  readonly base?: Timers;
}

interface PendingTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

/** Node's timers hold at most 2^31-1 ms; a longer wait is taken in steps. */
const MAX_WAIT_MS = 2 ** 31 - 1;
/** Bound on timers run by one wake-up or one jump (a timer that re-arms itself at 0 ms cannot spin forever). */
const MAX_FIRED = 1_000_000;

export class ScaledTimers implements VirtualTimers {
  readonly scale: number;
  readonly #base: Timers;
  readonly #baseStart: number;
  readonly #start: number;
  /** Virtual milliseconds added by jumps. */
  #offset = 0;
  /** The latest time handed out: the virtual clock never goes back, even when the wall clock is stepped back. */
  #latest = -Infinity;
  readonly #pending = new TimerQueue<PendingTimer>();
  #nextId = 1;
  #armed: { readonly handle: TimerHandle; readonly at: number } | undefined;

  constructor(options: ScaledTimersOptions = {}) {
    const scale = options.scale ?? 1;
    if (!Number.isFinite(scale) || scale <= 0) throw new RangeError(`ScaledTimers: scale must be a positive number, got ${scale}`);
    this.scale = scale;
    this.#base = options.base ?? systemTimers;
    this.#baseStart = this.#base.now();
    const start = options.start === undefined ? this.#baseStart : typeof options.start === 'number' ? options.start : new Date(options.start).getTime();
    if (!Number.isFinite(start)) throw new RangeError(`ScaledTimers: invalid start ${String(options.start)}`);
    this.#start = start;
  }

  now(): number {
    const t = this.#start + (this.#base.now() - this.#baseStart) * this.scale + this.#offset;
    if (t > this.#latest) this.#latest = t;
    return this.#latest;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    if (!Number.isFinite(ms)) throw new RangeError(`ScaledTimers: invalid delay ${ms}`);
    const timer: PendingTimer = { id: this.#nextId++, at: this.now() + Math.max(0, ms), fn };
    this.#pending.push(timer);
    this.#arm();
    return {
      cancel: () => {
        this.#pending.remove(timer.id);
        this.#arm();
      },
    };
  }

  get pending(): number {
    return this.#pending.size;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ScaledTimers: cannot advance by ${ms} ms`);
    const target = this.now() + ms;
    this.#runUntil(() => target, (at) => this.#moveTo(at));
    this.#moveTo(target);
    // The earliest timer is now closer in wall-clock time: arm again.
    this.#armed?.handle.cancel();
    this.#armed = undefined;
    this.#arm();
  }

  /** Jumps the virtual clock forward to `at` (never back). */
  #moveTo(at: number): void {
    const now = this.now();
    if (at > now) this.#offset += at - now;
  }

  /** Runs due timers in due order; `limit` is re-read after each, so timers armed on the way are honoured. */
  #runUntil(limit: () => number, beforeFire: (at: number) => void): void {
    for (let fired = 0; fired < MAX_FIRED; fired++) {
      const due = this.#pending.peek();
      if (due === undefined || due.at > limit()) return;
      this.#pending.shift();
      beforeFire(due.at);
      due.fn();
    }
  }

  /** Keeps one wall-clock timer armed for the earliest virtual timer. */
  #arm(): void {
    const next = this.#pending.peek();
    if (this.#armed !== undefined && this.#armed.at === next?.at) return;
    this.#armed?.handle.cancel();
    this.#armed = undefined;
    if (next === undefined) return;
    const ahead = next.at - this.now();
    const wait = ahead <= 0 ? 0 : Math.min(MAX_WAIT_MS, Math.max(1, Math.ceil(ahead / this.scale)));
    const handle = this.#base.setTimeout(() => {
      this.#armed = undefined;
      this.#runUntil(() => this.now(), () => undefined);
      this.#arm();
    }, wait);
    this.#armed = { handle, at: next.at };
  }
}
