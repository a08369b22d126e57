/**
 * What each registration and authorization state means, from the seeds' own tables (004:273-283, 001:461-464,
 * 000:126-136), with the predicates the driver and the emulator branch on.
 */
import type { AuthorizationStatus, EntitlementStatus, RegistrationStatus } from './types.js';

export interface StateMeaning {
  /** The words the device prints for the state. */
  readonly printed: readonly string[];
  readonly meaning: string;
  /** Seed lines the meaning comes from ([INF] when inferred). */
  readonly source: string;
}

export const REGISTRATION_STATES: Readonly<Record<RegistrationStatus, StateMeaning>> = {
  unconfigured: { printed: ['Unconfigured'], meaning: 'Smart Software Licensing is not configured.', source: '004:278' },
  unidentified: {
    printed: ['Unidentified'],
    meaning: 'Smart Licensing is enabled but the device is not registered; after a failed ID-certificate renewal the instance returns here and consumes the evaluation period.',
    source: '004:279, 004:240, 001:427',
  },
  unregistered: {
    printed: ['UNREGISTERED'],
    meaning: 'Not registered: licenses run in EVAL mode for 90 days; export-controlled functionality is not allowed.',
    source: '001:573-574, 001:352',
  },
  registering: { printed: ['REGISTERING - REGISTRATION IN PROGRESS'], meaning: 'A registration with a token is in progress.', source: '[INF]' },
  registered: {
    printed: ['REGISTERED'],
    meaning: 'Registration completed: the ID certificate was received and is used for all further communication.',
    source: '004:280, 000:464',
  },
  'registration-failed': {
    printed: ['UNREGISTERED - REGISTRATION FAILED'],
    meaning: 'The last registration failed (communication or token); it is retried after 24 h, or forced with `license smart register idtoken <token> force`.',
    source: '004:236, 000:471-480',
  },
  'registration-expired': {
    printed: ['REGISTRATION EXPIRED'],
    meaning: 'The ID certificate expired without renewal; the device has to register again.',
    source: '[INF] 004:283 "until the registration period expires"',
  },
  unknown: { printed: [], meaning: 'A state word this version does not know; see the raw text.', source: '' },
};

export const AUTHORIZATION_STATES: Readonly<Record<AuthorizationStatus, StateMeaning>> = {
  authorized: {
    printed: ['AUTHORIZED', 'Authorized'],
    meaning: 'Registered with a valid Smart Account, consumption has begun and is within what the account holds.',
    source: '004:281, 001:461',
  },
  'out-of-compliance': {
    printed: ['OUT OF COMPLIANCE'],
    meaning: 'Consumption exceeds the licenses available in the virtual account: buy more licenses or renew the existing ones.',
    source: '004:282, 001:461',
  },
  'authorization-expired': {
    printed: ['AUTH EXPIRED', 'AUTHORIZATION EXPIRED'],
    meaning: 'No contact with CSSM for 90 days; the device retries every hour until the registration period expires. On a cBR-8 the DOCSIS CLIs are locked.',
    source: '004:283, 004:244, 000:134-138',
  },
  'authorization-pending': { printed: ['WAITING'], meaning: 'Initial state after the entitlement request, before CSSM answered.', source: '001:461' },
  evaluation: {
    printed: ['EVAL MODE', 'EVALUATION MODE'],
    meaning: 'Not registered: the 90-day evaluation period is being consumed; register the device before it ends.',
    source: '001:461-464, 001:352',
  },
  'evaluation-expired': {
    printed: ['EVAL EXPIRED'],
    meaning: 'Not registered for more than 90 days: an hourly console warning (XR) and, on a cBR-8, the DOCSIS CLI lock; register with a new token.',
    source: '001:577, 001:464, 000:130-132',
  },
  'not-authorized': {
    printed: ['NOT AUTHORIZED'],
    meaning: 'The authorization held does not contain enough counts for the request.',
    source: '001:98',
  },
  'no-licenses-in-use': { printed: ['No Licenses in Use'], meaning: 'Nothing is consumed, so there is nothing to authorize.', source: '[INF]' },
  'not-applicable': {
    printed: ['Not Applicable'],
    meaning: 'Smart Licensing Using Policy: per-license authorization does not apply; usage is reported instead.',
    source: 'corpus (SLP show license usage)',
  },
  unknown: { printed: [], meaning: 'A state word this version does not know; see the raw text.', source: '' },
};

/** The agent holds a valid ID certificate. */
export function isRegistered(status: RegistrationStatus): boolean {
  return status === 'registered';
}

/** Not registered (or lost its registration): licenses consume the evaluation period. */
export function isInEvaluation(registration: RegistrationStatus, authorization?: AuthorizationStatus): boolean {
  if (authorization === 'evaluation' || authorization === 'evaluation-expired') return true;
  return registration === 'unregistered' || registration === 'unidentified' || registration === 'registration-failed';
}

/** The authorization period is renewed (every 30 days) only while Authorized or Out of Compliance (004:242). */
export function renewsAuthorization(status: AuthorizationStatus): boolean {
  return status === 'authorized' || status === 'out-of-compliance';
}

/** Entitlement states that need more licenses or a renewal. */
export function isEntitlementNonCompliant(status: EntitlementStatus): boolean {
  return (
    status === 'out-of-compliance' ||
    status === 'authorization-expired' ||
    status === 'evaluation-expired' ||
    status === 'not-authorized' ||
    status === 'invalid'
  );
}
