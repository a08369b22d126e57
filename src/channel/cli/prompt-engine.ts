/**
 * The read side of a CLI session: turns the byte stream into "everything up to the next prompt", pressing the
 * pager key at `--More--` and answering only the questions it was given. It decodes UTF-8 across chunk
 * boundaries and looks only at the tail of the output (see OutputBuffer).
 */
import { StringDecoder } from 'node:string_decoder';
import { ClosedError, PromptError, TimeoutError } from '../../errors.js';
import type { Logger } from '../../log.js';
import { REDACTED, isSecret, redactText } from '../../secret.js';
import type { ByteStream, ByteStreamEnd } from '../../transport/byte-stream.js';
import { findEchoAtPrompt, MAX_PROMPT_LINE } from './echo-at-prompt.js';
import { OutputBuffer } from './output-buffer.js';
import type { ExpectAnswer } from './types.js';

export interface PagerSpec {
  readonly marker: RegExp;
  readonly key: string;
}

export interface ReadRequest {
  /** Names the wait in errors: `"show version"`, `the initial prompt`. */
  readonly operation: string;
  readonly timeoutMs: number;
  readonly expect?: readonly ExpectAnswer[];
  /**
   * The prompt only counts on a line after a line break (true after a command: the echo line comes first, and a
   * prompt-looking echo must not end the read).
   */
  readonly requireLineBreak: boolean;
  /** Write a newline when nothing has arrived for this long and no prompt is showing (up to 3 times). */
  readonly nudgeMs?: number;
  /**
   * Several commands were written ahead in one go and this is the last: the prompt ends the read only on a line
   * after this command was echoed at a prompt (see echo-at-prompt.ts), i.e. after the device read it.
   */
  readonly afterEcho?: string;
}

export interface ReadResult {
  readonly raw: string;
  /** The prompt that ended the read, without trailing space. */
  readonly prompt: string;
  readonly answered: readonly string[];
  readonly pages: number;
}

interface PendingExpect {
  readonly spec: ExpectAnswer;
  readonly matcher: RegExp | null;
  remaining: number;
}

interface ActiveRead {
  readonly request: ReadRequest;
  readonly buffer: OutputBuffer;
  readonly expects: PendingExpect[];
  readonly answered: string[];
  pages: number;
  /** Offset after the last answer or page key; questions and markers are looked for after it. */
  consumed: number;
  nudges: number;
  /** With `afterEcho`: the offset after the echo once seen (-1 before), and the text scanned last (for a split echo). */
  echoEnd: number;
  echoCarry: string;
  readonly resolve: (result: ReadResult) => void;
  readonly reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  nudgeTimer: NodeJS.Timeout | undefined;
}

const MAX_NUDGES = 3;
/** Buffered bytes kept between reads (unsolicited output), for the initial prompt and for logs. */
const MAX_IDLE_BUFFER = 64 * 1024;

function withoutGlobalFlags(re: RegExp): RegExp {
  return re.global || re.sticky ? new RegExp(re.source, re.flags.replace(/[gy]/g, '')) : re;
}

function endsWithQuestion(window: string, expect: PendingExpect): string | null {
  const trimmed = window.replace(/\s+$/, '');
  if (trimmed.length === 0) return null;
  if (expect.matcher === null) {
    const literal = (expect.spec.prompt as string).trim();
    return literal.length > 0 && trimmed.endsWith(literal) ? literal : null;
  }
  const m = expect.matcher.exec(window);
  if (m === null || m.index + m[0].length < trimmed.length) return null;
  return m[0].trim();
}

export class PromptEngine {
  readonly #stream: ByteStream;
  readonly #host: string | undefined;
  readonly #logger: Logger;
  readonly #decoder = new StringDecoder('utf8');
  #prompt: RegExp;
  #pager: PagerSpec;
  #read: ActiveRead | null = null;
  #idle: string[] = [];
  #idleLength = 0;
  #ended: ByteStreamEnd | null = null;
  #broken: string | null = null;

  constructor(stream: ByteStream, options: { host?: string; logger: Logger; prompt: RegExp; pager: PagerSpec }) {
    this.#stream = stream;
    this.#host = options.host;
    this.#logger = options.logger;
    this.#prompt = withoutGlobalFlags(options.prompt);
    this.#pager = options.pager;
    stream.onData((chunk) => this.#onData(chunk));
    stream.onEnd((end) => this.#onEnd(end));
  }

  /** Switches the prompt pattern (after platform detection). */
  setPrompt(prompt: RegExp, pager: PagerSpec): void {
    this.#prompt = withoutGlobalFlags(prompt);
    this.#pager = pager;
  }

  get ended(): boolean {
    return this.#ended !== null;
  }

  /** Why the engine no longer knows where the device's output stands (a read timed out or was cut), or null. */
  get broken(): string | null {
    return this.#broken;
  }

  write(text: string, options: { redact?: boolean } = {}): void {
    if (this.#ended !== null) {
      throw this.#ended.error ?? new ClosedError(this.#host, 'the CLI session is closed');
    }
    this.#logger.debug({ host: this.#host, input: options.redact ? REDACTED : redactText(text) }, 'cli write');
    this.#stream.write(text);
  }

  /** Drops output that arrived while no command was waiting (late syslog lines, stray prompts). */
  discardIdle(): void {
    if (this.#idleLength > 0) {
      this.#logger.debug({ host: this.#host, discarded: redactText(this.#idle.join('')).slice(-200) }, 'cli: unsolicited output dropped');
    }
    this.#idle = [];
    this.#idleLength = 0;
  }

  /** Reads until the prompt shows at the end of the output. Only one read runs at a time. */
  readUntilPrompt(request: ReadRequest): Promise<ReadResult> {
    if (this.#read !== null) return Promise.reject(new PromptError('a read is already in progress', '', { host: this.#host }));
    if (this.#ended !== null) {
      return Promise.reject(
        new ClosedError(this.#host, `the CLI session is closed; cannot wait for ${request.operation}`, this.#ended.error),
      );
    }
    return new Promise<ReadResult>((resolve, reject) => {
      const expects: PendingExpect[] = (request.expect ?? []).map((spec) => ({
        spec,
        matcher: typeof spec.prompt === 'string' ? null : withoutGlobalFlags(spec.prompt),
        remaining: spec.times ?? 1,
      }));
      const read: ActiveRead = {
        request,
        buffer: new OutputBuffer(),
        expects,
        answered: [],
        pages: 0,
        consumed: 0,
        nudges: 0,
        echoEnd: -1,
        echoCarry: '',
        resolve,
        reject,
        timer: setTimeout(() => this.#fail(read, this.#timeoutError(read)), request.timeoutMs),
        nudgeTimer: undefined,
      };
      this.#read = read;
      const early = this.#idle;
      this.#idle = [];
      this.#idleLength = 0;
      for (const text of early) {
        if (this.#read !== read) break;
        this.#consume(read, text);
      }
      if (this.#read === read) this.#armNudge(read);
    });
  }

  #timeoutError(read: ActiveRead): TimeoutError {
    return new TimeoutError(`waiting for the prompt after ${read.request.operation}`, read.request.timeoutMs, {
      ...(this.#host === undefined ? {} : { host: this.#host }),
      tail: read.buffer.tail.slice(-240),
    });
  }

  #armNudge(read: ActiveRead): void {
    const ms = read.request.nudgeMs;
    if (ms === undefined || read.nudges >= MAX_NUDGES) return;
    if (read.nudgeTimer) clearTimeout(read.nudgeTimer);
    read.nudgeTimer = setTimeout(() => {
      if (this.#read !== read || this.#ended !== null) return;
      read.nudges++;
      this.#logger.debug({ host: this.#host, operation: read.request.operation }, 'cli: no prompt yet, sending a newline');
      this.#stream.write('\n');
      this.#armNudge(read);
    }, ms);
  }

  #onData(chunk: Buffer): void {
    const text = this.#decoder.write(chunk);
    if (text.length === 0) return;
    const read = this.#read;
    if (read === null) {
      this.#idle.push(text);
      this.#idleLength += text.length;
      while (this.#idleLength > MAX_IDLE_BUFFER && this.#idle.length > 1) this.#idleLength -= (this.#idle.shift() as string).length;
      return;
    }
    this.#consume(read, text);
    if (this.#read === read) this.#armNudge(read);
  }

  #consume(read: ActiveRead, text: string): void {
    const buffer = read.buffer;
    buffer.append(text);
    const afterEcho = read.request.afterEcho;
    if (afterEcho !== undefined && read.echoEnd < 0) this.#scanForEcho(read, afterEcho, text);
    const last = buffer.lastLine();
    if (last.text === null) return;

    // 1. The prompt, alone on the last line (after the last command's echo, when several were written ahead).
    const echoed = afterEcho === undefined || (read.echoEnd >= 0 && last.start >= read.echoEnd);
    if (echoed && (last.afterBreak || !read.request.requireLineBreak)) {
      const m = this.#prompt.exec(last.text);
      if (m !== null) {
        const prompt = (m.slice(1).find((g) => g !== undefined) ?? m[0]).trim();
        this.#finish(read, { raw: buffer.text(), prompt, answered: read.answered, pages: read.pages });
        return;
      }
    }

    // 2. The pager: paging could not be turned off (or the device ignores `terminal length 0`).
    const lineSinceAction = last.start >= read.consumed ? last.text : buffer.since(read.consumed);
    if (this.#pager.marker.test(lineSinceAction)) {
      read.pages++;
      read.consumed = buffer.length;
      this.#stream.write(this.#pager.key);
      return;
    }

    // 3. A question this command was given an answer for.
    if (read.expects.length === 0) return;
    const window = buffer.since(read.consumed);
    for (const expect of read.expects) {
      if (expect.remaining <= 0) continue;
      const question = endsWithQuestion(window, expect);
      if (question === null) continue;
      expect.remaining--;
      read.consumed = buffer.length;
      read.answered.push(question);
      const answer = expect.spec.answer;
      const plain = isSecret(answer) ? answer.reveal() : answer;
      this.write(plain + (expect.spec.newline === false ? '' : '\n'), { redact: isSecret(answer) || expect.spec.redact === true });
      return;
    }
  }

  /** Looks for the echo in what just arrived plus the end of what came before (an echo split across chunks). */
  #scanForEcho(read: ActiveRead, command: string, text: string): void {
    const window = read.echoCarry + text;
    const windowStart = read.buffer.length - window.length;
    const at = findEchoAtPrompt(window, command, this.#prompt, 0, windowStart === 0);
    if (at >= 0) {
      read.echoEnd = windowStart + at + command.length;
      read.echoCarry = '';
      return;
    }
    // Enough to hold a prompt line, the echo and the line break before them.
    read.echoCarry = window.slice(-(MAX_PROMPT_LINE + command.length + 1));
  }

  #finish(read: ActiveRead, result: ReadResult): void {
    clearTimeout(read.timer);
    if (read.nudgeTimer) clearTimeout(read.nudgeTimer);
    this.#read = null;
    read.resolve(result);
  }

  #fail(read: ActiveRead, error: Error): void {
    if (this.#read !== read) return;
    clearTimeout(read.timer);
    if (read.nudgeTimer) clearTimeout(read.nudgeTimer);
    this.#read = null;
    this.#broken = error instanceof TimeoutError ? `${read.request.operation} timed out` : 'the session ended';
    read.reject(error);
  }

  #onEnd(end: ByteStreamEnd): void {
    this.#ended = end;
    const read = this.#read;
    if (read === null) return;
    const cause = end.error;
    const error =
      cause !== undefined && cause.code === 'E_TIMEOUT'
        ? cause
        : new ClosedError(
            this.#host,
            `${end.by === 'local' ? 'the session was closed' : 'the device closed the session'} while waiting for the prompt after ${read.request.operation}`,
            cause,
          );
    this.#fail(read, error);
  }
}
