import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeVersion } from './types.js';

/** `show call-home version`: `Call-Home Version 3.0` and the component versions. */
export function parseCallHomeVersion(text: string, options?: ParseOptions): CallHomeVersion {
  const prepared = prepareOutput(text, 'show call-home version', ['call-home-version'], options);
  const r: CallHomeVersion = { kind: 'call-home-version', command: prepared.canonical, platform: prepared.platform, unparsed: [], components: {} };
  let components = false;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    const v = /^Call-Home Version\s+(\S+)$/i.exec(body);
    if (v !== null) {
      r.version = v[1]!;
      continue;
    }
    if (/^Component Version:$/i.test(body)) {
      components = true;
      continue;
    }
    const colon = body.indexOf(':');
    if (components && colon > 0) {
      r.components[body.slice(0, colon).trim()] = body.slice(colon + 1).trim();
      continue;
    }
    r.unparsed.push({ line: line.no, text: line.text, section: null });
  }
  if (r.version === undefined) throw new ParseError(prepared.command, 'no "Call-Home Version" line in the output', excerptOf(prepared.capture));
  return r;
}
