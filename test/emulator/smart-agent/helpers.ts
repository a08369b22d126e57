/**
 * Shared by the call-home network tests: one CSSM emulator (HTTPS, on-prem names) and one HTTP proxy per test
 * file, devices started per test, the seed configurations typed with `device.config.apply`, and a REGISTER
 * of a token created in the CSSM emulator.
 */
import { X509Certificate } from 'node:crypto';
import { startCssm, startProxy, type CssmEmulator, type HttpProxy, type Resolve } from '../../../src/emulator/cssm/index.js';
import { generateCssmTls, type CssmTlsMaterial } from '../../../src/emulator/cssm/tls.js';
import { startDevice } from '../../../src/emulator/device/device.js';
import { generateHostKeys } from '../../../src/emulator/device/host-key.js';
import { hexLines } from '../../../src/emulator/device/platforms/xe-commands.js';
import type { EmulatedDevice } from '../../../src/emulator/device/types.js';
import type { DeviceModel } from '../../../src/inventory/types.js';
import type { DeviceMessage } from '../../../src/emulator/cssm/device-protocol.js';
import { emulatorNetwork, type EmulatorNetwork, type EmulatorNetworkOptions } from '../../../src/emulator/smart-agent/emulator-network.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export const ON_PREM_HOSTS = ['onprem.example.com', 'satellite.example.net', '209.165.201.15'];
/** The proxy address of the seed (001:299). */
export const PROXY_ADDRESS = { host: '198.51.100.10', port: 3128 };

const hostKeys = generateHostKeys();
let tls: CssmTlsMaterial | undefined;
let otherMaterial: CssmTlsMaterial | undefined;

export function labTls(): CssmTlsMaterial {
  tls ??= generateCssmTls({ hosts: ON_PREM_HOSTS });
  return tls;
}

/** A CA nobody in the lab signs with (an untrusted on-prem server, a wrong trustpoint). */
export function otherTls(): CssmTlsMaterial {
  otherMaterial ??= generateCssmTls({ hosts: ON_PREM_HOSTS });
  return otherMaterial;
}

export interface NetworkLab {
  readonly cssm: CssmEmulator;
  readonly proxy: HttpProxy;
  readonly resolveProxy: Resolve;
  network(options?: Partial<EmulatorNetworkOptions>): EmulatorNetwork;
}

export async function startNetworkLab(t: Teardown): Promise<NetworkLab> {
  const cssm = await startCssm({ tls: labTls(), onPremHosts: ON_PREM_HOSTS, clientSecret: 'network-lab-secret-0123' });
  t.teardown(() => cssm.close());
  const proxy = await startProxy({ resolve: cssm.resolve, loopbackOnly: true });
  t.teardown(() => proxy.close());
  const resolveProxy: Resolve = (host, port) => (host === PROXY_ADDRESS.host && port === PROXY_ADDRESS.port ? { host: proxy.host, port: proxy.port } : undefined);
  return {
    cssm,
    proxy,
    resolveProxy,
    network: (options = {}) => emulatorNetwork({ resolve: cssm.resolve, resolveProxy, trustpool: [cssm.caPem], timeoutMs: 10_000, ...options }),
  };
}

export async function device(t: Teardown, model: DeviceModel): Promise<EmulatedDevice> {
  const d = await startDevice({ model }, { hostKeys });
  t.teardown(() => d.close());
  return d;
}

/** Applies configuration text; throws when the device refuses any of it. */
export function configure(d: EmulatedDevice, text: string): void {
  const result = d.config.apply(text);
  if (!result.ok) throw new Error(`configuration refused: ${JSON.stringify(result)}`);
}

/** `crypto pki certificate chain <name>` as `crypto pki authenticate <name>` leaves it (xe-commands.ts). */
export function trustpointChain(name: string, caPem: string): string {
  const cert = new X509Certificate(caPem);
  const serial = cert.serialNumber.replace(/^0+(?=.)/, '').toUpperCase();
  const lines = hexLines(cert.raw).map((l) => `  ${l}`);
  return `crypto pki certificate chain ${name}\n certificate ca ${serial.length % 2 === 1 ? `0${serial}` : serial}\n${lines.join('\n')}\n  quit\n`;
}

/** A REGISTER with a fresh token from the CSSM emulator (force: the same UDI may register again). */
export function registerMessage(cssm: CssmEmulator, d: EmulatedDevice): { message: DeviceMessage; token: string } {
  const token = cssm.createToken({ description: 'call-home network test' }).token.reveal();
  return {
    token,
    message: {
      protocol: 1,
      messageType: 'REGISTER',
      udi: { pid: d.identity.pid, sn: d.identity.serial },
      hostname: d.hostname,
      idToken: token,
      force: true,
    },
  };
}
