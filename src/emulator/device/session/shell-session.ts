/**
 * One CLI session (a `shell` channel, or one `exec` command): a stack of modes, each line parsed in the current
 * mode and run, the answer (output + next prompt) handed to the terminal as one write.
 *
 * - A line that does not parse in a configuration sub-mode is tried in the enclosing modes; when it parses
 *   there, the session leaves the sub-mode first (IOS behaviour: `hostname X` typed inside `call-home` works).
 * - IOS-XR accepts a sub-mode line and one of its lines on one line (`interface Gi0/0/0/0 shutdown`).
 * - IOS-XR prints a timestamp line before exec output until `terminal exec prompt no-timestamp`.
 * - Output pages at the terminal length (the pty height until `terminal length`), or at the forced paging length.
 * - Request faults (faults.ts) act on the answer to the line they fire on: dropped before it runs, dropped after
 *   part of its answer, or the answer stalled half-way.
 */
import { registerSecretValue } from '../../../secret.js';
import type {
  AskOptions,
  CandidateSession,
  CommandContext,
  CommandMatch,
  SessionControl,
  SessionView,
  TerminalSettings,
} from '../cli/command.js';
import type { GrammarPayload } from '../cli/command-set.js';
import { CliInputError, inputErrorLines, type InputErrorKind } from '../cli/error-text.js';
import { completions, parseTokens, type ParseFailure, type ParsedCommand } from '../cli/parse.js';
import { applyPipes, parsePipes, splitAtPipes, type PipeFilter } from '../cli/pipes.js';
import { tokenize, type Token } from '../cli/tokenize.js';
import type { CommandLogKind, CommandOutcome } from '../command-log.js';
import { Candidate } from '../config/candidate.js';
import { opsForLine } from '../config/line-ops.js';
import { xrTimestamp } from '../device-time.js';
import type { DeviceRuntime } from '../device-runtime.js';
import type { RequestFault } from '../faults.js';
import type { ModeDefinition, ModeId } from '../modes.js';
import { Terminal, type TerminalPort } from './terminal.js';

export type { TerminalPort };

export interface ShellSessionOptions {
  readonly runtime: DeviceRuntime;
  readonly port: TerminalPort;
  readonly username: string;
  readonly privilege: number;
  readonly remoteAddress: string;
  /** Terminal height from the pty request (paging length until `terminal length`). */
  readonly rows: number;
  readonly cols: number;
  /** false: an `exec` channel — no echo, no prompt, no paging; one line, then the channel closes. */
  readonly interactive?: boolean;
}

interface Frame {
  readonly mode: ModeDefinition;
  readonly path: readonly string[];
}

interface Resolution {
  readonly depth: number;
  readonly command: ParsedCommand<GrammarPayload>;
  readonly filters: readonly PipeFilter[];
  /** IOS-XR one-line sub-mode form (`crypto ca trustpoint Trustpool crl optional`): the line for the sub-mode. */
  readonly then?: ParsedCommand<GrammarPayload>;
}

export class ShellSession {
  readonly id: number;
  readonly #rt: DeviceRuntime;
  readonly #term: Terminal;
  readonly #user: string;
  readonly #remote: string;
  #privilege: number;
  #stack: Frame[];
  #terminal: TerminalSettings;
  #candidate: Candidate | undefined;
  #closed = false;
  #running: Promise<void> | undefined;
  readonly #interactive: boolean;
  /** The fault that fired on the line being answered. */
  #fault: Exclude<RequestFault, { kind: 'answer' }> | undefined;

  constructor(options: ShellSessionOptions) {
    this.#interactive = options.interactive ?? true;
    this.#rt = options.runtime;
    this.#term = new Terminal(options.port, { interactive: this.#interactive, outputDelayMs: () => options.runtime.faults.outputDelayMs });
    this.#user = options.username;
    this.#remote = options.remoteAddress;
    this.#privilege = options.privilege;
    this.id = options.runtime.nextSessionId();
    const set = this.#rt.commandSet();
    this.#stack = [{ mode: set.mode(this.#rt.platform.initialMode(options.privilege)), path: [] }];
    this.#terminal = {
      length: !this.#interactive ? 0 : Math.max(0, Math.min(512, options.rows > 0 ? options.rows : 24)),
      width: Math.max(0, Math.min(512, options.cols > 0 ? options.cols : 80)),
      timestamps: this.#rt.platform.execTimestamps,
    };
  }

  /** Feeds bytes received on the channel. */
  receive(data: Buffer | string): void {
    this.#term.receive(data);
  }

  /** The channel closed: the loop ends, the candidate is discarded. */
  hangUp(): void {
    this.#term.hangUp();
  }

  start(): Promise<void> {
    this.#running ??= this.#loop().finally(() => this.#cleanup());
    return this.#running;
  }

  get mode(): ModeDefinition {
    return this.#frame().mode;
  }

  #frame(): Frame {
    const frame = this.#stack[this.#stack.length - 1];
    if (frame === undefined) throw new Error('session mode stack is empty');
    return frame;
  }

  prompt(): string {
    return this.#rt.platform.prompt(this.#rt.hostname(), this.mode);
  }

  /** Output lines, then the prompt, paged at the terminal length. */
  async #answer(lines: readonly string[]): Promise<void> {
    const fault = this.#fault;
    this.#fault = undefined;
    const forced = this.#rt.faults.pagingLength;
    const complete = await this.#term.page(lines, this.#interactive && forced > 0 ? forced : this.#terminal.length);
    if (fault?.kind === 'drop') {
      this.#closed = true;
      await this.#term.dropMidOutput();
      return;
    }
    if (fault?.kind === 'stall') this.#term.stallNextAnswer(Math.floor(this.#term.pendingLength / 2), fault.ms);
    if (complete && !this.#closed && this.#interactive) this.#term.print(this.prompt());
  }

  /** `?`: what may follow, then the prompt and the line so far again. */
  #help = (buffer: string): string => `${this.#helpText(buffer).map((l) => `${l}\r\n`).join('')}\r\n${this.prompt()}${buffer}`;

  #helpText(buffer: string): string[] {
    const tokens = tokenize(buffer);
    const partial = buffer.length > 0 && !/\s$/.test(buffer) ? tokens.pop()?.value ?? '' : '';
    const grammar = this.#rt.commandSet().grammar(this.mode.id);
    const found = completions(grammar, buffer, tokens, partial, this.#rt.platform.argContext);
    if (found === null) return ['% Unrecognized command'];
    const words = [...found.keywords, ...found.args];
    if (partial !== '') return [words.join('  ')];
    const lines = words.map((w) => `  ${w}`);
    if (found.terminal) lines.push('  <cr>');
    return lines;
  }

  // ------------------------------------------------------------------ loop

  async #loop(): Promise<void> {
    if (this.#interactive) this.#term.print(`\r\n${this.prompt()}`);
    while (!this.#closed) {
      const read = await this.#term.readLine(this.#interactive ? { echo: true, help: this.#help } : { echo: false });
      if (read === null) break;
      if (read.kind === 'cancel') {
        this.#term.print(this.prompt());
        continue;
      }
      const fault = this.#rt.faults.nextRequest();
      if (fault.kind === 'drop' && !fault.midOutput) {
        this.#closed = true;
        await this.#term.drop();
        return;
      }
      this.#fault = fault.kind === 'answer' ? undefined : fault;
      if (read.kind === 'ctrl-z') await this.#ctrlZ();
      else await this.#handleLine(read.text);
      if (!this.#interactive) break;
    }
    await this.#term.drain();
  }

  async #ctrlZ(): Promise<void> {
    const mode = this.mode;
    if (mode.level === 'config') {
      const end = this.#resolve('end', tokenize('end'));
      if (!('error' in end)) {
        await this.#execute(end, 'end', mode.id);
        return;
      }
      this.leaveConfig();
    }
    this.#log({ mode: mode.id, line: '^Z', kind: 'mode', outcome: 'ok', configChanged: false });
    await this.#answer([]);
  }

  #log(entry: { mode: ModeId; line: string; kind: CommandLogKind; outcome: CommandOutcome; configChanged: boolean }): void {
    this.#rt.commandLog.append({
      at: new Date(this.#rt.timers.now()).toISOString(),
      sessionId: this.id,
      user: this.#user,
      ...entry,
    });
  }

  async #handleLine(text: string): Promise<void> {
    const mode = this.mode;
    if (text.trim() === '') {
      this.#log({ mode: mode.id, line: text, kind: 'empty', outcome: 'ok', configChanged: false });
      await this.#answer([]);
      return;
    }
    const tokens = tokenize(text);
    const resolved = this.#resolve(text, tokens);
    if ('error' in resolved) {
      const kind: InputErrorKind = resolved.error;
      this.#log({
        mode: mode.id,
        line: text,
        kind: mode.level === 'config' ? 'config' : 'exec',
        outcome: kind === 'invalid' ? 'invalid-input' : kind,
        configChanged: false,
      });
      await this.#answer(inputErrorLines(this.#rt.platform.id, kind, this.prompt(), text, 'offset' in resolved ? resolved.offset : 0));
      return;
    }
    await this.#execute(resolved, text, mode.id);
  }

  /** Parses in the current mode, then (configuration sub-modes) in each enclosing mode. */
  #resolve(line: string, tokens: readonly Token[]): Resolution | ParseFailure {
    let firstFailure: ParseFailure | undefined;
    for (let depth = this.#stack.length - 1; depth >= 0; depth--) {
      const frame = this.#stack[depth];
      if (frame === undefined) break;
      if (depth < this.#stack.length - 1 && frame.mode.level !== 'config') break;
      const result = this.#parseIn(frame.mode.id, line, tokens);
      if (!('error' in result)) return { ...result, depth };
      firstFailure ??= result;
    }
    return this.#resolveOneLine(line, tokens) ?? firstFailure ?? { ok: false, error: 'invalid', offset: 0 };
  }

  /** IOS-XR accepts a sub-mode line and one of its lines on one line: `interface Gi0/0/0/0 shutdown`. */
  #resolveOneLine(line: string, tokens: readonly Token[]): Resolution | undefined {
    if (!this.#rt.platform.candidate || this.mode.level !== 'config') return undefined;
    const set = this.#rt.commandSet();
    const ctx = this.#rt.platform.argContext;
    for (let split = tokens.length - 1; split >= 1; split--) {
      const head = parseTokens(set.grammar(this.mode.id), line, tokens.slice(0, split), ctx);
      if (!head.ok || head.command.payload.kind !== 'config' || head.command.payload.negated) continue;
      const child = head.command.payload.def.enters;
      if (child === undefined) continue;
      const tail = parseTokens(set.grammar(child), line, tokens.slice(split), ctx);
      if (!tail.ok || tail.command.payload.kind !== 'config') continue;
      return { depth: this.#stack.length - 1, command: head.command, filters: [], then: tail.command };
    }
    return undefined;
  }

  #parseIn(modeId: ModeId, line: string, tokens: readonly Token[]): Omit<Resolution, 'depth'> | ParseFailure {
    const grammar = this.#rt.commandSet().grammar(modeId);
    const ctx = this.#rt.platform.argContext;
    const parts = splitAtPipes(this.#rt.platform.id, tokens);
    const head = parts[0] ?? [];
    if (parts.length > 1 && head.length > 0) {
      const left = parseTokens(grammar, line, head, ctx);
      if (left.ok && acceptsPipes(left.command)) {
        const pipes = parsePipes(this.#rt.platform.id, line, parts.slice(1));
        if (!pipes.ok) return pipes;
        return { command: left.command, filters: pipes.filters };
      }
    }
    const whole = parseTokens(grammar, line, tokens, ctx);
    if (!whole.ok) return whole;
    return { command: whole.command, filters: [] };
  }

  async #execute(resolved: Resolution, line: string, typedMode: ModeId): Promise<void> {
    // Leaving sub-modes the line did not belong to (IOS falls back to the enclosing mode).
    this.#stack.length = resolved.depth + 1;
    const logLine = redactLine(line, resolved.command);
    const { payload } = resolved.command;
    if (payload.kind === 'config') {
      let result = this.#configure(resolved.command, payload);
      const then = resolved.then;
      if (then !== undefined && then.payload.kind === 'config' && result.outcome === 'ok') {
        const depth = this.#stack.length;
        const inner = this.#configure(then, then.payload);
        this.#stack.length = depth - 1;
        result = { output: inner.output, outcome: inner.outcome, changed: result.changed || inner.changed };
      }
      this.#log({ mode: typedMode, line: logLine, kind: 'config', outcome: result.outcome, configChanged: result.changed });
      await this.#answer(result.output);
      return;
    }
    const output: string[] = [];
    const state = { configChanged: false, outcome: 'ok' as CommandOutcome };
    const mode = this.mode;
    try {
      await payload.def.run(this.#context(output, state), resolved.command);
    } catch (error) {
      if (error instanceof SessionClosedError) {
        // The client left in the middle of a question: nobody to answer.
        this.#closed = true;
        this.#log({ mode: typedMode, line: logLine, kind: payload.def.kind ?? 'exec', outcome: 'failed', configChanged: state.configChanged });
        return;
      }
      if (error instanceof CliInputError) {
        state.outcome = error.kind === 'invalid' ? 'invalid-input' : error.kind;
        output.push(...inputErrorLines(this.#rt.platform.id, error.kind, this.prompt(), line, error.offset));
      } else {
        state.outcome = 'failed';
        output.push(`% Internal error: ${(error as Error).message}`);
      }
    }
    let lines = resolved.filters.length > 0 ? applyPipes(output, resolved.filters) : output;
    const timestamp = payload.def.timestamp ?? mode.level !== 'config';
    const parsedFine = state.outcome === 'ok' || state.outcome === 'failed' || state.outcome === 'refused';
    if (this.#rt.platform.execTimestamps && this.#terminal.timestamps && timestamp && parsedFine) {
      lines = [xrTimestamp(this.#rt.timers.now()), ...lines];
    }
    this.#log({ mode: typedMode, line: logLine, kind: payload.def.kind ?? 'exec', outcome: state.outcome, configChanged: state.configChanged });
    if (this.#closed) {
      this.#term.printLines(lines);
      return;
    }
    await this.#answer(lines);
  }

  #configure(
    match: ParsedCommand<GrammarPayload>,
    payload: Extract<GrammarPayload, { kind: 'config' }>,
  ): { output: string[]; outcome: CommandOutcome; changed: boolean } {
    const { def, negated, partial, order, reset } = payload;
    const refusal = negated ? undefined : def.check?.(match);
    if (refusal !== undefined) return { output: [...refusal], outcome: 'refused', changed: false };
    const frame = this.#frame();
    const candidate = this.#candidate;
    const view = candidate !== undefined ? candidate.tree() : this.#rt.store.running();
    const ops = opsForLine({
      def,
      match,
      negated,
      partial,
      ...(reset === undefined ? {} : { reset }),
      order,
      path: frame.path,
      view,
      topLevelOrder: (l) => this.#rt.platform.topLevelOrder(l),
    });
    let changed: boolean;
    if (candidate !== undefined) {
      changed = candidate.add(ops);
    } else {
      const result = this.#rt.store.apply(ops, { source: 'cli', user: this.#user, sessionId: this.id });
      if (!result.ok) {
        return { output: result.rejected.flatMap((r) => r.message.split('\n')), outcome: 'refused', changed: false };
      }
      changed = result.changes.length > 0;
    }
    if (def.enters !== undefined && !negated) {
      const set = ops.find((o) => o.kind === 'set');
      if (set !== undefined) this.#stack.push({ mode: this.#rt.commandSet().mode(def.enters), path: [...frame.path, set.line] });
    }
    return { output: [], outcome: 'ok', changed };
  }

  // ------------------------------------------------------------------ context for handlers

  #view(): SessionView {
    const frame = this.#frame();
    return {
      id: this.id,
      user: this.#user,
      privilege: this.#privilege,
      remoteAddress: this.#remote,
      mode: frame.mode.id,
      configPath: frame.path,
      terminal: this.#terminal,
    };
  }

  #context(output: string[], state: { configChanged: boolean; outcome: CommandOutcome }): CommandContext {
    const rt = this.#rt;
    const session = this;
    return {
      device: rt.handle,
      platform: rt.platform.id,
      get session(): SessionView {
        return session.#view();
      },
      control: this.#control(output, state),
      now: () => rt.timers.now(),
      print: (text) => {
        const lines = typeof text === 'string' ? text.split(/\r?\n/) : text.flatMap((t) => t.split(/\r?\n/));
        output.push(...lines);
      },
      ask: async (question: string, options: AskOptions = {}) => {
        this.#term.printLines(output.splice(0));
        this.#term.print(question);
        const mode = this.mode.id;
        const read = await this.#term.readLine({ echo: !options.secret });
        const answer = read?.kind === 'line' ? read.text : '';
        if (options.secret && answer !== '') registerSecretValue(answer);
        this.#log({ mode, line: options.secret ? '***' : answer, kind: 'answer', outcome: 'ok', configChanged: false });
        if (read === null) throw new SessionClosedError();
        return answer;
      },
    };
  }

  #control(output: string[], state: { configChanged: boolean; outcome: CommandOutcome }): SessionControl {
    const session = this;
    return {
      pushMode: (mode, path) => {
        this.#stack.push({ mode: this.#rt.commandSet().mode(mode), path: path ?? [] });
      },
      popMode: () => {
        if (this.#stack.length > 1) this.#stack.pop();
        if (this.mode.level !== 'config') this.#dropCandidate();
      },
      leaveConfig: () => this.leaveConfig(),
      resetMode: (mode) => {
        this.leaveConfig();
        this.#stack = [{ mode: this.#rt.commandSet().mode(mode), path: [] }];
      },
      setPrivilege: (level) => {
        this.#privilege = level;
      },
      setTerminal: (settings) => {
        this.#terminal = { ...this.#terminal, ...settings };
      },
      close: () => {
        this.#closed = true;
        this.#term.hangUp();
      },
      executeIn: async (modeId, line, fromOffset) => {
        const tokens = tokenize(line).filter((t) => t.start >= fromOffset);
        const result = this.#parseIn(modeId, line, tokens);
        if ('error' in result) throw new CliInputError(result.error, 'offset' in result ? result.offset : 0);
        const { payload } = result.command;
        if (payload.kind !== 'command') throw new CliInputError('invalid', tokens[0]?.start ?? fromOffset);
        const inner: string[] = [];
        await payload.def.run(this.#context(inner, state), result.command);
        const filtered = result.filters.length > 0 ? applyPipes(inner, result.filters) : inner;
        const stamp = (payload.def.timestamp ?? true) && this.#rt.platform.execTimestamps && this.#terminal.timestamps;
        output.push(...(stamp ? [xrTimestamp(this.#rt.timers.now())] : []), ...filtered);
      },
      get candidate(): CandidateSession | undefined {
        return session.#candidate;
      },
      startCandidate: (exclusive) => this.#startCandidate(exclusive),
      markConfigChanged: () => void (state.configChanged = true),
      markFailed: () => void (state.outcome = 'failed'),
    };
  }

  /** IOS-XR: opens the candidate for `configure` / `configure exclusive`; false when the lock is taken. */
  #startCandidate(exclusive: boolean): boolean {
    if (exclusive && !this.#rt.store.lockExclusive(this.id)) return false;
    if (this.#candidate === undefined || exclusive) this.#candidate = new Candidate(this.#rt.store, exclusive);
    return true;
  }

  /** The candidate of this session, for built-in IOS-XR commands. */
  get candidate(): Candidate | undefined {
    return this.#candidate;
  }

  leaveConfig(): void {
    while (this.#stack.length > 1 && this.mode.level === 'config') this.#stack.pop();
    this.#dropCandidate();
  }

  #dropCandidate(): void {
    if (this.#candidate === undefined) return;
    this.#rt.store.releaseExclusive(this.id);
    this.#candidate = undefined;
  }

  #cleanup(): void {
    this.#closed = true;
    this.#dropCandidate();
    this.#rt.openSessions.delete(this.id);
  }
}

class SessionClosedError extends Error {
  constructor() {
    super('session closed while waiting for an answer');
  }
}

function acceptsPipes(command: ParsedCommand<GrammarPayload>): boolean {
  const { payload } = command;
  if (payload.kind !== 'command') return false;
  return payload.def.pipes ?? command.words[0] === 'show';
}

function redactLine(line: string, command: CommandMatch): string {
  if (command.secrets.length === 0) return line;
  let out = '';
  let at = 0;
  for (const [start, end] of [...command.secrets].sort((a, b) => a[0] - b[0])) {
    registerSecretValue(line.slice(start, end));
    out += `${line.slice(at, start)}***`;
    at = end;
  }
  return out + line.slice(at);
}
