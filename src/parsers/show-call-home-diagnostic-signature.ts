import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeDiagnosticSignature } from './types.js';
import { featureStateOf } from './vocabulary.js';

const DS_ROW = /^(\S+)\s+(.+?)\s+(\S+)\s+(\S+)(?:\s+(.*))?$/;

/** `show call-home diagnostic-signature`: settings, download URLs and the downloaded signature table. */
export function parseCallHomeDiagnosticSignature(text: string, options?: ParseOptions): CallHomeDiagnosticSignature {
  const prepared = prepareOutput(text, 'show call-home diagnostic-signature', ['call-home-diagnostic-signature'], options);
  const r: CallHomeDiagnosticSignature = {
    kind: 'call-home-diagnostic-signature',
    command: prepared.canonical,
    platform: prepared.platform,
    unparsed: [],
    downloadUrls: [],
    environment: [],
    downloaded: [],
  };
  let mode: 'settings' | 'environment' | 'table' = 'settings';
  for (const line of prepared.capture.lines) {
    const body = line.body;
    let m: RegExpExecArray | null;
    if (/^Current diagnostic-signature settings:$/i.test(body)) continue;
    if (/^Downloaded DSes:$/i.test(body)) {
      mode = 'table';
      continue;
    }
    if (mode === 'table') {
      if (/^-[-\s]+$/.test(body) || /^Last Update$/i.test(body) || /^DS ID\s+DS Name/i.test(body)) continue;
      const row = DS_ROW.exec(body);
      if (row !== null) {
        const entry: CallHomeDiagnosticSignature['downloaded'][number] = { id: row[1]!, name: row[2]!, revision: row[3]!, status: row[4]! };
        if (row[5] !== undefined) entry.lastUpdate = row[5];
        r.downloaded.push(entry);
      } else {
        r.unparsed.push({ line: line.no, text: line.text, section: 'Downloaded DSes' });
      }
      continue;
    }
    if ((m = /^Diagnostic-signature:\s*(.*)$/i.exec(body)) !== null) {
      r.status = { status: featureStateOf(m[1]!), statusRaw: m[1]!.trim() };
      mode = 'settings';
    } else if ((m = /^Profile:\s*(\S+)(?:\s*\(status:\s*([^)]+)\))?$/i.exec(body)) !== null) {
      r.profile = m[1]!;
      if (m[2] !== undefined) r.profileStatus = m[2].trim();
      mode = 'settings';
    } else if ((m = /^Downloading\s+URL\(s\):\s*(.*)$/i.exec(body)) !== null) {
      r.downloadUrls.push(...m[1]!.split(/\s+/).filter((u) => u.length > 0));
      mode = 'settings';
    } else if (/^Environment variable:$/i.test(body)) {
      mode = 'environment';
    } else if (mode === 'environment') {
      if (!/^not yet set up$/i.test(body)) r.environment.push(body);
    } else {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
    }
  }
  if (r.status === undefined) throw new ParseError(prepared.command, 'no diagnostic-signature settings in the output', excerptOf(prepared.capture));
  return r;
}
