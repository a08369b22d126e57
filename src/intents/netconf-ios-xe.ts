/**
 * IOS-XE licensing configuration in Cisco-IOS-XE-native and its call-home, http and crypto augments (17.12
 * shapes, YANG-PATHS.md §1-3), both ways: a `<get-config>` reply → `LicensingConfig`, and two
 * `LicensingConfig`s → the `<edit-config>` content that turns one into the other.
 *
 *   ip name-server [vrf V] A B                  /native/ip/name-server/no-vrf-ordered* | vrf[word]/server-ip-list-ordered*
 *   ip domain lookup | no ip domain lookup      /native/ip/domain/lookup (true | false)
 *   ip domain name N                            /native/ip/domain/name
 *   service call-home                           /native/service/call-home (empty)
 *   ip http client source-interface IF          /native/ip/http:http/client/source-interface
 *   call-home / contact-email-addr              /native/call-home/ch:contact-email-addr
 *    http-proxy A port P                         …/ch:http-proxy/proxy-servers[proxy-server]/port
 *    profile "CiscoTAC-1"                        …/ch:tac-profile/profile/CiscoTAC-1/{active, reporting/smart-licensing-data,
 *                                                  destination/{transport-method, address/http/{http-address, default-address}}}
 *    profile NAME                                …/ch:user-profile/profile[profile-name]/{active, reporting/smart-licensing-data,
 *                                                  destination/{transport-method/{http, email}, address/http}}
 *   crypto pki trustpoint N                     /native/crypto/crypto:pki/trustpoint[id]/{enrollment/enrollment-method/
 *    enrollment terminal / revocation-check M    terminal[/pem], revocation-check*}
 *
 * What the models cannot say, and so a NETCONF change cannot do (PlatformError; `netconfIntentIssues` refuses
 * the intent fields that would need it before anything is read): a CA certificate (`crypto pki authenticate` is
 * an exec command with no configuration node), `destination preferred-msg-format`, `no service call-home`, and
 * a CiscoTAC-1 sending over HTTP and e-mail at once (its `transport-method` is one value). The models hold one
 * HTTP destination per profile; CiscoTAC-1's built-in Cisco address is its `default-address`.
 */
import { PlatformError } from '../errors.js';
import { childText, findChild, findChildren, findPath, type XmlNode } from '../netconf/xml.js';
import { XE_CALL_HOME_NS, XE_CRYPTO_NS, XE_HTTP_NS, XE_NATIVE_NS } from '../platforms/licensing-config-yang.js';
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
import { CISCO_SSM_URL, CISCO_TAC_PROFILE } from './types.js';
import { container, deleted, element, entry, entryChange, flagChange, leaf, leafChange, replaced, type MaybeNode } from './yang-edit.js';

const NATIVE = XE_NATIVE_NS;
const CH = XE_CALL_HOME_NS;
const CRYPTO = XE_CRYPTO_NS;

/** The `<get-config>` subtree filter that selects what `readIosXeNetconfConfig` reads. */
export const IOS_XE_LICENSING_FILTER = `<native xmlns="${NATIVE}"><service/><ip/><call-home/><crypto/></native>`;

// ---------------------------------------------------------------- <get-config> → LicensingConfig

function texts(parent: XmlNode | undefined, ...names: string[]): string[] {
  return parent === undefined ? [] : names.flatMap((n) => findChildren(parent, n).map((c) => c.text.trim()));
}

function booleanOf(text: string | undefined): boolean | null {
  return text === undefined ? null : text.trim() === 'true';
}

function readNameServers(nameServer: XmlNode | undefined): NameServer[] {
  const out: NameServer[] = [];
  const add = (vrf: string | null, addresses: readonly string[]): void => {
    for (const address of addresses) if (!out.some((s) => s.vrf === vrf && s.address === address)) out.push({ address, vrf });
  };
  add(null, texts(nameServer, 'no-vrf-ordered', 'no-vrf'));
  for (const vrf of nameServer === undefined ? [] : findChildren(nameServer, 'vrf')) {
    add(childText(vrf, 'word')?.trim() ?? '', texts(vrf, 'server-ip-list-ordered', 'server-ip-list'));
  }
  return out;
}

function readTac(tac: XmlNode): CallHomeProfileState {
  const method = childText(findChild(tac, 'destination') ?? tac, 'transport-method')?.trim();
  const address = findPath(tac, 'destination', 'address', 'http', 'http-address')?.text.trim();
  return {
    ...emptyProfile(CISCO_TAC_PROFILE),
    active: booleanOf(childText(tac, 'active')),
    reportingSmartLicensing: booleanOf(findPath(tac, 'reporting', 'smart-licensing-data')?.text),
    // one transport value: http (e-mail off) or e-mail; none given reads as the device default, e-mail
    transportHttp: method === 'http',
    emailTransport: method === 'http' ? false : null,
    httpAddresses: address === undefined || address === '' ? [] : [address],
  };
}

function readUserProfile(profile: XmlNode): CallHomeProfileState {
  const transport = findPath(profile, 'destination', 'transport-method');
  const address = findPath(profile, 'destination', 'address', 'http')?.text.trim();
  const email = transport === undefined ? undefined : childText(transport, 'email');
  return {
    ...emptyProfile(childText(profile, 'profile-name')?.trim() ?? ''),
    active: booleanOf(childText(profile, 'active')),
    reportingSmartLicensing: findPath(profile, 'reporting', 'smart-licensing-data') === undefined ? null : true,
    transportHttp: transport !== undefined && findChild(transport, 'http') !== undefined,
    emailTransport: email !== undefined && email.trim() === 'false' ? false : null,
    httpAddresses: address === undefined || address === '' ? [] : [address],
  };
}

function readCallHome(callHome: XmlNode): CallHomeState {
  const proxy = findPath(callHome, 'http-proxy', 'proxy-servers');
  const tac = findPath(callHome, 'tac-profile', 'profile', CISCO_TAC_PROFILE);
  const users = findPath(callHome, 'user-profile');
  return {
    contactEmail: childText(callHome, 'contact-email-addr')?.trim() ?? null,
    contactSmartLicensing: false,
    httpProxy: proxy === undefined ? null : { address: childText(proxy, 'proxy-server')?.trim() ?? '', port: Number(childText(proxy, 'port') ?? 0) },
    profiles: [...(tac === undefined ? [] : [readTac(tac)]), ...(users === undefined ? [] : findChildren(users, 'profile').map(readUserProfile))],
  };
}

function readTrustpoint(tp: XmlNode): TrustpointState {
  const enrollment = findChild(tp, 'enrollment');
  const terminal = enrollment === undefined ? undefined : (findPath(enrollment, 'enrollment-method', 'terminal') ?? findChild(enrollment, 'terminal'));
  const enrollmentText = terminal === undefined ? null : findChild(terminal, 'pem') === undefined ? 'terminal' : 'terminal pem';
  const methods = texts(tp, 'revocation-check');
  const revocationCheck = methods.length === 0 ? null : methods.join(' ');
  return {
    name: childText(tp, 'id')?.trim() ?? '',
    declared: true,
    lines: [...(enrollmentText === null ? [] : [`enrollment ${enrollmentText}`]), ...(revocationCheck === null ? [] : [`revocation-check ${revocationCheck}`])],
    enrollment: enrollmentText,
    revocationCheck,
    crlOptional: false,
    caCertificates: [],
    otherCertificates: [],
  };
}

/** Reads the licensing configuration out of an IOS-XE `<get-config>` reply's `<data>` children. */
export function readIosXeNetconfConfig(data: readonly XmlNode[]): LicensingConfig {
  const empty = emptyLicensingConfig('ios-xe');
  const native = data.find((n) => n.name === 'native' && n.ns === NATIVE);
  if (native === undefined) return empty;
  const ip = findChild(native, 'ip');
  const domain = ip === undefined ? undefined : findChild(ip, 'domain');
  const callHome = findChild(native, 'call-home');
  const source = findPath(ip, 'http', 'client', 'source-interface')?.text.trim();
  return {
    ...empty,
    nameServers: readNameServers(ip === undefined ? undefined : findChild(ip, 'name-server')),
    domainName: domain === undefined ? null : (childText(domain, 'name')?.trim() ?? null),
    domainLookup: domain === undefined ? null : booleanOf(childText(domain, 'lookup')),
    serviceActive: findPath(native, 'service', 'call-home') === undefined ? null : true,
    callHome: callHome === undefined || callHome.children.length === 0 ? null : readCallHome(callHome),
    trustpoints: findChildren(findPath(native, 'crypto', 'pki') ?? native, 'trustpoint').map(readTrustpoint),
    httpClient: { ...empty.httpClient, sourceInterface: source === undefined || source === '' ? null : source },
  };
}

// ---------------------------------------------------------------- LicensingConfig × LicensingConfig → <edit-config>

function cannot(what: string): never {
  throw new PlatformError(`IOS-XE's NETCONF models cannot express ${what}; make this change over the CLI (transport cli)`);
}

function leafListChange(name: string, ns: string, from: readonly string[], to: readonly string[]): XmlNode[] {
  return [...from.filter((a) => !to.includes(a)).map((a) => deleted(leaf(name, ns, a))), ...to.filter((a) => !from.includes(a)).map((a) => leaf(name, ns, a))];
}

function nameServerChange(from: readonly NameServer[], to: readonly NameServer[]): MaybeNode {
  const vrfs = [...new Set([...from, ...to].map((s) => s.vrf).filter((v): v is string => v !== null))];
  return container('name-server', NATIVE, [
    ...leafListChange('no-vrf-ordered', NATIVE, nameServerAddresses(from, null), nameServerAddresses(to, null)),
    ...vrfs.map((vrf) => {
      const before = nameServerAddresses(from, vrf);
      const after = nameServerAddresses(to, vrf);
      if (after.length === 0) return before.length === 0 ? undefined : deleted(entry('vrf', NATIVE, [['word', vrf]]));
      return entryChange('vrf', NATIVE, [['word', vrf]], leafListChange('server-ip-list-ordered', NATIVE, before, after));
    }),
  ]);
}

function explicitChange(name: string, ns: string, from: boolean | null, to: boolean | null): MaybeNode {
  return leafChange(name, ns, from, to);
}

/** The single HTTP destination a profile holds in the model (CiscoTAC-1's Cisco address is its default). */
function singleAddress(profile: CallHomeProfileState, tac: boolean): string | null {
  const list = tac ? profile.httpAddresses.filter((a) => a !== CISCO_SSM_URL) : profile.httpAddresses;
  if (list.length > 1) cannot(`more than one HTTP destination on call-home profile ${profile.name} (${list.join(', ')})`);
  return list[0] ?? null;
}

type TacTransport = 'http' | 'email';

function tacTransport(p: CallHomeProfileState): TacTransport {
  if (p.transportHttp && p.emailTransport === false) return 'http';
  if (!p.transportHttp && p.emailTransport === null) return 'email';
  return cannot(
    p.transportHttp
      ? `CiscoTAC-1 sending over HTTP and e-mail at once (its transport-method is one value)`
      : `CiscoTAC-1 with neither HTTP nor e-mail transport (its transport-method is one value)`,
  );
}

function tacChange(from: CallHomeProfileState, to: CallHomeProfileState): MaybeNode {
  if (from.messageFormat !== to.messageFormat) cannot('destination preferred-msg-format');
  const transportChanged = from.transportHttp !== to.transportHttp || from.emailTransport !== to.emailTransport;
  const method = transportChanged ? tacTransport(to) : null;
  const before = singleAddress(from, true);
  const after = singleAddress(to, true);
  let http: MaybeNode;
  if (before !== after) {
    // default-address (Cisco's own destination) may not be true beside an http-address, and is what is left without one
    http =
      after === null
        ? element('http', CH, [deleted(leaf('http-address', CH, before ?? '')), leaf('default-address', CH, true)])
        : element('http', CH, [leaf('http-address', CH, after), leaf('default-address', CH, false)]);
  }
  return container('tac-profile', CH, [
    container('profile', CH, [
      container(CISCO_TAC_PROFILE, CH, [
        explicitChange('active', CH, from.active, to.active),
        container('reporting', CH, [explicitChange('smart-licensing-data', CH, from.reportingSmartLicensing, to.reportingSmartLicensing)]),
        container('destination', CH, [method === null ? undefined : leaf('transport-method', CH, method), container('address', CH, [http])]),
      ]),
    ]),
  ]);
}

function userProfileBody(from: CallHomeProfileState, to: CallHomeProfileState): MaybeNode[] {
  if (from.messageFormat !== to.messageFormat) cannot('destination preferred-msg-format');
  // a custom profile's `no reporting smart-licensing-data` is its default: the model has only the empty leaf
  const reporting = flagChange('smart-licensing-data', CH, from.reportingSmartLicensing === true, to.reportingSmartLicensing === true);
  const email = leafChange('email', CH, from.emailTransport === false ? false : null, to.emailTransport === false ? false : null);
  const before = singleAddress(from, false);
  const after = singleAddress(to, false);
  return [
    explicitChange('active', CH, from.active, to.active),
    container('reporting', CH, [reporting]),
    container('destination', CH, [
      container('transport-method', CH, [flagChange('http', CH, from.transportHttp, to.transportHttp), email]),
      container('address', CH, [leafChange('http', CH, before, after)]),
    ]),
  ];
}

function userProfilesChange(from: readonly CallHomeProfileState[], to: readonly CallHomeProfileState[]): MaybeNode {
  const custom = (list: readonly CallHomeProfileState[]): CallHomeProfileState[] => list.filter((p) => p.name !== CISCO_TAC_PROFILE);
  const before = custom(from);
  const after = custom(to);
  return container('user-profile', CH, [
    ...before.filter((p) => !after.some((q) => q.name === p.name)).map((p) => deleted(entry('profile', CH, [['profile-name', p.name]]))),
    ...after.map((p) => {
      const was = before.find((q) => q.name === p.name);
      const body = userProfileBody(was ?? emptyProfile(p.name), p);
      return was === undefined ? entry('profile', CH, [['profile-name', p.name]], body) : entryChange('profile', CH, [['profile-name', p.name]], body);
    }),
  ]);
}

function callHomeChange(from: CallHomeState | null, to: CallHomeState | null): MaybeNode {
  if (to === null) return from === null ? undefined : deleted(element('call-home', NATIVE));
  const was = from ?? EMPTY_CALL_HOME;
  let proxy: MaybeNode;
  const p = to.httpProxy;
  const q = was.httpProxy;
  if (p?.address !== q?.address || p?.port !== q?.port) {
    proxy =
      p === null
        ? deleted(element('http-proxy', CH))
        : replaced(element('http-proxy', CH, [entry('proxy-servers', CH, [['proxy-server', p.address]], [leaf('port', CH, p.port)])]));
  }
  const tacOf = (c: CallHomeState): CallHomeProfileState => c.profiles.find((x) => x.name === CISCO_TAC_PROFILE) ?? emptyProfile(CISCO_TAC_PROFILE);
  return container('call-home', NATIVE, [
    leafChange('contact-email-addr', CH, was.contactEmail, to.contactEmail),
    proxy,
    tacChange(tacOf(was), tacOf(to)),
    userProfilesChange(was.profiles, to.profiles),
  ]);
}

function enrollmentNode(value: string): XmlNode {
  if (value !== 'terminal' && value !== 'terminal pem') cannot(`trustpoint enrollment "${value}" (the model has terminal enrollment only)`);
  return element('enrollment', CRYPTO, [element('enrollment-method', CRYPTO, [element('terminal', CRYPTO, value === 'terminal pem' ? [element('pem', CRYPTO)] : [])])]);
}

function methodsOf(tp: TrustpointState | undefined): string[] {
  return tp?.revocationCheck?.split(' ').filter((m) => m !== '') ?? [];
}

function trustpointChange(from: TrustpointState | undefined, to: TrustpointState | undefined): MaybeNode {
  const name = to?.name ?? from?.name ?? '';
  const key: [string, string][] = [['id', name]];
  const had = from?.declared === true;
  const has = to?.declared === true;
  if (JSON.stringify(from?.caCertificates ?? []) !== JSON.stringify(to?.caCertificates ?? [])) {
    cannot(`the CA certificate of trustpoint ${name} (crypto pki authenticate is an exec command with no configuration node)`);
  }
  if (!has) return had ? deleted(entry('trustpoint', CRYPTO, key)) : undefined;
  const enrollmentFrom = had ? (from?.enrollment ?? null) : null;
  const enrollmentTo = to?.enrollment ?? null;
  let enrollment: MaybeNode;
  if (enrollmentFrom !== enrollmentTo) enrollment = enrollmentTo === null ? deleted(element('enrollment', CRYPTO)) : enrollmentNode(enrollmentTo);
  const methods = leafListChange('revocation-check', CRYPTO, had ? methodsOf(from) : [], methodsOf(to));
  for (const m of methodsOf(to)) if (!['crl', 'none', 'ocsp'].includes(m)) cannot(`revocation-check "${m}"`);
  return had ? entryChange('trustpoint', CRYPTO, key, [enrollment, ...methods]) : entry('trustpoint', CRYPTO, key, [enrollment, ...methods]);
}

/** The `<edit-config>` content (top-level elements) that turns `from` into `to`; empty when they read the same. */
export function iosXeTransition(from: LicensingConfig, to: LicensingConfig): XmlNode[] {
  if (to.serviceActive === false && from.serviceActive !== false) cannot('no service call-home (the model has service call-home as an empty leaf only)');
  const names = [...new Set([...from.trustpoints, ...to.trustpoints].map((t) => t.name))];
  const native = container('native', NATIVE, [
    container('service', NATIVE, [flagChange('call-home', NATIVE, from.serviceActive === true, to.serviceActive === true)]),
    container('ip', NATIVE, [
      container('domain', NATIVE, [leafChange('lookup', NATIVE, from.domainLookup, to.domainLookup), leafChange('name', NATIVE, from.domainName, to.domainName)]),
      nameServerChange(from.nameServers, to.nameServers),
      container('http', XE_HTTP_NS, [
        container('client', XE_HTTP_NS, [leafChange('source-interface', XE_HTTP_NS, from.httpClient.sourceInterface, to.httpClient.sourceInterface)]),
      ]),
    ]),
    callHomeChange(from.callHome, to.callHome),
    container('crypto', NATIVE, [
      container(
        'pki',
        CRYPTO,
        names.map((n) => trustpointChange(from.trustpoints.find((t) => t.name === n), to.trustpoints.find((t) => t.name === n))),
      ),
    ]),
  ]);
  return native === undefined ? [] : [native];
}
