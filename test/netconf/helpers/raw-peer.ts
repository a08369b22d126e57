/**
 * A scripted NETCONF peer speaking raw messages through the real framing: send any text (well-formed or not),
 * read whatever comes back. Used to test what a library client never sends (bad XML, no message-id) and to act
 * as a misbehaving server towards the client session.
 */
import type { Duplex } from 'node:stream';
import { encodeChunked } from '../../../src/channel/netconf/chunked.js';
import { encodeEom } from '../../../src/channel/netconf/eom.js';
import { NetconfMessageChannel } from '../../../src/channel/netconf/message-channel.js';

export class RawPeer {
  readonly channel: NetconfMessageChannel;
  readonly #messages: string[] = [];
  #waiters: Array<() => void> = [];
  #closed = false;
  errors: Error[] = [];

  constructor(readonly stream: Duplex) {
    this.channel = new NetconfMessageChannel(stream, {
      onMessage: (text) => {
        this.#messages.push(text);
        this.#wake();
      },
      onInvalidMessage: (reason) => {
        this.#messages.push(`INVALID: ${reason}`);
        this.#wake();
      },
      onError: (error) => {
        this.errors.push(error);
      },
      onClose: () => {
        this.#closed = true;
        this.#wake();
      },
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }

  send(text: string): void {
    this.channel.send(text);
  }

  /** Frames raw bytes (e.g. invalid UTF-8) with the current framing and writes them. */
  sendBytes(bytes: Buffer): void {
    this.stream.write(this.channel.framing === 'chunked' ? encodeChunked(bytes) : encodeEom(bytes));
  }

  /** Writes bytes as they are, framing and all. */
  writeRaw(bytes: Buffer | string): void {
    this.stream.write(bytes);
  }

  /** The next message, or null when the stream closed first. */
  async next(): Promise<string | null> {
    for (;;) {
      const message = this.#messages.shift();
      if (message !== undefined) return message;
      if (this.#closed) return null;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }

  /** Resolves once the stream has closed. */
  async waitClosed(): Promise<void> {
    while (!this.#closed) await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }
}

export const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export function helloText(capabilities: readonly string[], sessionId?: number): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NC}"><capabilities>` +
    capabilities.map((c) => `<capability>${c}</capability>`).join('') +
    `</capabilities>${sessionId === undefined ? '' : `<session-id>${sessionId}</session-id>`}</hello>`
  );
}
