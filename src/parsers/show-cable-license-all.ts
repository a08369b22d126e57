import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CableLicenses } from './types.js';

/**
 * `show cable license all` (cBR-8, also `| begin D3.1`, 000:1013-1025): one block per entitlement with the
 * consumed count, the count reported to the Smart Agent and the enforcement state.
 */
export function parseCableLicenses(text: string, options?: ParseOptions): CableLicenses {
  const prepared = prepareOutput(text, 'show cable license all', ['cable-license'], options);
  const r: CableLicenses = { kind: 'cable-license', command: prepared.canonical, platform: prepared.platform, unparsed: [], entitlements: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  let current: CableLicenses['entitlements'][number] | null = null;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (/^-{3,}$/.test(body)) continue;
    const colon = body.indexOf(':');
    if (colon <= 0) {
      r.unparsed.push({ line: line.no, text: line.text, section: current?.entitlement ?? null });
      continue;
    }
    const key = body.slice(0, colon).trim().toLowerCase();
    const value = body.slice(colon + 1).trim();
    if (key === 'entitlement') {
      current = { entitlement: value, details: {} };
      r.entitlements.push(current);
      continue;
    }
    if (current === null) {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
      continue;
    }
    if (key === 'consumed count' && /^\d+$/.test(value)) current.consumedCount = Number(value);
    else if (key === 'consumed count reported to smartagent' && /^\d+$/.test(value)) current.consumedCountReported = Number(value);
    else if (key === 'enforced state') {
      current.enforcedStateRaw = value;
      current.enforced = !/^no enforcement$/i.test(value);
    } else current.details[body.slice(0, colon).trim()] = value;
  }
  if (r.entitlements.length === 0) throw new ParseError(prepared.command, 'no "Entitlement:" block in the output', excerptOf(prepared.capture));
  return r;
}
