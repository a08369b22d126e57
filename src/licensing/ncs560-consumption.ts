/**
 * NCS 560 Flexible Consumption (seed 001:47-61, 001:80-84): Essentials or Advantage right-to-use (RTU) licenses
 * checked per chassis, hardware tracking PIDs for the chassis and for some line cards, the L3VPN rule (up to 8 VRF
 * tables → Essentials 10G RTU, more → Advantage 10G RTU, VRF-lite included) and the SIA subscriptions that must
 * match the RTUs in number.
 */
import { InvalidArgumentError } from '../errors.js';

export const NCS560_RTU = {
  essentials100G: 'ESS-AC-100G-RTU-1',
  advantage100G: 'ADV-AC-100G-RTU-1',
  essentials10G: 'ESS-AC-10G-RTU-1',
  advantage10G: 'ADV-AC-10G-RTU-1',
} as const;

/** Chassis tracking PIDs, checked on every chassis (001:53). [INF] Chassis PID → `<PID>-TRK`. */
export const NCS560_CHASSIS_TRACKING: Readonly<Record<string, string>> = {
  'N560-4-SYS': 'N560-4-SYS-TRK',
  'N560-4-SYS-E': 'N560-4-SYS-E-TRK',
  'N560-4-SYS-CC': 'N560-4-SYS-CC-TRK',
  'N560-4-SYSE-CC': 'N560-4-SYSE-CC-TRK',
};

/**
 * Component tracking PIDs, counted on the chassis that holds the card (001:54). The platform summary prints the
 * card as `A900-IMA8CS1Z-M` and the tracking PID drops the dash (001:134, 001:622).
 */
export const NCS560_COMPONENT_TRACKING: Readonly<Record<string, string>> = {
  'N560-IMA2C': 'N560-IMA2C-TRK',
  'A900-IMA8Z': 'A900-IMA8Z-TRK',
  'A900-IMA8CS1Z-M': 'A900-IMA8CS1ZM-TRK',
};

/** Up to this many VRF tables (inclusive) L3VPN needs the Essentials license (001:60-61). */
export const L3VPN_ESSENTIALS_MAX_VRFS = 8;

export type Ncs560Suite = 'essentials' | 'advantage';

/** The 10G RTU that L3VPN (or VRF-lite) with `vrfCount` VRF tables needs; null without VRFs. */
export function l3vpnLicense(vrfCount: number): typeof NCS560_RTU.essentials10G | typeof NCS560_RTU.advantage10G | null {
  if (!Number.isInteger(vrfCount) || vrfCount < 0) throw new InvalidArgumentError('vrfCount', `must be a whole number ≥ 0, got ${vrfCount}`);
  if (vrfCount === 0) return null;
  return vrfCount <= L3VPN_ESSENTIALS_MAX_VRFS ? NCS560_RTU.essentials10G : NCS560_RTU.advantage10G;
}

/** The per-100G RTU of a suite. */
export function rtuLicense(suite: Ncs560Suite): typeof NCS560_RTU.essentials100G | typeof NCS560_RTU.advantage100G {
  return suite === 'essentials' ? NCS560_RTU.essentials100G : NCS560_RTU.advantage100G;
}

/** The tracking PID of a chassis; throws for a PID the seed does not list. */
export function chassisTrackingPid(chassisPid: string): string {
  const pid = NCS560_CHASSIS_TRACKING[chassisPid.toUpperCase()];
  if (pid === undefined) throw new InvalidArgumentError('chassisPid', `no tracking PID for NCS 560 chassis "${chassisPid}" (known: ${Object.keys(NCS560_CHASSIS_TRACKING).join(', ')})`);
  return pid;
}

/** The tracking PID of a line card, or null when the card is not tracked. */
export function componentTrackingPid(cardPid: string): string | null {
  return NCS560_COMPONENT_TRACKING[cardPid.toUpperCase()] ?? null;
}

export interface Ncs560Chassis {
  readonly chassisPid: string;
  readonly lineCards?: readonly string[];
  /** Suite bought for the chassis (Essentials or Advantage RTU). */
  readonly suite: Ncs560Suite;
  /**
   * [INF] Number of 100G RTU units the chassis consumes. The seed gives the entitlement and the example count 1
   * (001:843-848) but not how it is derived from the ports; the caller supplies it (default 1).
   */
  readonly rtu100GUnits?: number;
  /** VRF tables configured (L3VPN and VRF-lite). */
  readonly vrfCount?: number;
}

/** Entitlement counts of one NCS 560 chassis, keyed by entitlement tag. */
export function ncs560Consumption(chassis: Ncs560Chassis): Record<string, number> {
  const units = chassis.rtu100GUnits ?? 1;
  if (!Number.isInteger(units) || units < 0) throw new InvalidArgumentError('rtu100GUnits', `must be a whole number ≥ 0, got ${units}`);
  const out: Record<string, number> = {};
  const add = (tag: string, n: number): void => {
    if (n > 0) out[tag] = (out[tag] ?? 0) + n;
  };
  add(rtuLicense(chassis.suite), units);
  add(chassisTrackingPid(chassis.chassisPid), 1);
  for (const card of chassis.lineCards ?? []) {
    const tracking = componentTrackingPid(card);
    if (tracking !== null) add(tracking, 1);
  }
  const l3vpn = l3vpnLicense(chassis.vrfCount ?? 0);
  if (l3vpn !== null) add(l3vpn, 1);
  return out;
}

/**
 * SIA subscriptions the RTUs need: Advantage SIA for Advantage RTU, Essentials SIA for Essentials RTU, in equal
 * numbers (001:80-84).
 */
export function siaRequirement(consumption: Readonly<Record<string, number>>): { essentials: number; advantage: number } {
  let essentials = 0;
  let advantage = 0;
  for (const [tag, count] of Object.entries(consumption)) {
    if (/^ESS-.*-RTU-/.test(tag)) essentials += count;
    else if (/^ADV-.*-RTU-/.test(tag)) advantage += count;
  }
  return { essentials, advantage };
}
