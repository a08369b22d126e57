/**
 * The licensing part of a device's running configuration, as printed: what `readLicensingConfig` reads, what the
 * planner compares an intent with, and what a failed change is restored to. Values are the explicit lines
 * (`true` for the line, `false` for its `no` form or the platform's "off" form, `null` when nothing is printed);
 * `effectiveProfile` adds the platform defaults (what the device does when nothing is printed).
 */
import type { PlatformId } from '../platforms/types.js';
import { CISCO_SSM_URL, CISCO_TAC_PROFILE } from './types.js';

/** A line printed positive (`true`), in its `no` / off form (`false`), or not printed (`null`). */
export type Explicit = boolean | null;

export interface NameServer {
  readonly address: string;
  /** null: the global routing table. */
  readonly vrf: string | null;
}

/** The addresses of the name servers in one VRF (null: the global table), in order. */
export function nameServerAddresses(list: readonly NameServer[], vrf: string | null): string[] {
  return list.filter((s) => s.vrf === vrf).map((s) => s.address);
}

export interface CallHomeProfileState {
  readonly name: string;
  readonly active: Explicit;
  readonly reportingSmartLicensing: Explicit;
  /** `destination transport-method http`. */
  readonly transportHttp: boolean;
  /** IOS-XE `no destination transport-method email` / IOS-XR `destination transport-method email disable` → false. */
  readonly emailTransport: false | null;
  readonly httpAddresses: readonly string[];
  /** `destination preferred-msg-format <f>`. */
  readonly messageFormat: string | null;
}

export interface CallHomeState {
  readonly contactEmail: string | null;
  /** IOS-XR `contact smart-licensing`. */
  readonly contactSmartLicensing: boolean;
  readonly httpProxy: { readonly address: string; readonly port: number } | null;
  readonly profiles: readonly CallHomeProfileState[];
}

export interface CaCertificateEntry {
  /** As printed after `certificate ca`. */
  readonly serial: string;
  /** The certificate's DER, upper-case hex. */
  readonly derHex: string;
}

export interface TrustpointState {
  readonly name: string;
  /** The trustpoint block itself is printed (a certificate chain may be printed without it). */
  readonly declared: boolean;
  /** The trustpoint's own lines as printed, in order (restoring a trustpoint types them again). */
  readonly lines: readonly string[];
  /** IOS-XE `enrollment …` (the words after `enrollment`). */
  readonly enrollment: string | null;
  /** IOS-XE `revocation-check …` (the words after it). */
  readonly revocationCheck: string | null;
  /** IOS-XR `crl optional`. */
  readonly crlOptional: boolean;
  /** IOS-XE `crypto pki certificate chain <name>` / `certificate ca …`. */
  readonly caCertificates: readonly CaCertificateEntry[];
  /** Other certificates of the chain (an enrolled identity): smartlic never destroys them. */
  readonly otherCertificates: readonly string[];
}

export interface LicensingConfig {
  readonly platform: PlatformId;
  readonly nameServers: readonly NameServer[];
  readonly domainName: string | null;
  /** IOS-XE `ip domain lookup` / `no ip domain lookup`; IOS-XR `domain lookup disable` → false. */
  readonly domainLookup: Explicit;
  /** IOS-XE `service call-home` / `no service call-home` (global); IOS-XR `service active` (under call-home). */
  readonly serviceActive: Explicit;
  /** null: no `call-home` block. */
  readonly callHome: CallHomeState | null;
  readonly trustpoints: readonly TrustpointState[];
  /** IOS-XR `crypto ca trustpool policy`; null when the block is not printed. */
  readonly trustpool: { readonly crlOptional: boolean } | null;
  readonly httpClient: {
    /** IOS-XE `ip http client source-interface <if>` (both address families). */
    readonly sourceInterface: string | null;
    /** IOS-XR `http client source-interface ipv4 <if>`. */
    readonly ipv4: string | null;
    /** IOS-XR `http client source-interface ipv6 <if>`. */
    readonly ipv6: string | null;
  };
  /** IOS-XR `license smart flexible-consumption enable`. */
  readonly flexibleConsumption: boolean;
}

/** What a profile does, platform defaults included (mirrors `show call-home profile`). */
export interface EffectiveProfile {
  readonly active: boolean;
  readonly reportingSmartLicensing: boolean;
  readonly transportHttp: boolean;
  readonly emailTransport: boolean;
  /** The addresses the profile sends to: the configured ones, or CiscoTAC-1's built-in default on IOS-XE. */
  readonly httpAddresses: readonly string[];
  readonly messageFormat: string;
}

/**
 * IOS-XE: a profile is active unless `no active`; IOS-XR: only with `active` ("By default, the CiscoTAC-1 profile
 * is disabled", 001:274). CiscoTAC-1 reports Smart Licensing data unless told not to (000:57-90); e-mail transport
 * is on until turned off; IOS-XE's CiscoTAC-1 sends to Cisco when no address is configured (000:52) [INF: IOS-XR
 * needs the address configured, as 001:279 and 004:211 do].
 */
export function effectiveProfile(platform: PlatformId, profile: CallHomeProfileState): EffectiveProfile {
  const tac = profile.name === CISCO_TAC_PROFILE;
  return {
    active: platform === 'ios-xe' ? profile.active !== false : profile.active === true,
    reportingSmartLicensing: profile.reportingSmartLicensing ?? tac,
    transportHttp: profile.transportHttp,
    emailTransport: profile.emailTransport !== false,
    httpAddresses: profile.httpAddresses.length === 0 && tac && platform === 'ios-xe' ? [CISCO_SSM_URL] : profile.httpAddresses,
    messageFormat: profile.messageFormat ?? 'xml',
  };
}

/** A profile that is not configured at all (`profile X` would create it). */
export function emptyProfile(name: string): CallHomeProfileState {
  return { name, active: null, reportingSmartLicensing: null, transportHttp: false, emailTransport: null, httpAddresses: [], messageFormat: null };
}

/** A `call-home` block with nothing in it. */
export const EMPTY_CALL_HOME: CallHomeState = { contactEmail: null, contactSmartLicensing: false, httpProxy: null, profiles: [] };

/** A trustpoint that is not configured at all (its block not printed, no certificate chain). */
export function emptyTrustpoint(name: string): TrustpointState {
  return { name, declared: false, lines: [], enrollment: null, revocationCheck: null, crlOptional: false, caCertificates: [], otherCertificates: [] };
}

export function emptyLicensingConfig(platform: PlatformId): LicensingConfig {
  return {
    platform,
    nameServers: [],
    domainName: null,
    domainLookup: null,
    serviceActive: null,
    callHome: null,
    trustpoints: [],
    trustpool: null,
    httpClient: { sourceInterface: null, ipv4: null, ipv6: null },
    flexibleConsumption: false,
  };
}

/**
 * The platform's licensing configuration out of the box, as the seeds describe it: IOS-XE has Smart Call Home on
 * with CiscoTAC-1 active over HTTP, e-mail off (000:50-90); IOS-XR has no call-home configuration (001:274).
 */
export function platformDefaultConfig(platform: PlatformId): LicensingConfig {
  const empty = emptyLicensingConfig(platform);
  if (platform === 'ios-xr') return empty;
  return {
    ...empty,
    callHome: { ...EMPTY_CALL_HOME, profiles: [{ ...emptyProfile(CISCO_TAC_PROFILE), active: true, transportHttp: true, emailTransport: false }] },
  };
}
