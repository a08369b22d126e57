/**
 * `startFleet()`: many emulated devices in one process sharing one host key set and one compiled grammar per
 * platform, plus the inventory (the DESIGN.md "Contracts" shape) that points real clients at them.
 */
import { InvalidArgumentError } from '../../errors.js';
import type { DeviceModel, Inventory, InventoryHost } from '../../inventory/types.js';
import type { PlatformId } from '../../platforms/types.js';
import { startDevice } from './device.js';
import type { DeviceExtension } from './extension.js';
import { generateHostKeys, type HostKeySet } from './host-key.js';
import { DEVICE_MODELS, MODEL_PROFILES, modelProfile, modelsOf } from './identity.js';
import type { Timers } from './timers.js';
import type { DeviceUser, EmulatedDevice } from './types.js';

export type FleetPlatform = PlatformId | 'mixed';

export interface FleetOptions {
  readonly devices: number;
  /** Default `mixed`. */
  readonly platform?: FleetPlatform;
  /** Models to cycle through (default: every model of the platform). */
  readonly models?: readonly DeviceModel[];
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** First port; devices get consecutive ports (two each when they serve NETCONF). Default: any free ports. */
  readonly basePort?: number;
  readonly users?: readonly DeviceUser[];
  readonly hostKeys?: HostKeySet;
  readonly timers?: Timers;
  readonly extensions?: readonly DeviceExtension[];
  /** Newest command-log entries each device keeps (default 10000). */
  readonly commandLogLimit?: number;
  readonly onError?: (error: unknown) => void;
}

export interface Fleet {
  readonly devices: readonly EmulatedDevice[];
  device(name: string): EmulatedDevice | undefined;
  /** The inventory of the running fleet (hosts, groups by model). */
  inventory(): Inventory;
  close(): Promise<void>;
}

const MAX_DEVICES = 20_000;
const START_CONCURRENCY = 64;

export function fleetModels(platform: FleetPlatform, models: readonly DeviceModel[] | undefined): readonly DeviceModel[] {
  if (platform !== 'mixed' && platform !== 'ios-xe' && platform !== 'ios-xr') {
    throw new InvalidArgumentError('platform', `"${String(platform)}" (expected ios-xe, ios-xr or mixed)`);
  }
  if (models === undefined || models.length === 0) return platform === 'mixed' ? DEVICE_MODELS : modelsOf(platform);
  for (const model of models) {
    const profile = modelProfile(model);
    if (platform !== 'mixed' && profile.platform !== platform) {
      throw new InvalidArgumentError('models', `${model} is an ${profile.platform} model, not ${platform}`);
    }
  }
  return models;
}

class RunningFleet implements Fleet {
  constructor(readonly devices: readonly EmulatedDevice[]) {}

  device(name: string): EmulatedDevice | undefined {
    return this.devices.find((d) => d.name === name);
  }

  inventory(): Inventory {
    const hosts: Record<string, InventoryHost> = {};
    const groups: Record<string, string[]> = {};
    for (const device of this.devices) {
      const user = device.users.find((u) => u.password !== undefined) ?? device.users[0];
      hosts[device.name] = {
        host: device.host,
        port: device.port,
        ...(device.netconfPort === undefined ? {} : { netconfPort: device.netconfPort }),
        platform: device.platform,
        model: device.model,
        ...(user === undefined ? {} : { username: user.username }),
        ...(user?.password === undefined ? {} : { password: user.password }),
        hostKey: device.hostKeyFingerprint,
      };
      const group = MODEL_PROFILES[device.model].group;
      (groups[group] ??= []).push(device.name);
    }
    return { hosts, groups, vars: {} };
  }

  async close(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.close()));
  }
}

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const count = options.devices;
  if (!Number.isInteger(count) || count < 1 || count > MAX_DEVICES) {
    throw new InvalidArgumentError('devices', `must be an integer 1-${MAX_DEVICES}, got ${String(count)}`);
  }
  const models = fleetModels(options.platform ?? 'mixed', options.models);
  const hostKeys = options.hostKeys ?? generateHostKeys();
  const extensions = options.extensions ?? [];
  const portsPerDevice = extensions.some((e) => e.subsystems?.['netconf'] !== undefined) ? 2 : 1;
  if (options.basePort !== undefined) {
    const last = options.basePort + count * portsPerDevice - 1;
    if (!Number.isInteger(options.basePort) || options.basePort < 1 || last > 65535) {
      throw new InvalidArgumentError('basePort', `${options.basePort} + ${count * portsPerDevice} ports exceeds 65535`);
    }
  }
  const perModel = new Map<DeviceModel, number>();
  const specs = Array.from({ length: count }, (_, i) => {
    const model = models[i % models.length] ?? 'cBR-8';
    const n = (perModel.get(model) ?? 0) + 1;
    perModel.set(model, n);
    const base = options.basePort === undefined ? undefined : options.basePort + i * portsPerDevice;
    return {
      name: `${MODEL_PROFILES[model].group}-${n}`,
      model,
      ...(options.host === undefined ? {} : { host: options.host }),
      ...(options.users === undefined ? {} : { users: options.users }),
      ...(base === undefined ? {} : { port: base, netconfPort: base + 1 }),
    };
  });
  const devices: EmulatedDevice[] = new Array(count);
  let next = 0;
  let failure: unknown;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < specs.length) {
      const index = next++;
      const spec = specs[index];
      if (spec === undefined) return;
      try {
        devices[index] = await startDevice(spec, {
          hostKeys,
          extensions,
          ...(options.timers === undefined ? {} : { timers: options.timers }),
          ...(options.commandLogLimit === undefined ? {} : { commandLogLimit: options.commandLogLimit }),
          ...(options.onError === undefined ? {} : { onError: options.onError }),
        });
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(START_CONCURRENCY, count) }, worker));
  if (failure !== undefined) {
    await Promise.all(devices.filter(Boolean).map((d) => d.close()));
    throw failure;
  }
  return new RunningFleet(devices);
}
