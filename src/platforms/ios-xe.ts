import type { Dialect, PromptMatch } from './types.js';

/** `Router>`, `Router#`, `Router(config)#`, `Router(cfg-call-home-profile)#`, `Router(ca-trustpoint)#`. */
const PROMPT = /^([A-Za-z0-9][\w.-]{0,62})(?:\(([\w.-]+)\))?([>#])$/;

function parsePrompt(line: string): PromptMatch | null {
  const m = PROMPT.exec(line.trim());
  if (!m) return null;
  const [, hostname = '', mode = '', sigil] = m;
  if (mode !== '' && sigil !== '#') return null;
  return { hostname, mode, level: mode !== '' ? 'config' : sigil === '>' ? 'user' : 'privileged' };
}

export const iosXe: Dialect = {
  id: 'ios-xe',
  displayName: 'Cisco IOS-XE',
  promptAtEnd: /(?:^|[\r\n])([A-Za-z0-9][\w.-]{0,62}(?:\([\w.-]+\))?[>#]) ?$/,
  parsePrompt,
  onOpen: ['terminal length 0', 'terminal width 511'],
  pager: { marker: / ?--More-- ?$/, key: ' ' },
  execTimestamp: null,
  failureIndicators: [
    { pattern: /^% Invalid input detected at '\^' marker\./, code: 'E_CLI_INVALID_INPUT' },
    { pattern: /^% Incomplete command\./, code: 'E_CLI_INCOMPLETE' },
    { pattern: /^% Ambiguous command: /, code: 'E_CLI_AMBIGUOUS' },
    // `%Error opening bootflash:x (No such file or directory)` has no space after the `%`.
    { pattern: /^% ?(?:Error|Unknown command|Unrecognized (?:command|host)|Bad mask|Invalid)/i, code: 'E_DEVICE_COMMAND' },
  ],
  config: {
    enter: 'configure terminal',
    end: 'end',
    commit: null,
    abort: null,
    showFailed: null,
    save: 'write memory',
    uncommittedPrompt: null,
    commitFailure: null,
  },
  safeConfirmations: [{ prompt: /Destination filename \[startup-config\]\? ?$/, answer: '' }],
  versionSignature: /Cisco IOS[ -]XE Software|IOS-XE Software|Cisco IOS Software \[/,
  versionPattern: /Version ([\w.():-]+)/,
  privilege: { command: 'enable', passwordPrompt: /^Password: ?$/m },
};
