/**
 * IOS-XE binding: the Smart Licensing part of the running configuration as Cisco-IOS-XE-native (17.12 shapes)
 * with its call-home, http and crypto augments (YANG-PATHS.md §1-3).
 *
 *   hostname cbr8-1                              /native/hostname
 *   service call-home                            /native/service/call-home
 *   ip domain lookup | no ip domain lookup       /native/ip/domain/lookup  (true | false; neither: default true)
 *   ip domain name example.com                   /native/ip/domain/name
 *   ip name-server 192.0.2.53 192.0.2.54         /native/ip/name-server/no-vrf-ordered (×2; no-vrf read too)
 *   ip name-server vrf Mgmt-intf 192.0.2.53      /native/ip/name-server/vrf[word]/server-ip-list-ordered
 *   ip http client source-interface Gi0          /native/ip/http/client/source-interface
 *   call-home                                    /native/call-home/…
 *    contact-email-addr a@b.c                      contact-email-addr
 *    http-proxy proxy.example.net port 3128        http-proxy/proxy-servers[proxy-server]/port
 *    profile "CiscoTAC-1"                          tac-profile/profile/CiscoTAC-1/{active, anonymous-reporting-only,
 *                                                    reporting/{smart-call-home-data, smart-licensing-data},
 *                                                    destination/{transport-method, address/http/http-address}}
 *    profile "SL"                                  user-profile/profile[profile-name]/{…, destination/
 *                                                    {transport-method/{http, email}, address/http}}
 *   crypto pki trustpoint SLA-TrustPoint         /native/crypto/pki/trustpoint[id]/{enrollment/enrollment-method/
 *    enrollment terminal [pem]                     terminal[/pem], revocation-check*}
 *    revocation-check none
 *
 * CiscoTAC-1's transport-method is one value in the model: `http` when the profile sends over HTTP (its e-mail
 * method then off), `email` otherwise. The YANG holds one HTTP destination per profile; a profile with several
 * shows the first, and the others stay until the client changes that destination.
 */
import type { XmlNode } from '../../../netconf/xml.js';
import { XE_CALL_HOME_NS, XE_CRYPTO_NS, XE_HTTP_NS, XE_NATIVE_NS } from '../../../platforms/licensing-config-yang.js';
import type { ConfigNode } from '../../device/config/tree.js';
import { CISCO_TAC_DEFAULT_URL } from '../../device/platforms/call-home-profile.js';
import { XE_INTERFACE_TYPES } from '../../device/platforms/xe.js';
import { readTopLevel, type ConfigBinding } from './config-binding.js';
import { BlockView, EditList, sameList, type BoundEdit } from './config-lines.js';
import type { ConfigProblems, XmlReader } from './config-reader.js';
import { email, enumeration, host, httpUrl, interfaceName, ipAddress, uint, word } from './leaf-checks.js';
import { container, entry, flag, leaf, present } from './yang-xml.js';

const NATIVE = XE_NATIVE_NS;
const CH = XE_CALL_HOME_NS;
const TAC = 'CiscoTAC-1';
/** max-elements of the name-server leaf-lists. */
const MAX_NAME_SERVERS = 6;

export type XeTransport = 'http' | 'email';
export type XeEnrollment = 'terminal' | 'terminal pem';
export type XeRevocationMethod = 'crl' | 'none' | 'ocsp';

export interface XeTacProfile {
  readonly active: boolean | undefined;
  readonly anonymousOnly: boolean;
  /** Default true. */
  readonly reportCallHome: boolean | undefined;
  /** Default true. */
  readonly reportLicensing: boolean | undefined;
  /** Unset means the device default, e-mail. */
  readonly transport: XeTransport | undefined;
  /** Destinations other than the Cisco default; the model shows the first. */
  readonly httpAddresses: readonly string[];
}

export interface XeUserProfile {
  readonly name: string;
  /** Default true. */
  readonly active: boolean | undefined;
  readonly anonymousOnly: boolean;
  /** Default true. */
  readonly reportCallHome: boolean | undefined;
  readonly reportLicensing: boolean;
  readonly http: boolean;
  /** Default true. */
  readonly email: boolean | undefined;
  readonly httpAddresses: readonly string[];
}

export interface XeTrustpoint {
  readonly id: string;
  /** Terminal enrollment; other methods (pkcs12, url …) are outside the model and read as undefined. */
  readonly enrollment: XeEnrollment | undefined;
  readonly revocationCheck: readonly XeRevocationMethod[];
}

export interface XeSettings {
  readonly hostname: string | undefined;
  readonly serviceCallHome: boolean;
  /** Default true. */
  readonly domainLookup: boolean | undefined;
  readonly domainName: string | undefined;
  readonly nameServers: readonly string[];
  readonly vrfNameServers: readonly { readonly vrf: string; readonly servers: readonly string[] }[];
  readonly httpClientSourceInterface: string | undefined;
  readonly callHome: {
    readonly contactEmail: string | undefined;
    readonly proxy: { readonly host: string; readonly port: number } | undefined;
    readonly tac: XeTacProfile;
    readonly profiles: readonly XeUserProfile[];
  };
  readonly trustpoints: readonly XeTrustpoint[];
}

// ---------------------------------------------------------------- configuration tree → settings

const EMPTY_TAC: XeTacProfile = {
  active: undefined,
  anonymousOnly: false,
  reportCallHome: undefined,
  reportLicensing: undefined,
  transport: undefined,
  httpAddresses: [],
};

function profileName(line: string): string {
  return line.replace(/^profile\s+/, '').replace(/^"(.*)"$/, '$1');
}

function readTac(callHome: BlockView): XeTacProfile {
  const p = callHome.block(`profile "${TAC}"`);
  if (!p.exists) return EMPTY_TAC;
  const emailOff = p.has('no destination transport-method email');
  return {
    active: p.tri('active'),
    anonymousOnly: p.has('anonymous-reporting-only'),
    reportCallHome: p.tri('reporting smart-call-home-data'),
    reportLicensing: p.tri('reporting smart-licensing-data'),
    transport: p.has('destination transport-method http') ? 'http' : emailOff ? undefined : 'email',
    httpAddresses: p.values('destination address http').filter((url) => url !== CISCO_TAC_DEFAULT_URL),
  };
}

function readUserProfile(node: ConfigNode): XeUserProfile {
  const p = new BlockView(node);
  return {
    name: profileName(node.line),
    active: p.tri('active'),
    anonymousOnly: p.has('anonymous-reporting-only'),
    reportCallHome: p.tri('reporting smart-call-home-data'),
    reportLicensing: p.has('reporting smart-licensing-data'),
    http: p.has('destination transport-method http'),
    email: p.has('no destination transport-method email') ? false : undefined,
    httpAddresses: p.values('destination address http'),
  };
}

function readTrustpoint(node: ConfigNode): XeTrustpoint {
  const p = new BlockView(node);
  const enrollment = p.value('enrollment');
  return {
    id: node.line.slice('crypto pki trustpoint '.length),
    enrollment: enrollment === 'terminal' || enrollment === 'terminal pem' ? enrollment : undefined,
    revocationCheck: (p.value('revocation-check')?.split(' ') ?? []) as XeRevocationMethod[],
  };
}

function read(tree: ConfigNode): XeSettings {
  const root = new BlockView(tree);
  const callHome = root.block('call-home');
  const servers = root.values('ip name-server');
  const proxy = /^(\S+) port (\d+)$/.exec(callHome.value('http-proxy') ?? '');
  return {
    hostname: root.value('hostname'),
    serviceCallHome: root.has('service call-home'),
    domainLookup: root.tri('ip domain lookup'),
    domainName: root.value('ip domain name'),
    nameServers: servers.find((s) => !s.startsWith('vrf '))?.split(' ') ?? [],
    vrfNameServers: servers
      .filter((s) => s.startsWith('vrf '))
      .map((s) => {
        const [, vrf = '', ...list] = s.split(' ');
        return { vrf, servers: list };
      }),
    httpClientSourceInterface: root.value('ip http client source-interface'),
    callHome: {
      contactEmail: callHome.value('contact-email-addr'),
      proxy: proxy === null ? undefined : { host: proxy[1] ?? '', port: Number(proxy[2]) },
      tac: readTac(callHome),
      profiles: callHome.blocks('profile ').filter((n) => profileName(n.line) !== TAC).map(readUserProfile),
    },
    trustpoints: root.blocks('crypto pki trustpoint ').map(readTrustpoint),
  };
}

// ---------------------------------------------------------------- settings → XML

function renderTac(tac: XeTacProfile): XmlNode | undefined {
  const address = tac.httpAddresses[0];
  return container('tac-profile', CH, [
    container('profile', CH, [
      container(TAC, CH, [
        leaf('active', CH, tac.active),
        flag('anonymous-reporting-only', CH, tac.anonymousOnly),
        container('reporting', CH, [leaf('smart-call-home-data', CH, tac.reportCallHome), leaf('smart-licensing-data', CH, tac.reportLicensing)]),
        container('destination', CH, [
          leaf('transport-method', CH, tac.transport),
          container('address', CH, [
            // default-address defaults to true and may not be true beside an http-address
            container('http', CH, [leaf('http-address', CH, address), leaf('default-address', CH, address === undefined ? undefined : false)]),
          ]),
        ]),
      ]),
    ]),
  ]);
}

function renderUserProfile(p: XeUserProfile): XmlNode {
  return entry('profile', CH, [['profile-name', p.name]], [
    leaf('active', CH, p.active),
    flag('anonymous-reporting-only', CH, p.anonymousOnly),
    container('reporting', CH, [leaf('smart-call-home-data', CH, p.reportCallHome), flag('smart-licensing-data', CH, p.reportLicensing)]),
    container('destination', CH, [
      container('transport-method', CH, [flag('http', CH, p.http), leaf('email', CH, p.email)]),
      container('address', CH, [leaf('http', CH, p.httpAddresses[0])]),
    ]),
  ]);
}

function render(s: XeSettings): XmlNode[] {
  const native = container('native', NATIVE, [
    leaf('hostname', NATIVE, s.hostname),
    container('service', NATIVE, [flag('call-home', NATIVE, s.serviceCallHome)]),
    container('ip', NATIVE, [
      container('domain', NATIVE, [leaf('lookup', NATIVE, s.domainLookup), leaf('name', NATIVE, s.domainName)]),
      container('name-server', NATIVE, [
        ...s.nameServers.map((a) => leaf('no-vrf-ordered', NATIVE, a)),
        ...s.vrfNameServers.map((v) => entry('vrf', NATIVE, [['word', v.vrf]], v.servers.map((a) => leaf('server-ip-list-ordered', NATIVE, a)))),
      ]),
      container('http', XE_HTTP_NS, [container('client', XE_HTTP_NS, [leaf('source-interface', XE_HTTP_NS, s.httpClientSourceInterface)])]),
    ]),
    container('call-home', NATIVE, [
      leaf('contact-email-addr', CH, s.callHome.contactEmail),
      s.callHome.proxy === undefined
        ? undefined
        : container('http-proxy', CH, [entry('proxy-servers', CH, [['proxy-server', s.callHome.proxy.host]], [leaf('port', CH, s.callHome.proxy.port)])]),
      renderTac(s.callHome.tac),
      container('user-profile', CH, s.callHome.profiles.map(renderUserProfile)),
    ]),
    container('crypto', NATIVE, [
      container('pki', XE_CRYPTO_NS, [
        ...s.trustpoints.map((tp) =>
          entry('trustpoint', XE_CRYPTO_NS, [['id', tp.id]], [
            tp.enrollment === undefined
              ? undefined
              : xmlEnrollment(tp.enrollment),
            ...tp.revocationCheck.map((m) => leaf('revocation-check', XE_CRYPTO_NS, m)),
          ]),
        ),
      ]),
    ]),
  ]);
  return present([native]);
}

function xmlEnrollment(enrollment: XeEnrollment): XmlNode | undefined {
  const C = XE_CRYPTO_NS;
  return container('enrollment', C, [container('enrollment-method', C, [flag('terminal', C, true, [flag('pem', C, enrollment === 'terminal pem')])])]);
}

// ---------------------------------------------------------------- XML → settings

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function checkMax(problems: ConfigProblems, values: readonly string[], max: number, path: string): void {
  if (values.length > max) problems.addRule('too-many-elements', `at most ${max} entries are allowed, ${values.length} given`, path);
}

function parseTac(callHome: XmlReader): XeTacProfile {
  const tacProfile = callHome.child('tac-profile', CH);
  const profile = tacProfile?.child('profile');
  const p = profile?.child(TAC);
  tacProfile?.done();
  profile?.done();
  if (p === undefined) return EMPTY_TAC;
  const reporting = p.child('reporting');
  const destination = p.child('destination');
  const address = destination?.child('address');
  const http = address?.child('http');
  const httpAddress = http?.leaf('http-address', httpUrl);
  const defaultAddress = http?.boolean('default-address');
  const at = `${p.path}/destination/address/http`;
  if (httpAddress === CISCO_TAC_DEFAULT_URL) p.problems.addRule('must-violation', 'the leaf http-address cannot use default address', `${at}/http-address`);
  if (httpAddress !== undefined && defaultAddress === true) p.problems.addRule('must-violation', 'Must not have both default address and non-default one', `${at}/default-address`);
  const tac: XeTacProfile = {
    active: p.boolean('active'),
    anonymousOnly: p.flag('anonymous-reporting-only'),
    reportCallHome: reporting?.boolean('smart-call-home-data'),
    reportLicensing: reporting?.boolean('smart-licensing-data'),
    transport: destination?.leaf('transport-method', enumeration(['http', 'email'])) as XeTransport | undefined,
    httpAddresses: httpAddress === undefined ? [] : [httpAddress],
  };
  for (const r of [http, address, destination, reporting, p]) r?.done();
  return tac;
}

function parseUserProfiles(callHome: XmlReader, tac: XeTacProfile): XeUserProfile[] {
  const userProfile = callHome.child('user-profile', CH);
  if (userProfile === undefined) return [];
  const profiles: XeUserProfile[] = [];
  const seen = new Map<string, string>();
  for (const { reader: p, keys } of userProfile.list('profile', [['profile-name', word(1, 31)]])) {
    const name = keys[0] ?? '';
    const lower = name.toLowerCase();
    if (lower === 'ciscotac-1' || lower === 'all') p.problems.addRule('must-violation', 'CiscoTAC-1 and all are reserved profile names', `${p.path}/profile-name`);
    const clash = seen.get(lower);
    if (clash !== undefined) p.problems.addRule('must-violation', `profile names may not differ only by case ("${clash}", "${name}")`, `${p.path}/profile-name`);
    seen.set(lower, name);
    const reporting = p.child('reporting');
    const destination = p.child('destination');
    const transport = destination?.child('transport-method');
    const address = destination?.child('address');
    const httpAddress = address?.leaf('http', httpUrl);
    const profile: XeUserProfile = {
      name,
      active: p.boolean('active'),
      anonymousOnly: p.flag('anonymous-reporting-only'),
      reportCallHome: reporting?.boolean('smart-call-home-data'),
      reportLicensing: reporting?.flag('smart-licensing-data') ?? false,
      http: transport?.flag('http') ?? false,
      email: transport?.boolean('email'),
      httpAddresses: httpAddress === undefined ? [] : [httpAddress],
    };
    if (!profile.http && profile.email === false) {
      p.problems.addRule('must-violation', 'At least one transport method (http or email) is needed', `${p.path}/destination/transport-method`);
    }
    for (const r of [address, transport, destination, reporting, p]) r?.done();
    profiles.push(profile);
  }
  const reportingLicensing =
    profiles.filter((p) => (p.active ?? true) && p.reportLicensing).length + (tac.active === true && (tac.reportLicensing ?? true) ? 1 : 0);
  if (reportingLicensing > 1) {
    userProfile.problems.addRule('must-violation', 'Only one active profile is allowed to report Smart Licensing data', userProfile.path);
  }
  userProfile.done();
  return profiles;
}

function parseEnrollment(tp: XmlReader): XeEnrollment | undefined {
  const enrollment = tp.child('enrollment');
  if (enrollment === undefined) return undefined;
  const method = enrollment.child('enrollment-method');
  // 17.9+ enrollment/enrollment-method/terminal; before, enrollment/terminal (kept, deprecated)
  const terminal = method?.child('terminal') ?? enrollment.child('terminal');
  method?.done();
  enrollment.done();
  if (terminal === undefined) return undefined;
  const pem = terminal.flag('pem');
  terminal.done();
  return pem ? 'terminal pem' : 'terminal';
}

function parse(nodes: readonly XmlNode[], _current: XeSettings, problems: ConfigProblems): XeSettings {
  const [native] = readTopLevel(nodes, [['native', NATIVE]], problems);
  const service = native?.child('service');
  const ip = native?.child('ip');
  const domain = ip?.child('domain');
  const nameServer = ip?.child('name-server');
  const http = ip?.child('http', XE_HTTP_NS);
  const client = http?.child('client');
  const callHome = native?.child('call-home');
  const crypto = native?.child('crypto');
  const pki = crypto?.child('pki', XE_CRYPTO_NS);

  const nameServers = nameServer === undefined ? [] : unique([...nameServer.leafList('no-vrf-ordered', ipAddress), ...nameServer.leafList('no-vrf', ipAddress)]);
  if (nameServer !== undefined) checkMax(problems, nameServers, MAX_NAME_SERVERS, `${nameServer.path}/no-vrf-ordered`);
  const vrfNameServers = (nameServer?.list('vrf', [['word', word()]]) ?? []).map(({ reader, keys }) => {
    const servers = unique([...reader.leafList('server-ip-list-ordered', ipAddress), ...reader.leafList('server-ip-list', ipAddress)]);
    checkMax(problems, servers, MAX_NAME_SERVERS, `${reader.path}/server-ip-list-ordered`);
    reader.done();
    return { vrf: keys[0] ?? '', servers };
  });

  let proxy: XeSettings['callHome']['proxy'];
  const proxyContainer = callHome?.child('http-proxy', CH);
  const proxies = proxyContainer?.list('proxy-servers', [['proxy-server', host]]) ?? [];
  if (proxies.length > 1) problems.addRule('too-many-elements', 'at most one HTTP proxy is allowed', `${proxyContainer?.path ?? ''}/proxy-servers`);
  for (const { reader, keys } of proxies.slice(0, 1)) {
    const port = reader.leaf('port', uint(1, 65535));
    if (reader.child('port') === undefined) problems.add('missing-element', 'a proxy server needs <port>', reader.path, { badElement: 'port' });
    if (port !== undefined) proxy = { host: keys[0] ?? '', port: Number(port) };
    reader.done();
  }
  proxyContainer?.done();

  const tac = callHome === undefined ? EMPTY_TAC : parseTac(callHome);
  const settings: XeSettings = {
    hostname: native?.leaf('hostname', word()),
    serviceCallHome: service?.flag('call-home') ?? false,
    domainLookup: domain?.boolean('lookup'),
    domainName: domain?.leaf('name', word(1, 236)),
    nameServers,
    vrfNameServers,
    httpClientSourceInterface: client?.leaf('source-interface', interfaceName(XE_INTERFACE_TYPES)),
    callHome: {
      contactEmail: callHome?.leaf('contact-email-addr', email, CH),
      proxy,
      tac,
      profiles: callHome === undefined ? [] : parseUserProfiles(callHome, tac),
    },
    trustpoints: (pki?.list('trustpoint', [['id', word()]]) ?? []).map(({ reader, keys }) => {
      const methods = reader.leafList('revocation-check', enumeration(['crl', 'none', 'ocsp'])) as XeRevocationMethod[];
      if (methods.length > 3) problems.addRule('too-many-elements', 'at most 3 revocation-check methods are allowed', `${reader.path}/revocation-check`);
      const tp: XeTrustpoint = { id: keys[0] ?? '', enrollment: parseEnrollment(reader), revocationCheck: methods };
      reader.done();
      return tp;
    }),
  };
  for (const r of [service, domain, nameServer, client, http, ip, callHome, pki, crypto, native]) r?.done();
  return settings;
}

// ---------------------------------------------------------------- settings → configuration edits

function serverList(e: EditList, head: string, current: readonly string[], next: readonly string[], at: string): void {
  if (sameList(current, next)) return;
  // `ip name-server` adds to the list; a new list is written whole
  if (current.length > 0) e.delete([], `${head} ${current.join(' ')}`, at);
  if (next.length > 0) e.set([], `${head} ${next.join(' ')}`, at);
}

function tacEdits(e: EditList, c: XeTacProfile, n: XeTacProfile): void {
  const path = ['call-home', `profile ${TAC}`];
  const at = `/native/call-home/tac-profile/profile/${TAC}`;
  e.tri(path, 'active', c.active, n.active, `${at}/active`);
  e.flag(path, 'anonymous-reporting-only', c.anonymousOnly, n.anonymousOnly, `${at}/anonymous-reporting-only`);
  e.tri(path, 'reporting smart-call-home-data', c.reportCallHome, n.reportCallHome, `${at}/reporting/smart-call-home-data`);
  e.tri(path, 'reporting smart-licensing-data', c.reportLicensing, n.reportLicensing, `${at}/reporting/smart-licensing-data`);
  if ((c.transport ?? 'email') !== (n.transport ?? 'email')) {
    const where = `${at}/destination/transport-method`;
    if (n.transport === 'http') {
      e.set(path, 'destination transport-method http', where);
      e.set(path, 'no destination transport-method email', where);
    } else {
      e.delete(path, 'destination transport-method http', where);
      e.delete(path, 'destination transport-method email', where);
    }
  }
  addressEdits(e, path, c.httpAddresses, n.httpAddresses, `${at}/destination/address/http/http-address`);
}

/** The model shows the first HTTP destination: when it changes, the destinations are written anew. */
function addressEdits(e: EditList, path: readonly string[], current: readonly string[], next: readonly string[], at: string): void {
  if (current[0] === next[0]) return;
  e.lines(path, 'destination address http', current, next, at);
}

function userProfileEdits(e: EditList, c: XeUserProfile | undefined, n: XeUserProfile): void {
  const path = ['call-home', `profile ${n.name}`];
  const at = `/native/call-home/user-profile/profile[profile-name='${n.name}']`;
  if (c === undefined) e.set(['call-home'], `profile ${n.name}`, at);
  const cur: XeUserProfile = c ?? { ...n, active: undefined, anonymousOnly: false, reportCallHome: undefined, reportLicensing: false, http: false, email: undefined, httpAddresses: [] };
  e.tri(path, 'active', cur.active, n.active, `${at}/active`);
  e.flag(path, 'anonymous-reporting-only', cur.anonymousOnly, n.anonymousOnly, `${at}/anonymous-reporting-only`);
  e.tri(path, 'reporting smart-call-home-data', cur.reportCallHome, n.reportCallHome, `${at}/reporting/smart-call-home-data`);
  e.flag(path, 'reporting smart-licensing-data', cur.reportLicensing, n.reportLicensing, `${at}/reporting/smart-licensing-data`);
  e.flag(path, 'destination transport-method http', cur.http, n.http, `${at}/destination/transport-method/http`);
  e.tri(path, 'destination transport-method email', cur.email, n.email, `${at}/destination/transport-method/email`);
  addressEdits(e, path, cur.httpAddresses, n.httpAddresses, `${at}/destination/address/http`);
}

function trustpointEdits(e: EditList, c: XeTrustpoint | undefined, n: XeTrustpoint): void {
  const block = `crypto pki trustpoint ${n.id}`;
  const at = `/native/crypto/pki/trustpoint[id='${n.id}']`;
  if (c === undefined) e.set([], block, at);
  if ((c?.enrollment ?? undefined) !== n.enrollment) {
    if (n.enrollment === undefined) e.delete([block], `enrollment ${c?.enrollment ?? 'terminal'}`, `${at}/enrollment`);
    else e.set([block], `enrollment ${n.enrollment}`, `${at}/enrollment`);
  }
  const current = c?.revocationCheck ?? [];
  if (!sameList(current, n.revocationCheck)) {
    if (n.revocationCheck.length === 0) e.delete([block], `revocation-check ${current.join(' ')}`, `${at}/revocation-check`);
    else e.set([block], `revocation-check ${n.revocationCheck.join(' ')}`, `${at}/revocation-check`);
  }
}

function edits(c: XeSettings, n: XeSettings): BoundEdit[] {
  const e = new EditList();
  e.single([], 'hostname', c.hostname, n.hostname, '/native/hostname');
  e.flag([], 'service call-home', c.serviceCallHome, n.serviceCallHome, '/native/service/call-home');
  e.tri([], 'ip domain lookup', c.domainLookup, n.domainLookup, '/native/ip/domain/lookup');
  e.single([], 'ip domain name', c.domainName, n.domainName, '/native/ip/domain/name');
  serverList(e, 'ip name-server', c.nameServers, n.nameServers, '/native/ip/name-server/no-vrf-ordered');
  for (const vrf of unique([...c.vrfNameServers, ...n.vrfNameServers].map((v) => v.vrf))) {
    const current = c.vrfNameServers.find((v) => v.vrf === vrf)?.servers ?? [];
    const next = n.vrfNameServers.find((v) => v.vrf === vrf)?.servers ?? [];
    serverList(e, `ip name-server vrf ${vrf}`, current, next, `/native/ip/name-server/vrf[word='${vrf}']`);
  }
  e.single([], 'ip http client source-interface', c.httpClientSourceInterface, n.httpClientSourceInterface, '/native/ip/http/client/source-interface');

  const ch = c.callHome;
  const nh = n.callHome;
  e.single(['call-home'], 'contact-email-addr', ch.contactEmail, nh.contactEmail, '/native/call-home/contact-email-addr');
  const proxyLine = (p: XeSettings['callHome']['proxy']): string | undefined => (p === undefined ? undefined : `${p.host} port ${p.port}`);
  e.single(['call-home'], 'http-proxy', proxyLine(ch.proxy), proxyLine(nh.proxy), '/native/call-home/http-proxy');
  tacEdits(e, ch.tac, nh.tac);
  for (const p of ch.profiles) {
    if (!nh.profiles.some((q) => q.name === p.name)) e.delete(['call-home'], `profile ${p.name}`, `/native/call-home/user-profile/profile[profile-name='${p.name}']`);
  }
  for (const p of nh.profiles) userProfileEdits(e, ch.profiles.find((q) => q.name === p.name), p);

  for (const tp of c.trustpoints) {
    if (!n.trustpoints.some((q) => q.id === tp.id)) e.delete([], `crypto pki trustpoint ${tp.id}`, `/native/crypto/pki/trustpoint[id='${tp.id}']`);
  }
  for (const tp of n.trustpoints) trustpointEdits(e, c.trustpoints.find((q) => q.id === tp.id), tp);
  return e.edits;
}

export const iosXeBinding: ConfigBinding<XeSettings> = {
  platform: 'ios-xe',
  read,
  render,
  parse,
  edits,
};

