import { PlatformError } from '../errors.js';
import { iosXe } from './ios-xe.js';
import { iosXr } from './ios-xr.js';
import type { Dialect, PlatformId } from './types.js';

export type {
  Dialect,
  PlatformId,
  PromptMatch,
  FailureIndicator,
  Confirmation,
  ConfigDialect,
  PrivilegeEscalation,
} from './types.js';
export { PLATFORM_IDS, isPlatformId } from './types.js';
export {
  SMART_LICENSE_YANG,
  SMART_LICENSE_ACTIONS,
  XE_SMART_LICENSE_NS,
  XR_SMART_LICENSE_ACT_NS,
  XR_SMART_LICENSE_OPER_NS,
  smartLicenseStatePath,
  type SmartLicenseYang,
  type SmartLicenseAction,
} from './smart-license-yang.js';
export {
  XE_NATIVE_NS,
  XE_CALL_HOME_NS,
  XE_HTTP_NS,
  XE_CRYPTO_NS,
  XR_UM_CALL_HOME_NS,
  XR_UM_DOMAIN_NS,
  XR_UM_HTTP_CLIENT_NS,
  XR_UM_CRYPTO_NS,
  XR_SMART_LICENSE_CFG_NS,
} from './licensing-config-yang.js';
export { iosXe, iosXr };

const DIALECTS: Readonly<Record<PlatformId, Dialect>> = { 'ios-xe': iosXe, 'ios-xr': iosXr };

export function getDialect(id: PlatformId): Dialect {
  const dialect = DIALECTS[id];
  if (dialect === undefined) throw new PlatformError(`unknown platform "${String(id)}" (expected ios-xe or ios-xr)`);
  return dialect;
}

/**
 * Matches the prompt of any known platform at the end of the output: what a session waits for before it knows
 * the platform (then `show version` decides, see `detectPlatform`).
 */
export const anyPromptAtEnd: RegExp = new RegExp(
  Object.values(DIALECTS)
    .map((d) => `(?:${d.promptAtEnd.source})`)
    .join('|'),
);

/** The pager every known platform uses (`--More--`, space for the next page). */
export const anyPager: Dialect['pager'] = iosXe.pager;

/** Picks the platform from `show version` output, or null when neither signature matches. */
export function detectPlatform(showVersion: string): PlatformId | null {
  // IOS-XR first: XR's show version never mentions IOS-XE, while some XE outputs mention "IOS Software".
  if (iosXr.versionSignature.test(showVersion)) return 'ios-xr';
  if (iosXe.versionSignature.test(showVersion)) return 'ios-xe';
  return null;
}
