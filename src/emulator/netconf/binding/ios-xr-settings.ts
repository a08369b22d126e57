/**
 * The Smart Licensing settings of an IOS-XR configuration as both XR model families see them, read from the
 * configuration tree (seed 001:259-340, 004:178-227 for the lines):
 *
 *   domain name example.com / domain lookup disable / domain lookup source-interface IF
 *   domain name-server A  (one line each, in order) / domain name-server vrf V A
 *   call-home
 *    service active / contact smart-licensing / contact-email-addr … / phone-number … / http-proxy H port P …
 *    profile CiscoTAC-1
 *     active / destination address http URL / destination transport-method http /
 *     destination transport-method email disable / destination preferred-msg-format short-text /
 *     reporting smart-licensing-data …
 *   http client source-interface ipv4 IF / http client vrf V
 *   license smart flexible-consumption enable
 *   crypto ca trustpool policy / crl optional / cabundle http URL
 *   crypto ca trustpoint Trustpool / crl optional / enrollment url … / rsakeypair … / subject-name …
 */
import type { ConfigNode } from '../../device/config/tree.js';
import { BlockView } from './config-lines.js';

export type XrAddressType = 'http' | 'email';
export type XrMessageFormat = 'short-text' | 'long-text';

export interface XrProfile {
  readonly name: string;
  readonly active: boolean;
  readonly anonymousOnly: boolean;
  /** `destination address <type> <address>` lines, in order. */
  readonly addresses: readonly { readonly type: XrAddressType; readonly address: string }[];
  readonly http: boolean;
  /** `destination transport-method email disable` (e-mail is on unless disabled). */
  readonly emailDisabled: boolean;
  readonly messageSizeLimit: number | undefined;
  /** Unset: the default, xml. */
  readonly format: XrMessageFormat | undefined;
  readonly reportLicensing: boolean;
  readonly reportCallHome: boolean;
}

export interface XrCallHome {
  readonly serviceActive: boolean;
  readonly contactEmail: string | undefined;
  readonly contactSmartLicensing: boolean;
  readonly phoneNumber: string | undefined;
  readonly streetAddress: string | undefined;
  readonly customerId: string | undefined;
  readonly contractId: string | undefined;
  readonly siteId: string | undefined;
  readonly sourceInterface: string | undefined;
  readonly vrf: string | undefined;
  readonly proxy: { readonly host: string; readonly port: number } | undefined;
  readonly profiles: readonly XrProfile[];
}

export interface XrDomain {
  readonly name: string | undefined;
  readonly lookupDisabled: boolean;
  readonly lookupSourceInterface: string | undefined;
  readonly nameServers: readonly string[];
  readonly vrfNameServers: readonly { readonly vrf: string; readonly servers: readonly string[] }[];
}

export interface XrTrustpoint {
  readonly name: string;
  readonly crlOptional: boolean;
  readonly enrollmentUrl: string | undefined;
  readonly rsaKeypair: string | undefined;
  readonly subjectName: string | undefined;
}

export interface XrCrypto {
  /** `crypto ca trustpool policy` is configured. */
  readonly trustpool: boolean;
  readonly trustpoolCrlOptional: boolean;
  readonly trustpoolCabundle: string | undefined;
  readonly trustpoints: readonly XrTrustpoint[];
}

export interface XrSettings {
  readonly domain: XrDomain;
  readonly callHome: XrCallHome;
  readonly http: { readonly ipv4: string | undefined; readonly ipv6: string | undefined; readonly vrf: string | undefined };
  readonly crypto: XrCrypto;
  readonly flexibleConsumption: boolean;
}

export const EMPTY_XR_CALL_HOME: XrCallHome = {
  serviceActive: false,
  contactEmail: undefined,
  contactSmartLicensing: false,
  phoneNumber: undefined,
  streetAddress: undefined,
  customerId: undefined,
  contractId: undefined,
  siteId: undefined,
  sourceInterface: undefined,
  vrf: undefined,
  proxy: undefined,
  profiles: [],
};

export const EMPTY_XR_DOMAIN: XrDomain = { name: undefined, lookupDisabled: false, lookupSourceInterface: undefined, nameServers: [], vrfNameServers: [] };

export const EMPTY_XR_CRYPTO: XrCrypto = { trustpool: false, trustpoolCrlOptional: false, trustpoolCabundle: undefined, trustpoints: [] };

function readProfile(node: ConfigNode): XrProfile {
  const p = new BlockView(node);
  const format = p.value('destination preferred-msg-format');
  const size = p.value('destination message-size-limit');
  return {
    name: node.line.slice('profile '.length),
    active: p.has('active'),
    anonymousOnly: p.has('anonymous-reporting-only'),
    addresses: p.values('destination address').flatMap((rest) => {
      const [type, address] = rest.split(' ');
      return (type === 'http' || type === 'email') && address !== undefined ? [{ type, address }] : [];
    }),
    http: p.has('destination transport-method http'),
    emailDisabled: p.has('destination transport-method email disable'),
    messageSizeLimit: size === undefined ? undefined : Number(size),
    format: format === 'short-text' || format === 'long-text' ? format : undefined,
    reportLicensing: p.has('reporting smart-licensing-data'),
    reportCallHome: p.has('reporting smart-call-home-data'),
  };
}

export function readXrSettings(tree: ConfigNode): XrSettings {
  const root = new BlockView(tree);
  const callHome = root.block('call-home');
  const servers = root.values('domain name-server');
  const proxy = /^(\S+) port (\d+)$/.exec(callHome.value('http-proxy') ?? '');
  const vrfs = new Map<string, string[]>();
  for (const s of servers.filter((v) => v.startsWith('vrf '))) {
    const [, vrf = '', address = ''] = s.split(' ');
    vrfs.set(vrf, [...(vrfs.get(vrf) ?? []), address]);
  }
  const trustpool = root.block('crypto ca trustpool policy');
  return {
    domain: {
      name: root.value('domain name'),
      lookupDisabled: root.has('domain lookup disable'),
      lookupSourceInterface: root.value('domain lookup source-interface'),
      nameServers: servers.filter((s) => !s.startsWith('vrf ')),
      vrfNameServers: [...vrfs].map(([vrf, list]) => ({ vrf, servers: list })),
    },
    callHome: {
      serviceActive: callHome.has('service active'),
      contactEmail: callHome.value('contact-email-addr'),
      contactSmartLicensing: callHome.has('contact smart-licensing'),
      phoneNumber: callHome.value('phone-number'),
      streetAddress: callHome.value('street-address'),
      customerId: callHome.value('customer-id'),
      contractId: callHome.value('contract-id'),
      siteId: callHome.value('site-id'),
      sourceInterface: callHome.value('source-interface'),
      vrf: callHome.value('vrf'),
      proxy: proxy === null ? undefined : { host: proxy[1] ?? '', port: Number(proxy[2]) },
      profiles: callHome.blocks('profile ').map(readProfile),
    },
    http: {
      ipv4: root.value('http client source-interface ipv4'),
      ipv6: root.value('http client source-interface ipv6'),
      vrf: root.value('http client vrf'),
    },
    crypto: {
      trustpool: trustpool.exists,
      trustpoolCrlOptional: trustpool.has('crl optional'),
      trustpoolCabundle: trustpool.value('cabundle http'),
      trustpoints: root.blocks('crypto ca trustpoint ').map((node) => {
        const tp = new BlockView(node);
        return {
          name: node.line.slice('crypto ca trustpoint '.length),
          crlOptional: tp.has('crl optional'),
          enrollmentUrl: tp.value('enrollment url'),
          rsaKeypair: tp.value('rsakeypair'),
          subjectName: tp.value('subject-name'),
        };
      }),
    },
    flexibleConsumption: root.has('license smart flexible-consumption enable'),
  };
}
