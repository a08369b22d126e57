/**
 * What a licensing operation needs from a device, whatever carries it: read the licensing state as a parsed
 * report, read the licensing syslog where the transport can, and send the operation's request (judging the
 * immediate answer). The CLI reads `show license status` / `show logging` and types `license smart …`
 * (cli-licensing-link.ts); NETCONF reads the Smart Agent state and calls the platform's action
 * (netconf/netconf-licensing-link.ts). The decision rules above them (operation-progress.ts) are the same.
 */
import type { LicenseStatusReport } from '../parsers/types.js';
import type { PlatformId } from '../platforms/types.js';
import { cliLicensingLink } from './cli-licensing-link.js';
import type { FailureVerdict } from './failure-verdict.js';
import type { OperationOptions, OperationSpec } from './licensing-operation.js';
import type { SyslogEvent } from './licensing-observation.js';
import type { LicensingOperation } from './operation-progress.js';
import { NetconfConnection } from './netconf/netconf-connection.js';
import { netconfLicensingLink } from './netconf/netconf-licensing-link.js';
import type { Session } from './session.js';

/** A CLI session or a NETCONF connection: what the licensing functions run over. */
export type LicensingTarget = Session | NetconfConnection;

export interface SentRequest {
  /** What was sent, as results and errors show it (token as `***`). */
  readonly shown: string;
  /** The device's immediate answer (token scrubbed). */
  readonly reply: string;
  /** A refusal the caller chose to accept (see `OperationSpec.tolerateSyncLoss`). */
  readonly tolerated?: FailureVerdict;
}

export interface LicensingLink {
  readonly host: string;
  readonly platform: PlatformId;
  readStatus(options: { readonly commandTimeoutMs?: number }): Promise<LicenseStatusReport>;
  /** The licensing syslog, oldest first; null where the transport has no way to read it. */
  readSyslog(options: { readonly commandTimeoutMs?: number }): Promise<SyslogEvent[] | null>;
  /**
   * Sends the request and judges the immediate answer.
   * @throws LicensingError when the device refused it; the transport's own errors for the rest
   */
  request(spec: OperationSpec<LicensingOperation>, options: OperationOptions): Promise<SentRequest>;
}

export function licensingLinkOf(target: LicensingTarget): LicensingLink {
  return target instanceof NetconfConnection ? netconfLicensingLink(target) : cliLicensingLink(target);
}
