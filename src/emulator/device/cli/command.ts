/**
 * What a command is, for the built-in platforms and for the layers that extend them (the Smart Agent adds
 * `license smart register idtoken <token> [force]`, `show license …`; NETCONF reads and edits the same
 * configuration). Two kinds:
 *
 * - `CommandDefinition`: an action (`show version`, `commit`, `terminal length 0`, `license smart renew`) run by
 *   a handler that prints output and may ask questions.
 * - `ConfigLineDefinition`: a configuration line (`hostname <name>`, `profile <name>` entering a sub-mode). The
 *   engine stores it in the configuration tree (IOS-XE at once, IOS-XR in the candidate until `commit`), handles
 *   its `no` form, logs it, and asks validators first; definitions are data, not code.
 *
 * Example (exec command):
 *
 *   const renew: CommandDefinition = {
 *     syntax: 'license smart renew {id|auth}:what',
 *     modes: ['exec'],
 *     run: async (ctx, m) => { ctx.print(`Renewing ${m.groups['what']}...`); },
 *   };
 */
import type { PlatformId } from '../../../platforms/types.js';
import type { ConfigOp } from '../config/ops.js';
import type { ConfigNode } from '../config/tree.js';
import type { ModeId, ModeSelector } from '../modes.js';
import type { ParsedCommand } from './parse.js';

/** A matched line: arguments by name, keywords seen, named keyword groups, canonical words. */
export type CommandMatch = Omit<ParsedCommand<unknown>, 'payload'>;

export interface TerminalSettings {
  /** Lines per page; 0 = no paging (`terminal length 0`). */
  readonly length: number;
  readonly width: number;
  /** IOS-XR prints a timestamp line before each exec output until `terminal exec prompt no-timestamp`. */
  readonly timestamps: boolean;
}

export interface SessionView {
  readonly id: number;
  readonly user: string;
  readonly privilege: number;
  readonly remoteAddress: string;
  readonly mode: ModeId;
  /** Block lines of the sub-mode being edited (`['call-home', 'profile "CiscoTAC-1"']`), [] outside them. */
  readonly configPath: readonly string[];
  readonly terminal: TerminalSettings;
}

/** The IOS-XR candidate configuration of a session in configuration mode. */
export interface CandidateView {
  /** Ops typed since `configure` (or the last commit/abort). */
  readonly ops: readonly ConfigOp[];
  /** Running configuration with the ops applied. */
  tree(): ConfigNode;
}

/** Session operations that built-in commands need (mode changes, terminal settings, closing). */
export interface SessionControl {
  pushMode(mode: ModeId, path?: readonly string[]): void;
  popMode(): void;
  /** Replaces the whole mode stack (IOS-XE `disable`). */
  resetMode(mode: ModeId): void;
  /** Back to privileged exec (IOS-XE `end`; IOS-XR after the candidate was dealt with). */
  leaveConfig(): void;
  setPrivilege(level: number): void;
  setTerminal(settings: Partial<TerminalSettings>): void;
  /** Ends the session (`exit` / `logout` in exec). */
  close(): void;
  /** Runs a line as if typed in `mode` (used by `do`); errors print as usual. */
  executeIn(mode: ModeId, line: string, fromOffset: number): Promise<void>;
  /** IOS-XR: this session's candidate, while in configuration mode. */
  readonly candidate: CandidateSession | undefined;
  /** IOS-XR: opens the candidate (`configure [exclusive]`); false when another session holds the exclusive lock. */
  startCandidate(exclusive: boolean): boolean;
  /** The command log entry of this line says the configuration changed (a commit that applied changes). */
  markConfigChanged(): void;
  /** The command log entry of this line says it failed (a refused commit). */
  markFailed(): void;
}

/** IOS-XR candidate operations available to commands (`commit`, `abort`, `show configuration`). */
export interface CandidateSession extends CandidateView {
  readonly exclusive: boolean;
  clear(): void;
}

export interface AskOptions {
  /** Do not echo the answer and log it redacted (passwords). */
  readonly secret?: boolean;
}

export interface CommandContext {
  /** The device (identity, configuration, syslog, clock, command log). */
  readonly device: import('../types.js').EmulatedDevice;
  readonly platform: PlatformId;
  readonly session: SessionView;
  readonly control: SessionControl;
  /** The device clock, epoch ms. */
  now(): number;
  /** Adds output lines (`\n` inside the text splits lines). */
  print(text: string | readonly string[]): void;
  /**
   * Prints what was printed so far plus `question` (no newline), and resolves with the next line the client
   * types (logged as an `answer`). IOS prompts: `Destination filename [startup-config]? `.
   */
  ask(question: string, options?: AskOptions): Promise<string>;
}

export type CommandKind = 'exec' | 'mode' | 'commit';

export interface CommandDefinition {
  /** Syntax (cli/syntax.ts); several strings = several spellings of one command. */
  readonly syntax: string | readonly string[];
  readonly modes: readonly ModeSelector[];
  readonly run: (ctx: CommandContext, match: CommandMatch) => void | Promise<void>;
  /** How the command log classifies it: `exec` (default), `mode` (navigation), `commit`. */
  readonly kind?: CommandKind;
  /** IOS-XR: print the timestamp line before the output (default: true in exec modes, false in config modes). */
  readonly timestamp?: boolean;
  /** Output can be filtered with `| include …` (default: true when the syntax starts with `show`). */
  readonly pipes?: boolean;
  /** Replace a built-in command with the same syntax instead of failing. */
  readonly override?: boolean;
}

export type Negation = 'remove' | 'store' | 'default-on';

export interface ConfigOpContext {
  /** The configuration the line applies to (IOS-XE running, IOS-XR candidate). */
  readonly view: ConfigNode;
  readonly path: readonly string[];
  readonly negated: boolean;
  /** The order the engine would give the line. */
  readonly order: number;
}

export interface ConfigLineDefinition {
  readonly syntax: string | readonly string[];
  readonly modes: readonly ModeSelector[];
  /** The line as stored and printed; default: the canonical words (keywords in full) joined by spaces. */
  readonly line?: (m: CommandMatch) => string;
  /** One value per parent: a new value replaces the old one, and `no <keywords>` works without the value. */
  readonly single?: boolean;
  /** Identity among siblings; default: the keywords before the first argument when `single`, else the line. */
  readonly key?: (m: CommandMatch) => string;
  /** A sub-mode line: entering it pushes this mode, with the line appended to the path. */
  readonly enters?: ModeId;
  /**
   * `no <line>`: `remove` (default) deletes it; `store` keeps `no <line>` in its place (printed, replaced by the
   * positive form); `default-on` is like `store` but the positive form is the default and prints nothing;
   * `false` refuses the `no` form.
   */
  readonly negation?: Negation | false;
  /** The line kept by `no …` for `store` / `default-on` (default `no <line>`). */
  readonly negatedLine?: (m: CommandMatch) => string;
  /** Position among siblings (lower first); default: declaration order. */
  readonly order?: number;
  /** Refuses a line at entry with these output lines (e.g. `Bad mask …`); return undefined to accept. */
  readonly check?: (m: CommandMatch) => readonly string[] | undefined;
  /** Custom edit for lines that merge with existing ones (`ip name-server a b`). */
  readonly ops?: (m: CommandMatch, context: ConfigOpContext) => readonly ConfigOp[];
  readonly override?: boolean;
}
