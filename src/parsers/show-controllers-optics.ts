import { ParseError } from '../errors.js';
import type { CaptureLine } from './capture.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { OpticsController } from './types.js';

/** 004:569 prints the output on the command's own line: `show controller optics 0/1/0/1 Bits per symbol = …`. */
const ECHO_WITH_OUTPUT = /^(?:do\s+)?sh\S*\s+controllers?\s+optics\s+(\S+)(?:\s+(\S.*))?$/i;

function number(text: string): number | undefined {
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * `show controllers optics <port>` on an NCS 1004 trunk: bits per symbol, baud rate, modulation, chromatic
 * dispersion and the configured CD-MIN / CD-MAX window — the inputs of the subsea and long-haul rules
 * (004:525-535, 004:560-572). Every other `key = value` / `key: value` line is kept in `fields`.
 */
export function parseOpticsController(text: string, options?: ParseOptions): OpticsController {
  const prepared = prepareOutput(text, options?.command ?? 'show controllers optics <port>', ['controllers-optics'], options, true);
  const r: OpticsController = { kind: 'controllers-optics', command: prepared.canonical, platform: prepared.platform, unparsed: [], fields: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  const lines: CaptureLine[] = [...prepared.capture.lines];
  const echo = prepared.capture.echo === null ? null : ECHO_WITH_OUTPUT.exec(prepared.capture.echo);
  if (echo !== null) {
    r.port = echo[1]!;
    if (echo[2] !== undefined) lines.unshift({ no: 1, text: echo[2], body: echo[2], indent: 0 });
  }
  for (const line of lines) {
    const body = line.body;
    let m: RegExpExecArray | null;
    if ((m = /^Bits per symbol\s*=\s*([-\d.]+)/i.exec(body)) !== null) {
      const n = number(m[1]!);
      if (n !== undefined) r.bitsPerSymbol = n;
    } else if ((m = /^Baud Rate\s*=\s*([-\d.]+)/i.exec(body)) !== null) {
      const n = number(m[1]!);
      if (n !== undefined) r.baudRateGbd = n;
    } else if ((m = /^Modulation Type\s*:\s*(\S+)/i.exec(body)) !== null) {
      r.modulation = m[1]!;
    } else if ((m = /^Chromatic Dispersion\s+(-?\d+)\s*ps\/nm/i.exec(body)) !== null) {
      r.chromaticDispersionPsNm = Number(m[1]);
    } else if ((m = /^Configured CD-MIN:?\s*(-?\d+)\s*ps\/nm\s+CD-MAX:?\s*(-?\d+)\s*ps\/nm/i.exec(body)) !== null) {
      r.cdMinPsNm = Number(m[1]);
      r.cdMaxPsNm = Number(m[2]);
    } else if ((m = /^Controller State\s*:\s*(.*)$/i.exec(body)) !== null) {
      r.controllerState = m[1]!.trim();
    } else if ((m = /^Laser State\s*:\s*(.*)$/i.exec(body)) !== null) {
      r.laserState = m[1]!.trim();
    } else if ((m = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(body)) !== null) {
      r.fields.push({ key: m[1]!, value: m[2]!.trim() });
    } else {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
    }
  }
  if (r.bitsPerSymbol === undefined && r.cdMinPsNm === undefined && r.controllerState === undefined && r.fields.length === 0) {
    throw new ParseError(prepared.command, 'no optics controller data in the output', excerptOf(prepared.capture));
  }
  return r;
}
