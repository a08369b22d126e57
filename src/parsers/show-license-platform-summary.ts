import { ParseError } from '../errors.js';
import type { CaptureLine } from './capture.js';
import { parseDeviceTime, parseDuration, type DeviceTimeOptions } from './device-time.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { RegistrationStatus } from '../licensing/types.js';
import type { CollectionTimes, LicensePlatformSummary, StateField } from './types.js';
import { registrationStatusOf, siaStatusOf } from './vocabulary.js';

const TIMES = /^(?:(Collection|Reporting)\s*:\s*)?(LAST|NEXT)\s*:\s*(.*)$/i;
const ROW = /^(\S+)\s+(.+?)\s+(\d+)\s+(\d+)$/;

/**
 * Reads `Collection: LAST: …` / `NEXT: …` and `Reporting:` lines (001:125-128, 004:404-407) into `target`;
 * returns false when the line is not one of them.
 */
export function readCollectionLine(
  body: string,
  state: { which: 'collection' | 'reporting' | null },
  target: { collection?: CollectionTimes; reporting?: CollectionTimes },
  options: DeviceTimeOptions | undefined,
): boolean {
  const m = TIMES.exec(body);
  if (m === null) return false;
  if (m[1] !== undefined) state.which = m[1].toLowerCase() as 'collection' | 'reporting';
  if (state.which === null) return false;
  const times = (target[state.which] ??= {});
  const raw = m[3]!.trim();
  const t = parseDeviceTime(raw, options) ?? { raw, iso: null, local: null, zone: null, offsetMinutes: null };
  if (m[2]!.toUpperCase() === 'LAST') times.last = t;
  else times.next = t;
  return true;
}

export function readCurrentState(body: string): StateField<RegistrationStatus> | null {
  const m = /^Current state:\s*(.*)$/i.exec(body);
  if (m === null) return null;
  return { status: registrationStatusOf(m[1]!), statusRaw: m[1]!.trim() };
}

/**
 * `show license platform summary` (IOS-XR NCS 560, 001:123-178): collection / reporting times, the SIA status
 * inside `*****IMPORTANT*****` with its grace period, and the `Feature/Area Entitlement Count Last Next` table.
 */
export function parseLicensePlatformSummary(text: string, options?: ParseOptions): LicensePlatformSummary {
  const prepared = prepareOutput(text, 'show license platform summary', ['license-platform-summary'], options);
  const r: LicensePlatformSummary = { kind: 'license-platform-summary', command: prepared.canonical, platform: prepared.platform, unparsed: [], entries: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  const state = { which: null as 'collection' | 'reporting' | null };
  let inSia = false;
  let table = false;
  const lines: readonly CaptureLine[] = prepared.capture.lines;
  for (const line of lines) {
    const body = line.body;
    if (/^\*{3,}(?:IMPORTANT\*+)?$/i.test(body)) continue;
    const current = readCurrentState(body);
    if (current !== null) {
      r.currentState = current;
      continue;
    }
    if (readCollectionLine(body, state, r, options)) continue;
    const sia = /^SIA Status:\s*(.*)$/i.exec(body);
    if (sia !== null) {
      const raw = sia[1]!.trim();
      r.sia = { status: siaStatusOf(raw), statusRaw: raw, messages: [] };
      const grace = /Remaining Grace Period:\s*([^)]*)\)/i.exec(raw);
      if (grace !== null) r.sia.graceRemaining = { raw: grace[1]!.trim(), ms: parseDuration(grace[1]!) };
      inSia = true;
      continue;
    }
    if (/^Feature\/Area\s+Entitlement\s+Count$/i.test(body)) {
      table = true;
      inSia = false;
      continue;
    }
    if (table && /^Last\s+Next$/i.test(body)) continue;
    const row = table ? ROW.exec(body) : null;
    if (row !== null) {
      r.entries.push({ area: row[1]!, entitlement: row[2]!.trim(), countLast: Number(row[3]), countNext: Number(row[4]) });
      continue;
    }
    if (inSia && r.sia !== undefined && line.indent > 0) {
      r.sia.messages.push(body);
      continue;
    }
    r.unparsed.push({ line: line.no, text: line.text, section: table ? 'Feature/Area' : null });
  }
  if (r.collection === undefined && r.reporting === undefined && r.sia === undefined && r.entries.length === 0) {
    throw new ParseError(prepared.command, 'no collection, reporting, SIA or consumption data in the output', excerptOf(prepared.capture));
  }
  return r;
}
