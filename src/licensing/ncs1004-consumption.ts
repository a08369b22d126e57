/**
 * NCS 1004 license consumption (seed 004): which entitlements a configuration consumes and how many.
 *
 * - 1.2T line card (`NCS1K4-1.2T-L-K9`, licensed per port; `NCS1K4-1.2T-K9` is not smart-licensed, 004:118-125):
 *   up to 4 × 100GE client ports cost nothing; above that "the license count is incremented by one for every
 *   100GE client port" (004:142). Encrypted ports draw `S-NCS1K4-LIC-100X=`, the others `S-NCS1K4-LIC-100G=`.
 * - Trunk (004:497-595): subsea (`S_NCS1K4_SUBSEA`) when any subsea optics setting is configured, or
 *   1 ≤ bits/symbol < 2, or CD-MIN < −10000 / CD-MAX > 100000 ps/nm (boundaries excluded); otherwise long haul
 *   (`S_NCS1K4_LONGHAUL`) when 2 ≤ bits/symbol ≤ 4 (boundaries included). Consumed even when the trunk port is
 *   shut down, but only while the line card is up (004:578-579).
 * - OTN-XP (`NCS1K4-OTN-XPL`): `S-NCS1K4-100G-CL=` = ceil(client ports / 10), whatever the client type (004:686-840).
 * - QXP (`NCS1K4-QXP-L-K9`; `NCS1K4-QXP-K9` is not licensed): per provisioned trunk slice (004:842-930).
 */
import { InvalidArgumentError } from '../errors.js';

export const NCS1004_ENTITLEMENTS = {
  /** NCS1K4 Smart License - one QSFP28 client (004:136). */
  client100G: 'S-NCS1K4-LIC-100G=',
  /** NCS1K4 Smart License - one QSFP28 client with encryption (004:137). */
  client100GEncrypted: 'S-NCS1K4-LIC-100X=',
  /** NCS1K4 Smart License - 100Gbps of client bandwidth (004:138, OTN-XP). */
  clientBandwidth100G: 'S-NCS1K4-100G-CL=',
  longHaul: 'S_NCS1K4_LONGHAUL',
  subsea: 'S_NCS1K4_SUBSEA',
  /** `NCS1K4 - QDD TXP Trunk (S_N1K4_LIC_TRK)` (004:930). */
  qxpTrunk: 'S_N1K4_LIC_TRK',
} as const;

export type Ncs1004Entitlement = (typeof NCS1004_ENTITLEMENTS)[keyof typeof NCS1004_ENTITLEMENTS];

export type Ncs1004CardKind = '1.2T' | 'OTN-XP' | 'QXP';

/** Line-card PIDs and whether Smart Licensing charges them (004:118-125). */
export const NCS1004_LINE_CARDS: Readonly<Record<string, { kind: Ncs1004CardKind; licensed: boolean }>> = {
  'NCS1K4-1.2T-K9': { kind: '1.2T', licensed: false },
  'NCS1K4-1.2T-L-K9': { kind: '1.2T', licensed: true },
  'NCS1K4-OTN-XPL': { kind: 'OTN-XP', licensed: true },
  'NCS1K4-QXP-L-K9': { kind: 'QXP', licensed: true },
  'NCS1K4-QXP-K9': { kind: 'QXP', licensed: false },
};

/** 100GE client ports on a 1.2T card that are free (004:142). */
export const FREE_100GE_CLIENT_PORTS = 4;
/** OTN-XP: client ports covered by one `S-NCS1K4-100G-CL=` (004:704-708). */
export const OTN_XP_PORTS_PER_LICENSE = 10;
/** Subsea: bits per symbol in [1, 2) (004:525). */
export const SUBSEA_BPS = { min: 1, maxExclusive: 2 } as const;
/** Long haul: bits per symbol in [2, 4] (004:560). */
export const LONG_HAUL_BPS = { min: 2, max: 4 } as const;
/** Subsea when CD-MIN < −10000 ps/nm or CD-MAX > 100000 ps/nm, boundaries excluded (004:531). */
export const SUBSEA_CD_MIN_PS_NM = -10000;
export const SUBSEA_CD_MAX_PS_NM = 100000;

/** `Ios(config-optics)#` settings whose presence on a trunk consumes the subsea license (004:514-524). */
export const SUBSEA_OPTICS_SETTINGS: ReadonlyArray<{ readonly command: string; readonly range: string }> = [
  { command: 'filter-roll-off-factor', range: '<0-1>' },
  { command: 'rx-voa target-power', range: '<-190,+30>' },
  { command: 'rx-voa fixed-ratio', range: '<+100,+1700>' },
  { command: 'enh-colorless-mode', range: '<1-3>' },
  { command: 'enh-sop-tol-mode', range: '<1-3>' },
  { command: 'nleq-comp-mode', range: '<1-4>' },
  { command: 'cross-pol-gain-mode', range: '<1-15>' },
  { command: 'cross-pol-weight-mode', range: '<1-7>' },
  { command: 'cpr-win-mode', range: '<1-15>' },
  { command: 'cpr-ext-win-mode', range: '<1-15>' },
];

/** True when an optics configuration line (under `controller optics`) is one of the subsea settings. */
export function isSubseaOpticsSetting(line: string): boolean {
  const text = line.trim().replace(/\s+/g, ' ').toLowerCase();
  if (text.startsWith('no ')) return false;
  return SUBSEA_OPTICS_SETTINGS.some((s) => text === s.command || text.startsWith(`${s.command} `));
}

function requireCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new InvalidArgumentError(name, `must be a whole number ≥ 0, got ${value}`);
}

function requireFinite(value: number | undefined, name: string): void {
  if (value !== undefined && !Number.isFinite(value)) throw new InvalidArgumentError(name, `must be a finite number, got ${value}`);
}

export interface ClientPort {
  /** Port rate in Gbps; only 100GE ports are charged on the 1.2T card. */
  readonly rateGbps?: number;
  readonly encrypted?: boolean;
}

/**
 * Client licenses of one 1.2T line card. [INF] The seed's "incremented by one for every 100GE client port" above
 * 4 × 100GE is read as one license per port beyond the fourth (n − 4); the first four ports are taken as the free
 * ones, in the order given, and an encrypted charged port draws 100X.
 */
export function clientPortLicenses(pid: string, ports: readonly ClientPort[]): { [NCS1004_ENTITLEMENTS.client100G]: number; [NCS1004_ENTITLEMENTS.client100GEncrypted]: number } {
  const result = { [NCS1004_ENTITLEMENTS.client100G]: 0, [NCS1004_ENTITLEMENTS.client100GEncrypted]: 0 };
  const card = NCS1004_LINE_CARDS[pid];
  if (card === undefined) throw new InvalidArgumentError('pid', `unknown NCS 1004 line card "${pid}"`);
  if (card.kind !== '1.2T') throw new InvalidArgumentError('pid', `"${pid}" is not a 1.2T line card`);
  if (!card.licensed) return result;
  const charged = ports.filter((p) => (p.rateGbps ?? 100) === 100).slice(FREE_100GE_CLIENT_PORTS);
  for (const port of charged) {
    if (port.encrypted === true) result[NCS1004_ENTITLEMENTS.client100GEncrypted]++;
    else result[NCS1004_ENTITLEMENTS.client100G]++;
  }
  return result;
}

export interface TrunkOptics {
  /** `Bits per symbol = …` from `show controllers optics`. */
  readonly bitsPerSymbol?: number;
  readonly cdMinPsNm?: number;
  readonly cdMaxPsNm?: number;
  /** The trunk's `controller optics` configuration lines. */
  readonly opticsConfig?: readonly string[];
  /** Line card state; a trunk license is consumed only while the card is up (004:579). Default true. */
  readonly lineCardUp?: boolean;
}

export type TrunkLicense = 'subsea' | 'long-haul';

/** Why a trunk consumes subsea (for reports): the settings and values that triggered it. */
export function subseaReasons(trunk: TrunkOptics): string[] {
  requireFinite(trunk.bitsPerSymbol, 'bitsPerSymbol');
  requireFinite(trunk.cdMinPsNm, 'cdMinPsNm');
  requireFinite(trunk.cdMaxPsNm, 'cdMaxPsNm');
  const reasons: string[] = [];
  for (const line of trunk.opticsConfig ?? []) if (isSubseaOpticsSetting(line)) reasons.push(`optics setting "${line.trim()}"`);
  const bps = trunk.bitsPerSymbol;
  if (bps !== undefined && bps >= SUBSEA_BPS.min && bps < SUBSEA_BPS.maxExclusive) reasons.push(`bits per symbol ${bps} in [1, 2)`);
  if (trunk.cdMinPsNm !== undefined && trunk.cdMinPsNm < SUBSEA_CD_MIN_PS_NM) reasons.push(`CD-MIN ${trunk.cdMinPsNm} < ${SUBSEA_CD_MIN_PS_NM}`);
  if (trunk.cdMaxPsNm !== undefined && trunk.cdMaxPsNm > SUBSEA_CD_MAX_PS_NM) reasons.push(`CD-MAX ${trunk.cdMaxPsNm} > ${SUBSEA_CD_MAX_PS_NM}`);
  return reasons;
}

/**
 * The trunk license a trunk consumes, or null. [INF] When both rules match (e.g. bits/symbol 3 with a subsea
 * setting) subsea wins: it is the license that enables the subsea controls in use (004:508).
 */
export function trunkLicense(trunk: TrunkOptics): TrunkLicense | null {
  if (trunk.lineCardUp === false) return null;
  if (subseaReasons(trunk).length > 0) return 'subsea';
  const bps = trunk.bitsPerSymbol;
  if (bps !== undefined && bps >= LONG_HAUL_BPS.min && bps <= LONG_HAUL_BPS.max) return 'long-haul';
  return null;
}

/** OTN-XP `S-NCS1K4-100G-CL=` count: 1–10 client ports → 1, 11–20 → 2, … (004:704-708, 004:836-840). */
export function otnXpLicenses(clientPorts: number): number {
  requireCount(clientPorts, 'clientPorts');
  return Math.ceil(clientPorts / OTN_XP_PORTS_PER_LICENSE);
}

export interface QxpSlice {
  readonly provisioned: boolean;
  /** Trunk rate of the slice (`trunk-rate 400G`). */
  readonly trunkRateGbps: number;
}

/**
 * QXP trunk licenses (`S_N1K4_LIC_TRK`): counted per provisioned trunk slice (004:847). [INF] The only example is
 * one 400G slice → count 2 (004:858-930); the count per slice is taken as trunk rate / 200G, rounded up, which
 * gives that example.
 */
export function qxpTrunkLicenses(slices: readonly QxpSlice[]): number {
  let total = 0;
  for (const slice of slices) {
    requireFinite(slice.trunkRateGbps, 'trunkRateGbps');
    if (!slice.provisioned) continue;
    if (slice.trunkRateGbps <= 0) throw new InvalidArgumentError('trunkRateGbps', `must be > 0, got ${slice.trunkRateGbps}`);
    total += Math.ceil(slice.trunkRateGbps / 200);
  }
  return total;
}

export interface Ncs1004LineCard {
  readonly pid: string;
  /** `up` unless the card is down (trunk licenses count only while up). */
  readonly up?: boolean;
  /** 1.2T: client ports configured at the slice level. */
  readonly clientPorts?: readonly ClientPort[];
  /** 1.2T: trunks with their optics. */
  readonly trunks?: readonly TrunkOptics[];
  /** OTN-XP: number of client ports in use. */
  readonly otnXpClientPorts?: number;
  /** QXP: trunk slices. */
  readonly qxpSlices?: readonly QxpSlice[];
}

/** Entitlement counts of a whole NCS 1004 chassis, keyed by entitlement tag (zero counts left out). */
export function ncs1004Consumption(cards: readonly Ncs1004LineCard[]): Partial<Record<Ncs1004Entitlement, number>> {
  const out: Partial<Record<Ncs1004Entitlement, number>> = {};
  const add = (tag: Ncs1004Entitlement, n: number): void => {
    if (n > 0) out[tag] = (out[tag] ?? 0) + n;
  };
  for (const card of cards) {
    const info = NCS1004_LINE_CARDS[card.pid];
    if (info === undefined) throw new InvalidArgumentError('pid', `unknown NCS 1004 line card "${card.pid}"`);
    if (!info.licensed) continue;
    switch (info.kind) {
      case '1.2T': {
        const clients = clientPortLicenses(card.pid, card.clientPorts ?? []);
        add(NCS1004_ENTITLEMENTS.client100G, clients[NCS1004_ENTITLEMENTS.client100G]);
        add(NCS1004_ENTITLEMENTS.client100GEncrypted, clients[NCS1004_ENTITLEMENTS.client100GEncrypted]);
        for (const trunk of card.trunks ?? []) {
          const license = trunkLicense({ ...trunk, lineCardUp: card.up !== false && trunk.lineCardUp !== false });
          if (license === 'subsea') add(NCS1004_ENTITLEMENTS.subsea, 1);
          else if (license === 'long-haul') add(NCS1004_ENTITLEMENTS.longHaul, 1);
        }
        break;
      }
      case 'OTN-XP':
        add(NCS1004_ENTITLEMENTS.clientBandwidth100G, otnXpLicenses(card.otnXpClientPorts ?? 0));
        break;
      case 'QXP':
        add(NCS1004_ENTITLEMENTS.qxpTrunk, qxpTrunkLicenses(card.qxpSlices ?? []));
        break;
    }
  }
  return out;
}
