import { ParseError } from '../errors.js';
import { parseDeviceTime } from './device-time.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { LicenseEvent, LicenseEventLog } from './types.js';

const EVENT = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?(?: [A-Za-z][\w+:-]*)?)\s+([A-Z][A-Z0-9_]+)(?:\s+(.*))?$/;
const ATTRIBUTE = /(\w+)="([^"]*)"/g;

function finish(event: LicenseEvent): void {
  // An exec loop rather than matchAll, which clones the regex for every event.
  ATTRIBUTE.lastIndex = 0;
  for (let m = ATTRIBUTE.exec(event.text); m !== null; m = ATTRIBUTE.exec(event.text)) event.attributes[m[1]!] = m[2]!;
}

/** An event continued on the next line: inside an open quote the text was cut mid-word (80 columns). */
function join(text: string, more: string): string {
  const quotes = (text.match(/"/g) ?? []).length;
  return quotes % 2 === 1 ? `${text}${more}` : `${text} ${more}`;
}

/** `show license eventlog [days]`: Smart Agent events (`SAEVT_…`) with their `key="value"` attributes. */
export function parseLicenseEventLog(text: string, options?: ParseOptions): LicenseEventLog {
  const prepared = prepareOutput(text, options?.command ?? 'show license eventlog', ['license-eventlog'], options);
  const r: LicenseEventLog = { kind: 'license-eventlog', command: prepared.canonical, platform: prepared.platform, unparsed: [], events: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  let current: LicenseEvent | null = null;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    const c0 = body.charCodeAt(0);
    if (c0 === 42 /* * */ && /^\*+\s*Event Log\s*\*+$/i.test(body)) continue;
    if ((c0 | 32) === 110 /* n */ && /^No EventLog Found\.?$/i.test(body)) {
      r.message = body;
      continue;
    }
    const m = c0 >= 48 && c0 <= 57 ? EVENT.exec(body) : null;
    if (m !== null) {
      if (current !== null) finish(current);
      const timestamp = parseDeviceTime(m[1]!, options) ?? { raw: m[1]!, iso: null, local: null, zone: null, offsetMinutes: null };
      current = { line: line.no, timestamp, type: m[2]!, attributes: {}, text: (m[3] ?? '').trim() };
      r.events.push(current);
      continue;
    }
    if (current !== null) {
      current.text = join(current.text, body);
      continue;
    }
    r.unparsed.push({ line: line.no, text: line.text, section: null });
  }
  if (current !== null) finish(current);
  if (r.events.length === 0 && r.message === undefined) {
    throw new ParseError(prepared.command, 'no license events in the output', excerptOf(prepared.capture));
  }
  return r;
}
