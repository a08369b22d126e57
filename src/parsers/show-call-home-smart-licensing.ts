import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeSmartLicensing } from './types.js';
import { featureStateOf, profileStatusOf } from './vocabulary.js';

/** `show call-home smart-licensing`: message state, the profile used and its destination URLs. */
export function parseCallHomeSmartLicensing(text: string, options?: ParseOptions): CallHomeSmartLicensing {
  const prepared = prepareOutput(text, 'show call-home smart-licensing', ['call-home-smart-licensing'], options);
  const r: CallHomeSmartLicensing = {
    kind: 'call-home-smart-licensing',
    command: prepared.canonical,
    platform: prepared.platform,
    unparsed: [],
    destinationUrls: [],
  };
  let urls = false;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    let m: RegExpExecArray | null;
    if (/^Current smart-licensing transport settings:$/i.test(body)) continue;
    if ((m = /^Smart-license messages:\s*(.*)$/i.exec(body)) !== null) {
      r.messages = { status: featureStateOf(m[1]!), statusRaw: m[1]!.trim() };
      urls = false;
    } else if ((m = /^Profile:\s*(\S+)(?:\s*\(status:\s*([^)]+)\))?$/i.exec(body)) !== null) {
      r.profile = m[1]!;
      if (m[2] !== undefined) r.profileStatus = { status: profileStatusOf(m[2]), statusRaw: m[2].trim() };
      urls = false;
    } else if ((m = /^Destination\s+URL\(s\):\s*(.*)$/i.exec(body)) !== null) {
      r.destinationUrls.push(...m[1]!.split(/\s+/).filter((u) => u.length > 0));
      urls = true;
    } else if (urls && !body.includes(' ')) {
      r.destinationUrls.push(body);
    } else {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
    }
  }
  if (r.messages === undefined && r.profile === undefined) {
    throw new ParseError(prepared.command, 'no smart-licensing transport settings in the output', excerptOf(prepared.capture));
  }
  return r;
}
