import t from 'tap';
import { ManualClock } from '../../src/clock.js';
import { MAX_POLLS, pollDelay, pollUntil, systemSleep, type PollStep } from '../../src/driver/poll.js';

const virtual = (clock: ManualClock) => ({ clock, sleep: async (ms: number) => void clock.advance(ms) });

t.test('backoff: interval × factor^(n-1), capped', async (t) => {
  t.same([1, 2, 3, 4, 5].map((n) => pollDelay(n)), [2000, 3000, 4500, 6750, 10125]);
  t.equal(pollDelay(20), 30_000);
  t.same([1, 2, 3].map((n) => pollDelay(n, { pollIntervalMs: 100, backoffFactor: 2, maxPollIntervalMs: 300 })), [100, 200, 300]);
});

t.test('resolves with the first done look; waits in virtual time between looks', async (t) => {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const waits: number[] = [];
  let n = 0;
  const r = await pollUntil(
    async (): Promise<PollStep<string>> => (++n < 4 ? { done: false, reason: `look ${n}` } : { done: true, value: 'ok' }),
    { operation: 'test' },
    { clock, sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    }, pollIntervalMs: 1000, backoffFactor: 2 },
  );
  t.same(r, { value: 'ok', looks: 4 });
  t.same(waits, [1000, 2000, 4000]);
});

t.test('past the bound: TimeoutError with the last reason; the last wait is cut to the deadline', async (t) => {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  const waits: number[] = [];
  let looks = 0;
  const error = await pollUntil(
    async () => {
      looks++;
      return { done: false, reason: `still REGISTERING (${looks})` };
    },
    { operation: 'register', host: 'cbr8-1' },
    { clock, sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    }, timeoutMs: 10_000, pollIntervalMs: 2000, backoffFactor: 2 },
  ).catch((e: unknown) => e);
  t.match(error, { code: 'E_TIMEOUT', operation: 'register', timeoutMs: 10_000, host: 'cbr8-1', tail: 'still REGISTERING (4)' });
  t.same(waits, [2000, 4000, 4000], 'the third wait ends at the deadline');
  t.equal(looks, 4, 'one last look at the deadline');
});

t.test('a look that throws ends the poll with that error', async (t) => {
  const clock = new ManualClock();
  await t.rejects(
    pollUntil(async () => {
      throw Object.assign(new Error('boom'), { code: 'E_TOKEN_INVALID' });
    }, { operation: 'x' }, virtual(clock)),
    { message: 'boom' },
  );
});

t.test('cancellation: before the first look, and while waiting', async (t) => {
  const before = new AbortController();
  before.abort(new Error('stop'));
  let looked = false;
  await t.rejects(
    pollUntil(async () => {
      looked = true;
      return { done: true, value: 1 };
    }, { operation: 'register', host: 'h' }, { signal: before.signal }),
    { code: 'E_CANCELLED', host: 'h', message: 'h: register was cancelled' },
  );
  t.equal(looked, false);

  const during = new AbortController();
  const started = pollUntil(async () => ({ done: false, reason: 'wait' }), { operation: 'renew-auth' }, { signal: during.signal, pollIntervalMs: 60_000 });
  setImmediate(() => during.abort(new Error('SIGINT')));
  await t.rejects(started, { code: 'E_CANCELLED' });
});

t.test('the number of looks is bounded whatever the options', async (t) => {
  const clock = new ManualClock();
  let looks = 0;
  const error = await pollUntil(
    async () => {
      looks++;
      return { done: false, reason: 'never' };
    },
    { operation: 'x' },
    { ...virtual(clock), pollIntervalMs: 0, timeoutMs: 1e12 },
  ).catch((e: unknown) => e);
  t.match(error, { code: 'E_TIMEOUT' });
  t.equal(looks, MAX_POLLS);
});

t.test('bad options are refused', async (t) => {
  await t.rejects(pollUntil(async () => ({ done: true, value: 1 }), { operation: 'x' }, { timeoutMs: -1 }), RangeError);
  await t.rejects(pollUntil(async () => ({ done: true, value: 1 }), { operation: 'x' }, { backoffFactor: 0.5 }), RangeError);
});

t.test('systemSleep waits and honours abort', async (t) => {
  await systemSleep(1);
  const c = new AbortController();
  c.abort(new Error('now'));
  await t.rejects(systemSleep(10_000, c.signal), { message: 'now' });
  const later = new AbortController();
  const p = systemSleep(10_000, later.signal);
  later.abort(new Error('later'));
  await t.rejects(p, { message: 'later' });
});
