/**
 * `license smart renew id` (the ID certificate) and `license smart renew auth` (the authorization) in privileged
 * EXEC (001:419-439, 004:240-244), or over NETCONF the `renew-id` / `renew-auth` actions, followed to completion.
 * IOS-XE agents before the `{id|auth}` keywords take only `license smart renew`, which renews the registration
 * (000:1033-1041); when the device rejects the keyword form with `% Invalid input`, that plain form is sent instead
 * and the same attempt is tracked.
 */
import { LicensingError } from '../errors.js';
import { runLicensingOperation, type LicensingResult, type OperationCommand, type OperationOptions } from './licensing-operation.js';
import { holdsNoRegistration } from './operation-progress.js';
import type { LicensingObservation } from './licensing-observation.js';
import type { LicensingTarget } from './licensing-link.js';

export type RenewOptions = OperationOptions;

function plain(line: string): OperationCommand {
  return { line, shown: line, redact: false };
}

/** Renewal needs a registration (001:431-434); refused before anything is sent otherwise. */
function requireRegistration(target: LicensingTarget, operation: 'renew-id' | 'renew-auth') {
  return (baseline: LicensingObservation): 'proceed' => {
    if (holdsNoRegistration(baseline.registration)) {
      throw new LicensingError('E_NOT_REGISTERED', operation, 'the device is not registered; register it first', {
        host: target.host,
        evidence: [`Registration Status: ${baseline.registrationRaw}`],
      });
    }
    return 'proceed';
  };
}

function fallbackFor(target: LicensingTarget): { fallback?: OperationCommand } {
  return target.platform === 'ios-xe' ? { fallback: plain('license smart renew') } : {};
}

/** Renews the ID certificate; resolves when `Last Renewal Attempt` shows the new attempt succeeded. */
export function renewId(target: LicensingTarget, options: RenewOptions = {}): Promise<LicensingResult<'renew-id'>> {
  return runLicensingOperation(
    target,
    {
      operation: 'renew-id',
      command: plain('license smart renew id'),
      ...fallbackFor(target),
      action: { action: 'renew-id' },
      precheck: requireRegistration(target, 'renew-id'),
    },
    options,
  );
}

/**
 * Renews the authorization (also the retry after `AUTH EXPIRED`, 004:244); resolves when `Last Communication
 * Attempt` shows the new attempt succeeded. After the product instance was removed in CSSM this fails with
 * `E_SYNC_LOST` (`Data and signature do not match`, 004:635-647).
 */
export function renewAuth(target: LicensingTarget, options: RenewOptions = {}): Promise<LicensingResult<'renew-auth'>> {
  return runLicensingOperation(
    target,
    {
      operation: 'renew-auth',
      command: plain('license smart renew auth'),
      ...fallbackFor(target),
      action: { action: 'renew-auth' },
      precheck: requireRegistration(target, 'renew-auth'),
    },
    options,
  );
}
