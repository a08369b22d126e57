/**
 * `show logging`: the logging buffer as the devices print it, oldest first. The header is the shape of IOS-XE
 * 16.x / IOS-XR 7.x; each message carries its timestamp (`service timestamps log datetime msec … show-timezone`
 * on IOS-XE, the node and process on IOS-XR, seed 004:635 / 004:669):
 *
 *   IOS-XE  `*Mar  5 02:01:03.123 UTC: %SMART_LIC-3-COMM_FAILED: Communications failure with …`
 *   IOS-XR  `RP/0/RP0/CPU0:May 27 09:54:57.783 UTC: smartlicserver[311]: %LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED : …`
 *
 * Messages are printed in device-clock order: in virtual time a call home answered after a long clock jump logs
 * at the instant it was sent, which may be earlier than messages logged during the jump.
 */
import type { PlatformId } from '../../../platforms/types.js';
import type { CommandDefinition } from '../cli/command.js';
import { syslogTimestamp } from '../device-time.js';
import { runtimeOf } from '../device-runtime.js';
import type { SyslogEntry } from '../syslog.js';

const XR_NODE = 'RP/0/RP0/CPU0';

/** One buffer line as the platform prints it. */
export function formatSyslogLine(platform: PlatformId, entry: SyslogEntry): string {
  const stamp = syslogTimestamp(entry.at);
  if (platform === 'ios-xe') return `*${stamp}: %${entry.facility}-${entry.severity}-${entry.mnemonic}: ${entry.text}`;
  const process = entry.process === undefined ? '' : `${entry.process}: `;
  return `${XR_NODE}:${stamp}: ${process}%${entry.facility}-${entry.severity}-${entry.mnemonic} : ${entry.text}`;
}

/** The buffer's entries in clock order (stable for equal times). */
export function chronological(entries: readonly SyslogEntry[]): SyslogEntry[] {
  return entries.map((entry, index) => ({ entry, index })).sort((a, b) => a.entry.at - b.entry.at || a.index - b.index).map((e) => e.entry);
}

function xeHeader(count: number): string[] {
  return [
    'Syslog logging: enabled (0 messages dropped, 0 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)',
    '',
    'No Active Message Discriminator.',
    '',
    '',
    'No Inactive Message Discriminator.',
    '',
    '',
    `    Console logging: level debugging, ${count} messages logged, xml disabled,`,
    '                     filtering disabled',
    '    Monitor logging: level debugging, 0 messages logged, xml disabled,',
    '                     filtering disabled',
    `    Buffer logging:  level debugging, ${count} messages logged, xml disabled,`,
    '                    filtering disabled',
    '    Exception Logging: size (4096 bytes)',
    '    Count and timestamp logging messages: disabled',
    '    Persistent logging: disabled',
    '',
    'No active filter modules.',
    '',
    `    Trap logging: level informational, ${count} message lines logged`,
    '        Logging Source-Interface:       VRF Name:',
    '',
    'Log Buffer (10000000 bytes):',
    '',
  ];
}

function xrHeader(count: number): string[] {
  return [
    'Syslog logging: enabled (0 messages dropped, 0 flushes, 0 overruns)',
    `    Console logging: level warnings, ${count} messages logged`,
    '    Monitor logging: level debugging, 0 messages logged',
    `    Trap logging: level informational, ${count} messages logged`,
    `    Buffer logging: level debugging, ${count} messages logged`,
    '',
    'Log Buffer (2097152 bytes):',
    '',
  ];
}

export function showLogging(modes: CommandDefinition['modes']): CommandDefinition {
  return {
    syntax: 'show logging',
    modes,
    timestamp: true,
    run: (ctx) => {
      const entries = chronological(runtimeOf(ctx.device).syslog.entries());
      const header = ctx.platform === 'ios-xe' ? xeHeader(entries.length) : xrHeader(entries.length);
      ctx.print([...header, ...entries.map((e) => formatSyslogLine(ctx.platform, e))]);
    },
  };
}
