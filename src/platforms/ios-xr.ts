import type { Dialect, PromptMatch } from './types.js';

/** `RP/0/RP0/CPU0:ios#`, `RP/0/RP0/CPU0:ios(config)#`, `RP/0/RP0/CPU0:ios(config-call-home-profile)#`. */
const PROMPT = /^(?:([A-Z]+\/\d+\/[\w]+\/CPU\d+):)?([A-Za-z0-9][\w.-]{0,62})(?:\(([\w.-]+)\))?#$/;

function parsePrompt(line: string): PromptMatch | null {
  const m = PROMPT.exec(line.trim());
  if (!m) return null;
  const [, node, hostname = '', mode = ''] = m;
  const base: PromptMatch = { hostname, mode, level: mode !== '' ? 'config' : 'privileged' };
  return node === undefined ? base : { ...base, node };
}

export const iosXr: Dialect = {
  id: 'ios-xr',
  displayName: 'Cisco IOS-XR',
  promptAtEnd: /(?:^|[\r\n])((?:[A-Z]+\/\d+\/\w+\/CPU\d+:)?[A-Za-z0-9][\w.-]{0,62}(?:\([\w.-]+\))?#) ?$/,
  parsePrompt,
  onOpen: ['terminal length 0', 'terminal width 0'],
  pager: { marker: / ?--More-- ?$/, key: ' ' },
  /** `Tue Jul  2 13:13:37.123 UTC` (seed 001:565 `Mon Jul  6 07:25:24.369 UTC`, 004 uses `IST`). */
  execTimestamp: /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2}(?:\.\d{1,6})? [A-Z]{2,5}$/,
  failureIndicators: [
    { pattern: /^% Invalid input detected at '\^' marker\./, code: 'E_CLI_INVALID_INPUT' },
    { pattern: /^% Incomplete command\./, code: 'E_CLI_INCOMPLETE' },
    { pattern: /^% Ambiguous command: /, code: 'E_CLI_AMBIGUOUS' },
    { pattern: /^% (?:Error|Failed|Invalid)/i, code: 'E_DEVICE_COMMAND' },
  ],
  config: {
    enter: 'configure terminal',
    end: 'end',
    commit: 'commit',
    abort: 'abort',
    showFailed: 'show configuration failed',
    save: null,
    uncommittedPrompt: /Uncommitted changes found, commit them before exiting\(yes\/no\/cancel\)\? \[cancel\]: ?$/,
    commitFailure: /% Failed to commit/,
    enterExclusive: 'configure exclusive',
    showCandidateDiff: 'show commit changes diff',
  },
  safeConfirmations: [],
  versionSignature: /Cisco IOS XR Software|IOS-XR|IOS XR/,
  versionPattern: /Version ([\w.]+)/,
};
