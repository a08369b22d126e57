import t from 'tap';
import { InvalidArgumentError } from '../../src/errors.js';
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy, retryDelay } from '../../src/workflows/backoff.js';

t.test('exponential backoff with jitter in [base, base × (1 + jitter)], capped', async (t) => {
  const p = resolveRetryPolicy({ minTimeoutMs: 100, factor: 3, maxTimeoutMs: 5000 });
  t.same([1, 2, 3, 4].map((n) => retryDelay(n, p, () => 0)), [100, 300, 900, 2700]);
  t.same([1, 2, 3, 4].map((n) => retryDelay(n, p, () => 0.999999)), [200, 600, 1800, 5000]);
  t.same([1, 2].map((n) => retryDelay(n, p, () => 7)), [200, 600], 'random() above 1 is clamped');
  t.same([1, 2].map((n) => retryDelay(n, p, () => -3)), [100, 300], 'random() below 0 is clamped');
  const noJitter = resolveRetryPolicy({ jitter: 0 });
  t.same([1, 2, 3].map((n) => retryDelay(n, noJitter, () => 0.7)), [1000, 2000, 4000]);
  for (let i = 0; i < 200; i++) {
    const d = retryDelay(3, DEFAULT_RETRY_POLICY, Math.random);
    t.ok(d >= 4000 && d <= 8000, `default policy, retry 3: ${d}`);
  }
});

t.test('retry policies that would not be bounded are refused', async (t) => {
  const bad = [{ retries: -1 }, { retries: 1.5 }, { retries: 101 }, { minTimeoutMs: -1 }, { factor: 0.5 }, { maxTimeoutMs: 10, minTimeoutMs: 100 }, { jitter: -0.1 }, { maxRetryTimeMs: Number.NaN }];
  for (const policy of bad) t.throws(() => resolveRetryPolicy(policy), InvalidArgumentError, JSON.stringify(policy));
  t.same(resolveRetryPolicy(), DEFAULT_RETRY_POLICY);
});
