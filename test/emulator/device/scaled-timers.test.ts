/**
 * ScaledTimers: virtual time running `scale` times faster than an underlying clock (here a ManualTimers standing
 * in for the wall clock, so nothing depends on real durations), plus jumps that fire due timers in order.
 */
import t from 'tap';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import { ScaledTimers } from '../../../src/emulator/device/scaled-timers.js';

const START = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

t.test('the clock runs scale times faster than the wall clock, from its start', async (t) => {
  const wall = new ManualTimers(1_000_000);
  const timers = new ScaledTimers({ scale: 1440, start: START, base: wall });
  t.equal(timers.now(), START);
  wall.advance(60_000);
  t.equal(timers.now(), START + DAY, 'a wall minute is a virtual day');
  t.equal(new ScaledTimers({ base: wall }).now(), wall.now(), 'starts at the wall time by default');
  t.equal(new ScaledTimers({ start: '2026-06-01T00:00:00Z', base: wall }).now(), Date.UTC(2026, 5, 1));
  t.throws(() => new ScaledTimers({ scale: 0 }), RangeError);
  t.throws(() => new ScaledTimers({ scale: Number.NaN }), RangeError);
  t.throws(() => new ScaledTimers({ start: 'not a date' }), RangeError);
});

t.test('timers fire when the scaled wall clock reaches them, in due order, once', async (t) => {
  const wall = new ManualTimers(0);
  const timers = new ScaledTimers({ scale: 1000, start: START, base: wall });
  const fired: string[] = [];
  timers.setTimeout(() => fired.push(`b@${timers.now() - START}`), 120_000);
  timers.setTimeout(() => fired.push(`a@${timers.now() - START}`), 60_000);
  const cancelled = timers.setTimeout(() => fired.push('never'), 90_000);
  t.equal(timers.pending, 3);
  t.equal(wall.pending, 1, 'one wall timer for the earliest');
  cancelled.cancel();
  wall.advance(59);
  t.same(fired, [], 'not yet: 59 s of virtual time');
  wall.advance(1);
  t.same(fired, ['a@60000']);
  wall.advance(100);
  t.same(fired, ['a@60000', 'b@120000'], 'b fired at its own time');
  t.equal(timers.pending, 0);
  t.equal(wall.pending, 0, 'no wall timer left armed');
  cancelled.cancel();
});

t.test('advance() jumps: due timers fire at their own time, re-armed ones within the same jump', async (t) => {
  const wall = new ManualTimers(0);
  const timers = new ScaledTimers({ scale: 60, start: START, base: wall });
  const seen: number[] = [];
  const hourly = (): void => {
    seen.push(timers.now() - START);
    if (seen.length < 3) timers.setTimeout(hourly, 3_600_000);
  };
  timers.setTimeout(hourly, 3_600_000);
  timers.setTimeout(() => seen.push(-1), 91 * DAY);
  timers.advance(3 * 3_600_000);
  t.same(seen, [3_600_000, 7_200_000, 10_800_000]);
  t.equal(timers.now(), START + 3 * 3_600_000);
  timers.advance(91 * DAY);
  t.same(seen.at(-1), -1, 'a 91-day timer fires on a jump');
  t.equal(timers.now(), START + 3 * 3_600_000 + 91 * DAY);
  wall.advance(1000);
  t.equal(timers.now(), START + 3 * 3_600_000 + 91 * DAY + 60_000, 'time keeps running after a jump');
  t.throws(() => timers.advance(-1), RangeError);
  t.throws(() => timers.setTimeout(() => undefined, Number.POSITIVE_INFINITY), RangeError);
});

t.test('a jump re-arms the wall timer for what is left', async (t) => {
  const wall = new ManualTimers(0);
  const timers = new ScaledTimers({ scale: 10, start: START, base: wall });
  let fired = 0;
  timers.setTimeout(() => (fired += 1), 10_000);
  timers.advance(9_000);
  t.equal(fired, 0);
  wall.advance(99);
  t.equal(fired, 0, '990 virtual ms of the last 1000');
  wall.advance(1);
  t.equal(fired, 1);
});

t.test('over the system clock: a virtual day passes without waiting a day, and nothing keeps the process alive', async (t) => {
  const timers = new ScaledTimers({ scale: 10_000_000 });
  const keepAlive = setTimeout(() => undefined, 60_000);
  t.teardown(() => clearTimeout(keepAlive));
  const before = timers.now();
  const firedAt = await new Promise<number>((resolve) => timers.setTimeout(() => resolve(timers.now()), DAY));
  t.ok(firedAt >= before + DAY, 'fired at or after its virtual due time');
  t.equal(timers.pending, 0);
});
