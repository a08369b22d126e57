/**
 * `license smart deregister` (privileged EXEC; 000:1043-1051, 001:441-452, 004:238, 654-658), or over NETCONF the
 * `de-register` action: removes the registration, certificates and entitlements; the device goes back to
 * evaluation mode and CSSM drops the product instance. Followed until the device no longer holds a registration.
 */
import { runLicensingOperation, type LicensingResult, type OperationOptions } from './licensing-operation.js';
import { holdsNoRegistration } from './operation-progress.js';
import type { LicensingTarget } from './licensing-link.js';

export interface DeregisterOptions extends OperationOptions {
  /**
   * Accept CSSM refusing the deregistration (`%SMART_LIC-3-AGENT_DEREG_FAILED … Agent received a failure status in
   * a response message`) once the device has dropped its registration: the error the sync-loss procedure expects
   * (004:654-684); over NETCONF the action's `responsefailed` answer. The result's `tolerated` then carries the
   * refusal. Communication failures still fail.
   */
  readonly tolerateSyncLoss?: boolean;
}

export type DeregistrationResult = LicensingResult<'deregister'>;

/**
 * Deregisters the device; a device that holds no registration (unregistered, or a registration that failed or
 * expired) is left alone (`changed: false`, nothing sent).
 */
export function deregister(target: LicensingTarget, options: DeregisterOptions = {}): Promise<DeregistrationResult> {
  return runLicensingOperation(
    target,
    {
      operation: 'deregister',
      command: { line: 'license smart deregister', shown: 'license smart deregister', redact: false },
      action: { action: 'de-register' },
      precheck: (baseline) => (holdsNoRegistration(baseline.registration) ? 'unchanged' : 'proceed'),
      ...(options.tolerateSyncLoss === undefined ? {} : { tolerateSyncLoss: options.tolerateSyncLoss }),
    },
    options,
  );
}
