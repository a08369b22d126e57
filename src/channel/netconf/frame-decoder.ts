/** What the two RFC 6242 framings have in common: bytes in, whole messages out, one at a time. */
export interface FrameDecoder {
  /** Buffers a chunk read from the stream. */
  push(chunk: Buffer): void;
  /**
   * The next complete message, or null when more bytes are needed.
   * @throws FramingError on malformed framing or when a message exceeds the size limit; the decoder is then unusable.
   */
  next(): Buffer | null;
  /** Hands back the bytes not consumed yet (used when the session switches framing after the hellos). */
  takeRemainder(): Buffer;
  readonly bufferedBytes: number;
}

export type Framing = 'eom' | 'chunked';

/** Default bound on one message (and so on what a session buffers): 32 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
