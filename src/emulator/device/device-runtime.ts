/**
 * The inside of a device that sessions and built-in commands work with: platform, grammar, configuration
 * store, identity, logs. Extensions get the public `EmulatedDevice`; built-in commands reach the runtime from it
 * with `runtimeOf(ctx.device)`.
 */
import { PlatformError } from '../../errors.js';
import type { CommandSet } from './cli/command-set.js';
import type { CommandLog } from './command-log.js';
import type { ConfigStore } from './config/store.js';
import type { FaultKnobs } from './faults.js';
import type { DeviceIdentity } from './identity.js';
import type { EmulatorPlatform } from './platforms/platform.js';
import type { SyslogBuffer } from './syslog.js';
import type { Timers } from './timers.js';
import type { DeviceUser, EmulatedDevice } from './types.js';

export interface DeviceRuntime {
  readonly handle: EmulatedDevice;
  readonly platform: EmulatorPlatform;
  readonly identity: DeviceIdentity;
  readonly store: ConfigStore;
  readonly commandLog: CommandLog;
  readonly syslog: SyslogBuffer;
  readonly faults: FaultKnobs;
  readonly timers: Timers;
  readonly users: readonly DeviceUser[];
  /** IOS-XE `enable` password for users below privilege 15 (none: `enable` needs no password). */
  readonly enableSecret: string | undefined;
  /** The current grammar (platform + extensions + device registrations). */
  commandSet(): CommandSet;
  hostname(): string;
  nextSessionId(): number;
  /** Session ids of the open CLI sessions (IOS-XR `configure exclusive` bookkeeping). */
  readonly openSessions: Set<number>;
}

const runtimes = new WeakMap<EmulatedDevice, DeviceRuntime>();

export function bindRuntime(runtime: DeviceRuntime): void {
  runtimes.set(runtime.handle, runtime);
}

export function runtimeOf(device: EmulatedDevice): DeviceRuntime {
  const runtime = runtimes.get(device);
  if (runtime === undefined) throw new PlatformError('not an emulated device started by startDevice()');
  return runtime;
}

/** What the running-configuration header needs, from the runtime. */
export function configMetaOf(rt: DeviceRuntime): import('./platforms/platform.js').ConfigMeta & { readonly bootTime: number } {
  const { lastChange, lastSave } = rt.store;
  return {
    version: rt.identity.version,
    bootTime: rt.identity.bootTime,
    ...(lastChange === undefined ? {} : { lastChange }),
    ...(lastSave === undefined ? {} : { lastSave }),
  };
}
