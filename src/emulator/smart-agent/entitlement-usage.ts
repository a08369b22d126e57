/**
 * What each emulated model consumes, computed from its running configuration with the licensing calculators, as
 * the entitlements its Smart Agent reports (`usage` of REGISTER / RENEW_AUTH) and prints.
 *
 * - cBR-8 (000:118-124, 000:572-588): [INF] one `US_License` per configured upstream channel (`us-channel <n>`
 *   under `controller Upstream-Cable`), one `DS_License` per DOCSIS downstream channel (`rf-chan <a> [<b>]` under
 *   `controller Integrated-Cable`, not `type VIDEO`), one `WAN_License` per 10G/100G WAN port
 *   (`interface TenGigabitEthernet…|HundredGigE…` not shut down), and one `LCHA_License` per working line card of an
 *   LCHA group (`member slot <n> secondary` under `redundancy` / `linecard-group`, `lchaLicenses()`). Shut down
 *   controllers and interfaces consume nothing.
 * - NCS 560 (001:47-61): `ncs560Consumption()` of the chassis hardware (default: the seed's NCS560-4 with an
 *   N560-4-SYS-E and A900-IMA8Z ×2 + A900-IMA8CS1Z-M, Essentials suite, 001:843-875) with the VRF count of the
 *   configuration (distinct `vrf <name>` lines, top level and under interfaces) for the L3VPN rule.
 * - NCS 1004 (004:114-142, 497-595, 686-930): `ncs1004Consumption()` of the line cards the configuration
 *   describes — `hw-module location 0/<slot> mxponder-slice <n>` with `trunk-rate <N>G` and
 *   `client-port-rate <port> [lane <l>] client-type <type>` (10GE/OTU2/OTU2E… → OTN-XP client ports, 400GE → a QXP
 *   trunk slice, 100GE → 1.2T client ports) and `controller Optics0/<slot>/0/<port>` blocks with a subsea setting
 *   (a subsea trunk of the 1.2T card in that slot). With none of these inputs, the seed's sample counts
 *   (004:345-378: SUBSEA 3, LIC-100G= 18, LIC-100X= 2, LONGHAUL 2).
 */
import type { DeviceModel } from '../../inventory/types.js';
import { lchaLicenses } from '../../licensing/cbr8-consumption.js';
import {
  isSubseaOpticsSetting,
  ncs1004Consumption,
  NCS1004_ENTITLEMENTS,
  type ClientPort,
  type Ncs1004LineCard,
  type QxpSlice,
} from '../../licensing/ncs1004-consumption.js';
import { ncs560Consumption, type Ncs560Chassis } from '../../licensing/ncs560-consumption.js';
import { entitlementKey } from '../cssm/model.js';
import { findEntitlement } from '../cssm/seed.js';
import type { ConfigNode } from '../device/config/tree.js';

export interface EntitlementUse {
  /** The tag reported to CSSM: the catalogue's (full `regid.…` where a seed prints one) or as given. */
  readonly tag: string;
  readonly count: number;
}

export interface UsageInputs {
  /** NCS 560 chassis hardware (suite, line cards); the VRF count always comes from the configuration. */
  readonly ncs560Chassis?: Omit<Ncs560Chassis, 'vrfCount'>;
}

/** The seed's NCS560-4 (001:843-875). */
export const SEED_NCS560_CHASSIS: Omit<Ncs560Chassis, 'vrfCount'> = {
  chassisPid: 'N560-4-SYS-E',
  lineCards: ['A900-IMA8Z', 'A900-IMA8Z', 'A900-IMA8CS1Z-M'],
  suite: 'essentials',
  rtu100GUnits: 1,
};

/** The seed's NCS 1004 sample counts (004:345-378), used when the configuration describes no line card. */
export const SEED_NCS1004_USAGE: readonly EntitlementUse[] = [
  { tag: NCS1004_ENTITLEMENTS.subsea, count: 3 },
  { tag: NCS1004_ENTITLEMENTS.client100G, count: 18 },
  { tag: NCS1004_ENTITLEMENTS.client100GEncrypted, count: 2 },
  { tag: NCS1004_ENTITLEMENTS.longHaul, count: 2 },
];

/** The catalogue's spelling of a tag (full `regid.…` when known). */
function catalogueTag(tag: string): string {
  return findEntitlement(tag)?.tag ?? tag;
}

function uses(counts: Readonly<Record<string, number>>): EntitlementUse[] {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([tag, count]) => ({ tag: catalogueTag(tag), count }));
}

const isShut = (node: ConfigNode): boolean => node.children.some((c) => c.line === 'shutdown');

function cbr8Usage(running: ConfigNode): EntitlementUse[] {
  let upstream = 0;
  let downstream = 0;
  let wan = 0;
  let workingCards = 0;
  for (const node of running.children) {
    if (/^controller upstream-cable \S+$/i.test(node.line) && !isShut(node)) {
      const channels = new Set<string>();
      const shut = new Set<string>();
      for (const child of node.children) {
        const m = /^us-channel (\d+)(?: (.*))?$/.exec(child.line);
        if (m === null) continue;
        if (m[2] === 'shutdown') shut.add(m[1]!);
        else channels.add(m[1]!);
      }
      upstream += [...channels].filter((c) => !shut.has(c)).length;
    } else if (/^controller integrated-cable \S+$/i.test(node.line) && !isShut(node)) {
      for (const child of node.children) {
        const m = /^rf-chan (\d+)(?: (\d+))?$/.exec(child.line);
        if (m === null || child.children.some((c) => /^type VIDEO$/i.test(c.line))) continue;
        const first = Number(m[1]);
        const last = m[2] === undefined ? first : Number(m[2]);
        if (last >= first) downstream += last - first + 1;
      }
    } else if (/^interface (?:TenGigabitEthernet|HundredGigE)\S+$/.test(node.line) && !isShut(node)) {
      wan++;
    } else if (node.line === 'redundancy') {
      for (const group of node.children.filter((c) => /^linecard-group \d+/.test(c.line))) {
        workingCards += group.children.filter((c) => /^member slot \d+ secondary$/.test(c.line)).length;
      }
    }
  }
  return uses({ US_License: upstream, DS_License: downstream, WAN_License: wan, LCHA_License: lchaLicenses(workingCards) });
}

function vrfCount(running: ConfigNode): number {
  const names = new Set<string>();
  for (const node of running.children) {
    const top = /^vrf (\S+)$/.exec(node.line);
    if (top !== null) names.add(top[1]!);
    if (!node.line.startsWith('interface ')) continue;
    for (const child of node.children) {
      const m = /^vrf (?:forwarding )?(\S+)$/.exec(child.line);
      if (m !== null) names.add(m[1]!);
    }
  }
  return names.size;
}

/** What the configuration puts in one line-card slot (`0/1`). */
interface SlotUse {
  readonly clientPorts: ClientPort[];
  otnXpPorts: number;
  readonly qxp: QxpSlice[];
  readonly subseaTrunks: string[][];
}

const OTN_XP_CLIENTS = /^(?:10GE|OTU2E?|10GFC|16GFC|8GFC|OC192|STM64)$/i;

/** NCS 1004 line cards described by the configuration (empty when it describes none). */
export function ncs1004LineCards(running: ConfigNode): Ncs1004LineCard[] {
  const slots = new Map<string, SlotUse>();
  const slot = (name: string): SlotUse => {
    let s = slots.get(name);
    if (s === undefined) {
      s = { clientPorts: [], otnXpPorts: 0, qxp: [], subseaTrunks: [] };
      slots.set(name, s);
    }
    return s;
  };
  for (const node of running.children) {
    const hw = /^hw-module location (\S+) mxponder-slice \d+$/.exec(node.line);
    if (hw !== null) {
      const s = slot(hw[1]!);
      const rate = node.children.map((c) => /^trunk-rate (\d+)G$/i.exec(c.line)).find((m) => m !== null);
      for (const child of node.children) {
        const m = /^client-port-rate \d+(?: lane \d+)? client-type (\S+)(?: (encrypted))?$/i.exec(child.line);
        if (m === null) continue;
        const type = m[1]!;
        if (/^400GE$/i.test(type)) s.qxp.push({ provisioned: true, trunkRateGbps: rate === undefined || rate === null ? 400 : Number(rate[1]) });
        else if (/^100GE$/i.test(type)) s.clientPorts.push({ rateGbps: 100, encrypted: m[2] !== undefined });
        else if (OTN_XP_CLIENTS.test(type)) s.otnXpPorts++;
      }
      continue;
    }
    const optics = /^controller Optics(\d+)\/(\d+)\/\d+\/\d+$/i.exec(node.line);
    if (optics !== null) {
      const settings = node.children.map((c) => c.line).filter(isSubseaOpticsSetting);
      if (settings.length > 0) slot(`${optics[1]}/${optics[2]}`).subseaTrunks.push(settings);
    }
  }
  const cards: Ncs1004LineCard[] = [];
  for (const s of slots.values()) {
    if (s.clientPorts.length > 0 || s.subseaTrunks.length > 0) {
      cards.push({ pid: 'NCS1K4-1.2T-L-K9', clientPorts: s.clientPorts, trunks: s.subseaTrunks.map((opticsConfig) => ({ opticsConfig })) });
    }
    if (s.otnXpPorts > 0) cards.push({ pid: 'NCS1K4-OTN-XPL', otnXpClientPorts: s.otnXpPorts });
    if (s.qxp.length > 0) cards.push({ pid: 'NCS1K4-QXP-L-K9', qxpSlices: s.qxp });
  }
  return cards;
}

/** The entitlements a device of `model` with this running configuration consumes (zero counts left out). */
export function entitlementUsage(model: DeviceModel, running: ConfigNode, inputs: UsageInputs = {}): EntitlementUse[] {
  switch (model) {
    case 'cBR-8':
      return cbr8Usage(running);
    case 'NCS-560':
      return uses(ncs560Consumption({ ...(inputs.ncs560Chassis ?? SEED_NCS560_CHASSIS), vrfCount: vrfCount(running) }));
    case 'NCS-1004': {
      const cards = ncs1004LineCards(running);
      return cards.length === 0 ? SEED_NCS1004_USAGE.map((u) => ({ tag: catalogueTag(u.tag), count: u.count })) : uses(ncs1004Consumption(cards));
    }
  }
}

/** The name and description a device prints for a tag (catalogue entry, else the short tag). */
export function entitlementText(tag: string): { readonly shortTag: string; readonly name: string; readonly description: string } {
  const known = findEntitlement(tag);
  const shortTag = entitlementKey(tag);
  return { shortTag, name: known?.name ?? shortTag, description: known?.description ?? '' };
}
