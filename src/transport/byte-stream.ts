/**
 * The one thing the transport hands upward: a bidirectional byte stream (an SSH shell or subsystem channel,
 * or a scripted in-memory stream in tests). It knows nothing about prompts or XML.
 *
 * Bytes that arrive before anyone listens are kept and handed to the first consumer, so a prompt printed
 * while the channel layer is still being set up is not lost. A stream has a single consumer: either
 * `onData` listeners or one async iterator.
 */
import { ClosedError, type SmartlicError } from '../errors.js';

/** How a stream ended: closed here, closed by the peer, or torn down by a connection failure. */
export interface ByteStreamEnd {
  readonly by: 'local' | 'remote' | 'error';
  /** Set when `by` is `error`, and when the peer closed while something was still expected. */
  readonly error?: SmartlicError;
}

export interface ByteStream extends AsyncIterable<Buffer> {
  /** What this stream is, for logs: `shell`, `subsystem:netconf`, `scripted`. */
  readonly label: string;
  readonly closed: boolean;
  /** Sends bytes to the peer. Throws `ClosedError` once the stream has ended. */
  write(data: string | Uint8Array): void;
  /** Receives every chunk (bytes buffered before the first listener are delivered to it at once). */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** Called once when the stream ends (immediately if it already has). */
  onEnd(listener: (end: ByteStreamEnd) => void): () => void;
  /** Closes the stream; resolves when it has ended. Safe to call more than once. */
  close(): Promise<void>;
}

type DataListener = (chunk: Buffer) => void;
type EndListener = (end: ByteStreamEnd) => void;

/** Base for `ByteStream` implementations: listener bookkeeping, early-data buffering and async iteration. */
export abstract class ByteStreamSource implements ByteStream {
  abstract readonly label: string;
  readonly #dataListeners = new Set<DataListener>();
  readonly #endListeners = new Set<EndListener>();
  #early: Buffer[] = [];
  #end: ByteStreamEnd | null = null;
  #endWaiters: Array<() => void> = [];

  protected constructor(protected readonly host: string | undefined) {}

  get closed(): boolean {
    return this.#end !== null;
  }

  /** The way the stream ended, or null while it is open. */
  get ended(): ByteStreamEnd | null {
    return this.#end;
  }

  write(data: string | Uint8Array): void {
    if (this.#end !== null) {
      throw this.#end.error ?? new ClosedError(this.host, `${this.label} is closed; cannot write`);
    }
    this.writeBytes(typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  onData(listener: DataListener): () => void {
    this.#dataListeners.add(listener);
    if (this.#early.length > 0) {
      const early = this.#early;
      this.#early = [];
      for (const chunk of early) listener(chunk);
    }
    return () => this.#dataListeners.delete(listener);
  }

  onEnd(listener: EndListener): () => void {
    if (this.#end !== null) {
      const end = this.#end;
      queueMicrotask(() => listener(end));
      return () => undefined;
    }
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  async close(): Promise<void> {
    if (this.#end !== null) return;
    const ended = new Promise<void>((resolve) => this.#endWaiters.push(resolve));
    this.closeTransport();
    await ended;
  }

  [Symbol.asyncIterator](): AsyncIterator<Buffer> {
    const queue: Buffer[] = [];
    let wake: (() => void) | null = null;
    let finished: ByteStreamEnd | null = null;
    const offData = this.onData((chunk) => {
      queue.push(chunk);
      wake?.();
    });
    const offEnd = this.onEnd((end) => {
      finished = end;
      wake?.();
    });
    const stop = (): void => {
      offData();
      offEnd();
    };
    return {
      next: async (): Promise<IteratorResult<Buffer>> => {
        for (;;) {
          const chunk = queue.shift();
          if (chunk !== undefined) return { value: chunk, done: false };
          const end: ByteStreamEnd | null = finished;
          if (end !== null) {
            stop();
            if (end.by === 'error' && end.error) throw end.error;
            return { value: undefined, done: true };
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = null;
        }
      },
      return: async (): Promise<IteratorResult<Buffer>> => {
        stop();
        return { value: undefined, done: true };
      },
    };
  }

  /** Subclasses deliver received bytes here. */
  protected pushData(chunk: Buffer): void {
    if (this.#end !== null || chunk.length === 0) return;
    if (this.#dataListeners.size === 0) {
      this.#early.push(chunk);
      return;
    }
    for (const listener of this.#dataListeners) listener(chunk);
  }

  /** Subclasses report the end of the stream here (only the first report counts). */
  protected finish(end: ByteStreamEnd): void {
    if (this.#end !== null) return;
    this.#end = end;
    const listeners = [...this.#endListeners];
    this.#endListeners.clear();
    for (const listener of listeners) listener(end);
    const waiters = this.#endWaiters;
    this.#endWaiters = [];
    for (const resolve of waiters) resolve();
  }

  protected abstract writeBytes(bytes: Buffer): void;
  /** Starts closing; the subclass calls `finish({ by: 'local' })` once it has. */
  protected abstract closeTransport(): void;
}
