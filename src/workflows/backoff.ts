/**
 * Retry delays: exponential backoff with jitter, the way p-retry's `randomize` computes it but with the random
 * source injected so that tests can pin both ends of the range.
 */
import { InvalidArgumentError } from '../errors.js';

export interface RetryPolicy {
  /** Retries after the first attempt; default 3 (at most 4 attempts). */
  readonly retries?: number;
  /** Delay before the first retry, ms; default 1000. */
  readonly minTimeoutMs?: number;
  /** Growth per retry; default 2. */
  readonly factor?: number;
  /** Cap on one delay, ms; default 30 000. */
  readonly maxTimeoutMs?: number;
  /** The delay is multiplied by 1 + jitter × random(), so it lies in [base, base × (1 + jitter)]; default 1. */
  readonly jitter?: number;
  /** No retry starts later than this after the device's first failure, ms; default 120 000 (a long watch may fail late). */
  readonly maxRetryTimeMs?: number;
}

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY_POLICY: ResolvedRetryPolicy = {
  retries: 3,
  minTimeoutMs: 1000,
  factor: 2,
  maxTimeoutMs: 30_000,
  jitter: 1,
  maxRetryTimeMs: 120_000,
};

function check(name: string, value: number, ok: boolean, expected: string): void {
  if (!ok) throw new InvalidArgumentError(`retry.${name}`, `must be ${expected}, got ${String(value)}`);
}

/** Fills defaults and refuses values that would make the retry loop unbounded. */
export function resolveRetryPolicy(policy: RetryPolicy = {}): ResolvedRetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...policy };
  check('retries', p.retries, Number.isInteger(p.retries) && p.retries >= 0 && p.retries <= 100, 'an integer from 0 to 100');
  check('minTimeoutMs', p.minTimeoutMs, Number.isFinite(p.minTimeoutMs) && p.minTimeoutMs >= 0, 'a finite number ≥ 0');
  check('factor', p.factor, Number.isFinite(p.factor) && p.factor >= 1, 'a finite number ≥ 1');
  check('maxTimeoutMs', p.maxTimeoutMs, Number.isFinite(p.maxTimeoutMs) && p.maxTimeoutMs >= p.minTimeoutMs, 'a finite number ≥ minTimeoutMs');
  check('jitter', p.jitter, Number.isFinite(p.jitter) && p.jitter >= 0 && p.jitter <= 1, 'a number from 0 to 1');
  check('maxRetryTimeMs', p.maxRetryTimeMs, Number.isFinite(p.maxRetryTimeMs) && p.maxRetryTimeMs >= 0, 'a finite number ≥ 0');
  return p;
}

/**
 * The delay before retry number `retry` (1 = the first retry), ms: min(maxTimeoutMs, minTimeoutMs × factor^(retry-1)
 * × (1 + jitter × random())). `random` returns a number in [0, 1); values outside are clamped.
 */
export function retryDelay(retry: number, policy: ResolvedRetryPolicy, random: () => number): number {
  const base = policy.minTimeoutMs * policy.factor ** Math.max(0, retry - 1);
  const r = Math.min(1, Math.max(0, random()));
  return Math.round(Math.min(policy.maxTimeoutMs, base * (1 + policy.jitter * r)));
}
