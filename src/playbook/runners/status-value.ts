/**
 * What the `status` task registers: the driver's typed `LicensingState` grouped by what it is about, so that
 * playbooks read `st.value.registration.status` and `st.value.authorization.status`, plus the compliance
 * evaluation of the licensing domain and, on request, the UDI and the entitlements in use. Dates are ISO 8601 UTC.
 */
import type { Clock } from '../../clock.js';
import type { LicensingState } from '../../driver/licensing-state.js';
import type { LicensingStatus } from '../../driver/licensing-status.js';
import { evaluateCompliance, type ComplianceReport } from '../../licensing/compliance.js';
import type { AuthorizationStatus, RegistrationStatus } from '../../licensing/types.js';
import type { PlatformId } from '../../platforms/types.js';

/** The driver's registration fields, as they are, plus the status under shorter names. */
export interface RegistrationView
  extends Pick<LicensingState, 'smartAccount' | 'virtualAccount' | 'exportControl' | 'registeredAt' | 'initialRegistration' | 'lastRenewal' | 'nextRenewalAt'> {
  readonly status: RegistrationStatus;
  /** As printed (`REGISTERED`, `UNREGISTERED - REGISTRATION FAILED` …). */
  readonly raw: string;
  readonly expiresAt: LicensingState['registrationExpiresAt'];
}

/** The driver's authorization fields, as they are, plus the status under shorter names. */
export interface AuthorizationView extends Pick<LicensingState, 'lastCommunication' | 'nextCommunicationAt' | 'communicationDeadline'> {
  readonly status: AuthorizationStatus;
  readonly raw: string;
  readonly since: LicensingState['authorizedSince'];
}

export interface ComplianceView {
  readonly status: ComplianceReport['status'];
  readonly findings: ReadonlyArray<{ readonly code: string; readonly severity: string; readonly message: string }>;
}

export interface StatusValue {
  readonly platform: PlatformId;
  readonly model: string | null;
  readonly registration: RegistrationView;
  readonly authorization: AuthorizationView;
  readonly compliance: ComplianceView;
  readonly udi?: { readonly pid: string | null; readonly sn: string | null };
  /** `show license summary`: the entitlements in use. */
  readonly usage?: ReadonlyArray<{ readonly tag: string; readonly name: string | null; readonly count: number | null; readonly status: string | null }>;
}

export function registrationView(state: LicensingState): RegistrationView {
  return {
    status: state.registration,
    raw: state.registrationRaw,
    smartAccount: state.smartAccount,
    virtualAccount: state.virtualAccount,
    exportControl: state.exportControl,
    registeredAt: state.registeredAt,
    initialRegistration: state.initialRegistration,
    lastRenewal: state.lastRenewal,
    nextRenewalAt: state.nextRenewalAt,
    expiresAt: state.registrationExpiresAt,
  };
}

export function authorizationView(state: LicensingState): AuthorizationView {
  return {
    status: state.authorization,
    raw: state.authorizationRaw,
    since: state.authorizedSince,
    lastCommunication: state.lastCommunication,
    nextCommunicationAt: state.nextCommunicationAt,
    communicationDeadline: state.communicationDeadline,
  };
}

/** `model`: the inventory's, for devices whose outputs do not name it. */
export function statusValue(status: LicensingStatus, clock: Clock, model?: string): StatusValue {
  const compliance = evaluateCompliance(status.snapshot, clock);
  return {
    platform: status.platform,
    model: status.snapshot.model ?? model ?? null,
    registration: registrationView(status.state),
    authorization: authorizationView(status.state),
    compliance: { status: compliance.status, findings: compliance.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })) },
    ...(status.udi === undefined ? {} : { udi: { pid: status.udi.pid ?? null, sn: status.udi.sn ?? null } }),
    ...(status.summary === undefined
      ? {}
      : { usage: (status.snapshot.entitlements ?? []).map((e) => ({ tag: e.tag, name: e.name ?? null, count: e.count ?? null, status: e.status ?? null })) }),
  };
}
