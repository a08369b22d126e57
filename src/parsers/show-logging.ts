import { ParseError } from '../errors.js';
import { parseDeviceTime } from './device-time.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { LicensingLog, LicensingLogMessage, SyslogMessageId } from './types.js';

/**
 * A syslog line prefix: optional sequence number, IOS-XR node, timestamp (`*Mar  1 00:00:12.345`, `May 27
 * 09:54:57.783 UTC`), optional XR process (`smartlicserver[311]:`), as in 004:635 / 004:669.
 */
const PREFIX = /^(?:\d+:\s*)?(?:((?:RP|LC|0)\/[\w/]*CPU\d+):)?[*.]?((?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{1,2}\s+(?:\d{4}\s+)?\d{1,2}:\d{2}:\d{2}(?:\.\d+)?(?:\s+[A-Za-z]{2,5})?)\s*:\s*(?:([\w.-]+\[\d+\]):\s*)?(.*)$/;
/** `%SMART_LIC-3-COMM_FAILED:` (000:476-479), `%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED :`, `LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED :` (004:639, no `%`). */
const MESSAGE_ID = /^%?((?:[A-Z][A-Z0-9_]*-)*?[A-Z][A-Z0-9_]*)-([0-7])-([A-Z][A-Z0-9_]*)\s*:\s*(.*)$/;
const LICENSING_FACILITY = /SMART_LIC|LICENS|CALL_?HOME|SMART_AGENT|PKI|HTTPC|SSL/;

export function parseMessageId(text: string): { id: SyslogMessageId; text: string } | null {
  const m = MESSAGE_ID.exec(text.trim());
  if (m === null) return null;
  return {
    id: { raw: `${m[1]}-${m[2]}-${m[3]}`, facility: m[1]!, severity: Number(m[2]), mnemonic: m[3]! },
    text: m[4]!.trim(),
  };
}

/**
 * `show logging` — typically `| include SMART|CALL` (000:1029), `| i "Data and signature"` (004:627) or
 * `| i Dereg` (004:661): Smart Licensing, licensing, call-home and PKI messages with their ids, so a driver can
 * classify a failure (`SMART_LIC-3-COMM_FAILED`, `AUTH_RENEW_FAILED`, `AGENT_DEREG_FAILED` …). A message broken
 * over several lines (terminal width, or the seed's layout) is joined. An empty output (nothing matched) is valid.
 */
export function parseLogging(text: string, options?: ParseOptions): LicensingLog {
  const prepared = prepareOutput(text, 'show logging', ['logging'], options, true);
  const r: LicensingLog = { kind: 'logging', command: prepared.canonical, platform: prepared.platform, unparsed: [], messages: [], otherMessages: 0, header: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  let pending: { line: number; timestamp?: string; node?: string; process?: string } | null = null;
  let current: LicensingLogMessage | null = null;
  let other = false;
  let started = false;
  const timeOptions = options ?? {};
  for (const line of prepared.capture.lines) {
    const body = line.body;
    const prefix = PREFIX.exec(body);
    const rest = prefix !== null ? prefix[4]! : body;
    const parsed = parseMessageId(rest);
    if (prefix !== null || parsed !== null) started = true;
    if (parsed !== null) {
      const licensing = LICENSING_FACILITY.test(parsed.id.facility);
      other = !licensing;
      current = null;
      if (!licensing) {
        r.otherMessages++;
        pending = null;
        continue;
      }
      const message: LicensingLogMessage = { line: line.no, id: parsed.id, text: parsed.text };
      const ts = prefix?.[2] ?? pending?.timestamp;
      const node = prefix?.[1] ?? pending?.node;
      const proc = prefix?.[3] ?? pending?.process;
      if (ts !== undefined) message.timestamp = parseDeviceTime(ts, timeOptions) ?? { raw: ts, iso: null, local: null, zone: null, offsetMinutes: null };
      if (node !== undefined) message.node = node;
      if (proc !== undefined) message.process = proc;
      r.messages.push(message);
      current = message;
      pending = null;
      continue;
    }
    if (prefix !== null) {
      // A prefix whose message id is on the next line (004:635 then 004:639).
      pending = { line: line.no, timestamp: prefix[2]! };
      if (prefix[1] !== undefined) pending.node = prefix[1];
      if (prefix[3] !== undefined) pending.process = prefix[3];
      current = null;
      other = rest.trim() !== '';
      if (other) r.otherMessages++;
      continue;
    }
    if (current !== null) {
      current.text = `${current.text} ${body}`.trim();
      continue;
    }
    if (other) continue;
    if (!started) r.header.push(body);
    else r.unparsed.push({ line: line.no, text: line.text, section: null });
  }
  if (r.messages.length === 0 && r.otherMessages === 0 && r.header.length === 0 && r.unparsed.length > 0) {
    throw new ParseError(prepared.command, 'no syslog messages in the output', excerptOf(prepared.capture));
  }
  return r;
}
