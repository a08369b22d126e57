/**
 * One verdict from several failure texts. A failed attempt usually leaves more than one trace — the status
 * `Failure reason:` and one or more syslog messages — and they differ in how much they say: the seed's
 * `Fail to send out Call Home HTTP message.` (000:476-479) only says the call home failed, a DNS or TLS text says
 * where. Each text is classified (src/licensing/failure.ts) and the most specific classification wins.
 */
import { LicensingError, type CommFailureCause, type RegistrationErrorCode } from '../errors.js';
import { classifyFailure, type FailureClassification } from '../licensing/failure.js';
import type { LicensingOperation } from './operation-progress.js';

export interface FailureCandidate {
  readonly text: string;
  /** The syslog mnemonic the text came with (`AGENT_REG_FAILED`), if any. */
  readonly mnemonic?: string;
}

export interface FailureVerdict {
  readonly code: RegistrationErrorCode;
  readonly commCause?: CommFailureCause;
  readonly reason: string;
  /** The device lines the verdict was made from (status fields, syslog messages), as printed. */
  readonly evidence: readonly string[];
}

/** What CSSM or the token said beats where the path broke, which beats "the call home failed", which beats nothing. */
function specificity(c: FailureClassification): number {
  switch (c.code) {
    case 'E_SYNC_LOST':
    case 'E_TOKEN_INVALID':
    case 'E_TOKEN_EXPIRED':
    case 'E_TOKEN_USED_UP':
    case 'E_TOKEN_REVOKED':
    case 'E_ALREADY_REGISTERED':
      return 5;
    case 'E_COMM_FAILED':
      return c.commCause === undefined || c.commCause === 'http' ? 3 : 4;
    case 'E_NOT_REGISTERED':
      return 2;
    case 'E_REGISTRATION_FAILED':
      return 1;
  }
}

/**
 * Classifies every candidate and keeps the most specific (the first among equals, so callers list the strongest
 * source first). With no candidate at all, `fallback` is the verdict.
 */
export function judgeFailure(
  candidates: readonly FailureCandidate[],
  evidence: readonly string[],
  fallback: { readonly code: RegistrationErrorCode; readonly reason: string },
): FailureVerdict {
  let best: FailureClassification | null = null;
  for (const candidate of candidates) {
    const c = classifyFailure(candidate.text, candidate.mnemonic);
    if (best === null || specificity(c) > specificity(best)) best = c;
  }
  const lines = [...new Set(evidence.filter((l) => l.trim() !== ''))];
  if (best === null) return { code: fallback.code, reason: fallback.reason, evidence: lines };
  return best.commCause === undefined
    ? { code: best.code, reason: best.reason, evidence: lines }
    : { code: best.code, commCause: best.commCause, reason: best.reason, evidence: lines };
}

/** The `LicensingError` a verdict stands for. */
export function licensingErrorOf(operation: LicensingOperation, failure: FailureVerdict, host: string, cause?: unknown): LicensingError {
  return new LicensingError(failure.code, operation, failure.reason, {
    host,
    evidence: failure.evidence,
    ...(failure.commCause === undefined ? {} : { commCause: failure.commCause }),
    ...(cause === undefined ? {} : { cause }),
  });
}
