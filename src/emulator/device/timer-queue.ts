/**
 * The pending timers of a virtual clock, earliest first (due time, then creation order): a binary min-heap with
 * lazy removal. Arming, cancelling and firing are O(log n); an array scanned and copied on each of them made every
 * timer operation of an emulator O(n) in the timers of all its devices (two to five per Smart Agent), so with
 * 5,000 emulated devices the emulator's CPU per device grew with the fleet.
 */
export interface QueuedTimer {
  readonly id: number;
  readonly at: number;
}

/** Removed entries are dropped when they reach the top, or all at once when they outnumber the live ones. */
const COMPACT_ABOVE = 64;

function before(a: QueuedTimer, b: QueuedTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.id < b.id);
}

export class TimerQueue<T extends QueuedTimer> {
  #heap: T[] = [];
  readonly #live = new Set<number>();
  /** Ids removed while still in the heap. */
  readonly #removed = new Set<number>();

  get size(): number {
    return this.#live.size;
  }

  push(timer: T): void {
    this.#live.add(timer.id);
    this.#heap.push(timer);
    this.#up(this.#heap.length - 1);
  }

  /** The earliest queued timer, left in the queue. */
  peek(): T | undefined {
    while (this.#heap.length > 0 && this.#removed.has(this.#heap[0]!.id)) {
      this.#removed.delete(this.#heap[0]!.id);
      this.#popTop();
    }
    return this.#heap[0];
  }

  /** Takes the earliest queued timer out. */
  shift(): T | undefined {
    const first = this.peek();
    if (first !== undefined) {
      this.#live.delete(first.id);
      this.#popTop();
    }
    return first;
  }

  /** Removes a queued timer; an id not queued (already fired or removed) is ignored. */
  remove(id: number): void {
    if (!this.#live.delete(id)) return;
    this.#removed.add(id);
    if (this.#removed.size > COMPACT_ABOVE && this.#removed.size > this.#live.size) this.#compact();
  }

  #compact(): void {
    this.#heap = this.#heap.filter((t) => !this.#removed.has(t.id));
    this.#removed.clear();
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #popTop(): void {
    const last = this.#heap.pop();
    if (last === undefined || this.#heap.length === 0) return;
    this.#heap[0] = last;
    this.#down(0);
  }

  #up(index: number): void {
    const heap = this.#heap;
    const item = heap[index]!;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const item = heap[index]!;
    const n = heap.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, item)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}
