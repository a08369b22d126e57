/**
 * cBR-8 out-of-compliance enforcement (000:126-152, IOS-XE 3.18.0SP and later): when the evaluation period
 * expired (not registered for more than 90 days) or the authorization expired (registered but no CSSM contact for
 * more than 90 days) the Smart Agent notifies the platform, which locks three DOCSIS configuration commands. All
 * other commands stay configurable (so call-home can be fixed and the device registered), and only
 * running-config → startup-config may be copied. Registering again (→ Authorized or Out of Compliance) lifts it.
 *
 * The driver uses this to explain a refused line; the emulator's Smart Agent uses the same predicate to refuse it.
 */
import type { AuthorizationStatus, RegistrationStatus } from './types.js';

/** Why the platform enforces, or `none`. Plain Out of Compliance does not lock ([INF] from 000:144). */
export type EnforcementState = 'none' | 'eval-expired' | 'auth-expired';

export interface LockedCommand {
  /** The command as the seed documents it (000:140-142; the seed's `contoller` and `rf-chchannel` typos fixed). */
  readonly syntax: string;
  /** Matches a configuration line (with or without `no`, keywords possibly abbreviated). */
  readonly pattern: RegExp;
}

/** `upstream` → `up(?:s(?:t(?:r(?:e(?:a(?:m)?)?)?)?)?)?`: the keyword or any prefix of it down to `min` letters. */
function keyword(word: string, min: number): string {
  let tail = '';
  for (let i = word.length - 1; i >= min; i--) tail = `(?:${escape(word[i]!)}${tail})?`;
  return escape(word.slice(0, min)) + tail;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

/** The three commands locked while enforced (000:140-142). */
export const CBR8_LOCKED_COMMANDS: readonly LockedCommand[] = [
  {
    syntax: '[no] cable upstream shutdown <upstream-port-number>',
    // `cable upstream 0 shutdown` (interface form) and `cable upstream shutdown 0` (the seed's order).
    pattern: new RegExp(`^(?:no\\s+)?${keyword('cable', 3)}\\s+${keyword('upstream', 2)}\\s+(?:\\d+\\s+)?${keyword('shutdown', 4)}(?:\\s+\\d+)?$`, 'i'),
  },
  {
    syntax: 'controller upstream-cable <slot/subslot/controller-port-number>',
    pattern: new RegExp(`^(?:no\\s+)?${keyword('controller', 4)}\\s+${keyword('upstream-cable', 10)}\\s+\\d+\\/\\d+\\/\\d+$`, 'i'),
  },
  {
    syntax: 'rf-ch <channel-number>',
    pattern: /^(?:no\s+)?rf-ch(?:an(?:nel)?)?\s*\d+(?:\s.*)?$/i,
  },
];

/** The state the cBR-8 platform enforces for an agent state (000:128-138). */
export function cbr8EnforcementState(registration: RegistrationStatus | undefined, authorization: AuthorizationStatus | undefined): EnforcementState {
  if (authorization === 'evaluation-expired') return 'eval-expired';
  if (authorization === 'authorization-expired') return 'auth-expired';
  if (registration === 'registration-expired') return 'auth-expired';
  return 'none';
}

/** True when a configuration line is refused in this enforcement state. */
export function isLockedConfigLine(line: string, state: EnforcementState): boolean {
  if (state === 'none') return false;
  const text = line.trim().replace(/\s+/g, ' ');
  return CBR8_LOCKED_COMMANDS.some((c) => c.pattern.test(text));
}

/** The locked command that a line matches, or null (for messages). */
export function lockedCommandFor(line: string, state: EnforcementState): LockedCommand | null {
  if (state === 'none') return null;
  const text = line.trim().replace(/\s+/g, ' ');
  return CBR8_LOCKED_COMMANDS.find((c) => c.pattern.test(text)) ?? null;
}

const RUNNING_CONFIG = new RegExp(`^${keyword('running-config', 3)}$`);
const STARTUP_CONFIG = new RegExp(`^${keyword('startup-config', 5)}$`);

/**
 * While enforced, only running-config → startup-config may be copied (000:146-152). `source`/`destination` are
 * the `copy` arguments (`running-config`, `system:running-config`, `startup-config`, `nvram:startup-config` …).
 */
export function isCopyAllowed(source: string, destination: string, state: EnforcementState): boolean {
  if (state === 'none') return true;
  const src = source.trim().toLowerCase().replace(/^system:/, '');
  const dst = destination.trim().toLowerCase().replace(/^nvram:/, '');
  return RUNNING_CONFIG.test(src) && STARTUP_CONFIG.test(dst);
}
