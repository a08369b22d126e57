/**
 * The end-to-end fixture: a lab (CSSM emulator + emulated devices with their Smart Agents, `startLab()`) on a
 * frozen virtual clock (`ManualTimers`), the driver connected to its devices over real SSH through the lab's own
 * inventory (`inventoryFromObject` → `resolveHosts` → `openDevice`), and the real `CssmClient` built from the
 * inventory's `cssm` entry. Nothing here talks to a device or CSSM any other way than a user's code would.
 *
 * The virtual clock moves only when a test says so (`lab.timers.advanceAsync`), so two attempts of the same
 * operation carry the same device date: the driver must tell them apart by the syslog.
 */
import type { Test } from 'tap';
import { CssmClient } from '../../../src/cssm/client.js';
import { openDevice, type Device } from '../../../src/driver/device.js';
import type { OperationOptions } from '../../../src/driver/licensing-operation.js';
import { generateCssmTls, type CssmTlsMaterial } from '../../../src/emulator/cssm/tls.js';
import { generateHostKeys, type HostKeySet } from '../../../src/emulator/device/host-key.js';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import type { EmulatedDevice } from '../../../src/emulator/device/types.js';
import { startLab, type Lab, type LabOptions } from '../../../src/emulator/lab.js';
import { smartAgentOf } from '../../../src/emulator/smart-agent/agent-registry.js';
import type { SmartAgent } from '../../../src/emulator/smart-agent/smart-agent.js';
import { inventoryFromObject, type LoadedInventory } from '../../../src/inventory/load.js';

export const DAY = 86_400_000;
export const START = '2026-03-01T00:00:00Z';

/**
 * Licensing polls in wall-clock time, short: the emulated agents answer within milliseconds. The bound is far
 * above what any step needs and only stops a broken test from hanging.
 */
export const POLL: OperationOptions = { pollIntervalMs: 10, maxPollIntervalMs: 50, backoffFactor: 1.5, timeoutMs: 20_000 };

/** The cBR-8's DNS prerequisite (000:46-52); CiscoTAC-1 already reports to Cisco over http by default (000:111). */
export const XE_PREREQUISITES: readonly string[] = ['ip name-server 198.51.100.1', 'ip domain lookup'];

/** NCS 1004 / NCS 560 direct call home (004:178-220, 001:259-284), committed as one candidate. */
export const XR_PREREQUISITES: readonly string[] = [
  'domain name-server 198.51.100.247',
  'call-home',
  'service active',
  'contact smart-licensing',
  'profile CiscoTAC-1',
  'active',
  'destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
  'destination transport-method http',
];

export interface E2eLab {
  readonly lab: Lab;
  readonly timers: ManualTimers;
  readonly inventory: LoadedInventory;
  readonly cssm: CssmClient;
  /** A driver session with an inventory host (closed at teardown). */
  open(name: string, licensing?: OperationOptions): Promise<Device>;
  device(name: string): EmulatedDevice;
  agent(name: string): SmartAgent;
}

/** The on-prem / satellite host name labs serve (000:515-534 transport gateway, 001:314-340 On-Prem). */
export const ON_PREM_HOST = 'satellite.example.net';

let shared: { readonly tls: CssmTlsMaterial; readonly hostKeys: HostKeySet } | undefined;

/** CSSM certificates and SSH host keys are generated once per test process: every lab of a file reuses them. */
function sharedKeys(): { readonly tls: CssmTlsMaterial; readonly hostKeys: HostKeySet } {
  shared ??= { tls: generateCssmTls({ hosts: [ON_PREM_HOST] }), hostKeys: generateHostKeys() };
  return shared;
}

export async function startE2eLab(t: Test, options: Omit<LabOptions, 'timers' | 'timeScale' | 'onPremHosts' | 'hostKeys'>): Promise<E2eLab> {
  const timers = new ManualTimers(START);
  const { tls, hostKeys } = sharedKeys();
  const lab = await startLab({ ...options, timers, hostKeys, onPremHosts: [ON_PREM_HOST], cssm: { ...options.cssm, tls } });
  const sessions: Device[] = [];
  t.teardown(async () => {
    await Promise.all(sessions.map((d) => d.close()));
    await lab.close();
  });
  const inventory = inventoryFromObject(lab.inventory(), 'lab-inventory.json');
  const account = inventory.cssm;
  if (account === undefined) throw new Error('the lab inventory has no cssm entry');
  const device = (name: string): EmulatedDevice => {
    const found = lab.fleet.device(name);
    if (found === undefined) throw new Error(`no device ${name} in the lab`);
    return found;
  };
  return {
    lab,
    timers,
    inventory,
    // CSSM checks its API tokens on the lab clock: the client reads the same clock.
    cssm: CssmClient.fromAccount(account, { clock: timers }),
    open: async (name, licensing = POLL) => {
      const [host] = inventory.resolveHosts(name);
      if (host === undefined) throw new Error(`no host ${name} in the inventory`);
      const opened = await openDevice(host, { licensing });
      sessions.push(opened);
      return opened;
    },
    device,
    agent: (name) => {
      const agent = smartAgentOf(device(name));
      if (agent === undefined) throw new Error(`${name} has no Smart Agent`);
      return agent;
    },
  };
}

/** The lines the device's command log recorded after sequence number `mark` (`device.commandLog.lastSeq`). */
export function linesSince(device: EmulatedDevice, mark: number): string[] {
  return device.commandLog.since(mark).map((e) => e.line);
}
