/**
 * What each model consumes, from its running configuration through the licensing calculators
 * (entitlement-usage.ts): the cBR-8's channels, WAN ports and LCHA groups, the NCS 560's chassis with the L3VPN
 * VRF rule, the NCS 1004's slices and subsea optics (or the seed's sample counts), and the `usage` override.
 */
import t, { type Test } from 'tap';
import { startDevice } from '../../../src/emulator/device/device.js';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import { smartAgentExtension } from '../../../src/emulator/smart-agent/extension.js';
import { smartAgentOf } from '../../../src/emulator/smart-agent/agent-registry.js';
import { entitlementUsage } from '../../../src/emulator/smart-agent/entitlement-usage.js';
import type { DeviceModel } from '../../../src/inventory/types.js';
import { FakeNetwork } from './helpers/fake-network.js';
import { START } from './helpers/agent-fixture.js';
import type { SmartAgentExtensionOptions } from '../../../src/emulator/smart-agent/extension.js';

async function usageOf(t: Test, model: DeviceModel, config?: string, options: Omit<SmartAgentExtensionOptions, 'network'> = {}): Promise<[string, number][]> {
  const timers = new ManualTimers(START);
  const device = await startDevice(
    { model, ...(config === undefined ? {} : { config }) },
    { timers, extensions: [smartAgentExtension({ ...options, network: new FakeNetwork(timers) })] },
  );
  t.teardown(() => device.close());
  return smartAgentOf(device)!.snapshot().entitlements.map((e) => [e.shortTag, e.count]);
}

t.test('cBR-8: upstream and downstream channels, WAN ports and LCHA working cards', async (t) => {
  t.same(await usageOf(t, 'cBR-8'), [['US_License', 1], ['DS_License', 4], ['WAN_License', 1]], 'factory configuration');
  const config = `
hostname cbr8
redundancy
 mode sso
 linecard-group 0 internal-switch
  class 1:N
  member slot 3 primary
  member slot 6 secondary
  member slot 7 secondary
controller Upstream-Cable 1/0/0
 us-channel 0 frequency 6000000
 us-channel 1 frequency 12400000
 us-channel 2 frequency 18800000
 us-channel 2 shutdown
controller Upstream-Cable 1/0/1
 shutdown
 us-channel 0 frequency 6000000
controller Integrated-Cable 1/0/0
 rf-chan 0 31
  type DOCSIS
 rf-chan 32 35
  type VIDEO
 rf-chan 40
interface TenGigabitEthernet4/1/0
 no ip address
interface TenGigabitEthernet4/1/1
 shutdown
interface HundredGigE4/1/2
 no ip address
`;
  t.same(await usageOf(t, 'cBR-8', config), [['US_License', 2], ['DS_License', 33], ['WAN_License', 2], ['LCHA_License', 2]]);
});

t.test('NCS 560: the seed chassis, and the L3VPN rule from the VRFs in use (001:60-61)', async (t) => {
  const seed = [['ESS-AC-100G-RTU-1', 1], ['N560-4-SYS-E-TRK', 1], ['A900-IMA8Z-TRK', 2], ['A900-IMA8CS1ZM-TRK', 1]];
  t.same(await usageOf(t, 'NCS-560'), seed);
  const vrfs = (n: number): string =>
    `hostname ncs560\n${Array.from({ length: n }, (_, i) => `interface GigabitEthernet0/0/0/${i}\n vrf CUST${i % 9}\n ipv4 address 10.${i}.0.1 255.255.255.0`).join('\n')}\n`;
  t.same(await usageOf(t, 'NCS-560', vrfs(3)), [...seed, ['ESS-AC-10G-RTU-1', 1]], 'up to 8 VRF tables: Essentials');
  t.same(await usageOf(t, 'NCS-560', vrfs(12)), [...seed, ['ADV-AC-10G-RTU-1', 1]], 'more than 8: Advantage');
  t.same(
    await usageOf(t, 'NCS-560', undefined, { ncs560Chassis: { chassisPid: 'N560-4-SYS', suite: 'advantage', lineCards: ['N560-IMA2C'] } }),
    [['ADV-AC-100G-RTU-1', 1], ['N560-4-SYS-TRK', 1], ['N560-IMA2C-TRK', 1]],
  );
});

t.test('NCS 1004: slices and subsea optics from the configuration, else the seed sample (004:345-378)', async (t) => {
  t.same(await usageOf(t, 'NCS-1004'), [['S_NCS1K4_SUBSEA', 3], ['S-NCS1K4-LIC-100G=', 18], ['S-NCS1K4-LIC-100X=', 2], ['S_NCS1K4_LONGHAUL', 2]]);
  const config = `
hostname ncs1004
hw-module location 0/1 mxponder-slice 0
 trunk-rate 100G
 client-port-rate 2 lane 3 client-type OTU2
 client-port-rate 2 lane 4 client-type OTU2E
 client-port-rate 4 lane 1 client-type 10GE
 client-port-rate 4 lane 2 client-type OTU2
 client-port-rate 4 lane 3 client-type OTU2E
 client-port-rate 4 lane 4 client-type 10GE
 client-port-rate 5 lane 1 client-type OTU2E
 client-port-rate 5 lane 2 client-type 10GE
 client-port-rate 5 lane 3 client-type OTU2
 client-port-rate 5 lane 4 client-type OTU2E
hw-module location 0/2 mxponder-slice 0
 trunk-rate 400G
 client-port-rate 1 client-type 400GE
hw-module location 0/3 mxponder-slice 0
 client-port-rate 0 client-type 100GE
 client-port-rate 1 client-type 100GE
 client-port-rate 2 client-type 100GE
 client-port-rate 3 client-type 100GE
 client-port-rate 4 client-type 100GE
 client-port-rate 5 client-type 100GE encrypted
controller Optics0/3/0/0
 filter-roll-off-factor 0.5
controller Optics0/3/0/1
 shutdown
`;
  t.same(await usageOf(t, 'NCS-1004', config), [
    ['S-NCS1K4-LIC-100G=', 1],
    ['S-NCS1K4-LIC-100X=', 1],
    ['S_NCS1K4_SUBSEA', 1],
    ['S-NCS1K4-100G-CL=', 1],
    ['S_N1K4_LIC_TRK', 2],
  ]);
});

t.test('the usage option replaces the computed consumption; entitlementUsage is a pure function of the configuration', async (t) => {
  t.same(
    await usageOf(t, 'cBR-8', undefined, { usage: () => [{ tag: 'US_License', count: 64 }, { tag: 'DS_License', count: 768 }, { tag: 'WAN_License', count: 8 }] }),
    [['US_License', 64], ['DS_License', 768], ['WAN_License', 8]],
    'the seed sample (000:572-588)',
  );
  const empty = { line: '', key: '', order: 0, block: true, children: [] };
  t.same(entitlementUsage('cBR-8', empty), []);
  t.same(entitlementUsage('NCS-560', empty).map((u) => u.count), [1, 1, 2, 1]);
});
