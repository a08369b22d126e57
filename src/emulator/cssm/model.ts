/**
 * The CSSM emulator's state: smart accounts holding virtual accounts, purchased licenses per virtual account,
 * registration tokens and product instances. Plain data (JSON-serialisable, times in epoch ms) so that it can be
 * persisted to a file and compared in tests.
 */

export type LicenseType = 'PERPETUAL' | 'TERM' | 'DEMO';

/** Licenses purchased into a virtual account, for one entitlement. */
export interface LicenseRecord {
  /** Entitlement tag, short (`ESS-AC-100G-RTU-1`) or full (`regid.2014-11.com.cisco.US_License,1.0_<uuid>`). */
  tag: string;
  /** Display name as CSSM lists it (the `license` field of the licenses API). */
  name: string;
  description: string;
  /** Purchased count. */
  quantity: number;
  licenseType: LicenseType;
  /** Restricted by export control: only product instances registered with an export-controlled token get it. */
  exportRestricted: boolean;
}

export interface VirtualAccountRecord {
  id: number;
  name: string;
  description: string;
  isDefault: boolean;
  licenses: LicenseRecord[];
}

export interface SmartAccountRecord {
  id: number;
  name: string;
  /** The account domain (`{d}` in every API path). */
  domain: string;
  virtualAccounts: VirtualAccountRecord[];
}

export interface TokenRecord {
  token: string;
  /** Smart account domain. */
  smartAccount: string;
  virtualAccount: string;
  description: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  /** Reuse limit ("Max. Number of Uses", seed 001:356,386); null = unlimited. */
  maxUses: number | null;
  uses: number;
  exportControlled: boolean;
  revokedAt: number | null;
}

export interface Udi {
  readonly pid: string;
  readonly sn: string;
}

export interface UsageEntry {
  readonly tag: string;
  readonly count: number;
}

export interface IdCertRecord {
  serial: string;
  notBefore: number;
  notAfter: number;
  commonName: string;
}

export interface ProductInstanceRecord {
  /** The PIID (seed 000:783 prints one). */
  id: string;
  smartAccount: string;
  virtualAccount: string;
  udi: Udi;
  hostname: string;
  swVersion: string;
  softwareTag: string;
  exportControlled: boolean;
  idCert: IdCertRecord;
  registeredAt: number;
  lastContactAt: number;
  usage: UsageEntry[];
}

export interface CssmState {
  version: 1;
  smartAccounts: SmartAccountRecord[];
  tokens: TokenRecord[];
  productInstances: ProductInstanceRecord[];
  /** Next ID-certificate serial number (the seed's sample is 134418, 000:797). */
  nextCertSerial: number;
}

export type TokenStatus = 'active' | 'expired' | 'used-up' | 'revoked';

/** `PID:<pid>,SN:<sn>`, the way devices and CSSM messages print a UDI (seed 004:647). */
export function udiText(udi: Udi): string {
  return `PID:${udi.pid},SN:${udi.sn}`;
}

/**
 * The key two spellings of one entitlement share: the `<NAME>` of `regid.<date>.com.cisco.<NAME>,<ver>_<uuid>`
 * (seed 000:712), or the tag itself when it is already short (`ESS-AC-100G-RTU-1`). Case-sensitive, as tags are.
 */
export function entitlementKey(tag: string): string {
  const m = /^regid\.[^.]+\.com\.cisco\.([^,]+),/.exec(tag.trim());
  return m?.[1] ?? tag.trim();
}

export function sameUdi(a: Udi, b: Udi): boolean {
  return a.pid === b.pid && a.sn === b.sn;
}
