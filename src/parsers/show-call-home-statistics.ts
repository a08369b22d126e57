import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeCounters, CallHomeStatistics } from './types.js';

const ROW = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)$/;

/** `Total Success`, `Total In-Queue`, `Total Failed`, `Total Ratelimit -dropped` → `success`, `inQueue`, … */
function totalKey(label: string): string {
  const words = label.replace(/^Total\s+/i, '').replace(/\s*-\s*/g, ' ').trim().toLowerCase().split(/\s+/);
  return words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

/**
 * `show call-home statistics`: `Total Success` / `Total In-Queue` / `Total Failed` / `Total Ratelimit
 * -dropped` (a label wrapped over two lines) with their per message type rows, and the last send time.
 */
export function parseCallHomeStatistics(text: string, options?: ParseOptions): CallHomeStatistics {
  const prepared = prepareOutput(text, 'show call-home statistics', ['call-home-statistics'], options);
  const r: CallHomeStatistics = { kind: 'call-home-statistics', command: prepared.canonical, platform: prepared.platform, unparsed: [], totals: {} };
  let current: CallHomeCounters | null = null;
  let pendingLabel: string | null = null;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    // Lower-cased first letter: which of the patterns below can match at all.
    const c0 = body.charCodeAt(0) | 32;
    if ((c0 === 109 /* m */ && /^Message Types\s+Total\s+Email\s+HTTP$/i.test(body)) || (c0 === 45 /* - */ && /^-[-\s]+$/.test(body))) continue;
    const last = c0 === 108 /* l */ ? /^Last call-home message sent time:\s*(.*)$/i.exec(body) : null;
    if (last !== null) {
      r.lastMessageSentTime = last[1]!.trim();
      continue;
    }
    if (c0 === 116 /* t */ && /^Total\b/i.test(body) && !ROW.test(body)) {
      pendingLabel = body;
      continue;
    }
    const m = ROW.exec(body);
    if (m === null) {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
      continue;
    }
    let label = m[1]!.trim();
    if (pendingLabel !== null) {
      label = `${pendingLabel} ${label}`;
      pendingLabel = null;
    }
    const counts = { total: Number(m[2]), email: Number(m[3]), http: Number(m[4]) };
    if (/^Total\b/i.test(label)) {
      current = { ...counts, byType: {} };
      r.totals[totalKey(label)] = current;
    } else if (current !== null) {
      current.byType[label] = counts;
    } else {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
    }
  }
  if (Object.keys(r.totals).length === 0) throw new ParseError(prepared.command, 'no call-home message totals in the output', excerptOf(prepared.capture));
  return r;
}
