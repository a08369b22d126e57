import type { PlatformId } from '../../../platforms/types.js';
import type { EmulatorPlatform } from './platform.js';
import { iosXeEmulation } from './xe.js';
import { iosXrEmulation } from './xr.js';

export type { EmulatorPlatform, ConfigMeta } from './platform.js';
export { iosXeEmulation, iosXrEmulation };

const PLATFORMS: Readonly<Record<PlatformId, EmulatorPlatform>> = { 'ios-xe': iosXeEmulation, 'ios-xr': iosXrEmulation };

export function emulatorPlatform(id: PlatformId): EmulatorPlatform {
  return PLATFORMS[id];
}
