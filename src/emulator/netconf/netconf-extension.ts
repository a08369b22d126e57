/**
 * `netconfExtension()`: every emulated device serves NETCONF over SSH (the `netconf` subsystem, on its own
 * `netconfPort` as well as the CLI port), with the running datastore bound to the device's configuration, the
 * platform's datastore profile, modules and capabilities, and the device clock for confirmed commits.
 *
 *   const netconf = netconfExtension({
 *     rpcs: (device) => [{ namespace: XR_ACT_NS, name: 'register-id-token', handler: (input) => … }],
 *     state: (device) => () => licensingStateXml(device),
 *   });
 *   const fleet = await startFleet({ devices: 2, extensions: [netconf] });
 *   netconf.netconfDevice(fleet.devices[0])?.registerRpc(…);   // more RPCs later
 *
 * IOS-XE also answers cisco-ia `save-config` (copy running-config startup-config). On IOS-XR, NETCONF locks and
 * CLI `configure exclusive` exclude each other: a NETCONF lock refuses `configure exclusive` and CLI commits, a
 * CLI exclusive session makes `<lock>` fail with session-id 0 and NETCONF commits fail with in-use.
 */
import { silentLogger, type Logger } from '../../log.js';
import { xmlElement } from '../../netconf/xml.js';
import type { PlatformId } from '../../platforms/types.js';
import type { ConfigStore } from '../device/config/store.js';
import { runtimeOf } from '../device/device-runtime.js';
import type { DeviceExtension } from '../device/extension.js';
import type { TimerHandle } from '../device/timers.js';
import type { EmulatedDevice } from '../device/types.js';
import { DeviceDatastore } from './binding/device-datastore.js';
import type { ConfigBinding } from './binding/config-binding.js';
import { iosXeBinding } from './binding/ios-xe-binding.js';
import { iosXrBinding } from './binding/ios-xr-binding.js';
import { NetconfDevice } from './device.js';
import { DEVICE_SCHEMA_HINTS, IOS_XE_YANG_MODULES, IOS_XR_YANG_MODULES } from './device-schema.js';
import { netconfProfileFor } from './profiles.js';
import { serveNetconf } from './server.js';
import type { ExternalLocks, RpcRegistration, StateProvider, Timers, YangModuleRef } from './types.js';

export interface NetconfExtensionOptions {
  /**
   * More RPCs for a device (e.g. the Smart Agent's register-id-token, de-register, renew-id, renew-auth), asked
   * once when the device starts. Handlers may look up per-device state when they run.
   */
  readonly rpcs?: (device: EmulatedDevice) => readonly RpcRegistration[];
  /** Operational state merged into `<get>` for a device, asked once when the device starts. */
  readonly state?: (device: EmulatedDevice) => StateProvider | undefined;
  /** Capability URIs announced besides the platform's (per device). */
  readonly capabilities?: (device: EmulatedDevice) => readonly string[];
  /** Default: none. */
  readonly logger?: Logger;
  /** Close a session that sends no hello within this time (default 60 s). */
  readonly helloTimeoutMs?: number;
}

export interface NetconfExtension extends DeviceExtension {
  /** The NETCONF side of a device started with this extension (to register RPCs, read locks, close sessions). */
  netconfDevice(device: EmulatedDevice): NetconfDevice | undefined;
}

export const CISCO_IA_NS = 'http://cisco.com/yang/cisco-ia';

function modulesOf(platform: PlatformId): readonly YangModuleRef[] {
  return platform === 'ios-xe' ? IOS_XE_YANG_MODULES : IOS_XR_YANG_MODULES;
}

function bindingOf(platform: PlatformId): ConfigBinding<unknown> {
  return (platform === 'ios-xe' ? iosXeBinding : iosXrBinding) as ConfigBinding<unknown>;
}

/** NETCONF confirmed-commit timers on the device clock (virtual under `ManualTimers`). */
function deviceTimers(device: EmulatedDevice): Timers {
  return {
    setTimeout: (callback, ms) => device.timers.setTimeout(callback, ms),
    clearTimeout: (handle) => (handle as TimerHandle).cancel(),
  };
}

/** Holder id NETCONF takes in the store's exclusive lock (CLI sessions are numbered from 1). */
const NETCONF_HOLDER = -1;

/** IOS-XR: NETCONF locks share the configuration's exclusive lock with CLI `configure exclusive`. */
function exclusiveLock(store: ConfigStore): ExternalLocks {
  let held = 0;
  return {
    acquire: () => {
      if (!store.lockExclusive(NETCONF_HOLDER)) return false;
      held++;
      return true;
    },
    release: () => {
      held = Math.max(0, held - 1);
      if (held === 0) store.releaseExclusive(NETCONF_HOLDER);
    },
  };
}

function lockedByCli(store: ConfigStore): () => string | undefined {
  return () => {
    const holder = store.exclusiveHolder;
    return holder !== undefined && holder !== NETCONF_HOLDER ? 'the configuration is locked by a CLI session (configure exclusive)' : undefined;
  };
}

/** cisco-ia `save-config`: copy running-config startup-config. */
function saveConfigRpc(device: EmulatedDevice): RpcRegistration {
  return {
    namespace: CISCO_IA_NS,
    name: 'save-config',
    handler: () => {
      runtimeOf(device).store.saveStartup('netconf');
      return [xmlElement('result', CISCO_IA_NS, 'Save running-config successful')];
    },
  };
}

export function netconfExtension(options: NetconfExtensionOptions = {}): NetconfExtension {
  const logger = options.logger ?? silentLogger;
  const devices = new WeakMap<EmulatedDevice, NetconfDevice>();

  const create = (device: EmulatedDevice): NetconfDevice => {
    const store = runtimeOf(device).store;
    const xr = device.platform === 'ios-xr';
    const running = new DeviceDatastore(device, bindingOf(device.platform), { logger, ...(xr ? { lockedOutside: lockedByCli(store) } : {}) });
    const state = options.state?.(device);
    const netconf = new NetconfDevice({
      profile: netconfProfileFor(device.platform),
      running,
      modules: modulesOf(device.platform),
      capabilities: options.capabilities?.(device) ?? [],
      schema: DEVICE_SCHEMA_HINTS,
      rpcs: [...(xr ? [] : [saveConfigRpc(device)]), ...(options.rpcs?.(device) ?? [])],
      ...(state === undefined ? {} : { state }),
      validate: (tree) => running.check(tree),
      ...(xr ? { externalLocks: exclusiveLock(store) } : {}),
      timers: deviceTimers(device),
      logger,
      name: device.name,
    });
    devices.set(device, netconf);
    return netconf;
  };
  const netconfOf = (device: EmulatedDevice): NetconfDevice => devices.get(device) ?? create(device);

  return {
    name: 'netconf',
    reboot: async (device) => {
      await devices.get(device)?.reset();
    },
    subsystems: {
      netconf: (channel, session) => {
        serveNetconf(channel, {
          device: netconfOf(session.device),
          peer: `${session.username}@${session.remoteAddress}`,
          user: session.username,
          faults: { next: () => session.device.faults.nextRequest(), drop: session.drop },
          ...(options.helloTimeoutMs === undefined ? {} : { helloTimeoutMs: options.helloTimeoutMs }),
        });
      },
    },
    attach: (device) => {
      const netconf = netconfOf(device);
      return () => {
        netconf.close();
        devices.delete(device);
      };
    },
    netconfDevice: (device) => devices.get(device),
  };
}
