/**
 * Values a user (or an attacker writing a playbook, an inventory or an environment variable) could put where a
 * device will read them: line breaks that start a second command, control characters that edit the line (Ctrl-U,
 * Ctrl-Z leaves configuration mode), `?` (IOS prints help instead of running the line), pipes and separators,
 * `end` / `exit` tricks, over-long values, non-ASCII look-alikes, and what would break XML for NETCONF.
 *
 * `hostile(base)` builds each one around a valid value of the field under test, so that only the hostile part can
 * be what is refused.
 */
export interface HostileValue {
  readonly name: string;
  readonly value: string;
}

const SUFFIXES: readonly (readonly [string, string])[] = [
  ['line feed + command', '\nusername evil privilege 15 secret x'],
  ['carriage return + command', '\rno call-home'],
  ['CR LF + end', '\r\nend'],
  ['NUL', '\u0000'],
  ['Ctrl-U (erase line)', '\u0015no license smart'],
  ['Ctrl-Z (leave configuration)', '\u001aexit'],
  ['Ctrl-C', '\u0003'],
  ['ESC sequence', '\u001b[2K'],
  ['DEL', '\u007f'],
  ['TAB (completion)', '\t'],
  ['vertical tab', '\u000b'],
  ['form feed', '\u000c'],
  ['question mark (help)', '?'],
  ['pipe', '| redirect bootflash:x'],
  ['semicolon separator', ';reload'],
  ['ampersand separator', '&&reload'],
  ['space + end', ' end'],
  ['space + exit', ' exit'],
  ['line feed + exit', '\nexit'],
  ['unicode line separator', '\u2028end'],
  ['NEL (next line)', '\u0085end'],
  ['full-width question mark', '\uff1f'],
  ['non-ASCII letter', 'é'],
  ['zero-width space', '\u200b'],
  ['byte-order mark', '\ufeff'],
  ['XML markup', '<x/>'],
  ['XML entity', '&amp;'],
  ['NETCONF 1.0 end marker', ']]>]]>'],
  ['quote', '"'],
  ['backslash', '\\'],
  ['over-long (5000 characters)', 'a'.repeat(5000)],
];

/** Every hostile variant of `base` (the valid value of the field under test). */
export function hostile(base: string): HostileValue[] {
  return SUFFIXES.map(([name, suffix]) => ({ name, value: `${base}${suffix}` }));
}

/** How many kinds of hostile value the table holds. */
export const HOSTILE_KINDS = SUFFIXES.length;
