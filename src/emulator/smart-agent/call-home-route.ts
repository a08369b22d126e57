/**
 * What a device's running configuration says about calling home, read without any I/O: whether call-home is on,
 * which profile carries Smart Licensing data and to which HTTP(S) destination, and the HTTP proxy on the way.
 *
 * Platform defaults (profileView in call-home-profile.ts): on IOS-XE call-home runs unless `no service call-home`
 * and a profile is active unless `no active`; CiscoTAC-1 reports Smart Licensing data to its built-in Cisco
 * address unless told otherwise (000:46-90, 515-534). On IOS-XR call-home needs `service active` (001:259-284,
 * 004:178-220) and a profile needs `active` ("By default, the CiscoTAC-1 profile is disabled", 001:274).
 * Profiles are tried CiscoTAC-1 first, then in configuration order; the first usable address of the first usable
 * profile is the destination.
 */
import { isIP } from 'node:net';
import type { PlatformId } from '../../platforms/types.js';
import type { ConfigNode } from '../device/config/tree.js';
import { callHomeProfiles } from '../device/platforms/call-home-profile.js';
import type { CallHomeProblem } from './call-home-failure.js';

export interface HostPort {
  /** Lower-case host name or IP address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
}

export interface CallHomeDestination extends HostPort {
  /** As configured. */
  readonly url: string;
  readonly scheme: 'http' | 'https';
  /** Path and query sent in the request line. */
  readonly path: string;
  /** `Host:` header value (host, plus the port when it is not the scheme's default). */
  readonly authority: string;
}

export interface CallHomeRoute {
  readonly profile: string;
  readonly destination: CallHomeDestination;
  /** call-home `http-proxy <address> port <port>`. */
  readonly proxy: HostPort | undefined;
}

export type CallHomeRouteResult = { readonly ok: true; readonly route: CallHomeRoute } | { readonly ok: false; readonly problem: CallHomeProblem };

/** `true` for an IPv4 / IPv6 literal (brackets allowed). */
export function isAddressLiteral(host: string): boolean {
  return isIP(host.replace(/^\[|\]$/g, '')) !== 0;
}

export function parseDestination(url: string): CallHomeDestination | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === '') return undefined;
  const scheme = parsed.protocol === 'https:' ? 'https' : 'http';
  const port = parsed.port === '' ? (scheme === 'https' ? 443 : 80) : Number(parsed.port);
  return { url, scheme, host, port, path: `${parsed.pathname}${parsed.search}`, authority: parsed.host };
}

function callHomeNode(tree: ConfigNode): ConfigNode | undefined {
  return tree.children.find((c) => c.line === 'call-home');
}

function proxyOf(callHome: ConfigNode | undefined): HostPort | undefined {
  const line = callHome?.children.find((c) => c.line.startsWith('http-proxy '))?.line;
  const m = line === undefined ? null : /^http-proxy\s+(\S+)\s+port\s+(\d+)$/.exec(line);
  if (m === null) return undefined;
  return { host: (m[1] as string).replace(/^\[|\]$/g, '').toLowerCase(), port: Number(m[2]) };
}

export function callHomeRoute(platform: PlatformId, tree: ConfigNode): CallHomeRouteResult {
  const callHome = callHomeNode(tree);
  if (platform === 'ios-xe' && tree.children.some((c) => c.line === 'no service call-home')) {
    return { ok: false, problem: { kind: 'call-home-disabled' } };
  }
  if (platform === 'ios-xr' && !(callHome?.children.some((c) => c.line === 'service active') ?? false)) {
    return { ok: false, problem: { kind: 'service-inactive' } };
  }
  const licensing = callHomeProfiles(platform, tree).filter((p) => p.active && p.reporting.includes('Smart Licensing'));
  const http = licensing.filter((p) => p.transports.includes('http'));
  const addressed = http.filter((p) => p.httpAddresses.length > 0);
  for (const profile of addressed) {
    for (const url of profile.httpAddresses) {
      const destination = parseDestination(url);
      if (destination !== undefined) return { ok: true, route: { profile: profile.name, destination, proxy: proxyOf(callHome) } };
    }
  }
  const kind = licensing.length === 0 ? 'no-active-profile' : http.length === 0 ? 'no-http-transport' : addressed.length === 0 ? 'no-http-address' : 'bad-url';
  return { ok: false, problem: { kind } };
}
