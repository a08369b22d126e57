/**
 * Reads the licensing configuration out of `show running-config` text, as IOS-XE and IOS-XR print it (one space
 * of indentation per level; `!` separators and comments; IOS-XE quotes profile names; IOS-XR prints `no
 * destination transport-method email` as `destination transport-method email disable`). Lines outside the
 * licensing configuration are ignored, so a whole running configuration reads as well as its sections.
 */
import type { PlatformId } from '../platforms/types.js';
import {
  emptyLicensingConfig,
  emptyProfile,
  emptyTrustpoint,
  type CaCertificateEntry,
  type CallHomeProfileState,
  type CallHomeState,
  type Explicit,
  type LicensingConfig,
  type NameServer,
  type TrustpointState,
} from './licensing-config.js';

/**
 * The commands whose output `readLicensingConfig` reads. IOS-XE: one `| section` over the licensing lines (the
 * rest of the line is one regular expression, as in 000:1029 `| include SMART|CALL`); IOS-XR: one section each.
 */
export const LICENSING_CONFIG_COMMANDS: Readonly<Record<PlatformId, readonly string[]>> = {
  'ios-xe': [
    'show running-config | section ^ip name-server|^ip domain|^no ip domain|^service call-home|^no service call-home|^call-home|^crypto pki|^ip http client',
  ],
  'ios-xr': [
    'show running-config domain',
    'show running-config call-home',
    'show running-config crypto',
    'show running-config http client',
    'show running-config license',
  ],
};

interface Node {
  readonly text: string;
  readonly children: Node[];
}

/** Running-config lines that are not configuration. */
const DECORATION = /^(?:!.*|Building configuration\.\.\.|Current configuration\s*:.*|end|% No such configuration item\(s\)|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \w+)$/;

function parseTree(text: string): Node[] {
  const roots: Node[] = [];
  const stack: { indent: number; node: Node }[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const body = raw.trim();
    if (body === '' || DECORATION.test(body)) continue;
    const indent = /^ */.exec(raw)?.[0].length ?? 0;
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? -1) >= indent) stack.pop();
    const node: Node = { text: body.replace(/\s+/g, ' '), children: [] };
    const parent = stack[stack.length - 1];
    if (parent === undefined) roots.push(node);
    else parent.node.children.push(node);
    stack.push({ indent, node });
  }
  return roots;
}

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1');
}

function readProfile(name: string, lines: readonly Node[]): CallHomeProfileState {
  let profile = emptyProfile(name);
  const addresses: string[] = [];
  for (const { text } of lines) {
    const negated = text.startsWith('no ');
    const rest = negated ? text.slice(3) : text;
    let m: RegExpExecArray | null;
    if (rest === 'active') profile = { ...profile, active: !negated };
    else if (rest === 'reporting smart-licensing-data' || rest === 'reporting all') profile = { ...profile, reportingSmartLicensing: !negated };
    else if (rest === 'destination transport-method http') profile = { ...profile, transportHttp: !negated };
    else if ((negated && rest === 'destination transport-method email') || text === 'destination transport-method email disable') {
      profile = { ...profile, emailTransport: false };
    } else if (!negated && (m = /^destination address http (\S+)$/.exec(rest)) !== null) addresses.push(m[1] ?? '');
    else if (!negated && (m = /^destination (?:preferred-)?msg-format (\S+)$/.exec(rest)) !== null) profile = { ...profile, messageFormat: m[1] ?? null };
  }
  return { ...profile, httpAddresses: addresses };
}

function readCallHome(children: readonly Node[], platform: PlatformId): { callHome: CallHomeState; serviceActive: Explicit } {
  let contactEmail: string | null = null;
  let contactSmartLicensing = false;
  let httpProxy: CallHomeState['httpProxy'] = null;
  let serviceActive: Explicit = null;
  const profiles: CallHomeProfileState[] = [];
  for (const node of children) {
    const { text } = node;
    let m: RegExpExecArray | null;
    if ((m = /^profile (.+)$/.exec(text)) !== null) profiles.push(readProfile(unquote(m[1] ?? ''), node.children));
    else if ((m = /^contact-email-addr(?:ess)? (\S+)$/.exec(text)) !== null) contactEmail = m[1] ?? null;
    else if (text === 'contact smart-licensing') contactSmartLicensing = true;
    else if ((m = /^http-proxy ("[^"]+"|\S+) port (\d+)$/.exec(text)) !== null) httpProxy = { address: unquote(m[1] ?? ''), port: Number(m[2]) };
    else if (platform === 'ios-xr' && text === 'service active') serviceActive = true;
  }
  return { callHome: { contactEmail, contactSmartLicensing, httpProxy, profiles }, serviceActive };
}

function readChain(children: readonly Node[]): { ca: CaCertificateEntry[]; other: string[] } {
  const ca: CaCertificateEntry[] = [];
  const other: string[] = [];
  for (const node of children) {
    const m = /^certificate (ca )?(\S+)$/.exec(node.text);
    if (m === null) continue;
    if (m[1] === undefined) {
      other.push(m[2] ?? '');
      continue;
    }
    const hex = node.children
      .map((c) => c.text)
      .filter((t) => /^[0-9A-Fa-f]+(?: [0-9A-Fa-f]+)*$/.test(t))
      .join('')
      .replace(/ /g, '')
      .toUpperCase();
    ca.push({ serial: m[2] ?? '', derHex: hex });
  }
  return { ca, other };
}

function trustpointOf(list: TrustpointState[], name: string): TrustpointState {
  let tp = list.find((t) => t.name === name);
  if (tp === undefined) {
    tp = emptyTrustpoint(name);
    list.push(tp);
  }
  return tp;
}

function replaceTrustpoint(list: TrustpointState[], next: TrustpointState): void {
  list[list.findIndex((t) => t.name === next.name)] = next;
}

/** Reads the licensing configuration from `show running-config` text (whole, or the sections of `LICENSING_CONFIG_COMMANDS`). */
export function readLicensingConfig(text: string | readonly string[], platform: PlatformId): LicensingConfig {
  const roots = parseTree(typeof text === 'string' ? text : text.join('\n'));
  const empty = emptyLicensingConfig(platform);
  const nameServers: NameServer[] = [];
  let domainName: string | null = null;
  let domainLookup: Explicit = null;
  let serviceActive: Explicit = null;
  let callHome: CallHomeState | null = null;
  const trustpoints: TrustpointState[] = [];
  let trustpool = null as LicensingConfig['trustpool'];
  let httpClient = empty.httpClient;
  let flexibleConsumption = false;
  const addServers = (vrf: string | null, addresses: readonly string[]): void => {
    for (const address of addresses) if (!nameServers.some((s) => s.vrf === vrf && s.address === address)) nameServers.push({ address, vrf });
  };

  for (const node of roots) {
    const { text: line } = node;
    let m: RegExpExecArray | null;
    if (line === 'call-home') {
      const read = readCallHome(node.children, platform);
      callHome = read.callHome;
      if (platform === 'ios-xr') serviceActive = read.serviceActive;
      continue;
    }
    if (platform === 'ios-xe') {
      if ((m = /^ip name-server (?:vrf (\S+) )?(.+)$/.exec(line)) !== null) addServers(m[1] ?? null, (m[2] ?? '').split(' '));
      else if (/^ip domain[ -]lookup$/.test(line)) domainLookup = true;
      else if (/^no ip domain[ -]lookup$/.test(line)) domainLookup = false;
      else if ((m = /^ip domain[ -]name (\S+)$/.exec(line)) !== null) domainName = m[1] ?? null;
      else if (line === 'service call-home') serviceActive = true;
      else if (line === 'no service call-home') serviceActive = false;
      else if ((m = /^ip http client source-interface (\S+)$/.exec(line)) !== null) httpClient = { ...httpClient, sourceInterface: m[1] ?? null };
      else if ((m = /^crypto pki trustpoint (\S+)$/.exec(line)) !== null) {
        const tp = trustpointOf(trustpoints, m[1] ?? '');
        const lines = node.children.map((c) => c.text);
        const enrollment = lines.find((l) => l.startsWith('enrollment '))?.slice('enrollment '.length) ?? null;
        const revocationCheck = lines.find((l) => l.startsWith('revocation-check '))?.slice('revocation-check '.length) ?? null;
        replaceTrustpoint(trustpoints, { ...tp, declared: true, lines, enrollment, revocationCheck });
      } else if ((m = /^crypto pki certificate chain (\S+)$/.exec(line)) !== null) {
        const tp = trustpointOf(trustpoints, m[1] ?? '');
        const chain = readChain(node.children);
        replaceTrustpoint(trustpoints, { ...tp, caCertificates: chain.ca, otherCertificates: chain.other });
      }
      continue;
    }
    // IOS-XR
    if ((m = /^domain (?:vrf (\S+) )?name-server (?:vrf (\S+) )?(\S+)$/.exec(line)) !== null) addServers(m[1] ?? m[2] ?? null, [m[3] ?? '']);
    else if ((m = /^domain name (\S+)$/.exec(line)) !== null) domainName = m[1] ?? null;
    else if (line === 'domain lookup disable') domainLookup = false;
    else if ((m = /^http client source-interface (ipv4|ipv6) (\S+)$/.exec(line)) !== null) {
      httpClient = m[1] === 'ipv4' ? { ...httpClient, ipv4: m[2] ?? null } : { ...httpClient, ipv6: m[2] ?? null };
    } else if (line === 'license smart flexible-consumption enable') flexibleConsumption = true;
    else if (line === 'crypto ca trustpool policy' || line === 'crypto ca trustpool policy crl optional') {
      const crl = line.endsWith(' crl optional') || node.children.some((c) => c.text === 'crl optional');
      trustpool = { crlOptional: crl || (trustpool?.crlOptional ?? false) };
    } else if ((m = /^crypto ca trustpoint (\S+)( crl optional)?$/.exec(line)) !== null) {
      const tp = trustpointOf(trustpoints, m[1] ?? '');
      const lines = [...tp.lines, ...node.children.map((c) => c.text), ...(m[2] === undefined ? [] : ['crl optional'])];
      replaceTrustpoint(trustpoints, { ...tp, declared: true, lines, crlOptional: lines.includes('crl optional') });
    }
  }
  return { ...empty, nameServers, domainName, domainLookup, serviceActive, callHome, trustpoints, trustpool, httpClient, flexibleConsumption };
}
