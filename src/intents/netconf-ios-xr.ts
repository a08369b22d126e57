/**
 * IOS-XR licensing configuration in the unified models (Cisco-IOS-XR-um-*, YANG-PATHS.md §6-7) and the
 * smart-license-cfg Flexible Consumption leaf, both ways: a `<get-config>` reply → `LicensingConfig`, and two
 * `LicensingConfig`s → the `<edit-config>` content (for the candidate) that turns one into the other.
 *
 *   domain name-server A (in order)             /um-domain-cfg:domain/name-servers/name-server[order address]
 *   domain vrf V name-server A                  …/domain/vrfs/vrf[vrf-name]/name-servers/name-server[order address]
 *   domain name N / domain lookup disable       …/domain/name, …/domain/lookup/disable
 *   call-home / service active                  /um-call-home-cfg:call-home/service/active
 *    contact smart-licensing / contact-email-addr  …/contact/smart-licensing, …/contact-email-addr
 *    http-proxy A port P                         …/http-proxy/{server-name, port}
 *    profile N / active / reporting smart-licensing-data / destination address http U / destination
 *    transport-method http / … email disable / destination preferred-msg-format short-text|long-text
 *                                                …/profiles/profile[profile-name]/{active, reporting/smart-licensing-data,
 *                                                  destination/{addresses/address[address-type destination-address],
 *                                                  transport-method/{http, email/disable}, preferred-msg-format}}
 *   http client source-interface ipv4|ipv6 IF   /um-http-client-cfg:http/client/source-interface/{ipv4|ipv6}/interface
 *   crypto ca trustpool policy / crl optional   /um-crypto-cfg:crypto/ca/trustpool/policy/crl/optional
 *   crypto ca trustpoint N / crl optional       …/crypto/ca/trustpoint/trustpoints/trustpoint[trustpoint-name]/crl/optional
 *   license smart flexible-consumption enable   /smart-license-cfg:licensing/flex-consumption/fcm-enable
 *
 * A name-server list that changes is written whole (`replace`, `order` numbered from 0 in the wanted order), so
 * the device's own numbering of the entries never has to be guessed [INF: YANG-PATHS.md §7 leaves it open]. The
 * preferred message format has no node for `xml`, the default: a profile without short-text / long-text sends XML.
 */
import { PlatformError } from '../errors.js';
import { childText, findChild, findChildren, findPath, type XmlNode } from '../netconf/xml.js';
import { XR_SMART_LICENSE_CFG_NS, XR_UM_CALL_HOME_NS, XR_UM_CRYPTO_NS, XR_UM_DOMAIN_NS, XR_UM_HTTP_CLIENT_NS } from '../platforms/licensing-config-yang.js';
import {
  EMPTY_CALL_HOME,
  emptyLicensingConfig,
  emptyProfile,
  nameServerAddresses,
  type CallHomeProfileState,
  type CallHomeState,
  type LicensingConfig,
  type NameServer,
  type TrustpointState,
} from './licensing-config.js';
import { container, deleted, element, entry, entryChange, flagChange, leaf, leafChange, replaced, type MaybeNode } from './yang-edit.js';

const CH = XR_UM_CALL_HOME_NS;
const DOM = XR_UM_DOMAIN_NS;
const HTTP = XR_UM_HTTP_CLIENT_NS;
const CRYPTO = XR_UM_CRYPTO_NS;
const LIC = XR_SMART_LICENSE_CFG_NS;

/** The `<get-config>` subtree filter that selects what `readIosXrNetconfConfig` reads. */
export const IOS_XR_LICENSING_FILTER = [
  `<call-home xmlns="${CH}"/>`,
  `<domain xmlns="${DOM}"/>`,
  `<http xmlns="${HTTP}"/>`,
  `<crypto xmlns="${CRYPTO}"/>`,
  `<licensing xmlns="${LIC}"/>`,
].join('');

/** The message formats the model has a node for. */
const FORMATS = ['short-text', 'long-text'] as const;

// ---------------------------------------------------------------- <get-config> → LicensingConfig

function has(node: XmlNode | undefined, ...names: string[]): boolean {
  return findPath(node, ...names) !== undefined;
}

function text(node: XmlNode | undefined, ...names: string[]): string | null {
  const value = findPath(node, ...names)?.text.trim();
  return value === undefined || value === '' ? null : value;
}

function orderedServers(list: XmlNode | undefined, vrf: string | null): NameServer[] {
  const entries = list === undefined ? [] : findChildren(list, 'name-server');
  const sorted = entries
    .map((e, i) => ({ order: Number(childText(e, 'order') ?? 0), address: childText(e, 'address')?.trim() ?? '', i }))
    .sort((a, b) => a.order - b.order || a.i - b.i);
  const out: NameServer[] = [];
  for (const { address } of sorted) if (address !== '' && !out.some((s) => s.address === address)) out.push({ address, vrf });
  return out;
}

function readProfile(profile: XmlNode): CallHomeProfileState {
  const destination = findChild(profile, 'destination');
  const addresses = findChildren(findPath(destination, 'addresses') ?? profile, 'address')
    .filter((a) => childText(a, 'address-type')?.trim() === 'http')
    .map((a) => childText(a, 'destination-address')?.trim() ?? '');
  const format = FORMATS.find((f) => has(destination, 'preferred-msg-format', f)) ?? null;
  return {
    ...emptyProfile(childText(profile, 'profile-name')?.trim() ?? ''),
    active: has(profile, 'active') ? true : null,
    reportingSmartLicensing: has(profile, 'reporting', 'smart-licensing-data') ? true : null,
    transportHttp: has(destination, 'transport-method', 'http'),
    emailTransport: has(destination, 'transport-method', 'email', 'disable') ? false : null,
    httpAddresses: addresses,
    messageFormat: format,
  };
}

function readCallHome(callHome: XmlNode): CallHomeState {
  const proxy = findChild(callHome, 'http-proxy');
  const profiles = findChild(callHome, 'profiles');
  return {
    contactEmail: text(callHome, 'contact-email-addr'),
    contactSmartLicensing: has(callHome, 'contact', 'smart-licensing'),
    httpProxy: proxy === undefined ? null : { address: text(proxy, 'server-name') ?? '', port: Number(text(proxy, 'port') ?? 0) },
    profiles: profiles === undefined ? [] : findChildren(profiles, 'profile').map(readProfile),
  };
}

function readTrustpoint(tp: XmlNode): TrustpointState {
  const crl = has(tp, 'crl', 'optional');
  const enrollmentUrl = text(tp, 'enrollment', 'url');
  const rsaKeypair = text(tp, 'rsakeypair');
  const subject = text(tp, 'subject-name');
  return {
    name: text(tp, 'trustpoint-name') ?? '',
    declared: true,
    lines: [
      ...(crl ? ['crl optional'] : []),
      ...(enrollmentUrl === null ? [] : [`enrollment url ${enrollmentUrl}`]),
      ...(rsaKeypair === null ? [] : [`rsakeypair ${rsaKeypair}`]),
      ...(subject === null ? [] : [`subject-name ${subject}`]),
    ],
    enrollment: null,
    revocationCheck: null,
    crlOptional: crl,
    caCertificates: [],
    otherCertificates: [],
  };
}

/** Reads the licensing configuration out of an IOS-XR `<get-config>` reply's `<data>` children (unified models). */
export function readIosXrNetconfConfig(data: readonly XmlNode[]): LicensingConfig {
  const top = (name: string, ns: string): XmlNode | undefined => data.find((n) => n.name === name && n.ns === ns);
  const empty = emptyLicensingConfig('ios-xr');
  const domain = top('domain', DOM);
  const callHome = top('call-home', CH);
  const http = top('http', HTTP);
  const crypto = top('crypto', CRYPTO);
  const policy = findPath(crypto, 'ca', 'trustpool', 'policy');
  const trustpoints = findPath(crypto, 'ca', 'trustpoint', 'trustpoints');
  const vrfs = domain === undefined ? [] : findChildren(findPath(domain, 'vrfs') ?? domain, 'vrf');
  return {
    ...empty,
    nameServers: [
      ...orderedServers(findPath(domain, 'name-servers'), null),
      ...vrfs.flatMap((v) => orderedServers(findPath(v, 'name-servers'), text(v, 'vrf-name') ?? '')),
    ],
    domainName: text(domain, 'name'),
    domainLookup: has(domain, 'lookup', 'disable') ? false : null,
    serviceActive: has(callHome, 'service', 'active') ? true : null,
    callHome: callHome === undefined || callHome.children.length === 0 ? null : readCallHome(callHome),
    trustpoints: trustpoints === undefined ? [] : findChildren(trustpoints, 'trustpoint').map(readTrustpoint),
    trustpool: policy === undefined ? null : { crlOptional: has(policy, 'crl', 'optional') },
    httpClient: {
      sourceInterface: null,
      ipv4: text(http, 'client', 'source-interface', 'ipv4', 'interface'),
      ipv6: text(http, 'client', 'source-interface', 'ipv6', 'interface'),
    },
    flexibleConsumption: has(top('licensing', LIC), 'flex-consumption', 'fcm-enable'),
  };
}

// ---------------------------------------------------------------- LicensingConfig × LicensingConfig → <edit-config>

function cannot(what: string): never {
  throw new PlatformError(`IOS-XR's NETCONF models cannot express ${what}; make this change over the CLI (transport cli)`);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => b[i] === v);
}

/** A name-server list written whole when it changes; deleted when it becomes empty. */
function serverListChange(from: readonly string[], to: readonly string[]): MaybeNode {
  if (sameList(from, to)) return undefined;
  if (to.length === 0) return deleted(element('name-servers', DOM));
  return replaced(element('name-servers', DOM, to.map((address, i) => entry('name-server', DOM, [['order', String(i)], ['address', address]]))));
}

function domainChange(from: LicensingConfig, to: LicensingConfig): MaybeNode {
  const vrfs = [...new Set([...from.nameServers, ...to.nameServers].map((s) => s.vrf).filter((v): v is string => v !== null))];
  return container('domain', DOM, [
    leafChange('name', DOM, from.domainName, to.domainName),
    container('lookup', DOM, [flagChange('disable', DOM, from.domainLookup === false, to.domainLookup === false)]),
    serverListChange(nameServerAddresses(from.nameServers, null), nameServerAddresses(to.nameServers, null)),
    container(
      'vrfs',
      DOM,
      vrfs.map((vrf) => {
        const before = nameServerAddresses(from.nameServers, vrf);
        const after = nameServerAddresses(to.nameServers, vrf);
        if (after.length === 0) return before.length === 0 ? undefined : deleted(entry('vrf', DOM, [['vrf-name', vrf]]));
        return entryChange('vrf', DOM, [['vrf-name', vrf]], [serverListChange(before, after)]);
      }),
    ),
  ]);
}

function formatOf(p: CallHomeProfileState): 'short-text' | 'long-text' | null {
  const f = p.messageFormat;
  if (f === null || f === 'xml') return null;
  if (f === 'short-text' || f === 'long-text') return f;
  return cannot(`destination preferred-msg-format "${f}"`);
}

function profileBody(from: CallHomeProfileState, to: CallHomeProfileState): MaybeNode[] {
  const addressEntry = (url: string): XmlNode => entry('address', CH, [['address-type', 'http'], ['destination-address', url]]);
  const before = formatOf(from);
  const after = formatOf(to);
  let format: MaybeNode;
  if (before !== after) format = after === null ? deleted(element('preferred-msg-format', CH)) : replaced(element('preferred-msg-format', CH, [element(after, CH)]));
  let email: MaybeNode;
  if ((from.emailTransport === false) !== (to.emailTransport === false)) {
    email = to.emailTransport === false ? element('email', CH, [element('disable', CH)]) : deleted(element('email', CH));
  }
  return [
    flagChange('active', CH, from.active === true, to.active === true),
    container('destination', CH, [
      container('addresses', CH, [
        ...from.httpAddresses.filter((a) => !to.httpAddresses.includes(a)).map((a) => deleted(addressEntry(a))),
        ...to.httpAddresses.filter((a) => !from.httpAddresses.includes(a)).map(addressEntry),
      ]),
      container('transport-method', CH, [flagChange('http', CH, from.transportHttp, to.transportHttp), email]),
      format,
    ]),
    container('reporting', CH, [flagChange('smart-licensing-data', CH, from.reportingSmartLicensing === true, to.reportingSmartLicensing === true)]),
  ];
}

function callHomeChange(from: LicensingConfig, to: LicensingConfig): MaybeNode {
  if (to.callHome === null) return from.callHome === null ? undefined : deleted(element('call-home', CH));
  const was = from.callHome ?? EMPTY_CALL_HOME;
  const now = to.callHome;
  let proxy: MaybeNode;
  if (was.httpProxy?.address !== now.httpProxy?.address || was.httpProxy?.port !== now.httpProxy?.port) {
    proxy =
      now.httpProxy === null
        ? deleted(element('http-proxy', CH))
        : replaced(element('http-proxy', CH, [leaf('server-name', CH, now.httpProxy.address), leaf('port', CH, now.httpProxy.port)]));
  }
  const key = (name: string): [string, string][] => [['profile-name', name]];
  const node = container('call-home', CH, [
    container('service', CH, [flagChange('active', CH, from.serviceActive === true, to.serviceActive === true)]),
    leafChange('contact-email-addr', CH, was.contactEmail, now.contactEmail),
    container('contact', CH, [flagChange('smart-licensing', CH, was.contactSmartLicensing, now.contactSmartLicensing)]),
    proxy,
    container('profiles', CH, [
      ...was.profiles.filter((p) => !now.profiles.some((q) => q.name === p.name)).map((p) => deleted(entry('profile', CH, key(p.name)))),
      ...now.profiles.map((p) => {
        const before = was.profiles.find((q) => q.name === p.name);
        const body = profileBody(before ?? emptyProfile(p.name), p);
        return before === undefined ? entry('profile', CH, key(p.name), body) : entryChange('profile', CH, key(p.name), body);
      }),
    ]),
  ]);
  // a call-home block configured with nothing in it
  return node ?? (from.callHome === null ? element('call-home', CH) : undefined);
}

function httpChange(from: LicensingConfig, to: LicensingConfig): MaybeNode {
  const family = (f: 'ipv4' | 'ipv6'): MaybeNode =>
    container(f, HTTP, [leafChange('interface', HTTP, from.httpClient[f], to.httpClient[f])]);
  return container('http', HTTP, [container('client', HTTP, [container('source-interface', HTTP, [family('ipv4'), family('ipv6')])])]);
}

/** The lines of a trustpoint the model holds, as nodes (a trustpoint typed back whole). */
function trustpointLines(tp: TrustpointState): XmlNode[] {
  const value = (head: string): string | undefined => tp.lines.find((l) => l.startsWith(`${head} `))?.slice(head.length + 1);
  const url = value('enrollment url');
  const keypair = value('rsakeypair');
  const subject = value('subject-name');
  return [
    ...(url === undefined ? [] : [element('enrollment', CRYPTO, [leaf('url', CRYPTO, url)])]),
    ...(keypair === undefined ? [] : [leaf('rsakeypair', CRYPTO, keypair)]),
    ...(subject === undefined ? [] : [leaf('subject-name', CRYPTO, subject)]),
  ];
}

function trustpointChange(from: TrustpointState | undefined, to: TrustpointState | undefined): MaybeNode {
  const name = to?.name ?? from?.name ?? '';
  const key: [string, string][] = [['trustpoint-name', name]];
  const had = from?.declared === true;
  if (to?.declared !== true) return had ? deleted(entry('trustpoint', CRYPTO, key)) : undefined;
  const crl = flagChange('optional', CRYPTO, had && from.crlOptional, to.crlOptional);
  if (!had) return entry('trustpoint', CRYPTO, key, [container('crl', CRYPTO, [crl]), ...trustpointLines(to)]);
  return entryChange('trustpoint', CRYPTO, key, [container('crl', CRYPTO, [crl])]);
}

function cryptoChange(from: LicensingConfig, to: LicensingConfig): MaybeNode {
  let policy: MaybeNode;
  if (to.trustpool === null) {
    if (from.trustpool !== null) policy = deleted(element('policy', CRYPTO));
  } else if (from.trustpool === null) {
    policy = element('policy', CRYPTO, [container('crl', CRYPTO, [to.trustpool.crlOptional ? element('optional', CRYPTO) : undefined])]);
  } else {
    policy = container('policy', CRYPTO, [container('crl', CRYPTO, [flagChange('optional', CRYPTO, from.trustpool.crlOptional, to.trustpool.crlOptional)])]);
  }
  const names = [...new Set([...from.trustpoints, ...to.trustpoints].map((t) => t.name))];
  return container('crypto', CRYPTO, [
    container('ca', CRYPTO, [
      container('trustpool', CRYPTO, [policy]),
      container('trustpoint', CRYPTO, [
        container(
          'trustpoints',
          CRYPTO,
          names.map((n) => trustpointChange(from.trustpoints.find((t) => t.name === n), to.trustpoints.find((t) => t.name === n))),
        ),
      ]),
    ]),
  ]);
}

/** The `<edit-config>` content (top-level elements) that turns `from` into `to`; empty when they read the same. */
export function iosXrTransition(from: LicensingConfig, to: LicensingConfig): XmlNode[] {
  if (to.serviceActive === true && to.callHome === null) cannot('service active without a call-home block');
  if (to.httpClient.sourceInterface !== from.httpClient.sourceInterface) cannot('an HTTP client source interface for both address families (name ipv4 or ipv6)');
  for (const tp of to.trustpoints) if (tp.caCertificates.length > 0) cannot(`a CA certificate on trustpoint ${tp.name}`);
  const nodes = [
    callHomeChange(from, to),
    domainChange(from, to),
    httpChange(from, to),
    cryptoChange(from, to),
    container('licensing', LIC, [container('flex-consumption', LIC, [flagChange('fcm-enable', LIC, from.flexibleConsumption, to.flexibleConsumption)])]),
  ];
  return nodes.filter((n): n is XmlNode => n !== undefined);
}
