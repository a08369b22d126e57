/**
 * Waiting for a registration to complete: `license smart register` returns at once and the Smart Agent goes through
 * REGISTERING to REGISTERED and AUTHORIZED, or to `Registration Failed` with a `Failure reason:` (000:476-479).
 * Bounded in polls and time; each poll is a `progress` event.
 */
import type { SchedulerLike } from 'rxjs';
import { LicensingError, TimeoutError } from '../errors.js';
import { classifyFailure } from '../licensing/failure.js';
import type { LicensingSnapshot } from '../licensing/snapshot.js';
import type { DeviceLicensingStatus, LicensingDevice } from './ports.js';
import type { Steps } from './procedure.js';
import { sleep } from './scheduler-sleep.js';

export interface RegistrationWaitOptions {
  /** Between status reads, ms; default 5000. */
  readonly pollIntervalMs?: number;
  /** Give up after, ms; default 300 000. */
  readonly timeoutMs?: number;
}

export type RegistrationVerdict = { readonly kind: 'done' } | { readonly kind: 'pending' } | { readonly kind: 'failed'; readonly error: LicensingError };

/** Authorization states that end the wait once the device is registered (not-authorized and OOC are reported by verify). */
const SETTLED = new Set(['authorized', 'out-of-compliance', 'not-authorized', 'no-licenses-in-use', 'authorization-expired']);

export function registrationVerdict(snapshot: LicensingSnapshot, host: string): RegistrationVerdict {
  const registration = snapshot.registration?.status;
  const authorization = snapshot.authorization?.status;
  if (registration === 'registered' && authorization !== undefined && SETTLED.has(authorization)) return { kind: 'done' };
  if (registration === 'registration-failed') {
    const reason = snapshot.registration?.lastRenewal?.failureReason ?? '';
    const failure = classifyFailure(reason, 'AGENT_REG_FAILED');
    return {
      kind: 'failed',
      error: new LicensingError(failure.code, 'register', `registration failed: ${failure.reason}`, {
        host,
        ...(failure.commCause === undefined ? {} : { commCause: failure.commCause }),
        ...(reason === '' ? {} : { evidence: [reason] }),
      }),
    };
  }
  return { kind: 'pending' };
}

export async function waitForRegistration(
  device: LicensingDevice,
  initial: DeviceLicensingStatus,
  steps: Steps,
  scheduler: SchedulerLike,
  options: RegistrationWaitOptions = {},
): Promise<DeviceLicensingStatus> {
  const interval = options.pollIntervalMs ?? 5000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const maxPolls = Math.max(1, Math.ceil(timeoutMs / interval));
  let status = initial;
  for (let poll = 0; ; poll++) {
    const verdict = registrationVerdict(status.snapshot, device.host);
    if (verdict.kind === 'done') return status;
    if (verdict.kind === 'failed') throw verdict.error;
    if (poll >= maxPolls) {
      throw new TimeoutError(`registration (still ${status.snapshot.registration?.status ?? 'unknown'})`, timeoutMs, { host: device.host });
    }
    await sleep(interval, scheduler, steps.signal);
    status = await device.status({ signal: steps.signal });
    steps.progress('wait-registration', `registration ${status.snapshot.registration?.status ?? 'unknown'}, authorization ${status.snapshot.authorization?.status ?? 'unknown'}`, {
      poll: poll + 1,
      registration: status.snapshot.registration?.status ?? null,
      authorization: status.snapshot.authorization?.status ?? null,
    });
  }
}
