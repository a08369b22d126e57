/**
 * Pure: what the device answered to a licensing command right away. A success is a quiet prompt or a progress note
 * ("Registration process is in progress …" [INF: the seeds print no reply]); a refusal is either a CLI error
 * (`% Invalid input detected …`, the dialect's failure indicators) or a licensing refusal in the agent's words
 * ("already registered", "not registered", a token problem), classified like any other failure text.
 */
import { findDeviceFailure, type DeviceFailure } from '../channel/cli/device-failure.js';
import type { Dialect } from '../platforms/types.js';
import { judgeFailure, type FailureVerdict } from './failure-verdict.js';

export type ReplyVerdict =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'refused'; readonly failure: FailureVerdict }
  | { readonly kind: 'device-error'; readonly failure: DeviceFailure };

/** Words that make a reply line worth classifying; a progress note has none of them. */
const REFUSAL = /^%|error|fail|invalid|already registered|not registered|unregistered|not enabled|disabled|expired|revoked|used up|exhausted|not allowed|denied/i;

export function judgeReply(output: string, dialect: Pick<Dialect, 'failureIndicators'>): ReplyVerdict {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && REFUSAL.test(l));
  const deviceFailure = findDeviceFailure(output, dialect);
  if (lines.length === 0 && deviceFailure === null) return { kind: 'accepted' };
  const failure = judgeFailure(
    lines.map((text) => ({ text })),
    lines,
    { code: 'E_REGISTRATION_FAILED', reason: 'the device refused the command' },
  );
  // A plain CLI error (unknown keyword, incomplete command) stays a device error; the agent's words win over it.
  if (failure.code === 'E_REGISTRATION_FAILED' && deviceFailure !== null) return { kind: 'device-error', failure: deviceFailure };
  return { kind: 'refused', failure: { ...failure, reason: failure.code === 'E_REGISTRATION_FAILED' ? lines[0] ?? failure.reason : failure.reason } };
}
