/**
 * IOS-XR binding. Reads show the settings in both model families IOS-XR 7.x announces — the unified models
 * (Cisco-IOS-XR-um-*) and the native ones (call-home-cfg, ip-domain-cfg, crypto-cepki-cfg) — plus the native
 * smart-license-cfg flexible-consumption leaf. A write may change either family: per subtree (call-home, DNS,
 * PKI), the native view is taken when the client changed it and left the unified view as it was; otherwise the
 * unified view is. A payload without native elements leaves them out of the decision (a replace with unified
 * content only is read from that content alone).
 */
import type { XmlNode } from '../../../netconf/xml.js';
import { XR_SMART_LICENSE_CFG_NS, XR_UM_CALL_HOME_NS, XR_UM_CRYPTO_NS, XR_UM_DOMAIN_NS, XR_UM_HTTP_CLIENT_NS } from '../../../platforms/licensing-config-yang.js';
import { readTopLevel, type ConfigBinding } from './config-binding.js';
import { EditList, sameList, type BoundEdit } from './config-lines.js';
import type { ConfigProblems, XmlReader } from './config-reader.js';
import {
  XR_CALL_HOME_NS,
  XR_CEPKI_NS,
  XR_IP_DOMAIN_NS,
  parseNativeCallHome,
  parseNativeCrypto,
  parseNativeDomain,
  renderNativeCallHome,
  renderNativeCrypto,
  renderNativeDomain,
} from './ios-xr-native.js';
import { EMPTY_XR_CALL_HOME, readXrSettings, type XrProfile, type XrSettings } from './ios-xr-settings.js';
import {
  parseLicensing,
  parseUmCallHome,
  parseUmCrypto,
  parseUmDomain,
  parseUmHttp,
  renderLicensing,
  renderUmCallHome,
  renderUmCrypto,
  renderUmDomain,
  renderUmHttp,
} from './ios-xr-um.js';
import { present } from './yang-xml.js';

const TOP_LEVEL = [
  ['call-home', XR_UM_CALL_HOME_NS],
  ['domain', XR_UM_DOMAIN_NS],
  ['http', XR_UM_HTTP_CLIENT_NS],
  ['crypto', XR_UM_CRYPTO_NS],
  ['licensing', XR_SMART_LICENSE_CFG_NS],
  ['call-home', XR_CALL_HOME_NS],
  ['ip-domain', XR_IP_DOMAIN_NS],
  ['crypto-ca', XR_CEPKI_NS],
] as const;

function render(s: XrSettings): XmlNode[] {
  return present([
    renderUmCallHome(s.callHome),
    renderUmDomain(s.domain),
    renderUmHttp(s.http),
    renderUmCrypto(s.crypto),
    renderLicensing(s.flexibleConsumption),
    renderNativeCallHome(s.callHome),
    renderNativeDomain(s.domain),
    renderNativeCrypto(s.crypto),
  ]);
}

function same<T>(a: T, b: T): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Which view of one subtree the client meant (see the file comment). */
function pick<T>(unified: T, native: XmlReader | undefined, readNative: (r: XmlReader) => T, current: T, unifiedGiven: boolean): T {
  if (native === undefined) return unified;
  const fromNative = readNative(native);
  if (same(fromNative, current)) return unified;
  return !unifiedGiven || same(unified, current) ? fromNative : unified;
}

function parse(nodes: readonly XmlNode[], current: XrSettings, problems: ConfigProblems): XrSettings {
  const [umCallHome, umDomain, umHttp, umCrypto, licensing, callHome, ipDomain, cryptoCa] = readTopLevel(nodes, TOP_LEVEL, problems);
  return {
    callHome: pick(parseUmCallHome(umCallHome, problems), callHome, (r) => parseNativeCallHome(r, current.callHome, problems), current.callHome, umCallHome !== undefined),
    domain: pick(parseUmDomain(umDomain), ipDomain, (r) => parseNativeDomain(r, current.domain), current.domain, umDomain !== undefined),
    http: parseUmHttp(umHttp),
    crypto: pick(parseUmCrypto(umCrypto), cryptoCa, (r) => parseNativeCrypto(r, current.crypto), current.crypto, umCrypto !== undefined),
    flexibleConsumption: parseLicensing(licensing),
  };
}

// ---------------------------------------------------------------- settings → configuration edits

/** Lines `head value`, one per value, in order: the common beginning stays, the rest is rewritten. */
function orderedLines(e: EditList, head: string, current: readonly string[], next: readonly string[], at: string): void {
  if (sameList(current, next)) return;
  let keep = 0;
  while (keep < current.length && keep < next.length && current[keep] === next[keep]) keep++;
  for (const value of current.slice(keep)) e.delete([], `${head} ${value}`, at);
  for (const value of next.slice(keep)) e.set([], `${head} ${value}`, at);
}

function profileEdits(e: EditList, c: XrProfile | undefined, n: XrProfile): void {
  const path = ['call-home', `profile ${n.name}`];
  const at = `/call-home/profiles/profile[profile-name='${n.name}']`;
  if (c === undefined) e.set(['call-home'], `profile ${n.name}`, at);
  const cur: XrProfile = c ?? {
    name: n.name,
    active: false,
    anonymousOnly: false,
    addresses: [],
    http: false,
    emailDisabled: false,
    messageSizeLimit: undefined,
    format: undefined,
    reportLicensing: false,
    reportCallHome: false,
  };
  e.flag(path, 'active', cur.active, n.active, `${at}/active`);
  const addresses = (p: XrProfile): string[] => p.addresses.map((a) => `${a.type} ${a.address}`);
  e.lines(path, 'destination address', addresses(cur), addresses(n), `${at}/destination/addresses`);
  e.flag(path, 'destination transport-method http', cur.http, n.http, `${at}/destination/transport-method/http`);
  e.flag(path, 'destination transport-method email disable', cur.emailDisabled, n.emailDisabled, `${at}/destination/transport-method/email`);
  const size = (v: number | undefined): string | undefined => (v === undefined ? undefined : String(v));
  e.single(path, 'destination message-size-limit', size(cur.messageSizeLimit), size(n.messageSizeLimit), `${at}/destination/message-size-limit`);
  e.single(path, 'destination preferred-msg-format', cur.format, n.format, `${at}/destination/preferred-msg-format`);
  e.flag(path, 'reporting smart-licensing-data', cur.reportLicensing, n.reportLicensing, `${at}/reporting/smart-licensing-data`);
  e.flag(path, 'reporting smart-call-home-data', cur.reportCallHome, n.reportCallHome, `${at}/reporting/smart-call-home-data`);
  e.flag(path, 'anonymous-reporting-only', cur.anonymousOnly, n.anonymousOnly, `${at}/anonymous-reporting-only`);
}

function callHomeEdits(e: EditList, cc: XrSettings['callHome'], nc: XrSettings['callHome']): void {
  const ch = ['call-home'];
  e.flag(ch, 'service active', cc.serviceActive, nc.serviceActive, '/call-home/service/active');
  e.single(ch, 'contact-email-addr', cc.contactEmail, nc.contactEmail, '/call-home/contact-email-addr');
  e.flag(ch, 'contact smart-licensing', cc.contactSmartLicensing, nc.contactSmartLicensing, '/call-home/contact/smart-licensing');
  e.single(ch, 'phone-number', cc.phoneNumber, nc.phoneNumber, '/call-home/phone-number');
  e.single(ch, 'street-address', cc.streetAddress, nc.streetAddress, '/call-home/street-address');
  e.single(ch, 'customer-id', cc.customerId, nc.customerId, '/call-home/customer-id');
  e.single(ch, 'contract-id', cc.contractId, nc.contractId, '/call-home/contract-id');
  e.single(ch, 'site-id', cc.siteId, nc.siteId, '/call-home/site-id');
  const proxy = (p: XrSettings['callHome']['proxy']): string | undefined => (p === undefined ? undefined : `${p.host} port ${p.port}`);
  e.single(ch, 'http-proxy', proxy(cc.proxy), proxy(nc.proxy), '/call-home/http-proxy');
  e.single(ch, 'source-interface', cc.sourceInterface, nc.sourceInterface, '/call-home/source-interface');
  e.single(ch, 'vrf', cc.vrf, nc.vrf, '/call-home/vrf');
  for (const p of cc.profiles) {
    if (!nc.profiles.some((q) => q.name === p.name)) e.delete(ch, `profile ${p.name}`, `/call-home/profiles/profile[profile-name='${p.name}']`);
  }
  for (const p of nc.profiles) profileEdits(e, cc.profiles.find((q) => q.name === p.name), p);
}

function edits(c: XrSettings, n: XrSettings): BoundEdit[] {
  const e = new EditList();
  const cd = c.domain;
  const nd = n.domain;
  e.single([], 'domain name', cd.name, nd.name, '/domain/name');
  e.flag([], 'domain lookup disable', cd.lookupDisabled, nd.lookupDisabled, '/domain/lookup/disable');
  e.single([], 'domain lookup source-interface', cd.lookupSourceInterface, nd.lookupSourceInterface, '/domain/lookup/source-interface');
  orderedLines(e, 'domain name-server', cd.nameServers, nd.nameServers, '/domain/name-servers');
  for (const vrf of new Set([...cd.vrfNameServers, ...nd.vrfNameServers].map((v) => v.vrf))) {
    const current = cd.vrfNameServers.find((v) => v.vrf === vrf)?.servers ?? [];
    const next = nd.vrfNameServers.find((v) => v.vrf === vrf)?.servers ?? [];
    orderedLines(e, `domain name-server vrf ${vrf}`, current, next, `/domain/vrfs/vrf[vrf-name='${vrf}']/name-servers`);
  }

  const cc = c.callHome;
  const nc = n.callHome;
  // call-home is a non-presence container: a write that leaves nothing in it removes the block
  if (!same(cc, EMPTY_XR_CALL_HOME) && same(nc, EMPTY_XR_CALL_HOME)) e.delete([], 'call-home', '/call-home');
  else callHomeEdits(e, cc, nc);
  e.single([], 'http client source-interface ipv4', c.http.ipv4, n.http.ipv4, '/http/client/source-interface/ipv4/interface');
  e.single([], 'http client source-interface ipv6', c.http.ipv6, n.http.ipv6, '/http/client/source-interface/ipv6/interface');
  e.single([], 'http client vrf', c.http.vrf, n.http.vrf, '/http/client/vrf');
  e.flag([], 'license smart flexible-consumption enable', c.flexibleConsumption, n.flexibleConsumption, '/licensing/flex-consumption/fcm-enable');

  const pool = 'crypto ca trustpool policy';
  const poolAt = '/crypto/ca/trustpool/policy';
  if (c.crypto.trustpool && !n.crypto.trustpool) {
    e.delete([], pool, poolAt);
  } else if (n.crypto.trustpool) {
    if (!c.crypto.trustpool) e.set([], pool, poolAt);
    e.flag([pool], 'crl optional', c.crypto.trustpoolCrlOptional, n.crypto.trustpoolCrlOptional, `${poolAt}/crl/optional`);
    e.single([pool], 'cabundle http', c.crypto.trustpoolCabundle, n.crypto.trustpoolCabundle, `${poolAt}/cabundle/url`);
  }
  for (const tp of c.crypto.trustpoints) {
    if (!n.crypto.trustpoints.some((q) => q.name === tp.name)) {
      e.delete([], `crypto ca trustpoint ${tp.name}`, `/crypto/ca/trustpoint/trustpoints/trustpoint[trustpoint-name='${tp.name}']`);
    }
  }
  for (const tp of n.crypto.trustpoints) {
    const was = c.crypto.trustpoints.find((q) => q.name === tp.name);
    const block = `crypto ca trustpoint ${tp.name}`;
    const at = `/crypto/ca/trustpoint/trustpoints/trustpoint[trustpoint-name='${tp.name}']`;
    if (was === undefined) e.set([], block, at);
    e.flag([block], 'crl optional', was?.crlOptional ?? false, tp.crlOptional, `${at}/crl/optional`);
    e.single([block], 'enrollment url', was?.enrollmentUrl, tp.enrollmentUrl, `${at}/enrollment/url`);
    e.single([block], 'rsakeypair', was?.rsaKeypair, tp.rsaKeypair, `${at}/rsakeypair`);
    e.single([block], 'subject-name', was?.subjectName, tp.subjectName, `${at}/subject-name`);
  }
  return e.edits;
}

export const iosXrBinding: ConfigBinding<XrSettings> = {
  platform: 'ios-xr',
  read: readXrSettings,
  render,
  parse,
  edits,
};
