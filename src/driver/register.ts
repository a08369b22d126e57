/**
 * `license smart register idtoken <token> [force]` (privileged EXEC; 000:433-460, 001:412-417, 004:234-236), or
 * over NETCONF the `register-id-token` action, followed to completion: the device registers in the background and
 * the result shows in `show license status` and the syslog, or in the Smart Agent state (see licensing-operation.ts).
 */
import { LicensingError } from '../errors.js';
import { REDACTED, type Secret } from '../secret.js';
import { validateIdToken } from './id-token.js';
import { runLicensingOperation, type LicensingResult, type OperationOptions } from './licensing-operation.js';
import type { LicensingTarget } from './licensing-link.js';

export interface RegisterOptions extends OperationOptions {
  /**
   * Re-register a device that is registered already (`… force`, 004:236: also the way to retry at once after a
   * registration failed on communication, instead of waiting 24 hours for the device to retry).
   */
  readonly force?: boolean;
}

export type RegistrationResult = LicensingResult<'register'>;

/**
 * Registers the device with an ID token and waits until it is registered and authorized (or out of compliance).
 * The token is checked before anything is sent (`E_INVALID_ARGUMENT`) and never printed: the command goes out
 * redacted and every error, log line and result shows `***`. A registered device is refused without `force`
 * (`E_ALREADY_REGISTERED`, nothing sent).
 */
export async function register(target: LicensingTarget, token: Secret | string, options: RegisterOptions = {}): Promise<RegistrationResult> {
  const secret = validateIdToken(token, { host: target.host });
  const force = options.force === true ? ' force' : '';
  return runLicensingOperation(
    target,
    {
      operation: 'register',
      command: { line: `license smart register idtoken ${secret.reveal()}${force}`, shown: `license smart register idtoken ${REDACTED}${force}`, redact: true },
      action: { action: 'register-id-token', token: secret, force: options.force === true },
      precheck: (baseline) => {
        if (baseline.registration === 'registered' && options.force !== true) {
          throw new LicensingError('E_ALREADY_REGISTERED', 'register', 'the device is already registered; register with force to re-register', {
            host: target.host,
            evidence: [`Registration Status: ${baseline.registrationRaw}`],
          });
        }
        return 'proceed';
      },
    },
    options,
  );
}
