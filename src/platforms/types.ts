/**
 * A platform is data plus a few small hooks: prompt patterns, error patterns, the paging commands, how to
 * enter and leave configuration mode and whether a commit is needed. The channel, the driver and the
 * emulator read the same objects, so adding an OS (or an OS release's quirk) is a data change.
 */
import type { DeviceCommandCode } from '../errors.js';

export type PlatformId = 'ios-xe' | 'ios-xr';

export const PLATFORM_IDS: readonly PlatformId[] = ['ios-xe', 'ios-xr'];

export function isPlatformId(value: unknown): value is PlatformId {
  return value === 'ios-xe' || value === 'ios-xr';
}

/** A CLI mode as the prompt shows it. `name` is the text inside the parentheses, '' outside config. */
export interface PromptMatch {
  readonly hostname: string;
  /** `user` (`>`), `privileged` (`#` outside config), `config` (any `(…)#`). */
  readonly level: 'user' | 'privileged' | 'config';
  /** The parenthesised mode name (`config`, `cfg-call-home`, `config-call-home-profile` …), '' outside config. */
  readonly mode: string;
  /** IOS-XR only: the node prefix, e.g. `RP/0/RP0/CPU0`. */
  readonly node?: string;
}

export interface FailureIndicator {
  /** Matched against each output line (not the echo). */
  readonly pattern: RegExp;
  readonly code: DeviceCommandCode;
}

export interface Confirmation {
  /** A question the device may ask in the middle of a command. */
  readonly prompt: RegExp;
  /** What to answer; `''` sends just a newline. */
  readonly answer: string;
}

export interface ConfigDialect {
  /** Command that enters global configuration mode. */
  readonly enter: string;
  /** Command that leaves configuration mode from any sub-mode. */
  readonly end: string;
  /** Command that applies the candidate (IOS-XR), or null where every line applies at once (IOS-XE). */
  readonly commit: string | null;
  /** Command that throws the candidate away (IOS-XR), or null. */
  readonly abort: string | null;
  /** Command that shows why the last commit failed, or null. */
  readonly showFailed: string | null;
  /** Command that saves running to startup (IOS-XE `write memory`), or null where commit already persists. */
  readonly save: string | null;
  /** The question asked when leaving config mode with uncommitted changes (IOS-XR). */
  readonly uncommittedPrompt: RegExp | null;
  /** Output of a failed commit. */
  readonly commitFailure: RegExp | null;
  /** Enters configuration mode with a lock against other sessions' changes (IOS-XR `configure exclusive`). */
  readonly enterExclusive?: string;
  /** Shows what the candidate would change (IOS-XR `show commit changes diff`). */
  readonly showCandidateDiff?: string;
}

/** How to go from user EXEC (`Router>`) to privileged EXEC (`Router#`). */
export interface PrivilegeEscalation {
  readonly command: string;
  /** The password question the device may ask. */
  readonly passwordPrompt: RegExp;
}

export interface Dialect {
  readonly id: PlatformId;
  readonly displayName: string;
  /** Matches a prompt at the very end of the output buffer (anchored at the end). */
  readonly promptAtEnd: RegExp;
  /** Parses one prompt string (no trailing space) into its parts, or null when it is not a prompt. */
  parsePrompt(line: string): PromptMatch | null;
  /** Commands sent right after the shell opens to make output machine-friendly. */
  readonly onOpen: readonly string[];
  /** Pager marker printed when paging is still on, and the key that shows the next page. */
  readonly pager: { readonly marker: RegExp; readonly key: string };
  /** IOS-XR prints a timestamp line before each exec output (`Tue Jul  2 13:13:37.123 UTC`). */
  readonly execTimestamp: RegExp | null;
  readonly failureIndicators: readonly FailureIndicator[];
  readonly config: ConfigDialect;
  /** Confirmations that are always safe to answer with the default (e.g. `Destination filename [startup-config]?`). */
  readonly safeConfirmations: readonly Confirmation[];
  /** Recognises this platform from `show version` output. */
  readonly versionSignature: RegExp;
  /** Extracts the software version string from `show version`, or null. */
  readonly versionPattern: RegExp;
  /** Present where a session can land in user EXEC (IOS-XE `enable`). */
  readonly privilege?: PrivilegeEscalation;
}
