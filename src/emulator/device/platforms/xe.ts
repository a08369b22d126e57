/**
 * IOS-XE 16.12 as a cBR-8 runs it: prompts `Router>` / `Router#` / `Router(config)#` (the hostname is cut at 20
 * characters in configuration modes), the cBR-8 factory configuration with Smart Call Home's CiscoTAC-1 profile
 * active over HTTP (seed 000:46-90), and the running-configuration order and separators of render-xe.ts.
 */
import { renderXeRunning } from '../config/render-xe.js';
import { paddedXeVersion } from './model-texts.js';
import type { ConfigNode } from '../config/tree.js';
import type { DeviceIdentity } from '../identity.js';
import type { ModeDefinition } from '../modes.js';
import type { EmulatorPlatform } from './platform.js';
import { XE_CONFIG_LINES } from './xe-config-lines.js';
import { XE_MODES, xeCommands } from './xe-commands.js';

const MODES: readonly ModeDefinition[] = [
  { id: XE_MODES.user, promptName: '', level: 'user' },
  { id: XE_MODES.exec, promptName: '', level: 'privileged' },
  { id: XE_MODES.config, promptName: 'config', level: 'config' },
  { id: XE_MODES.interface, promptName: 'config-if', level: 'config' },
  { id: XE_MODES.callHome, promptName: 'cfg-call-home', level: 'config' },
  { id: XE_MODES.callHomeProfile, promptName: 'cfg-call-home-profile', level: 'config' },
  { id: XE_MODES.trustpoint, promptName: 'ca-trustpoint', level: 'config' },
  { id: XE_MODES.controller, promptName: 'config-controller', level: 'config' },
  { id: XE_MODES.rfChannel, promptName: 'config-rf-chan', level: 'config' },
];

/** Where global lines sort in `show running-config` (lower first). */
const ORDER: readonly (readonly [RegExp, number])[] = [
  [/^version /, 0],
  [/^(?:no )?service /, 10],
  [/^(?:no )?platform /, 12],
  [/^hostname /, 20],
  [/^boot/, 30],
  [/^(?:no )?logging /, 35],
  [/^(?:no )?aaa /, 40],
  [/^call-home$/, 45],
  [/^(?:no )?ip (?:name-server|domain)/, 50],
  [/^(?:login|subscriber)/, 55],
  [/^crypto pki trustpoint /, 60],
  [/^crypto pki certificate /, 65],
  [/^license /, 70],
  [/^diagnostic /, 72],
  [/^spanning-tree /, 74],
  [/^username /, 76],
  [/^redundancy/, 78],
  [/^cable /, 79],
  [/^controller /, 80],
  [/^interface /, 85],
  [/^ip (?:forward-protocol|http|route|ssh|tftp)/, 90],
  [/^control-plane/, 96],
  [/^line /, 98],
];

function topLevelOrder(line: string): number {
  return ORDER.find(([re]) => re.test(line))?.[1] ?? 75;
}

function defaultConfig(identity: DeviceIdentity, hostname: string | undefined): string {
  const train = identity.version.split('.').slice(0, 2).join('.');
  return `
version ${train}
service timestamps debug datetime msec localtime show-timezone
service timestamps log datetime msec localtime show-timezone
service password-encryption
platform ipccl log-history 0
platform punt-keepalive disable-kernel-core
hostname ${hostname ?? 'Router'}
boot-start-marker
boot system harddisk:cbrsup-universalk9.${paddedXeVersion(identity.version)}.SPA.bin
boot-end-marker
logging buffered 10000000
no aaa new-model
call-home
 contact-email-addr sch-smart-licensing@cisco.com
 profile "CiscoTAC-1"
  active
  destination transport-method http
  no destination transport-method email
crypto pki trustpoint SLA-TrustPoint
 enrollment pkcs12
 revocation-check crl
license udi pid ${identity.pid} sn ${identity.serial}
redundancy
 mode sso
controller Upstream-Cable 1/0/0
 us-channel 0 frequency 6000000
 us-channel 0 channel-width 6400000 6400000
 us-channel 0 docsis-mode atdma
 us-channel 0 minislot-size 1
 us-channel 0 modulation-profile 221
controller Integrated-Cable 1/0/0
 max-carrier 32
 base-channel-power 34
 rf-chan 0 3
  type DOCSIS
  frequency 453000000
  rf-output NORMAL
  qam-profile 1
  docsis-channel-id 1
interface GigabitEthernet0
 vrf forwarding Mgmt-intf
 ip address 192.0.2.10 255.255.255.0
 negotiation auto
interface TenGigabitEthernet4/1/0
 no ip address
interface Cable1/0/0
 load-interval 30
 downstream Integrated-Cable 1/0/0 rf-channel 0-3
 upstream 0 Upstream-Cable 1/0/0 us-channel 0
 cable bundle 1
ip forward-protocol nd
ip ssh version 2
control-plane
line con 0
 stopbits 1
line vty 0 4
 login local
 transport input ssh
`;
}

function hostnameOf(tree: ConfigNode): string {
  const line = tree.children.find((c) => c.key === 'hostname')?.line;
  return line === undefined ? 'Router' : line.slice('hostname '.length);
}

function prompt(hostname: string, mode: ModeDefinition): string {
  if (mode.level === 'user') return `${hostname}>`;
  if (mode.level === 'privileged') return `${hostname}#`;
  return `${hostname.slice(0, 20)}(${mode.promptName})#`;
}

export const XE_INTERFACE_TYPES = [
  'GigabitEthernet',
  'TenGigabitEthernet',
  'FortyGigabitEthernet',
  'HundredGigE',
  'Loopback',
  'Port-channel',
  'Tunnel',
  'Vlan',
  'BDI',
  'Bundle',
  'Cable',
  'Wideband-Cable',
  'Integrated-Cable',
  'Modular-Cable',
  'Dti',
] as const;

export const iosXeEmulation: EmulatorPlatform = {
  id: 'ios-xe',
  modes: MODES,
  configRoot: XE_MODES.config,
  execMode: XE_MODES.exec,
  initialMode: (privilege) => (privilege >= 15 ? XE_MODES.exec : XE_MODES.user),
  argContext: { interfaceTypes: XE_INTERFACE_TYPES },
  commands: xeCommands(),
  configLines: XE_CONFIG_LINES,
  candidate: false,
  execTimestamps: false,
  topLevelOrder,
  prompt,
  hostnameOf,
  defaultConfig,
  renderRunning: renderXeRunning,
};
