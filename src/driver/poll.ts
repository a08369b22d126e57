/**
 * Polls until a check settles, with bounded exponential backoff and a deadline. p-retry runs the attempts (a bound
 * on their number, the abort signal, "only a not-yet retries"); the waits between them go through an injectable
 * `sleep` and the deadline through a `Clock`, so a test runs the whole schedule in virtual time.
 */
import pRetry from 'p-retry';
import { systemClock, type Clock } from '../clock.js';
import { CancelledError, TimeoutError } from '../errors.js';

/** Waits `ms` milliseconds; rejects when `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const systemSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export interface PollOptions {
  /** The whole wait, from the first look to the last. Default 180000. */
  readonly timeoutMs?: number;
  /** The first wait between two looks. Default 2000. */
  readonly pollIntervalMs?: number;
  /** The longest wait between two looks. Default 30000. */
  readonly maxPollIntervalMs?: number;
  /** Each wait is the previous one times this. Default 1.5. */
  readonly backoffFactor?: number;
  readonly signal?: AbortSignal;
  /** Reads the deadline. Default: the system clock. */
  readonly clock?: Clock;
  /** Waits between looks. Default: `setTimeout`. With a `ManualClock`: `async (ms) => void clock.advance(ms)`. */
  readonly sleep?: Sleep;
}

export const DEFAULT_POLL_TIMEOUT_MS = 180_000;
export const DEFAULT_POLL_INTERVAL_MS = 2_000;
export const DEFAULT_MAX_POLL_INTERVAL_MS = 30_000;
export const DEFAULT_BACKOFF_FACTOR = 1.5;
/** However the options are set, no poll runs more looks than this. */
export const MAX_POLLS = 1_000;

/** The wait after the `attempt`-th look (1-based): `interval × factor^(attempt-1)`, capped. */
export function pollDelay(attempt: number, options: Pick<PollOptions, 'pollIntervalMs' | 'maxPollIntervalMs' | 'backoffFactor'> = {}): number {
  const first = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const max = options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS;
  const factor = options.backoffFactor ?? DEFAULT_BACKOFF_FACTOR;
  return Math.min(max, Math.round(first * factor ** Math.max(0, attempt - 1)));
}

export type PollStep<T> = { readonly done: true; readonly value: T } | { readonly done: false; readonly reason: string };

/** Thrown inside the retry loop for "not yet"; never leaves `pollUntil`. */
class NotYet extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function checkNumber(name: string, value: number | undefined, min: number): void {
  if (value !== undefined && (!Number.isFinite(value) || value < min)) throw new RangeError(`${name} must be a number ≥ ${min}, got ${String(value)}`);
}

/**
 * Calls `look` until it returns `done`, waiting `pollDelay(n)` between looks, and resolves with its value. A look
 * that throws ends the poll with that error. Past `timeoutMs` → `TimeoutError` (code `E_TIMEOUT`, `tail` = the
 * last not-yet reason); aborted → `CancelledError` (`E_CANCELLED`).
 */
export async function pollUntil<T>(
  look: (attempt: number) => Promise<PollStep<T>>,
  context: { readonly operation: string; readonly host?: string },
  options: PollOptions = {},
): Promise<{ readonly value: T; readonly looks: number }> {
  checkNumber('timeoutMs', options.timeoutMs, 0);
  checkNumber('pollIntervalMs', options.pollIntervalMs, 0);
  checkNumber('maxPollIntervalMs', options.maxPollIntervalMs, 0);
  checkNumber('backoffFactor', options.backoffFactor, 1);
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? systemSleep;
  const timeoutMs = options.timeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const deadline = clock.now() + timeoutMs;
  const signal = options.signal;
  const hostOption = context.host === undefined ? {} : { host: context.host };
  const cancelled = (): CancelledError => new CancelledError(context.operation, { ...hostOption, cause: signal?.reason });
  if (signal?.aborted) throw cancelled();

  let looks = 0;
  try {
    const value = await pRetry(
      async (attempt) => {
        looks = attempt;
        const step = await look(attempt);
        if (step.done) return step.value;
        throw new NotYet(step.reason);
      },
      {
        retries: MAX_POLLS - 1,
        minTimeout: 0,
        factor: 1,
        ...(signal === undefined ? {} : { signal }),
        shouldRetry: ({ error }) => error instanceof NotYet,
        onFailedAttempt: async ({ error, attemptNumber }) => {
          if (!(error instanceof NotYet)) return;
          const left = deadline - clock.now();
          if (left <= 0 || attemptNumber >= MAX_POLLS) {
            throw new TimeoutError(context.operation, timeoutMs, { ...hostOption, tail: error.reason });
          }
          await sleep(Math.min(pollDelay(attemptNumber, options), left), signal);
        },
      },
    );
    return { value, looks };
  } catch (error) {
    if (signal?.aborted && !(error instanceof TimeoutError)) throw cancelled();
    throw error;
  }
}
