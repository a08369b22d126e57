/**
 * The edits that put a device's licensing configuration back to what it was (`before`), line for line: used when
 * a change failed half-way on IOS-XE (each accepted line is live at once) or did not verify. Unlike `planEdits`,
 * which compares effective settings, this compares the printed lines, so that "not configured" comes back as
 * "not configured" (`default …` on IOS-XE) and the running configuration reads as it did.
 */
import type { PlatformId } from '../platforms/types.js';
import { caCertificateFromHex } from './ca-certificate.js';
import type { PlannedEdit } from './planned-edit.js';
import {
  addBlock,
  addLine,
  authenticateAnswers,
  CONFIRM_DESTROY,
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
import { EMPTY_CALL_HOME, emptyProfile, type CallHomeProfileState, type CallHomeState, type LicensingConfig, type TrustpointState } from './licensing-config.js';

function profileEdits(platform: PlatformId, now: CallHomeProfileState, before: CallHomeProfileState): PlannedEdit[] {
  const path = profilePath(before.name);
  const edits: PlannedEdit[] = [];
  if (now.active !== before.active) edits.push(explicitLine(platform, path, 'active', before.active));
  if (now.reportingSmartLicensing !== before.reportingSmartLicensing) {
    edits.push(explicitLine(platform, path, 'reporting smart-licensing-data', before.reportingSmartLicensing));
  }
  if (now.transportHttp !== before.transportHttp) {
    edits.push(before.transportHttp ? addLine(path, 'destination transport-method http') : removeLine(path, 'destination transport-method http'));
  }
  if (now.emailTransport !== before.emailTransport) edits.push(emailTransportEdit(path, before.emailTransport === null));
  for (const address of now.httpAddresses) {
    if (!before.httpAddresses.includes(address)) edits.push(removeLine(path, `destination address http ${address}`));
  }
  for (const address of before.httpAddresses) {
    if (!now.httpAddresses.includes(address)) edits.push(addLine(path, `destination address http ${address}`));
  }
  if (now.messageFormat !== before.messageFormat) {
    edits.push(
      before.messageFormat === null
        ? removeLine(path, `destination preferred-msg-format ${now.messageFormat ?? ''}`)
        : addLine(path, `destination preferred-msg-format ${before.messageFormat}`),
    );
  }
  return edits;
}

function callHomeEdits(platform: PlatformId, now: CallHomeState | null, before: CallHomeState | null): PlannedEdit[] {
  if (now === null && before === null) return [];
  if (before === null) return [removeLine([], 'call-home')];
  const path = ['call-home'];
  const edits: PlannedEdit[] = now === null ? [addBlock([], 'call-home')] : [];
  const current = now ?? EMPTY_CALL_HOME;
  if (current.contactSmartLicensing !== before.contactSmartLicensing) {
    edits.push(before.contactSmartLicensing ? addLine(path, 'contact smart-licensing') : removeLine(path, 'contact smart-licensing'));
  }
  if (current.contactEmail !== before.contactEmail) {
    edits.push(
      before.contactEmail === null
        ? removeLine(path, `contact-email-addr ${current.contactEmail ?? ''}`, 'no contact-email-addr')
        : addLine(path, `contact-email-addr ${before.contactEmail}`),
    );
  }
  const proxy = current.httpProxy;
  const was = before.httpProxy;
  if (proxy?.address !== was?.address || proxy?.port !== was?.port) {
    edits.push(
      was === null ? removeLine(path, `http-proxy ${proxy?.address ?? ''} port ${proxy?.port ?? ''}`, 'no http-proxy') : addLine(path, `http-proxy ${was.address} port ${was.port}`),
    );
  }
  for (const profile of current.profiles) {
    if (!before.profiles.some((p) => p.name === profile.name)) edits.push(removeLine(path, `profile ${profile.name}`));
  }
  for (const profile of before.profiles) {
    const existing = current.profiles.find((p) => p.name === profile.name);
    const body = profileEdits(platform, existing ?? emptyProfile(profile.name), profile);
    if (existing === undefined) edits.push(addBlock(path, `profile ${profile.name}`));
    edits.push(...body);
  }
  return edits;
}

function sameTrustpoint(a: TrustpointState, b: TrustpointState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Types a trustpoint back: its block lines, then its CA certificates through `crypto pki authenticate`. */
function recreateTrustpoint(tp: TrustpointState): PlannedEdit[] {
  const block = `crypto pki trustpoint ${tp.name}`;
  const edits: PlannedEdit[] = tp.declared ? [addBlock([], block), ...tp.lines.map((l) => addLine([block], l))] : [];
  for (const ca of tp.caCertificates) {
    const cert = caCertificateFromHex([ca.derHex]);
    if (cert === null) continue;
    edits.push(
      addLine([`crypto pki certificate chain ${tp.name}`], `certificate ca ${ca.serial}`, {
        command: `crypto pki authenticate ${tp.name}`,
        typedAt: [],
        expect: authenticateAnswers(cert.pem),
      }),
    );
  }
  return edits;
}

function xeTrustpointEdits(now: readonly TrustpointState[], before: readonly TrustpointState[]): PlannedEdit[] {
  const edits: PlannedEdit[] = [];
  for (const tp of now) {
    const was = before.find((b) => b.name === tp.name);
    if (was !== undefined && sameTrustpoint(tp, was)) continue;
    if (was === undefined || tp.otherCertificates.length === 0) {
      // Removing a trustpoint destroys its certificates (the device asks first); it is typed back below.
      edits.push(removeLine([], `crypto pki trustpoint ${tp.name}`, undefined, { expect: [CONFIRM_DESTROY] }));
      if (was !== undefined) edits.push(...recreateTrustpoint(was));
      continue;
    }
    // An enrolled identity certificate is never destroyed: fix the trustpoint's own lines only.
    const block = [`crypto pki trustpoint ${tp.name}`];
    for (const line of tp.lines) if (!was.lines.includes(line)) edits.push(removeLine(block, line));
    for (const line of was.lines) if (!tp.lines.includes(line)) edits.push(addLine(block, line));
  }
  for (const was of before) if (!now.some((t) => t.name === was.name)) edits.push(...recreateTrustpoint(was));
  return edits;
}

function xrCryptoEdits(now: LicensingConfig, before: LicensingConfig): PlannedEdit[] {
  const edits: PlannedEdit[] = [];
  if (before.trustpool === null && now.trustpool !== null) edits.push(removeLine([], 'crypto ca trustpool policy'));
  else if (before.trustpool !== null && before.trustpool.crlOptional !== (now.trustpool?.crlOptional ?? false)) {
    const path = ['crypto ca trustpool policy'];
    edits.push(before.trustpool.crlOptional ? addLine(path, 'crl optional') : removeLine(path, 'crl optional'));
  }
  for (const tp of now.trustpoints) {
    const was = before.trustpoints.find((b) => b.name === tp.name);
    const block = `crypto ca trustpoint ${tp.name}`;
    if (was === undefined) edits.push(removeLine([], block));
    else if (was.crlOptional !== tp.crlOptional) edits.push(was.crlOptional ? addLine([block], 'crl optional') : removeLine([block], 'crl optional'));
  }
  for (const was of before.trustpoints) {
    if (now.trustpoints.some((t) => t.name === was.name)) continue;
    const block = `crypto ca trustpoint ${was.name}`;
    edits.push(addBlock([], block), ...was.lines.map((l) => addLine([block], l)));
  }
  return edits;
}

/** Edits that turn `now` back into `before` (empty when they read the same). */
export function planRestoreEdits(now: LicensingConfig, before: LicensingConfig): PlannedEdit[] {
  const platform = before.platform;
  const edits: PlannedEdit[] = [];
  const added = now.nameServers.filter((s) => !before.nameServers.some((b) => b.vrf === s.vrf && b.address === s.address));
  const removed = before.nameServers.filter((b) => !now.nameServers.some((s) => s.vrf === b.vrf && s.address === b.address));
  edits.push(...nameServerEdits(platform, added, 'remove'), ...nameServerEdits(platform, removed, 'add'));
  if (now.domainLookup !== before.domainLookup) edits.push(domainLookupEdit(platform, before.domainLookup));
  if (now.domainName !== before.domainName) edits.push(domainNameEdit(platform, before.domainName, now.domainName));
  if (platform === 'ios-xe') {
    edits.push(...xeTrustpointEdits(now.trustpoints, before.trustpoints));
    if (now.serviceActive !== before.serviceActive) edits.push(serviceActiveEdit(platform, before.serviceActive));
    edits.push(...callHomeEdits(platform, now.callHome, before.callHome));
    if (now.httpClient.sourceInterface !== before.httpClient.sourceInterface) {
      edits.push(httpClientEdit(platform, 'any', before.httpClient.sourceInterface, now.httpClient.sourceInterface));
    }
    return edits;
  }
  edits.push(...callHomeEdits(platform, now.callHome, before.callHome));
  // IOS-XR `service active` lives in the call-home block (gone with it when there was none before).
  if (before.callHome !== null && now.serviceActive !== before.serviceActive) edits.push(serviceActiveEdit(platform, before.serviceActive));
  for (const family of ['ipv4', 'ipv6'] as const) {
    if (now.httpClient[family] !== before.httpClient[family]) edits.push(httpClientEdit(platform, family, before.httpClient[family], now.httpClient[family]));
  }
  edits.push(...xrCryptoEdits(now, before));
  if (now.flexibleConsumption !== before.flexibleConsumption) {
    const line = 'license smart flexible-consumption enable';
    edits.push(before.flexibleConsumption ? addLine([], line) : removeLine([], line));
  }
  return edits;
}

/** The two configurations read the same, line for line. */
export function sameLicensingConfig(a: LicensingConfig, b: LicensingConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
