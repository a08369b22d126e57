/**
 * Turns a duplex byte stream (an ssh2 `netconf` subsystem channel, a socket, an in-memory pair) into whole
 * NETCONF messages, in both directions. Starts in base:1.0 end-of-message framing, as the hellos require, and
 * switches to chunked framing when the session layer says both sides offered base:1.1. The switch happens
 * between two messages even when they arrived in the same read: messages are handed over one at a time,
 * synchronously, so the session can call `useChunked()` from inside `onMessage` before the next one is decoded.
 */
import { ClosedError, FramingError } from '../../errors.js';
import { ChunkedDecoder, DEFAULT_CHUNK_BYTES, encodeChunked } from './chunked.js';
import { EomDecoder, encodeEom } from './eom.js';
import { DEFAULT_MAX_MESSAGE_BYTES, type FrameDecoder, type Framing } from './frame-decoder.js';

/**
 * A Node-style duplex: ssh2 `ClientChannel` / `ServerChannel`, `net.Socket`, a `PassThrough` pair.
 */
export interface DuplexByteStream {
  write(chunk: Buffer): unknown;
  end(): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  destroy?(error?: Error): unknown;
  pause?(): unknown;
  resume?(): unknown;
}

/**
 * A listener-style byte stream, the shape src/transport hands upward (`onData` / `onEnd` return an unsubscribe
 * function, `close()` resolves once the stream has ended).
 */
export interface ListenerByteStream {
  write(data: Uint8Array): unknown;
  onData(listener: (chunk: Buffer) => void): () => unknown;
  onEnd(listener: (end: unknown) => void): () => unknown;
  close(): Promise<unknown>;
}

/** Any duplex byte stream the NETCONF layers can run over. */
export type NetconfByteStream = DuplexByteStream | ListenerByteStream;

interface StreamPort {
  write(bytes: Buffer): void;
  end(): void;
  destroy(): void;
  /** False when the stream cannot be paused (then the reader bounds its queue another way). */
  readonly canPause: boolean;
  pause(): void;
  resume(): void;
  detach(): void;
}

interface StreamEvents {
  data(chunk: Buffer): void;
  end(): void;
  error(error: Error): void;
}

function isListenerStream(stream: NetconfByteStream): stream is ListenerByteStream {
  return typeof (stream as Partial<ListenerByteStream>).onData === 'function';
}

function attach(stream: NetconfByteStream, events: StreamEvents): StreamPort {
  if (isListenerStream(stream)) {
    // A listener stream hands bytes it buffered before anyone listened (the server's hello, often) to the first
    // listener at once, inside onData(); they wait for a microtask so that the channel exists when they arrive.
    let ready = false;
    const early: Array<(() => void)> = [];
    const deliver = (fn: () => void): void => {
      if (ready) fn();
      else early.push(fn);
    };
    const offData = stream.onData((chunk) => deliver(() => events.data(chunk)));
    const offEnd = stream.onEnd(() => deliver(() => events.end()));
    queueMicrotask(() => {
      ready = true;
      for (const fn of early.splice(0)) fn();
    });
    const close = (): void => {
      stream.close().catch(() => undefined);
    };
    return {
      write: (bytes) => void stream.write(bytes),
      end: close,
      destroy: close,
      canPause: false,
      pause: () => undefined,
      resume: () => undefined,
      detach: () => {
        offData();
        offEnd();
      },
    };
  }
  const onData = (chunk: Buffer | string): void => events.data(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  const onEnd = (): void => events.end();
  const onError = (error: Error): void => events.error(error);
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('close', onEnd);
  stream.on('error', onError);
  return {
    write: (bytes) => void stream.write(bytes),
    end: () => void stream.end(),
    destroy: () => void (stream.destroy ? stream.destroy() : stream.end()),
    canPause: typeof stream.pause === 'function' && typeof stream.resume === 'function',
    pause: () => void stream.pause?.(),
    resume: () => void stream.resume?.(),
    detach: () => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('close', onEnd);
      stream.removeListener('error', onError);
      // a late error must not become an unhandled 'error' event
      stream.on('error', () => undefined);
    },
  };
}

export interface MessageChannelHandlers {
  /** One complete message, decoded as UTF-8. */
  onMessage(text: string): void;
  /** A complete message whose bytes are not valid UTF-8 (the framing itself was fine). */
  onInvalidMessage(reason: string): void;
  /** Malformed framing, an oversize message, or a stream error. The channel is closed right after. */
  onError(error: Error): void;
  /** The stream ended or closed. Called once. */
  onClose(): void;
}

export interface MessageChannelOptions {
  /** Upper bound on one message, and so on what the channel buffers. */
  readonly maxMessageBytes?: number;
  /** Chunk size used when sending with base:1.1. */
  readonly chunkBytes?: number;
  /** Host name for error messages. */
  readonly host?: string;
}

export class NetconfMessageChannel {
  readonly #port: StreamPort;
  readonly #handlers: MessageChannelHandlers;
  readonly #maxMessageBytes: number;
  readonly #chunkBytes: number;
  readonly #host: string | undefined;
  readonly #utf8 = new TextDecoder('utf-8', { fatal: true });
  #decoder: FrameDecoder;
  #framing: Framing = 'eom';
  #closed = false;
  #draining = false;

  constructor(stream: NetconfByteStream, handlers: MessageChannelHandlers, options: MessageChannelOptions = {}) {
    this.#handlers = handlers;
    this.#maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.#chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    this.#host = options.host;
    if (!Number.isInteger(this.#maxMessageBytes) || this.#maxMessageBytes < 1) {
      throw new FramingError(`maxMessageBytes must be a positive integer, got ${String(options.maxMessageBytes)}`);
    }
    this.#decoder = new EomDecoder(this.#maxMessageBytes);
    // A listener stream hands bytes that arrived before anyone listened to the first listener at once, i.e. while
    // this constructor runs: they are held until the caller has the channel (its handlers may use it).
    const early: (() => void)[] = [];
    let constructing = true;
    const later = (run: () => void): void => {
      if (constructing || early.length > 0) early.push(run);
      else run();
    };
    this.#port = attach(stream, {
      data: (chunk) => later(() => this.#receive(chunk)),
      end: () => later(() => this.#finish()),
      error: (error) => later(() => this.#fail(error)),
    });
    constructing = false;
    if (early.length > 0) {
      queueMicrotask(() => {
        while (early.length > 0) early.shift()?.();
      });
    }
  }

  get framing(): Framing {
    return this.#framing;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Switches both directions to base:1.1 chunked framing. Bytes already received after the hello are re-read as chunks. */
  useChunked(): void {
    if (this.#framing === 'chunked') return;
    const rest = this.#decoder.takeRemainder();
    this.#decoder = new ChunkedDecoder(this.#maxMessageBytes);
    this.#framing = 'chunked';
    if (rest.length > 0) this.#decoder.push(rest);
  }

  /** Frames and writes one message. */
  send(message: string): void {
    this.writeFramed(this.frame(message));
  }

  /** One message as the framing in use puts it on the wire. */
  frame(message: string): Buffer {
    return this.#framing === 'chunked' ? encodeChunked(message, this.#chunkBytes) : encodeEom(message);
  }

  /** Writes bytes `frame()` made, or a part of them (the emulator's fault injection cuts a reply short). */
  writeFramed(bytes: Buffer): void {
    if (this.#closed) throw new ClosedError(this.#host, 'NETCONF channel is closed');
    this.#port.write(bytes);
  }

  /** Whether `pause()` really stops reading (Node duplexes) or is a no-op (listener streams). */
  get canPause(): boolean {
    return this.#port.canPause;
  }

  pause(): void {
    this.#port.pause();
  }

  resume(): void {
    this.#port.resume();
  }

  /** Ends the stream gracefully (after pending writes). */
  end(): void {
    if (this.#closed) return;
    this.#port.end();
    this.#finish();
  }

  /** Tears the stream down at once. */
  destroy(): void {
    if (this.#closed) return;
    this.#port.destroy();
    this.#finish();
  }

  #receive(chunk: Buffer): void {
    if (this.#closed) return;
    this.#decoder.push(chunk);
    if (this.#draining) return; // a handler is running; the outer loop picks the new bytes up
    this.#draining = true;
    try {
      while (!this.#closed) {
        const message = this.#decoder.next();
        if (message === null) break;
        let text: string;
        try {
          text = this.#utf8.decode(message);
        } catch {
          this.#handlers.onInvalidMessage('message is not valid UTF-8');
          continue;
        }
        this.#handlers.onMessage(text);
      }
    } catch (error) {
      this.#fail(error instanceof Error ? error : new FramingError(String(error), { host: this.#host }));
    } finally {
      this.#draining = false;
    }
  }

  #fail(error: Error): void {
    if (this.#closed) return;
    this.#handlers.onError(error);
    this.destroy();
  }

  #finish(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.detach();
    this.#handlers.onClose();
  }
}
