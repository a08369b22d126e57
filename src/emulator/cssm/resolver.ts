/**
 * The name → loopback address map emulated devices (and the emulator's proxy) use instead of DNS: every Cisco host
 * name and every configured on-prem host, on port 80 (HTTP listener) and 443 / 8443 (HTTPS listener).
 */

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface ResolverEntry {
  /** Lower-case host name (or address) as it appears in a URL. */
  readonly host: string;
  readonly port: number;
  readonly scheme: 'http' | 'https';
  readonly target: Endpoint;
}

export type Resolve = (host: string, port: number) => Endpoint | undefined;

export function buildResolverEntries(names: readonly string[], http: Endpoint, https: Endpoint | undefined): ResolverEntry[] {
  const entries: ResolverEntry[] = [];
  for (const name of new Set(names.map((n) => n.toLowerCase()))) {
    entries.push({ host: name, port: 80, scheme: 'http', target: http });
    if (https !== undefined) {
      entries.push({ host: name, port: 443, scheme: 'https', target: https });
      entries.push({ host: name, port: 8443, scheme: 'https', target: https });
    }
  }
  return entries;
}

/** Looks a host:port up in the entries; `[::1]`-style brackets and case are ignored. */
export function resolveIn(entries: readonly ResolverEntry[], host: string, port: number): Endpoint | undefined {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return entries.find((e) => e.host === h && e.port === port)?.target;
}
