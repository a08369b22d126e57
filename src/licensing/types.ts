/**
 * The licensing vocabulary, as string-literal unions. Device text is mapped to these once, at the parse
 * boundary (src/parsers); everything above switches on them. Where a device prints a word this union does
 * not know, parsers return `'unknown'` and keep the raw string beside it.
 *
 * Meanings (seed 004:273-283, 001:454-474, 000:126-136):
 * - unconfigured: Smart Licensing not configured; unidentified / unregistered: enabled but not registered
 *   (the device runs in evaluation mode); registering: a registration is in progress; registered: the ID
 *   certificate was received; registration-failed: the last registration attempt failed;
 *   registration-expired: the ID certificate expired without renewal.
 * - authorized: registered, consumption begun, compliant; out-of-compliance: consumption exceeds what the
 *   virtual account holds; authorization-expired: no CSSM contact for 90 days ("AUTH EXPIRED");
 *   evaluation / evaluation-expired: unregistered, within / past the 90-day evaluation period.
 */

/**
 * `classic`: Registration / License Authorization blocks (Smart Agent before Smart Licensing Using Policy);
 * `slp`: Smart Licensing Using Policy (`Smart Licensing Using Policy:`, `Account Information:`, usage reporting);
 * `traditional`: non-smart (CSL/PAK) license listings.
 */
export type LicensingMode = 'classic' | 'slp' | 'traditional';

export type RegistrationStatus =
  | 'unconfigured'
  | 'unidentified'
  | 'unregistered'
  | 'registering'
  | 'registered'
  | 'registration-failed'
  | 'registration-expired'
  | 'unknown';

export type AuthorizationStatus =
  | 'authorized'
  | 'out-of-compliance'
  | 'authorization-expired'
  | 'authorization-pending'
  | 'evaluation'
  | 'evaluation-expired'
  | 'not-authorized'
  | 'no-licenses-in-use'
  /** SLP devices print `Status: Not Applicable` under License Authorization. */
  | 'not-applicable'
  | 'unknown';

export type EntitlementStatus =
  | 'authorized'
  | 'out-of-compliance'
  | 'authorization-expired'
  | 'evaluation'
  | 'evaluation-expired'
  | 'waiting'
  | 'not-authorized'
  | 'invalid'
  | 'disabled'
  | 'in-use'
  | 'not-in-use'
  | 'reserved'
  | 'not-applicable'
  | 'unknown';

export type ExportControl = 'allowed' | 'not-allowed' | 'unknown';

export type TransportType = 'callhome' | 'smart' | 'cslu' | 'off' | 'automatic' | 'unknown';

export type AttemptResult = 'succeeded' | 'failed' | 'pending' | 'none' | 'unknown';

/** `Smart Licensing is ENABLED` / `Smart Licensing Using Policy: Status: ENABLED`. */
export type FeatureState = 'enabled' | 'disabled' | 'unknown';

/** Entitlement `Export status:` — `NOT RESTRICTED`, `RESTRICTED - ALLOWED`, `RESTRICTED - NOT ALLOWED`. */
export type ExportStatus = 'not-restricted' | 'restricted-allowed' | 'restricted-not-allowed' | 'restricted' | 'unknown';

/** Entitlement `Enforcement type:` (SLP) — `NOT ENFORCED`, `ENFORCED`, `SOFT ENFORCED`, `EXPORT RESTRICTED`. */
export type EnforcementType = 'not-enforced' | 'enforced' | 'soft-enforced' | 'export-restricted' | 'unknown';

/** Entitlement `License type:` (SLP). */
export type LicenseTerm = 'perpetual' | 'subscription' | 'generic' | 'unknown';

/** `Evaluation Mode:` in `show license tech support` (000:692). */
export type EvaluationMode = 'in-use' | 'not-in-use' | 'expired' | 'unknown';

/** Call-home profile `Profile status:`. */
export type ProfileStatus = 'active' | 'inactive' | 'unknown';

/** Call-home `destination transport-method`. */
export type CallHomeTransport = 'http' | 'email';

/** NCS 560 `SIA Status:` in `show license platform summary` (001:129, 148, 170). */
export type SiaStatus = 'in-compliance' | 'out-of-compliance' | 'out-of-compliance-grace-expired' | 'unknown';

/** SLP trust code / reservation / authorization-code state per HA member (`INSTALLED`, `NOT INSTALLED`). */
export type InstallState = 'installed' | 'not-installed' | 'unknown';

/** Roles in an HA UDI list or stack (`Active:`, `Standby:`, `Member:`). */
export type HaRole = 'active' | 'standby' | 'member' | 'unknown';
