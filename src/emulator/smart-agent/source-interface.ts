/**
 * The HTTP client source interface a call home leaves from: IOS-XE `ip http client source-interface <if>`
 * (000:490-513), IOS-XR `http client source-interface {ipv4|ipv6} <if>` (001:335). The interface must exist in
 * the running configuration, must not be shut down, and must have an address of the family used.
 *
 * Address family, IOS-XE (000:494-499): an interface with an IPv6 address makes the session IPv6 (even when it
 * has IPv4 too); with only IPv4 it is IPv4. The seed's "no source interface uses IPv6" problem does not apply to
 * 16.12 (fixed in 3.18.2aSP). IOS-XR: an IPv4 / IPv6 literal destination uses the line of its family; a host name
 * uses the `ipv4` line when there is one, else the `ipv6` line [INF]. A host name reaches the emulated CSSM over
 * either family; an address literal only over its own.
 */
import { isIP } from 'node:net';
import type { PlatformId } from '../../platforms/types.js';
import type { ConfigNode } from '../device/config/tree.js';
import type { AddressFamily, CallHomeProblem } from './call-home-failure.js';

export function addressFamily(host: string): AddressFamily | undefined {
  const v = isIP(host.replace(/^\[|\]$/g, ''));
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
}

function findInterface(tree: ConfigNode, name: string): ConfigNode | undefined {
  const wanted = `interface ${name}`.toLowerCase();
  return tree.children.find((c) => c.line.toLowerCase() === wanted);
}

function families(platform: PlatformId, node: ConfigNode): Set<AddressFamily> {
  const out = new Set<AddressFamily>();
  for (const { line } of node.children) {
    if (line.startsWith('ipv6 address ')) out.add('ipv6');
    if (platform === 'ios-xe' ? /^ip address (?:\d|dhcp)/.test(line) : line.startsWith('ipv4 address ')) out.add('ipv4');
  }
  return out;
}

/** The source interface line that applies and the family the session uses, or undefined when none is set. */
function selected(platform: PlatformId, tree: ConfigNode, target: AddressFamily | undefined): { name: string; family: AddressFamily | 'auto' } | undefined {
  const lines = tree.children.map((c) => c.line);
  if (platform === 'ios-xe') {
    const line = lines.find((l) => l.startsWith('ip http client source-interface '));
    return line === undefined ? undefined : { name: line.slice('ip http client source-interface '.length), family: 'auto' };
  }
  const byFamily = (f: AddressFamily): string | undefined =>
    lines.find((l) => l.startsWith(`http client source-interface ${f} `))?.slice(`http client source-interface ${f} `.length);
  const order: AddressFamily[] = target === undefined ? ['ipv4', 'ipv6'] : [target];
  for (const family of order) {
    const name = byFamily(family);
    if (name !== undefined) return { name, family };
  }
  return undefined;
}

/** Why a session to `host` cannot leave from the configured source interface, or undefined when it can. */
export function sourceInterfaceProblem(platform: PlatformId, tree: ConfigNode, host: string): CallHomeProblem | undefined {
  const target = addressFamily(host);
  const source = selected(platform, tree, target);
  if (source === undefined) return undefined;
  const node = findInterface(tree, source.name);
  if (node === undefined) return { kind: 'source-interface-missing', name: source.name };
  if (node.children.some((c) => c.line === 'shutdown')) return { kind: 'source-interface-down', name: source.name };
  const has = families(platform, node);
  if (source.family !== 'auto') {
    return has.has(source.family) ? undefined : { kind: 'source-interface-no-address', name: source.name, family: source.family };
  }
  const family: AddressFamily | undefined = has.has('ipv6') ? 'ipv6' : has.has('ipv4') ? 'ipv4' : undefined;
  if (family === undefined) return { kind: 'source-interface-no-address', name: source.name, family: target ?? 'ipv4' };
  if (target !== undefined && target !== family) return { kind: 'no-route', address: host, family };
  return undefined;
}
