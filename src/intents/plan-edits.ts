/**
 * The minimal change from a device's licensing configuration to an intent: nothing for what already matches,
 * and removals only of what the intent owns (the reporting profile's other destinations, a proxy in a mode
 * without one, another profile reporting Smart Licensing data, Cisco's address in on-prem / transport-gateway
 * mode). Edits come in the order of the seed procedures (INDEX.md §2):
 * - IOS-XE: DNS (000:46-52), trustpoint + `crypto pki authenticate` (000:522-527), call-home with CiscoTAC-1
 *   before the custom profile (000:529-534), HTTP client source interface (000:512);
 * - IOS-XR: DNS (004:175), call-home (001:270-306, 004:205-215), HTTP client source interface (001:335),
 *   `crypto ca` CRL (001:338, 004:227), Flexible Consumption (001:40).
 */
import { InvalidIntentError } from '../errors.js';
import type { PlatformId } from '../platforms/types.js';
import type { PlannedEdit } from './planned-edit.js';
import {
  addBlock,
  addLine,
  authenticateAnswers,
  domainLookupEdit,
  domainNameEdit,
  emailTransportEdit,
  explicitLine,
  httpClientEdit,
  nameServerEdits,
  profilePath,
  removeLine,
  serviceActiveEdit,
} from './config-syntax.js';
import { effectiveProfile, emptyProfile, type CallHomeProfileState, type LicensingConfig, type NameServer } from './licensing-config.js';
import type { ResolvedCallHome, ResolvedIntent } from './resolve-intent.js';
import { CISCO_TAC_PROFILE } from './types.js';

export interface PlanContext {
  /** The device's software version (`show version`), when known: Flexible Consumption needs a line only up to 7.1.1. */
  readonly softwareVersion?: string | null;
}

/** Cisco's own call-home destinations (`https://tools.cisco.com/its/service/…`). */
export function isCiscoAddress(url: string): boolean {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host === 'cisco.com' || host.endsWith('.cisco.com');
  } catch {
    return false;
  }
}

/** IOS-XR 7.1.2 and later run Flexible Consumption without configuration (001:30). */
export function flexibleConsumptionIsDefault(version: string | null | undefined): boolean {
  if (version === null || version === undefined) return false;
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (m === null) return false;
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return major > 7 || (major === 7 && (minor > 1 || (minor === 1 && patch >= 2)));
}

function dnsEdits(platform: PlatformId, current: LicensingConfig, intent: ResolvedIntent): PlannedEdit[] {
  const dns = intent.dns;
  if (dns === null) return [];
  const missing: NameServer[] = dns.nameServers
    .filter((address) => !current.nameServers.some((s) => s.vrf === dns.vrf && s.address === address))
    .map((address) => ({ address, vrf: dns.vrf }));
  const edits = nameServerEdits(platform, missing, 'add');
  // DNS lookup is on unless turned off (IOS-XE prints `no ip domain lookup`, IOS-XR `domain lookup disable`) [INF:
  // real IOS-XE does not print the default `ip domain lookup`, so "not printed" must count as on to stay idempotent].
  const lookupOn = current.domainLookup !== false;
  if (dns.lookup && !lookupOn) edits.push(domainLookupEdit(platform, true));
  if (!dns.lookup && lookupOn) edits.push(domainLookupEdit(platform, false));
  if (dns.domainName !== null && dns.domainName !== current.domainName) edits.push(domainNameEdit(platform, dns.domainName, current.domainName));
  return edits;
}

function trustpointEdits(current: LicensingConfig, intent: ResolvedIntent): PlannedEdit[] {
  const want = intent.trustpoint;
  if (want === null) return [];
  const block = `crypto pki trustpoint ${want.name}`;
  const path = [block];
  const have = current.trustpoints.find((t) => t.name === want.name);
  const edits: PlannedEdit[] = [];
  if (have?.declared !== true) edits.push(addBlock([], block));
  const enrollment = have?.enrollment ?? null;
  const terminal = enrollment !== null && /^terminal\b/.test(enrollment);
  if (want.enrollmentTerminal && !terminal) edits.push(addLine(path, 'enrollment terminal'));
  if (!want.enrollmentTerminal && terminal) edits.push(removeLine(path, `enrollment ${enrollment ?? ''}`, 'no enrollment'));
  if ((have?.revocationCheck ?? null) !== want.revocationCheck) edits.push(addLine(path, `revocation-check ${want.revocationCheck}`));
  const ca = want.caCertificate;
  if (ca !== null && !(have?.caCertificates ?? []).some((c) => c.derHex === ca.derHex)) {
    const other = have?.caCertificates[0];
    if (other !== undefined) {
      throw new InvalidIntentError([
        {
          pointer: '/trust/trustpoint/caCertificatePem',
          message: `trustpoint ${want.name} on the device already holds another CA certificate (serial ${other.serial}); smartlic does not replace CA certificates: remove the trustpoint first or use another name`,
        },
      ]);
    }
    edits.push(
      addLine([`crypto pki certificate chain ${want.name}`], `certificate ca ${ca.serial}`, {
        command: `crypto pki authenticate ${want.name}`,
        typedAt: [],
        expect: authenticateAnswers(ca.pem),
      }),
    );
  }
  return edits;
}

/** The device's profiles, CiscoTAC-1 included even when it is not printed (`show call-home profile all` lists it). */
function profilesOf(current: LicensingConfig): CallHomeProfileState[] {
  const profiles = [...(current.callHome?.profiles ?? [])];
  if (!profiles.some((p) => p.name === CISCO_TAC_PROFILE)) profiles.unshift(emptyProfile(CISCO_TAC_PROFILE));
  return profiles;
}

/** A profile other than the reporting one: it must not report Smart Licensing data too; CiscoTAC-1 takes `defaultProfile`. */
function otherProfileEdits(platform: PlatformId, profile: CallHomeProfileState, want: ResolvedCallHome): PlannedEdit[] {
  const path = profilePath(profile.name);
  const effective = effectiveProfile(platform, profile);
  const tac = profile.name === CISCO_TAC_PROFILE;
  const edits: PlannedEdit[] = [];
  let active = effective.active;
  if (tac && want.defaultProfile.active !== null && want.defaultProfile.active !== active) {
    edits.push(explicitLine(platform, path, 'active', want.defaultProfile.active));
    active = want.defaultProfile.active;
  }
  if (active && effective.reportingSmartLicensing && want.profile.reportingSmartLicensing) {
    // IOS-XR cannot keep `no reporting smart-licensing-data` on CiscoTAC-1, which reports by default: deactivate it.
    if (platform === 'ios-xr' && tac) edits.push(explicitLine(platform, path, 'active', false));
    else edits.push(explicitLine(platform, path, 'reporting smart-licensing-data', false));
  }
  if (tac && want.defaultProfile.emailTransport !== null && want.defaultProfile.emailTransport !== effective.emailTransport) {
    edits.push(emailTransportEdit(path, want.defaultProfile.emailTransport));
  }
  return edits;
}

function reportingProfileEdits(platform: PlatformId, profile: CallHomeProfileState, want: ResolvedCallHome): PlannedEdit[] {
  const path = profilePath(profile.name);
  const effective = effectiveProfile(platform, profile);
  const reporting: PlannedEdit[] = [];
  if (want.profile.reportingSmartLicensing !== effective.reportingSmartLicensing) {
    reporting.push(explicitLine(platform, path, 'reporting smart-licensing-data', want.profile.reportingSmartLicensing));
  }
  const http = effective.transportHttp ? [] : [addLine(path, 'destination transport-method http')];
  const email = want.profile.emailTransport === effective.emailTransport ? [] : [emailTransportEdit(path, want.profile.emailTransport)];
  const addresses: PlannedEdit[] = [];
  if (!effective.httpAddresses.includes(want.url)) addresses.push(addLine(path, `destination address http ${want.url}`));
  for (const address of profile.httpAddresses) {
    if (address === want.url || (want.keepCiscoAddresses && isCiscoAddress(address))) continue;
    addresses.push(removeLine(path, `destination address http ${address}`));
  }
  const format =
    want.profile.messageFormat === null || want.profile.messageFormat === profile.messageFormat
      ? []
      : [addLine(path, `destination preferred-msg-format ${want.profile.messageFormat}`)];
  const active = want.profile.active === effective.active ? [] : [explicitLine(platform, path, 'active', want.profile.active)];
  return platform === 'ios-xe'
    ? [...reporting, ...http, ...email, ...addresses, ...format, ...active] // 000:531-534
    : [...reporting, ...http, ...addresses, ...format, ...active, ...email]; // 001:277-282, 001:327-333
}

function callHomeEdits(platform: PlatformId, current: LicensingConfig, intent: ResolvedIntent): PlannedEdit[] {
  const want = intent.callHome;
  if (want === null) return [];
  const block = current.callHome;
  const edits: PlannedEdit[] = [];
  const serviceOn = platform === 'ios-xe' ? current.serviceActive !== false : current.serviceActive === true;
  if (want.serviceActive !== serviceOn) edits.push(serviceActiveEdit(platform, want.serviceActive));
  const path = ['call-home'];
  if (platform === 'ios-xr' && want.contactSmartLicensing !== null && want.contactSmartLicensing !== (block?.contactSmartLicensing ?? false)) {
    edits.push(want.contactSmartLicensing ? addLine(path, 'contact smart-licensing') : removeLine(path, 'contact smart-licensing'));
  }
  if (want.contactEmail !== null && want.contactEmail !== (block?.contactEmail ?? null)) edits.push(addLine(path, `contact-email-addr ${want.contactEmail}`));
  const proxy = block?.httpProxy ?? null;
  if (want.proxy !== null && (proxy === null || proxy.address !== want.proxy.address || proxy.port !== want.proxy.port)) {
    edits.push(addLine(path, `http-proxy ${want.proxy.address} port ${want.proxy.port}`));
  }
  if (want.proxy === null && proxy !== null) edits.push(removeLine(path, `http-proxy ${proxy.address} port ${proxy.port}`, 'no http-proxy'));
  const profiles = profilesOf(current);
  const printed = (name: string): boolean => block?.profiles.some((p) => p.name === name) === true;
  const withBlock = (name: string, body: PlannedEdit[]): PlannedEdit[] =>
    body.length === 0 || printed(name) ? body : [addBlock(['call-home'], `profile ${name}`), ...body];
  for (const profile of profiles) {
    if (profile.name !== want.profile.name) edits.push(...withBlock(profile.name, otherProfileEdits(platform, profile, want)));
  }
  const reporting = profiles.find((p) => p.name === want.profile.name) ?? emptyProfile(want.profile.name);
  edits.push(...withBlock(reporting.name, reportingProfileEdits(platform, reporting, want)));
  // XE's `service call-home` is global; the rest lives in the call-home block, created when missing.
  const first = edits.findIndex((e) => e.path[0] === 'call-home');
  if (block === null && first >= 0) edits.splice(first, 0, addBlock([], 'call-home'));
  return edits;
}

function httpClientEdits(platform: PlatformId, current: LicensingConfig, intent: ResolvedIntent): PlannedEdit[] {
  const want = intent.httpClient;
  if (want === null) return [];
  if (platform === 'ios-xe') {
    const target = want.ipv4 ?? want.ipv6;
    return target === null || target === current.httpClient.sourceInterface ? [] : [httpClientEdit(platform, 'any', target, current.httpClient.sourceInterface)];
  }
  const edits: PlannedEdit[] = [];
  if (want.ipv4 !== null && want.ipv4 !== current.httpClient.ipv4) edits.push(httpClientEdit(platform, 'ipv4', want.ipv4, current.httpClient.ipv4));
  if (want.ipv6 !== null && want.ipv6 !== current.httpClient.ipv6) edits.push(httpClientEdit(platform, 'ipv6', want.ipv6, current.httpClient.ipv6));
  return edits;
}

function crlEdits(current: LicensingConfig, intent: ResolvedIntent): PlannedEdit[] {
  const want = intent.trustpool;
  if (want === null) return [];
  if (want.form === 'trustpool-policy') {
    const on = current.trustpool?.crlOptional ?? false;
    if (want.crlOptional === on) return [];
    const path = ['crypto ca trustpool policy'];
    return want.crlOptional
      ? [addLine(path, 'crl optional', { command: 'crypto ca trustpool policy crl optional', typedAt: [] })] // 001:338
      : [removeLine(path, 'crl optional')];
  }
  const on = current.trustpoints.find((t) => t.name === 'Trustpool')?.crlOptional ?? false;
  if (want.crlOptional === on) return [];
  const path = ['crypto ca trustpoint Trustpool'];
  return want.crlOptional
    ? [addLine(path, 'crl optional', { command: 'crypto ca trustpoint Trustpool crl optional', typedAt: [] })] // 004:227
    : [removeLine(path, 'crl optional')];
}

function flexibleConsumptionEdits(current: LicensingConfig, intent: ResolvedIntent, context: PlanContext): PlannedEdit[] {
  const want = intent.flexibleConsumption;
  const line = 'license smart flexible-consumption enable';
  if (want === true && !current.flexibleConsumption && !flexibleConsumptionIsDefault(context.softwareVersion)) return [addLine([], line)];
  if (want === false && current.flexibleConsumption) return [removeLine([], line)];
  return [];
}

/** The edits that bring `current` to `intent` (empty when the device already matches). */
export function planEdits(current: LicensingConfig, intent: ResolvedIntent, context: PlanContext = {}): PlannedEdit[] {
  const platform = current.platform;
  if (platform === 'ios-xe') {
    return [...dnsEdits(platform, current, intent), ...trustpointEdits(current, intent), ...callHomeEdits(platform, current, intent), ...httpClientEdits(platform, current, intent)];
  }
  return [
    ...dnsEdits(platform, current, intent),
    ...callHomeEdits(platform, current, intent),
    ...httpClientEdits(platform, current, intent),
    ...crlEdits(current, intent),
    ...flexibleConsumptionEdits(current, intent, context),
  ];
}
