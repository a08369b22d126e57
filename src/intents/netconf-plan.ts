/**
 * Pure: licensing intents over NETCONF. The device's configuration is read from a `<get-config>` reply into the
 * same `LicensingConfig` the CLI reader produces, the same planner decides the minimal change (so check mode
 * reports the same `ConfigDiff`), and the change is written as the `<edit-config>` content that turns the
 * current configuration into the planned one: leaves set, and what the CLI would take back with `no …` deleted
 * (`nc:operation="delete"`, or a list written whole with `replace`). Nothing changes → no configuration at all.
 *
 *   const current = readNetconfLicensingConfig(await client.getConfig('running', { filter: NETCONF_LICENSING_FILTERS[platform] }), platform);
 *   const plan = planNetconfChange(current, intent);          // plan.diff, plan.config (XmlNode[], empty = nothing to send)
 */
import { InvalidArgumentError, InvalidIntentError, PlatformError, type FieldIssue } from '../errors.js';
import { renderXml, type XmlNode } from '../netconf/xml.js';
import type { PlatformId } from '../platforms/types.js';
import { configAfterEdits } from './config-after-edits.js';
import { platformDefaultConfig, type LicensingConfig } from './licensing-config.js';
import { IOS_XE_LICENSING_FILTER, iosXeTransition, readIosXeNetconfConfig } from './netconf-ios-xe.js';
import { IOS_XR_LICENSING_FILTER, iosXrTransition, readIosXrNetconfConfig } from './netconf-ios-xr.js';
import { planEdits, type PlanContext } from './plan-edits.js';
import { diffOf, type ConfigDiff, type PlannedEdit } from './planned-edit.js';
import { resolveIntent, type ResolvedIntent } from './resolve-intent.js';
import { CISCO_TAC_PROFILE, type LicensingIntent } from './types.js';
import { validateIntent } from './validate-intent.js';

/** The `<get-config>` subtree filter selecting each platform's licensing configuration. */
export const NETCONF_LICENSING_FILTERS: Readonly<Record<PlatformId, string>> = {
  'ios-xe': IOS_XE_LICENSING_FILTER,
  'ios-xr': IOS_XR_LICENSING_FILTER,
};

/** Reads the licensing configuration out of a `<get-config>` reply's `<data>` children. */
export function readNetconfLicensingConfig(data: readonly XmlNode[], platform: PlatformId): LicensingConfig {
  return platform === 'ios-xe' ? readIosXeNetconfConfig(data) : readIosXrNetconfConfig(data);
}

/**
 * The `<edit-config>` content (top-level elements) that turns `from` into `to`, both as the NETCONF reader reads
 * them; empty when they read the same. `PlatformError` when the models cannot say part of `to`.
 */
export function renderConfigTransition(from: LicensingConfig, to: LicensingConfig): XmlNode[] {
  if (from.platform !== to.platform) throw new InvalidArgumentError('to', `is an ${to.platform} configuration, not ${from.platform}`);
  return from.platform === 'ios-xe' ? iosXeTransition(from, to) : iosXrTransition(from, to);
}

/**
 * What an intent asks that the platform's NETCONF models cannot say (one issue per field): IOS-XE has no node for
 * a CA certificate, the preferred message format or `no service call-home`, and keeps CiscoTAC-1's transport as
 * one value (HTTP or e-mail, not both).
 */
export function netconfIntentIssues(intent: LicensingIntent, platform: PlatformId): FieldIssue[] {
  if (platform !== 'ios-xe') return [];
  const issues: FieldIssue[] = [];
  const callHome = intent.callHome;
  if (intent.trust?.trustpoint?.caCertificatePem !== undefined) {
    issues.push({
      pointer: '/trust/trustpoint/caCertificatePem',
      message:
        'IOS-XE has no NETCONF node for a CA certificate (crypto pki authenticate is an exec command): import it over the CLI (transport cli), or authenticate the trustpoint on the device and leave caCertificatePem out',
    });
  }
  if (callHome?.profile?.preferredMessageFormat !== undefined) {
    issues.push({
      pointer: '/callHome/profile/preferredMessageFormat',
      message: 'Cisco-IOS-XE-call-home has no preferred-msg-format node: leave it out (profiles send XML by default) or use transport cli',
    });
  }
  if (callHome?.serviceActive === false) {
    issues.push({ pointer: '/callHome/serviceActive', message: 'Cisco-IOS-XE-native models service call-home as an empty leaf only: no service call-home needs transport cli' });
  }
  if ((callHome?.profile?.name ?? CISCO_TAC_PROFILE) === CISCO_TAC_PROFILE && callHome?.profile?.emailTransport === true) {
    issues.push({
      pointer: '/callHome/profile/emailTransport',
      message: `${CISCO_TAC_PROFILE}'s transport-method is one value in Cisco-IOS-XE-call-home: it cannot send over HTTP and e-mail at once`,
    });
  }
  if (callHome?.defaultProfile?.emailTransport === true) {
    issues.push({
      pointer: '/callHome/defaultProfile/emailTransport',
      message: `${CISCO_TAC_PROFILE}'s transport-method is one value in Cisco-IOS-XE-call-home: turning its e-mail transport on beside HTTP needs transport cli`,
    });
  }
  return issues;
}

/** Validates an intent for NETCONF on `platform`: the intent itself, then what the models can say. */
export function validateNetconfIntent(value: unknown, platform: PlatformId): LicensingIntent {
  const intent = validateIntent(value, platform);
  const issues = netconfIntentIssues(intent, platform);
  if (issues.length > 0) throw new InvalidIntentError(issues);
  return intent;
}

/**
 * IOS-XR has no node for the `xml` message format, the default: a profile showing neither short-text nor
 * long-text already sends XML, so asking for XML changes nothing there.
 */
function reachableDesired(current: LicensingConfig, desired: ResolvedIntent): ResolvedIntent {
  const callHome = desired.callHome;
  if (current.platform !== 'ios-xr' || callHome?.profile.messageFormat !== 'xml') return desired;
  const profile = current.callHome?.profiles.find((p) => p.name === callHome.profile.name);
  if ((profile?.messageFormat ?? null) !== null) return desired;
  return { ...desired, callHome: { ...callHome, profile: { ...callHome.profile, messageFormat: null } } };
}

/** The edits that bring `current` (as read over NETCONF) to `desired`; empty when it already matches. */
export function planNetconfEdits(current: LicensingConfig, desired: ResolvedIntent, context: PlanContext = {}): PlannedEdit[] {
  return planEdits(current, reachableDesired(current, desired), context);
}

export interface NetconfConfigPlan {
  /** The intent with its defaults applied. */
  readonly desired: ResolvedIntent;
  readonly edits: readonly PlannedEdit[];
  readonly diff: ConfigDiff;
  /** The configuration once the change is made. */
  readonly target: LicensingConfig;
  /** The `<edit-config>` `<config>` content; empty when nothing changes. */
  readonly config: readonly XmlNode[];
}

/** Validates `intent` for NETCONF on the platform of `current` and plans the minimal change to it. */
export function planNetconfChange(current: LicensingConfig, intent: LicensingIntent, context: PlanContext = {}): NetconfConfigPlan {
  validateNetconfIntent(intent, current.platform);
  const desired = resolveIntent(intent);
  const edits = planNetconfEdits(current, desired, context);
  const target = configAfterEdits(current, edits);
  const config = edits.length === 0 ? [] : renderConfigTransition(current, target);
  if (edits.length > 0 && config.length === 0) {
    throw new PlatformError(`the change has no NETCONF form in the ${current.platform} models: ${edits.map((e) => e.command).join(' | ')}`);
  }
  return { desired, edits, diff: diffOf(edits), target, config };
}

export interface NetconfRenderOptions extends PlanContext {
  /** The device's configuration as read over NETCONF (default: the platform's out-of-the-box configuration). */
  readonly current?: LicensingConfig;
}

/** The `<edit-config>` `<config>` content, as XML text, that establishes `intent` on a device of `platform` ('' when nothing changes). */
export function renderIntentNetconf(intent: LicensingIntent, platform: PlatformId, options: NetconfRenderOptions = {}): string {
  const current = options.current ?? platformDefaultConfig(platform);
  if (current.platform !== platform) throw new InvalidArgumentError('current', `is an ${current.platform} configuration, not ${platform}`);
  const config = planNetconfChange(current, intent, options).config;
  return config.length === 0 ? '' : renderXml(config);
}
