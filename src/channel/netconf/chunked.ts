/**
 * RFC 6242 §4.2 chunked framing (base:1.1):
 *   Chunked-Message = 1*chunk end-of-chunks;  chunk = LF HASH chunk-size LF chunk-data;
 *   chunk-size = 1*10DIGIT, first digit 1-9, at most 4294967295;  end-of-chunks = LF HASH HASH LF.
 * Length-driven and byte-based: a chunk boundary may fall anywhere, even inside a multi-byte UTF-8 character,
 * and a header may arrive one byte at a time. Nothing is decoded to text here.
 */
import { FramingError } from '../../errors.js';
import type { FrameDecoder } from './frame-decoder.js';

const LF = 0x0a;
const HASH = 0x23;
const MAX_CHUNK_SIZE = 4294967295;
/** Default size of the chunks `encodeChunked` writes. */
export const DEFAULT_CHUNK_BYTES = 64 * 1024;

type State =
  | 'header-lf' // expecting the LF that opens a chunk header or end-of-chunks
  | 'header-hash' // expecting '#'
  | 'size-first' // expecting the first size digit (1-9), or '#' of end-of-chunks
  | 'size' // more digits, or the LF that ends the header
  | 'end-lf' // expecting the LF that closes end-of-chunks
  | 'data'; // inside chunk-data

function describeByte(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? `"${String.fromCharCode(byte)}"` : `0x${byte.toString(16).padStart(2, '0')}`;
}

export class ChunkedDecoder implements FrameDecoder {
  readonly #maxMessageBytes: number;
  #input: Buffer[] = [];
  #inputLength = 0;
  #state: State = 'header-lf';
  #size = 0;
  #sizeDigits = 0;
  #remaining = 0;
  #parts: Buffer[] = [];
  #messageLength = 0;
  #chunksInMessage = 0;

  constructor(maxMessageBytes: number) {
    this.#maxMessageBytes = maxMessageBytes;
  }

  get bufferedBytes(): number {
    return this.#inputLength + this.#messageLength;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#input.push(chunk);
    this.#inputLength += chunk.length;
  }

  takeRemainder(): Buffer {
    const rest = Buffer.concat(this.#input, this.#inputLength);
    this.#input = [];
    this.#inputLength = 0;
    return rest;
  }

  next(): Buffer | null {
    while (this.#input.length > 0) {
      const buf = this.#input[0] as Buffer;
      if (this.#state === 'data') {
        const take = Math.min(this.#remaining, buf.length);
        this.#parts.push(buf.subarray(0, take));
        this.#remaining -= take;
        this.#consume(take);
        if (this.#remaining === 0) this.#state = 'header-lf';
        continue;
      }
      const byte = buf[0] as number;
      this.#consume(1);
      const message = this.#header(byte);
      if (message !== null) return message;
    }
    return null;
  }

  #consume(count: number): void {
    const buf = this.#input[0] as Buffer;
    this.#inputLength -= count;
    if (count >= buf.length) this.#input.shift();
    else this.#input[0] = buf.subarray(count);
  }

  #header(byte: number): Buffer | null {
    switch (this.#state) {
      case 'header-lf':
        if (byte !== LF) {
          throw new FramingError(
            `expected LF at the start of a chunk header, got ${describeByte(byte)}` +
              (this.#chunksInMessage > 0 ? ' (data after the declared chunk size?)' : ''),
          );
        }
        this.#state = 'header-hash';
        return null;
      case 'header-hash':
        if (byte !== HASH) throw new FramingError(`expected "#" in a chunk header, got ${describeByte(byte)}`);
        this.#state = 'size-first';
        return null;
      case 'size-first':
        if (byte === HASH) {
          if (this.#chunksInMessage === 0) throw new FramingError('end-of-chunks marker before any chunk');
          this.#state = 'end-lf';
          return null;
        }
        if (byte === 0x30) throw new FramingError('chunk size must not be zero or start with "0"');
        if (byte < 0x31 || byte > 0x39) throw new FramingError(`invalid chunk size: expected a digit, got ${describeByte(byte)}`);
        this.#size = byte - 0x30;
        this.#sizeDigits = 1;
        this.#state = 'size';
        return null;
      case 'size':
        if (byte === LF) {
          this.#startChunk();
          return null;
        }
        if (byte < 0x30 || byte > 0x39) throw new FramingError(`invalid chunk size: expected a digit or LF, got ${describeByte(byte)}`);
        this.#size = this.#size * 10 + (byte - 0x30);
        this.#sizeDigits += 1;
        if (this.#sizeDigits > 10 || this.#size > MAX_CHUNK_SIZE) {
          throw new FramingError(`chunk size exceeds ${MAX_CHUNK_SIZE}`);
        }
        if (this.#messageLength + this.#size > this.#maxMessageBytes) this.#tooLarge(this.#messageLength + this.#size);
        return null;
      case 'end-lf': {
        if (byte !== LF) throw new FramingError(`expected LF after "##", got ${describeByte(byte)}`);
        const message = Buffer.concat(this.#parts, this.#messageLength);
        this.#parts = [];
        this.#messageLength = 0;
        this.#chunksInMessage = 0;
        this.#state = 'header-lf';
        return message;
      }
      case 'data':
        throw new FramingError('internal: header byte while reading chunk data');
    }
  }

  #startChunk(): void {
    const total = this.#messageLength + this.#size;
    if (total > this.#maxMessageBytes) this.#tooLarge(total);
    this.#messageLength = total;
    this.#remaining = this.#size;
    this.#chunksInMessage += 1;
    this.#state = 'data';
  }

  #tooLarge(total: number): never {
    throw new FramingError(`base:1.1 message of at least ${total} bytes exceeds the limit of ${this.#maxMessageBytes} bytes`);
  }
}

/** Frames one message for base:1.1 in chunks of at most `chunkBytes` bytes. */
export function encodeChunked(message: string | Buffer, chunkBytes = DEFAULT_CHUNK_BYTES): Buffer {
  const body = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
  if (body.length === 0) throw new FramingError('an empty message cannot be sent with base:1.1 chunked framing');
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1 || chunkBytes > MAX_CHUNK_SIZE) {
    throw new FramingError(`chunk size ${chunkBytes} is out of range 1..${MAX_CHUNK_SIZE}`);
  }
  const parts: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += chunkBytes) {
    const slice = body.subarray(offset, Math.min(body.length, offset + chunkBytes));
    parts.push(Buffer.from(`\n#${slice.length}\n`, 'ascii'), slice);
  }
  parts.push(Buffer.from('\n##\n', 'ascii'));
  return Buffer.concat(parts);
}
