/**
 * IOS-XR 7.3.2 as NCS 560 / NCS 1004 run it: prompt `RP/0/RP0/CPU0:ios#`, `RP/0/RP0/CPU0:ios(config)#`, a
 * timestamp line before exec output, a candidate configuration committed with `commit`. No call-home in the
 * factory configuration ("By default, the CiscoTAC-1 profile is disabled", seed 001:274).
 */
import { renderXrRunning } from '../config/render-xr.js';
import type { ConfigNode } from '../config/tree.js';
import type { DeviceIdentity } from '../identity.js';
import type { ModeDefinition } from '../modes.js';
import type { EmulatorPlatform } from './platform.js';
import { XR_CONFIG_LINES, XR_MODES } from './xr-config-lines.js';
import { xrCommands } from './xr-commands.js';

export const XR_NODE = 'RP/0/RP0/CPU0';

const MODES: readonly ModeDefinition[] = [
  { id: XR_MODES.exec, promptName: '', level: 'privileged' },
  { id: XR_MODES.config, promptName: 'config', level: 'config' },
  { id: XR_MODES.callHome, promptName: 'config-call-home', level: 'config' },
  { id: XR_MODES.callHomeProfile, promptName: 'config-call-home-profile', level: 'config' },
  { id: XR_MODES.trustpool, promptName: 'config-trustpool', level: 'config' },
  { id: XR_MODES.trustpoint, promptName: 'config-trustp', level: 'config' },
  { id: XR_MODES.interface, promptName: 'config-if', level: 'config' },
];

const ORDER: readonly (readonly [RegExp, number])[] = [
  [/^hostname /, 10],
  [/^clock /, 12],
  [/^logging /, 15],
  [/^domain /, 20],
  [/^username /, 25],
  [/^aaa /, 26],
  [/^call-home$/, 30],
  [/^http client /, 35],
  [/^license /, 36],
  [/^crypto /, 38],
  [/^interface /, 50],
  [/^controller /, 55],
  [/^router /, 60],
  [/^ssh /, 90],
  [/^netconf/, 92],
];

function topLevelOrder(line: string): number {
  return ORDER.find(([re]) => re.test(line))?.[1] ?? 70;
}

function defaultConfig(identity: DeviceIdentity, hostname: string | undefined): string {
  const ports =
    identity.model === 'NCS-1004'
      ? `controller Optics0/0/0/0
 shutdown
controller Optics0/0/0/1
 shutdown
`
      : `interface GigabitEthernet0/0/0/0
 shutdown
interface GigabitEthernet0/0/0/1
 shutdown
interface TenGigE0/0/0/8
 shutdown
`;
  return `
hostname ${hostname ?? 'ios'}
interface MgmtEth0/RP0/CPU0/0
 ipv4 address 192.0.2.20 255.255.255.0
${ports}ssh server v2
ssh server vrf default
netconf-yang agent
 ssh
`;
}

function hostnameOf(tree: ConfigNode): string {
  const line = tree.children.find((c) => c.key === 'hostname')?.line;
  return line === undefined ? 'ios' : line.slice('hostname '.length);
}

function prompt(hostname: string, mode: ModeDefinition): string {
  return mode.level === 'config' ? `${XR_NODE}:${hostname}(${mode.promptName})#` : `${XR_NODE}:${hostname}#`;
}

export const XR_INTERFACE_TYPES = [
  'GigabitEthernet',
  'TenGigE',
  'TwentyFiveGigE',
  'FortyGigE',
  'HundredGigE',
  'FourHundredGigE',
  'MgmtEth',
  'Loopback',
  'Bundle-Ether',
  'BVI',
  'Null',
  'tunnel-ip',
  'Vlan',
] as const;

export const iosXrEmulation: EmulatorPlatform = {
  id: 'ios-xr',
  modes: MODES,
  configRoot: XR_MODES.config,
  execMode: XR_MODES.exec,
  initialMode: () => XR_MODES.exec,
  argContext: { interfaceTypes: XR_INTERFACE_TYPES },
  commands: xrCommands(),
  configLines: XR_CONFIG_LINES,
  candidate: true,
  execTimestamps: true,
  topLevelOrder,
  prompt,
  hostnameOf,
  defaultConfig,
  renderRunning: renderXrRunning,
};
