/**
 * What one look at a device tells the licensing operations: the registration and authorization state with the
 * attempts behind them (from `show license status`), and the licensing syslog messages (from `show logging`).
 * Pure: parsed outputs in, plain data out. The decision rules (operation-progress.ts) compare two observations —
 * before the command and now — to tell the current attempt from a stale one.
 */
import type { AttemptResult, AuthorizationStatus, RegistrationStatus } from '../licensing/types.js';
import { deviceTimeMs } from '../parsers/device-time.js';
import type { Attempt, LicenseReport, LicensingLog } from '../parsers/types.js';

export interface AttemptObservation {
  readonly result: AttemptResult;
  /** Epoch ms of the device's date, or null when it printed none (or one without a usable zone). */
  readonly at: number | null;
  /** As printed, e.g. `FAILED on Jan 01 00:00:05 2026 UTC`. */
  readonly raw: string;
  readonly failureReason?: string;
}

export interface LicensingObservation {
  readonly registration: RegistrationStatus;
  /** As printed (`UNREGISTERED - REGISTRATION FAILED`), '' when the output had no Registration block. */
  readonly registrationRaw: string;
  readonly initialRegistration?: AttemptObservation;
  /** `Last Renewal Attempt:` — the ID certificate renewal (`license smart renew id`). */
  readonly lastRenewal?: AttemptObservation;
  readonly authorization: AuthorizationStatus;
  readonly authorizationRaw: string;
  /** `Last Communication Attempt:` — the authorization request / renewal (`license smart renew auth`). */
  readonly lastCommunication?: AttemptObservation;
}

/** One licensing syslog message. */
export interface SyslogEvent {
  /** `SMART_LIC`, or IOS-XR's `LICENSE-SMART_LIC` (004:639). */
  readonly facility: string;
  readonly severity: number;
  /** `AGENT_REG_FAILED`, `COMM_FAILED` … */
  readonly mnemonic: string;
  readonly text: string;
  /** The timestamp as printed, '' when the line had none. */
  readonly timestamp: string;
  /** The message as one line: `%SMART_LIC-3-COMM_FAILED: <text>`. */
  readonly line: string;
}

function attemptOf(a: Attempt | undefined): AttemptObservation | undefined {
  if (a === undefined) return undefined;
  const at = deviceTimeMs(a.at);
  const raw = a.at === undefined ? a.resultRaw : `${a.resultRaw} on ${a.at.raw}`;
  return a.failureReason === undefined ? { result: a.result, at, raw } : { result: a.result, at, raw, failureReason: a.failureReason };
}

/** The observation in a parsed `show license status` (or `all` / `tech support`) output. */
export function observeLicensing(report: LicenseReport): LicensingObservation {
  const reg = report.registration;
  const auth = report.authorization;
  const initialRegistration = attemptOf(reg?.initialRegistration);
  const lastRenewal = attemptOf(reg?.lastRenewalAttempt);
  const lastCommunication = attemptOf(auth?.lastCommunicationAttempt);
  return {
    registration: reg?.status ?? 'unknown',
    registrationRaw: reg?.statusRaw ?? '',
    ...(initialRegistration === undefined ? {} : { initialRegistration }),
    ...(lastRenewal === undefined ? {} : { lastRenewal }),
    authorization: auth?.status ?? 'unknown',
    authorizationRaw: auth?.statusRaw ?? '',
    ...(lastCommunication === undefined ? {} : { lastCommunication }),
  };
}

/** The licensing messages of a parsed `show logging` output, oldest first. */
export function observeSyslog(log: LicensingLog): SyslogEvent[] {
  return log.messages.map((m) => ({
    facility: m.id.facility,
    severity: m.id.severity,
    mnemonic: m.id.mnemonic.toUpperCase(),
    text: m.text,
    timestamp: m.timestamp?.raw ?? '',
    line: `%${m.id.raw}: ${m.text}`,
  }));
}

function eventKey(e: SyslogEvent): string {
  return `${e.timestamp}\u0000${e.line}`;
}

/**
 * The messages of `after` that `before` did not have: a multiset difference, so a message repeated with the same
 * timestamp (an emulator whose clock stands still) still counts once per new occurrence. The logging buffer only
 * grows or wraps, so nothing in `before` is ever "new".
 */
export function newSyslogEvents(before: readonly SyslogEvent[], after: readonly SyslogEvent[]): SyslogEvent[] {
  const seen = new Map<string, number>();
  for (const e of before) seen.set(eventKey(e), (seen.get(eventKey(e)) ?? 0) + 1);
  const fresh: SyslogEvent[] = [];
  for (const e of after) {
    const key = eventKey(e);
    const left = seen.get(key) ?? 0;
    if (left > 0) seen.set(key, left - 1);
    else fresh.push(e);
  }
  return fresh;
}
