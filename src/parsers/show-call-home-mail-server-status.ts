import { ParseError } from '../errors.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import { parseMailServer } from './show-call-home.js';
import type { CallHomeMailServerStatus } from './types.js';

/** `show call-home mail-server status`: `Mail-server[1]: Address: … Priority: 1  Secure: none [Not Available]`. */
export function parseCallHomeMailServerStatus(text: string, options?: ParseOptions): CallHomeMailServerStatus {
  const prepared = prepareOutput(text, 'show call-home mail-server status', ['call-home-mail-server-status'], options);
  const r: CallHomeMailServerStatus = { kind: 'call-home-mail-server-status', command: prepared.canonical, platform: prepared.platform, unparsed: [], mailServers: [] };
  for (const line of prepared.capture.lines) {
    const server = parseMailServer(line.body);
    if (server !== null) r.mailServers.push(server);
    else r.unparsed.push({ line: line.no, text: line.text, section: null });
  }
  if (r.mailServers.length === 0) throw new ParseError(prepared.command, 'no mail server in the output', excerptOf(prepared.capture));
  return r;
}
