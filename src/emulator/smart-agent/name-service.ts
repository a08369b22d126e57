/**
 * The device's DNS client as its running configuration sets it up: name servers (IOS-XE `ip name-server …`,
 * 000:46-52; IOS-XR `domain name-server …`, 004:168-176) and whether lookups are on (IOS-XE `no ip domain lookup`,
 * IOS-XR `domain lookup disable` turn them off). Name servers of any VRF count [INF: VRFs are not modelled].
 */
import type { PlatformId } from '../../platforms/types.js';
import type { ConfigNode } from '../device/config/tree.js';
import type { CallHomeProblem } from './call-home-failure.js';

export interface NameService {
  readonly servers: readonly string[];
  readonly lookup: boolean;
}

export function nameService(platform: PlatformId, tree: ConfigNode): NameService {
  const lines = tree.children.map((c) => c.line);
  if (platform === 'ios-xe') {
    const servers = lines
      .filter((l) => l.startsWith('ip name-server '))
      .flatMap((l) => l.replace(/^ip name-server\s+(?:vrf\s+\S+\s+)?/, '').split(/\s+/).filter(Boolean));
    return { servers, lookup: !lines.includes('no ip domain lookup') };
  }
  const servers = lines.filter((l) => l.startsWith('domain name-server ')).map((l) => l.replace(/^domain name-server\s+(?:vrf\s+\S+\s+)?/, ''));
  return { servers, lookup: !lines.includes('domain lookup disable') };
}

/** Why a host name cannot be looked up at all with this configuration (before asking any server). */
export function lookupProblem(service: NameService, host: string): CallHomeProblem | undefined {
  if (!service.lookup) return { kind: 'domain-lookup-disabled', host };
  if (service.servers.length === 0) return { kind: 'no-name-server', host };
  return undefined;
}
