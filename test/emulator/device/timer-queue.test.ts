import t from 'tap';
import { TimerQueue, type QueuedTimer } from '../../../src/emulator/device/timer-queue.js';

t.test('earliest first, ties in creation order; remove ignores what is not queued', async (t) => {
  const q = new TimerQueue<QueuedTimer>();
  t.equal(q.peek(), undefined);
  t.equal(q.shift(), undefined);
  for (const [id, at] of [
    [1, 30],
    [2, 10],
    [3, 20],
    [4, 10],
    [5, 5],
  ] as const) {
    q.push({ id, at });
  }
  t.equal(q.size, 5);
  q.remove(5);
  q.remove(5);
  q.remove(99);
  t.equal(q.size, 4, 'a second removal and an unknown id change nothing');
  t.same(q.peek(), { id: 2, at: 10 }, 'the removed earliest one is skipped');
  const order: number[] = [];
  for (let timer = q.shift(); timer !== undefined; timer = q.shift()) order.push(timer.id);
  t.same(order, [2, 4, 3, 1]);
  t.equal(q.size, 0);
  q.remove(2);
  t.equal(q.size, 0, 'removing a timer already taken out is ignored');
});

t.test('the same order as a sorted list through random pushes, removals (compactions included) and shifts', async (t) => {
  let seed = 42;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const q = new TimerQueue<QueuedTimer>();
  let model: QueuedTimer[] = [];
  let nextId = 1;
  let compared = 0;
  const mismatches: string[] = [];
  for (let step = 0; step < 20_000; step++) {
    const op = random(10);
    if (op < 5) {
      const timer = { id: nextId++, at: random(500) };
      q.push(timer);
      model.push(timer);
    } else if (op < 8) {
      const id = random(nextId + 5);
      q.remove(id);
      model = model.filter((m) => m.id !== id);
    } else {
      model.sort((a, b) => a.at - b.at || a.id - b.id);
      const got = q.shift()?.id;
      const want = model.shift()?.id;
      if (got !== want) mismatches.push(`step ${step}: ${String(got)} instead of ${String(want)}`);
      compared++;
    }
    if (q.size !== model.length) {
      t.fail(`size ${q.size} at step ${step}, expected ${model.length}`);
      return;
    }
  }
  t.same(mismatches, [], `${compared} shifts in the model's order`);
  model.sort((a, b) => a.at - b.at || a.id - b.id);
  const rest: number[] = [];
  for (let timer = q.shift(); timer !== undefined; timer = q.shift()) rest.push(timer.id);
  t.same(rest, model.map((m) => m.id), 'what is left drains in order');
  t.ok(compared > 1000);
});

t.test('removals that outnumber the queued timers compact the heap, order kept', async (t) => {
  const q = new TimerQueue<QueuedTimer>();
  for (let id = 1; id <= 200; id++) q.push({ id, at: (id * 37) % 101 });
  for (let id = 1; id <= 200; id++) if (id % 4 !== 0) q.remove(id);
  t.equal(q.size, 50);
  const drained: QueuedTimer[] = [];
  for (let timer = q.shift(); timer !== undefined; timer = q.shift()) drained.push(timer);
  const expected = Array.from({ length: 50 }, (_, i) => ({ id: (i + 1) * 4, at: (((i + 1) * 4) * 37) % 101 })).sort((a, b) => a.at - b.at || a.id - b.id);
  t.same(drained, expected);
});
