/**
 * Default CSSM content: the entitlements the three seed documents name, and a smart account with virtual accounts
 * holding them. Everything here can be replaced through `startCssm({ smartAccounts })`.
 *
 * Tags: where a seed prints the full `regid…` tag it is used verbatim (000:712-739, 004:421-427); the short tags of
 * the NCS 560 and the remaining NCS 1004 entitlements are the names the seeds print in parentheses. LCHA and the
 * DOCSIS 3.1 downstream license have no tag in any seed: theirs are [INF].
 */
import type { LicenseRecord, LicenseType, SmartAccountRecord, VirtualAccountRecord } from './model.js';
import { entitlementKey } from './model.js';

export interface EntitlementInfo {
  readonly tag: string;
  readonly name: string;
  readonly description: string;
  readonly platform: 'cBR-8' | 'NCS-560' | 'NCS-1004';
}

export const ENTITLEMENTS: readonly EntitlementInfo[] = [
  // cBR-8 (000:572-588, 712-739, 118-124, 1020)
  { platform: 'cBR-8', tag: 'regid.2014-11.com.cisco.US_License,1.0_a3f32909-2c71-426c-b3e0-eeefc946f9b3', name: 'US_License', description: '' },
  { platform: 'cBR-8', tag: 'regid.2014-11.com.cisco.DS_License,1.0_71ad0ae1-5e5e-4f02-b380-d2e1b8dcfa03', name: 'DS_License', description: '' },
  { platform: 'cBR-8', tag: 'regid.2014-11.com.cisco.WAN_License,1.0_3d8bb7ba-1a92-4f01-a4aa-a4479f1d7612', name: 'WAN_License', description: '' },
  // [INF] tag: the seed only says "A LCHA license is needed for each working linecard" (000:118)
  { platform: 'cBR-8', tag: 'regid.2014-11.com.cisco.LCHA_License,1.0_5d1a3b0e-8c2f-4b8e-9a43-2f0c6e7d1b55', name: 'LCHA_License', description: 'Line Card High Availability' },
  // [INF] tag; the name is the seed's (000:124, 1020)
  { platform: 'cBR-8', tag: 'regid.2016-05.com.cisco.D31_DS_License,1.0_8e6f2c47-1b3d-4f59-a0c2-7d9e5b1a3c68', name: 'D31_DS_License', description: 'DOCSIS 3.1 Downstream Channel License' },
  // NCS 560 (001:47-61, 843-875); descriptions not printed by the seed are [INF]
  { platform: 'NCS-560', tag: 'ESS-AC-100G-RTU-1', name: 'Access Essentials SW Right-to-Use v1.0 per 100G', description: 'Access Essentials SW Right-to-Use v1.0 per 100G' },
  { platform: 'NCS-560', tag: 'ADV-AC-100G-RTU-1', name: 'Access Advantage SW Right-to-Use v1.0 per 100G', description: 'Access Advantage SW Right-to-Use v1.0 per 100G' },
  { platform: 'NCS-560', tag: 'ESS-AC-10G-RTU-1', name: 'Access Essentials SW Right-to-Use v1.0 per 10G', description: 'Access Essentials SW Right-to-Use v1.0 per 10G' },
  { platform: 'NCS-560', tag: 'ADV-AC-10G-RTU-1', name: 'Access Advantage SW Right-to-Use v1.0 per 10G', description: 'Access Advantage SW Right-to-Use v1.0 per 10G' },
  { platform: 'NCS-560', tag: 'N560-4-SYS-TRK', name: 'Tracking PID for N560-4-SYS', description: 'Tracking PID for N560-4-SYS' },
  { platform: 'NCS-560', tag: 'N560-4-SYS-E-TRK', name: 'Tracking PID for N560-4-SYS-E Vortex ATO', description: 'Tracking PID for N560-4-SYS-E Vortex ATO' },
  { platform: 'NCS-560', tag: 'N560-4-SYS-CC-TRK', name: 'Tracking PID for N560-4-SYS-CC', description: 'Tracking PID for N560-4-SYS-CC' },
  { platform: 'NCS-560', tag: 'N560-4-SYSE-CC-TRK', name: 'Tracking PID for N560-4-SYSE-CC', description: 'Tracking PID for N560-4-SYSE-CC' },
  { platform: 'NCS-560', tag: 'N560-IMA2C-TRK', name: 'Tracking PID for N560 IMA2C Interface Module', description: 'Tracking PID for N560 IMA2C Interface Module' },
  { platform: 'NCS-560', tag: 'A900-IMA8Z-TRK', name: 'Tracking PID for ASR 900 8-port 10GE Interface Module', description: 'Tracking PID for ASR 900 8-port 10GE Interface Module' },
  { platform: 'NCS-560', tag: 'A900-IMA8CS1ZM-TRK', name: 'Tracking PID for ASR 900 8/16-port 1GE + 1-port 10GE Interface Module', description: 'Tracking PID for ASR 900 8/16-port 1GE 1-port 10GE Interface Module' },
  // NCS 1004 (004:135-140, 345-378, 421-427, 813, 930)
  { platform: 'NCS-1004', tag: 'regid.2018-05.com.cisco.S-NCS1K4-LIC-100G=,1.0_03df009f-5ac5-48da-af50-4279ddea5e24', name: 'NCS1K4 smart license - one QSFP28 client', description: 'NCS1K4 smart license - one QSFP28 client' },
  { platform: 'NCS-1004', tag: 'regid.2018-05.com.cisco.S-NCS1K4-LIC-100X=,1.0_3938b0c5-f635-4426-9f0f-936d930cea9e', name: 'NCS1K4 smart license - one QSFP28 client with encryption', description: 'NCS1K4 smart license - one QSFP28 client with encryption' },
  { platform: 'NCS-1004', tag: 'S-NCS1K4-100G-CL=', name: 'NCS1K4 Smart License - 100Gbps of client bandwidth', description: 'NCS 1K4 smart License - 100Gbps of client bandwidth' },
  { platform: 'NCS-1004', tag: 'S_NCS1K4_LONGHAUL', name: 'NCS1K4 - Long Haul - 1.2T Line Card', description: 'NCS1K4 - Long Haul - 1.2T Line Card' },
  { platform: 'NCS-1004', tag: 'S_NCS1K4_SUBSEA', name: 'NCS1K4 - Subsea - 1.2T Line Card', description: 'NCS1K4 - Subsea - 1.2T Line Card' },
  { platform: 'NCS-1004', tag: 'S_N1K4_LIC_TRK', name: 'NCS1K4 - QDD TXP Trunk', description: 'NCS1K4 - QDD TXP Trunk' },
];

/** The catalogue entry for a tag in either spelling (full `regid…` or short). */
export function findEntitlement(tag: string): EntitlementInfo | undefined {
  const key = entitlementKey(tag);
  return ENTITLEMENTS.find((e) => entitlementKey(e.tag) === key);
}

export interface LicenseSeed {
  readonly tag: string;
  readonly quantity: number;
  /** Defaults to the catalogue's name for a known tag, else the tag's short key. */
  readonly name?: string;
  readonly description?: string;
  readonly licenseType?: LicenseType;
  readonly exportRestricted?: boolean;
}

export interface VirtualAccountSeed {
  readonly name: string;
  readonly description?: string;
  readonly isDefault?: boolean;
  readonly licenses?: readonly LicenseSeed[];
}

export interface SmartAccountSeed {
  readonly name: string;
  /** The account domain used in API paths. */
  readonly domain: string;
  readonly virtualAccounts: readonly VirtualAccountSeed[];
}

/** A generous pool of every seed entitlement, so an emulated fleet registers Authorized by default. */
export const LAB_POOL = 10_000;

function every(quantity: number): LicenseSeed[] {
  return ENTITLEMENTS.map((e) => ({ tag: e.tag, quantity }));
}

/**
 * One smart account (the NCS 560 seed's "Forty-Two uLtd.", 001:810) with:
 * - `Default`: every seed entitlement ×10 000 (the emulator's main account);
 * - `auto-test-1` (000:557): the cBR-8 sample counts, WAN_License short so that its 8 in use are OUT OF COMPLIANCE
 *   as in 000:584-588;
 * - `IOSXR` (001:811): tracking PIDs but no ESS-AC-100G-RTU-1, so the sample's count 1 is OUT OF COMPLIANCE (001:847);
 * - `NCS1000` (004:302): enough for the sample counts (004:345-378) to be AUTHORIZED.
 */
export const DEFAULT_SMART_ACCOUNTS: readonly SmartAccountSeed[] = [
  {
    name: 'Forty-Two uLtd.',
    domain: 'fortytwo.example.com',
    virtualAccounts: [
      { name: 'Default', description: 'All seed entitlements', isDefault: true, licenses: every(LAB_POOL) },
      {
        name: 'auto-test-1',
        description: 'cBR-8 sample account',
        licenses: [
          { tag: 'US_License', quantity: 128 },
          { tag: 'DS_License', quantity: 1024 },
          { tag: 'WAN_License', quantity: 4 },
          { tag: 'LCHA_License', quantity: 2 },
          { tag: 'D31_DS_License', quantity: 64 },
        ],
      },
      {
        name: 'IOSXR',
        description: 'NCS 560 sample account',
        licenses: [
          { tag: 'ADV-AC-100G-RTU-1', quantity: 2 },
          { tag: 'ESS-AC-10G-RTU-1', quantity: 4 },
          { tag: 'ADV-AC-10G-RTU-1', quantity: 4 },
          { tag: 'N560-4-SYS-TRK', quantity: 10 },
          { tag: 'N560-4-SYS-E-TRK', quantity: 10 },
          { tag: 'N560-4-SYS-CC-TRK', quantity: 10 },
          { tag: 'N560-4-SYSE-CC-TRK', quantity: 10 },
          { tag: 'N560-IMA2C-TRK', quantity: 10 },
          { tag: 'A900-IMA8Z-TRK', quantity: 10 },
          { tag: 'A900-IMA8CS1ZM-TRK', quantity: 10 },
        ],
      },
      {
        name: 'NCS1000',
        description: 'NCS 1004 sample account',
        licenses: [
          { tag: 'S-NCS1K4-LIC-100G=', quantity: 20 },
          { tag: 'S-NCS1K4-LIC-100X=', quantity: 4 },
          { tag: 'S-NCS1K4-100G-CL=', quantity: 4 },
          { tag: 'S_NCS1K4_LONGHAUL', quantity: 4 },
          { tag: 'S_NCS1K4_SUBSEA', quantity: 4 },
          { tag: 'S_N1K4_LIC_TRK', quantity: 4 },
        ],
      },
    ],
  },
];

/** The most of one entitlement a lab device uses as shipped: the NCS 1004 sample's 18 QSFP28 clients (004:345-378), rounded up. */
export const LAB_USE_PER_DEVICE = 20;

/**
 * `DEFAULT_SMART_ACCOUNTS` with the `Default` pool sized for a lab of `devices` devices: `LAB_POOL` of each
 * entitlement, or `devices × LAB_USE_PER_DEVICE` when that is more, so every device of a large lab registers
 * Authorized (10 000 covers 555 NCS 1004).
 */
export function labSmartAccounts(devices: number): readonly SmartAccountSeed[] {
  const pool = Number.isSafeInteger(devices) && devices > 0 ? Math.max(LAB_POOL, devices * LAB_USE_PER_DEVICE) : LAB_POOL;
  if (pool === LAB_POOL) return DEFAULT_SMART_ACCOUNTS;
  return DEFAULT_SMART_ACCOUNTS.map((sa) => ({
    ...sa,
    virtualAccounts: sa.virtualAccounts.map((va) => (va.name === 'Default' ? { ...va, licenses: every(pool) } : va)),
  }));
}

export function licenseFromSeed(seed: LicenseSeed): LicenseRecord {
  const known = findEntitlement(seed.tag);
  return {
    tag: known?.tag ?? seed.tag,
    name: seed.name ?? known?.name ?? entitlementKey(seed.tag),
    description: seed.description ?? known?.description ?? '',
    quantity: seed.quantity,
    licenseType: seed.licenseType ?? 'PERPETUAL',
    exportRestricted: seed.exportRestricted ?? false,
  };
}

/** Builds state records from seeds; ids are stable (by position) so persisted and fresh states agree. */
export function smartAccountsFromSeed(seeds: readonly SmartAccountSeed[]): SmartAccountRecord[] {
  let vaId = 1000;
  return seeds.map((sa, i) => {
    const vas: VirtualAccountRecord[] = sa.virtualAccounts.map((va, j) => ({
      id: vaId++,
      name: va.name,
      description: va.description ?? '',
      isDefault: va.isDefault ?? j === 0,
      licenses: (va.licenses ?? []).map(licenseFromSeed),
    }));
    return { id: 100 + i, name: sa.name, domain: sa.domain, virtualAccounts: vas };
  });
}
