/**
 * The Smart Agent of one emulated device: a state machine driven only by `device.timers` (so `ManualTimers` runs it
 * in virtual time) that calls home through a `CallHomeNetwork` and logs into `device.syslog`.
 *
 * States and timers (INDEX.md §4; constants from src/licensing/timers.ts):
 * - Not registered: the 90-day evaluation runs (001:352) from device start, minus any days already used; it is
 *   consumed only while not registered and resumes with what is left after a deregistration (001:452) or a lost
 *   registration (004:240, 001:427). When it runs out: EVAL EXPIRED, `EVAL_EXPIRED`, then the
 *   'Smart Licensing evaluation expired' warning every hour (001:464) until a registration succeeds.
 * - `register`: REGISTERING until CSSM answers → REGISTERED with AUTHORIZED / OUT OF COMPLIANCE per entitlement, or
 *   REGISTRATION FAILED. A failure on communication is retried every 24 h with the same token (004:236); a token
 *   refused by CSSM is not retried. Tokens are kept in memory only for that retry (001:357-366).
 * - Registered: authorization renewed 30 days after the last success while Authorized and 12 h after while Out of
 *   Compliance (`nextCommunicationAttempt`, 004:242, 000:565-566). [INF] A failed renewal is retried every 12 h
 *   until the Communication Deadline (last success + 90 days), then AUTH EXPIRED and every hour (004:283) until the
 *   registration expires. The ID certificate is renewed 180 days after registration (001:421, 004:240); [INF] a
 *   failed ID renewal is retried daily (the agent's Daily job, 000:773). At the certificate's expiry (365 days, or
 *   what CSSM issued) the registration expires: REGISTRATION EXPIRED and back to evaluation.
 * - `deregister`: DEREGISTER to CSSM, then local state cleared whatever CSSM said (004:654-684).
 * - Sync loss: CSSM answers SYNC_LOST → `AUTH_RENEW_FAILED … Data and signature do not match for udi …` (004:639).
 *
 * Call homes run one at a time in request order. In virtual time a call home is handled at the instant it was
 * requested: its records and syslog carry that instant, whatever the clock reads when the reply arrives.
 */
import { HOUR } from '../../clock.js';
import { InvalidArgumentError, PlatformError } from '../../errors.js';
import { cbr8EnforcementState, type EnforcementState } from '../../licensing/enforcement.js';
import { classifyFailure } from '../../licensing/failure.js';
import {
  communicationDeadline,
  EVALUATION_EXPIRED_WARNING_MS,
  EVALUATION_PERIOD_MS,
  AUTH_EXPIRED_RETRY_MS,
  ID_CERT_VALIDITY_MS,
  nextCommunicationAttempt,
  nextRegistrationRenewal,
  OUT_OF_COMPLIANCE_RETRY_MS,
  REGISTRATION_RETRY_MS,
  SIA_GRACE_PERIOD_MS,
} from '../../licensing/timers.js';
import type { EntitlementStatus } from '../../licensing/types.js';
import { redactText, Secret } from '../../secret.js';
import {
  DEVICE_PROTOCOL_VERSION,
  type AuthorizationReply,
  type DeviceMessage,
  type DeviceMessageType,
  type DeviceReply,
  type EntitlementAuthorization,
  type IdCertificate,
  type SuccessReply,
} from '../cssm/device-protocol.js';
import { entitlementKey } from '../cssm/model.js';
import { xeLicenseDate, xrLicenseDate } from '../device/device-time.js';
import { udiOf } from '../device/identity.js';
import type { TimerHandle } from '../device/timers.js';
import type { EmulatedDevice } from '../device/types.js';
import type {
  AgentAttempt,
  AgentAuthorizationStatus,
  AgentDeregisterResult,
  AgentEntitlement,
  AgentFailure,
  AgentIdCertificate,
  AgentOperation,
  AgentRegistrationStatus,
  AgentRequestResult,
  CallHomeCounters,
  CallHomeMessageSubtype,
  SmartAgentSnapshot,
} from './agent-state.js';
import {
  agentMessages,
  commandReplies,
  cssmFailureReason,
  DEREGISTRATION_FAILURE_STATUS,
  refusalTexts,
  syslogEntry,
  UNEXPECTED_REPLY,
  type AgentMessage,
} from './agent-texts.js';
import { entitlementText, type EntitlementUse } from './entitlement-usage.js';
import type { CallHomeNetwork, CallHomeOutcome } from './network.js';

/** [INF] Retry of a failed authorization renewal before the Communication Deadline. */
export const AUTH_RENEWAL_FAILURE_RETRY_MS = OUT_OF_COMPLIANCE_RETRY_MS;
/** [INF] Retry of a failed ID-certificate renewal: the agent's Daily job (000:773). */
export const ID_RENEWAL_FAILURE_RETRY_MS = 24 * HOUR;

/** Software IDs sent as `softwareTag`: the cBR-8's is the seed's (000:852); the IOS-XR ones are [INF]. */
const SOFTWARE_TAGS: Readonly<Record<string, string>> = {
  'cBR-8': 'regid.2014-12.com.cisco.CBR8V1,1.0_95948658-0b8b-4e8f-838d-b17020364ca9',
  'NCS-560': 'regid.2017-05.com.cisco.NCS560,1.0_5b0e6d1a-3c2f-4e7b-9d41-8a6f2c3e1b07',
  'NCS-1004': 'regid.2018-05.com.cisco.NCS1004,1.0_c7d2a9e4-1f6b-4a38-b5e0-3d9f8a2c6e15',
};

/** SIA is out of compliance while the authorization is (001:86-110). */
const SIA_OUT_OF_COMPLIANCE: ReadonlySet<AgentAuthorizationStatus> = new Set(['out-of-compliance', 'authorization-expired', 'evaluation-expired']);

const MAX_TOKEN_LENGTH = 1024;
const MAX_IDLE_ROUNDS = 100_000;

export interface SmartAgentConfig {
  readonly network: CallHomeNetwork;
  /** Evaluation time already used when the agent starts (ms, default 0). */
  readonly evaluationUsedMs?: number;
  /** The entitlements in use now (read at every report and configuration change). */
  readonly usage: () => readonly EntitlementUse[];
  /** Errors the agent survived (a throwing network, a listener). */
  readonly onError?: (error: unknown) => void;
}

type Failure = { readonly reason: string; readonly communication: boolean };

interface MutableCounters {
  success: number;
  failed: number;
  inqueue: number;
  dropped: number;
  lastSentAt?: number;
}

const SUBTYPES: readonly CallHomeMessageSubtype[] = ['REGISTRATION', 'ACKNOWLEDGEMENT', 'ENTITLEMENT', 'RENEW', 'DEREGISTRATION'];

const ENTITLEMENT_STATUS: Readonly<Record<EntitlementAuthorization, EntitlementStatus>> = {
  AUTHORIZED: 'authorized',
  'OUT OF COMPLIANCE': 'out-of-compliance',
  'NOT AUTHORIZED': 'not-authorized',
};

function certificateOf(cert: IdCertificate): AgentIdCertificate {
  const notBefore = Date.parse(cert.notBefore);
  const notAfter = Date.parse(cert.notAfter);
  return {
    serial: cert.serial,
    notBefore,
    notAfter: Number.isFinite(notAfter) ? notAfter : notBefore + ID_CERT_VALIDITY_MS,
    commonName: cert.commonName,
    signer: cert.signer,
    subCa: cert.subCa,
  };
}

function checkToken(token: unknown): asserts token is string {
  if (typeof token !== 'string') throw new InvalidArgumentError('idToken', 'the ID token must be a string');
  if (token.length === 0 || token.trim() === '') throw new InvalidArgumentError('idToken', 'the ID token is empty');
  if (token.length > MAX_TOKEN_LENGTH) throw new InvalidArgumentError('idToken', `the ID token is longer than ${MAX_TOKEN_LENGTH} characters`);
  if (/[\s\u0000-\u001f\u007f?]/.test(token)) {
    throw new InvalidArgumentError('idToken', 'the ID token contains whitespace, a control character or "?" (a device would cut or refuse it)');
  }
}

/** A call home whose device rebooted before the reply came: nothing is recorded for it. */
class CallHomeLost extends Error {
  constructor() {
    super('the device rebooted while the call home was in flight');
  }
}

export class SmartAgent {
  readonly device: EmulatedDevice;
  /** Device clock when the agent started (the platform's collection and reporting cycles count from it). */
  readonly startedAt: number;
  readonly #network: CallHomeNetwork;
  readonly #usageOf: () => readonly EntitlementUse[];
  readonly #onError: (error: unknown) => void;
  readonly #udi: { readonly pid: string; readonly sn: string };
  /** Aborted when the agent stops or the device reboots: the call home in flight is lost. */
  #abort = new AbortController();
  /** Bumped at each reboot: work queued or in flight before it is dropped. */
  #generation = 0;
  readonly #timers = new Map<string, TimerHandle>();
  readonly #stats: Record<CallHomeMessageSubtype, MutableCounters>;
  readonly #stopListening: () => void;
  #stopped = false;
  #seq = 0;
  #queue: Promise<void> = Promise.resolve();
  #pending = 0;
  #authorizationQueued = false;

  // registration
  #registration: AgentRegistrationStatus = 'unregistered';
  #account: { smartAccount: string; virtualAccount: string; exportControlled: boolean; productInstanceId: string } | undefined;
  #idCert: AgentIdCertificate | undefined;
  #initial: AgentAttempt | undefined;
  #lastRenewal: AgentAttempt | undefined;
  #nextRenewalAt: number | undefined;
  #expiresAt: number | undefined;
  #nextRegistrationAttemptAt: number | undefined;
  #token: Secret | undefined;
  #force = false;

  // authorization
  #authorization: AgentAuthorizationStatus = 'evaluation';
  #authorizationSince: number | undefined;
  #lastCommunication: AgentAttempt | undefined;
  #nextCommunicationAt: number | undefined;
  #deadlineAt: number | undefined;
  #communicationFailing = false;

  // evaluation
  #evaluationUsed: number;
  #evaluationSince: number | null = null;
  #evaluationExpiredAt: number | undefined;
  #evaluationExpiryLogged = false;

  // entitlements
  #usage: readonly EntitlementUse[];
  readonly #entitlementStatus = new Map<string, { status: EntitlementStatus; at: number }>();
  readonly #reported = new Map<string, number>();

  #lastFailure: AgentFailure | undefined;

  // NCS 560 SIA grace period (001:112): cumulative time spent out of compliance
  #siaGraceUsed = 0;
  #siaOutOfComplianceSince: number | null = null;

  constructor(device: EmulatedDevice, config: SmartAgentConfig) {
    this.device = device;
    this.#network = config.network;
    this.#usageOf = config.usage;
    this.#onError = config.onError ?? (() => undefined);
    this.#udi = { pid: device.identity.pid, sn: device.identity.serial };
    const used = config.evaluationUsedMs ?? 0;
    if (!Number.isFinite(used) || used < 0) throw new InvalidArgumentError('evaluationUsedMs', `must be a finite number ≥ 0, got ${used}`);
    this.#evaluationUsed = Math.min(used, EVALUATION_PERIOD_MS);
    const now = this.#now();
    this.startedAt = now;
    if (used >= EVALUATION_PERIOD_MS) this.#evaluationExpiredAt = now - (used - EVALUATION_PERIOD_MS);
    this.#stats = Object.fromEntries(SUBTYPES.map((s) => [s, { success: 0, failed: 0, inqueue: 0, dropped: 0 }])) as Record<
      CallHomeMessageSubtype,
      MutableCounters
    >;
    this.#usage = this.#usageOf();
    this.#resumeEvaluation(now);
    this.#stopListening = device.config.onChange(() => this.#configurationChanged());
  }

  // ------------------------------------------------------------------ requests

  /**
   * `license smart register idtoken <token> [force]`: answers at once; the REGISTER call home runs in the
   * background (watch `snapshot()` / `show license status`, or `await idle()`).
   */
  register(token: string | Secret, options: { readonly force?: boolean } = {}): AgentRequestResult {
    this.#assertRunning();
    checkToken(token instanceof Secret ? token.reveal() : token);
    const secret = token instanceof Secret ? token : new Secret(token);
    const force = options.force === true;
    if (this.#registration === 'registering') return this.#refuse('registration-in-progress');
    if (this.#registration === 'registered' && !force) return this.#refuse('already-registered');
    const now = this.#now();
    // `force` replaces the registration: the old one is dropped locally before the new one is asked for.
    if (this.#registration === 'registered') this.#clearRegistration(now);
    this.#token = secret;
    this.#force = force;
    this.#startRegistration(now);
    return { accepted: true, message: commandReplies.registration };
  }

  /** `license smart renew {id|auth}`: answers at once; the call home runs in the background. */
  renew(what: 'id' | 'auth'): AgentRequestResult {
    this.#assertRunning();
    if (what !== 'id' && what !== 'auth') throw new InvalidArgumentError('renew', `expected 'id' or 'auth', got ${JSON.stringify(what)}`);
    if (this.#registration === 'registering') return this.#refuse('registration-in-progress');
    if (this.#registration !== 'registered') return this.#refuse('not-registered');
    if (what === 'auth') {
      this.#requestAuthorization();
      return { accepted: true, message: commandReplies.renewAuthorization };
    }
    this.#enqueue('RENEW', (at) => this.#renewId(at));
    return { accepted: true, message: commandReplies.renewIdCertificate };
  }

  /**
   * `license smart deregister`: tells CSSM, then clears the local registration whatever CSSM answered (004:654-684)
   * and returns to evaluation with the period that is left. Resolves when done.
   */
  deregister(): Promise<AgentDeregisterResult> {
    this.#assertRunning();
    if (this.#registration === 'registering') return Promise.resolve(this.#refuse('registration-in-progress'));
    if (this.#registration !== 'registered') return Promise.resolve(this.#refuse('not-registered'));
    let result: AgentDeregisterResult = { accepted: true, acknowledged: false };
    const done = this.#enqueue('DEREGISTRATION', async (at) => {
      result = await this.#deregister(at);
    });
    return done.then(() => result);
  }

  /** Resolves when no call home is queued or in flight. */
  async idle(): Promise<void> {
    for (let round = 0; round < MAX_IDLE_ROUNDS && this.#pending > 0; round++) await this.#queue;
  }

  /** The cBR-8 DOCSIS CLI lock state (000:126-152); `none` on other models. */
  enforcement(): EnforcementState {
    return this.device.model === 'cBR-8' ? cbr8EnforcementState(this.#registration, this.#authorization) : 'none';
  }

  /**
   * The device rebooted. What a device keeps across a reload stays — registration, ID certificate, authorization,
   * their dates and timers, the evaluation time used — and what lives only in memory is gone: call homes queued or
   * in flight are lost, and the ID token with them, so a registration in progress ends unregistered and a failed
   * registration is not retried [INF: 001:357-366 keeps tokens only for the retry]; the call-home statistics restart.
   */
  restart(): void {
    this.#assertRunning();
    this.#generation++;
    this.#abort.abort();
    this.#abort = new AbortController();
    this.#authorizationQueued = false;
    if (this.#registration === 'registering') {
      this.#registration = 'unregistered';
      this.#initial = undefined;
      this.#force = false;
    }
    this.#token = undefined;
    this.#cancel('registration-retry');
    this.#nextRegistrationAttemptAt = undefined;
    for (const counters of Object.values(this.#stats)) {
      counters.success = 0;
      counters.failed = 0;
      counters.dropped = 0;
      delete counters.lastSentAt;
    }
    this.#usage = this.#usageOf();
  }

  /** Stops the timers and the configuration listener; a call home in flight is aborted and its reply ignored. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#abort.abort();
    for (const handle of this.#timers.values()) handle.cancel();
    this.#timers.clear();
    this.#stopListening();
    await this.idle();
  }

  snapshot(): SmartAgentSnapshot {
    const now = this.#now();
    const remaining = this.#evaluationRemaining(now);
    const inUse = this.#evaluationSince !== null;
    const statistics = Object.fromEntries(
      SUBTYPES.map((s) => {
        const c = this.#stats[s];
        const counters: CallHomeCounters = {
          success: c.success,
          failed: c.failed,
          inqueue: c.inqueue,
          dropped: c.dropped,
          ...(c.lastSentAt === undefined ? {} : { lastSentAt: c.lastSentAt }),
        };
        return [s, counters];
      }),
    ) as Record<CallHomeMessageSubtype, CallHomeCounters>;
    const account = this.#account;
    const snapshot: SmartAgentSnapshot = {
      at: now,
      udi: this.#udi,
      registration: {
        status: this.#registration,
        exportControlled: account?.exportControlled === true && this.#registration === 'registered' ? 'allowed' : 'not-allowed',
        ...(account === undefined
          ? {}
          : { smartAccount: account.smartAccount, virtualAccount: account.virtualAccount, productInstanceId: account.productInstanceId }),
        ...(this.#idCert === undefined ? {} : { idCertificate: this.#idCert }),
        ...(this.#initial === undefined ? {} : { initialRegistration: this.#initial }),
        ...(this.#lastRenewal === undefined ? {} : { lastRenewal: this.#lastRenewal }),
        ...(this.#nextRenewalAt === undefined ? {} : { nextRenewalAt: this.#nextRenewalAt }),
        ...(this.#expiresAt === undefined ? {} : { expiresAt: this.#expiresAt }),
        ...(this.#nextRegistrationAttemptAt === undefined ? {} : { nextRegistrationAttemptAt: this.#nextRegistrationAttemptAt }),
        ...(this.#registration === 'registering' || this.#registration === 'registered' ? { force: this.#force } : {}),
      },
      authorization: {
        status: this.#authorization,
        ...(this.#authorizationSince === undefined ? {} : { since: this.#authorizationSince }),
        ...(this.#lastCommunication === undefined ? {} : { lastCommunication: this.#lastCommunication }),
        ...(this.#nextCommunicationAt === undefined ? {} : { nextCommunicationAt: this.#nextCommunicationAt }),
        ...(this.#deadlineAt === undefined ? {} : { deadlineAt: this.#deadlineAt }),
      },
      evaluation: {
        inUse,
        remainingMs: remaining,
        ...(inUse && remaining > 0 ? { expiresAt: now + remaining } : {}),
        ...(this.#evaluationExpiredAt === undefined ? {} : { expiredAt: this.#evaluationExpiredAt }),
      },
      entitlements: this.#usage.map((u) => this.#entitlement(u)),
      enforcement: this.enforcement(),
      ...(this.device.model === 'NCS-560'
        ? { sia: { outOfCompliance: this.#siaOutOfComplianceSince !== null, graceRemainingMs: this.#siaGraceRemaining(now) } }
        : {}),
      ...(this.#lastFailure === undefined ? {} : { lastFailure: this.#lastFailure }),
      inFlight: this.#pending,
      statistics,
    };
    return snapshot;
  }

  // ------------------------------------------------------------------ authorization state

  #setAuthorization(at: number, status: AgentAuthorizationStatus, since: number | undefined): void {
    this.#authorization = status;
    this.#authorizationSince = since;
    const outOfCompliance = SIA_OUT_OF_COMPLIANCE.has(status);
    if (outOfCompliance && this.#siaOutOfComplianceSince === null) this.#siaOutOfComplianceSince = at;
    if (!outOfCompliance && this.#siaOutOfComplianceSince !== null) {
      this.#siaGraceUsed += Math.max(0, at - this.#siaOutOfComplianceSince);
      this.#siaOutOfComplianceSince = null;
    }
  }

  #siaGraceRemaining(now: number): number {
    const running = this.#siaOutOfComplianceSince === null ? 0 : Math.max(0, now - this.#siaOutOfComplianceSince);
    return Math.max(0, SIA_GRACE_PERIOD_MS - this.#siaGraceUsed - running);
  }

  // ------------------------------------------------------------------ evaluation

  #evaluationRemaining(now: number): number {
    const running = this.#evaluationSince === null ? 0 : Math.max(0, now - this.#evaluationSince);
    return Math.max(0, EVALUATION_PERIOD_MS - this.#evaluationUsed - running);
  }

  /** Not registered: the evaluation period is consumed (again) from `now`. */
  #resumeEvaluation(now: number): void {
    if (this.#evaluationSince === null) this.#evaluationSince = now;
    const remaining = this.#evaluationRemaining(now);
    if (remaining > 0) {
      this.#setAuthorization(now, 'evaluation', undefined);
      this.#arm('evaluation', now + remaining, () => this.#evaluationExpired(now + remaining));
      return;
    }
    const expiredAt = this.#evaluationExpiredAt ?? now;
    this.#evaluationExpiredAt = expiredAt;
    this.#setAuthorization(now, 'evaluation-expired', expiredAt);
    if (!this.#evaluationExpiryLogged) {
      this.#evaluationExpiryLogged = true;
      this.#log(now, agentMessages.evaluationExpired(this.#date(expiredAt)));
    }
    if (!this.#timers.has('evaluation-warning')) this.#warnEvaluationExpired(now);
  }

  #pauseEvaluation(now: number): void {
    if (this.#evaluationSince !== null) {
      this.#evaluationUsed = Math.min(EVALUATION_PERIOD_MS, this.#evaluationUsed + Math.max(0, now - this.#evaluationSince));
      this.#evaluationSince = null;
    }
    this.#cancel('evaluation');
    this.#cancel('evaluation-warning');
  }

  #evaluationExpired(at: number): void {
    this.#evaluationExpiredAt = at;
    this.#evaluationExpiryLogged = true;
    this.#setAuthorization(at, 'evaluation-expired', at);
    this.#log(at, agentMessages.evaluationExpired(this.#date(at)));
    this.#warnEvaluationExpired(at);
  }

  /** 'Smart Licensing evaluation expired' now and every hour after (001:464). */
  #warnEvaluationExpired(at: number): void {
    this.#log(at, agentMessages.evaluationExpiredWarning());
    const next = at + EVALUATION_EXPIRED_WARNING_MS;
    this.#arm('evaluation-warning', next, () => this.#warnEvaluationExpired(next));
  }

  // ------------------------------------------------------------------ registration

  #startRegistration(now: number): void {
    this.#registration = 'registering';
    this.#initial = { result: 'pending', at: now };
    this.#nextRegistrationAttemptAt = undefined;
    this.#cancel('registration-retry');
    this.#resumeEvaluation(now);
    this.#enqueue('REGISTRATION', (at) => this.#register(at));
  }

  async #register(at: number): Promise<void> {
    const token = this.#token;
    if (this.#registration !== 'registering' || token === undefined) return;
    const usage = this.#currentUsage();
    const outcome = await this.#send('REGISTRATION', at, {
      ...this.#message('REGISTER'),
      idToken: token.reveal(),
      ...(this.#force ? { force: true } : {}),
      usage,
    });
    if (this.#stopped || this.#registration !== 'registering') return;
    const reply = this.#success(outcome, 'REGISTER');
    if ('reason' in reply) {
      this.#registrationFailed(at, reply);
      return;
    }
    if (reply.messageType !== 'REGISTER') return;
    this.#token = undefined;
    this.#pauseEvaluation(at);
    this.#registration = 'registered';
    this.#account = {
      smartAccount: reply.smartAccount,
      virtualAccount: reply.virtualAccount,
      exportControlled: reply.exportControlled === 'ALLOWED',
      productInstanceId: reply.productInstanceId,
    };
    this.#idCert = certificateOf(reply.idCert);
    this.#initial = { result: 'succeeded', at };
    this.#lastRenewal = undefined;
    this.#scheduleIdRenewal(nextRegistrationRenewal(at));
    this.#expiresAt = this.#idCert.notAfter;
    this.#arm('registration-expiry', this.#expiresAt, () => this.#registrationExpired(this.#expiresAt ?? this.#now()));
    this.#count('ACKNOWLEDGEMENT', at, 'success');
    this.#log(at, agentMessages.registered(this.device.platform, udiOf(this.device.identity)));
    if (reply.authorization !== undefined) {
      this.#count('ENTITLEMENT', at, 'success');
      this.#authorized(at, reply.authorization);
    } else {
      this.#setAuthorization(at, 'authorization-pending', at);
      this.#requestAuthorization();
    }
  }

  #registrationFailed(at: number, failure: Failure): void {
    this.#registration = 'registration-failed';
    this.#initial = { result: 'failed', at, failureReason: failure.reason };
    if (failure.communication) this.#log(at, agentMessages.communicationFailed(this.device.platform, failure.reason));
    this.#log(at, agentMessages.registrationFailed(this.device.platform, failure.reason));
    this.#recordFailure('register', at, failure.reason);
    if (failure.communication) {
      const retryAt = at + REGISTRATION_RETRY_MS;
      this.#nextRegistrationAttemptAt = retryAt;
      this.#arm('registration-retry', retryAt, () => this.#startRegistration(retryAt));
    } else {
      this.#token = undefined;
    }
  }

  #registrationExpired(at: number): void {
    if (this.#registration !== 'registered') return;
    for (const name of ['communication', 'deadline', 'id-renewal']) this.#cancel(name);
    this.#registration = 'registration-expired';
    this.#account = undefined;
    this.#idCert = undefined;
    this.#nextRenewalAt = undefined;
    this.#nextCommunicationAt = undefined;
    this.#deadlineAt = undefined;
    this.#lastCommunication = undefined;
    this.#entitlementStatus.clear();
    this.#log(at, agentMessages.idCertificateExpired());
    this.#resumeEvaluation(at);
  }

  /** Back to not registered (deregistration, or `force` replacing a registration). */
  #clearRegistration(now: number): void {
    for (const name of ['communication', 'deadline', 'id-renewal', 'registration-expiry', 'registration-retry']) this.#cancel(name);
    this.#registration = 'unregistered';
    this.#account = undefined;
    this.#idCert = undefined;
    this.#initial = undefined;
    this.#lastRenewal = undefined;
    this.#nextRenewalAt = undefined;
    this.#expiresAt = undefined;
    this.#nextRegistrationAttemptAt = undefined;
    this.#lastCommunication = undefined;
    this.#nextCommunicationAt = undefined;
    this.#deadlineAt = undefined;
    this.#communicationFailing = false;
    this.#entitlementStatus.clear();
    this.#reported.clear();
    this.#token = undefined;
    this.#force = false;
    this.#resumeEvaluation(now);
  }

  async #deregister(at: number): Promise<AgentDeregisterResult> {
    if (this.#registration !== 'registered') return { accepted: false, refusal: 'not-registered', message: refusalTexts['not-registered'] };
    const outcome = await this.#send('DEREGISTRATION', at, { ...this.#message('DEREGISTER'), ...this.#certificateSerial() });
    if (this.#stopped) return { accepted: true, acknowledged: false };
    const reply = this.#success(outcome, 'DEREGISTER');
    this.#clearRegistration(at);
    if (!('reason' in reply)) {
      this.#log(at, agentMessages.deregistered(this.device.platform));
      return { accepted: true, acknowledged: true };
    }
    if (reply.communication) this.#log(at, agentMessages.communicationFailed(this.device.platform, reply.reason));
    // The syslog line is the agent's generic one (004:677); the detail goes to the failure record.
    this.#log(at, agentMessages.deregistrationFailed(this.device.platform, reply.communication ? reply.reason : DEREGISTRATION_FAILURE_STATUS));
    this.#recordFailure('deregister', at, reply.reason);
    return { accepted: true, acknowledged: false, failureReason: reply.reason, communicationFailed: reply.communication };
  }

  // ------------------------------------------------------------------ ID certificate

  #scheduleIdRenewal(at: number): void {
    this.#nextRenewalAt = at;
    this.#arm('id-renewal', at, () => this.#enqueue('RENEW', (sent) => this.#renewId(sent)));
  }

  async #renewId(at: number): Promise<void> {
    if (this.#registration !== 'registered') return;
    const outcome = await this.#send('RENEW', at, { ...this.#message('RENEW_ID'), ...this.#certificateSerial() });
    if (this.#stopped || this.#registration !== 'registered') return;
    const reply = this.#success(outcome, 'RENEW_ID');
    if ('reason' in reply) {
      this.#lastRenewal = { result: 'failed', at, failureReason: reply.reason };
      if (reply.communication) this.#communicationFailed(at, reply.reason);
      this.#log(at, agentMessages.idCertificateRenewalFailed(reply.reason));
      this.#recordFailure('renew-id', at, reply.reason);
      this.#scheduleIdRenewal(at + ID_RENEWAL_FAILURE_RETRY_MS);
      return;
    }
    if (reply.messageType !== 'RENEW_ID') return;
    this.#idCert = certificateOf(reply.idCert);
    this.#lastRenewal = { result: 'succeeded', at };
    this.#scheduleIdRenewal(nextRegistrationRenewal(at));
    this.#expiresAt = this.#idCert.notAfter;
    this.#arm('registration-expiry', this.#expiresAt, () => this.#registrationExpired(this.#expiresAt ?? this.#now()));
    this.#communicationRestored(at);
    this.#log(at, agentMessages.idCertificateRenewed(this.#date(this.#idCert.notAfter)));
  }

  // ------------------------------------------------------------------ authorization

  /** Queues one RENEW_AUTH (a request while one is waiting to be sent adds nothing). */
  #requestAuthorization(): void {
    if (this.#authorizationQueued) return;
    this.#authorizationQueued = true;
    this.#enqueue('ENTITLEMENT', (at) => {
      this.#authorizationQueued = false;
      return this.#renewAuthorization(at);
    });
  }

  async #renewAuthorization(at: number): Promise<void> {
    if (this.#registration !== 'registered') return;
    const usage = this.#currentUsage();
    const outcome = await this.#send('ENTITLEMENT', at, { ...this.#message('RENEW_AUTH'), ...this.#certificateSerial(), usage });
    if (this.#stopped || this.#registration !== 'registered') return;
    const reply = this.#success(outcome, 'RENEW_AUTH');
    if ('reason' in reply) {
      this.#lastCommunication = { result: 'failed', at, failureReason: reply.reason };
      if (reply.communication) this.#communicationFailed(at, reply.reason);
      this.#log(at, agentMessages.authorizationRenewalFailed(reply.reason));
      this.#recordFailure('renew-auth', at, reply.reason);
      const retry = this.#authorization === 'authorization-expired' ? AUTH_EXPIRED_RETRY_MS : AUTH_RENEWAL_FAILURE_RETRY_MS;
      this.#scheduleCommunication(at + retry);
      return;
    }
    if (reply.messageType !== 'RENEW_AUTH') return;
    this.#authorized(at, reply.authorization);
    this.#log(at, agentMessages.authorizationRenewed(reply.authorization.status));
  }

  /** A successful authorization (REGISTER with usage, or RENEW_AUTH). */
  #authorized(at: number, reply: AuthorizationReply): void {
    const status: AgentAuthorizationStatus = reply.status === 'AUTHORIZED' ? 'authorized' : 'out-of-compliance';
    if (this.#authorization !== status) {
      this.#setAuthorization(at, status, at);
      if (status === 'out-of-compliance') this.#log(at, agentMessages.outOfCompliance());
    }
    this.#lastCommunication = { result: 'succeeded', at };
    this.#communicationRestored(at);
    this.#reported.clear();
    for (const e of reply.entitlements) {
      const key = entitlementKey(e.tag);
      const next = ENTITLEMENT_STATUS[e.status];
      const previous = this.#entitlementStatus.get(key);
      this.#entitlementStatus.set(key, { status: next, at: previous?.status === next ? previous.at : at });
      this.#reported.set(key, e.count);
    }
    this.#deadlineAt = communicationDeadline(at);
    this.#arm('deadline', this.#deadlineAt, () => this.#authorizationExpired(this.#deadlineAt ?? this.#now()));
    this.#scheduleCommunication(nextCommunicationAttempt(at, status) ?? at + AUTH_RENEWAL_FAILURE_RETRY_MS);
  }

  #authorizationExpired(at: number): void {
    if (this.#registration !== 'registered') return;
    this.#setAuthorization(at, 'authorization-expired', at);
    this.#log(at, agentMessages.authorizationExpired(this.device.platform));
    const hourly = at + AUTH_EXPIRED_RETRY_MS;
    if (this.#nextCommunicationAt === undefined || this.#nextCommunicationAt > hourly) this.#scheduleCommunication(hourly);
  }

  #scheduleCommunication(at: number): void {
    this.#nextCommunicationAt = at;
    this.#arm('communication', at, () => this.#requestAuthorization());
  }

  /** `COMM_FAILED` when communication starts failing (each failed renewal logs its own `…_FAILED` too). */
  #communicationFailed(at: number, reason: string): void {
    if (this.#communicationFailing) return;
    this.#communicationFailing = true;
    this.#log(at, agentMessages.communicationFailed(this.device.platform, reason));
  }

  #communicationRestored(at: number): void {
    if (!this.#communicationFailing) return;
    this.#communicationFailing = false;
    this.#log(at, agentMessages.communicationRestored(this.device.platform));
  }

  // ------------------------------------------------------------------ usage

  #currentUsage(): { tag: string; count: number }[] {
    this.#usage = this.#usageOf();
    return this.#usage.map((u) => ({ tag: u.tag, count: u.count }));
  }

  #configurationChanged(): void {
    if (this.#stopped) return;
    let next: readonly EntitlementUse[];
    try {
      next = this.#usageOf();
    } catch (error) {
      this.#onError(error);
      return;
    }
    const same = next.length === this.#usage.length && next.every((u, i) => u.tag === this.#usage[i]?.tag && u.count === this.#usage[i]?.count);
    if (same) return;
    this.#usage = next;
    // A registered agent reports a change of consumption at once.
    if (this.#registration === 'registered') this.#requestAuthorization();
  }

  #entitlement(use: EntitlementUse): AgentEntitlement {
    const text = entitlementText(use.tag);
    const key = entitlementKey(use.tag);
    const cssm = this.#entitlementStatus.get(key);
    let status: EntitlementStatus;
    switch (this.#authorization) {
      case 'evaluation':
        status = 'evaluation';
        break;
      case 'evaluation-expired':
        status = 'evaluation-expired';
        break;
      case 'authorization-expired':
        status = 'authorization-expired';
        break;
      case 'authorization-pending':
        status = 'waiting';
        break;
      default:
        status = cssm?.status ?? 'waiting';
    }
    return {
      tag: use.tag,
      shortTag: text.shortTag,
      name: text.name,
      description: text.description,
      count: use.count,
      status,
      ...(cssm === undefined ? {} : { statusAt: cssm.at }),
      reportedCount: this.#reported.get(key) ?? 0,
    };
  }

  // ------------------------------------------------------------------ call home

  #message(type: DeviceMessageType): DeviceMessage {
    const identity = this.device.identity;
    const tag = SOFTWARE_TAGS[identity.model];
    return {
      protocol: DEVICE_PROTOCOL_VERSION,
      messageType: type,
      messageId: `${identity.serial}-${++this.#seq}`,
      udi: this.#udi,
      hostname: this.device.hostname,
      swVersion: identity.version,
      ...(tag === undefined ? {} : { softwareTag: tag }),
    };
  }

  #certificateSerial(): { idCertSerial?: string } {
    return this.#idCert === undefined ? {} : { idCertSerial: this.#idCert.serial };
  }

  /** Runs call homes one at a time, in request order; `at` is the device time of the request. */
  #enqueue(subtype: CallHomeMessageSubtype, task: (at: number) => Promise<void>): Promise<void> {
    const at = this.#now();
    const generation = this.#generation;
    const counters = this.#stats[subtype];
    counters.inqueue++;
    this.#pending++;
    const run = this.#queue
      .then(async () => {
        if (!this.#stopped && generation === this.#generation) await task(at);
      })
      .catch((error: unknown) => {
        if (!(error instanceof CallHomeLost)) this.#onError(error);
      })
      .finally(() => {
        counters.inqueue--;
        this.#pending--;
      });
    this.#queue = run;
    this.device.timers.track?.(run);
    return run;
  }

  /** Sends one call home; rejects with `CallHomeLost` when the device rebooted while it was in flight. */
  async #send(subtype: CallHomeMessageSubtype, at: number, message: DeviceMessage): Promise<CallHomeOutcome> {
    const counters = this.#stats[subtype];
    counters.lastSentAt = at;
    const generation = this.#generation;
    let outcome: CallHomeOutcome;
    try {
      outcome = await this.#network.send(this.device, message, { signal: this.#abort.signal });
    } catch (error) {
      // The seam promises never to reject; a broken network still fails like a device that could not send.
      this.#onError(error);
      outcome = { ok: false, cause: 'http', detail: 'Fail to send out Call Home HTTP message.' };
    }
    if (generation !== this.#generation) throw new CallHomeLost();
    if (outcome.ok && outcome.reply.status === 'SUCCESS') counters.success++;
    else if (!outcome.ok && outcome.cause === 'config') counters.dropped++;
    else counters.failed++;
    return outcome;
  }

  /** The success reply of an outcome, or why it failed. */
  #success(outcome: CallHomeOutcome, expected: DeviceMessageType): SuccessReply | Failure {
    if (!outcome.ok) return { reason: redactText(outcome.detail), communication: true };
    const reply: DeviceReply = outcome.reply;
    if (reply.status === 'FAILURE') return { reason: redactText(cssmFailureReason(reply.error.message)), communication: false };
    if (reply.messageType !== expected) return { reason: UNEXPECTED_REPLY, communication: true };
    return reply;
  }

  // ------------------------------------------------------------------ bookkeeping

  #assertRunning(): void {
    if (this.#stopped) throw new PlatformError(`the Smart Agent of ${this.device.name} is stopped (the device was closed)`);
  }

  #refuse(refusal: 'already-registered' | 'not-registered' | 'registration-in-progress'): { accepted: false; refusal: typeof refusal; message: string } {
    return { accepted: false, refusal, message: refusalTexts[refusal] };
  }

  #recordFailure(operation: AgentOperation, at: number, reason: string): void {
    this.#lastFailure = { operation, at, reason, code: classifyFailure(reason).code };
  }

  #count(subtype: CallHomeMessageSubtype, at: number, result: 'success'): void {
    const counters = this.#stats[subtype];
    counters[result]++;
    counters.lastSentAt = at;
  }

  #log(at: number, message: AgentMessage): void {
    this.device.syslog.append(syslogEntry(this.device.platform, at, { ...message, text: redactText(message.text) }));
  }

  #date(ms: number): string {
    return this.device.platform === 'ios-xe' ? xeLicenseDate(ms) : xrLicenseDate(ms);
  }

  #now(): number {
    return this.device.timers.now();
  }

  #arm(name: string, at: number, fn: () => void): void {
    this.#cancel(name);
    if (this.#stopped) return;
    const handle = this.device.timers.setTimeout(() => {
      if (this.#timers.get(name) === handle) this.#timers.delete(name);
      if (this.#stopped) return;
      try {
        fn();
      } catch (error) {
        this.#onError(error);
      }
    }, Math.max(0, at - this.#now()));
    this.#timers.set(name, handle);
  }

  #cancel(name: string): void {
    this.#timers.get(name)?.cancel();
    this.#timers.delete(name);
  }
}
