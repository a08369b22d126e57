/**
 * Pure decision rules: given what the device showed before a licensing command (the baseline) and what it shows
 * now, has the operation completed, failed, or is it still under way?
 *
 * The device answers `license smart register|renew|deregister` at once and does the work in the background
 * (the Smart Agent calls CSSM); the outcome appears in `show license status` (state, attempt dates, `Failure
 * reason:`) and in the syslog (`%SMART_LIC-3-AGENT_REG_FAILED`, `COMM_FAILED`, `AUTH_RENEW_FAILED`,
 * `AGENT_DEREG_FAILED`, 000:476-479, 004:635-677). A failure already on screen before the command (an earlier
 * attempt) must not be taken for the current one, so an attempt counts only when it differs from the baseline's
 * (another date or result), when the device was seen working on it, or when a syslog message logged since the
 * command reports it.
 */
import type { AuthorizationStatus, RegistrationStatus } from '../licensing/types.js';
import { judgeFailure, type FailureCandidate, type FailureVerdict } from './failure-verdict.js';
import type { AttemptObservation, LicensingObservation, SyslogEvent } from './licensing-observation.js';

export type LicensingOperation = 'register' | 'renew-id' | 'renew-auth' | 'deregister';

export interface ProgressInput {
  readonly operation: LicensingOperation;
  /** Before the command was sent. */
  readonly baseline: LicensingObservation;
  readonly current: LicensingObservation;
  /** Licensing syslog messages logged since the command, oldest first (see `newSyslogEvents`). */
  readonly messages: readonly SyslogEvent[];
  /** An earlier look saw the operation in progress (`REGISTERING`, an attempt `PENDING`). */
  readonly sawProgress: boolean;
  /**
   * Deregister only: a refusal by CSSM (`AGENT_DEREG_FAILED … Agent received a failure status in a response
   * message`, 004:669-677 — the expected error after the product instance was removed in CSSM) does not fail the
   * operation once the device has dropped its registration. Communication failures are never tolerated: then CSSM
   * still holds the product instance.
   */
  readonly tolerateSyncLoss?: boolean;
}

export type OperationProgress =
  | {
      readonly kind: 'pending';
      /** The device shows the operation running (as opposed to nothing new yet). */
      readonly inProgress: boolean;
      readonly reason: string;
    }
  | { readonly kind: 'succeeded'; readonly tolerated?: FailureVerdict }
  | { readonly kind: 'failed'; readonly failure: FailureVerdict };

interface OperationRule {
  /** SMART_LIC mnemonics that report this operation failing. */
  readonly failures: ReadonlySet<string>;
  /** SMART_LIC mnemonics that report it succeeding. */
  readonly successes: ReadonlySet<string>;
  readonly fallbackReason: string;
}

/**
 * Failure mnemonics are the seeds' (000:476-479, 004:639, 004:669); the success mnemonics and
 * `ID_CERT_RENEW_FAILED` / `CERTIFICATE_VALIDATION` are those of IOS-XE 16.x agents [INF].
 */
const RULES: Readonly<Record<LicensingOperation, OperationRule>> = {
  register: {
    failures: new Set(['AGENT_REG_FAILED', 'COMM_FAILED', 'CERTIFICATE_VALIDATION']),
    successes: new Set(['AGENT_REG_SUCCESS']),
    fallbackReason: 'registration with CSSM failed',
  },
  'renew-id': {
    failures: new Set(['ID_CERT_RENEW_FAILED', 'COMM_FAILED', 'CERTIFICATE_VALIDATION']),
    successes: new Set(['ID_CERT_RENEW_SUCCESS']),
    fallbackReason: 'ID certificate renewal failed',
  },
  'renew-auth': {
    failures: new Set(['AUTH_RENEW_FAILED', 'COMM_FAILED', 'CERTIFICATE_VALIDATION']),
    successes: new Set(['AUTH_RENEW_SUCCESS']),
    fallbackReason: 'authorization renewal failed',
  },
  deregister: {
    failures: new Set(['AGENT_DEREG_FAILED', 'COMM_FAILED', 'CERTIFICATE_VALIDATION']),
    successes: new Set(['AGENT_DEREG_SUCCESS']),
    fallbackReason: 'deregistration failed',
  },
};

/** `SMART_LIC` on IOS-XE, `LICENSE-SMART_LIC` on IOS-XR (004:639). */
function isSmartAgent(e: SyslogEvent): boolean {
  return /(?:^|-)SMART_LIC$/.test(e.facility);
}

/** Call-home / PKI / HTTP client errors that say more about a failed call home (severity 0-3). */
function isTransportError(e: SyslogEvent): boolean {
  return !isSmartAgent(e) && e.severity <= 3;
}

/** Authorization states a finished registration or renewal ends in. */
const SETTLED_AUTHORIZATION: ReadonlySet<AuthorizationStatus> = new Set(['authorized', 'out-of-compliance', 'no-licenses-in-use', 'not-applicable']);

/**
 * Registration states that mean "this device holds no registration": also `UNREGISTERED - REGISTRATION FAILED`
 * (a registration that never completed) and `UNREGISTERED - REGISTRATION EXPIRED` (the ID certificate ran out and
 * the device went back to evaluation, 001:427) — a device in either refuses `renew` and `deregister` as not
 * registered.
 */
const NOT_REGISTERED: ReadonlySet<RegistrationStatus> = new Set(['unconfigured', 'unidentified', 'unregistered', 'registration-failed', 'registration-expired']);

export function isSettledAuthorization(status: AuthorizationStatus): boolean {
  return SETTLED_AUTHORIZATION.has(status);
}

export function holdsNoRegistration(status: RegistrationStatus): boolean {
  return NOT_REGISTERED.has(status);
}

/** A different attempt than before: another result or date (compared as printed, so zones do not matter). */
function changed(now: AttemptObservation | undefined, before: AttemptObservation | undefined): boolean {
  if (now === undefined) return false;
  return before === undefined || now.raw !== before.raw || now.failureReason !== before.failureReason;
}

function attemptLines(label: string, a: AttemptObservation | undefined): string[] {
  if (a === undefined) return [];
  return a.failureReason === undefined ? [`${label}: ${a.raw}`] : [`${label}: ${a.raw}`, `Failure reason: ${a.failureReason}`];
}

function statusLines(obs: LicensingObservation, operation: LicensingOperation): string[] {
  const lines: string[] = [];
  if (obs.registrationRaw !== '') lines.push(`Registration Status: ${obs.registrationRaw}`);
  if (operation === 'register') lines.push(...attemptLines('Initial Registration', obs.initialRegistration));
  if (operation === 'renew-id') lines.push(...attemptLines('Last Renewal Attempt', obs.lastRenewal));
  if (obs.authorizationRaw !== '') lines.push(`License Authorization Status: ${obs.authorizationRaw}`);
  if (operation !== 'deregister' && obs.lastCommunication?.result === 'failed') {
    lines.push(...attemptLines('Last Communication Attempt', obs.lastCommunication));
  }
  return lines;
}

/**
 * The verdict on a failure: status `Failure reason:` texts of the given attempts first, then the syslog messages
 * since the command (newest first), then call-home / PKI errors as supporting evidence.
 */
function verdict(input: ProgressInput, attempts: readonly (AttemptObservation | undefined)[]): FailureVerdict {
  const rule = RULES[input.operation];
  const candidates: FailureCandidate[] = [];
  for (const a of attempts) {
    if (a?.result === 'failed' && a.failureReason !== undefined) candidates.push({ text: a.failureReason });
  }
  const agentFailures = input.messages.filter((e) => isSmartAgent(e) && rule.failures.has(e.mnemonic));
  const transport = input.messages.filter(isTransportError);
  for (const e of [...agentFailures].reverse()) candidates.push({ text: e.text, mnemonic: e.mnemonic });
  for (const e of [...transport].reverse()) candidates.push({ text: e.text, mnemonic: e.mnemonic });
  const evidence = [...statusLines(input.current, input.operation), ...agentFailures.map((e) => e.line), ...transport.map((e) => e.line)];
  return judgeFailure(candidates, evidence, { code: 'E_REGISTRATION_FAILED', reason: rule.fallbackReason });
}

function pending(reason: string, inProgress = false): OperationProgress {
  return { kind: 'pending', inProgress, reason };
}

/** The last Smart Agent message about this operation since the command: its outcome as the syslog tells it. */
function lastReported(input: ProgressInput): 'failed' | 'succeeded' | null {
  const rule = RULES[input.operation];
  for (let i = input.messages.length - 1; i >= 0; i--) {
    const e = input.messages[i]!;
    if (!isSmartAgent(e)) continue;
    if (rule.failures.has(e.mnemonic)) return 'failed';
    if (rule.successes.has(e.mnemonic)) return 'succeeded';
  }
  return null;
}

function registerProgress(input: ProgressInput, reported: 'failed' | 'succeeded' | null): OperationProgress {
  const { baseline, current } = input;
  const attempt = current.initialRegistration;
  if (reported === 'failed') {
    const fresh = [changed(attempt, baseline.initialRegistration) ? attempt : undefined, changed(current.lastCommunication, baseline.lastCommunication) ? current.lastCommunication : undefined];
    return { kind: 'failed', failure: verdict(input, fresh) };
  }
  if (current.registration === 'registering' || attempt?.result === 'pending') return pending('registration in progress', true);
  if (current.registration === 'registered') {
    const fresh =
      baseline.registration !== 'registered' || changed(attempt, baseline.initialRegistration) || input.sawProgress || reported === 'succeeded';
    if (!fresh) return pending('the device still shows the previous registration');
    if (isSettledAuthorization(current.authorization)) return { kind: 'succeeded' };
    if (current.lastCommunication?.result === 'failed' && changed(current.lastCommunication, baseline.lastCommunication)) {
      return { kind: 'failed', failure: verdict(input, [current.lastCommunication]) };
    }
    return pending(`registered; waiting for the license authorization (${current.authorizationRaw || current.authorization})`, true);
  }
  if (current.registration === 'registration-failed' || attempt?.result === 'failed') {
    const fresh = baseline.registration !== 'registration-failed' || changed(attempt, baseline.initialRegistration) || input.sawProgress;
    if (!fresh) return pending("the status still shows an earlier attempt's failure");
    return { kind: 'failed', failure: verdict(input, [attempt, current.lastCommunication]) };
  }
  return pending('the device has not started the registration yet');
}

function renewProgress(input: ProgressInput, reported: 'failed' | 'succeeded' | null, pick: (o: LicensingObservation) => AttemptObservation | undefined): OperationProgress {
  const attempt = pick(input.current);
  // The syslog reported this attempt's failure before the status showed it: the status still carries the previous
  // attempt's reason (the same date on a device clock that did not move), which must not name this failure.
  if (reported === 'failed') return { kind: 'failed', failure: verdict(input, changed(attempt, pick(input.baseline)) ? [attempt] : []) };
  if (attempt?.result === 'pending') return pending('renewal in progress', true);
  const fresh = changed(attempt, pick(input.baseline)) || input.sawProgress;
  if (attempt?.result === 'failed') {
    if (fresh) return { kind: 'failed', failure: verdict(input, [attempt]) };
    // The failure before the command. When the syslog already reports this renewal done, the status was read
    // just before the agent finished: look again rather than take the old failure for the new attempt.
    if (reported === 'succeeded') return pending('the syslog reports the renewal done; the status still shows the earlier failure', true);
    return pending('waiting for a new attempt to show in the status');
  }
  if (!fresh && reported !== 'succeeded') return pending('waiting for a new attempt to show in the status');
  if (attempt?.result === 'succeeded' || reported === 'succeeded') return { kind: 'succeeded' };
  return pending('renewal in progress', input.sawProgress);
}

function deregisterProgress(input: ProgressInput, reported: 'failed' | 'succeeded' | null): OperationProgress {
  const dropped = holdsNoRegistration(input.current.registration);
  if (reported === 'failed') {
    const failure = verdict(input, []);
    const refusedByCssm = failure.code !== 'E_COMM_FAILED' && input.messages.some((e) => isSmartAgent(e) && e.mnemonic === 'AGENT_DEREG_FAILED');
    if (input.tolerateSyncLoss === true && refusedByCssm) {
      return dropped ? { kind: 'succeeded', tolerated: failure } : pending('CSSM refused the deregistration; waiting for the device to drop its registration', true);
    }
    return { kind: 'failed', failure };
  }
  if (dropped) return { kind: 'succeeded' };
  return pending(`the device still shows ${input.current.registrationRaw || input.current.registration}`);
}

/** Where the operation stands after one more look at the device. */
export function operationProgress(input: ProgressInput): OperationProgress {
  const reported = lastReported(input);
  switch (input.operation) {
    case 'register':
      return registerProgress(input, reported);
    case 'renew-id':
      return renewProgress(input, reported, (o) => o.lastRenewal);
    case 'renew-auth':
      return renewProgress(input, reported, (o) => o.lastCommunication);
    case 'deregister':
      return deregisterProgress(input, reported);
  }
}

/** Whether this look needs the syslog too: not while the status itself shows the operation running. */
export function needsSyslog(operation: LicensingOperation, current: LicensingObservation): boolean {
  switch (operation) {
    case 'register':
      return !(current.registration === 'registering' || current.initialRegistration?.result === 'pending');
    case 'renew-id':
      return current.lastRenewal?.result !== 'pending';
    case 'renew-auth':
      return current.lastCommunication?.result !== 'pending';
    case 'deregister':
      return true;
  }
}
