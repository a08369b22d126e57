/**
 * The shape every asynchronous licensing command shares (register, renew id / auth, deregister), over the CLI or
 * NETCONF (licensing-link.ts):
 *
 * 1. read the baseline: the licensing state (`show license status`, or the Smart Agent state over NETCONF) and,
 *    over the CLI, the licensing syslog;
 * 2. refuse what cannot work before sending anything (the operation's `precheck`);
 * 3. send the command or action (the token redacted wherever it is shown) and judge the immediate answer;
 * 4. poll the state (and the syslog when the status does not show the work running and the transport has one)
 *    with bounded backoff until `operationProgress` says succeeded or failed, or the time bound passes.
 *
 * Errors: `LicensingError` with the classified code, `commCause` and the device lines as `evidence`;
 * `DeviceCommandError` when the device rejected the command line itself, `NetconfRpcError` when it rejected the
 * RPC; `TimeoutError` (`E_TIMEOUT`) past the bound — the device may still finish later; `CancelledError`
 * (`E_CANCELLED`) on abort — the command, once sent, is not undone.
 */
import { CancelledError } from '../errors.js';
import { licensingSnapshot } from '../parsers/licensing-snapshot.js';
import type { LicenseStatusReport } from '../parsers/types.js';
import { licensingErrorOf, type FailureVerdict } from './failure-verdict.js';
import { licensingLinkOf, type LicensingLink, type LicensingTarget } from './licensing-link.js';
import { licensingStateOf, type LicensingState } from './licensing-state.js';
import { newSyslogEvents, observeLicensing, type LicensingObservation, type SyslogEvent } from './licensing-observation.js';
import type { LicensingStatus } from './licensing-status.js';
import type { LicensingRpcRequest } from './netconf/licensing-rpc.js';
import { needsSyslog, operationProgress, type LicensingOperation } from './operation-progress.js';
import { pollUntil, type PollOptions } from './poll.js';

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
  /** The command (or over NETCONF the RPC) sent, token shown as `***`; null when there was nothing to do. */
  readonly command: string | null;
  /** What the device printed in reply to the command, or the RPC's output (token scrubbed). */
  readonly reply: string;
  /** False when the device was already where the operation leads (deregister of an unregistered device). */
  readonly changed: boolean;
  /** The state the operation ended in. */
  readonly state: LicensingState;
  readonly status: LicensingStatus;
  /** Looks at the licensing state after the command. */
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
  /** The same request as a Smart Licensing action, for NETCONF. */
  readonly action: LicensingRpcRequest;
  /** Before anything is sent: throw to refuse, return `unchanged` when there is nothing to do. */
  readonly precheck: (baseline: LicensingObservation) => 'proceed' | 'unchanged';
  readonly tolerateSyncLoss?: boolean;
}

function statusOf(link: LicensingLink, report: LicenseStatusReport): LicensingStatus {
  return {
    host: link.host,
    platform: link.platform,
    state: licensingStateOf(report),
    snapshot: licensingSnapshot([report], { platform: link.platform }),
    report,
  };
}

function describe(obs: LicensingObservation): string {
  const reg = obs.registrationRaw || obs.registration;
  const auth = obs.authorizationRaw || obs.authorization;
  return `Registration: ${reg}; Authorization: ${auth}`;
}

export async function runLicensingOperation<O extends LicensingOperation>(
  target: LicensingTarget,
  spec: OperationSpec<O>,
  options: OperationOptions = {},
): Promise<LicensingResult<O>> {
  const link = licensingLinkOf(target);
  const host = link.host;
  if (options.signal?.aborted) throw new CancelledError(spec.operation, { host, cause: options.signal.reason });
  const commandOptions = options.commandTimeoutMs === undefined ? {} : { commandTimeoutMs: options.commandTimeoutMs };

  const baselineReport = await link.readStatus(commandOptions);
  const baseline = observeLicensing(baselineReport);
  const checked = options.check === true ? ({ check: true } as const) : {};
  if (spec.precheck(baseline) === 'unchanged') {
    const status = statusOf(link, baselineReport);
    return { host, operation: spec.operation, command: null, reply: '', changed: false, state: status.state, status, polls: 0, ...checked };
  }
  if (options.check === true) {
    const status = statusOf(link, baselineReport);
    return { host, operation: spec.operation, command: spec.command.shown, reply: '', changed: true, state: status.state, status, polls: 0, check: true };
  }
  const baselineLog = await link.readSyslog(commandOptions);
  if (options.signal?.aborted) throw new CancelledError(spec.operation, { host, cause: options.signal.reason });

  const sent = await link.request(spec, options);

  let sawProgress = false;
  let messages: readonly SyslogEvent[] = [];
  const { value, looks } = await pollUntil(
    async () => {
      const report = await link.readStatus(commandOptions);
      const current = observeLicensing(report);
      if (baselineLog !== null && needsSyslog(spec.operation, current)) {
        messages = newSyslogEvents(baselineLog, (await link.readSyslog(commandOptions)) ?? []);
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
          throw licensingErrorOf(spec.operation, progress.failure, host);
        case 'succeeded':
          return { done: true, value: { report, tolerated: progress.tolerated ?? sent.tolerated } };
      }
    },
    { operation: spec.operation, host },
    options,
  );
  const status = statusOf(link, value.report);
  return {
    host,
    operation: spec.operation,
    command: sent.shown,
    reply: sent.reply,
    changed: true,
    state: status.state,
    status,
    polls: looks,
    ...(value.tolerated === undefined ? {} : { tolerated: value.tolerated }),
  };
}
