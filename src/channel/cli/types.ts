/** What the CLI channel takes and returns. */
import type { Secret } from '../../secret.js';

/**
 * An interactive question the device may ask in the middle of a command, and the answer to give.
 * Only questions listed here (or in the dialect's `safeConfirmations`) are ever answered.
 */
export interface ExpectAnswer {
  /**
   * The question. It must end what the device printed since the command (or the previous answer), trailing
   * whitespace aside. A string matches literally (`[confirm]`, `[yes/no]:`).
   */
  readonly prompt: RegExp | string;
  /** What to type. May span lines (a PEM paste); no other control characters. */
  readonly answer: string | Secret;
  /** Send a newline after the answer. Default true. For `[confirm]`, answer `''` (a bare newline). */
  readonly newline?: boolean;
  /** Log `***` instead of the answer (always so for a `Secret`). */
  readonly redact?: boolean;
  /** How many times this question may be answered within one command. Default 1. */
  readonly times?: number;
}

export interface SendOptions {
  /** Milliseconds to wait for the prompt after the command. Default: the channel's `commandTimeoutMs`. */
  readonly timeoutMs?: number;
  readonly expect?: readonly ExpectAnswer[];
  /** Log `***` instead of the command, and scrub it from `raw` and errors. */
  readonly redact?: boolean;
  /** Throw `DeviceCommandError` when the output shows a device error. Default true. */
  readonly checkErrors?: boolean;
}

/**
 * The CLI mode as the prompt shows it: `user` (`Router>`), `privileged` (`Router#`), or the name inside the
 * parentheses in configuration mode (`config`, `cfg-call-home`, `cfg-call-home-profile`, `ca-trustpoint`,
 * `config-call-home` …).
 */
export type CliMode = string;

export interface CommandResult {
  /** The command as sent (`***` when redacted). */
  readonly command: string;
  /** The device's answer: echo, IOS-XR timestamp line and trailing prompt removed, lines joined by `\n`. */
  readonly output: string;
  /** Everything the device sent for this command, as received (redacted commands scrubbed). */
  readonly raw: string;
  readonly elapsedMs: number;
  /** The prompt that ended the output, e.g. `Router(config)#`. */
  readonly prompt: string;
  readonly mode: CliMode;
  /** The IOS-XR timestamp line removed from the output, if there was one. */
  readonly timestamp: string | null;
  /** The questions answered on the way (the text that matched), in order. */
  readonly answered: readonly string[];
}

/** One configuration line, with its own answers when the line is interactive (`crypto pki authenticate`). */
export interface ConfigLineSpec {
  readonly line: string;
  readonly expect?: readonly ExpectAnswer[];
  readonly redact?: boolean;
  readonly timeoutMs?: number;
}

export type ConfigLine = string | ConfigLineSpec;

export interface ConfigOptions {
  /** Per-line timeout in ms. Default: the channel's `commandTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Timeout for `commit` / `write memory`, in ms. Default 120000. */
  readonly commitTimeoutMs?: number;
  /** IOS-XR: `configure exclusive` (locks out other sessions' changes). */
  readonly exclusive?: boolean;
  /** IOS-XR: commit the candidate (default true); `false` discards it with `abort` after the lines (a dry run). */
  readonly commit?: boolean;
  /** IOS-XR: `commit comment <text>` (up to 60 characters). */
  readonly comment?: string;
  /** IOS-XR: `commit label <label>` (a letter, then letters, digits, `_` or `-`). */
  readonly label?: string;
  /** IOS-XR: `commit confirmed <seconds>` (30-65535); confirm later with `confirmCommit()`. */
  readonly confirmed?: number;
  /** IOS-XR: capture `show commit changes diff` before committing. */
  readonly diff?: boolean;
  /** IOS-XE: `write memory` after leaving configuration mode. IOS-XR commits persist, so it is a no-op there. */
  readonly save?: boolean;
}

export interface ConfigResult {
  /** One result per configuration line, in order; `mode` is the mode after that line. */
  readonly lines: readonly CommandResult[];
  /** Lines that took effect (IOS-XE: all accepted lines; IOS-XR: all lines once committed, none otherwise). */
  readonly applied: readonly string[];
  /** IOS-XR: the commit succeeded. IOS-XE: true (lines apply as they are typed). */
  readonly committed: boolean;
  /** IOS-XR: the `commit` command's result. */
  readonly commit: CommandResult | null;
  /** IOS-XR with `diff: true`: the candidate's `show commit changes diff`. */
  readonly diff: string | null;
  readonly saved: boolean;
  readonly elapsedMs: number;
}
