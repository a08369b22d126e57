/**
 * The terminal side of a shell channel: reads what the client types (echoing it), keeps what the device will
 * print next so that a command's output and the following prompt leave in one write, and pages long output.
 *
 * - Lines end with `\r`, `\n` or `\r\n` (a `\n` right after `\r` is not a second line).
 * - Backspace / DEL erase, Ctrl-U clears the line, Ctrl-C abandons it, Ctrl-Z ends configuration mode,
 *   escape sequences (arrow keys) are ignored, `?` asks for help.
 * - Paging prints ` --More-- ` after a page: space shows the next page, enter one more line, anything else stops.
 * - Fault injection (faults.ts): an answer can stall half-way (`stallNextAnswer`) or the connection can drop after
 *   part of it (`dropMidOutput`).
 */
import { InputQueue } from './input-queue.js';

export interface TerminalPort {
  write(text: string): void;
  /** Drops the connection without a word (fault injection). */
  drop(): void;
}

export type ReadResult =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'ctrl-z' }
  | { readonly kind: 'cancel' };

export interface ReadLineOptions {
  readonly echo: boolean;
  /** What `?` prints (help lines, then the prompt and the line so far); no help when absent. */
  readonly help?: (buffer: string) => string;
}

const MORE = ' --More-- ';
const ERASE_MORE = `${'\b'.repeat(MORE.length)}${' '.repeat(MORE.length)}${'\b'.repeat(MORE.length)}`;

export class Terminal {
  readonly #input = new InputQueue();
  readonly #port: TerminalPort;
  readonly #delayMs: () => number;
  readonly #interactive: boolean;
  #pending = '';
  #skipLf = false;
  #dropped = false;
  #hungUp = false;
  #writes: Promise<void> = Promise.resolve();
  /** The next flush stops after this many characters, for `ms` (null: until the connection closes). */
  #stall: { readonly at: number; readonly ms: number | null } | undefined;
  /** Ends a stall in progress early (the connection closed). */
  #releaseStall: (() => void) | undefined;

  constructor(port: TerminalPort, options: { readonly interactive: boolean; readonly outputDelayMs: () => number }) {
    this.#port = port;
    this.#interactive = options.interactive;
    this.#delayMs = options.outputDelayMs;
  }

  receive(data: Buffer | string): void {
    this.#input.push(data);
  }

  /** No more input will come (the channel closed, or the session ended it). */
  hangUp(): void {
    this.#hungUp = true;
    this.#input.close();
    this.#releaseStall?.();
  }

  /** Characters printed and not yet written. */
  get pendingLength(): number {
    return this.#pending.length;
  }

  /**
   * The next write stops after `at` characters of what is then pending; the rest follows `ms` milliseconds later
   * (wall clock), or never while the connection lasts (null).
   */
  stallNextAnswer(at: number, ms: number | null): void {
    this.#stall = { at, ms };
  }

  /** Adds text to the next write. */
  print(text: string): void {
    this.#pending += text;
  }

  printLines(lines: readonly string[]): void {
    this.#pending += lines.map((l) => `${l}\r\n`).join('');
  }

  /** Sends what is pending (after the configured output delay). */
  flush(): void {
    const text = this.#pending;
    this.#pending = '';
    if (text === '' || this.#dropped) return;
    const delay = this.#delayMs();
    const stall = this.#stall;
    this.#stall = undefined;
    if (stall === undefined) {
      this.#queueWrite(text, delay);
      return;
    }
    const at = Math.max(0, Math.min(text.length, stall.at));
    if (at > 0) this.#queueWrite(text.slice(0, at), delay);
    this.#queueStall(stall.ms);
    this.#queueWrite(text.slice(at), 0);
  }

  #queueWrite(text: string, delay: number): void {
    this.#writes = this.#writes.then(() =>
      delay > 0
        ? new Promise<void>((resolve) =>
            setTimeout(() => {
              if (!this.#dropped) this.#port.write(text);
              resolve();
            }, delay),
          )
        : this.#dropped || text === ''
          ? undefined
          : this.#port.write(text),
    );
  }

  #queueStall(ms: number | null): void {
    this.#writes = this.#writes.then(
      () =>
        new Promise<void>((resolve) => {
          if (this.#hungUp || this.#dropped) {
            resolve();
            return;
          }
          let timer: NodeJS.Timeout | undefined;
          const release = (): void => {
            if (timer !== undefined) clearTimeout(timer);
            this.#releaseStall = undefined;
            resolve();
          };
          if (ms !== null) timer = setTimeout(release, ms);
          this.#releaseStall = release;
        }),
    );
  }

  /** Flushes and waits until every write went out. */
  async drain(): Promise<void> {
    this.flush();
    await this.#writes;
  }

  /** Drops the connection, discarding what was not yet written. */
  async drop(): Promise<void> {
    this.#pending = '';
    this.#dropped = true;
    this.#input.close();
    this.#releaseStall?.();
    await this.#writes;
    this.#port.drop();
  }

  /** Writes the first half of what is pending (at least one character), then drops the connection. */
  async dropMidOutput(): Promise<void> {
    const text = this.#pending;
    this.#pending = '';
    await this.#writes;
    const part = text.slice(0, Math.max(Math.min(1, text.length), Math.floor(text.length / 2)));
    if (part !== '' && !this.#dropped) this.#port.write(part);
    await this.drop();
  }

  async #nextChar(): Promise<string | null> {
    const ch = this.#input.tryNext();
    if (ch !== undefined) return ch;
    this.flush();
    return this.#input.next();
  }

  /** One key (a `\n` right after a `\r` key is skipped). */
  async readKey(): Promise<string | null> {
    for (;;) {
      const ch = await this.#nextChar();
      if (ch === null) return null;
      if (this.#skipLf && ch === '\n') {
        this.#skipLf = false;
        continue;
      }
      this.#skipLf = ch === '\r';
      return ch;
    }
  }

  async readLine(options: ReadLineOptions): Promise<ReadResult | null> {
    let buffer = '';
    for (;;) {
      const ch = await this.#nextChar();
      if (ch === null) return null;
      if (this.#skipLf && ch === '\n') {
        this.#skipLf = false;
        continue;
      }
      this.#skipLf = false;
      switch (ch) {
        case '\r':
        case '\n':
          this.#skipLf = ch === '\r';
          if (this.#interactive) this.#pending += '\r\n';
          return { kind: 'line', text: buffer };
        case '\x1a':
          this.#pending += '^Z\r\n';
          return { kind: 'ctrl-z' };
        case '\x03':
          this.#pending += '^C\r\n';
          return { kind: 'cancel' };
        case '\x7f':
        case '\b':
          if (buffer.length > 0) {
            buffer = buffer.slice(0, -1);
            if (options.echo) this.#pending += '\b \b';
          }
          continue;
        case '\x15':
          if (options.echo) this.#pending += '\b \b'.repeat(buffer.length);
          buffer = '';
          continue;
        case '\x1b':
          await this.#skipEscape();
          continue;
        case '?':
          if (options.help !== undefined) {
            this.#pending += `?\r\n${options.help(buffer)}`;
            continue;
          }
          break;
        default:
          if (ch < ' ' || ch === '\t') continue;
      }
      buffer += ch;
      if (options.echo) this.#pending += ch;
    }
  }

  async #skipEscape(): Promise<void> {
    const next = await this.#nextChar();
    if (next !== '[' && next !== 'O') return;
    for (let i = 0; i < 8; i++) {
      const ch = await this.#nextChar();
      if (ch === null || (ch >= '@' && ch <= '~')) return;
    }
  }

  /**
   * Prints lines `length - 1` at a time (0 = no paging). Resolves false when the input closed while waiting at
   * `--More--`.
   */
  async page(lines: readonly string[], length: number): Promise<boolean> {
    const pageSize = length > 0 ? Math.max(1, length - 1) : Number.POSITIVE_INFINITY;
    let budget = pageSize;
    for (const line of lines) {
      if (budget === 0) {
        this.#pending += MORE;
        const key = await this.readKey();
        this.#pending += ERASE_MORE;
        if (key === null) return false;
        if (key === ' ') budget = pageSize;
        else if (key === '\r' || key === '\n') budget = 1;
        else return true;
      }
      this.#pending += `${line}\r\n`;
      budget--;
    }
    return true;
  }
}
