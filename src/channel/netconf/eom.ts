/**
 * RFC 6242 §4.3 end-of-message framing (base:1.0): each message is followed by `]]>]]>`. Used for both hellos and,
 * when either side lacks base:1.1, for the whole session. Works on bytes; the delimiter may be split across reads.
 */
import { FramingError } from '../../errors.js';
import type { FrameDecoder } from './frame-decoder.js';

export const EOM_DELIMITER = Buffer.from(']]>]]>', 'utf8');

export class EomDecoder implements FrameDecoder {
  readonly #maxMessageBytes: number;
  #chunks: Buffer[] = [];
  #length = 0;
  /** How many buffered bytes have been searched for the delimiter without finding it. */
  #scanned = 0;

  constructor(maxMessageBytes: number) {
    this.#maxMessageBytes = maxMessageBytes;
  }

  get bufferedBytes(): number {
    return this.#length;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }

  next(): Buffer | null {
    if (this.#length === 0) return null;
    // Search only the bytes not searched yet, plus the tail that could hold the start of a split delimiter.
    const from = Math.max(0, this.#scanned - (EOM_DELIMITER.length - 1));
    const found = this.#indexOfDelimiter(from);
    if (found < 0) {
      this.#scanned = this.#length;
      if (this.#length - (EOM_DELIMITER.length - 1) > this.#maxMessageBytes) {
        throw new FramingError(
          `base:1.0 message exceeds ${this.#maxMessageBytes} bytes without an end-of-message delimiter`,
        );
      }
      return null;
    }
    if (found > this.#maxMessageBytes) {
      throw new FramingError(`base:1.0 message of ${found} bytes exceeds the limit of ${this.#maxMessageBytes} bytes`);
    }
    const all = this.#collapse();
    const message = all.subarray(0, found);
    const rest = all.subarray(found + EOM_DELIMITER.length);
    this.#chunks = rest.length > 0 ? [rest] : [];
    this.#length = rest.length;
    this.#scanned = 0;
    return Buffer.from(message);
  }

  takeRemainder(): Buffer {
    const all = this.#collapse();
    this.#chunks = [];
    this.#length = 0;
    this.#scanned = 0;
    return all;
  }

  #collapse(): Buffer {
    if (this.#chunks.length === 1) return this.#chunks[0] as Buffer;
    const all = Buffer.concat(this.#chunks, this.#length);
    this.#chunks = [all];
    return all;
  }

  /** Offset of the first delimiter at or after `from`, searching chunk by chunk with a small overlap. */
  #indexOfDelimiter(from: number): number {
    let offset = 0;
    let carry: Buffer = Buffer.alloc(0);
    for (const chunk of this.#chunks) {
      const end = offset + chunk.length;
      if (end > from) {
        const start = Math.max(0, from - offset);
        const window = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(start)]) : chunk.subarray(start);
        const hit = window.indexOf(EOM_DELIMITER);
        const windowStart = offset + start - carry.length;
        if (hit >= 0) return windowStart + hit;
        carry = Buffer.from(window.subarray(Math.max(0, window.length - (EOM_DELIMITER.length - 1))));
      }
      offset = end;
    }
    return -1;
  }
}

/** Frames one message for base:1.0. A body that contains the delimiter itself cannot be framed. */
export function encodeEom(message: string | Buffer): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  if (body.indexOf(EOM_DELIMITER) >= 0) {
    throw new FramingError('message contains "]]>]]>" and cannot be sent with base:1.0 end-of-message framing');
  }
  return Buffer.concat([body, EOM_DELIMITER]);
}
