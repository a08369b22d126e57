/**
 * Reads a device's licensing state over its CLI session through the parsers: `show license status` always,
 * `show license summary` (entitlements in use), `show license udi` and the licensing syslog on request. Over a
 * NETCONF connection the same `LicensingStatus` comes from the Smart Agent state (netconf/netconf-licensing-status.ts).
 */
import type { LicensingSnapshot } from '../licensing/snapshot.js';
import { licensingSnapshot } from '../parsers/licensing-snapshot.js';
import { parseLicenseStatus } from '../parsers/show-license-status.js';
import { parseLicenseSummary } from '../parsers/show-license-summary.js';
import { parseLicenseUdi } from '../parsers/show-license-udi.js';
import { parseLogging } from '../parsers/show-logging.js';
import type { LicenseStatusReport, LicenseSummaryReport, LicensingLog, ParseResult, Udi, UdiMember } from '../parsers/types.js';
import type { PlatformId } from '../platforms/types.js';
import { licensingStateOf, type LicensingState } from './licensing-state.js';
import { observeSyslog, type SyslogEvent } from './licensing-observation.js';
import type { LicensingTarget } from './licensing-link.js';
import { NetconfConnection } from './netconf/netconf-connection.js';
import { netconfLicensingStatus } from './netconf/netconf-licensing-status.js';
import type { Session } from './session.js';

export const SHOW_LICENSE_STATUS = 'show license status';
export const SHOW_LICENSE_SUMMARY = 'show license summary';
export const SHOW_LICENSE_UDI = 'show license udi';
/**
 * Smart Agent and call-home messages (000:1029 troubleshoots with `show logging | include SMART | CALL`). IOS-XE
 * and IOS-XR both take a regular expression after `include`; `SMART_LIC` matches XR's `LICENSE-SMART_LIC-…` too.
 */
export const SHOW_LICENSING_LOG = 'show logging | include SMART_LIC|CALL_HOME';

export interface StatusOptions {
  /** Also read `show license summary` (the entitlements in use). Default false. */
  readonly summary?: boolean;
  /** Also read `show license udi`. Default false. */
  readonly udi?: boolean;
  /** Also read the licensing syslog (CLI only: no YANG model carries it). Default false. */
  readonly logging?: boolean;
  /** Per-command timeout in ms (default: the session's). */
  readonly commandTimeoutMs?: number;
}

export interface LicensingStatus {
  /** The session's device name. */
  readonly host: string;
  readonly platform: PlatformId;
  readonly state: LicensingState;
  /** The domain snapshot, for `evaluateCompliance(snapshot, clock)`. */
  readonly snapshot: LicensingSnapshot;
  readonly report: LicenseStatusReport;
  readonly summary?: LicenseSummaryReport;
  readonly udi?: Udi;
  /** `HA UDI List:` members (IOS-XE active / standby), with `udi`. */
  readonly udiMembers?: readonly UdiMember[];
  /** Licensing syslog messages, oldest first. */
  readonly messages?: readonly SyslogEvent[];
}

function timeout(options: { readonly commandTimeoutMs?: number }): { timeoutMs?: number } {
  return options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs };
}

/** `show license status`, parsed. */
export async function readLicenseStatus(session: Session, options: { readonly commandTimeoutMs?: number } = {}): Promise<LicenseStatusReport> {
  const result = await session.send(SHOW_LICENSE_STATUS, timeout(options));
  return parseLicenseStatus(result.output, { platform: session.platform });
}

/** The licensing syslog, parsed. */
export async function readLicensingLog(session: Session, options: { readonly commandTimeoutMs?: number } = {}): Promise<LicensingLog> {
  const result = await session.send(SHOW_LICENSING_LOG, timeout(options));
  return parseLogging(result.output, { platform: session.platform, command: SHOW_LICENSING_LOG });
}

/** The device's licensing state: through the parsers over the CLI, from the Smart Agent state over NETCONF. */
export async function licensingStatus(target: LicensingTarget, options: StatusOptions = {}): Promise<LicensingStatus> {
  if (target instanceof NetconfConnection) return netconfLicensingStatus(target, options);
  const session: Session = target;
  const report = await readLicenseStatus(session, options);
  const parsed: ParseResult[] = [report];
  let summary: LicenseSummaryReport | undefined;
  let udi: Udi | undefined;
  let udiMembers: UdiMember[] | undefined;
  let log: LicensingLog | undefined;
  if (options.summary === true) {
    summary = parseLicenseSummary((await session.send(SHOW_LICENSE_SUMMARY, timeout(options))).output, { platform: session.platform });
    parsed.push(summary);
  }
  if (options.udi === true) {
    const parsedUdi = parseLicenseUdi((await session.send(SHOW_LICENSE_UDI, timeout(options))).output, { platform: session.platform });
    udi = parsedUdi.udi;
    udiMembers = parsedUdi.haUdiList;
  }
  if (options.logging === true) {
    log = await readLicensingLog(session, options);
    parsed.push(log);
  }
  return {
    host: session.host,
    platform: session.platform,
    state: licensingStateOf(report),
    snapshot: licensingSnapshot(parsed, { platform: session.platform }),
    report,
    ...(summary === undefined ? {} : { summary }),
    ...(udi === undefined ? {} : { udi }),
    ...(udiMembers === undefined ? {} : { udiMembers }),
    ...(log === undefined ? {} : { messages: observeSyslog(log) }),
  };
}
