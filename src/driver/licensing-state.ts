/**
 * The licensing state of one device as results, reports and the `smartlic status` table show it: the unions of
 * the licensing domain, the account, and the dates as ISO 8601 UTC. Pure: built from a parsed `show license
 * status` (or `all`) output.
 */
import type { AuthorizationStatus, ExportControl, RegistrationStatus, AttemptResult } from '../licensing/types.js';
import type { Attempt, DeviceTime, LicenseReport } from '../parsers/types.js';

export interface AttemptState {
  readonly result: AttemptResult;
  /** ISO 8601 UTC, or null when the device printed no date (or one whose zone is unknown). */
  readonly at: string | null;
  readonly failureReason: string | null;
}

export interface LicensingState {
  readonly registration: RegistrationStatus;
  /** As printed: `REGISTERED`, `UNREGISTERED - REGISTRATION FAILED` … ('' when not printed). */
  readonly registrationRaw: string;
  readonly authorization: AuthorizationStatus;
  /** As printed: `AUTHORIZED`, `OUT OF COMPLIANCE`, `EVAL MODE` … ('' when not printed). */
  readonly authorizationRaw: string;
  readonly smartAccount: string | null;
  readonly virtualAccount: string | null;
  /** `Export-Controlled Functionality:` (IOS-XR and newer agents; 001:812). */
  readonly exportControl: ExportControl | null;
  /** `Initial Registration: SUCCEEDED on …`. */
  readonly registeredAt: string | null;
  readonly initialRegistration: AttemptState | null;
  /** `Last Renewal Attempt:` (ID certificate). */
  readonly lastRenewal: AttemptState | null;
  /** `Next Renewal Attempt:` (ID certificate, registration + 180 days). */
  readonly nextRenewalAt: string | null;
  /** `Registration Expires:`; `never` for old agents (000:561). */
  readonly registrationExpiresAt: string | 'never' | null;
  /** The date in `Status: AUTHORIZED on …`. */
  readonly authorizedSince: string | null;
  readonly lastCommunication: AttemptState | null;
  /** `Next Communication Attempt:` (the next authorization renewal). */
  readonly nextCommunicationAt: string | null;
  /** `Communication Deadline:` (authorization expires without CSSM contact by then). */
  readonly communicationDeadline: string | null;
}

function iso(time: DeviceTime | undefined): string | null {
  return time?.iso ?? null;
}

function attempt(a: Attempt | undefined): AttemptState | null {
  if (a === undefined) return null;
  return { result: a.result, at: iso(a.at), failureReason: a.failureReason ?? null };
}

export function licensingStateOf(report: LicenseReport): LicensingState {
  const reg = report.registration;
  const auth = report.authorization;
  const initial = reg?.initialRegistration;
  return {
    registration: reg?.status ?? 'unknown',
    registrationRaw: reg?.statusRaw ?? '',
    authorization: auth?.status ?? 'unknown',
    authorizationRaw: auth?.statusRaw ?? '',
    smartAccount: reg?.smartAccount ?? report.account?.smartAccount ?? null,
    virtualAccount: reg?.virtualAccount ?? report.account?.virtualAccount ?? null,
    exportControl: reg?.exportControlled ?? null,
    registeredAt: initial?.result === 'succeeded' ? iso(initial.at) : null,
    initialRegistration: attempt(initial),
    lastRenewal: attempt(reg?.lastRenewalAttempt),
    nextRenewalAt: iso(reg?.nextRenewalAttempt),
    registrationExpiresAt: reg?.neverExpires === true ? 'never' : iso(reg?.registrationExpires),
    authorizedSince: iso(auth?.since),
    lastCommunication: attempt(auth?.lastCommunicationAttempt),
    nextCommunicationAt: iso(auth?.nextCommunicationAttempt),
    communicationDeadline: iso(auth?.communicationDeadline),
  };
}
