import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeConfig, CallHomeProfileConfig } from './types.js';

/**
 * Running-config decoration that is not configuration; IOS-XR answers `% No such configuration item(s)` when the
 * section is empty.
 */
const DECORATION = /^(?:!.*|Building configuration\.\.\.|Current configuration\s*:.*|end|% No such configuration item\(s\))$/;

function unquote(value: string): string {
  return value.replace(/^"(.*)"$/, '$1');
}

function newProfile(name: string): CallHomeProfileConfig {
  return {
    name,
    active: null,
    reportingSmartLicensing: null,
    reportingSmartCallHome: null,
    transportMethods: { http: null, email: null },
    httpAddresses: [],
    emailAddresses: [],
    otherLines: [],
  };
}

function profileLine(profile: CallHomeProfileConfig, line: string): void {
  const negated = line.startsWith('no ');
  const rest = negated ? line.slice(3) : line;
  let m: RegExpExecArray | null;
  if (rest === 'active') profile.active = !negated;
  else if (rest === 'reporting smart-licensing-data') profile.reportingSmartLicensing = !negated;
  else if (rest === 'reporting smart-call-home-data') profile.reportingSmartCallHome = !negated;
  else if (rest === 'reporting all') {
    profile.reportingSmartLicensing = !negated;
    profile.reportingSmartCallHome = !negated;
  } else if ((m = /^destination transport-method (http|email)$/.exec(rest)) !== null) {
    profile.transportMethods[m[1] as 'http' | 'email'] = !negated;
  } else if (!negated && (m = /^destination address http (\S+)$/.exec(rest)) !== null) profile.httpAddresses.push(m[1]!);
  else if (!negated && (m = /^destination address email (\S+)$/.exec(rest)) !== null) profile.emailAddresses.push(m[1]!);
  else if (!negated && (m = /^destination (?:preferred-)?msg-format (\S+)$/.exec(rest)) !== null) profile.preferredMessageFormat = m[1]!;
  else profile.otherLines.push(line);
}

/**
 * `show running-config call-home` (IOS-XR, 001:270-312, 004:205-215) and `show running-config | section
 * call-home` (IOS-XE, `profile "CiscoTAC-1"` quoted, 000:533-534): the call-home block as data, so a driver can
 * check what the Smart Agent will call (profile active, Smart Licensing reporting, HTTP transport, URL, proxy).
 * An empty output means call-home is not configured.
 */
export function parseCallHomeConfig(text: string, options?: ParseOptions): CallHomeConfig {
  const prepared = prepareOutput(text, 'show running-config call-home', ['running-config-call-home'], options, true);
  const r: CallHomeConfig = { kind: 'running-config-call-home', command: prepared.canonical, platform: prepared.platform, unparsed: [], profiles: [], otherLines: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  let inBlock = false;
  let blockIndent = 0;
  let profile: CallHomeProfileConfig | null = null;
  let profileIndent = 0;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (DECORATION.test(body)) continue;
    if (body === 'service call-home') {
      r.serviceCallHome = true;
      inBlock = false;
      continue;
    }
    if (body === 'call-home') {
      inBlock = true;
      blockIndent = line.indent;
      profile = null;
      continue;
    }
    if (!inBlock || line.indent <= blockIndent) {
      inBlock = false;
      r.unparsed.push({ line: line.no, text: line.text, section: null });
      continue;
    }
    if (profile !== null && line.indent > profileIndent) {
      profileLine(profile, body);
      continue;
    }
    profile = null;
    let m: RegExpExecArray | null;
    if ((m = /^profile\s+(.+)$/.exec(body)) !== null) {
      profile = newProfile(unquote(m[1]!.trim()));
      profileIndent = line.indent;
      r.profiles.push(profile);
    } else if (body === 'service active') r.serviceActive = true;
    else if ((m = /^contact-email-addr(?:ess)?\s+(\S+)$/.exec(body)) !== null) r.contactEmail = m[1]!;
    else if (body === 'contact smart-licensing') r.contactSmartLicensing = true;
    else if ((m = /^http-proxy\s+("[^"]+"|\S+)(?:\s+port\s+(\d+))?$/.exec(body)) !== null) {
      r.httpProxy = { host: unquote(m[1]!) };
      if (m[2] !== undefined) r.httpProxy.port = Number(m[2]);
    } else if ((m = /^source-interface\s+(\S+)$/.exec(body)) !== null) r.sourceInterface = m[1]!;
    else if ((m = /^vrf\s+(\S+)$/.exec(body)) !== null) r.vrf = m[1]!;
    else if (body === 'no http secure server-identity-check') r.serverIdentityCheck = false;
    else r.otherLines.push(body);
  }
  const configured = r.profiles.length > 0 || r.otherLines.length > 0 || r.serviceActive === true || r.serviceCallHome === true || r.contactEmail !== undefined;
  if (!configured && r.unparsed.length > 0) {
    throw new ParseError(prepared.command, 'no call-home configuration in the output', excerptOf(prepared.capture));
  }
  return r;
}
