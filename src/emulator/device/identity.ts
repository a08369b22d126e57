/**
 * What a device is: model, PID, serial number, software version and boot time. The Smart Agent builds its
 * UDI (`PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT`, seed 000:592) from this.
 */
import { randomInt } from 'node:crypto';
import { InvalidArgumentError } from '../../errors.js';
import type { DeviceModel } from '../../inventory/types.js';
import type { PlatformId } from '../../platforms/types.js';

export interface ModelProfile {
  readonly model: DeviceModel;
  readonly platform: PlatformId;
  /** Chassis product ID as the UDI prints it. */
  readonly pid: string;
  /** Serial number prefix (Cisco plant code): seed 000:592 `FXS…`, 001:630 `FOX…`, 004:494 `CAT…`. */
  readonly serialPrefix: string;
  readonly version: string;
  /** Inventory group the fleet puts devices of this model in, and the host-name stem (`cbr8-1`). */
  readonly group: string;
}

export const MODEL_PROFILES: Readonly<Record<DeviceModel, ModelProfile>> = {
  'cBR-8': {
    model: 'cBR-8',
    platform: 'ios-xe',
    pid: 'CBR-8-CCAP-CHASS',
    serialPrefix: 'FXS',
    version: '16.12.1z',
    group: 'cbr8',
  },
  'NCS-560': {
    model: 'NCS-560',
    platform: 'ios-xr',
    pid: 'NCS560-4',
    serialPrefix: 'FOX',
    version: '7.3.2',
    group: 'ncs560',
  },
  'NCS-1004': {
    model: 'NCS-1004',
    platform: 'ios-xr',
    pid: 'NCS1004',
    serialPrefix: 'CAT',
    version: '7.3.2',
    group: 'ncs1004',
  },
};

export const DEVICE_MODELS: readonly DeviceModel[] = ['cBR-8', 'NCS-560', 'NCS-1004'];

export function isDeviceModel(value: unknown): value is DeviceModel {
  return typeof value === 'string' && (DEVICE_MODELS as readonly string[]).includes(value);
}

export function modelProfile(model: string): ModelProfile {
  if (!isDeviceModel(model)) {
    throw new InvalidArgumentError('model', `unknown model "${model}" (expected one of ${DEVICE_MODELS.join(', ')})`);
  }
  return MODEL_PROFILES[model];
}

/** The models of a platform, in catalogue order. */
export function modelsOf(platform: PlatformId): readonly DeviceModel[] {
  return DEVICE_MODELS.filter((m) => MODEL_PROFILES[m].platform === platform);
}

export interface DeviceIdentity {
  readonly model: DeviceModel;
  readonly platform: PlatformId;
  readonly pid: string;
  readonly serial: string;
  readonly version: string;
  /** Epoch ms of the (emulated) last boot, on the device's clock. */
  readonly bootTime: number;
}

export function udiOf(identity: DeviceIdentity): string {
  return `PID:${identity.pid},SN:${identity.serial}`;
}

const SERIAL_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const SERIAL = /^[A-Z]{3}\d{4}[A-Z0-9]{4}$/;
const issuedSerials = new Set<string>();

/**
 * A serial number of the Cisco shape `PPPYYWWSSSS` (plant, year code = year − 1996, week, 4 characters),
 * unique within this process.
 */
export function allocateSerial(prefix: string): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const year = randomInt(17, 28);
    const week = randomInt(1, 53);
    let tail = '';
    for (let i = 0; i < 4; i++) tail += SERIAL_CHARS[randomInt(SERIAL_CHARS.length)];
    const serial = `${prefix}${String(year).padStart(2, '0')}${String(week).padStart(2, '0')}${tail}`;
    if (!issuedSerials.has(serial)) {
      issuedSerials.add(serial);
      return serial;
    }
  }
  throw new InvalidArgumentError('serial', `cannot allocate a unique serial number with prefix ${prefix}`);
}

/** Reserves a caller-chosen serial so that generated ones never collide with it. */
export function reserveSerial(serial: string): string {
  if (!SERIAL.test(serial)) {
    throw new InvalidArgumentError('serial', `"${serial}" is not a Cisco serial number (e.g. FXS1739Q0NT)`);
  }
  issuedSerials.add(serial);
  return serial;
}
