import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { Mxponder, MxponderSlice } from './types.js';

/** A port name: letters then a rack/slot/instance/port path (`OTU20/1/0/2/3`, `FourHundredGigECtrlr0/1/0/1`). */
const PORT = /^[A-Za-z][A-Za-z0-9]*\d+(?:\/\d+)+$/;

function newSlice(): MxponderSlice {
  return { provisioned: false, trunkPorts: [], clientPorts: [], details: {} };
}

/**
 * `show hw-module location <loc> mxponder` and `… mxponder-slice <n>` (NCS 1004, 004:732-758, 004:870-888): per
 * slice the location, bit rates, provisioning status, trunk ports and the client port → trunk map that the
 * OTN-XP (client ports) and QXP (trunk slices) license counts are computed from.
 */
export function parseMxponder(text: string, options?: ParseOptions): Mxponder {
  const prepared = prepareOutput(text, options?.command ?? 'show hw-module location <location> mxponder', ['hw-module-mxponder'], options);
  const r: Mxponder = { kind: 'hw-module-mxponder', command: prepared.canonical, platform: prepared.platform, unparsed: [], slices: [] };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  let slice: MxponderSlice | null = null;
  const current = (): MxponderSlice => {
    if (slice === null) {
      slice = newSlice();
      r.slices.push(slice);
    }
    return slice;
  };
  for (const line of prepared.capture.lines) {
    const body = line.body;
    let m: RegExpExecArray | null;
    if ((m = /^Location\s*:\s*(\S+)$/i.exec(body)) !== null) {
      slice = newSlice();
      r.slices.push(slice);
      slice.location = m[1]!;
      continue;
    }
    if ((m = /^Slice ID\s*:\s*(\d+)$/i.exec(body)) !== null) {
      current().sliceId = Number(m[1]);
      continue;
    }
    if ((m = /^Client Bitrate\s*:\s*(\S+)$/i.exec(body)) !== null) {
      current().clientBitrate = m[1]!;
      continue;
    }
    if ((m = /^Trunk Bitrate\s*:\s*(\S+)$/i.exec(body)) !== null) {
      current().trunkBitrate = m[1]!;
      continue;
    }
    if ((m = /^Status\s*:\s*(.+)$/i.exec(body)) !== null) {
      const s = current();
      s.status = m[1]!.trim();
      s.provisioned = /^provisioned$/i.test(s.status);
      continue;
    }
    // Table headers: `Client Port  Mapper/Trunk Port  <trunk ports>` (possibly split over lines).
    if (/^Client Port\b/i.test(body) || /^Mapper\/Trunk Port\b/i.test(body) || /^Traffic Split Percentage$/i.test(body)) {
      for (const token of body.split(/\s+/)) if (PORT.test(token)) current().trunkPorts.push(token);
      continue;
    }
    const tokens = body.split(/\s+/);
    if (tokens.length >= 2 && PORT.test(tokens[0]!) && /^\d+$/.test(tokens[tokens.length - 1]!)) {
      const [port, ...rest] = tokens;
      const split = Number(rest.pop());
      const entry: MxponderSlice['clientPorts'][number] = { port: port!, trafficSplitPercent: split };
      const mapper = rest[0];
      const peer = rest[1];
      if (mapper !== undefined && mapper !== 'NONE' && mapper !== '-') entry.mapper = mapper;
      if (peer !== undefined && peer !== 'NONE' && peer !== '-') entry.peer = peer;
      current().clientPorts.push(entry);
      continue;
    }
    if ((m = /^([^:]+?)\s*:\s*(.*)$/.exec(body)) !== null) {
      current().details[m[1]!] = m[2]!.trim();
      continue;
    }
    r.unparsed.push({ line: line.no, text: line.text, section: null });
  }
  if (r.slices.length === 0) throw new ParseError(prepared.command, 'no mxponder slice in the output', excerptOf(prepared.capture));
  return r;
}
