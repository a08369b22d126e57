import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { TraditionalLicenses } from './types.js';

const INDEX = /^Index\s+(\d+)\s+Feature:\s*(\S+)\s*$/;

/** Traditional (CSL/PAK) `show license`: `Index n Feature: name` blocks with period, type, state and count. */
export function parseTraditionalLicenses(text: string, options?: ParseOptions): TraditionalLicenses {
  const prepared = prepareOutput(text, 'show license', ['license-traditional'], options);
  const r: TraditionalLicenses = { kind: 'license-traditional', command: prepared.canonical, platform: prepared.platform, unparsed: [], licenses: [] };
  let current: TraditionalLicenses['licenses'][number] | null = null;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    const index = INDEX.exec(body);
    if (index !== null) {
      current = { index: Number(index[1]), name: index[2]!, details: {} };
      r.licenses.push(current);
      continue;
    }
    const colon = body.indexOf(':');
    if (current === null || colon <= 0) {
      r.unparsed.push({ line: line.no, text: line.text, section: current === null ? null : current.name });
      continue;
    }
    const key = body.slice(0, colon).trim();
    const value = body.slice(colon + 1).trim();
    switch (key.toLowerCase()) {
      case 'period left':
        current.periodLeft = value;
        break;
      case 'period used':
        current.periodUsed = value.replace(/\s+/g, ' ');
        break;
      case 'license type':
        current.type = value;
        break;
      case 'license state':
        current.state = value;
        break;
      case 'license count':
        current.count = value;
        break;
      case 'license priority':
        current.priority = value;
        break;
      default:
        current.details[key] = value;
    }
  }
  if (r.licenses.length === 0) throw new ParseError(prepared.command, 'no "Index n Feature:" license in the output', excerptOf(prepared.capture));
  return r;
}
