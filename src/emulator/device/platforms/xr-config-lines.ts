/**
 * IOS-XR (NCS 560, NCS 1004) configuration lines: DNS (`domain …`), call-home and its profiles (seed
 * 001:259-340, 004:178-227), trustpool / trustpoint CRL policy, HTTP client source interface, flexible
 * consumption (001:32-44), hostname, interfaces. IOS-XR prints `no destination transport-method email` as
 * `destination transport-method email disable`.
 */
import type { ConfigLineDefinition } from '../cli/command.js';
import { httpDestinationOps } from './call-home-profile.js';

export const XR_MODES = {
  exec: 'exec',
  config: 'config',
  callHome: 'config-call-home',
  callHomeProfile: 'config-call-home-profile',
  trustpool: 'config-trustpool',
  trustpoint: 'config-trustp',
  interface: 'config-if',
} as const;

const M = XR_MODES;

function maskOf(prefix: number): string {
  const value = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 0xff).join('.');
}

export const XR_CONFIG_LINES: readonly ConfigLineDefinition[] = [
  // ---------------------------------------------------------------- global
  { syntax: 'hostname <name:word>', modes: [M.config], single: true },
  { syntax: 'domain name <name:word>', modes: [M.config], single: true },
  { syntax: 'domain name-server [vrf <vrf:word>] <server:ip>', modes: [M.config] },
  // The IOS-XR form for a VRF's name servers (Cisco-IOS-XR-um-domain-cfg domain/vrfs/vrf/name-servers).
  { syntax: 'domain vrf <vrf:word> name-server <server:ip>', modes: [M.config] },
  { syntax: 'domain lookup disable', modes: [M.config] },
  { syntax: 'domain lookup source-interface <if:ifname>', modes: [M.config], single: true },
  { syntax: 'call-home', modes: [M.config], enters: M.callHome },
  {
    syntax: 'http client source-interface {ipv4|ipv6}:af <if:ifname>',
    modes: [M.config],
    single: true,
    key: (m) => `http client source-interface ${m.groups['af'] ?? ''}`,
  },
  { syntax: 'http client vrf <vrf:word>', modes: [M.config], single: true },
  { syntax: 'license smart flexible-consumption enable', modes: [M.config] },
  { syntax: 'crypto ca trustpoint <name:word>', modes: [M.config], enters: M.trustpoint },
  { syntax: 'crypto ca trustpool policy', modes: [M.config], enters: M.trustpool },
  { syntax: 'interface <if:ifname>', modes: [M.config], enters: M.interface, line: (m) => `interface ${m.args['if'] ?? ''}` },

  // ---------------------------------------------------------------- call-home (config-call-home)
  { syntax: 'service active', modes: [M.callHome] },
  { syntax: 'contact smart-licensing', modes: [M.callHome] },
  { syntax: 'contact-email-addr <email:email>', modes: [M.callHome], single: true },
  { syntax: 'phone-number <phone:word>', modes: [M.callHome], single: true },
  { syntax: 'street-address <address:line>', modes: [M.callHome], single: true },
  { syntax: 'customer-id <id:line>', modes: [M.callHome], single: true },
  { syntax: 'site-id <id:line>', modes: [M.callHome], single: true },
  { syntax: 'contract-id <id:line>', modes: [M.callHome], single: true },
  { syntax: 'sender from <email:email>', modes: [M.callHome], single: true },
  { syntax: 'source-interface <if:ifname>', modes: [M.callHome], single: true },
  { syntax: 'vrf <vrf:word>', modes: [M.callHome], single: true },
  { syntax: 'http-proxy <host:host> port <port:number(1-65535)>', modes: [M.callHome], single: true },
  { syntax: 'profile <name:word>', modes: [M.callHome], enters: M.callHomeProfile },

  // ---------------------------------------------------------------- call-home profile (config-call-home-profile)
  { syntax: 'active', modes: [M.callHomeProfile] },
  { syntax: 'anonymous-reporting-only', modes: [M.callHomeProfile] },
  { syntax: 'destination address http <url:url>', modes: [M.callHomeProfile], ops: httpDestinationOps() },
  { syntax: 'destination address email <email:email>', modes: [M.callHomeProfile] },
  { syntax: 'destination message-size-limit <bytes:number(50-3145728)>', modes: [M.callHomeProfile], single: true },
  {
    syntax: 'destination preferred-msg-format {long-text|short-text|xml}:format',
    modes: [M.callHomeProfile],
    single: true,
  },
  {
    syntax: 'destination transport-method email',
    modes: [M.callHomeProfile],
    negation: 'default-on',
    negatedLine: () => 'destination transport-method email disable',
  },
  {
    syntax: 'destination transport-method email disable',
    modes: [M.callHomeProfile],
    key: () => 'destination transport-method email',
  },
  { syntax: 'destination transport-method http', modes: [M.callHomeProfile] },
  { syntax: 'reporting smart-call-home-data', modes: [M.callHomeProfile] },
  { syntax: 'reporting smart-licensing-data', modes: [M.callHomeProfile] },

  // ---------------------------------------------------------------- crypto ca trustpool policy / trustpoint
  { syntax: 'cabundle http <url:url>', modes: [M.trustpool], single: true },
  { syntax: 'crl optional', modes: [M.trustpool, M.trustpoint] },
  { syntax: 'enrollment url <url:word>', modes: [M.trustpoint], single: true },
  { syntax: 'subject-name <name:line>', modes: [M.trustpoint], single: true },
  { syntax: 'rsakeypair <name:word>', modes: [M.trustpoint], single: true },

  // ---------------------------------------------------------------- interfaces (config-if)
  { syntax: 'description <text:line>', modes: [M.interface], single: true },
  { syntax: 'vrf <vrf:word>', modes: [M.interface], single: true },
  {
    syntax: ['ipv4 address <ip:ipv4> <mask:ipv4>', 'ipv4 address <prefix:ipv4-prefix>'],
    modes: [M.interface],
    single: true,
    key: () => 'ipv4 address',
    line: (m) => {
      const prefix = m.args['prefix'];
      if (prefix === undefined) return `ipv4 address ${m.args['ip'] ?? ''} ${m.args['mask'] ?? ''}`;
      const [ip = '', bits = '32'] = prefix.split('/');
      return `ipv4 address ${ip} ${maskOf(Number(bits))}`;
    },
  },
  { syntax: 'ipv6 address <prefix:ipv6-prefix>', modes: [M.interface] },
  { syntax: 'ipv6 enable', modes: [M.interface] },
  { syntax: 'shutdown', modes: [M.interface] },
];
