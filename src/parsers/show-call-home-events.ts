import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeEvents } from './types.js';

/** `CiscoTAC-1   configuration  29    /31   normal   periodic   [last triggered]` */
const ROW = /^(\S+)\s+(\S+)\s+(\d+\s*\/\s*\d+|\S+)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;

/** `show call-home events`: the active event list (the `Internal Index` column prints as `29    /31`). */
export function parseCallHomeEvents(text: string, options?: ParseOptions): CallHomeEvents {
  const prepared = prepareOutput(text, 'show call-home events', ['call-home-events'], options);
  const r: CallHomeEvents = { kind: 'call-home-events', command: prepared.canonical, platform: prepared.platform, unparsed: [], events: [] };
  let header = false;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (/^Active event list:$/i.test(body) || /^-{3,}$/.test(body)) continue;
    if (/^Profile\s+Alert Group\s+Internal Index/i.test(body)) {
      header = true;
      continue;
    }
    const m = header ? ROW.exec(body) : null;
    if (m === null) {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
      continue;
    }
    const event: CallHomeEvents['events'][number] = {
      profile: m[1]!,
      alertGroup: m[2]!,
      index: m[3]!.replace(/\s+/g, ''),
      severity: m[4]!,
      subscription: m[5]!,
    };
    if (m[6] !== undefined && m[6].trim() !== '') event.lastTriggered = m[6].trim();
    r.events.push(event);
  }
  if (!header) throw new ParseError(prepared.command, 'no active event list in the output', excerptOf(prepared.capture));
  return r;
}
