/**
 * Where each platform models Smart Licensing in YANG (YANG-PATHS.md §4, §8): the namespace of the actions
 * (register-id-token, renew-id, renew-auth, de-register), the container that holds the Smart Agent state, and how
 * an action answers. The driver builds its RPCs and state filters from this, the emulator serves the same.
 *
 * - IOS-XE `cisco-smart-license` (17.12.1: rev 2021-03-01): RPCs and `/licensing/state` in one module; an action
 *   answers `<return-code>` (error-enum of the cisco-smart-license-errors submodule).
 * - IOS-XR `Cisco-IOS-XR-smart-license-act` (7.4.1+) for the actions, answering `<response>` with
 *   `<operation-status>` (success | failed) and `<return-code>`; the state in
 *   `Cisco-IOS-XR-infra-smartlicense-oper` under `/smart-agent/licensing/state`.
 */
import type { PlatformId } from './types.js';

export const XE_SMART_LICENSE_NS = 'http://cisco.com/ns/yang/cisco-smart-license';
export const XR_SMART_LICENSE_ACT_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-act';
export const XR_SMART_LICENSE_OPER_NS = 'http://cisco.com/ns/yang/Cisco-IOS-XR-infra-smartlicense-oper';

/** The actions, named as both platforms' modules name them. */
export type SmartLicenseAction = 'register-id-token' | 'renew-id' | 'renew-auth' | 'de-register';

export const SMART_LICENSE_ACTIONS: readonly SmartLicenseAction[] = ['register-id-token', 'renew-id', 'renew-auth', 'de-register'];

export interface SmartLicenseYang {
  readonly platform: PlatformId;
  /** Module and namespace of the actions. */
  readonly actionModule: string;
  readonly actionNamespace: string;
  /** Module and namespace of the Smart Agent state (config false). */
  readonly stateModule: string;
  readonly stateNamespace: string;
  /** Element names from the module's top-level container down to `state`. */
  readonly statePath: readonly string[];
  /** `return-code`: the output is `<return-code>` (IOS-XE); `response`: `<response><operation-status/><return-code/>` (IOS-XR). */
  readonly output: 'return-code' | 'response';
  /** The `register-id-token` `id-token` length the module allows. */
  readonly idTokenMaxLength: number;
}

export const SMART_LICENSE_YANG: Readonly<Record<PlatformId, SmartLicenseYang>> = {
  'ios-xe': {
    platform: 'ios-xe',
    actionModule: 'cisco-smart-license',
    actionNamespace: XE_SMART_LICENSE_NS,
    stateModule: 'cisco-smart-license',
    stateNamespace: XE_SMART_LICENSE_NS,
    statePath: ['licensing', 'state'],
    output: 'return-code',
    idTokenMaxLength: 255,
  },
  'ios-xr': {
    platform: 'ios-xr',
    actionModule: 'Cisco-IOS-XR-smart-license-act',
    actionNamespace: XR_SMART_LICENSE_ACT_NS,
    stateModule: 'Cisco-IOS-XR-infra-smartlicense-oper',
    stateNamespace: XR_SMART_LICENSE_OPER_NS,
    statePath: ['smart-agent', 'licensing', 'state'],
    output: 'response',
    idTokenMaxLength: 255,
  },
};

/** `/module:container/…/state`, for messages and reports. */
export function smartLicenseStatePath(platform: PlatformId): string {
  const yang = SMART_LICENSE_YANG[platform];
  return `/${yang.stateModule}:${yang.statePath.join('/')}`;
}
