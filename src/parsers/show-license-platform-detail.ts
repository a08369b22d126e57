import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import { readCollectionLine, readCurrentState } from './show-license-platform-summary.js';
import type { LicensePlatformDetail } from './types.js';

const FEATURE = /^Feature\/Area\s+'([^']*)'$/i;
const ENTRY = /^\[\s*(\d+)\]\s*Name:\s*(.*)$/;
const REGID = /^regid\.\d{4}-\d{2}\.com\.cisco\.([^,]+),/;

/**
 * `show license platform detail` (IOS-XR NCS 1004, 004:400-430): current state, collection / reporting times,
 * parameters, and per feature area the entitlements with their last reported and next report counts.
 */
export function parseLicensePlatformDetail(text: string, options?: ParseOptions): LicensePlatformDetail {
  const prepared = prepareOutput(text, 'show license platform detail', ['license-platform-detail'], options);
  const r: LicensePlatformDetail = { kind: 'license-platform-detail', command: prepared.canonical, platform: prepared.platform, unparsed: [], parameters: {}, features: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  const state = { which: null as 'collection' | 'reporting' | null };
  let feature: LicensePlatformDetail['features'][number] | null = null;
  let entry: LicensePlatformDetail['features'][number]['entitlements'][number] | null = null;
  let expectTag = false;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (/^=+$/.test(body)) continue;
    const current = readCurrentState(body);
    if (current !== null) {
      r.currentState = current;
      continue;
    }
    if (feature === null && readCollectionLine(body, state, r, options)) continue;
    let m = /^(?:Parameters:\s*)?(Collection interval|Reporting interval|Throughput gauge):\s*(\d+)/i.exec(body);
    if (m !== null && feature === null) {
      const n = Number(m[2]);
      const k = m[1]!.toLowerCase();
      if (k === 'collection interval') r.parameters.collectionIntervalMinutes = n;
      else if (k === 'reporting interval') r.parameters.reportingIntervalMinutes = n;
      else r.parameters.throughputGaugeKbps = n;
      continue;
    }
    m = FEATURE.exec(body);
    if (m !== null) {
      feature = { area: m[1]!, entitlements: [] };
      r.features.push(feature);
      entry = null;
      continue;
    }
    if (feature !== null) {
      m = ENTRY.exec(body);
      if (m !== null) {
        entry = { index: Number(m[1]), name: m[2]!.trim() };
        feature.entitlements.push(entry);
        expectTag = false;
        continue;
      }
      if (entry === null) {
        m = /^(Name|Status|Flags):\s*(.*)$/i.exec(body);
        if (m !== null) {
          const k = m[1]!.toLowerCase() as 'name' | 'status' | 'flags';
          feature[k] = m[2]!.trim();
          continue;
        }
      } else {
        if (/^Entitlement Tag:\s*$/i.test(body)) {
          expectTag = true;
          continue;
        }
        m = /^Entitlement Tag:\s*(\S+)$/i.exec(body);
        const tag = m !== null ? m[1]! : expectTag && body.startsWith('regid.') ? body : null;
        if (tag !== null) {
          entry.tag = tag;
          const short = REGID.exec(tag);
          if (short !== null) entry.shortTag = short[1]!;
          expectTag = false;
          continue;
        }
        m = /^(?:Count:\s*)?Last reported:\s*(\d+)$/i.exec(body);
        if (m !== null) {
          entry.lastReported = Number(m[1]);
          continue;
        }
        m = /^Next report:\s*(\d+)$/i.exec(body);
        if (m !== null) {
          entry.nextReport = Number(m[1]);
          continue;
        }
      }
    }
    r.unparsed.push({ line: line.no, text: line.text, section: feature === null ? null : `Feature/Area '${feature.area}'` });
  }
  if (r.currentState === undefined && r.features.length === 0 && r.collection === undefined) {
    throw new ParseError(prepared.command, 'no platform licensing state in the output', excerptOf(prepared.capture));
  }
  return r;
}
