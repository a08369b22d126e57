/**
 * Every error smartlic raises is a `SmartlicError` with a stable `code` that callers switch on.
 * Messages name what went wrong and where (host, command, field); secret values are scrubbed from
 * messages and from any device output an error carries.
 */
import { redactText } from './secret.js';
import type { PlatformId } from './platforms/types.js';

export type ErrorCode =
  // transport
  | 'E_CONNECT'
  | 'E_AUTH'
  | 'E_HOSTKEY'
  | 'E_TIMEOUT'
  | 'E_CLOSED'
  // channel / device CLI
  | 'E_CLI_INVALID_INPUT'
  | 'E_CLI_INCOMPLETE'
  | 'E_CLI_AMBIGUOUS'
  | 'E_DEVICE_COMMAND'
  | 'E_COMMIT_FAILED'
  | 'E_PROMPT'
  | 'E_PLATFORM'
  // parsers
  | 'E_PARSE'
  // licensing operations
  | RegistrationErrorCode
  // configuration intents
  | 'E_INVALID_INTENT'
  | 'E_CONFIG_VERIFY'
  | 'E_ROLLBACK_FAILED'
  // NETCONF
  | 'E_NETCONF_RPC'
  | 'E_FRAMING'
  | 'E_NETCONF_PROTOCOL'
  // CSSM API client
  | 'E_CSSM_AUTH'
  | 'E_CSSM_HTTP'
  // playbooks, inventory, command line
  | 'E_PLAYBOOK'
  | 'E_INVENTORY'
  | 'E_SECRET_MISSING'
  | 'E_INVALID_ARGUMENT'
  // playbook runs
  | 'E_EXPRESSION'
  | 'E_VERIFY_FAILED'
  // workflows
  | 'E_CANCELLED'
  | 'E_WORKFLOW';

export interface SmartlicErrorOptions {
  readonly host?: string | undefined;
  readonly cause?: unknown;
}

export abstract class SmartlicError extends Error {
  abstract readonly code: ErrorCode;
  readonly host: string | undefined;

  constructor(message: string, options: SmartlicErrorOptions = {}) {
    super(redactText(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.host = options.host;
  }

  override get name(): string {
    return this.constructor.name;
  }

  /** A JSON shape for reports and NDJSON events: code, message, host and the subclass's own fields. */
  toJSON(): Record<string, unknown> {
    // Again at serialisation: a secret registered after the error was made (a token wrapped later) is scrubbed too.
    const out: Record<string, unknown> = { name: this.name, code: this.code, message: redactText(this.message) };
    for (const [key, value] of Object.entries(this)) {
      if (value === undefined || key === 'cause') continue;
      out[key] = redactFields(value, 0);
    }
    if (this.cause instanceof Error) {
      out['cause'] = this.cause instanceof SmartlicError ? this.cause.toJSON() : redactText(this.cause.message);
    }
    return out;
  }
}

/**
 * A subclass's own field for JSON: strings scrubbed of registered secrets at any depth (device lines in
 * `evidence`, issue messages), so a value the device echoed cannot reach a report through a field.
 */
function redactFields(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([k, item]) => [k, redactFields(item, depth + 1)]));
}

export function isSmartlicError(error: unknown): error is SmartlicError {
  return error instanceof SmartlicError;
}

/** The first line of device output that reads like an error, for short messages. */
export function firstErrorLine(output: string): string {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  const hit = lines.find((l) => /^%|error|fail|invalid/i.test(l));
  return hit ?? lines[0] ?? '(no output)';
}

function hostPrefix(host: string | undefined): string {
  return host === undefined ? '' : `${host}: `;
}

// ---------------------------------------------------------------- transport

export class ConnectError extends SmartlicError {
  override readonly code = 'E_CONNECT' as const;
  constructor(host: string, readonly port: number, detail: string, cause?: unknown) {
    super(`${host}:${port}: cannot connect: ${detail}`, { host, cause });
  }
}

export class AuthError extends SmartlicError {
  override readonly code = 'E_AUTH' as const;
  constructor(host: string, readonly username: string, readonly methods: readonly string[], cause?: unknown) {
    super(`${host}: authentication failed for user "${username}" (tried: ${methods.join(', ') || 'none'})`, {
      host,
      cause,
    });
  }
}

export class HostKeyError extends SmartlicError {
  override readonly code = 'E_HOSTKEY' as const;
  constructor(
    host: string,
    readonly reason: 'mismatch' | 'unknown' | 'invalid-policy',
    readonly presented: string,
    readonly expected?: string,
  ) {
    super(
      reason === 'mismatch'
        ? `${host}: host key mismatch: presented ${presented}, expected ${expected ?? 'a known key'}; refusing to connect`
        : reason === 'unknown'
          ? `${host}: host key ${presented} is not known and the host-key policy is strict; refusing to connect`
          : `${host}: ${presented}`,
      { host },
    );
  }
}

export class TimeoutError extends SmartlicError {
  override readonly code = 'E_TIMEOUT' as const;
  constructor(
    readonly operation: string,
    readonly timeoutMs: number,
    options: SmartlicErrorOptions & { readonly tail?: string } = {},
  ) {
    super(
      `${hostPrefix(options.host)}${operation} timed out after ${timeoutMs} ms` +
        (options.tail ? `; last output: ${JSON.stringify(options.tail.slice(-120))}` : ''),
      options,
    );
    this.tail = options.tail === undefined ? undefined : redactText(options.tail);
  }
  readonly tail: string | undefined;
}

export class ClosedError extends SmartlicError {
  override readonly code = 'E_CLOSED' as const;
  constructor(host: string | undefined, readonly detail: string, cause?: unknown) {
    super(`${hostPrefix(host)}connection closed: ${detail}`, { host, cause });
  }
}

// ---------------------------------------------------------------- channel / device

export type DeviceCommandCode = 'E_CLI_INVALID_INPUT' | 'E_CLI_INCOMPLETE' | 'E_CLI_AMBIGUOUS' | 'E_DEVICE_COMMAND';

export class DeviceCommandError extends SmartlicError {
  readonly code: DeviceCommandCode;
  readonly command: string;
  readonly output: string;
  constructor(
    command: string,
    output: string,
    readonly platform: PlatformId,
    options: SmartlicErrorOptions & { readonly code?: DeviceCommandCode } = {},
  ) {
    super(`${hostPrefix(options.host)}${platform} rejected "${command}": ${firstErrorLine(output)}`, options);
    this.code = options.code ?? 'E_DEVICE_COMMAND';
    this.command = redactText(command);
    this.output = redactText(output);
  }
}

/**
 * A configuration line was rejected (or took the session out of configuration mode) during `sendConfig`.
 * `applied` lists the lines that took effect before it: on IOS-XE each accepted line is live at once, so the
 * caller needs them to restore; on IOS-XR the candidate was aborted and `applied` is empty.
 */
export class ConfigLineError extends DeviceCommandError {
  readonly lineIndex: number;
  readonly applied: readonly string[];
  constructor(
    command: string,
    output: string,
    platform: PlatformId,
    options: SmartlicErrorOptions & {
      readonly code?: DeviceCommandCode;
      readonly lineIndex: number;
      readonly applied: readonly string[];
      /** Replaces the "rejected" wording when the device did not reject the line itself. */
      readonly detail?: string;
    },
  ) {
    super(command, output, platform, options);
    this.lineIndex = options.lineIndex;
    this.applied = options.applied.map(redactText);
    if (options.detail !== undefined) {
      this.message = redactText(`${hostPrefix(options.host)}${platform} configuration line ${options.lineIndex + 1} "${command}": ${options.detail}`);
    }
  }
}

export class CommitError extends SmartlicError {
  override readonly code = 'E_COMMIT_FAILED' as const;
  readonly output: string;
  readonly failedConfig: string;
  constructor(output: string, failedConfig: string, options: SmartlicErrorOptions = {}) {
    super(
      `${hostPrefix(options.host)}commit failed: ${firstErrorLine(output)}` +
        (failedConfig.trim() ? `\n${failedConfig.trim()}` : ''),
      options,
    );
    this.output = redactText(output);
    this.failedConfig = redactText(failedConfig);
  }
}

export class PromptError extends SmartlicError {
  override readonly code = 'E_PROMPT' as const;
  constructor(message: string, readonly tail: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}${message}`, options);
  }
}

export class PlatformError extends SmartlicError {
  override readonly code = 'E_PLATFORM' as const;
  constructor(message: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}${message}`, options);
  }
}

// ---------------------------------------------------------------- parsers

export class ParseError extends SmartlicError {
  override readonly code = 'E_PARSE' as const;
  constructor(readonly command: string, readonly reason: string, readonly excerpt = '') {
    super(`cannot parse "${command}" output: ${reason}` + (excerpt ? ` (${JSON.stringify(excerpt.slice(0, 80))})` : ''));
  }
}

// ---------------------------------------------------------------- licensing operations

export type RegistrationErrorCode =
  | 'E_TOKEN_INVALID'
  | 'E_TOKEN_EXPIRED'
  | 'E_TOKEN_USED_UP'
  | 'E_TOKEN_REVOKED'
  | 'E_ALREADY_REGISTERED'
  | 'E_NOT_REGISTERED'
  | 'E_COMM_FAILED'
  | 'E_SYNC_LOST'
  | 'E_REGISTRATION_FAILED';

/** Why a call home failed, as far as the device's status and syslog tell. */
export type CommFailureCause = 'dns' | 'proxy' | 'certificate' | 'http' | 'unreachable' | 'config';

export class LicensingError extends SmartlicError {
  readonly code: RegistrationErrorCode;
  constructor(
    code: RegistrationErrorCode,
    readonly operation: 'register' | 'renew-id' | 'renew-auth' | 'deregister' | 'status',
    message: string,
    options: SmartlicErrorOptions & {
      readonly commCause?: CommFailureCause;
      readonly evidence?: readonly string[];
    } = {},
  ) {
    super(`${hostPrefix(options.host)}${operation}: ${message}`, options);
    this.code = code;
    this.commCause = options.commCause;
    this.evidence = options.evidence?.map(redactText);
  }
  readonly commCause: CommFailureCause | undefined;
  /** Device lines (status fields, syslog) the classification was made from. */
  readonly evidence: readonly string[] | undefined;
}

// ---------------------------------------------------------------- configuration

export interface FieldIssue {
  /** JSON pointer (RFC 6901) to the offending value, e.g. `/callHome/proxy/port`. */
  readonly pointer: string;
  readonly message: string;
}

export class InvalidIntentError extends SmartlicError {
  override readonly code = 'E_INVALID_INTENT' as const;
  constructor(readonly issues: readonly FieldIssue[], options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}invalid intent: ${issues.map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ')}`, options);
  }
}

export class ConfigVerifyError extends SmartlicError {
  override readonly code = 'E_CONFIG_VERIFY' as const;
  constructor(readonly missing: readonly string[], readonly restored: boolean, options: SmartlicErrorOptions = {}) {
    super(
      `${hostPrefix(options.host)}configuration did not verify (${missing.length} line(s) missing: ${missing.slice(0, 3).join(' | ')})` +
        (restored ? '; previous configuration restored' : ''),
      options,
    );
  }
}

export class RollbackError extends SmartlicError {
  override readonly code = 'E_ROLLBACK_FAILED' as const;
  constructor(message: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}rollback failed: ${message}`, options);
  }
}

// ---------------------------------------------------------------- NETCONF

export interface RpcErrorInfo {
  readonly type: string;
  readonly tag: string;
  readonly severity: string;
  readonly path?: string;
  readonly message?: string;
  readonly appTag?: string;
  readonly info?: Record<string, unknown>;
}

export class NetconfRpcError extends SmartlicError {
  override readonly code = 'E_NETCONF_RPC' as const;
  readonly tag: string;
  readonly errorType: string;
  readonly severity: string;
  readonly path: string | undefined;
  readonly errorMessage: string | undefined;
  constructor(readonly operation: string, readonly errors: readonly RpcErrorInfo[], options: SmartlicErrorOptions = {}) {
    const first = errors[0] ?? { type: 'rpc', tag: 'operation-failed', severity: 'error' };
    super(
      `${hostPrefix(options.host)}NETCONF ${operation} failed: ${first.tag}` +
        (first.message ? `: ${first.message}` : '') +
        (first.path ? ` at ${first.path}` : ''),
      options,
    );
    this.tag = first.tag;
    this.errorType = first.type;
    this.severity = first.severity;
    this.path = first.path;
    this.errorMessage = first.message;
  }
}

export class FramingError extends SmartlicError {
  override readonly code = 'E_FRAMING' as const;
  constructor(message: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}NETCONF framing error: ${message}`, options);
  }
}

/** The peer broke the NETCONF protocol above the framing: a bad hello, an unparseable or unexpected message. */
export class NetconfProtocolError extends SmartlicError {
  override readonly code = 'E_NETCONF_PROTOCOL' as const;
  constructor(message: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}NETCONF protocol error: ${message}`, options);
  }
}

// ---------------------------------------------------------------- CSSM API client

export class CssmError extends SmartlicError {
  readonly code: 'E_CSSM_AUTH' | 'E_CSSM_HTTP';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
    options: SmartlicErrorOptions = {},
  ) {
    super(`CSSM ${method} ${url} failed: HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}`, options);
    this.code = status === 401 || status === 403 ? 'E_CSSM_AUTH' : 'E_CSSM_HTTP';
  }
}

// ---------------------------------------------------------------- playbooks, inventory, CLI

export class PlaybookError extends SmartlicError {
  readonly code: 'E_PLAYBOOK' | 'E_INVENTORY' | 'E_SECRET_MISSING';
  constructor(
    code: 'E_PLAYBOOK' | 'E_INVENTORY' | 'E_SECRET_MISSING',
    readonly file: string,
    readonly issues: readonly FieldIssue[],
  ) {
    super(`${file}: ${issues.map((i) => `${i.pointer || '/'}: ${i.message}`).join('; ')}`);
    this.code = code;
  }
}

export class InvalidArgumentError extends SmartlicError {
  override readonly code = 'E_INVALID_ARGUMENT' as const;
  constructor(readonly argument: string, reason: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}invalid ${argument}: ${reason}`, options);
  }
}

// ---------------------------------------------------------------- playbook runs

/**
 * A `when`, a template or an assertion could not be evaluated on a host at run time (a type mismatch, a value a
 * registered result does not have). Everything that can be checked before the run is a `PlaybookError` instead.
 */
export class ExpressionError extends SmartlicError {
  override readonly code = 'E_EXPRESSION' as const;
  constructor(readonly expression: string, readonly reason: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}${JSON.stringify(expression)}: ${reason}`, options);
  }
}

export interface AssertionFailure {
  /** The assertion as written (an expression, or `path operator value`). */
  readonly assertion: string;
  /** The value found, as JSON (secrets print `***`); `undefined` when the path does not exist. */
  readonly actual: string;
}

/** One or more `verify` assertions did not hold. */
export class VerifyError extends SmartlicError {
  override readonly code = 'E_VERIFY_FAILED' as const;
  constructor(readonly failures: readonly AssertionFailure[], readonly total: number, message?: string, options: SmartlicErrorOptions = {}) {
    super(
      `${hostPrefix(options.host)}${message === undefined ? '' : `${message}: `}${failures.length} of ${total} assertion(s) failed: ` +
        failures.map((f) => `${f.assertion} (actual: ${f.actual})`).join('; '),
      options,
    );
  }
}

// ---------------------------------------------------------------- workflows

export class CancelledError extends SmartlicError {
  override readonly code = 'E_CANCELLED' as const;
  constructor(what: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}${what} was cancelled`, options);
  }
}

export class WorkflowError extends SmartlicError {
  override readonly code = 'E_WORKFLOW' as const;
  constructor(readonly workflow: string, readonly step: string, message: string, options: SmartlicErrorOptions = {}) {
    super(`${hostPrefix(options.host)}${workflow}/${step}: ${message}`, options);
  }
}
