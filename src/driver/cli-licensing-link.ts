/**
 * The licensing operations over the CLI: `show license status` and `show logging | include …` through the
 * parsers, and the `license smart …` command typed on the device (redacted when it carries a token), its
 * immediate reply judged by command-reply.ts, with the command's fallback sent when the device does not know it.
 */
import { DeviceCommandError } from '../errors.js';
import { judgeReply } from './command-reply.js';
import { licensingErrorOf } from './failure-verdict.js';
import type { LicensingLink, SentRequest } from './licensing-link.js';
import type { OperationCommand, OperationOptions, OperationSpec } from './licensing-operation.js';
import { observeSyslog } from './licensing-observation.js';
import { readLicenseStatus, readLicensingLog } from './licensing-status.js';
import type { LicensingOperation } from './operation-progress.js';
import type { Session } from './session.js';

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
      throw licensingErrorOf(operation, verdict.failure, session.host);
    case 'device-error':
      return { error: new DeviceCommandError(command.shown, result.output, session.platform, { host: session.host, code: verdict.failure.code }) };
  }
}

/** The command, or its fallback when the device does not know the command's keywords (`% Invalid input`). */
async function sendCommand(session: Session, spec: OperationSpec<LicensingOperation>, options: OperationOptions): Promise<SentRequest> {
  const first = await sendOnce(session, spec.operation, spec.command, options);
  if ('reply' in first) return { shown: spec.command.shown, reply: first.reply };
  if (spec.fallback === undefined || first.error.code !== 'E_CLI_INVALID_INPUT') throw first.error;
  const second = await sendOnce(session, spec.operation, spec.fallback, options);
  if ('reply' in second) return { shown: spec.fallback.shown, reply: second.reply };
  throw second.error;
}

export function cliLicensingLink(session: Session): LicensingLink {
  return {
    host: session.host,
    platform: session.platform,
    readStatus: (options) => readLicenseStatus(session, options),
    readSyslog: async (options) => observeSyslog(await readLicensingLog(session, options)),
    request: (spec, options) => sendCommand(session, spec, options),
  };
}
