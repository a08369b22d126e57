/**
 * Pure: the Smart Agent state a device serves over NETCONF (IOS-XE `/cisco-smart-license:licensing/state`, IOS-XR
 * `/Cisco-IOS-XR-infra-smartlicense-oper:smart-agent/licensing/state`, YANG-PATHS.md §4 and §8) as the same
 * `LicenseReport` the `show license status` parser gives, so the licensing state, the domain snapshot and the
 * operations' decision rules (operation-progress.ts) read both transports alike.
 *
 * The two models name the same things with different prefixes (`reg-state-complete` / `complete`,
 * `enforcement-waiting` / `waiting`); both are read through one vocabulary after the prefix is dropped. `statusRaw`,
 * `resultRaw` and every time's `raw` keep the device's words. Attempts:
 * - Initial Registration: `registration-complete/complete-time` (succeeded), `registration-in-progress/start-time`
 *   (pending), `registration-failed` / `registration-retry` `fail-time` + `fail-message` (failed);
 * - Last Renewal Attempt (ID certificate): `registration-complete/last-renew-time` + `last-renew-success`
 *   (+ `fail-message`);
 * - Last Communication Attempt (authorization): `last-comm-time` + `last-comm-status-success` (+ `fail-message`),
 *   on IOS-XR inside `authorization-info`.
 *
 * [INF] `auth-state-none` / `none` ("no license in use") while registered with entitlements still
 * `waiting` is read as `authorization-pending`: the agent has asked CSSM and holds no answer yet.
 */
import type { AttemptResult, AuthorizationStatus, EntitlementStatus, ExportControl, FeatureState, RegistrationStatus, TransportType } from '../../licensing/types.js';
import { findChild, findChildren, selectPath, type XmlNode } from '../../netconf/xml.js';
import { parseDeviceTime, type DeviceTime } from '../../parsers/device-time.js';
import type {
  Attempt,
  AuthorizationInfo,
  Entitlement,
  EvaluationInfo,
  LicenseReport,
  LicenseReportKind,
  RegistrationInfo,
  TransportInfo,
  Udi,
} from '../../parsers/types.js';
import { SMART_LICENSE_YANG, smartLicenseStatePath } from '../../platforms/smart-license-yang.js';
import type { PlatformId } from '../../platforms/types.js';

const REGISTRATION: Readonly<Record<string, RegistrationStatus>> = {
  'not-registered': 'unregistered',
  complete: 'registered',
  'in-progress': 'registering',
  retry: 'registration-failed',
  failed: 'registration-failed',
  'not-supported': 'unknown',
};

const AUTHORIZATION: Readonly<Record<string, AuthorizationStatus>> = {
  none: 'no-licenses-in-use',
  eval: 'evaluation',
  'eval-expired': 'evaluation-expired',
  authorized: 'authorized',
  'authorized-reservation': 'authorized',
  'out-of-compliance': 'out-of-compliance',
  'authorization-expired': 'authorization-expired',
  'authorization-not-authorized': 'not-authorized',
};

const ENFORCEMENT: Readonly<Record<string, EntitlementStatus>> = {
  waiting: 'waiting',
  'in-compliance': 'authorized',
  'out-of-compliance': 'out-of-compliance',
  overage: 'out-of-compliance',
  evaluation: 'evaluation',
  'evaluation-expired': 'evaluation-expired',
  'authorization-expired': 'authorization-expired',
  'reservation-in-compliance': 'reserved',
  'invalid-tag': 'invalid',
  disabled: 'disabled',
  'in-use': 'in-use',
  'not-in-use': 'not-in-use',
  'not-authorized': 'not-authorized',
  'mode-invalid': 'invalid',
  'mode-init': 'waiting',
  'not-applicable': 'not-applicable',
};

const TRANSPORT: Readonly<Record<string, TransportType>> = {
  callhome: 'callhome',
  smart: 'smart',
  cslu: 'cslu',
  clsu: 'cslu',
  off: 'off',
  'transport-off': 'off',
  automatic: 'automatic',
};

function word(table: Readonly<Record<string, string>>, raw: string, prefix: RegExp): string | undefined {
  const key = raw.trim().replace(prefix, '');
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Reads children of one namespace by path. */
class StateNode {
  constructor(
    readonly node: XmlNode,
    readonly ns: string,
  ) {}

  child(...path: string[]): StateNode | undefined {
    let current: XmlNode | undefined = this.node;
    for (const name of path) {
      current = current === undefined ? undefined : findChild(current, name, this.ns);
    }
    return current === undefined ? undefined : new StateNode(current, this.ns);
  }

  children(name: string): StateNode[] {
    return findChildren(this.node, name, this.ns).map((n) => new StateNode(n, this.ns));
  }

  text(...path: string[]): string | undefined {
    const node = this.child(...path);
    return node === undefined ? undefined : node.node.text.trim();
  }

  time(...path: string[]): DeviceTime | undefined {
    const text = this.text(...path);
    if (text === undefined || text === '') return undefined;
    return parseDeviceTime(text) ?? { raw: text, iso: null, local: null, zone: null, offsetMinutes: null };
  }

  flag(...path: string[]): boolean | undefined {
    const text = this.text(...path);
    if (text === 'true' || text === 'yes') return true;
    if (text === 'false' || text === 'no') return false;
    return undefined;
  }
}

function attempt(result: AttemptResult, resultRaw: string, at: DeviceTime | undefined, failureReason?: string): Attempt {
  return {
    result,
    resultRaw,
    ...(at === undefined ? {} : { at }),
    ...(failureReason === undefined || failureReason === '' ? {} : { failureReason }),
  };
}

/** An attempt told by a success flag, a time and a failure message (renewals, communication). */
function flaggedAttempt(node: StateNode | undefined, flagName: string, timeName: string): Attempt | undefined {
  if (node === undefined) return undefined;
  const success = node.flag(flagName);
  const at = node.time(timeName);
  if (success === undefined && at === undefined) return undefined;
  const raw = node.text(flagName);
  const result: AttemptResult = success === undefined ? 'unknown' : success ? 'succeeded' : 'failed';
  return attempt(result, raw === undefined ? timeName : `${flagName}=${raw}`, at, success === false ? node.text('fail-message') : undefined);
}

function exportControl(reg: StateNode): { exportControlled?: ExportControl; exportControlledRaw?: string } {
  const status = reg.text('export-control-status');
  if (status !== undefined) {
    const value: ExportControl = status === 'allowed' ? 'allowed' : status === 'not-allowed' ? 'not-allowed' : 'unknown';
    return { exportControlled: value, exportControlledRaw: status };
  }
  const allowed = reg.text('export-control-allowed');
  if (allowed === undefined) return {};
  const flag = reg.flag('export-control-allowed');
  return { exportControlled: flag === undefined ? 'unknown' : flag ? 'allowed' : 'not-allowed', exportControlledRaw: allowed };
}

function registrationOf(info: StateNode): RegistrationInfo | undefined {
  const reg = info.child('registration');
  if (reg === undefined) return undefined;
  const statusRaw = reg.text('registration-state') ?? '';
  const out: RegistrationInfo = { status: word(REGISTRATION, statusRaw, /^reg-state-/) as RegistrationStatus | undefined ?? 'unknown', statusRaw, ...exportControl(reg) };
  const complete = reg.child('registration-complete');
  const inProgress = reg.child('registration-in-progress');
  const failed = reg.child('registration-failed');
  const retry = reg.child('registration-retry');
  if (out.status === 'registered' && complete !== undefined) {
    const smartAccount = complete.text('smart-account');
    const virtualAccount = complete.text('virtual-account');
    if (smartAccount !== undefined) out.smartAccount = smartAccount;
    if (virtualAccount !== undefined) out.virtualAccount = virtualAccount;
    out.initialRegistration = attempt('succeeded', statusRaw, complete.time('complete-time'));
    const renewal = flaggedAttempt(complete, 'last-renew-success', 'last-renew-time');
    if (renewal !== undefined) out.lastRenewalAttempt = renewal;
    const next = complete.time('next-renew-time');
    if (next !== undefined) out.nextRenewalAttempt = next;
    const expires = complete.time('expire-time');
    if (expires !== undefined) out.registrationExpires = expires;
  } else if (out.status === 'registering') {
    out.initialRegistration = attempt('pending', statusRaw, inProgress?.time('start-time'));
  } else if (retry !== undefined) {
    // IOS-XR nests the failure in registration-info.
    const failure = retry.child('registration-info') ?? retry;
    out.initialRegistration = attempt('failed', statusRaw, failure.time('fail-time'), failure.text('fail-message'));
    const next = retry.time('retry-next-time');
    if (next !== undefined) out.nextRegistrationAttempt = next;
  } else if (failed !== undefined) {
    out.initialRegistration = attempt('failed', statusRaw, failed.time('fail-time'), failed.text('fail-message'));
  } else if (out.status === 'registration-failed') {
    out.initialRegistration = attempt('failed', statusRaw, undefined);
  }
  return out;
}

/** Where the communication leaves of an authorization state sit (IOS-XR: one level down, `authorization-info`). */
function communicationOf(auth: StateNode, container: string): StateNode | undefined {
  const node = auth.child(container);
  return node?.child('authorization-info') ?? node;
}

function authorizationOf(info: StateNode, registration: RegistrationInfo | undefined, entitlements: readonly Entitlement[]): AuthorizationInfo | undefined {
  const auth = info.child('authorization');
  if (auth === undefined) return undefined;
  const statusRaw = auth.text('authorization-state') ?? '';
  let status = (word(AUTHORIZATION, statusRaw, /^auth-state-/) as AuthorizationStatus | undefined) ?? 'unknown';
  if (status === 'no-licenses-in-use' && registration?.status === 'registered' && entitlements.some((e) => e.status === 'waiting')) status = 'authorization-pending';
  const out: AuthorizationInfo = { status, statusRaw };
  const comm =
    communicationOf(auth, 'authorization-authorized') ??
    communicationOf(auth, 'authorization-out-of-compliance') ??
    communicationOf(auth, 'authorization-authorization-expired');
  if (comm !== undefined) {
    const last = flaggedAttempt(comm, 'last-comm-status-success', 'last-comm-time');
    if (last !== undefined) out.lastCommunicationAttempt = last;
    const next = comm.time('next-comm-time');
    if (next !== undefined) out.nextCommunicationAttempt = next;
    const deadline = comm.time('comm-deadline-time');
    if (deadline !== undefined) out.communicationDeadline = deadline;
  }
  const since = auth.time('authorization-out-of-compliance', 'ooc-time') ?? auth.time('authorization-eval-expired', 'expire-time');
  if (since !== undefined) out.since = since;
  const secondsLeft = auth.text('authorization-eval', 'seconds-left');
  if (secondsLeft !== undefined && /^\d+$/.test(secondsLeft)) {
    out.evaluationPeriodRemaining = { raw: `${secondsLeft} seconds`, ms: Number(secondsLeft) * 1000 };
  }
  return out;
}

function entitlementsOf(info: StateNode): Entitlement[] {
  return info.children('usage').map((u) => {
    const tag = u.text('entitlement-tag') ?? '';
    const statusRaw = u.text('enforcement-mode') ?? u.text('enforce-mode');
    const count = u.text('count');
    const e: Entitlement = { tag };
    const shortTag = u.text('short-name');
    const name = u.text('license-name');
    const description = u.text('description');
    if (name !== undefined && name !== '') e.name = name;
    if (shortTag !== undefined && shortTag !== '') e.shortTag = shortTag;
    if (description !== undefined && description !== '') e.description = description;
    if (count !== undefined) {
      if (/^\d+$/.test(count)) e.count = Number(count);
      else e.countRaw = count;
    }
    if (statusRaw !== undefined) {
      e.status = (word(ENFORCEMENT, statusRaw, /^enforcement-/) as EntitlementStatus | undefined) ?? 'unknown';
      e.statusRaw = statusRaw;
    }
    return e;
  });
}

function udiOf(info: StateNode): Udi | undefined {
  const udi = info.child('udi');
  if (udi === undefined) return undefined;
  const fields = (['pid', 'sn', 'vid', 'uuid'] as const).flatMap((f) => {
    const value = udi.text(f);
    return value === undefined || value === '' ? [] : [[f, value] as const];
  });
  return {
    raw: fields.map(([f, v]) => `${f.toUpperCase()}:${v}`).join(','),
    ...Object.fromEntries(fields),
  };
}

function transportOf(info: StateNode): TransportInfo | undefined {
  const typeRaw = info.text('transport', 'transport-type');
  if (typeRaw === undefined) return undefined;
  const url = info.text('transport', 'url-settings', 'url-registration');
  return {
    type: (word(TRANSPORT, typeRaw, /^transport-type-/) as TransportType | undefined) ?? 'unknown',
    typeRaw,
    ...(url === undefined || url === '' ? {} : { url }),
  };
}

function evaluationOf(info: StateNode): EvaluationInfo | undefined {
  const ev = info.child('evaluation');
  if (ev === undefined) return undefined;
  const inUse = ev.flag('eval-in-use');
  const expired = ev.flag('eval-expired');
  const left = ev.text('eval-period-left', 'time-left');
  const mode: EvaluationInfo['mode'] = expired === true ? 'expired' : inUse === true ? 'in-use' : inUse === false ? 'not-in-use' : 'unknown';
  return {
    mode,
    modeRaw: `eval-in-use=${ev.text('eval-in-use') ?? ''} eval-expired=${ev.text('eval-expired') ?? ''}`,
    ...(left !== undefined && /^\d+$/.test(left) ? { remaining: { raw: `${left} seconds`, ms: Number(left) * 1000 } } : {}),
  };
}

/** The `state` container of the platform's model in `<get>` data, or undefined when the reply holds none. */
export function findLicensingState(data: readonly XmlNode[], platform: PlatformId): XmlNode | undefined {
  const yang = SMART_LICENSE_YANG[platform];
  return selectPath(data, yang.statePath, yang.stateNamespace).find((n) => n.ns === yang.stateNamespace);
}

/**
 * The report in a `<get>` reply's data, or undefined when it holds no licensing state. `kind` picks the report
 * shape: `license-status` (everything the state holds), `license-summary` (the entitlements in use).
 */
export function readLicensingStateXml<K extends Extract<LicenseReportKind, 'license-status' | 'license-summary'>>(
  data: readonly XmlNode[],
  platform: PlatformId,
  kind: K,
): LicenseReport<K> | undefined {
  const stateNode = findLicensingState(data, platform);
  if (stateNode === undefined) return undefined;
  const yang = SMART_LICENSE_YANG[platform];
  const state = new StateNode(stateNode, yang.stateNamespace);
  const report: LicenseReport<K> = {
    kind,
    command: `get ${smartLicenseStatePath(platform)}`,
    platform,
    licensingMode: 'classic',
    unparsed: [],
    sections: [],
  };
  const enabledRaw = state.text('smart-enabled');
  if (enabledRaw !== undefined) {
    const enabled = state.flag('smart-enabled');
    const status: FeatureState = enabled === undefined ? 'unknown' : enabled ? 'enabled' : 'disabled';
    report.smartLicensing = { status, statusRaw: enabledRaw };
  }
  const version = state.text('version');
  if (version !== undefined && version !== '') report.agentVersion = version;
  const info = state.child('state-info');
  if (info === undefined) return report;
  const entitlements = entitlementsOf(info);
  report.entitlements = entitlements;
  if (kind === 'license-summary') return report;
  const registration = registrationOf(info);
  if (registration !== undefined) report.registration = registration;
  const authorization = authorizationOf(info, registration, entitlements);
  if (authorization !== undefined) report.authorization = authorization;
  const udi = udiOf(info);
  if (udi !== undefined) report.udi = udi;
  const transport = transportOf(info);
  if (transport !== undefined) report.transport = transport;
  const evaluation = evaluationOf(info);
  if (evaluation !== undefined) report.evaluation = evaluation;
  return report;
}
