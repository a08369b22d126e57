/**
 * Device words → the licensing unions, in one place (the parse boundary). Matching is by keyword, case-insensitive,
 * so `AUTHORIZED`, `Authorized` (004:817) and `AUTHORIZED(3)` (000:709) all map the same way; anything not known
 * maps to `'unknown'` and the caller keeps the raw text beside it.
 */
import type {
  AttemptResult,
  AuthorizationStatus,
  CallHomeTransport,
  EnforcementType,
  EntitlementStatus,
  EvaluationMode,
  ExportControl,
  ExportStatus,
  FeatureState,
  HaRole,
  InstallState,
  LicenseTerm,
  ProfileStatus,
  RegistrationStatus,
  SiaStatus,
  TransportType,
} from '../licensing/types.js';

/**
 * Memoises a word → union mapping: devices print a small vocabulary over and over, so each distinct word is
 * normalised once.
 */
function memo<T>(fn: (raw: string) => T): (raw: string) => T {
  const cache = new Map<string, T>();
  return (raw: string): T => {
    let value = cache.get(raw);
    if (value === undefined) {
      value = fn(raw);
      if (cache.size >= 1024) cache.clear();
      cache.set(raw, value);
    }
    return value;
  };
}

function norm(raw: string): string {
  return raw
    .trim()
    .replace(/\(\d+\)$/, '')
    .replace(/[\s_-]+/g, ' ')
    .toUpperCase();
}

/** `REGISTERED`, `UNREGISTERED`, `UNREGISTERED - REGISTRATION FAILED`, `REGISTERING - REGISTRATION IN PROGRESS`, … */
export const registrationStatusOf = memo(function registrationStatusOf(raw: string): RegistrationStatus {
  const s = norm(raw);
  if (s.includes('FAIL')) return 'registration-failed';
  if (s.includes('IN PROGRESS') || s.startsWith('REGISTERING') || s.includes('PENDING')) return 'registering';
  if (s.includes('EXPIRED')) return 'registration-expired';
  if (s.startsWith('UNREGISTERED') || s === 'NOT REGISTERED') return 'unregistered';
  if (s.startsWith('UNIDENTIFIED')) return 'unidentified';
  if (s.startsWith('UNCONFIGURED') || s === 'DISABLED' || s === 'NOT CONFIGURED') return 'unconfigured';
  if (s.startsWith('REGISTERED')) return 'registered';
  return 'unknown';
});

/** `AUTHORIZED`, `OUT OF COMPLIANCE`, `EVAL MODE`, `EVAL EXPIRED`, `AUTH EXPIRED`, `Not Applicable`, … */
export const authorizationStatusOf = memo(function authorizationStatusOf(raw: string): AuthorizationStatus {
  const s = norm(raw);
  if (s.startsWith('EVAL') && s.includes('EXPIRED')) return 'evaluation-expired';
  if (s.startsWith('EVAL')) return 'evaluation';
  if (s.includes('EXPIRED')) return 'authorization-expired';
  if (s.includes('OUT OF COMPLIANCE') || s === 'OOC') return 'out-of-compliance';
  if (s.startsWith('NOT AUTHORIZED') || s.startsWith('UNAUTHORIZED')) return 'not-authorized';
  if (s.includes('PENDING') || s.startsWith('WAITING')) return 'authorization-pending';
  if (s.startsWith('AUTHORIZED')) return 'authorized';
  if (s.startsWith('NO LICENSES IN USE')) return 'no-licenses-in-use';
  if (s.startsWith('NOT APPLICABLE')) return 'not-applicable';
  return 'unknown';
});

/** Entitlement `Status:` (001:461-464 vocabulary plus SLP `IN USE` / `NOT IN USE`). */
export const entitlementStatusOf = memo(function entitlementStatusOf(raw: string): EntitlementStatus {
  const s = norm(raw);
  if (s.startsWith('EVAL') && s.includes('EXPIRED')) return 'evaluation-expired';
  if (s.startsWith('EVAL')) return 'evaluation';
  if (s.includes('EXPIRED')) return 'authorization-expired';
  if (s.includes('OUT OF COMPLIANCE') || s === 'OOC') return 'out-of-compliance';
  if (s.startsWith('NOT AUTHORIZED')) return 'not-authorized';
  if (s.startsWith('AUTHORIZED')) return 'authorized';
  if (s.startsWith('WAITING') || s.includes('PENDING')) return 'waiting';
  if (s.startsWith('INVALID')) return 'invalid';
  if (s.startsWith('DISABLED')) return 'disabled';
  if (s.startsWith('NOT IN USE') || s === 'UNUSED') return 'not-in-use';
  if (s.startsWith('IN USE')) return 'in-use';
  if (s.startsWith('RESERVED')) return 'reserved';
  if (s.startsWith('NOT APPLICABLE')) return 'not-applicable';
  return 'unknown';
});

/** `SUCCEEDED`, `SUCCESS`, `FAILED`, `None`, `PENDING`. */
export const attemptResultOf = memo(function attemptResultOf(raw: string): AttemptResult {
  const s = norm(raw);
  if (s.startsWith('SUCCE')) return 'succeeded';
  if (s.startsWith('FAIL')) return 'failed';
  if (s === 'NONE' || s === 'NEVER' || s === '<NONE>') return 'none';
  if (s.includes('PENDING') || s.includes('PROGRESS')) return 'pending';
  return 'unknown';
});

/** `ALLOWED`, `Allowed`, `NOT ALLOWED`, `Not Allowed`. */
export const exportControlOf = memo(function exportControlOf(raw: string): ExportControl {
  const s = norm(raw);
  if (s.startsWith('NOT ALLOWED') || s === 'DISALLOWED') return 'not-allowed';
  if (s.startsWith('ALLOWED')) return 'allowed';
  return 'unknown';
});

/** `NOT RESTRICTED`, `RESTRICTED - ALLOWED`, `RESTRICTED - NOT ALLOWED`. */
export const exportStatusOf = memo(function exportStatusOf(raw: string): ExportStatus {
  const s = norm(raw);
  if (s.startsWith('NOT RESTRICTED') || s === 'UNRESTRICTED') return 'not-restricted';
  if (s.startsWith('RESTRICTED')) {
    if (s.includes('NOT ALLOWED')) return 'restricted-not-allowed';
    if (s.includes('ALLOWED')) return 'restricted-allowed';
    return 'restricted';
  }
  return 'unknown';
});

export const enforcementTypeOf = memo(function enforcementTypeOf(raw: string): EnforcementType {
  const s = norm(raw);
  if (s.startsWith('NOT ENFORCED') || s === 'UNENFORCED') return 'not-enforced';
  if (s.startsWith('SOFT ENFORCED')) return 'soft-enforced';
  if (s.startsWith('EXPORT RESTRICTED')) return 'export-restricted';
  if (s.startsWith('ENFORCED')) return 'enforced';
  return 'unknown';
});

export const licenseTermOf = memo(function licenseTermOf(raw: string): LicenseTerm {
  const s = norm(raw);
  if (s.startsWith('PERPETUAL')) return 'perpetual';
  if (s.startsWith('SUBSCRIPTION')) return 'subscription';
  if (s.startsWith('GENERIC')) return 'generic';
  return 'unknown';
});

/** `ENABLED` / `DISABLED`, `enable` / `disable`, `yes` / `no`, `True` / `False`. */
export const featureStateOf = memo(function featureStateOf(raw: string): FeatureState {
  const s = norm(raw);
  if (s.startsWith('ENABLE') || s === 'YES' || s === 'TRUE' || s === 'ON' || s === 'ACTIVE') return 'enabled';
  if (s.startsWith('DISABLE') || s === 'NO' || s === 'FALSE' || s === 'OFF' || s === 'INACTIVE') return 'disabled';
  return 'unknown';
});

export function booleanOf(raw: string): boolean | undefined {
  const state = featureStateOf(raw);
  return state === 'unknown' ? undefined : state === 'enabled';
}

/** Evaluation Mode `Not In Use` / `In Use` / `Expired`. */
export const evaluationModeOf = memo(function evaluationModeOf(raw: string): EvaluationMode {
  const s = norm(raw);
  if (s.startsWith('NOT IN USE')) return 'not-in-use';
  if (s.includes('EXPIRED')) return 'expired';
  if (s.startsWith('IN USE') || s === 'ACTIVE') return 'in-use';
  return 'unknown';
});

/** `Type: Callhome` / `Smart` / `cslu` / `Transport Off` / `Automatic`. */
export const transportTypeOf = memo(function transportTypeOf(raw: string): TransportType {
  const s = norm(raw);
  if (s.startsWith('CALLHOME') || s.startsWith('CALL HOME')) return 'callhome';
  if (s.startsWith('SMART')) return 'smart';
  if (s.startsWith('CSLU')) return 'cslu';
  if (s.includes('OFF')) return 'off';
  if (s.startsWith('AUTO')) return 'automatic';
  return 'unknown';
});

export const profileStatusOf = memo(function profileStatusOf(raw: string): ProfileStatus {
  const s = norm(raw);
  if (s.startsWith('ACTIVE')) return 'active';
  if (s.startsWith('INACTIVE') || s.startsWith('NOT ACTIVE') || s.startsWith('DISABLED')) return 'inactive';
  return 'unknown';
});

/** `http`, `email`, `http and email` → the methods enabled. */
export function transportMethodsOf(raw: string): CallHomeTransport[] {
  const s = raw.toLowerCase();
  const out: CallHomeTransport[] = [];
  if (/\bhttps?\b/.test(s)) out.push('http');
  if (/\be-?mail\b/.test(s)) out.push('email');
  return out;
}

export const haRoleOf = memo(function haRoleOf(raw: string): HaRole {
  const s = norm(raw);
  if (s === 'ACTIVE') return 'active';
  if (s === 'STANDBY') return 'standby';
  if (s === 'MEMBER') return 'member';
  return 'unknown';
});

export const installStateOf = memo(function installStateOf(raw: string): InstallState {
  const s = norm(raw);
  if (s.startsWith('NOT INSTALLED')) return 'not-installed';
  if (s.startsWith('INSTALLED')) return 'installed';
  return 'unknown';
});

/** `In Compliance`, `Out of Compliance(Remaining Grace Period: …)`, `Out of Compliance(Grace Period Expired)`. */
export const siaStatusOf = memo(function siaStatusOf(raw: string): SiaStatus {
  const s = norm(raw);
  if (s.startsWith('IN COMPLIANCE')) return 'in-compliance';
  if (s.startsWith('OUT OF COMPLIANCE')) return s.includes('EXPIRED') ? 'out-of-compliance-grace-expired' : 'out-of-compliance';
  return 'unknown';
});

/** A setting's key as printed (`Contact person's  email address`) → trimmed, spaces collapsed, lower-cased. */
export const settingKeyOf = memo(function settingKeyOf(raw: string): string {
  return raw.trim().replace(/\s+/g, ' ').toLowerCase();
});

/** `<none>`, `<empty>`, `None` placeholders that mean "no value". */
export function isPlaceholder(value: string): boolean {
  return value === '<none>' || value === '<empty>' || value === '<NONE>' || value === '<EMPTY>';
}
