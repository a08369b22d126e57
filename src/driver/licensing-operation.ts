/**
 * The shape every asynchronous licensing command shares (register, renew id / auth, deregister):
 *
 * 1. read the baseline: `show license status` and the licensing syslog;
 * 2. refuse what cannot work before sending anything (the operation's `precheck`);
 * 3. send the command (redacted when it carries a token) and judge the immediate reply;
 * 4. poll `show license status` (and the syslog when the status does not show the work running) with bounded
 *    backoff until `operationProgress` says succeeded or failed, or the time bound passes.
 *
 * Errors: `LicensingError` with the classified code, `commCause` and the device lines as `evidence`;
 * `DeviceCommandError` when the device rejected the command line itself; `TimeoutError` (`E_TIMEOUT`) past the
 * bound — the device may still finish later; `CancelledError` (`E_CANCELLED`) on abort — the command, once sent,
 * is not undone.
 */
import { CancelledError, DeviceCommandError, LicensingError } from '../errors.js';
import { licensingSnapshot } from '../parsers/licensing-snapshot.js';
import type { LicenseStatusReport } from '../parsers/types.js';
import { judgeReply } from './command-reply.js';
import type { FailureVerdict } from './failure-verdict.js';
import { licensingStateOf, type LicensingState } from './licensing-state.js';
import { newSyslogEvents, observeLicensing, observeSyslog, type LicensingObservation, type SyslogEvent } from './licensing-observation.js';
import { readLicenseStatus, readLicensingLog, type LicensingStatus } from './licensing-status.js';
import { needsSyslog, operationProgress, type LicensingOperation } from './operation-progress.js';
import { pollUntil, type PollOptions } from './poll.js';
import type { Session } from './session.js';

export interface OperationOptions extends PollOptions {
  /** Per-command timeout in ms (default: the session's). */
  readonly commandTimeoutMs?: number;
  /**
   * Check mode: read the status and run the operation's pre-checks (a refusal throws as it would), then return what
   * would be sent (`command`, `changed`) without sending it.
   */
  readonly check?: boolean;
}

/** A failure the caller chose to accept (deregistration refused by CSSM after a sync loss). */
export interface ToleratedFailure {
  readonly code: FailureVerdict['code'];
  readonly commCause?: FailureVerdict['commCause'];
  readonly reason: string;
  readonly evidence: readonly string[];
}

export interface LicensingResult<O extends LicensingOperation = LicensingOperation> {
  readonly host: string;
  readonly operation: O;
  /** The command sent (token shown as `***`), or null when there was nothing to do. */
  readonly command: string | null;
  /** What the device printed in reply to the command (token scrubbed). */
  readonly reply: string;
  /** False when the device was already where the operation leads (deregister of an unregistered device). */
  readonly changed: boolean;
  /** The state the operation ended in. */
  readonly state: LicensingState;
  readonly status: LicensingStatus;
  /** Looks at `show license status` after the command. */
  readonly polls: number;
  readonly tolerated?: ToleratedFailure;
  /** Check mode: `command` was not sent; `changed` says whether it would have been. */
  readonly check?: true;
}

export interface OperationCommand {
  /** What is typed on the device. */
  readonly line: string;
  /** How it appears in results, logs and errors (`license smart register idtoken ***`). */
  readonly shown: string;
  readonly redact: boolean;
}

export interface OperationSpec<O extends LicensingOperation> {
  readonly operation: O;
  readonly command: OperationCommand;
  /** Sent instead when the device does not know `command` (`% Invalid input`), e.g. IOS-XE's plain `license smart renew`. */
  readonly fallback?: OperationCommand;
  /** Before anything is sent: throw to refuse, return `unchanged` when there is nothing to do. */
  readonly precheck: (baseline: LicensingObservation) => 'proceed' | 'unchanged';
  readonly tolerateSyncLoss?: boolean;
}

function statusOf(session: Session, report: LicenseStatusReport): LicensingStatus {
  return {
    host: session.host,
    platform: session.platform,
    state: licensingStateOf(report),
    snapshot: licensingSnapshot([report], { platform: session.platform }),
    report,
  };
}

function describe(obs: LicensingObservation): string {
  const reg = obs.registrationRaw || obs.registration;
  const auth = obs.authorizationRaw || obs.authorization;
  return `Registration: ${reg}; Authorization: ${auth}`;
}

function licensingError(operation: LicensingOperation, failure: FailureVerdict, host: string, cause?: unknown): LicensingError {
  return new LicensingError(failure.code, operation, failure.reason, {
    host,
    evidence: failure.evidence,
    ...(failure.commCause === undefined ? {} : { commCause: failure.commCause }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Sends one command and judges the reply: accepted → the reply; refused → LicensingError; CLI error → DeviceCommandError. */
async function sendOnce(
  session: Session,
  operation: LicensingOperation,
  command: OperationCommand,
  options: OperationOptions,
): Promise<{ reply: string } | { error: DeviceCommandError }> {
  const result = await session.send(command.line, {
    redact: command.redact,
    checkErrors: false,
    ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
  });
  const verdict = judgeReply(result.output, session.dialect);
  switch (verdict.kind) {
    case 'accepted':
      return { reply: result.output };
    case 'refused':
      throw licensingError(operation, verdict.failure, session.host);
    case 'device-error':
      return { error: new DeviceCommandError(command.shown, result.output, session.platform, { host: session.host, code: verdict.failure.code }) };
  }
}

/** The command, or its fallback when the device does not know the command's keywords (`% Invalid input`). */
async function sendCommand(
  session: Session,
  spec: OperationSpec<LicensingOperation>,
  options: OperationOptions,
): Promise<{ command: OperationCommand; reply: string }> {
  const first = await sendOnce(session, spec.operation, spec.command, options);
  if ('reply' in first) return { command: spec.command, reply: first.reply };
  if (spec.fallback === undefined || first.error.code !== 'E_CLI_INVALID_INPUT') throw first.error;
  const second = await sendOnce(session, spec.operation, spec.fallback, options);
  if ('reply' in second) return { command: spec.fallback, reply: second.reply };
  throw second.error;
}

export async function runLicensingOperation<O extends LicensingOperation>(
  session: Session,
  spec: OperationSpec<O>,
  options: OperationOptions = {},
): Promise<LicensingResult<O>> {
  const host = session.host;
  if (options.signal?.aborted) throw new CancelledError(spec.operation, { host, cause: options.signal.reason });
  const commandOptions = options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs };

  const baselineReport = await readLicenseStatus(session, commandOptions);
  const baseline = observeLicensing(baselineReport);
  const checked = options.check === true ? ({ check: true } as const) : {};
  if (spec.precheck(baseline) === 'unchanged') {
    const status = statusOf(session, baselineReport);
    return { host, operation: spec.operation, command: null, reply: '', changed: false, state: status.state, status, polls: 0, ...checked };
  }
  if (options.check === true) {
    const status = statusOf(session, baselineReport);
    return { host, operation: spec.operation, command: spec.command.shown, reply: '', changed: true, state: status.state, status, polls: 0, check: true };
  }
  const baselineLog = observeSyslog(await readLicensingLog(session, commandOptions));
  if (options.signal?.aborted) throw new CancelledError(spec.operation, { host, cause: options.signal.reason });

  const { command, reply } = await sendCommand(session, spec, options);

  let sawProgress = false;
  let messages: readonly SyslogEvent[] = [];
  const { value, looks } = await pollUntil(
    async () => {
      const report = await readLicenseStatus(session, commandOptions);
      const current = observeLicensing(report);
      if (needsSyslog(spec.operation, current)) {
        messages = newSyslogEvents(baselineLog, observeSyslog(await readLicensingLog(session, commandOptions)));
      }
      const progress = operationProgress({
        operation: spec.operation,
        baseline,
        current,
        messages,
        sawProgress,
        ...(spec.tolerateSyncLoss === undefined ? {} : { tolerateSyncLoss: spec.tolerateSyncLoss }),
      });
      switch (progress.kind) {
        case 'pending':
          sawProgress ||= progress.inProgress;
          return { done: false, reason: `${progress.reason} (${describe(current)})` };
        case 'failed':
          throw licensingError(spec.operation, progress.failure, host);
        case 'succeeded':
          return { done: true, value: { report, tolerated: progress.tolerated } };
      }
    },
    { operation: spec.operation, host },
    options,
  );
  const status = statusOf(session, value.report);
  return {
    host,
    operation: spec.operation,
    command: command.shown,
    reply,
    changed: true,
    state: status.state,
    status,
    polls: looks,
    ...(value.tolerated === undefined ? {} : { tolerated: value.tolerated }),
  };
}
