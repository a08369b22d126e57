/**
 * RMA evidence: what a device said about its licensing before it was deregistered (UDI and serial, PIDs, licenses
 * in use, status, licensing configuration, recent Smart Licensing syslog), and the bundle attached to the RMA case
 * once the deregistration is verified on the device and in CSSM.
 */
import type { Clock } from '../clock.js';
import { DeviceCommandError, WorkflowError } from '../errors.js';
import { parseLicenseUdi } from '../parsers/show-license-udi.js';
import type { PlatformId } from '../platforms/types.js';
import { isoAt, redactJson, type JsonObject } from './events.js';
import type { DeviceLicensingStatus, LicensingDevice } from './ports.js';
import { licensingConfigCommands, SHOW_LICENSE_ALL, SHOW_LICENSE_UDI, SHOW_LICENSING_SYSLOG } from './show-commands.js';

export const RMA_EVIDENCE_FORMAT = 'smartlic.rma-evidence.v1';

export interface CommandCapture {
  readonly command: string;
  readonly output: string;
  /** The device refused the command (older release, other platform); the capture went on without it. */
  readonly error?: string;
}

export interface RmaEvidence {
  readonly device: string;
  readonly platform: PlatformId;
  readonly model: string | null;
  readonly capturedAt: string;
  readonly udi: { readonly pid: string | null; readonly sn: string; readonly raw: string | null };
  /** Chassis PID first, then HA / stack members'. */
  readonly pids: readonly string[];
  readonly licensesInUse: ReadonlyArray<{ readonly tag: string; readonly name: string | null; readonly count: number | null; readonly status: string | null }>;
  readonly registration: string | null;
  readonly authorization: string | null;
  /** The full licensing snapshot as the driver read it (epoch-ms instants). */
  readonly status: JsonObject;
  /** Call-home section and `license` lines of the running configuration. */
  readonly licensingConfig: readonly string[];
  /** The most recent Smart Licensing syslog lines, oldest first. */
  readonly syslog: readonly string[];
  /** Every command sent for the evidence, with its output as printed. */
  readonly commands: readonly CommandCapture[];
}

export interface RmaEvidenceBundle {
  readonly format: typeof RMA_EVIDENCE_FORMAT;
  readonly device: string;
  readonly generatedAt: string;
  /** Captured before anything changed. */
  readonly evidence: RmaEvidence;
  readonly deregistration: {
    readonly result: 'deregistered' | 'already-unregistered';
    readonly verifiedAt: string;
    readonly registration: string | null;
    readonly authorization: string | null;
  };
  readonly cssm: {
    readonly virtualAccount: string | null;
    readonly query: { readonly sn: string; readonly pid: string | null };
    /** `absent`: CSSM no longer lists it; `removed`: smartlic removed it through the CSSM API after the deregistration. */
    readonly productInstance: 'absent' | 'removed';
    readonly verifiedAt: string;
  };
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim() !== '');
}

/** Sends one evidence command; a command the device refuses is recorded, a broken session is not survivable. */
async function capture(device: LicensingDevice, command: string, signal: AbortSignal): Promise<CommandCapture> {
  try {
    const { output } = await device.send(command, { signal });
    return { command, output };
  } catch (error) {
    if (error instanceof DeviceCommandError) return { command, output: '', error: error.message };
    throw error;
  }
}

export async function captureEvidence(device: LicensingDevice, clock: Clock, signal: AbortSignal, syslogLines: number): Promise<RmaEvidence> {
  const status: DeviceLicensingStatus = await device.status({ signal });
  const commands: CommandCapture[] = [];
  for (const command of [SHOW_LICENSE_UDI, SHOW_LICENSE_ALL, ...licensingConfigCommands(device.platform), SHOW_LICENSING_SYSLOG]) {
    commands.push(await capture(device, command, signal));
  }
  const outputOf = (command: string): string => commands.find((c) => c.command === command)?.output ?? '';

  let udi = status.udi;
  if (udi?.sn === undefined && outputOf(SHOW_LICENSE_UDI) !== '') udi = parseLicenseUdi(outputOf(SHOW_LICENSE_UDI)).udi ?? udi;
  const sn = udi?.sn;
  if (sn === undefined || sn === '') {
    throw new WorkflowError('rma-deregister', 'capture-evidence', 'the device reports no serial number (UDI SN): its CSSM product instance cannot be identified, so it is not deregistered', {
      host: device.host,
    });
  }
  const pids = [udi?.pid, ...(status.members ?? []).map((m) => m.pid)].filter((p): p is string => p !== undefined && p !== '');
  return {
    device: device.host,
    platform: device.platform,
    model: status.snapshot.model ?? null,
    capturedAt: isoAt(clock.now()),
    udi: { pid: udi?.pid ?? null, sn, raw: udi?.raw ?? null },
    pids: [...new Set(pids)],
    licensesInUse: (status.snapshot.entitlements ?? []).map((e) => ({ tag: e.tag, name: e.name ?? null, count: e.count ?? null, status: e.status ?? null })),
    registration: status.snapshot.registration?.status ?? null,
    authorization: status.snapshot.authorization?.status ?? null,
    status: redactJson(status.snapshot) as unknown as JsonObject,
    licensingConfig: licensingConfigCommands(device.platform).flatMap((c) => lines(outputOf(c))),
    syslog: lines(outputOf(SHOW_LICENSING_SYSLOG)).slice(-syslogLines),
    commands,
  };
}
