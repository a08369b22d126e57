/**
 * Virtual time for workflow tests: an rxjs VirtualTimeScheduler that only moves when the test lets it, advanced
 * action by action with the promise continuations in between (the ports are Promise-based), and a Clock on it.
 * Nothing real sleeps; a run of days of virtual time takes milliseconds. The fakes must not do real I/O (a dynamic
 * import, a socket): virtual time would run ahead of it.
 */
import { VirtualTimeScheduler, type Observable } from 'rxjs';
import type { Clock } from '../../../src/clock.js';

export const T0 = Date.parse('2024-03-13T08:00:00Z');

export interface Collected<T> {
  readonly events: T[];
  readonly error: unknown;
  readonly done: boolean;
}

export class VirtualTime {
  readonly scheduler = new VirtualTimeScheduler();
  readonly clock: Clock;

  constructor(readonly epoch: number = T0) {
    this.clock = { now: () => this.epoch + this.scheduler.now() };
  }

  /** Virtual milliseconds since the start. */
  get elapsed(): number {
    return this.scheduler.now();
  }

  /** Lets every pending promise continuation run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }

  /**
   * Runs scheduled actions in time order, settling promises after each instant, until nothing is scheduled within
   * `limitMs` from now (then time stops at the limit) or `until()` holds. Bounded in steps.
   */
  async run(limitMs = Number.POSITIVE_INFINITY, until: () => boolean = () => false, maxSteps = 200_000): Promise<void> {
    const end = this.scheduler.now() + limitMs;
    for (let step = 0; step < maxSteps; step++) {
      await this.settle();
      if (until()) return;
      const next = this.scheduler.actions[0];
      if (next === undefined || next.delay > end) {
        if (Number.isFinite(end) && end > this.scheduler.frame) this.scheduler.frame = end;
        return;
      }
      this.scheduler.maxFrames = next.delay;
      this.scheduler.flush();
    }
    throw new Error(`virtual time did not settle in ${maxSteps} steps`);
  }

  /** Subscribes and runs virtual time until the Observable ends (or `limitMs` of virtual time passes). */
  async collect<T>(source: Observable<T>, limitMs = Number.POSITIVE_INFINITY): Promise<Collected<T>> {
    const events: T[] = [];
    let error: unknown;
    let done = false;
    const subscription = source.subscribe({
      next: (e) => events.push(e),
      error: (e: unknown) => {
        error = e;
        done = true;
      },
      complete: () => {
        done = true;
      },
    });
    await this.run(limitMs, () => done);
    if (!done) subscription.unsubscribe();
    return { events, error, done };
  }
}
