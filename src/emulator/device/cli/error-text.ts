/**
 * The exact IOS / IOS-XR texts for a line the parser refused. The caret line counts the prompt: IOS prints
 * the marker under the offending character of the line as it appeared on the terminal.
 *
 *   Router#show vlan                      RP/0/RP0/CPU0:ios#show foo
 *               ^                                            ^
 *   % Invalid input detected at '^' marker.   % Invalid input detected at '^' marker.
 *   (blank line on IOS-XE)
 */
import type { PlatformId } from '../../../platforms/types.js';

export type InputErrorKind = 'invalid' | 'incomplete' | 'ambiguous';

/** Thrown by a command handler to report an input error exactly as the parser would. */
export class CliInputError extends Error {
  constructor(
    readonly kind: InputErrorKind,
    /** Character offset into the line for `invalid` / `ambiguous`. */
    readonly offset = 0,
  ) {
    super(`CLI ${kind} input at ${offset}`);
  }
}

export function inputErrorLines(
  platform: PlatformId,
  kind: InputErrorKind,
  prompt: string,
  line: string,
  offset: number,
): string[] {
  const trailer = platform === 'ios-xe' ? [''] : [];
  switch (kind) {
    case 'invalid':
      return [`${' '.repeat(prompt.length + offset)}^`, "% Invalid input detected at '^' marker.", ...trailer];
    case 'incomplete':
      return ['% Incomplete command.', ...trailer];
    case 'ambiguous':
      return [`% Ambiguous command:  "${line.trim()}"`];
  }
}
