/**
 * IOS-XR settings in the unified models (YANG-PATHS.md §6-7), and the native smart-license-cfg leaf that has no
 * unified counterpart:
 *
 *   /um-call-home-cfg:call-home/{service/active, contact-email-addr, contact/smart-licensing, phone-number,
 *     street-address, customer-id, contract-id, site-id, http-proxy/{server-name, port}, source-interface, vrf,
 *     profiles/profile[profile-name]/{active, destination/{addresses/address[address-type destination-address],
 *     transport-method/{http, email/disable}, message-size-limit, preferred-msg-format/{short-text|long-text}},
 *     reporting/{smart-licensing-data, smart-call-home-data}, anonymous-reporting-only}}
 *   /um-domain-cfg:domain/{name, lookup/{disable, source-interface}, name-servers/name-server[order address],
 *     vrfs/vrf[vrf-name]/name-servers/name-server[order address]}
 *   /um-http-client-cfg:http/client/{source-interface/{ipv4,ipv6}/interface, vrf}
 *   /um-crypto-cfg:crypto/ca/{trustpool/policy/{cabundle/url, crl/optional},
 *     trustpoint/trustpoints/trustpoint[trustpoint-name]/{crl/optional, enrollment/url, rsakeypair, subject-name}}
 *   /smart-license-cfg:licensing/flex-consumption/fcm-enable
 *
 * Name-server `order` is the line's position, from 0 [INF: YANG-PATHS.md §7 leaves the device's numbering open].
 */
import type { XmlNode } from '../../../netconf/xml.js';
import { XR_SMART_LICENSE_CFG_NS, XR_UM_CALL_HOME_NS, XR_UM_CRYPTO_NS, XR_UM_DOMAIN_NS, XR_UM_HTTP_CLIENT_NS } from '../../../platforms/licensing-config-yang.js';
import { XR_INTERFACE_TYPES } from '../../device/platforms/xr.js';
import type { ConfigProblems, XmlReader } from './config-reader.js';
import { email, enumeration, host, httpUrl, interfaceName, ipAddress, text, uint, word } from './leaf-checks.js';
import {
  EMPTY_XR_CALL_HOME,
  EMPTY_XR_CRYPTO,
  EMPTY_XR_DOMAIN,
  type XrAddressType,
  type XrCallHome,
  type XrCrypto,
  type XrDomain,
  type XrMessageFormat,
  type XrProfile,
  type XrSettings,
} from './ios-xr-settings.js';
import { container, entry, flag, leaf } from './yang-xml.js';

const CH = XR_UM_CALL_HOME_NS;
const DOM = XR_UM_DOMAIN_NS;
const HTTP = XR_UM_HTTP_CLIENT_NS;
const CRYPTO = XR_UM_CRYPTO_NS;
const LIC = XR_SMART_LICENSE_CFG_NS;

export const ifName = interfaceName(XR_INTERFACE_TYPES);
export const profileName = word(1, 31);

// ---------------------------------------------------------------- render

function renderProfile(p: XrProfile): XmlNode {
  return entry('profile', CH, [['profile-name', p.name]], [
    flag('active', CH, p.active),
    container('destination', CH, [
      container('addresses', CH, p.addresses.map((a) => entry('address', CH, [['address-type', a.type], ['destination-address', a.address]], []))),
      container('transport-method', CH, [flag('http', CH, p.http), flag('email', CH, p.emailDisabled, [flag('disable', CH, true)])]),
      leaf('message-size-limit', CH, p.messageSizeLimit),
      container('preferred-msg-format', CH, [flag('short-text', CH, p.format === 'short-text'), flag('long-text', CH, p.format === 'long-text')]),
    ]),
    container('reporting', CH, [flag('smart-licensing-data', CH, p.reportLicensing), flag('smart-call-home-data', CH, p.reportCallHome)]),
    flag('anonymous-reporting-only', CH, p.anonymousOnly),
  ]);
}

export function renderUmCallHome(c: XrCallHome): XmlNode | undefined {
  return container('call-home', CH, [
    container('service', CH, [flag('active', CH, c.serviceActive)]),
    leaf('contact-email-addr', CH, c.contactEmail),
    container('contact', CH, [flag('smart-licensing', CH, c.contactSmartLicensing)]),
    leaf('phone-number', CH, c.phoneNumber),
    leaf('street-address', CH, c.streetAddress),
    leaf('customer-id', CH, c.customerId),
    leaf('contract-id', CH, c.contractId),
    leaf('site-id', CH, c.siteId),
    c.proxy === undefined ? undefined : container('http-proxy', CH, [leaf('server-name', CH, c.proxy.host), leaf('port', CH, c.proxy.port)]),
    leaf('source-interface', CH, c.sourceInterface),
    leaf('vrf', CH, c.vrf),
    container('profiles', CH, c.profiles.map(renderProfile)),
  ]);
}

function nameServers(servers: readonly string[]): XmlNode | undefined {
  return container('name-servers', DOM, servers.map((a, i) => entry('name-server', DOM, [['order', String(i)], ['address', a]], [])));
}

export function renderUmDomain(d: XrDomain): XmlNode | undefined {
  return container('domain', DOM, [
    leaf('name', DOM, d.name),
    container('lookup', DOM, [flag('disable', DOM, d.lookupDisabled), leaf('source-interface', DOM, d.lookupSourceInterface)]),
    nameServers(d.nameServers),
    container('vrfs', DOM, d.vrfNameServers.map((v) => entry('vrf', DOM, [['vrf-name', v.vrf]], [nameServers(v.servers)]))),
  ]);
}

export function renderUmCrypto(c: XrCrypto): XmlNode | undefined {
  return container('crypto', CRYPTO, [
    container('ca', CRYPTO, [
      container('trustpool', CRYPTO, [
        flag('policy', CRYPTO, c.trustpool, [
          container('cabundle', CRYPTO, [leaf('url', CRYPTO, c.trustpoolCabundle)]),
          container('crl', CRYPTO, [flag('optional', CRYPTO, c.trustpoolCrlOptional)]),
        ]),
      ]),
      container('trustpoint', CRYPTO, [
        container(
          'trustpoints',
          CRYPTO,
          c.trustpoints.map((tp) =>
            entry('trustpoint', CRYPTO, [['trustpoint-name', tp.name]], [
              container('crl', CRYPTO, [flag('optional', CRYPTO, tp.crlOptional)]),
              container('enrollment', CRYPTO, [leaf('url', CRYPTO, tp.enrollmentUrl)]),
              leaf('rsakeypair', CRYPTO, tp.rsaKeypair),
              leaf('subject-name', CRYPTO, tp.subjectName),
            ]),
          ),
        ),
      ]),
    ]),
  ]);
}

export function renderUmHttp(h: XrSettings['http']): XmlNode | undefined {
  return container('http', HTTP, [
    container('client', HTTP, [
      container('source-interface', HTTP, [
        container('ipv4', HTTP, [leaf('interface', HTTP, h.ipv4)]),
        container('ipv6', HTTP, [leaf('interface', HTTP, h.ipv6)]),
      ]),
      leaf('vrf', HTTP, h.vrf),
    ]),
  ]);
}

export function renderLicensing(flexibleConsumption: boolean): XmlNode | undefined {
  return container('licensing', LIC, [container('flex-consumption', LIC, [flag('fcm-enable', LIC, flexibleConsumption)])]);
}

// ---------------------------------------------------------------- parse

/** Entries of an `[order address]` list, by order then document order, each address once. */
export function orderedAddresses(parent: XmlReader | undefined, list: string, keys: readonly [string, string]): string[] {
  if (parent === undefined) return [];
  const entries = parent.list(list, [
    [keys[0], uint(0, 4294967295)],
    [keys[1], ipAddress],
  ]);
  entries.forEach((e) => e.reader.done());
  const sorted = entries.map((e, i) => ({ order: Number(e.keys[0]), address: e.keys[1] ?? '', i })).sort((a, b) => a.order - b.order || a.i - b.i);
  return [...new Set(sorted.map((e) => e.address))];
}

function parseProfile(p: XmlReader, name: string): XrProfile {
  const destination = p.child('destination');
  const addresses = destination?.child('addresses');
  const transport = destination?.child('transport-method');
  const emailMethod = transport?.child('email');
  const format = destination?.child('preferred-msg-format');
  const reporting = p.child('reporting');
  const shortText = format?.flag('short-text') ?? false;
  const longText = format?.flag('long-text') ?? false;
  if (shortText && longText) p.problems.add('bad-element', 'preferred-msg-format is one of short-text or long-text', `${format?.path ?? p.path}/long-text`, { badElement: 'long-text' });
  const size = destination?.leaf('message-size-limit', uint(50, 3145728));
  const profile: XrProfile = {
    name,
    active: p.flag('active'),
    anonymousOnly: p.flag('anonymous-reporting-only'),
    addresses: (addresses?.list('address', [
      ['address-type', enumeration(['email', 'http'])],
      ['destination-address', text(200)],
    ]) ?? []).flatMap(({ reader, keys }) => {
      reader.done();
      const type = keys[0] as XrAddressType;
      const address = keys[1] ?? '';
      const problem = (type === 'http' ? httpUrl : email)(address);
      if (problem !== undefined) {
        p.problems.add('invalid-value', `<destination-address> ${problem}`, `${reader.path}/destination-address`, { badElement: 'destination-address' });
        return [];
      }
      return [{ type, address }];
    }),
    http: transport?.flag('http') ?? false,
    emailDisabled: emailMethod?.flag('disable') ?? false,
    messageSizeLimit: size === undefined ? undefined : Number(size),
    format: shortText ? 'short-text' : longText ? ('long-text' as XrMessageFormat) : undefined,
    reportLicensing: reporting?.flag('smart-licensing-data') ?? false,
    reportCallHome: reporting?.flag('smart-call-home-data') ?? false,
  };
  for (const r of [emailMethod, transport, addresses, format, destination, reporting, p]) r?.done();
  return profile;
}

export function parseUmCallHome(c: XmlReader | undefined, problems: ConfigProblems): XrCallHome {
  if (c === undefined) return EMPTY_XR_CALL_HOME;
  const service = c.child('service');
  const contact = c.child('contact');
  const proxy = c.child('http-proxy');
  let proxyValue: XrCallHome['proxy'];
  if (proxy !== undefined) {
    const serverNode = proxy.child('server-name');
    // the CLI takes a proxy only with its port
    const portNode = proxy.child('port');
    if (serverNode === undefined) problems.add('missing-element', 'http-proxy needs <server-name>', proxy.path, { badElement: 'server-name' });
    if (portNode === undefined) problems.add('missing-element', 'http-proxy needs <port>', proxy.path, { badElement: 'port' });
    const server = serverNode?.value(host);
    const port = portNode?.value(uint(1, 65535));
    if (server !== undefined && port !== undefined) proxyValue = { host: server, port: Number(port) };
  }
  const profiles = c.child('profiles');
  const seen = new Set<string>();
  const settings: XrCallHome = {
    serviceActive: service?.flag('active') ?? false,
    contactEmail: c.leaf('contact-email-addr', email),
    contactSmartLicensing: contact?.flag('smart-licensing') ?? false,
    phoneNumber: c.leaf('phone-number', word()),
    streetAddress: c.leaf('street-address', text()),
    customerId: c.leaf('customer-id', text()),
    contractId: c.leaf('contract-id', text()),
    siteId: c.leaf('site-id', text()),
    sourceInterface: c.leaf('source-interface', ifName),
    vrf: c.leaf('vrf', word()),
    proxy: proxyValue,
    profiles: (profiles?.list('profile', [['profile-name', profileName]]) ?? []).flatMap(({ reader, keys }) => {
      const name = keys[0] ?? '';
      // profile names are case-insensitive on IOS-XR
      if (seen.has(name.toLowerCase())) {
        problems.add('data-exists', `profile "${name}" is given twice (names are case-insensitive)`, reader.path, { badElement: 'profile' });
        return [];
      }
      seen.add(name.toLowerCase());
      return [parseProfile(reader, name)];
    }),
  };
  for (const r of [service, contact, proxy, profiles, c]) r?.done();
  return settings;
}

export function parseUmDomain(d: XmlReader | undefined): XrDomain {
  if (d === undefined) return EMPTY_XR_DOMAIN;
  const lookup = d.child('lookup');
  const vrfs = d.child('vrfs');
  const servers = d.child('name-servers');
  const settings: XrDomain = {
    name: d.leaf('name', word()),
    lookupDisabled: lookup?.flag('disable') ?? false,
    lookupSourceInterface: lookup?.leaf('source-interface', ifName),
    nameServers: orderedAddresses(servers, 'name-server', ['order', 'address']),
    vrfNameServers: (vrfs?.list('vrf', [['vrf-name', word()]]) ?? []).map(({ reader, keys }) => {
      const vrfServers = reader.child('name-servers');
      const list = orderedAddresses(vrfServers, 'name-server', ['order', 'address']);
      vrfServers?.done();
      reader.done();
      return { vrf: keys[0] ?? '', servers: list };
    }),
  };
  for (const r of [lookup, servers, vrfs, d]) r?.done();
  return settings;
}

export function parseUmCrypto(c: XmlReader | undefined): XrCrypto {
  if (c === undefined) return EMPTY_XR_CRYPTO;
  const ca = c.child('ca');
  const trustpool = ca?.child('trustpool');
  const policy = trustpool?.child('policy');
  const cabundle = policy?.child('cabundle');
  const policyCrl = policy?.child('crl');
  const trustpoint = ca?.child('trustpoint');
  const trustpoints = trustpoint?.child('trustpoints');
  const settings: XrCrypto = {
    trustpool: policy !== undefined,
    trustpoolCrlOptional: policyCrl?.flag('optional') ?? false,
    trustpoolCabundle: cabundle?.leaf('url', httpUrl),
    trustpoints: (trustpoints?.list('trustpoint', [['trustpoint-name', word(1, 1024)]]) ?? []).map(({ reader, keys }) => {
      const crl = reader.child('crl');
      const enrollment = reader.child('enrollment');
      const tp = {
        name: keys[0] ?? '',
        crlOptional: crl?.flag('optional') ?? false,
        enrollmentUrl: enrollment?.leaf('url', word(1, 1024)),
        rsaKeypair: reader.leaf('rsakeypair', word()),
        subjectName: reader.leaf('subject-name', text()),
      };
      for (const r of [crl, enrollment, reader]) r?.done();
      return tp;
    }),
  };
  for (const r of [cabundle, policyCrl, policy, trustpool, trustpoints, trustpoint, ca, c]) r?.done();
  return settings;
}

export function parseUmHttp(h: XmlReader | undefined): XrSettings['http'] {
  const client = h?.child('client');
  const source = client?.child('source-interface');
  const ipv4 = source?.child('ipv4');
  const ipv6 = source?.child('ipv6');
  const settings = {
    ipv4: ipv4?.leaf('interface', ifName),
    ipv6: ipv6?.leaf('interface', ifName),
    vrf: client?.leaf('vrf', word()),
  };
  for (const r of [ipv4, ipv6, source, client, h]) r?.done();
  return settings;
}

export function parseLicensing(l: XmlReader | undefined): boolean {
  const flex = l?.child('flex-consumption');
  const enabled = flex?.flag('fcm-enable') ?? false;
  flex?.done();
  l?.done();
  return enabled;
}
