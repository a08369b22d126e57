/**
 * Compliance evaluation: a device's licensing state (and a Clock) → findings, the actions that fix them (with the
 * exec command for the platform) and the timers that matter next. Pure: no I/O, time only from the Clock.
 */
import type { Clock } from '../clock.js';
import { DAY } from '../clock.js';
import type { PlatformId } from '../platforms/types.js';
import { cbr8EnforcementState, CBR8_LOCKED_COMMANDS, type EnforcementState } from './enforcement.js';
import { classifyFailure, type FailureClassification } from './failure.js';
import { messagesInForce } from './messages-in-force.js';
import type { LicensingSnapshot } from './snapshot.js';
import { isEntitlementNonCompliant } from './states.js';
import {
  communicationDeadline,
  EVALUATION_PERIOD_MS,
  formatRemaining,
  ID_CERT_EXPIRY_WARNING_MS,
  nextAuthorizationRenewal,
  nextCommunicationAttempt,
  nextRegistrationRenewal,
  nextRegistrationRetry,
  registrationExpiry,
} from './timers.js';
import type { AuthorizationStatus, RegistrationStatus } from './types.js';

export type Severity = 'info' | 'warning' | 'critical';

export type FindingCode =
  | 'smart-licensing-disabled'
  | 'not-registered'
  | 'registration-in-progress'
  | 'registration-failed'
  | 'registration-expired'
  | 'id-cert-renewal-failed'
  | 'id-cert-expiring'
  | 'evaluation-running'
  | 'evaluation-expiring'
  | 'evaluation-expired'
  | 'authorization-expired'
  | 'authorization-expiring'
  | 'communication-failed'
  | 'out-of-compliance'
  | 'entitlement-not-authorized'
  | 'entitlement-invalid'
  | 'sync-lost'
  | 'usage-report-overdue'
  | 'sia-out-of-compliance'
  | 'sia-grace-expired'
  | 'cli-locked';

export type ActionCode =
  | 'enable-smart-licensing'
  | 'register'
  | 'reregister-force'
  | 'renew-auth'
  | 'renew-id'
  | 'fix-communication'
  | 'buy-licenses'
  | 'deregister'
  | 'wait-for-retry';

export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly message: string;
  /** Seed lines the rule comes from. */
  readonly source: string;
  /** The deadline or time the finding is about (epoch ms). */
  readonly at?: number;
  /** Entitlement tags concerned. */
  readonly entitlements?: readonly string[];
  /** The classified cause, for failures. */
  readonly failure?: FailureClassification;
  readonly actions: readonly ActionCode[];
}

export interface RecommendedAction {
  readonly code: ActionCode;
  readonly description: string;
  /** The exec command that does it on this platform (`<id-token>` is a placeholder), when there is one. */
  readonly command?: string;
  /** Earliest useful time (epoch ms), e.g. the automatic retry for `wait-for-retry`. */
  readonly notBefore?: number;
}

export interface ComplianceTimers {
  readonly now: number;
  readonly evaluationExpiresAt?: number;
  readonly nextRegistrationRenewalAt?: number;
  /** null: the registration never expires (old agents). */
  readonly registrationExpiresAt?: number | null;
  readonly nextAuthorizationRenewalAt?: number;
  readonly communicationDeadlineAt?: number;
  readonly nextCommunicationAt?: number;
  readonly nextRegistrationRetryAt?: number;
}

export interface ComplianceReport {
  /** `critical` if any finding is critical, else `warning` if any is a warning, else `compliant`. */
  readonly status: 'compliant' | 'warning' | 'critical';
  readonly compliant: boolean;
  readonly findings: readonly Finding[];
  /** Actions in the order they should be taken, each once. */
  readonly actions: readonly RecommendedAction[];
  readonly enforcement: EnforcementState;
  /** Commands the platform refuses in this state (cBR-8 DOCSIS lock), as documented. */
  readonly lockedCommands: readonly string[];
  readonly timers: ComplianceTimers;
}

export interface ComplianceOptions {
  /** How long before a deadline (evaluation end, communication deadline) to warn. Default 30 days. */
  readonly warnWithinMs?: number;
}

const ACTION_ORDER: readonly ActionCode[] = [
  'enable-smart-licensing',
  'fix-communication',
  'deregister',
  'reregister-force',
  'register',
  'renew-id',
  'renew-auth',
  'buy-licenses',
  'wait-for-retry',
];

/** The exec command for an action on a platform (000:449-450, 000:1041, 001:439, 004:234-244). */
export function actionCommand(code: ActionCode, platform: PlatformId | undefined): string | undefined {
  switch (code) {
    case 'register':
      return 'license smart register idtoken <id-token>';
    case 'reregister-force':
      return 'license smart register idtoken <id-token> force';
    case 'renew-auth':
      return platform === 'ios-xe' ? 'license smart renew' : 'license smart renew auth';
    case 'renew-id':
      return platform === 'ios-xe' ? 'license smart renew' : 'license smart renew id';
    case 'deregister':
      return 'license smart deregister';
    default:
      return undefined;
  }
}

const DESCRIPTIONS: Readonly<Record<ActionCode, string>> = {
  'enable-smart-licensing': 'Enable Smart Licensing on the device.',
  register: 'Register the device with an ID token from the virtual account.',
  'reregister-force': 'Register again with a new ID token and `force` (replaces the existing registration).',
  'renew-auth': 'Renew the authorization now instead of waiting for the 30-day cycle.',
  'renew-id': 'Renew the ID certificate (registration) now.',
  'fix-communication':
    'Fix the path to CSSM: DNS (ip name-server / domain name-server), the call-home profile (active, Smart Licensing reporting, HTTP destination URL), trustpoint / CRL, proxy and source interface.',
  'buy-licenses': 'Buy (or transfer into the virtual account) the missing licenses, or renew the existing ones.',
  deregister: 'Deregister the device (removes certificates and entitlements; needs CSSM reachable).',
  'wait-for-retry': 'Wait for the automatic retry.',
};

function isCbr8(model: string | undefined): boolean {
  return model !== undefined && /c?br-?8/i.test(model);
}

/** Evaluates a licensing snapshot at `clock.now()`. */
export function evaluateCompliance(snapshot: LicensingSnapshot, clock: Clock, options: ComplianceOptions = {}): ComplianceReport {
  const now = clock.now();
  const warnWithin = options.warnWithinMs ?? 30 * DAY;
  const observedAt = snapshot.observedAt ?? now;
  const findings: Finding[] = [];
  const timers: { -readonly [K in keyof ComplianceTimers]: ComplianceTimers[K] } = { now };
  const add = (finding: Finding): void => {
    if (!findings.some((f) => f.code === finding.code)) findings.push(finding);
  };

  const reg = snapshot.registration;
  const auth = snapshot.authorization;
  let registration: RegistrationStatus | undefined = reg?.status;
  let authorization: AuthorizationStatus | undefined = auth?.status;

  if (snapshot.smartLicensing === 'disabled') {
    add({ code: 'smart-licensing-disabled', severity: 'critical', message: 'Smart Licensing is disabled.', source: '001:464', actions: ['enable-smart-licensing'] });
  }

  // ------------------------------------------------------------------ registration (ID certificate)
  if (reg !== undefined) {
    const registeredAt = reg.lastRenewal?.result === 'succeeded' && reg.lastRenewal.at !== undefined ? reg.lastRenewal.at : reg.registeredAt;
    if (reg.nextRenewalAt !== undefined) timers.nextRegistrationRenewalAt = reg.nextRenewalAt;
    else if (registeredAt !== undefined && registration === 'registered') timers.nextRegistrationRenewalAt = nextRegistrationRenewal(registeredAt);
    if (reg.expiresAt !== undefined) timers.registrationExpiresAt = reg.expiresAt;
    else if (registeredAt !== undefined && registration === 'registered') timers.registrationExpiresAt = registrationExpiry(registeredAt);

    const expiresAt = timers.registrationExpiresAt;
    if (registration === 'registered' && typeof expiresAt === 'number' && now > expiresAt) registration = 'registration-expired';

    switch (registration) {
      case 'registration-failed': {
        const failure = classifyFailure(reg.lastRenewal?.failureReason ?? messageText(snapshot, /REG_FAILED|COMM_FAILED/) ?? '', 'AGENT_REG_FAILED');
        const failedAt = reg.lastRenewal?.at ?? observedAt;
        timers.nextRegistrationRetryAt = nextRegistrationRetry(failedAt);
        add({
          code: 'registration-failed',
          severity: 'critical',
          message: `Registration failed: ${failure.reason}. The device retries after 24 hours, or register again with force.`,
          source: '004:236',
          at: timers.nextRegistrationRetryAt,
          failure,
          actions: failureActions(failure, ['reregister-force']),
        });
        break;
      }
      case 'registering':
        add({ code: 'registration-in-progress', severity: 'info', message: 'A registration is in progress.', source: '[INF]', actions: ['wait-for-retry'] });
        break;
      case 'registration-expired':
        add({
          code: 'registration-expired',
          severity: 'critical',
          message: 'The registration (ID certificate) has expired.',
          source: '004:283, 000:798-800',
          ...(typeof expiresAt === 'number' ? { at: expiresAt } : {}),
          actions: ['fix-communication', 'reregister-force'],
        });
        break;
      case 'unregistered':
      case 'unidentified':
        add({
          code: 'not-registered',
          severity: 'warning',
          message: 'The device is not registered; licenses run on the 90-day evaluation period.',
          source: '001:352, 004:279',
          actions: ['register'],
        });
        break;
      case 'registered': {
        if (reg.lastRenewal?.result === 'failed') {
          const failure = classifyFailure(reg.lastRenewal.failureReason ?? '', 'ID_CERT_RENEW_FAILED');
          add({
            code: 'id-cert-renewal-failed',
            severity: 'warning',
            message: `The last ID certificate renewal failed: ${failure.reason}. If renewal keeps failing the device becomes unidentified and consumes the evaluation period.`,
            source: '004:240, 001:427',
            failure,
            actions: failureActions(failure, ['renew-id']),
          });
        }
        if (typeof expiresAt === 'number' && expiresAt - now <= ID_CERT_EXPIRY_WARNING_MS) {
          add({
            code: 'id-cert-expiring',
            severity: 'warning',
            message: `The ID certificate expires in ${formatRemaining(expiresAt - now)}.`,
            source: '000:771-777',
            at: expiresAt,
            actions: ['renew-id'],
          });
        }
        break;
      }
      default:
        break;
    }
  }

  // ------------------------------------------------------------------ evaluation period
  const evaluation = snapshot.evaluation;
  if (evaluation?.remainingMs !== undefined) timers.evaluationExpiresAt = observedAt + evaluation.remainingMs;
  else if (evaluation?.startedAt !== undefined) timers.evaluationExpiresAt = evaluation.startedAt + EVALUATION_PERIOD_MS;
  if (authorization === 'evaluation' && timers.evaluationExpiresAt !== undefined && now > timers.evaluationExpiresAt) authorization = 'evaluation-expired';
  if (authorization === 'evaluation') {
    const left = timers.evaluationExpiresAt === undefined ? undefined : timers.evaluationExpiresAt - now;
    const expiring = left !== undefined && left <= warnWithin;
    add({
      code: expiring ? 'evaluation-expiring' : 'evaluation-running',
      severity: 'warning',
      message: left === undefined ? 'The evaluation period is being consumed.' : `The evaluation period ends in ${formatRemaining(left)}.`,
      source: '001:352, 001:461',
      ...(timers.evaluationExpiresAt === undefined ? {} : { at: timers.evaluationExpiresAt }),
      actions: ['register'],
    });
  }
  if (authorization === 'evaluation-expired') {
    add({
      code: 'evaluation-expired',
      severity: 'critical',
      message: 'The evaluation period has expired: register the device with a new token.',
      source: '001:464, 001:577, 000:130-132',
      ...(timers.evaluationExpiresAt === undefined ? {} : { at: timers.evaluationExpiresAt }),
      actions: ['register'],
    });
  }

  // ------------------------------------------------------------------ authorization
  if (auth !== undefined) {
    const last = auth.lastCommunication;
    const lastSuccess = last?.result === 'succeeded' ? last.at : undefined;
    if (auth.deadlineAt !== undefined) timers.communicationDeadlineAt = auth.deadlineAt;
    else if (lastSuccess !== undefined) timers.communicationDeadlineAt = communicationDeadline(lastSuccess);
    if (lastSuccess !== undefined) timers.nextAuthorizationRenewalAt = nextAuthorizationRenewal(lastSuccess);
    if (auth.nextCommunicationAt !== undefined) timers.nextCommunicationAt = auth.nextCommunicationAt;
    else if (last?.at !== undefined && authorization !== undefined) {
      const next = nextCommunicationAttempt(last.at, authorization, last.result);
      if (next !== null) timers.nextCommunicationAt = next;
    }
    const deadline = timers.communicationDeadlineAt;
    if ((authorization === 'authorized' || authorization === 'out-of-compliance') && deadline !== undefined && now > deadline) {
      authorization = 'authorization-expired';
    }
    if (authorization === 'authorization-expired') {
      add({
        code: 'authorization-expired',
        severity: 'critical',
        message: 'The authorization expired (no CSSM contact for 90 days); the device retries every hour. Fix the communication and renew the authorization.',
        source: '004:244, 004:283, 000:134-136',
        ...(deadline === undefined ? {} : { at: deadline }),
        actions: ['fix-communication', 'renew-auth'],
      });
    } else if ((authorization === 'authorized' || authorization === 'out-of-compliance') && deadline !== undefined && deadline - now <= warnWithin) {
      add({
        code: 'authorization-expiring',
        severity: 'warning',
        message: `The authorization expires in ${formatRemaining(deadline - now)} unless the device reaches CSSM.`,
        source: '000:567, 004:242-244',
        at: deadline,
        actions: ['fix-communication', 'renew-auth'],
      });
    }
    if (last?.result === 'failed') {
      const failure = classifyFailure(last.failureReason ?? messageText(snapshot, /COMM_FAILED|RENEW_FAILED/) ?? '', 'COMM_FAILED');
      add({
        code: failure.code === 'E_SYNC_LOST' ? 'sync-lost' : 'communication-failed',
        severity: failure.code === 'E_SYNC_LOST' ? 'critical' : 'warning',
        message: `The last communication with CSSM failed: ${failure.reason}.`,
        source: '000:471-480',
        ...(last.at === undefined ? {} : { at: last.at }),
        failure,
        actions: failureActions(failure, ['renew-auth']),
      });
    }
    if (authorization === 'out-of-compliance') {
      const tags = (snapshot.entitlements ?? []).filter((e) => e.status === 'out-of-compliance').map((e) => e.tag);
      add({
        code: 'out-of-compliance',
        severity: 'warning',
        message: `Consumption exceeds the licenses in the virtual account${tags.length > 0 ? ` (${tags.join(', ')})` : ''}.`,
        source: '004:282, 001:461',
        entitlements: tags,
        actions: ['buy-licenses', 'renew-auth'],
      });
    }
    if (authorization === 'not-authorized') {
      add({
        code: 'entitlement-not-authorized',
        severity: 'warning',
        message: 'The authorization does not cover the counts requested.',
        source: '001:98',
        actions: ['buy-licenses', 'renew-auth'],
      });
    }
  }

  // ------------------------------------------------------------------ entitlements
  for (const e of snapshot.entitlements ?? []) {
    if (e.status === undefined || !isEntitlementNonCompliant(e.status)) continue;
    if (e.status === 'out-of-compliance' && !findings.some((f) => f.code === 'out-of-compliance')) {
      const tags = (snapshot.entitlements ?? []).filter((x) => x.status === 'out-of-compliance').map((x) => x.tag);
      add({ code: 'out-of-compliance', severity: 'warning', message: `Out of compliance: ${tags.join(', ')}.`, source: '004:282, 001:461', entitlements: tags, actions: ['buy-licenses'] });
    } else if (e.status === 'invalid') {
      const tags = (snapshot.entitlements ?? []).filter((x) => x.status === 'invalid').map((x) => x.tag);
      add({ code: 'entitlement-invalid', severity: 'warning', message: `Cisco does not recognise the entitlement tag(s) ${tags.join(', ')}.`, source: '001:464', entitlements: tags, actions: ['renew-auth'] });
    } else if (e.status === 'not-authorized' && !findings.some((f) => f.code === 'entitlement-not-authorized')) {
      const tags = (snapshot.entitlements ?? []).filter((x) => x.status === 'not-authorized').map((x) => x.tag);
      add({ code: 'entitlement-not-authorized', severity: 'warning', message: `Not authorized: ${tags.join(', ')}.`, source: '001:98', entitlements: tags, actions: ['buy-licenses'] });
    }
  }

  // ------------------------------------------------------------------ syslog evidence
  for (const m of messagesInForce(snapshot.messages ?? [], snapshot)) {
    const failure = classifyFailure(m.text, m.mnemonic);
    if (failure.code === 'E_SYNC_LOST') {
      add({
        code: 'sync-lost',
        severity: 'critical',
        message: `CSSM no longer knows this product instance (${m.mnemonic}: ${m.text}). Deregister, then register again with a new token.`,
        source: '004:597-684',
        ...(m.at === undefined ? {} : { at: m.at }),
        failure,
        actions: ['deregister', 'reregister-force'],
      });
    } else if (/COMM_FAILED$/.test(m.mnemonic) && auth?.lastCommunication?.result !== 'succeeded') {
      add({
        code: 'communication-failed',
        severity: 'warning',
        message: `Communication with CSSM failed: ${failure.reason}.`,
        source: '000:471-480',
        ...(m.at === undefined ? {} : { at: m.at }),
        failure,
        actions: failureActions(failure, ['renew-auth']),
      });
    }
  }

  // ------------------------------------------------------------------ SLP usage reporting
  const ackDeadline = snapshot.usageReporting?.nextAckDeadlineAt;
  if (ackDeadline !== undefined && now > ackDeadline) {
    add({
      code: 'usage-report-overdue',
      severity: 'warning',
      message: 'No usage-report acknowledgement was received by the `Next ACK deadline` (Smart Licensing Using Policy).',
      source: 'corpus: SLP `Usage Reporting:` block [INF]',
      at: ackDeadline,
      actions: ['fix-communication'],
    });
  }

  // ------------------------------------------------------------------ NCS 560 SIA
  if (snapshot.sia?.status === 'out-of-compliance') {
    add({
      code: 'sia-out-of-compliance',
      severity: 'warning',
      message: `SIA is out of compliance${snapshot.sia.graceRemainingMs === undefined ? '' : `; grace period left: ${formatRemaining(snapshot.sia.graceRemainingMs)}`}. Major software upgrades stop when the grace period ends.`,
      source: '001:86-112, 001:147-151',
      ...(snapshot.sia.graceRemainingMs === undefined ? {} : { at: observedAt + snapshot.sia.graceRemainingMs }),
      actions: siaActions(registration, authorization),
    });
  } else if (snapshot.sia?.status === 'out-of-compliance-grace-expired') {
    add({
      code: 'sia-grace-expired',
      severity: 'critical',
      message: 'SIA grace period expired: major software upgrades are blocked (minor updates, SMUs and RPMs still allowed).',
      source: '001:90, 001:169-172',
      actions: siaActions(registration, authorization),
    });
  }

  // ------------------------------------------------------------------ cBR-8 enforcement
  const enforcement: EnforcementState = isCbr8(snapshot.model) ? cbr8EnforcementState(registration, authorization) : 'none';
  if (enforcement !== 'none') {
    add({
      code: 'cli-locked',
      severity: 'critical',
      message: `The cBR-8 locks ${CBR8_LOCKED_COMMANDS.map((c) => c.syntax).join('; ')} while ${enforcement === 'eval-expired' ? 'the evaluation period is expired' : 'the authorization is expired'}; only running-config → startup-config may be copied.`,
      source: '000:126-152',
      actions: enforcement === 'eval-expired' ? ['register'] : ['fix-communication', 'renew-auth'],
    });
  }

  const severity = findings.some((f) => f.severity === 'critical') ? 'critical' : findings.some((f) => f.severity === 'warning') ? 'warning' : 'compliant';
  const codes = new Set(findings.flatMap((f) => f.actions));
  if (codes.has('reregister-force')) codes.delete('register');
  const actions: RecommendedAction[] = ACTION_ORDER.filter((c) => codes.has(c)).map((code) => {
    const command = actionCommand(code, snapshot.platform);
    const action: { -readonly [K in keyof RecommendedAction]: RecommendedAction[K] } = { code, description: DESCRIPTIONS[code] };
    if (command !== undefined) action.command = command;
    if (code === 'wait-for-retry' && timers.nextRegistrationRetryAt !== undefined) action.notBefore = timers.nextRegistrationRetryAt;
    return action;
  });
  return {
    status: severity,
    compliant: severity === 'compliant',
    findings,
    actions,
    enforcement,
    lockedCommands: enforcement === 'none' ? [] : CBR8_LOCKED_COMMANDS.map((c) => c.syntax),
    timers,
  };
}

function failureActions(failure: FailureClassification, otherwise: ActionCode[]): ActionCode[] {
  switch (failure.code) {
    case 'E_COMM_FAILED':
      return ['fix-communication', ...otherwise];
    case 'E_SYNC_LOST':
      return ['deregister', 'reregister-force'];
    case 'E_TOKEN_INVALID':
    case 'E_TOKEN_EXPIRED':
    case 'E_TOKEN_USED_UP':
    case 'E_TOKEN_REVOKED':
      return ['reregister-force'];
    case 'E_NOT_REGISTERED':
      return ['register'];
    default:
      return otherwise;
  }
}

function siaActions(registration: RegistrationStatus | undefined, authorization: AuthorizationStatus | undefined): ActionCode[] {
  // 001:105-110: register after SIA EVAL expiry; buy/renew SIA; more counts; reconnect to CSSM.
  if (registration !== 'registered' || authorization === 'evaluation-expired') return ['register'];
  if (authorization === 'authorization-expired') return ['fix-communication', 'renew-auth'];
  return ['buy-licenses', 'renew-auth'];
}

function messageText(snapshot: LicensingSnapshot, mnemonic: RegExp): string | undefined {
  const hits = (snapshot.messages ?? []).filter((m) => mnemonic.test(m.mnemonic));
  return hits[hits.length - 1]?.text;
}
