/**
 * Which failures are worth trying again, decided by error code only (never by message text):
 *
 * | transient (retried)                                   | permanent (never retried)                               |
 * |-------------------------------------------------------|---------------------------------------------------------|
 * | E_CONNECT, E_CLOSED, E_TIMEOUT (connection, session)  | E_AUTH, E_HOSTKEY (credentials, identity)               |
 * | E_COMM_FAILED with cause `unreachable`, `http` or none | E_COMM_FAILED with cause `dns`, `proxy`, `certificate`, |
 * |   (CSSM unreachable or refusing, seen by the device)  |   `config` (the device's configuration is wrong)        |
 * | E_CSSM_HTTP with HTTP 0 (network), 429 or 5xx         | E_CSSM_HTTP 4xx, E_CSSM_AUTH                            |
 * |                                                       | E_TOKEN_* (bad token), E_ALREADY_REGISTERED,            |
 * |                                                       |   E_NOT_REGISTERED, E_SYNC_LOST, E_REGISTRATION_FAILED  |
 * |                                                       | E_INVALID_INTENT, E_COMMIT_FAILED, E_CONFIG_VERIFY,     |
 * |                                                       |   E_ROLLBACK_FAILED, E_CLI_*, E_DEVICE_COMMAND (config  |
 * |                                                       |   or command rejected), E_PARSE, E_PLATFORM, E_PROMPT   |
 * |                                                       | E_CANCELLED, E_WORKFLOW, E_INVALID_ARGUMENT, anything   |
 * |                                                       |   that is not a SmartlicError (a bug)                   |
 *
 * A sync loss is permanent here because retrying the same operation cannot fix it: it takes the forced
 * re-registration workflow (004:597-684).
 */
import type { CommFailureCause, ErrorCode } from '../errors.js';
import { isSmartlicError } from '../errors.js';

const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['E_CONNECT', 'E_CLOSED', 'E_TIMEOUT']);

const TRANSIENT_COMM_CAUSES: ReadonlySet<CommFailureCause | undefined> = new Set<CommFailureCause | undefined>(['unreachable', 'http', undefined]);

function field(source: object, name: string): unknown {
  return (source as Record<string, unknown>)[name];
}

/** True when `failure` (a thrown `SmartlicError` or its event JSON) may succeed if tried again. */
export function isTransientFailure(failure: unknown): boolean {
  if (failure === null || typeof failure !== 'object') return false;
  if (!isSmartlicError(failure) && typeof field(failure, 'code') !== 'string') return false;
  const code = field(failure, 'code') as ErrorCode | string;
  if (TRANSIENT_CODES.has(code as ErrorCode)) return true;
  if (code === 'E_COMM_FAILED') {
    const cause = field(failure, 'commCause');
    return TRANSIENT_COMM_CAUSES.has(typeof cause === 'string' ? (cause as CommFailureCause) : undefined);
  }
  if (code === 'E_CSSM_HTTP') {
    const status = field(failure, 'status');
    return typeof status === 'number' && (status === 0 || status === 429 || status >= 500);
  }
  return false;
}

