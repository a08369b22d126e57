import { ParseError } from '../errors.js';
import { parseDeviceTime } from './device-time.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeSmartLicensingStatistics } from './types.js';

/** `Msg Subtype      Success Failed  Inqueue Dropped Last-sent (GMT-06:00)` (000:999). */
const HEADER = /^Msg Subtype\s+Success\s+Failed\s+Inqueue\s+Dropped\s+Last-sent(?:\s*\(([^)]*)\))?$/i;
const ROW = /^([A-Z][A-Z_-]*)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)(?:\s+(.*\S))?$/;
const LEGEND = /^(?:Success|Failed|Inqueue|Dropped)\s*:/i;

/**
 * `show call-home smart-licensing statistics` (000:992-1005): per message subtype (REGISTRATION,
 * ACKNOWLEDGEMENT, ENTITLEMENT …) the success / failed / in-queue / dropped counters and the last send time in
 * the zone of the column header. The troubleshooting text (000:1029) expects REGISTRATION and ACKNOWLEDGEMENT rows.
 */
export function parseCallHomeSmartLicensingStatistics(text: string, options?: ParseOptions): CallHomeSmartLicensingStatistics {
  const prepared = prepareOutput(text, 'show call-home smart-licensing statistics', ['call-home-smart-licensing-statistics'], options);
  const r: CallHomeSmartLicensingStatistics = {
    kind: 'call-home-smart-licensing-statistics',
    command: prepared.canonical,
    platform: prepared.platform,
    unparsed: [],
    messages: [],
  };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  let header = false;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (LEGEND.test(body) || /^-{3,}$/.test(body)) continue;
    const h = HEADER.exec(body);
    if (h !== null) {
      header = true;
      if (h[1] !== undefined) r.lastSentZone = h[1].trim();
      continue;
    }
    const m = header ? ROW.exec(body) : null;
    if (m === null) {
      r.unparsed.push({ line: line.no, text: line.text, section: header ? 'statistics' : null });
      continue;
    }
    const row: CallHomeSmartLicensingStatistics['messages'][number] = {
      subtype: m[1]!,
      success: Number(m[2]),
      failed: Number(m[3]),
      inqueue: Number(m[4]),
      dropped: Number(m[5]),
    };
    if (m[6] !== undefined && !/^(?:n\/a|never|-)$/i.test(m[6])) {
      const zone = r.lastSentZone;
      const t = parseDeviceTime(m[6], zone === undefined ? options ?? {} : { ...options, defaultZone: zone });
      row.lastSent = t ?? { raw: m[6], iso: null, local: null, zone: null, offsetMinutes: null };
    }
    r.messages.push(row);
  }
  if (!header) throw new ParseError(prepared.command, 'no "Msg Subtype" statistics table in the output', excerptOf(prepared.capture));
  return r;
}
