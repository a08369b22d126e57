/**
 * Smart Agent timers from the seeds, as plain functions of instants (epoch milliseconds, `Date` or ISO text), so
 * the driver, the compliance rules and the emulator's Smart Agent (virtual clock) compute the same deadlines.
 *
 * The devices print times a few seconds to minutes off these rules (they schedule from internal timestamps, e.g.
 * `Communication Deadline` = last success + 90 days − ~5 min, 000:567; `Registration Expires` = registration +
 * 365 days − up to 13 min, 001:816); the rules here are the documented periods.
 */
import { DAY, HOUR, MINUTE } from '../clock.js';
import { InvalidArgumentError } from '../errors.js';
import type { AttemptResult, AuthorizationStatus } from './types.js';

/** Unregistered devices run in evaluation for 90 days (001:352; XE "Eval-Expired" after ninety days, 000:130-132). */
export const EVALUATION_PERIOD_MS = 90 * DAY;
/** The ID certificate is valid one year (000:798-800: Mar 5 2015 → Mar 4 2016). */
export const ID_CERT_VALIDITY_MS = 365 * DAY;
/** The registration (ID certificate) is renewed every six months = 180 days (001:421, 004:240; 000:560 computed). */
export const ID_CERT_RENEWAL_MS = 180 * DAY;
/** `IdCert Expiration Warning` falls 60 days before `Certificate Expiration Check` (000:771-777). */
export const ID_CERT_EXPIRY_WARNING_MS = 60 * DAY;
/** Authorization is renewed every 30 days while Authorized or Out of Compliance (004:242, 001:423). */
export const AUTHORIZATION_RENEWAL_MS = 30 * DAY;
/** Without CSSM contact the authorization expires after 90 days: `Communication Deadline` (004:244, 000:134-136). */
export const AUTHORIZATION_VALIDITY_MS = 90 * DAY;
/** After AUTH EXPIRED the device tries CSSM every hour until the registration period expires (004:283). */
export const AUTH_EXPIRED_RETRY_MS = HOUR;
/** A registration that failed on communication is retried after 24 hours (004:236). */
export const REGISTRATION_RETRY_MS = 24 * HOUR;
/** Observed `Next Communication Attempt` = last attempt + 12 h while Out of Compliance (000:565-566, 001:820-821). */
export const OUT_OF_COMPLIANCE_RETRY_MS = 12 * HOUR;
/**
 * [INF] Retry after a failed communication attempt. The seeds print only successful attempts; an ASA agent in the
 * corpus retried 29 s later. One hour, the AUTH EXPIRED cadence, is used.
 */
export const COMMUNICATION_FAILURE_RETRY_MS = HOUR;
/** `Smart Licensing evaluation expired` is repeated on the console every hour (001:464). */
export const EVALUATION_EXPIRED_WARNING_MS = HOUR;
/** NCS 560 SIA grace period after entering SIA out-of-compliance, cumulative (001:112). */
export const SIA_GRACE_PERIOD_MS = 90 * DAY;
/** Registration tokens: 1–365 days, 30 by default (001:358, 000:409, 004:73). */
export const TOKEN_VALIDITY_DAYS = { min: 1, max: 365, default: 30 } as const;
/** XR platform collection and reporting intervals (004:409-410). */
export const PLATFORM_COLLECTION_INTERVAL_MS = 60 * MINUTE;
export const PLATFORM_REPORTING_INTERVAL_MS = 1440 * MINUTE;

/** An instant: epoch milliseconds, a `Date`, or ISO 8601 text. */
export type Instant = number | Date | string;

/** Epoch milliseconds of an instant; throws `InvalidArgumentError` for anything that is not one. */
export function toEpochMs(instant: Instant, name = 'instant'): number {
  const ms = typeof instant === 'number' ? instant : instant instanceof Date ? instant.getTime() : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError(name, `not a valid instant: ${String(instant)}`);
  return ms;
}

/** When the evaluation period that started at `start` ends. */
export function evaluationExpiry(start: Instant): number {
  return toEpochMs(start, 'evaluation start') + EVALUATION_PERIOD_MS;
}

/** Evaluation time left at `now` (never negative). */
export function evaluationRemaining(start: Instant, now: Instant): number {
  return Math.max(0, evaluationExpiry(start) - toEpochMs(now, 'now'));
}

/** "Not registered … for more than ninety days" (000:132): expired strictly after the 90 days. */
export function isEvaluationExpired(start: Instant, now: Instant): boolean {
  return toEpochMs(now, 'now') > evaluationExpiry(start);
}

/** Next automatic ID-certificate renewal after a registration or a successful renewal (+6 months). */
export function nextRegistrationRenewal(lastRegistration: Instant): number {
  return toEpochMs(lastRegistration, 'last registration') + ID_CERT_RENEWAL_MS;
}

/** When the ID certificate (the registration) issued at `lastRegistration` expires (+1 year). */
export function registrationExpiry(lastRegistration: Instant): number {
  return toEpochMs(lastRegistration, 'last registration') + ID_CERT_VALIDITY_MS;
}

/** The `IdCert Expiration Warning` job: 60 days before the certificate expires. */
export function idCertExpiryWarning(certificateExpiry: Instant): number {
  return toEpochMs(certificateExpiry, 'certificate expiry') - ID_CERT_EXPIRY_WARNING_MS;
}

/** Next scheduled authorization renewal after the last successful communication (+30 days). */
export function nextAuthorizationRenewal(lastSuccess: Instant): number {
  return toEpochMs(lastSuccess, 'last success') + AUTHORIZATION_RENEWAL_MS;
}

/** `Communication Deadline`: the authorization expires 90 days after the last successful communication. */
export function communicationDeadline(lastSuccess: Instant): number {
  return toEpochMs(lastSuccess, 'last success') + AUTHORIZATION_VALIDITY_MS;
}

/** "Fails to communicate … for more than ninety days" (000:136): expired strictly after the deadline. */
export function isAuthorizationExpired(lastSuccess: Instant, now: Instant): boolean {
  return toEpochMs(now, 'now') > communicationDeadline(lastSuccess);
}

/** When a registration that failed at `failedAt` is retried automatically (without `force`, 004:236). */
export function nextRegistrationRetry(failedAt: Instant): number {
  return toEpochMs(failedAt, 'failed at') + REGISTRATION_RETRY_MS;
}

/**
 * `Next Communication Attempt` after an attempt at `lastAttempt`:
 * - failed attempt → +1 h ({@link COMMUNICATION_FAILURE_RETRY_MS}, [INF]);
 * - AUTH EXPIRED → every hour (004:283);
 * - Out of Compliance → +12 h (observed 000:565-566, 001:820-821, 001:996-997);
 * - Authorized → +30 days (004:313-314, 004:456-457). [INF] 004:787-788 shows +12 h for an Authorized device right
 *   after registration; the seeds give no rule for that, the 30-day cadence of 004:242 is used;
 * - otherwise (evaluation, not registered) → null: the agent does not call home for authorization.
 */
export function nextCommunicationAttempt(lastAttempt: Instant, status: AuthorizationStatus, result: AttemptResult = 'succeeded'): number | null {
  const at = toEpochMs(lastAttempt, 'last attempt');
  if (result === 'failed') return at + COMMUNICATION_FAILURE_RETRY_MS;
  switch (status) {
    case 'authorization-expired':
      return at + AUTH_EXPIRED_RETRY_MS;
    case 'out-of-compliance':
      return at + OUT_OF_COMPLIANCE_RETRY_MS;
    case 'authorized':
    case 'not-authorized':
    case 'authorization-pending':
      return at + AUTHORIZATION_RENEWAL_MS;
    default:
      return null;
  }
}

/** Milliseconds from `now` until `target` (negative when past). */
export function timeUntil(target: Instant, now: Instant): number {
  return toEpochMs(target, 'target') - toEpochMs(now, 'now');
}

/** `89 days, 23 hours, 25 minutes, 40 seconds` — the way the agent prints a remaining time (000:693). */
export function formatRemaining(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days} days`);
  if (days > 0 || hours > 0) parts.push(`${hours} hours`);
  if (days > 0 || hours > 0 || minutes > 0) parts.push(`${minutes} minutes`);
  parts.push(`${seconds} seconds`);
  return parts.join(', ');
}
