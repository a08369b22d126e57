/**
 * One configuration transaction over a CLI session: enter configuration mode, type the lines (tracking the
 * sub-mode each one lands in and checking each one's output), then
 * - IOS-XR: `commit` the candidate (or `abort` it: on any error, and for a dry run); a failed commit is explained
 *   with `show configuration failed` before the abort, so no candidate is ever left behind;
 * - IOS-XE: each line is live as soon as it is accepted, so on an error stop at once and report which lines were
 *   applied (the intents layer restores from that).
 * Configuration mode is always left (`end` / `abort`), even on error.
 */
import { ConfigLineError, CommitError, InvalidArgumentError, PromptError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Dialect, PromptMatch } from '../../platforms/types.js';
import { validateAnswer, validateCommandLine } from './command-line.js';
import { renderCommitCommand } from './commit-command.js';
import { findDeviceFailure } from './device-failure.js';
import type { CommandResult, ConfigLine, ConfigLineSpec, ConfigOptions, ConfigResult, SendOptions } from './types.js';

/** What a configuration transaction needs from the channel it runs on (already serialised by the caller). */
export interface ConfigRunner {
  readonly dialect: Dialect;
  readonly host: string | undefined;
  readonly logger: Logger;
  readonly commandTimeoutMs: number;
  /** The prompt the session is at now. */
  current(): PromptMatch;
  /** Sends one line and reads to the prompt; never checks for device errors itself. */
  run(command: string, options: SendOptions): Promise<CommandResult>;
  now(): number;
}

const DEFAULT_COMMIT_TIMEOUT_MS = 120_000;

function toSpec(line: ConfigLine): ConfigLineSpec {
  return typeof line === 'string' ? { line } : line;
}

/** `end` would leave configuration mode in the middle of the transaction; sendConfig leaves it itself. */
const LEAVES_CONFIG = /^\s*(?:end|\x1a)\s*$/i;
/** `exit` at the top configuration level leaves configuration mode too. */
const EXIT = /^\s*exi(?:t)?\s*$/i;

export function validateConfigRequest(dialect: Dialect, lines: readonly ConfigLine[], options: ConfigOptions, host: string | undefined): ConfigLineSpec[] {
  const opts = host === undefined ? {} : { host };
  if (!Array.isArray(lines)) throw new InvalidArgumentError('lines', 'must be an array of configuration lines', opts);
  const specs = lines.map(toSpec);
  specs.forEach((spec, i) => {
    validateCommandLine(spec?.line, `configuration line ${i + 1}`, host);
    if (spec.line.trim() === '') throw new InvalidArgumentError(`configuration line ${i + 1}`, 'is empty', opts);
    if (LEAVES_CONFIG.test(spec.line)) {
      throw new InvalidArgumentError(`configuration line ${i + 1}`, `"${spec.line.trim()}" would leave configuration mode; sendConfig enters and leaves it itself`, opts);
    }
    for (const [k, e] of (spec.expect ?? []).entries()) validateAnswer(e.answer, `configuration line ${i + 1} answer ${k + 1}`, host);
  });
  const xr = dialect.config.commit !== null;
  if (!xr) {
    if (options.commit === false) {
      throw new InvalidArgumentError('commit', `${dialect.id} applies each line as it is typed; a dry run (commit: false) is not possible`, opts);
    }
    if (options.diff) throw new InvalidArgumentError('diff', `${dialect.id} has no candidate configuration to diff`, opts);
    if (options.comment !== undefined || options.label !== undefined || options.confirmed !== undefined) {
      renderCommitCommand(dialect, options, host); // throws the precise message
    }
  } else {
    renderCommitCommand(dialect, options, host);
  }
  if (options.exclusive && dialect.config.enterExclusive === undefined) {
    throw new InvalidArgumentError('exclusive', `${dialect.id} has no exclusive configuration mode`, opts);
  }
  return specs;
}

/** Leaves configuration mode from wherever the session is; on IOS-XR with `discard`, the candidate is aborted. */
export async function leaveConfigMode(runner: ConfigRunner, how: 'abort' | 'end'): Promise<void> {
  const { dialect } = runner;
  if (runner.current().level !== 'config') return;
  if (how === 'abort' && dialect.config.abort !== null) {
    await runner.run(dialect.config.abort, { checkErrors: false });
  } else {
    const uncommitted = dialect.config.uncommittedPrompt;
    // A candidate that is still there now was not meant to be committed: discard it, deliberately.
    const result = await runner.run(dialect.config.end, {
      checkErrors: false,
      ...(uncommitted === null ? {} : { expect: [{ prompt: uncommitted, answer: 'no' }] }),
    });
    if (result.answered.length > 0) {
      runner.logger.warn({ host: runner.host }, 'uncommitted configuration changes were discarded when leaving configuration mode');
    }
  }
  if (runner.current().level === 'config') {
    // One more try from a deeper sub-mode that did not take `end` (should not happen on IOS).
    await runner.run(dialect.config.end, { checkErrors: false });
  }
  if (runner.current().level === 'config') {
    throw new PromptError('could not leave configuration mode', runner.current().mode, runner.host === undefined ? {} : { host: runner.host });
  }
}

export async function runConfigSession(runner: ConfigRunner, lines: readonly ConfigLine[], options: ConfigOptions = {}): Promise<ConfigResult> {
  const { dialect, host } = runner;
  const hostOpt = host === undefined ? {} : { host };
  const started = runner.now();
  const specs = validateConfigRequest(dialect, lines, options, host);
  const hasCommit = dialect.config.commit !== null;
  const lineTimeout = options.timeoutMs ?? runner.commandTimeoutMs;
  const commitTimeout = options.commitTimeoutMs ?? Math.max(DEFAULT_COMMIT_TIMEOUT_MS, lineTimeout);

  if (runner.current().level === 'config') {
    runner.logger.warn({ host }, 'session was left in configuration mode; leaving it before a new transaction');
    await leaveConfigMode(runner, 'abort');
  }
  if (runner.current().level === 'user') {
    throw new PromptError('configuration needs privileged EXEC mode, but the session is in user EXEC', runner.current().hostname + '>', hostOpt);
  }

  const enterCommand = options.exclusive ? (dialect.config.enterExclusive as string) : dialect.config.enter;
  const enter = await runner.run(enterCommand, { checkErrors: false, timeoutMs: lineTimeout });
  const enterFailure = findDeviceFailure(enter.output, dialect);
  if (enterFailure !== null || runner.current().level !== 'config') {
    await leaveConfigMode(runner, 'abort');
    throw new ConfigLineError(enterCommand, enter.output, dialect.id, {
      ...hostOpt,
      code: enterFailure?.code ?? 'E_DEVICE_COMMAND',
      lineIndex: -1,
      applied: [],
      ...(enterFailure === null ? { detail: `did not enter configuration mode (prompt ${enter.prompt})` } : {}),
    });
  }

  const results: CommandResult[] = [];
  const applied: string[] = [];
  const fail = async (error: ConfigLineError): Promise<never> => {
    try {
      await leaveConfigMode(runner, 'abort');
    } catch (cleanup) {
      runner.logger.error({ host, err: cleanup }, 'could not leave configuration mode after a failed line');
    }
    throw error;
  };

  for (const [index, spec] of specs.entries()) {
    // Refuse an `exit` that would leave configuration mode from its top level (`Router(config)#`).
    if (EXIT.test(spec.line) && runner.current().mode === 'config') {
      await fail(
        new ConfigLineError(spec.line, '', dialect.id, {
          ...hostOpt,
          lineIndex: index,
          applied: hasCommit ? [] : applied,
          detail: 'would leave configuration mode from its top level; not sent',
        }),
      );
    }
    const uncommitted = dialect.config.uncommittedPrompt;
    const result = await runner.run(spec.line, {
      checkErrors: false,
      timeoutMs: spec.timeoutMs ?? lineTimeout,
      ...(spec.redact === undefined ? {} : { redact: spec.redact }),
      // Should a line try to leave configuration mode with a candidate pending, stay (`cancel`) and stop below.
      expect: [...(spec.expect ?? []), ...(uncommitted === null ? [] : [{ prompt: uncommitted, answer: 'cancel' }])],
    });
    results.push(result);
    const failure = findDeviceFailure(result.output, dialect);
    if (failure !== null) {
      await fail(
        new ConfigLineError(result.command, result.output, dialect.id, {
          ...hostOpt,
          code: failure.code,
          lineIndex: index,
          applied: hasCommit ? [] : applied,
        }),
      );
    }
    const leftConfig = runner.current().level !== 'config';
    const triedToLeave = uncommitted !== null && result.answered.some((q) => uncommitted.test(q));
    if (leftConfig || triedToLeave) {
      // The device took the line (on IOS-XE it is live), but what follows was meant for configuration mode.
      if (leftConfig && !hasCommit) applied.push(spec.line);
      await fail(
        new ConfigLineError(result.command, result.output, dialect.id, {
          ...hostOpt,
          lineIndex: index,
          applied: hasCommit ? [] : applied,
          detail: `${leftConfig ? `left configuration mode (now at ${result.prompt})` : 'tried to leave configuration mode with uncommitted changes'}; the remaining lines were not sent`,
        }),
      );
    }
    applied.push(spec.line);
  }

  let commit: CommandResult | null = null;
  let diff: string | null = null;
  let committed = !hasCommit;

  if (hasCommit) {
    if (options.diff && dialect.config.showCandidateDiff !== undefined) {
      diff = (await runner.run(dialect.config.showCandidateDiff, { checkErrors: false, timeoutMs: lineTimeout })).output;
    }
    if (options.commit === false) {
      await leaveConfigMode(runner, 'abort');
      return { lines: results, applied: [], committed: false, commit: null, diff, saved: false, elapsedMs: runner.now() - started };
    }
    const commitLine = renderCommitCommand(dialect, options, host);
    commit = await runner.run(commitLine, { checkErrors: false, timeoutMs: commitTimeout });
    const commitFailed =
      (dialect.config.commitFailure !== null && dialect.config.commitFailure.test(commit.output)) ||
      findDeviceFailure(commit.output, dialect) !== null;
    if (commitFailed) {
      let failedConfig = '';
      try {
        if (dialect.config.showFailed !== null && runner.current().level === 'config') {
          failedConfig = (await runner.run(dialect.config.showFailed, { checkErrors: false, timeoutMs: lineTimeout })).output;
        }
      } finally {
        await leaveConfigMode(runner, 'abort').catch((cleanup: unknown) => {
          runner.logger.error({ host, err: cleanup }, 'could not abort after a failed commit');
        });
      }
      throw new CommitError(commit.output, failedConfig, hostOpt);
    }
    committed = true;
  }

  await leaveConfigMode(runner, 'end');

  let saved = false;
  if (options.save) {
    if (dialect.config.save === null) {
      saved = committed; // the commit itself persists
    } else {
      const save = await runner.run(dialect.config.save, { checkErrors: false, timeoutMs: commitTimeout });
      const failure = findDeviceFailure(save.output, dialect);
      if (failure !== null) {
        throw new ConfigLineError(save.command, save.output, dialect.id, {
          ...hostOpt,
          code: failure.code,
          lineIndex: specs.length,
          applied,
          detail: `saving the configuration failed: ${failure.line}`,
        });
      }
      saved = true;
    }
  }

  return {
    lines: results,
    applied: hasCommit ? specs.map((s) => s.line) : applied,
    committed,
    commit,
    diff,
    saved,
    elapsedMs: runner.now() - started,
  };
}
