/**
 * IOS-XR settings in the native models, the only ones IOS-XR 7.1-7.3 has (YANG-PATHS.md §6-7):
 *
 *   /call-home-cfg:call-home/{active, contact-email-address, contact-smart-licensing, http-proxy/{server-address,
 *     port}, profiles/profile[profile-name]/{active, report-type/{reporting-licensing-data, reporting-callhome-data}/
 *     enable, methods/method[method]/enable, addresses/address[method destination-addr]/enable, message-format,
 *     anonymous, message-size-limit}}
 *   /ip-domain-cfg:ip-domain/vrfs/vrf[vrf-name]/{name, lookup, servers/server[order server-address]}
 *     (vrf-name `default` for the global settings [INF]; `lookup` present means lookup disabled)
 *   /crypto-cepki-cfg:crypto-ca/certificate-authority/{trustpool/crl/optional, trustpoints/trustpoint[name]/crl/optional}
 *
 * The native models cover less than the unified ones, so reading them starts from the current settings and
 * replaces only what they cover.
 */
import type { XmlNode } from '../../../netconf/xml.js';
import type { ConfigProblems, XmlReader } from './config-reader.js';
import type { XrAddressType, XrCallHome, XrCrypto, XrDomain, XrProfile } from './ios-xr-settings.js';
import { orderedAddresses, profileName } from './ios-xr-um.js';
import { email, enumeration, host, httpUrl, text, uint, word } from './leaf-checks.js';
import { container, entry, flag, leaf } from './yang-xml.js';

const NS = 'http://cisco.com/ns/yang/';
export const XR_CALL_HOME_NS = `${NS}Cisco-IOS-XR-call-home-cfg`;
export const XR_IP_DOMAIN_NS = `${NS}Cisco-IOS-XR-ip-domain-cfg`;
export const XR_CEPKI_NS = `${NS}Cisco-IOS-XR-crypto-cepki-cfg`;

const CH = XR_CALL_HOME_NS;
const DOM = XR_IP_DOMAIN_NS;
const PKI = XR_CEPKI_NS;
const DEFAULT_VRF = 'default';

// ---------------------------------------------------------------- render

function renderProfile(p: XrProfile): XmlNode {
  const enabled = (on: boolean): XmlNode | undefined => leaf('enable', CH, on);
  return entry('profile', CH, [['profile-name', p.name]], [
    flag('active', CH, p.active),
    container('report-type', CH, [
      p.reportLicensing ? container('reporting-licensing-data', CH, [enabled(true)]) : undefined,
      p.reportCallHome ? container('reporting-callhome-data', CH, [enabled(true)]) : undefined,
    ]),
    container('methods', CH, [
      p.http ? entry('method', CH, [['method', 'http']], [leaf('enable', CH, true)]) : undefined,
      p.emailDisabled ? entry('method', CH, [['method', 'email']], [leaf('enable', CH, false)]) : undefined,
    ]),
    container('addresses', CH, p.addresses.map((a) => entry('address', CH, [['method', a.type], ['destination-addr', a.address]], [leaf('enable', CH, true)]))),
    leaf('message-format', CH, p.format),
    flag('anonymous', CH, p.anonymousOnly),
    leaf('message-size-limit', CH, p.messageSizeLimit),
  ]);
}

export function renderNativeCallHome(c: XrCallHome): XmlNode | undefined {
  return container('call-home', CH, [
    flag('active', CH, c.serviceActive),
    leaf('contact-email-address', CH, c.contactEmail),
    leaf('contact-smart-licensing', CH, c.contactSmartLicensing ? true : undefined),
    c.proxy === undefined ? undefined : container('http-proxy', CH, [leaf('server-address', CH, c.proxy.host), leaf('port', CH, c.proxy.port)]),
    container('profiles', CH, c.profiles.map(renderProfile)),
  ]);
}

function servers(list: readonly string[]): XmlNode | undefined {
  return container('servers', DOM, list.map((a, i) => entry('server', DOM, [['order', String(i)], ['server-address', a]], [])));
}

export function renderNativeDomain(d: XrDomain): XmlNode | undefined {
  const global = [leaf('name', DOM, d.name), flag('lookup', DOM, d.lookupDisabled), servers(d.nameServers)];
  const vrfs = [
    ...(global.some((n) => n !== undefined) ? [entry('vrf', DOM, [['vrf-name', DEFAULT_VRF]], global)] : []),
    ...d.vrfNameServers.filter((v) => v.vrf !== DEFAULT_VRF).map((v) => entry('vrf', DOM, [['vrf-name', v.vrf]], [servers(v.servers)])),
  ];
  return container('ip-domain', DOM, [container('vrfs', DOM, vrfs)]);
}

export function renderNativeCrypto(c: XrCrypto): XmlNode | undefined {
  const crl = (on: boolean): XmlNode | undefined => container('crl', PKI, [flag('optional', PKI, on)]);
  return container('crypto-ca', PKI, [
    container('certificate-authority', PKI, [
      container('trustpool', PKI, [crl(c.trustpoolCrlOptional)]),
      container('trustpoints', PKI, c.trustpoints.map((tp) => entry('trustpoint', PKI, [['name', tp.name]], [crl(tp.crlOptional)]))),
    ]),
  ]);
}

// ---------------------------------------------------------------- parse (over the current settings)

function enabledIn(parent: XmlReader | undefined, name: string): boolean {
  const node = parent?.child(name);
  const on = node?.boolean('enable') ?? false;
  node?.done();
  return on;
}

function parseProfile(p: XmlReader, name: string): XrProfile {
  const reportType = p.child('report-type');
  const methods = p.child('methods');
  const addresses = p.child('addresses');
  const enabledMethods = new Map<string, boolean>();
  for (const { reader, keys } of methods?.list('method', [['method', enumeration(['email', 'http'])]]) ?? []) {
    enabledMethods.set(keys[0] ?? '', reader.boolean('enable') ?? true);
    reader.done();
  }
  const format = p.leaf('message-format', enumeration(['long-text', 'short-text', 'xml']));
  const size = p.leaf('message-size-limit', uint(50, 3145728));
  const profile: XrProfile = {
    name,
    active: p.flag('active'),
    anonymousOnly: p.flag('anonymous'),
    addresses: (addresses?.list('address', [
      ['method', enumeration(['email', 'http'])],
      ['destination-addr', text(200)],
    ]) ?? []).flatMap(({ reader, keys }) => {
      const enable = reader.boolean('enable') ?? true;
      reader.done();
      const type = keys[0] as XrAddressType;
      const address = keys[1] ?? '';
      const problem = (type === 'http' ? httpUrl : email)(address);
      if (problem !== undefined) {
        p.problems.add('invalid-value', `<destination-addr> ${problem}`, `${reader.path}/destination-addr`, { badElement: 'destination-addr' });
        return [];
      }
      return enable ? [{ type, address }] : [];
    }),
    http: enabledMethods.get('http') === true,
    emailDisabled: enabledMethods.get('email') === false,
    messageSizeLimit: size === undefined ? undefined : Number(size),
    format: format === 'short-text' || format === 'long-text' ? format : undefined,
    reportLicensing: enabledIn(reportType, 'reporting-licensing-data'),
    reportCallHome: enabledIn(reportType, 'reporting-callhome-data'),
  };
  for (const r of [reportType, methods, addresses, p]) r?.done();
  return profile;
}

export function parseNativeCallHome(c: XmlReader, current: XrCallHome, problems: ConfigProblems): XrCallHome {
  const proxy = c.child('http-proxy');
  const server = proxy?.leaf('server-address', host);
  const port = proxy?.leaf('port', uint(1, 65535));
  if (proxy !== undefined && (proxy.child('server-address') === undefined) !== (proxy.child('port') === undefined)) {
    problems.add('missing-element', 'http-proxy needs both <server-address> and <port> (the CLI takes a proxy with its port)', proxy.path, {
      badElement: proxy.child('port') === undefined ? 'port' : 'server-address',
    });
  }
  const profiles = c.child('profiles');
  const settings: XrCallHome = {
    ...current,
    serviceActive: c.flag('active'),
    contactEmail: c.leaf('contact-email-address', email),
    contactSmartLicensing: c.boolean('contact-smart-licensing') ?? false,
    proxy: server !== undefined && port !== undefined ? { host: server, port: Number(port) } : undefined,
    profiles: (profiles?.list('profile', [['profile-name', profileName]]) ?? []).map(({ reader, keys }) => {
      return parseProfile(reader, keys[0] ?? '');
    }),
  };
  for (const r of [proxy, profiles, c]) r?.done();
  return settings;
}

export function parseNativeDomain(d: XmlReader, current: XrDomain): XrDomain {
  const vrfs = d.child('vrfs');
  let global: Pick<XrDomain, 'name' | 'lookupDisabled' | 'nameServers'> = { name: undefined, lookupDisabled: false, nameServers: [] };
  const others: { vrf: string; servers: string[] }[] = [];
  for (const { reader, keys } of vrfs?.list('vrf', [['vrf-name', word()]]) ?? []) {
    const list = reader.child('servers');
    const addresses = orderedAddresses(list, 'server', ['order', 'server-address']);
    list?.done();
    if (keys[0] === DEFAULT_VRF) {
      global = { name: reader.leaf('name', word()), lookupDisabled: reader.flag('lookup'), nameServers: addresses };
    } else {
      others.push({ vrf: keys[0] ?? '', servers: addresses }); // per-VRF name and lookup have no CLI here
    }
    reader.done();
  }
  vrfs?.done();
  d.done();
  return { ...current, ...global, vrfNameServers: others };
}

export function parseNativeCrypto(c: XmlReader, current: XrCrypto): XrCrypto {
  const ca = c.child('certificate-authority');
  const trustpool = ca?.child('trustpool');
  const trustpoints = ca?.child('trustpoints');
  const crlOptional = (parent: XmlReader | undefined): boolean => {
    const crl = parent?.child('crl');
    const on = crl?.flag('optional') ?? false;
    crl?.done();
    return on;
  };
  const poolCrl = crlOptional(trustpool);
  const settings: XrCrypto = {
    ...current,
    trustpool: current.trustpool || poolCrl,
    trustpoolCrlOptional: poolCrl,
    trustpoints: (trustpoints?.list('trustpoint', [['name', word(1, 1024)]]) ?? []).map(({ reader, keys }) => {
      const name = keys[0] ?? '';
      const was = current.trustpoints.find((tp) => tp.name === name);
      const tp = { name, crlOptional: crlOptional(reader), enrollmentUrl: was?.enrollmentUrl, rsaKeypair: was?.rsaKeypair, subjectName: was?.subjectName };
      reader.done();
      return tp;
    }),
  };
  for (const r of [trustpool, trustpoints, ca, c]) r?.done();
  return settings;
}
