/** The exec commands the workflows send through `LicensingDevice.send`, per platform where they differ. */
import type { PlatformId } from '../platforms/types.js';

export const SHOW_VERSION = 'show version';
export const SHOW_CLOCK = 'show clock';
/** IOS-XE `ip name-server …`, IOS-XR `domain name-server …` (000:46-99, 004:158-248). */
export const SHOW_NAME_SERVERS = 'show running-config | include name-server';
export const SHOW_LICENSE_UDI = 'show license udi';
export const SHOW_LICENSE_ALL = 'show license all';
/** `SMART_LIC` matches both `%SMART_LIC-…` (IOS-XE) and `%LICENSE-SMART_LIC-…` (IOS-XR, 004:639). */
export const SHOW_LICENSING_SYSLOG = 'show logging | include SMART_LIC';

/** The licensing configuration: the call-home section (IOS-XR has no `| section`; it names the section) and `license` lines. */
export function licensingConfigCommands(platform: PlatformId): readonly string[] {
  return platform === 'ios-xr'
    ? ['show running-config call-home', 'show running-config | include license']
    : ['show running-config | section call-home', 'show running-config | include license'];
}
