/**
 * A CLI session on one device: finds the first prompt (nudging with a newline if the device stays quiet), learns
 * the platform from `show version` when it was not given, makes the terminal machine-friendly (the dialect's
 * `onOpen`), then runs commands one at a time and configuration transactions.
 */
import { ClosedError, DeviceCommandError, PlatformError, PromptError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log.js';
import { anyPager, anyPromptAtEnd, detectPlatform, getDialect } from '../../platforms/index.js';
import type { Dialect, PlatformId, PromptMatch } from '../../platforms/types.js';
import { REDACTED, toSecret, type Secret } from '../../secret.js';
import type { ByteStream } from '../../transport/byte-stream.js';
import { validateAnswer, validateCommandLine } from './command-line.js';
import { extractOutput } from './command-output.js';
import { findEchoAtPrompt } from './echo-at-prompt.js';
import { runConfigSession, type ConfigRunner } from './config-session.js';
import { findDeviceFailure } from './device-failure.js';
import { PromptEngine } from './prompt-engine.js';
import type { CliMode, CommandResult, ConfigLine, ConfigOptions, ConfigResult, ExpectAnswer, SendOptions } from './types.js';

export interface CliChannelOptions {
  /** The platform's dialect; when omitted it is detected from `show version`. */
  readonly dialect?: Dialect;
  /** Names the device in errors and logs. */
  readonly host?: string;
  readonly logger?: Logger;
  /** Default per-command timeout in ms. Default 30000. */
  readonly commandTimeoutMs?: number;
  /** Timeout in ms for each step of opening (first prompt, detection, each `onOpen` command). Default 20000. */
  readonly openTimeoutMs?: number;
  /** Send a newline when nothing arrives for this long while waiting for the first prompt. Default 1000. */
  readonly promptNudgeMs?: number;
  /** Commands run after the first prompt instead of the dialect's `onOpen`. */
  readonly onOpen?: readonly string[];
  /**
   * Write the `onOpen` commands in one go and wait for the prompt after the last (one round trip instead of one
   * per command). Default true; false sends them one at a time, for a device that does not take type-ahead.
   */
  readonly pipelineOnOpen?: boolean;
  /** The enable secret, used only when the session lands in user EXEC (`Router>`). */
  readonly enablePassword?: Secret | string;
  /** Clock for elapsed times (ms). Default `performance.now`. */
  readonly now?: () => number;
}

const DEFAULT_COMMAND_TIMEOUT_MS = 30_000;
const DEFAULT_OPEN_TIMEOUT_MS = 20_000;
const DEFAULT_NUDGE_MS = 1_000;

function modeOf(prompt: PromptMatch): CliMode {
  return prompt.mode !== '' ? prompt.mode : prompt.level;
}

export class CliChannel {
  readonly #stream: ByteStream;
  readonly #engine: PromptEngine;
  readonly #host: string | undefined;
  readonly #logger: Logger;
  readonly #commandTimeoutMs: number;
  readonly #now: () => number;
  #dialect: Dialect | null;
  #prompt: PromptMatch = { hostname: '', mode: '', level: 'privileged' };
  #promptText = '';
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(stream: ByteStream, options: CliChannelOptions) {
    this.#stream = stream;
    this.#host = options.host;
    this.#logger = (options.logger ?? silentLogger).child({ channel: 'cli' });
    this.#commandTimeoutMs = options.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    this.#now = options.now ?? (() => performance.now());
    this.#dialect = options.dialect ?? null;
    this.#engine = new PromptEngine(stream, {
      ...(options.host === undefined ? {} : { host: options.host }),
      logger: this.#logger,
      prompt: this.#dialect?.promptAtEnd ?? anyPromptAtEnd,
      pager: this.#dialect?.pager ?? anyPager,
    });
  }

  /** Opens a CLI session over a shell stream. On failure the stream is closed. */
  static async open(stream: ByteStream, options: CliChannelOptions = {}): Promise<CliChannel> {
    const channel = new CliChannel(stream, options);
    try {
      await channel.#open(options);
      return channel;
    } catch (error) {
      await stream.close().catch(() => undefined);
      throw error;
    }
  }

  get dialect(): Dialect {
    return this.#dialect as Dialect;
  }

  get platform(): PlatformId {
    return this.dialect.id;
  }

  /** The device's hostname as its prompt shows it. */
  get hostname(): string {
    return this.#prompt.hostname;
  }

  /** The current prompt, e.g. `Router#`. */
  get prompt(): string {
    return this.#promptText;
  }

  get mode(): CliMode {
    return modeOf(this.#prompt);
  }

  get promptMatch(): PromptMatch {
    return this.#prompt;
  }

  get closed(): boolean {
    return this.#engine.ended;
  }

  /** Runs one command and returns its output; device errors throw `DeviceCommandError` unless `checkErrors: false`. */
  send(command: string, options: SendOptions = {}): Promise<CommandResult> {
    return this.#serial(() => this.#send(command, options));
  }

  /** Runs one configuration transaction (see config-session.ts). */
  sendConfig(lines: readonly ConfigLine[], options: ConfigOptions = {}): Promise<ConfigResult> {
    return this.#serial(() => runConfigSession(this.#runner(), lines, options));
  }

  /** IOS-XR: confirms a `commit confirmed` before its timer rolls it back. */
  confirmCommit(options: { readonly timeoutMs?: number } = {}): Promise<CommandResult> {
    return this.#serial(async () => {
      const { dialect } = this;
      if (dialect.config.commit === null) {
        throw new PlatformError(`${dialect.id} has no commit to confirm`, this.#host === undefined ? {} : { host: this.#host });
      }
      const timeoutMs = options.timeoutMs ?? Math.max(this.#commandTimeoutMs, 120_000);
      await this.#send(dialect.config.enter, { timeoutMs });
      try {
        return await this.#send(dialect.config.commit, { timeoutMs });
      } finally {
        const uncommitted = dialect.config.uncommittedPrompt;
        await this.#send(dialect.config.end, { checkErrors: false, expect: uncommitted ? [{ prompt: uncommitted, answer: 'no' }] : [] });
      }
    });
  }

  /** Closes the shell at once (devices do not need an `exit`); a command still waiting fails with E_CLOSED. */
  async close(): Promise<void> {
    await this.#stream.close();
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #runner(): ConfigRunner {
    return {
      dialect: this.dialect,
      host: this.#host,
      logger: this.#logger,
      commandTimeoutMs: this.#commandTimeoutMs,
      current: () => this.#prompt,
      run: (command, options) => this.#send(command, options),
      now: this.#now,
    };
  }

  async #open(options: CliChannelOptions): Promise<void> {
    const openTimeoutMs = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
    const first = await this.#engine.readUntilPrompt({
      operation: 'the initial prompt',
      timeoutMs: openTimeoutMs,
      requireLineBreak: false,
      nudgeMs: options.promptNudgeMs ?? DEFAULT_NUDGE_MS,
    });
    this.#promptText = first.prompt;

    if (this.#dialect === null) {
      const version = await this.#send('show version', { timeoutMs: openTimeoutMs, checkErrors: false });
      const detected = detectPlatform(version.output);
      if (detected === null) {
        throw new PlatformError(
          `cannot tell the platform from "show version" (neither IOS-XE nor IOS-XR): ${JSON.stringify(version.output.slice(0, 120))}`,
          this.#host === undefined ? {} : { host: this.#host },
        );
      }
      this.#dialect = getDialect(detected);
      this.#engine.setPrompt(this.#dialect.promptAtEnd, this.#dialect.pager);
      this.#logger.debug({ host: this.#host, platform: detected }, 'platform detected from show version');
    }
    this.#setPrompt(this.#promptText);

    if (this.#prompt.level === 'user' && options.enablePassword !== undefined && this.dialect.privilege !== undefined) {
      const escalation = this.dialect.privilege;
      await this.#send(escalation.command, {
        timeoutMs: openTimeoutMs,
        expect: [{ prompt: escalation.passwordPrompt, answer: toSecret(options.enablePassword) }],
      });
      if (this.#prompt.level === 'user') {
        throw new PromptError('enable failed: still in user EXEC', this.#promptText, this.#host === undefined ? {} : { host: this.#host });
      }
    }

    const setup = options.onOpen ?? this.dialect.onOpen;
    const outputs =
      setup.length > 1 && options.pipelineOnOpen !== false
        ? await this.#sendAhead(setup, openTimeoutMs)
        : await this.#sendEach(setup, openTimeoutMs);
    for (const [i, output] of outputs.entries()) {
      const failure = findDeviceFailure(output, this.dialect);
      if (failure !== null) {
        // Not fatal: paging is still handled by answering --More--.
        this.#logger.warn({ host: this.#host, command: setup[i], error: failure.line }, 'session setup command refused by the device');
      }
    }
  }

  async #sendEach(commands: readonly string[], timeoutMs: number): Promise<string[]> {
    const outputs: string[] = [];
    for (const command of commands) outputs.push((await this.#send(command, { timeoutMs, checkErrors: false })).output);
    return outputs;
  }

  /**
   * Writes every command at once and reads until the prompt that follows the last one's echo (echo-at-prompt.ts),
   * then cuts what came back at each echo into one output per command.
   */
  async #sendAhead(commands: readonly string[], timeoutMs: number): Promise<string[]> {
    for (const command of commands) validateCommandLine(command, 'onOpen command', this.#host);
    const last = commands[commands.length - 1] as string;
    const started = this.#now();
    this.#engine.discardIdle();
    this.#engine.write(commands.map((c) => `${c}\n`).join(''));
    const read = await this.#engine.readUntilPrompt({
      operation: `the session setup (${commands.map((c) => `"${c}"`).join(', ')})`,
      timeoutMs,
      requireLineBreak: true,
      afterEcho: last,
    });
    this.#setPrompt(read.prompt);
    const prompt = this.dialect.promptAtEnd;
    const cuts = [0];
    for (const command of commands.slice(1)) {
      const at = findEchoAtPrompt(read.raw, command, prompt, cuts[cuts.length - 1]);
      if (at < 0) break;
      cuts.push(at);
    }
    this.#logger.debug({ host: this.#host, commands, elapsedMs: Math.round((this.#now() - started) * 1000) / 1000 }, 'cli session setup');
    if (cuts.length < commands.length) {
      // An earlier command not echoed at a prompt (the last one was, so all are done): judge the text as a whole.
      const whole = extractOutput(read.raw, commands[0] as string, this.dialect).output;
      return commands.map((_, i) => (i === 0 ? whole : ''));
    }
    return commands.map((command, i) => extractOutput(read.raw.slice(cuts[i], cuts[i + 1] ?? read.raw.length), command, this.dialect).output);
  }

  #setPrompt(prompt: string): void {
    this.#promptText = prompt;
    const parsed = this.#dialect?.parsePrompt(prompt) ?? null;
    if (parsed !== null) this.#prompt = parsed;
  }

  async #send(command: string, options: SendOptions): Promise<CommandResult> {
    const hostOpt = this.#host === undefined ? {} : { host: this.#host };
    validateCommandLine(command, 'command', this.#host);
    for (const [i, e] of (options.expect ?? []).entries()) validateAnswer(e.answer, `answer ${i + 1}`, this.#host);
    if (this.#engine.ended) throw new ClosedError(this.#host, `the CLI session is closed; cannot send "${options.redact ? REDACTED : command}"`);
    const broken = this.#engine.broken;
    if (broken !== null) {
      throw new PromptError(`the session lost track of the device prompt after ${broken}; reconnect`, '', hostOpt);
    }
    const dialect = this.#dialect;
    const shown = options.redact ? REDACTED : command;
    const expect: ExpectAnswer[] = [...(options.expect ?? []), ...(dialect?.safeConfirmations ?? [])];
    const started = this.#now();
    this.#engine.discardIdle();
    this.#engine.write(`${command}\n`, { redact: options.redact === true });
    const read = await this.#engine.readUntilPrompt({
      operation: `"${shown}"`,
      timeoutMs: options.timeoutMs ?? this.#commandTimeoutMs,
      requireLineBreak: true,
      expect,
    });
    this.#setPrompt(read.prompt);
    const extracted = extractOutput(read.raw, command, dialect ?? { execTimestamp: null });
    const scrub = (text: string): string => (options.redact && command.length > 0 ? text.split(command).join(REDACTED) : text);
    const result: CommandResult = {
      command: shown,
      output: scrub(extracted.output),
      raw: scrub(read.raw),
      elapsedMs: Math.round((this.#now() - started) * 1000) / 1000,
      prompt: read.prompt,
      mode: modeOf(this.#prompt),
      timestamp: extracted.timestamp,
      answered: read.answered,
    };
    this.#logger.debug({ host: this.#host, command: shown, elapsedMs: result.elapsedMs, mode: result.mode, pages: read.pages }, 'cli command');
    if (options.checkErrors !== false && dialect !== null) {
      const failure = findDeviceFailure(result.output, dialect);
      if (failure !== null) throw new DeviceCommandError(shown, result.output, dialect.id, { ...hostOpt, code: failure.code });
    }
    return result;
  }
}
