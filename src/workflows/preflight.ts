/**
 * Onboarding pre-flight checks as pure functions over what the device printed: platform and release from
 * `show version`, the device clock from `show clock`, name servers from the running configuration, and the
 * licensing mode from the status snapshot.
 */
import { deviceTimeMs, parseDeviceTime } from '../parsers/device-time.js';
import { detectPlatform, getDialect } from '../platforms/index.js';
import type { PlatformId } from '../platforms/types.js';
import type { LicensingSnapshot } from '../licensing/snapshot.js';
import type { LicensingMode } from '../licensing/types.js';

export interface PlatformCheck {
  /** What `show version` says (null: neither signature matched). */
  readonly detected: PlatformId | null;
  readonly release: string | null;
  /** Empty when the session's platform and `show version` agree. */
  readonly problem: string | null;
}

export function checkPlatform(showVersion: string, sessionPlatform: PlatformId): PlatformCheck {
  const detected = detectPlatform(showVersion);
  const release = getDialect(detected ?? sessionPlatform).versionPattern.exec(showVersion)?.[1] ?? null;
  if (detected === null) return { detected, release, problem: 'show version names neither IOS-XE nor IOS-XR' };
  if (detected !== sessionPlatform) return { detected, release, problem: `show version says ${detected} but the session was opened as ${sessionPlatform}` };
  return { detected, release, problem: null };
}

/**
 * Device clock minus our clock, ms, from `show clock` (`*08:09:28.123 UTC Wed Mar 13 2024`; the leading `*`
 * means the clock is not synchronised); null when the output carries no full date and zone.
 */
export function clockSkew(showClock: string, now: number): number | null {
  for (const line of showClock.split(/\r?\n/)) {
    // An IOS-XR exec timestamp line left in the output has no year: skipped, the clock line follows.
    const at = /\d{1,2}:\d{2}:\d{2}/.test(line) ? deviceTimeMs(parseDeviceTime(line.trim().replace(/^[*.]/, ''))) : null;
    if (at !== null) return at - now;
  }
  return null;
}

/** Whether the running configuration names a DNS server (`ip name-server`, IOS-XR `domain name-server`). */
export function hasNameServer(runningConfig: string): boolean {
  return /^\s*(?:ip|domain)\s+name-server\s+(?:vrf\s+\S+\s+)?\S+/m.test(runningConfig);
}

export interface LicensingCheck {
  readonly mode: LicensingMode | 'unknown';
  /** A reason the device cannot be onboarded with an ID token as it is, or null. */
  readonly problem: string | null;
  /** Whether configuration (an intent) could fix the problem. */
  readonly configurable: boolean;
}

/**
 * `classic` devices register with `license smart register idtoken`. Smart Licensing Using Policy devices establish
 * trust (`license smart trust idtoken`) instead, and traditional licensing has no Smart Agent: both are refused
 * unless listed in `accept`.
 */
export function checkLicensing(snapshot: LicensingSnapshot, accept: readonly LicensingMode[]): LicensingCheck {
  const mode = snapshot.mode ?? 'unknown';
  if (mode !== 'unknown' && !accept.includes(mode)) {
    const why = mode === 'slp' ? 'the device uses Smart Licensing Using Policy (trust is established with `license smart trust idtoken`, not registration)' : `the device uses ${mode} licensing`;
    return { mode, problem: `${why}; accepted modes: ${accept.join(', ')}`, configurable: false };
  }
  if (snapshot.smartLicensing === 'disabled') return { mode, problem: 'Smart Licensing is disabled', configurable: true };
  return { mode, problem: null, configurable: false };
}
