import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import { readAlertGroups } from './show-call-home.js';
import type { CallHomeAlertGroups } from './types.js';

/** `show call-home alert-group`: the `Keyword State Description` table. */
export function parseCallHomeAlertGroups(text: string, options?: ParseOptions): CallHomeAlertGroups {
  const prepared = prepareOutput(text, 'show call-home alert-group', ['call-home-alert-group'], options);
  const lines = prepared.capture.lines;
  const r: CallHomeAlertGroups = { kind: 'call-home-alert-groups', command: prepared.canonical, platform: prepared.platform, unparsed: [], alertGroups: [] };
  let i = 0;
  let table = false;
  while (i < lines.length) {
    const body = lines[i]!.body;
    if (/^Available alert groups:$/i.test(body)) {
      i++;
      continue;
    }
    if (/^Keyword\s+State\s+Description$/i.test(body)) {
      table = true;
      i = readAlertGroups(lines, i + 1, r.alertGroups);
      continue;
    }
    r.unparsed.push({ line: lines[i]!.no, text: lines[i]!.text, section: null });
    i++;
  }
  if (!table) throw new ParseError(prepared.command, 'no alert-group table in the output', excerptOf(prepared.capture));
  return r;
}
