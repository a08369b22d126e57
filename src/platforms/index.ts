import { PlatformError } from '../errors.js';
import { iosXe } from './ios-xe.js';
import { iosXr } from './ios-xr.js';
import type { Dialect, PlatformId } from './types.js';

export type { Dialect, PlatformId, PromptMatch, FailureIndicator, Confirmation, ConfigDialect } from './types.js';
export { PLATFORM_IDS, isPlatformId } from './types.js';
export { iosXe, iosXr };

const DIALECTS: Readonly<Record<PlatformId, Dialect>> = { 'ios-xe': iosXe, 'ios-xr': iosXr };

export function getDialect(id: PlatformId): Dialect {
  const dialect = DIALECTS[id];
  if (dialect === undefined) throw new PlatformError(`unknown platform "${String(id)}" (expected ios-xe or ios-xr)`);
  return dialect;
}

/** Picks the platform from `show version` output, or null when neither signature matches. */
export function detectPlatform(showVersion: string): PlatformId | null {
  // IOS-XR first: XR's show version never mentions IOS-XE, while some XE outputs mention "IOS Software".
  if (iosXr.versionSignature.test(showVersion)) return 'ios-xr';
  if (iosXe.versionSignature.test(showVersion)) return 'ios-xe';
  return null;
}
