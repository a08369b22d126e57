/**
 * An in-memory `ByteStream` that plays a device transcript (scrapligo's `transport/file.go` idea): each step waits
 * for the exact bytes the client must write, then sends the device's reply. Any unexpected write ends the stream
 * with an error and is kept in `mismatch`, so a test proves both what the client sent and what it made of the
 * replies. Used by channel and driver tests; ships with the SDK for users' own tests.
 */
import { ClosedError } from '../../errors.js';
import { ByteStreamSource } from '../../transport/byte-stream.js';

export interface TranscriptStep {
  /** What the client must write before the device answers. Omitted: the device speaks on its own. */
  readonly client?: string;
  /** The device's reply: one string, or chunks delivered as separate reads. Omitted: the device stays silent. */
  readonly device?: string | readonly string[];
  /** The device closes the session after this step's reply. */
  readonly close?: boolean;
}

export interface ScriptedStreamOptions {
  readonly host?: string;
  /** Re-chunks every reply's bytes (e.g. split at a given byte offset, or byte by byte). */
  readonly split?: (reply: Buffer, step: number) => readonly Buffer[];
}

export class ScriptedStream extends ByteStreamSource {
  readonly label = 'scripted';
  readonly #steps: readonly TranscriptStep[];
  readonly #split: ScriptedStreamOptions['split'];
  #next = 0;
  #input = '';
  #written: string[] = [];
  #mismatch: string | null = null;

  constructor(steps: readonly TranscriptStep[], options: ScriptedStreamOptions = {}) {
    super(options.host);
    this.#steps = steps;
    this.#split = options.split;
    setImmediate(() => this.#advance());
  }

  /** Everything the client wrote, in order. */
  get written(): string {
    return this.#written.join('');
  }

  /** Why the script stopped matching the client, or null. */
  get mismatch(): string | null {
    return this.#mismatch;
  }

  /** Steps not played yet. */
  get remaining(): number {
    return this.#steps.length - this.#next;
  }

  protected writeBytes(bytes: Buffer): void {
    const text = bytes.toString('utf8');
    this.#written.push(text);
    this.#input += text;
    // Replies arrive later, as from a network peer, never inside the client's write call.
    setImmediate(() => this.#advance());
  }

  protected closeTransport(): void {
    setImmediate(() => this.finish({ by: 'local' }));
  }

  #advance(): void {
    while (!this.closed) {
      const step = this.#steps[this.#next];
      if (step === undefined) {
        if (this.#input.length > 0) this.#fail(`unexpected input after the end of the script: ${JSON.stringify(this.#input)}`);
        return;
      }
      if (step.client !== undefined) {
        if (this.#input.startsWith(step.client)) {
          this.#input = this.#input.slice(step.client.length);
        } else {
          if (!step.client.startsWith(this.#input)) {
            this.#fail(`step ${this.#next + 1}: expected ${JSON.stringify(step.client)}, got ${JSON.stringify(this.#input)}`);
          }
          return;
        }
      }
      this.#next++;
      this.#play(step, this.#next - 1);
    }
  }

  #play(step: TranscriptStep, index: number): void {
    const reply = (step.device === undefined ? [] : typeof step.device === 'string' ? [step.device] : step.device).map((r) =>
      Buffer.from(r, 'utf8'),
    );
    const chunks = this.#split ? reply.flatMap((r) => this.#split?.(r, index) ?? [r]) : reply;
    for (const chunk of chunks) {
      if (this.closed) return;
      if (chunk.length > 0) this.pushData(chunk);
    }
    if (step.close) this.finish({ by: 'remote', error: new ClosedError(this.host, 'the device closed the session') });
  }

  #fail(reason: string): void {
    this.#mismatch = reason;
    this.finish({ by: 'error', error: new ClosedError(this.host, `scripted device: ${reason}`) });
  }
}
