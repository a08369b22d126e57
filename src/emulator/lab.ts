/**
 * `startLab()`: the whole emulated world on loopback — the CSSM emulator, optionally an HTTP proxy, and a fleet
 * of devices whose call homes go through `network` (emulator-network.ts) to that CSSM — on one virtual clock.
 * Every device runs a Smart Agent on that network (`show license …`, `license smart register …` really reach the
 * CSSM emulator) and serves NETCONF on its own `netconfPort`, unless `smartAgent: false` / `netconf: false`;
 * `extensions` adds more, built from the same network.
 *
 * Devices configured with the seed's proxy address (`http-proxy 198.51.100.10 port 3128`, 001:299) reach the
 * lab's proxy; Cisco host names and `onPremHosts` reach the CSSM emulator; its CA is the devices' trustpool.
 */
import { InvalidArgumentError } from '../errors.js';
import type { DeviceModel, Inventory } from '../inventory/types.js';
import { silentLogger, type Logger } from '../log.js';
import { labSmartAccounts } from './cssm/seed.js';
import { startCssm, type CssmEmulator, type CssmEmulatorOptions } from './cssm/server.js';
import { startProxy, type HttpProxy } from './cssm/proxy.js';
import type { Endpoint, Resolve } from './cssm/resolver.js';
import type { DeviceExtension } from './device/extension.js';
import { startFleet, type Fleet, type FleetPlatform } from './device/fleet.js';
import type { HostKeySet } from './device/host-key.js';
import { ScaledTimers } from './device/scaled-timers.js';
import type { VirtualTimers } from './device/timers.js';
import type { DeviceUser, EmulatedDevice } from './device/types.js';
import { netconfExtension, type NetconfExtension, type NetconfExtensionOptions } from './netconf/netconf-extension.js';
import { netconfLicensing } from './smart-agent/netconf/netconf-licensing.js';
import { emulatorNetwork, type EmulatorNetwork } from './smart-agent/emulator-network.js';
import { smartAgentExtension, type SmartAgentExtensionOptions } from './smart-agent/extension.js';
import type { CallHomeNetwork } from './smart-agent/network.js';

/** The proxy address of the seed's HTTP proxy procedure (001:286-312). */
export const LAB_PROXY_ADDRESS: Endpoint = { host: '198.51.100.10', port: 3128 };

export interface LabProxyOptions {
  /** Listen port (default any free port). */
  readonly port?: number;
  /** CSSM refuses device calls that do not come through the proxy. */
  readonly require?: boolean;
}

export interface LabOptions {
  readonly devices: number;
  /** Default `mixed`. */
  readonly platform?: FleetPlatform;
  readonly models?: readonly DeviceModel[];
  /** Listen address of every server (default 127.0.0.1). */
  readonly host?: string;
  /** First SSH port of the fleet (default any free ports). */
  readonly basePort?: number;
  readonly users?: readonly DeviceUser[];
  readonly hostKeys?: HostKeySet;
  /** The lab's clock and timers; default `ScaledTimers` at `timeScale`. */
  readonly timers?: VirtualTimers;
  /** Virtual milliseconds per wall-clock millisecond when the lab makes its own timers (default 1). */
  readonly timeScale?: number;
  /**
   * CSSM emulator options; its clock, listen address, on-prem hosts and proxy requirement come from the lab. Its
   * accounts default to `labSmartAccounts(devices)`: a `Default` pool large enough for every device to be Authorized.
   */
  readonly cssm?: Omit<CssmEmulatorOptions, 'clock' | 'host' | 'onPremHosts' | 'requireProxy' | 'logger'>;
  /** On-prem / satellite host names or addresses served by the CSSM emulator (certificate and resolver). */
  readonly onPremHosts?: readonly string[];
  /** Start an HTTP proxy. */
  readonly proxy?: boolean | LabProxyOptions;
  /** The `http-proxy` address and port devices name to reach the lab's proxy (default 198.51.100.10:3128). */
  readonly proxyAddress?: Endpoint;
  /** Wall-clock bound of one call home (default 20 s). */
  readonly callHomeTimeoutMs?: number;
  /**
   * Every device's Smart Agent, calling home through the lab's network (default on). `false` leaves the devices
   * without one (no `show license`, no `license smart …`); an object passes agent options (evaluation days used,
   * usage, NCS 560 chassis, onError).
   */
  readonly smartAgent?: boolean | Omit<SmartAgentExtensionOptions, 'network'>;
  /** NETCONF on every device, on a `netconfPort` of its own and the SSH port (default on); an object passes hooks. */
  readonly netconf?: boolean | NetconfExtensionOptions;
  /** More extensions for every device, made once from the lab's network (after the Smart Agent and NETCONF). */
  readonly extensions?: (network: CallHomeNetwork) => readonly DeviceExtension[];
  /** Newest command-log entries each device keeps (default 10000). */
  readonly commandLogLimit?: number;
  readonly logger?: Logger;
  readonly onError?: (error: unknown) => void;
}

export interface Lab {
  readonly cssm: CssmEmulator;
  readonly proxy: HttpProxy | undefined;
  /** What devices configure as `http-proxy <host> port <port>` to use `proxy`. */
  readonly proxyAddress: Endpoint;
  readonly fleet: Fleet;
  readonly network: EmulatorNetwork;
  /** The devices' NETCONF extension (to register more RPCs), undefined with `netconf: false`. */
  readonly netconf: NetconfExtension | undefined;
  readonly timers: VirtualTimers;
  /** The inventory (DESIGN.md "Contracts"): the CSSM entry, the devices and their groups. */
  inventory(): Inventory;
  /** Closes the devices, the proxy and CSSM; idempotent. */
  close(): Promise<void>;
}

function agentExtensions(
  option: LabOptions['smartAgent'],
  network: CallHomeNetwork,
  onError: ((error: unknown) => void) | undefined,
): DeviceExtension[] {
  if (option === false) return [];
  const given = option === true || option === undefined ? {} : option;
  return [smartAgentExtension({ ...(onError === undefined ? {} : { onError }), ...given, network })];
}

/** NETCONF with the Smart Agent's licensing actions and state (when the agent runs) before the caller's hooks. */
function labNetconf(option: LabOptions['netconf'], withAgent: boolean, log: Logger): NetconfExtension | undefined {
  if (option === false) return undefined;
  const given = option === true || option === undefined ? {} : option;
  const licensing = withAgent ? netconfLicensing() : undefined;
  const rpcs = [licensing?.rpcs, given.rpcs].filter((f): f is NonNullable<typeof f> => f !== undefined);
  const state = given.state ?? licensing?.state;
  return netconfExtension({
    logger: log.child({ component: 'netconf' }),
    ...given,
    ...(rpcs.length === 0 ? {} : { rpcs: (device: EmulatedDevice) => rpcs.flatMap((f) => f(device)) }),
    ...(state === undefined ? {} : { state }),
  });
}

export async function startLab(options: LabOptions): Promise<Lab> {
  if (options.timers !== undefined && options.timeScale !== undefined) {
    throw new InvalidArgumentError('timeScale', 'give either timers or timeScale, not both');
  }
  const timeScale = options.timeScale ?? 1;
  if (!Number.isFinite(timeScale) || timeScale <= 0) throw new InvalidArgumentError('timeScale', `must be a positive number, got ${String(options.timeScale)}`);
  const log = options.logger ?? silentLogger;
  const timers = options.timers ?? new ScaledTimers({ scale: timeScale });
  const host = options.host ?? '127.0.0.1';
  const proxyAddress = options.proxyAddress ?? LAB_PROXY_ADDRESS;
  const proxyOptions: LabProxyOptions | undefined = options.proxy === true ? {} : options.proxy === false ? undefined : options.proxy;

  const started: { close(): Promise<void> }[] = [];
  const closeAll = async (): Promise<void> => {
    for (const part of started.splice(0).reverse()) await part.close();
  };
  try {
    const cssm = await startCssm({ smartAccounts: labSmartAccounts(options.devices), ...options.cssm, clock: timers, host, onPremHosts: options.onPremHosts ?? [], logger: log.child({ component: 'cssm' }) });
    started.push(cssm);
    let proxy: HttpProxy | undefined;
    if (proxyOptions !== undefined) {
      proxy = await startProxy({ host, resolve: cssm.resolve, loopbackOnly: true, logger: log.child({ component: 'proxy' }), ...(proxyOptions.port === undefined ? {} : { port: proxyOptions.port }) });
      started.push(proxy);
      if (proxyOptions.require === true) cssm.requireProxy(proxy);
    }
    const proxyListener = proxy;
    const resolveProxy: Resolve = (h, p) =>
      proxyListener !== undefined && h === proxyAddress.host.toLowerCase() && p === proxyAddress.port ? { host: proxyListener.host, port: proxyListener.port } : undefined;
    const network = emulatorNetwork({
      resolve: cssm.resolve,
      resolveProxy,
      trustpool: cssm.caPem === '' ? [] : [cssm.caPem],
      logger: log.child({ component: 'call-home' }),
      ...(options.callHomeTimeoutMs === undefined ? {} : { timeoutMs: options.callHomeTimeoutMs }),
    });
    const netconf = labNetconf(options.netconf, options.smartAgent !== false, log);
    const fleet = await startFleet({
      devices: options.devices,
      timers,
      host,
      extensions: [...agentExtensions(options.smartAgent, network, options.onError), ...(netconf === undefined ? [] : [netconf]), ...(options.extensions?.(network) ?? [])],
      ...(options.platform === undefined ? {} : { platform: options.platform }),
      ...(options.models === undefined ? {} : { models: options.models }),
      ...(options.basePort === undefined ? {} : { basePort: options.basePort }),
      ...(options.users === undefined ? {} : { users: options.users }),
      ...(options.hostKeys === undefined ? {} : { hostKeys: options.hostKeys }),
      ...(options.commandLogLimit === undefined ? {} : { commandLogLimit: options.commandLogLimit }),
      ...(options.onError === undefined ? {} : { onError: options.onError }),
    });
    started.push(fleet);
    let closing: Promise<void> | undefined;
    return {
      cssm,
      proxy,
      proxyAddress,
      fleet,
      network,
      netconf,
      timers,
      inventory: () => ({ cssm: cssm.inventoryEntry(), ...fleet.inventory() }),
      close: () => (closing ??= closeAll()),
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
