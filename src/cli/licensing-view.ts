/** How licensing results and states print in the per-host reports of `register`, `renew`, `deregister` and `status`. */
import type { LicensingResult } from '../driver/licensing-operation.js';
import type { LicensingState } from '../driver/licensing-state.js';
import { DEFAULT_POLL_TIMEOUT_MS } from '../driver/poll.js';
import { describeError, formatTable } from './host-report.js';
import type { HostSelection } from './host-selection.js';
import type { HostRunOptions } from './host-runner.js';
import type { CliContext } from './program.js';

export const OPERATION_TIMEOUT_HELP = `seconds to wait for each device to finish (default ${DEFAULT_POLL_TIMEOUT_MS / 1000})`;

export function account(state: LicensingState): string {
  if (state.smartAccount === null && state.virtualAccount === null) return '-';
  return [state.smartAccount, state.virtualAccount].filter((x) => x !== null).join(' / ');
}

export function describeState(state: LicensingState): string {
  const reg = state.registrationRaw || state.registration;
  const auth = state.authorizationRaw || state.authorization;
  const acct = account(state);
  return `${reg}, ${auth}${acct === '-' ? '' : `; account ${acct}`}`;
}

export function describeResult(result: LicensingResult): string {
  const notes: string[] = [];
  if (!result.changed) notes.push('nothing to do');
  if (result.tolerated !== undefined) notes.push(`tolerated ${result.tolerated.code}: ${result.tolerated.reason}`);
  return `${describeState(result.state)}${notes.length === 0 ? '' : ` (${notes.join('; ')})`}`;
}

export function resultJson(result: LicensingResult): Record<string, unknown> {
  return {
    operation: result.operation,
    changed: result.changed,
    command: result.command,
    polls: result.polls,
    state: result.state,
    ...(result.tolerated === undefined ? {} : { tolerated: result.tolerated }),
  };
}

/** Run options of an asynchronous licensing operation: `--timeout` bounds the wait for each device. */
export function operationRunOptions(ctx: CliContext, selection: HostSelection): HostRunOptions {
  return {
    forks: selection.forks,
    ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
    licensing: selection.timeoutMs === undefined ? {} : { timeoutMs: selection.timeoutMs },
  };
}

/** One device in the licensing state table: its state, or why it could not be read. */
export interface LicensingRow {
  readonly host: string;
  readonly model?: string | undefined;
  readonly state?: LicensingState;
  readonly error?: unknown;
}

/**
 * The licensing state table of `smartlic status` and `smartlic demo`: host, model, registration and authorization as
 * the device prints them, the next ID certificate renewal, the communication deadline, the smart / virtual account.
 */
export function licensingTable(rows: readonly LicensingRow[]): string {
  const table: string[][] = [['HOST', 'MODEL', 'REGISTRATION', 'AUTHORIZATION', 'NEXT RENEWAL', 'COMM DEADLINE', 'ACCOUNT']];
  for (const row of rows) {
    const model = row.model ?? '-';
    const s = row.state;
    if (s === undefined) table.push([row.host, model, `ERROR ${describeError(row.error)[0] ?? ''}`]);
    else table.push([row.host, model, s.registrationRaw || s.registration, s.authorizationRaw || s.authorization, s.nextRenewalAt ?? '-', s.communicationDeadline ?? '-', account(s)]);
  }
  return formatTable(table);
}
