/**
 * How each licensing setting is typed on each platform: the line, its `no` form, and how it goes back to "not
 * configured". IOS-XE lines whose `no` form is itself printed (`no ip domain lookup`, `no active`, `no reporting
 * smart-licensing-data`) return to nothing with `default <line>`.
 */
import type { ExpectAnswer } from '../channel/cli/types.js';
import type { PlatformId } from '../platforms/types.js';
import type { PlannedEdit } from './planned-edit.js';
import type { Explicit, NameServer } from './licensing-config.js';

export function addLine(path: readonly string[], line: string, extra: Partial<PlannedEdit> = {}): PlannedEdit {
  return { path, line, op: 'add', command: line, ...extra };
}

export function removeLine(path: readonly string[], line: string, command = `no ${line}`, extra: Partial<PlannedEdit> = {}): PlannedEdit {
  return { path, line, op: 'remove', command, ...extra };
}

/** A sub-mode line typed to create the block (`profile test1`, `crypto pki trustpoint cisco`). */
export function addBlock(path: readonly string[], line: string): PlannedEdit {
  return { path, line, op: 'add', command: line, enters: true };
}

/**
 * A line kept in both forms (IOS-XE `store`): `on` types the line, `off` its `no` form, `null` resets it.
 * `line` is the form typed; `printed` the form the device prints (for the diff).
 */
export function explicitLine(platform: PlatformId, path: readonly string[], line: string, target: Explicit, printed = line): PlannedEdit {
  if (target === true) return addLine(path, printed, { command: line });
  if (target === false) return removeLine(path, printed, `no ${line}`);
  return removeLine(path, printed, platform === 'ios-xe' ? `default ${line}` : `no ${line}`);
}

export function nameServerEdits(platform: PlatformId, servers: readonly NameServer[], op: 'add' | 'remove'): PlannedEdit[] {
  const byVrf = new Map<string | null, string[]>();
  for (const s of servers) byVrf.set(s.vrf, [...(byVrf.get(s.vrf) ?? []), s.address]);
  const edits: PlannedEdit[] = [];
  for (const [vrf, addresses] of byVrf) {
    if (platform === 'ios-xe') {
      // IOS-XE keeps one line per VRF listing up to six servers; `ip name-server a b` adds to it.
      const line = `ip name-server ${vrf === null ? '' : `vrf ${vrf} `}${addresses.join(' ')}`;
      edits.push(op === 'add' ? addLine([], line) : removeLine([], line));
    } else {
      for (const address of addresses) {
        const line = vrf === null ? `domain name-server ${address}` : `domain vrf ${vrf} name-server ${address}`;
        edits.push(op === 'add' ? addLine([], line) : removeLine([], line));
      }
    }
  }
  return edits;
}

export function domainNameEdit(platform: PlatformId, target: string | null, current: string | null): PlannedEdit {
  const head = platform === 'ios-xe' ? 'ip domain name' : 'domain name';
  return target === null ? removeLine([], `${head} ${current ?? ''}`.trim(), `no ${head}`) : addLine([], `${head} ${target}`);
}

/** IOS-XE: `ip domain-lookup` (000:48) / `no …` / `default …`; IOS-XR: on unless `domain lookup disable`. */
export function domainLookupEdit(platform: PlatformId, target: Explicit): PlannedEdit {
  if (platform === 'ios-xe') return explicitLine(platform, [], 'ip domain-lookup', target, 'ip domain lookup');
  return target === false ? addLine([], 'domain lookup disable') : removeLine([], 'domain lookup disable');
}

/** IOS-XE `service call-home` (global); IOS-XR `service active` under `call-home` (001:270). */
export function serviceActiveEdit(platform: PlatformId, target: Explicit): PlannedEdit {
  if (platform === 'ios-xe') return explicitLine(platform, [], 'service call-home', target);
  return target === true ? addLine(['call-home'], 'service active') : removeLine(['call-home'], 'service active');
}

export function httpClientEdit(platform: PlatformId, family: 'any' | 'ipv4' | 'ipv6', target: string | null, current: string | null): PlannedEdit {
  if (platform === 'ios-xe') {
    return target === null
      ? removeLine([], `ip http client source-interface ${current ?? ''}`.trim(), 'no ip http client source-interface')
      : addLine([], `ip http client source-interface ${target}`);
  }
  const line = `http client source-interface ${family} ${target ?? current ?? ''}`;
  return target === null ? removeLine([], line) : addLine([], line);
}

export function profilePath(name: string): readonly string[] {
  return ['call-home', `profile ${name}`];
}

/** IOS-XE keeps `no destination transport-method email`; IOS-XR prints it as `… email disable` (both typed the same). */
export function emailTransportEdit(path: readonly string[], on: boolean): PlannedEdit {
  return on ? addLine(path, 'destination transport-method email') : removeLine(path, 'destination transport-method email');
}

/** `no crypto pki trustpoint <name>` asks before destroying the certificates it holds. */
export const CONFIRM_DESTROY: ExpectAnswer = { prompt: /Are you sure you want to do this\? \[yes\/no\]: ?$/, answer: 'yes' };

/** `crypto pki authenticate <name>`: paste the PEM ending in `quit`, then accept the fingerprint (000:527, seed prompts). */
export function authenticateAnswers(pem: string): readonly ExpectAnswer[] {
  return [
    { prompt: /End with a blank line or the word "quit" on a line by itself\s*$/, answer: `${pem}\nquit` },
    { prompt: /Do you accept this certificate\? \[yes\/no\]: ?$/, answer: 'yes' },
  ];
}
