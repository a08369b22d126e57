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

export type LicensingMode = 'classic' | 'slp';

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
  | 'unknown';

export type ExportControl = 'allowed' | 'not-allowed' | 'unknown';

export type TransportType = 'callhome' | 'smart' | 'cslu' | 'off' | 'automatic' | 'unknown';

export type AttemptResult = 'succeeded' | 'failed' | 'pending' | 'none' | 'unknown';
