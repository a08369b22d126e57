/**
 * The show commands smartlic parses, and IOS-style abbreviation: every word may be cut to a prefix
 * (`sh lic sta` → `show license status`) as long as only one command fits; output modifiers after `|` are kept
 * apart (`show cable license all | begin D3.1`, `show logging | include SMART|CALL`).
 */
import { ParseError } from '../errors.js';
import type { LicenseReportKind } from './types.js';

/** The license report commands (one result shape, `LicenseReport`) and the rest. */
export type CommandKey =
  | LicenseReportKind
  | 'license-platform-summary'
  | 'license-platform-detail'
  | 'license-eventlog'
  | 'license-history-message'
  | 'license-rum-reports'
  | 'license-rum-report-detail'
  | 'license-traditional'
  | 'call-home-profiles'
  | 'call-home'
  | 'call-home-detail'
  | 'call-home-smart-licensing-statistics'
  | 'call-home-smart-licensing'
  | 'call-home-statistics'
  | 'call-home-alert-group'
  | 'call-home-diagnostic-signature'
  | 'call-home-events'
  | 'call-home-mail-server-status'
  | 'call-home-version'
  | 'running-config-call-home'
  | 'cable-license'
  | 'logging'
  | 'controllers-optics'
  | 'hw-module-mxponder';

/** A word of a command pattern: a keyword, an argument (`{name}`), or either of them optional (`[...]`). */
interface Word {
  readonly text: string;
  readonly arg: boolean;
  readonly optional: boolean;
}

interface CommandPattern {
  readonly key: CommandKey;
  readonly pattern: string;
  readonly words: readonly Word[];
}

function compile(key: CommandKey, pattern: string): CommandPattern {
  const words = pattern.split(' ').map((w): Word => {
    const optional = w.startsWith('[') && w.endsWith(']');
    const inner = optional ? w.slice(1, -1) : w;
    const arg = inner.startsWith('{') && inner.endsWith('}');
    return { text: arg ? inner.slice(1, -1) : inner, arg, optional };
  });
  return { key, pattern, words };
}

export const COMMAND_PATTERNS: readonly CommandPattern[] = [
  compile('license-status', 'show license status'),
  compile('license-all', 'show license all'),
  compile('license-summary', 'show license summary'),
  compile('license-usage', 'show license usage'),
  compile('license-udi', 'show license udi'),
  compile('license-tech-support', 'show license tech [support]'),
  compile('license-authorization', 'show license authorization'),
  compile('license-platform-summary', 'show license platform summary'),
  compile('license-platform-detail', 'show license platform detail'),
  compile('license-eventlog', 'show license eventlog [{days}]'),
  compile('license-history-message', 'show license history message'),
  compile('license-rum-reports', 'show license rum id all'),
  compile('license-rum-report-detail', 'show license rum id {id} detail'),
  compile('license-traditional', 'show license'),
  compile('call-home-profiles', 'show call-home profile all'),
  compile('call-home-profiles', 'show call-home profile {name}'),
  compile('call-home', 'show call-home'),
  compile('call-home-detail', 'show call-home detail'),
  compile('call-home-smart-licensing-statistics', 'show call-home smart-licensing statistics'),
  compile('call-home-smart-licensing', 'show call-home smart-licensing'),
  compile('call-home-statistics', 'show call-home statistics'),
  compile('call-home-alert-group', 'show call-home alert-group'),
  compile('call-home-diagnostic-signature', 'show call-home diagnostic-signature'),
  compile('call-home-events', 'show call-home events'),
  compile('call-home-mail-server-status', 'show call-home mail-server status'),
  compile('call-home-version', 'show call-home version'),
  compile('running-config-call-home', 'show running-config call-home'),
  compile('cable-license', 'show cable license all'),
  compile('cable-license', 'show cable license [{which}]'),
  compile('logging', 'show logging'),
  compile('controllers-optics', 'show controllers optics {port}'),
  compile('hw-module-mxponder', 'show hw-module location {location} mxponder'),
  compile('hw-module-mxponder', 'show hw-module location {location} mxponder-slice {slice}'),
];

export interface ResolvedCommand {
  readonly key: CommandKey;
  /** The command spelled out in full, with its arguments: `show call-home profile CiscoTAC-1`. */
  readonly canonical: string;
  readonly args: Readonly<Record<string, string>>;
  /** The output modifier after `|`, if any (`begin D3.1`). */
  readonly pipe: string | null;
}

interface Match {
  readonly pattern: CommandPattern;
  readonly exact: number;
  readonly literals: number;
  readonly canonical: string[];
  readonly args: Record<string, string>;
}

function match(pattern: CommandPattern, tokens: readonly string[]): Match | null {
  const canonical: string[] = [];
  const args: Record<string, string> = {};
  let exact = 0;
  let literals = 0;
  let t = 0;
  for (const word of pattern.words) {
    const token = tokens[t];
    if (token === undefined) {
      if (word.optional) continue;
      return null;
    }
    if (word.arg) {
      args[word.text] = token;
      canonical.push(token);
      t++;
      continue;
    }
    const lower = token.toLowerCase();
    if (word.text.startsWith(lower)) {
      if (lower === word.text) exact++;
      literals++;
      canonical.push(word.text);
      t++;
      continue;
    }
    if (word.optional) continue;
    return null;
  }
  if (t !== tokens.length) return null;
  return { pattern, exact, literals, canonical, args };
}

/** Resolutions of commands already seen, or why they do not resolve (a fleet parses the same few commands). */
const resolved = new Map<string, ResolvedCommand | string>();
const RESOLVED_MAX = 512;

function lookup(input: string): ResolvedCommand | string {
  let entry = resolved.get(input);
  if (entry === undefined) {
    entry = resolveUncached(input);
    if (typeof entry !== 'string') {
      Object.freeze(entry.args);
      Object.freeze(entry);
    }
    if (resolved.size >= RESOLVED_MAX) resolved.clear();
    resolved.set(input, entry);
  }
  return entry;
}

/**
 * Resolves a typed show command. Throws `ParseError` when no parser handles it or when an abbreviation fits
 * more than one command.
 */
export function resolveCommand(input: string): ResolvedCommand {
  const entry = lookup(input);
  if (typeof entry === 'string') throw new ParseError(input, entry);
  return entry;
}

/** {@link resolveCommand} without the error: null when no parser handles the command or it is ambiguous. */
export function findCommand(input: string): ResolvedCommand | null {
  const entry = lookup(input);
  return typeof entry === 'string' ? null : entry;
}

/** The command resolved, or the reason it does not resolve. */
function resolveUncached(input: string): ResolvedCommand | string {
  const text = input.trim().replace(/^do\s+/i, '');
  const bar = text.indexOf('|');
  const base = (bar === -1 ? text : text.slice(0, bar)).trim();
  const pipe = bar === -1 ? null : text.slice(bar + 1).trim();
  const tokens = base.split(/\s+/).filter((w) => w.length > 0);
  if (tokens.length === 0) return 'no command given';

  // `show running-config | section call-home` is the IOS-XE way to print the call-home block.
  if (tokens.length === 2 && 'show'.startsWith(tokens[0]!.toLowerCase()) && 'running-config'.startsWith(tokens[1]!.toLowerCase()) && tokens[1]!.length >= 3) {
    if (pipe !== null && /call-home/i.test(pipe)) {
      return { key: 'running-config-call-home', canonical: 'show running-config call-home', args: {}, pipe };
    }
  }

  const matches = COMMAND_PATTERNS.map((p) => match(p, tokens)).filter((m): m is Match => m !== null);
  if (matches.length === 0) {
    return `no parser for this command (supported: ${[...new Set(COMMAND_PATTERNS.map((p) => p.pattern.replace(/\[\{\w+\}\]|\{\w+\}/g, '<arg>').replace(/[[\]]/g, '')))].join('; ')})`;
  }
  // Keywords beat arguments (`profile all` over `profile {name}`); whole words beat prefixes.
  const best = matches.reduce((a, b) => (b.literals > a.literals || (b.literals === a.literals && b.exact > a.exact) ? b : a));
  const rivals = matches.filter((m) => m.literals === best.literals && m.exact === best.exact && m.pattern.key !== best.pattern.key);
  if (rivals.length > 0) {
    const names = [best, ...rivals].map((m) => `"${m.canonical.join(' ')}"`).join(', ');
    return `ambiguous command: could be ${names}`;
  }
  return { key: best.pattern.key, canonical: best.canonical.join(' '), args: best.args, pipe };
}
