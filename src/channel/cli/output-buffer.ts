/**
 * What the device sent for one command, kept as a list of chunks (joined once, at the end) plus a bounded tail
 * window that prompt, pager and question matching look at. Matching never rescans the whole output, and a large
 * output is never rebuilt chunk by chunk.
 */

/** Prompts and questions are short; the tail keeps at least this many characters. */
export const TAIL_SIZE = 4096;

export class OutputBuffer {
  #chunks: string[] = [];
  #length = 0;
  #tail = '';

  get length(): number {
    return this.#length;
  }

  /** The last characters received (at least `TAIL_SIZE` once that many have arrived). */
  get tail(): string {
    return this.#tail;
  }

  /** Absolute offset of the first character of `tail`. */
  get tailStart(): number {
    return this.#length - this.#tail.length;
  }

  append(text: string): void {
    if (text.length === 0) return;
    this.#chunks.push(text);
    this.#length += text.length;
    this.#tail += text;
    // Trim only when the tail has doubled, so the amortised cost per character stays constant.
    if (this.#tail.length > 2 * TAIL_SIZE) this.#tail = this.#tail.slice(-TAIL_SIZE);
  }

  text(): string {
    if (this.#chunks.length > 1) this.#chunks = [this.#chunks.join('')];
    return this.#chunks[0] ?? '';
  }

  /** The text after absolute offset `from`, clipped to the tail window. */
  since(from: number): string {
    const start = Math.max(from, this.tailStart) - this.tailStart;
    return this.#tail.slice(start);
  }

  /**
   * The last line and whether a line break precedes it in the buffer. `text` is null when the last line is longer
   * than the tail window (then it cannot be a prompt or a question).
   */
  lastLine(): { readonly text: string | null; readonly start: number; readonly afterBreak: boolean } {
    const tail = this.#tail;
    const br = Math.max(tail.lastIndexOf('\n'), tail.lastIndexOf('\r'));
    if (br >= 0) return { text: tail.slice(br + 1), start: this.tailStart + br + 1, afterBreak: true };
    if (this.tailStart === 0) return { text: tail, start: 0, afterBreak: false };
    return { text: null, start: this.tailStart, afterBreak: true };
  }
}
