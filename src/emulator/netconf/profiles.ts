/**
 * Datastore profiles of the emulated platforms (YANG-PATHS.md §9, from real hello captures):
 * IOS-XE 16.12 / 17.x on cBR-8 class platforms — writable running and candidate, validate, rollback-on-error, xpath,
 * no confirmed-commit; IOS-XR (6.x captures) — candidate only (edit, then commit), confirmed-commit 1.1, validate,
 * rollback-on-error, and no :xpath in the capture.
 */
import type { PlatformId } from '../../platforms/types.js';
import type { NetconfProfile } from './types.js';

export const IOS_XE_NETCONF_PROFILE: NetconfProfile = {
  name: 'ios-xe',
  writableRunning: true,
  candidate: true,
  confirmedCommit: false,
  startup: false,
  validate: true,
  rollbackOnError: true,
  xpath: true,
};

export const IOS_XR_NETCONF_PROFILE: NetconfProfile = {
  name: 'ios-xr',
  writableRunning: false,
  candidate: true,
  confirmedCommit: true,
  startup: false,
  validate: true,
  rollbackOnError: true,
  xpath: false,
};

export function netconfProfileFor(platform: PlatformId): NetconfProfile {
  return platform === 'ios-xe' ? IOS_XE_NETCONF_PROFILE : IOS_XR_NETCONF_PROFILE;
}
