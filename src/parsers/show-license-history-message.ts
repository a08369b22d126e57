import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { LicenseHistoryMessage } from './types.js';

/** `show license history message`: message and import history per message type. */
export function parseLicenseHistoryMessage(text: string, options?: ParseOptions): LicenseHistoryMessage {
  const prepared = prepareOutput(text, 'show license history message', ['license-history-message'], options);
  const r: LicenseHistoryMessage = { kind: 'license-history-message', command: prepared.canonical, platform: prepared.platform, unparsed: [], messageHistory: {}, importHistory: {} };
  let table: Record<string, string[]> | null = null;
  let entry: string[] | null = null;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (/^=+$/.test(body)) continue;
    if (/^Message History\b.*:$/i.test(body)) {
      table = r.messageHistory;
      entry = null;
      continue;
    }
    if (/^Import Message History\b.*:$/i.test(body)) {
      table = r.importHistory;
      entry = null;
      continue;
    }
    if (table !== null && line.indent === 0 && body.endsWith(':')) {
      entry = table[body.slice(0, -1).trim()] = [];
      continue;
    }
    if (entry !== null) {
      entry.push(body);
      continue;
    }
    r.unparsed.push({ line: line.no, text: line.text, section: null });
  }
  if (Object.keys(r.messageHistory).length === 0 && Object.keys(r.importHistory).length === 0) {
    throw new ParseError(prepared.command, 'no message history in the output', excerptOf(prepared.capture));
  }
  return r;
}
