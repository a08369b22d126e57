/**
 * What an emulated device's Smart Agent knows, as a typed read-only snapshot (`SmartAgent.snapshot()`): the
 * registration (ID certificate, accounts, renewals), the authorization (status, communication attempts, deadline),
 * the evaluation period, the entitlements in use with their per-entitlement status from CSSM, the cBR-8
 * enforcement state, the last failure (classified) and the call-home message counters. Instants are epoch ms on the
 * device clock. The CLI renderers, the NETCONF layer and tests read only this.
 */
import type { RegistrationErrorCode } from '../../errors.js';
import type { EnforcementState } from '../../licensing/enforcement.js';
import type { AttemptResult, EntitlementStatus, ExportControl } from '../../licensing/types.js';

/** The registration states the agent goes through (a subset of the licensing `RegistrationStatus`). */
export type AgentRegistrationStatus = 'unregistered' | 'registering' | 'registered' | 'registration-failed' | 'registration-expired';

/** The authorization states the agent goes through (a subset of the licensing `AuthorizationStatus`). */
export type AgentAuthorizationStatus =
  | 'evaluation'
  | 'evaluation-expired'
  | 'authorization-pending'
  | 'authorized'
  | 'out-of-compliance'
  | 'authorization-expired';

export type AgentOperation = 'register' | 'renew-id' | 'renew-auth' | 'deregister';

export interface AgentAttempt {
  readonly result: Extract<AttemptResult, 'succeeded' | 'failed' | 'pending'>;
  readonly at: number;
  /** Printed under a failed attempt as `Failure reason:`. */
  readonly failureReason?: string;
}

export interface AgentIdCertificate {
  readonly serial: string;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly commonName: string;
  readonly signer: string;
  readonly subCa: string;
}

export interface AgentRegistration {
  readonly status: AgentRegistrationStatus;
  readonly smartAccount?: string;
  readonly virtualAccount?: string;
  readonly exportControlled: Extract<ExportControl, 'allowed' | 'not-allowed'>;
  readonly productInstanceId?: string;
  readonly idCertificate?: AgentIdCertificate;
  /** `Initial Registration:` — the last registration attempt (pending, failed or succeeded). */
  readonly initialRegistration?: AgentAttempt;
  /** `Last Renewal Attempt:` of the ID certificate; undefined prints `None`. */
  readonly lastRenewal?: AgentAttempt;
  readonly nextRenewalAt?: number;
  readonly expiresAt?: number;
  /** A registration that failed on communication is retried after 24 hours (004:236). */
  readonly nextRegistrationAttemptAt?: number;
  /** The last registration was made with `force`. */
  readonly force?: boolean;
}

export interface AgentAuthorization {
  readonly status: AgentAuthorizationStatus;
  /** `Status: <S> on <since>`. */
  readonly since?: number;
  readonly lastCommunication?: AgentAttempt;
  readonly nextCommunicationAt?: number;
  /** `Communication Deadline:` — 90 days after the last successful communication. */
  readonly deadlineAt?: number;
}

export interface AgentEvaluation {
  /** The evaluation period is being consumed (not registered). */
  readonly inUse: boolean;
  readonly remainingMs: number;
  /** When the period ends if it keeps running (only while in use and not yet expired). */
  readonly expiresAt?: number;
  /** When it ran out. */
  readonly expiredAt?: number;
}

export interface AgentEntitlement {
  /** The tag sent to CSSM (full `regid.…` or short). */
  readonly tag: string;
  /** The tag the device prints in parentheses (`US_License`, `S-NCS1K4-LIC-100G=`). */
  readonly shortTag: string;
  /** License name printed before the tag on IOS-XR (`Access Essentials SW Right-to-Use v1.0 per 100G`). */
  readonly name: string;
  readonly description: string;
  readonly count: number;
  readonly status: EntitlementStatus;
  /** When the status was last set. */
  readonly statusAt?: number;
  /** The count CSSM last heard (0 before the first report). */
  readonly reportedCount: number;
}

export interface AgentFailure {
  readonly operation: AgentOperation;
  readonly at: number;
  /** The device's words, as printed in `Failure reason:` and syslog. */
  readonly reason: string;
  /** `classifyFailure(reason)` — how a driver reading the device classifies it. */
  readonly code: RegistrationErrorCode;
}

/** `show call-home smart-licensing statistics` rows (000:999-1003). */
export type CallHomeMessageSubtype = 'REGISTRATION' | 'ACKNOWLEDGEMENT' | 'ENTITLEMENT' | 'RENEW' | 'DEREGISTRATION';

export interface CallHomeCounters {
  readonly success: number;
  readonly failed: number;
  readonly inqueue: number;
  readonly dropped: number;
  readonly lastSentAt?: number;
}

export interface SmartAgentSnapshot {
  /** Device clock when the snapshot was taken. */
  readonly at: number;
  readonly udi: { readonly pid: string; readonly sn: string };
  readonly registration: AgentRegistration;
  readonly authorization: AgentAuthorization;
  readonly evaluation: AgentEvaluation;
  readonly entitlements: readonly AgentEntitlement[];
  /** cBR-8 DOCSIS CLI lock (000:126-152); always `none` on other models. */
  readonly enforcement: EnforcementState;
  /** NCS 560 only: SIA compliance and the cumulative 90-day grace period left (001:86-112). */
  readonly sia?: { readonly outOfCompliance: boolean; readonly graceRemainingMs: number };
  readonly lastFailure?: AgentFailure;
  /** Call homes queued or in flight. */
  readonly inFlight: number;
  readonly statistics: Readonly<Record<CallHomeMessageSubtype, CallHomeCounters>>;
}

/** Why the agent refused a request at once (the CLI prints the message). */
export type AgentRefusal = 'already-registered' | 'not-registered' | 'registration-in-progress';

export type AgentRequestResult =
  | { readonly accepted: true; readonly message: string }
  | { readonly accepted: false; readonly refusal: AgentRefusal; readonly message: string };

export type AgentDeregisterResult =
  | {
      readonly accepted: true;
      /** CSSM acknowledged the deregistration; when false the local state was cleared anyway (004:654-684). */
      readonly acknowledged: boolean;
      readonly failureReason?: string;
      /** Not acknowledged because CSSM could not be reached (as opposed to CSSM refusing). */
      readonly communicationFailed?: boolean;
    }
  | { readonly accepted: false; readonly refusal: AgentRefusal; readonly message: string };
