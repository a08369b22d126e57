/**
 * The CSSM emulator's accounts, tokens, licenses and product instances, with the rules that act on them. No
 * sockets here: the REST routes and the device endpoint call in, and `onChange` lets the server persist.
 */
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { DAY, type Clock } from '../../clock.js';
import { InvalidArgumentError } from '../../errors.js';
import {
  entitlementKey,
  type CssmState,
  type IdCertRecord,
  type LicenseRecord,
  type ProductInstanceRecord,
  type SmartAccountRecord,
  type TokenRecord,
  type TokenStatus,
  type Udi,
  type UsageEntry,
  type VirtualAccountRecord,
} from './model.js';
import { licenseFromSeed, smartAccountsFromSeed, type LicenseSeed, type SmartAccountSeed } from './seed.js';

export const TOKEN_MIN_DAYS = 1;
export const TOKEN_MAX_DAYS = 365;
export const TOKEN_DEFAULT_DAYS = 30;
export const ID_CERT_VALIDITY_DAYS = 365;

export interface CreateTokenInput {
  readonly description?: string;
  /** 1–365, default 30 (seed 001:358). */
  readonly expiresAfterDays?: number;
  /** Reuse limit; absent or null = unlimited. */
  readonly maxUses?: number | null;
  readonly exportControlled?: boolean;
}

export interface LicenseUsage {
  readonly key: string;
  readonly tag: string;
  readonly name: string;
  readonly description: string;
  readonly smartAccount: string;
  readonly virtualAccount: string;
  readonly licenseType: LicenseRecord['licenseType'];
  readonly exportRestricted: boolean;
  /** Purchased. */
  readonly quantity: number;
  /** Sum over the virtual account's product instances. */
  readonly inUse: number;
  readonly available: number;
  readonly compliant: boolean;
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'not-found';

/** Validates seeds and builds a fresh state. */
export function initialState(seeds: readonly SmartAccountSeed[]): CssmState {
  const domains = new Set<string>();
  if (seeds.length === 0) throw new InvalidArgumentError('smartAccounts', 'at least one smart account is needed');
  for (const sa of seeds) {
    if (!sa.name.trim() || !sa.domain.trim()) throw new InvalidArgumentError('smartAccounts', 'a smart account needs a name and a domain');
    const d = sa.domain.toLowerCase();
    if (domains.has(d)) throw new InvalidArgumentError('smartAccounts', `duplicate smart account domain "${sa.domain}"`);
    domains.add(d);
    if (sa.virtualAccounts.length === 0) throw new InvalidArgumentError('smartAccounts', `smart account "${sa.name}" has no virtual account`);
    const names = new Set<string>();
    for (const va of sa.virtualAccounts) {
      if (!va.name.trim()) throw new InvalidArgumentError('smartAccounts', `smart account "${sa.name}" has a virtual account without a name`);
      if (names.has(va.name)) throw new InvalidArgumentError('smartAccounts', `duplicate virtual account "${va.name}" in "${sa.name}"`);
      names.add(va.name);
      for (const l of va.licenses ?? []) checkLicenseSeed(l);
    }
  }
  return { version: 1, smartAccounts: smartAccountsFromSeed(seeds), tokens: [], productInstances: [], nextCertSerial: 134418 };
}

function checkLicenseSeed(l: LicenseSeed): void {
  if (!l.tag.trim()) throw new InvalidArgumentError('license', 'an entitlement tag is empty');
  if (!Number.isInteger(l.quantity) || l.quantity < 0) {
    throw new InvalidArgumentError('license', `quantity of "${l.tag}" must be a non-negative integer, got ${String(l.quantity)}`);
  }
}

/**
 * A token as the seeds show them: base64 text with URL-encoded line breaks and padding (`…%0A…%3D%0A`, 001:792).
 * A text the device is meant to type verbatim.
 */
function newTokenText(): string {
  const body = randomBytes(48).toString('base64');
  return `${body.slice(0, 44)}%0A${body.slice(44)}%3D%0A`;
}

function normaliseToken(text: string): string {
  const trimmed = text.trim();
  try {
    return decodeURIComponent(trimmed).replace(/\s+/g, '');
  } catch {
    return trimmed.replace(/\s+/g, '');
  }
}

export class CssmStore {
  constructor(
    readonly state: CssmState,
    private readonly clock: Clock,
    private readonly onChange: () => void = () => undefined,
  ) {}

  now(): number {
    return this.clock.now();
  }

  // ------------------------------------------------------------ accounts

  /** By domain (case-insensitive) or by name. */
  smartAccount(ref: string): SmartAccountRecord | undefined {
    const lower = ref.toLowerCase();
    return this.state.smartAccounts.find((sa) => sa.domain.toLowerCase() === lower) ?? this.state.smartAccounts.find((sa) => sa.name === ref);
  }

  virtualAccount(sa: SmartAccountRecord, name: string): VirtualAccountRecord | undefined {
    return sa.virtualAccounts.find((va) => va.name === name) ?? sa.virtualAccounts.find((va) => va.name.toLowerCase() === name.toLowerCase());
  }

  defaultVirtualAccount(sa: SmartAccountRecord): VirtualAccountRecord {
    return sa.virtualAccounts.find((va) => va.isDefault) ?? (sa.virtualAccounts[0] as VirtualAccountRecord);
  }

  /** Resolves both or throws an InvalidArgumentError naming what was not found. */
  account(saRef: string, vaName?: string): { sa: SmartAccountRecord; va: VirtualAccountRecord } {
    const sa = this.smartAccount(saRef);
    if (sa === undefined) throw new InvalidArgumentError('smartAccount', `no smart account "${saRef}"`);
    const va = vaName === undefined ? this.defaultVirtualAccount(sa) : this.virtualAccount(sa, vaName);
    if (va === undefined) throw new InvalidArgumentError('virtualAccount', `no virtual account "${vaName}" in smart account "${sa.name}"`);
    return { sa, va };
  }

  /** Adds or replaces the purchased licenses of one entitlement in a virtual account. */
  setLicense(va: VirtualAccountRecord, seed: LicenseSeed): LicenseRecord {
    checkLicenseSeed(seed);
    const record = licenseFromSeed(seed);
    const key = entitlementKey(record.tag);
    const i = va.licenses.findIndex((l) => entitlementKey(l.tag) === key);
    if (i >= 0) va.licenses[i] = { ...record, tag: (va.licenses[i] as LicenseRecord).tag };
    else va.licenses.push(record);
    this.onChange();
    return i >= 0 ? (va.licenses[i] as LicenseRecord) : record;
  }

  // ------------------------------------------------------------ tokens

  createToken(sa: SmartAccountRecord, va: VirtualAccountRecord, input: CreateTokenInput, createdBy: string): TokenRecord {
    const days = input.expiresAfterDays ?? TOKEN_DEFAULT_DAYS;
    if (!Number.isInteger(days) || days < TOKEN_MIN_DAYS || days > TOKEN_MAX_DAYS) {
      throw new InvalidArgumentError('expiresAfterDays', `must be an integer between ${TOKEN_MIN_DAYS} and ${TOKEN_MAX_DAYS}, got ${String(days)}`);
    }
    const maxUses = input.maxUses ?? null;
    if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1)) {
      throw new InvalidArgumentError('maxUses', `must be a positive integer, got ${String(maxUses)}`);
    }
    const description = input.description ?? '';
    if (description.length > 256 || /[\u0000-\u001f\u007f]/.test(description)) {
      throw new InvalidArgumentError('description', 'must be at most 256 characters without control characters');
    }
    const now = this.now();
    const record: TokenRecord = {
      token: newTokenText(),
      smartAccount: sa.domain,
      virtualAccount: va.name,
      description,
      createdBy,
      createdAt: now,
      expiresAt: now + days * DAY,
      maxUses,
      uses: 0,
      exportControlled: input.exportControlled ?? false,
      revokedAt: null,
    };
    this.state.tokens.push(record);
    this.onChange();
    return record;
  }

  tokens(sa: SmartAccountRecord, va: VirtualAccountRecord): TokenRecord[] {
    return this.state.tokens.filter((t) => t.smartAccount === sa.domain && t.virtualAccount === va.name);
  }

  /** Exact text, or the same token URL-decoded / with line breaks removed (as a device may have typed it). */
  findToken(text: string): TokenRecord | undefined {
    const exact = this.state.tokens.find((t) => t.token === text);
    if (exact !== undefined) return exact;
    const wanted = normaliseToken(text);
    if (wanted === '') return undefined;
    return this.state.tokens.find((t) => normaliseToken(t.token) === wanted);
  }

  tokenStatus(t: TokenRecord): TokenStatus {
    if (t.revokedAt !== null) return 'revoked';
    if (this.now() >= t.expiresAt) return 'expired';
    if (t.maxUses !== null && t.uses >= t.maxUses) return 'used-up';
    return 'active';
  }

  revokeToken(sa: SmartAccountRecord, va: VirtualAccountRecord, text: string): RevokeOutcome {
    const t = this.findToken(text);
    if (t === undefined || t.smartAccount !== sa.domain || t.virtualAccount !== va.name) return 'not-found';
    if (t.revokedAt !== null) return 'already-revoked';
    t.revokedAt = this.now();
    this.onChange();
    return 'revoked';
  }

  // ------------------------------------------------------------ licenses

  /** Purchased vs in use per entitlement of a virtual account; in-use entitlements never purchased have quantity 0. */
  licenseUsage(sa: SmartAccountRecord, va: VirtualAccountRecord): LicenseUsage[] {
    const inUse = new Map<string, { tag: string; count: number }>();
    for (const pi of this.instances(sa, va)) {
      for (const u of pi.usage) {
        const key = entitlementKey(u.tag);
        const prev = inUse.get(key);
        inUse.set(key, { tag: prev?.tag ?? u.tag, count: (prev?.count ?? 0) + u.count });
      }
    }
    const rows: LicenseUsage[] = [];
    const seen = new Set<string>();
    const row = (key: string, tag: string, lic: LicenseRecord | undefined): LicenseUsage => {
      const quantity = lic?.quantity ?? 0;
      const used = inUse.get(key)?.count ?? 0;
      return {
        key,
        tag,
        name: lic?.name ?? key,
        description: lic?.description ?? '',
        smartAccount: sa.domain,
        virtualAccount: va.name,
        licenseType: lic?.licenseType ?? 'PERPETUAL',
        exportRestricted: lic?.exportRestricted ?? false,
        quantity,
        inUse: used,
        available: quantity - used,
        compliant: used <= quantity,
      };
    };
    for (const lic of va.licenses) {
      const key = entitlementKey(lic.tag);
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row(key, lic.tag, lic));
    }
    for (const [key, { tag }] of inUse) if (!seen.has(key)) rows.push(row(key, tag, undefined));
    return rows;
  }

  // ------------------------------------------------------------ product instances

  instances(sa: SmartAccountRecord, va?: VirtualAccountRecord): ProductInstanceRecord[] {
    return this.state.productInstances.filter((pi) => pi.smartAccount === sa.domain && (va === undefined || pi.virtualAccount === va.name));
  }

  /** By full UDI, or by serial number alone when `pid` is absent. */
  findInstance(udi: { readonly pid?: string | undefined; readonly sn: string }): ProductInstanceRecord | undefined {
    return this.state.productInstances.find((pi) => pi.udi.sn === udi.sn && (udi.pid === undefined || pi.udi.pid === udi.pid));
  }

  removeInstance(pi: ProductInstanceRecord): void {
    const i = this.state.productInstances.indexOf(pi);
    if (i < 0) return;
    this.state.productInstances.splice(i, 1);
    this.onChange();
  }

  issueIdCert(udi: Udi): IdCertRecord {
    const now = this.now();
    const serial = String(this.state.nextCertSerial++);
    const commonName = `${createHash('sha1').update(`${udi.pid}:${udi.sn}:${serial}`).digest('hex').toUpperCase()}::1,2`;
    return { serial, notBefore: now, notAfter: now + ID_CERT_VALIDITY_DAYS * DAY, commonName };
  }

  /** Registers (or, with `replace`, re-registers) a product instance; the token use is counted here. */
  addInstance(
    token: TokenRecord,
    device: { udi: Udi; hostname: string; swVersion: string; softwareTag: string; usage: readonly UsageEntry[] },
    replace: ProductInstanceRecord | undefined,
  ): ProductInstanceRecord {
    if (replace !== undefined) {
      const i = this.state.productInstances.indexOf(replace);
      if (i >= 0) this.state.productInstances.splice(i, 1);
    }
    const now = this.now();
    const pi: ProductInstanceRecord = {
      id: randomUUID(),
      smartAccount: token.smartAccount,
      virtualAccount: token.virtualAccount,
      udi: { pid: device.udi.pid, sn: device.udi.sn },
      hostname: device.hostname,
      swVersion: device.swVersion,
      softwareTag: device.softwareTag,
      exportControlled: token.exportControlled,
      idCert: this.issueIdCert(device.udi),
      registeredAt: now,
      lastContactAt: now,
      usage: mergeUsage(device.usage),
    };
    this.state.productInstances.push(pi);
    token.uses += 1;
    this.onChange();
    return pi;
  }

  /** A successful contact: last-contact time, and the usage the device reported (replacing the previous report). */
  touch(pi: ProductInstanceRecord, update: { usage?: readonly UsageEntry[]; hostname?: string; swVersion?: string; idCert?: IdCertRecord }): void {
    pi.lastContactAt = this.now();
    if (update.usage !== undefined) pi.usage = mergeUsage(update.usage);
    if (update.hostname) pi.hostname = update.hostname;
    if (update.swVersion) pi.swVersion = update.swVersion;
    if (update.idCert !== undefined) pi.idCert = update.idCert;
    this.onChange();
  }

  /**
   * Each instance's virtual account's `licenseUsage` by entitlement key, computed once per account for the life of
   * the returned function: a listing renders every instance against its account's totals, and recomputing them per
   * instance made listing n instances O(n²) (a 5,000-device page timed out).
   */
  usageLookup(): (pi: ProductInstanceRecord) => ReadonlyMap<string, LicenseUsage> {
    const cache = new Map<string, ReadonlyMap<string, LicenseUsage>>();
    return (pi) => {
      const key = `${pi.smartAccount}\u0000${pi.virtualAccount}`;
      let usage = cache.get(key);
      if (usage === undefined) {
        const { sa, va } = this.account(pi.smartAccount, pi.virtualAccount);
        usage = new Map(this.licenseUsage(sa, va).map((u) => [u.key, u]));
        cache.set(key, usage);
      }
      return usage;
    };
  }

  /** Whether every entitlement this instance uses is covered in its virtual account (`usage`: from `usageLookup`). */
  instanceCompliant(pi: ProductInstanceRecord, usage: ReadonlyMap<string, LicenseUsage> = this.usageLookup()(pi)): boolean {
    return pi.usage.every((u) => u.count === 0 || usage.get(entitlementKey(u.tag))?.compliant !== false);
  }
}

/** One entry per entitlement (counts of repeated tags are added), zero counts kept. */
function mergeUsage(usage: readonly UsageEntry[]): UsageEntry[] {
  const out = new Map<string, UsageEntry>();
  for (const u of usage) {
    const key = entitlementKey(u.tag);
    const prev = out.get(key);
    out.set(key, { tag: prev?.tag ?? u.tag, count: (prev?.count ?? 0) + u.count });
  }
  return [...out.values()];
}
