/**
 * IOS-XE (cBR-8) configuration lines: every configuration command of the Smart Licensing procedures
 * (shared/reference/INDEX.md §2: DNS, call-home, trustpoint, HTTP client source interface, hostname,
 * interfaces) plus the cBR-8 DOCSIS lines the Smart Agent locks when enforcement starts (seed 000:126-152).
 * Within a sub-mode, lines print in declaration order.
 */
import type { ConfigLineDefinition } from '../cli/command.js';
import { httpDestinationOps } from './call-home-profile.js';
import type { ConfigOp } from '../config/ops.js';
import { XE_MODES } from './xe-commands.js';

const M = XE_MODES;

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => (acc << 8) + Number(part), 0) >>> 0;
}

/** IOS refuses non-contiguous masks: `Bad mask 0xFFFF00FF for address 10.0.0.1`. */
export function badMask(ip: string, mask: string): string | undefined {
  const value = ipv4ToInt(mask);
  const inverted = ~value >>> 0;
  const contiguous = (inverted & (inverted + 1)) === 0;
  return contiguous ? undefined : `Bad mask 0x${value.toString(16).toUpperCase().padStart(8, '0')} for address ${ip}`;
}

/** `ip name-server [vrf X] a b …`: IOS keeps one line per VRF listing up to six servers. */
function nameServerOps(): NonNullable<ConfigLineDefinition['ops']> {
  return (m, { view, path, negated, order }) => {
    const vrf = m.args['vrf'];
    const head = vrf === undefined ? 'ip name-server' : `ip name-server vrf ${vrf}`;
    const typed = ['s1', 's2', 's3', 's4', 's5', 's6'].map((k) => m.args[k]).filter((v): v is string => v !== undefined);
    const existing = view.children.find((c) => c.key === head);
    const current = existing === undefined ? [] : existing.line.slice(head.length).trim().split(/\s+/).filter(Boolean);
    const servers = negated ? current.filter((s) => !typed.includes(s)) : [...current, ...typed.filter((s) => !current.includes(s))].slice(0, 6);
    const ops: ConfigOp[] =
      servers.length === 0
        ? [{ kind: 'delete', path, key: head, line: head }]
        : [{ kind: 'set', path, key: head, line: `${head} ${servers.join(' ')}`, order, block: false }];
    return ops;
  };
}

const interfaceName = (m: { args: Readonly<Record<string, string>> }): string => m.args['if'] ?? '';

export const XE_CONFIG_LINES: readonly ConfigLineDefinition[] = [
  // ---------------------------------------------------------------- global
  { syntax: 'hostname <name:word>', modes: [M.config], single: true },
  {
    syntax: 'ip name-server [vrf <vrf:word>] <s1:ip> [<s2:ip> [<s3:ip> [<s4:ip> [<s5:ip> [<s6:ip>]]]]]',
    modes: [M.config],
    single: true,
    key: (m) => (m.args['vrf'] === undefined ? 'ip name-server' : `ip name-server vrf ${m.args['vrf']}`),
    ops: nameServerOps(),
  },
  {
    syntax: ['ip domain lookup', 'ip domain-lookup'],
    modes: [M.config],
    line: () => 'ip domain lookup',
    negation: 'store',
  },
  {
    syntax: ['ip domain lookup source-interface <if:ifname>', 'ip domain-lookup source-interface <if:ifname>'],
    modes: [M.config],
    single: true,
    line: (m) => `ip domain lookup source-interface ${interfaceName(m)}`,
    key: () => 'ip domain lookup source-interface',
  },
  {
    syntax: ['ip domain name <name:word>', 'ip domain-name <name:word>'],
    modes: [M.config],
    single: true,
    line: (m) => `ip domain name ${m.args['name'] ?? ''}`,
    key: () => 'ip domain name',
  },
  {
    syntax: 'ip http client source-interface <if:ifname>',
    modes: [M.config],
    single: true,
  },
  { syntax: 'service call-home', modes: [M.config], negation: 'store' },
  { syntax: 'call-home', modes: [M.config], enters: M.callHome },
  {
    syntax: 'crypto pki trustpoint <name:word>',
    modes: [M.config],
    enters: M.trustpoint,
    // `no crypto pki trustpoint` is a command (xe-commands.ts): it also removes the certificates, after asking.
    negation: false,
  },
  {
    syntax: 'interface <if:ifname>',
    modes: [M.config],
    enters: M.interface,
    line: (m) => `interface ${interfaceName(m)}`,
  },
  {
    syntax: 'controller upstream-cable <id:word>',
    modes: [M.config],
    enters: M.controller,
    line: (m) => `controller Upstream-Cable ${m.args['id'] ?? ''}`,
  },
  {
    syntax: 'controller integrated-cable <id:word>',
    modes: [M.config],
    enters: M.controller,
    line: (m) => `controller Integrated-Cable ${m.args['id'] ?? ''}`,
  },

  // ---------------------------------------------------------------- call-home (cfg-call-home)
  { syntax: 'contact-email-addr <email:email>', modes: [M.callHome], single: true },
  { syntax: 'phone-number <phone:word>', modes: [M.callHome], single: true },
  { syntax: 'street-address <address:line>', modes: [M.callHome], single: true },
  { syntax: 'customer-id <id:line>', modes: [M.callHome], single: true },
  { syntax: 'site-id <id:line>', modes: [M.callHome], single: true },
  { syntax: 'contract-id <id:line>', modes: [M.callHome], single: true },
  { syntax: 'sender from <email:email>', modes: [M.callHome], single: true },
  { syntax: 'vrf <vrf:word>', modes: [M.callHome], single: true },
  { syntax: 'source-interface <if:ifname>', modes: [M.callHome], single: true },
  { syntax: 'http-proxy <host:host> port <port:number(1-65535)>', modes: [M.callHome], single: true },
  {
    syntax: 'profile <name:word>',
    modes: [M.callHome],
    enters: M.callHomeProfile,
    line: (m) => `profile "${m.args['name'] ?? ''}"`,
  },

  // ---------------------------------------------------------------- call-home profile (cfg-call-home-profile)
  { syntax: 'active', modes: [M.callHomeProfile], negation: 'store' },
  { syntax: 'anonymous-reporting-only', modes: [M.callHomeProfile] },
  { syntax: 'destination address http <url:url>', modes: [M.callHomeProfile], ops: httpDestinationOps() },
  { syntax: 'destination address email <email:email>', modes: [M.callHomeProfile] },
  { syntax: 'destination message-size-limit <bytes:number(50-3145728)>', modes: [M.callHomeProfile], single: true },
  {
    syntax: 'destination preferred-msg-format {long-text|short-text|xml}:format',
    modes: [M.callHomeProfile],
    single: true,
  },
  { syntax: 'destination transport-method http', modes: [M.callHomeProfile] },
  { syntax: 'destination transport-method email', modes: [M.callHomeProfile], negation: 'default-on' },
  { syntax: 'reporting smart-call-home-data', modes: [M.callHomeProfile], negation: 'store' },
  { syntax: 'reporting smart-licensing-data', modes: [M.callHomeProfile], negation: 'store' },

  // ---------------------------------------------------------------- trustpoint (ca-trustpoint)
  {
    syntax: ['enrollment terminal [pem]', 'enrollment url <url:word>', 'enrollment {pkcs12|selfsigned}:method'],
    modes: [M.trustpoint],
    single: true,
    key: () => 'enrollment',
  },
  { syntax: 'serial-number [none]', modes: [M.trustpoint], single: true, key: () => 'serial-number' },
  { syntax: 'fqdn <name:word>', modes: [M.trustpoint], single: true },
  { syntax: 'subject-name <name:line>', modes: [M.trustpoint], single: true },
  {
    syntax: 'revocation-check {none|crl|ocsp}:first [{none|crl|ocsp}:second [{none|crl|ocsp}:third]]',
    modes: [M.trustpoint],
    single: true,
    key: () => 'revocation-check',
  },
  { syntax: 'rsakeypair <name:word>', modes: [M.trustpoint], single: true },

  // ---------------------------------------------------------------- interfaces (config-if)
  { syntax: 'description <text:line>', modes: [M.interface], single: true },
  { syntax: 'vrf forwarding <vrf:word>', modes: [M.interface], single: true },
  {
    syntax: ['ip address <ip:ipv4> <mask:ipv4> [secondary]', 'ip address dhcp'],
    modes: [M.interface],
    single: true,
    key: (m) => (m.keywords.has('secondary') ? `ip address ${m.args['ip'] ?? ''} secondary` : 'ip address'),
    check: (m) => {
      const ip = m.args['ip'];
      const mask = m.args['mask'];
      if (ip === undefined || mask === undefined) return undefined;
      const bad = badMask(ip, mask);
      return bad === undefined ? undefined : [bad];
    },
  },
  { syntax: 'ipv6 address <prefix:ipv6-prefix>', modes: [M.interface] },
  { syntax: 'ipv6 enable', modes: [M.interface] },
  { syntax: 'negotiation auto', modes: [M.interface], negation: 'store' },
  { syntax: 'cable bundle <n:number(1-255)>', modes: [M.interface], single: true },
  { syntax: 'cable mac-address <mac:word>', modes: [M.interface], single: true },
  { syntax: 'cable upstream <port:number(0-63)> <setting:line>', modes: [M.interface] },
  { syntax: 'cable upstream <setting:line>', modes: [M.interface] },
  { syntax: 'cable downstream <setting:line>', modes: [M.interface] },
  { syntax: 'shutdown', modes: [M.interface, M.controller] },

  // ---------------------------------------------------------------- cable controllers (config-controller)
  { syntax: 'max-carrier <n:number(1-158)>', modes: [M.controller], single: true },
  { syntax: 'base-channel-power <power:word>', modes: [M.controller], single: true },
  { syntax: 'freq-profile <n:number(0-255)>', modes: [M.controller], single: true },
  { syntax: 'us-channel <ch:number(0-7)> <setting:line>', modes: [M.controller] },
  {
    syntax: 'rf-chan <first:number(0-162)> [<last:number(0-162)>]',
    modes: [M.controller],
    enters: M.rfChannel,
  },

  // ---------------------------------------------------------------- downstream RF channels (config-rf-chan)
  { syntax: 'type {docsis|video}:type', modes: [M.rfChannel], single: true, line: (m) => `type ${(m.groups['type'] ?? '').toUpperCase()}` },
  { syntax: 'frequency <hz:number(1-2000000000)>', modes: [M.rfChannel], single: true },
  {
    syntax: 'rf-output {normal|alt|cw|off}:output',
    modes: [M.rfChannel],
    single: true,
    line: (m) => `rf-output ${(m.groups['output'] ?? '').toUpperCase()}`,
  },
  { syntax: 'qam-profile <n:number(0-255)>', modes: [M.rfChannel], single: true },
  { syntax: 'docsis-channel-id <n:number(1-255)>', modes: [M.rfChannel], single: true },
  { syntax: 'power-adjust <db:word>', modes: [M.rfChannel], single: true },
];
