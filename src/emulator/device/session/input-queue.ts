/**
 * Characters received on a shell channel, consumed one at a time by the session loop (typed-ahead input waits
 * here while a command runs, as on a real terminal).
 */
import { StringDecoder } from 'node:string_decoder';

export class InputQueue {
  #chars: string[] = [];
  #head = 0;
  #closed = false;
  #waiter: ((ch: string | null) => void) | undefined;
  readonly #decoder = new StringDecoder('utf8');

  push(data: Buffer | string): void {
    if (this.#closed) return;
    const text = typeof data === 'string' ? data : this.#decoder.write(data);
    for (const ch of text) this.#chars.push(ch);
    this.#wake();
  }

  close(): void {
    this.#closed = true;
    this.#wake();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The next character if one is waiting, undefined otherwise, null once closed and drained. */
  tryNext(): string | null | undefined {
    if (this.#head < this.#chars.length) {
      const ch = this.#chars[this.#head++] ?? '';
      if (this.#head > 4096) {
        this.#chars = this.#chars.slice(this.#head);
        this.#head = 0;
      }
      return ch;
    }
    return this.#closed ? null : undefined;
  }

  /** Peeks without consuming (undefined when nothing is waiting). */
  peek(): string | undefined {
    return this.#chars[this.#head];
  }

  next(): Promise<string | null> {
    const ch = this.tryNext();
    if (ch !== undefined) return Promise.resolve(ch);
    return new Promise((resolve) => {
      this.#waiter = resolve;
    });
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    const ch = this.tryNext();
    if (ch === undefined) return;
    this.#waiter = undefined;
    waiter(ch);
  }
}
