/**
 * Scripted licensing devices for driver and CLI tests: transcripts in the seeds' formats (`show license status`
 * blocks of 000:612-631 / 001:967-1003, syslog lines of 000:476-479 / 004:635-677) and builders for the states and
 * failures the Smart Agent reports. A script is a list of `TranscriptStep`s played by `ScriptedStream` (in process)
 * or by the transcript SSH server.
 */
import type { Writable } from 'node:stream';
import { ScriptedStream, type TranscriptStep } from '../../../src/channel/cli/scripted-stream.js';
import { connect } from '../../../src/driver/connect.js';
import type { Session } from '../../../src/driver/session.js';
import { SHOW_LICENSING_LOG } from '../../../src/driver/licensing-status.js';
import { createLogger, type Logger } from '../../../src/log.js';
import type { PlatformId } from '../../../src/platforms/types.js';

/** A token shaped like the seeds' (000:457-459) and the CSSM emulator's. */
export const TOKEN = 'YjBkOWM5YtItMDFiOS00ZjBmLT11Y2YtODEzMzglYTMzZDVhLTEz%0ANzc5NDF8U1BDUTAySWFRtmJqa1Nn%3D%0A';

export interface StatusSpec {
  /** `Status:` under Registration, e.g. `REGISTERED`, `UNREGISTERED - REGISTRATION FAILED`. */
  readonly registration: string;
  readonly smartAccount?: string;
  readonly virtualAccount?: string;
  readonly exportControl?: string;
  /** `Initial Registration:` value, e.g. `SUCCEEDED on <date>`. */
  readonly initial?: string;
  readonly initialReason?: string;
  readonly lastRenewal?: string;
  readonly lastRenewalReason?: string;
  readonly nextRenewal?: string;
  readonly expires?: string;
  /** `Status:` under License Authorization, e.g. `AUTHORIZED on <date>`, `EVAL MODE`. */
  readonly authorization: string;
  readonly evaluationRemaining?: string;
  readonly lastCommunication?: string;
  readonly lastCommunicationReason?: string;
  readonly nextCommunication?: string;
  readonly deadline?: string;
}

/** Seed date formats: IOS-XE `Mar  5 02:01:03 2015 UTC` (000:619), IOS-XR `Jul 01 2020 07:14:24 UTC` (001:990). */
export function deviceDate(platform: PlatformId, iso: string): string {
  const d = new Date(iso);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const day = d.getUTCDate();
  const time = d.toISOString().slice(11, 19);
  return platform === 'ios-xe'
    ? `${month} ${String(day).padStart(2, ' ')} ${time} ${d.getUTCFullYear()} UTC`
    : `${month} ${String(day).padStart(2, '0')} ${d.getUTCFullYear()} ${time} UTC`;
}

/** A `show license status` output in the platform's seed layout. */
export function statusText(platform: PlatformId, s: StatusSpec): string {
  const lines: string[] = ['', 'Smart Licensing is ENABLED', ''];
  if (platform === 'ios-xr') {
    lines.push('Utility:', '  Status: DISABLED', '', 'Data Privacy:', '  Sending Hostname: yes', '  Callhome hostname privacy: DISABLED');
    lines.push('  Smart Licensing hostname privacy: DISABLED', '  Version privacy: DISABLED', '', 'Transport:', '  Type: Callhome', '');
  }
  lines.push('Registration:', `  Status: ${s.registration}`);
  if (s.smartAccount !== undefined) lines.push(`  Smart Account: ${s.smartAccount}`);
  if (s.virtualAccount !== undefined) lines.push(`  Virtual Account: ${s.virtualAccount}`);
  if (s.exportControl !== undefined) lines.push(`  Export-Controlled Functionality: ${s.exportControl}`);
  if (s.initial !== undefined) lines.push(`  Initial Registration: ${s.initial}`);
  if (s.initialReason !== undefined) lines.push(`    Failure reason: ${s.initialReason}`);
  if (s.lastRenewal !== undefined) lines.push(`  Last Renewal Attempt: ${s.lastRenewal}`);
  if (s.lastRenewalReason !== undefined) lines.push(`    Failure reason: ${s.lastRenewalReason}`);
  if (s.nextRenewal !== undefined) lines.push(`  Next Renewal Attempt: ${s.nextRenewal}`);
  if (s.expires !== undefined) lines.push(`  Registration Expires: ${s.expires}`);
  lines.push('', 'License Authorization:', `  Status: ${s.authorization}`);
  if (s.evaluationRemaining !== undefined) lines.push(`  Evaluation Period Remaining: ${s.evaluationRemaining}`);
  if (s.lastCommunication !== undefined) lines.push(`  Last Communication Attempt: ${s.lastCommunication}`);
  if (s.lastCommunicationReason !== undefined) lines.push(`    Failure reason: ${s.lastCommunicationReason}`);
  if (s.nextCommunication !== undefined) lines.push(`  Next Communication Attempt: ${s.nextCommunication}`);
  if (s.deadline !== undefined) lines.push(`  Communication Deadline: ${s.deadline}`);
  if (platform === 'ios-xr') lines.push('', 'Export Authorization Key:', '  Features Authorized:', '    <none>');
  return lines.join('\n');
}

/** Common states, dated relative to `at` (ISO). */
export const states = {
  unregistered: (platform: PlatformId): StatusSpec => ({
    registration: 'UNREGISTERED',
    exportControl: platform === 'ios-xr' ? 'NOT ALLOWED' : 'Not Allowed',
    authorization: 'EVAL MODE',
    evaluationRemaining: '89 days, 23 hours, 59 minutes, 50 seconds',
  }),
  registering: (platform: PlatformId): StatusSpec => ({
    registration: 'REGISTERING - REGISTRATION IN PROGRESS',
    exportControl: platform === 'ios-xr' ? 'NOT ALLOWED' : 'Not Allowed',
    authorization: 'EVAL MODE',
    evaluationRemaining: '89 days, 23 hours, 59 minutes, 40 seconds',
  }),
  failed: (platform: PlatformId, at: string, reason: string): StatusSpec => ({
    registration: 'UNREGISTERED - REGISTRATION FAILED',
    exportControl: platform === 'ios-xr' ? 'NOT ALLOWED' : 'Not Allowed',
    initial: `FAILED on ${deviceDate(platform, at)}`,
    initialReason: reason,
    authorization: 'EVAL MODE',
    evaluationRemaining: '89 days, 23 hours, 59 minutes, 30 seconds',
  }),
  registered: (platform: PlatformId, at: string, authorization = 'AUTHORIZED', extra: Partial<StatusSpec> = {}): StatusSpec => ({
    registration: 'REGISTERED',
    smartAccount: 'Forty-Two uLtd.',
    virtualAccount: platform === 'ios-xr' ? 'IOSXR' : 'auto-test-1',
    exportControl: platform === 'ios-xr' ? 'ALLOWED' : 'Allowed',
    initial: `SUCCEEDED on ${deviceDate(platform, at)}`,
    lastRenewal: 'None',
    nextRenewal: deviceDate(platform, new Date(Date.parse(at) + 180 * 86_400_000).toISOString()),
    expires: deviceDate(platform, new Date(Date.parse(at) + 365 * 86_400_000).toISOString()),
    authorization: authorization === 'AUTHORIZATION PENDING' ? authorization : `${authorization} on ${deviceDate(platform, at)}`,
    lastCommunication: `SUCCEEDED on ${deviceDate(platform, at)}`,
    nextCommunication: deviceDate(platform, new Date(Date.parse(at) + 30 * 86_400_000).toISOString()),
    deadline: deviceDate(platform, new Date(Date.parse(at) + 90 * 86_400_000).toISOString()),
    ...extra,
  }),
};

/** One syslog line as each platform prints it (000:476, 004:635-647 joined as a real buffer holds it). */
export function syslogLine(platform: PlatformId, at: string, mnemonic: string, severity: number, text: string): string {
  const d = new Date(at);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  const time = d.toISOString().slice(11, 23);
  if (platform === 'ios-xe') return `*${month} ${String(d.getUTCDate()).padStart(2, ' ')} ${time}: %SMART_LIC-${severity}-${mnemonic}: ${text}`;
  return `RP/0/RP0/CPU0:${month} ${String(d.getUTCDate()).padStart(2, '0')} ${time} UTC: smartlicserver[311]: %LICENSE-SMART_LIC-${severity}-${mnemonic} : ${text}`;
}

export class DeviceScript {
  readonly steps: TranscriptStep[] = [];
  #clockMs = Date.UTC(2026, 0, 1, 0, 0, 5);

  constructor(
    readonly platform: PlatformId,
    readonly hostname = platform === 'ios-xe' ? 'cbr8-1' : 'ncs1004-1',
  ) {}

  get prompt(): string {
    return this.platform === 'ios-xe' ? `${this.hostname}#` : `RP/0/RP0/CPU0:${this.hostname}#`;
  }

  /** The first prompt and the session setup commands. */
  open(): this {
    this.steps.push({ device: `\r\n${this.prompt}` });
    const setup = this.platform === 'ios-xe' ? ['terminal length 0', 'terminal width 511'] : ['terminal length 0', 'terminal width 0'];
    for (const c of setup) this.command(c, '');
    return this;
  }

  /** The device answers `command` with `output` (lines joined with CRLF, echo first, prompt last). */
  command(command: string, output: string, echo = command): this {
    const body = output.split('\n').join('\r\n');
    let reply = `${echo}\r\n`;
    if (this.platform === 'ios-xr') {
      this.#clockMs += 1000;
      const stamp = new Date(this.#clockMs);
      const day = stamp.toLocaleString('en-US', { weekday: 'short', timeZone: 'UTC' });
      const month = stamp.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
      reply += `${day} ${month} ${String(stamp.getUTCDate()).padStart(2, ' ')} ${stamp.toISOString().slice(11, 23)} UTC\r\n`;
    }
    reply += output === '' ? this.prompt : `${body}\r\n${this.prompt}`;
    this.steps.push({ client: `${command}\n`, device: reply });
    return this;
  }

  status(spec: StatusSpec): this {
    return this.command('show license status', statusText(this.platform, spec));
  }

  log(lines: readonly string[]): this {
    return this.command(SHOW_LICENSING_LOG, lines.join('\n'));
  }
}

/** A logger whose JSON lines land in `lines`, at debug level. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = { write: (s: string) => void lines.push(s) } as unknown as Writable & { write(s: string): void };
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

export async function openScripted(script: DeviceScript, logger?: Logger): Promise<{ session: Session; stream: ScriptedStream }> {
  const stream = new ScriptedStream(script.steps);
  const session = await connect(
    { name: script.hostname, host: '127.0.0.1', platform: script.platform },
    { stream, ...(logger === undefined ? {} : { logger }) },
  );
  return { session, stream };
}
