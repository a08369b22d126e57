/**
 * `show call-home profile {all | <name>}` computed from the running configuration, in the shape of seed
 * 000:57-90 and the corpus captures (shared/corpus/iosxe/show-call-home-profile-all): status, mode, reporting
 * data, message format and size, transport method(s) and addresses, then the periodic messages and the
 * alert-group / syslog-pattern tables (CiscoTAC-1 only). Defaults that the configuration does not print come
 * from the platform: on IOS-XE, CiscoTAC-1 reports Smart Call Home and Smart Licensing over email unless told
 * otherwise and a profile is active unless `no active`; on IOS-XR, a profile is active only with `active`.
 */
import type { PlatformId } from '../../../platforms/types.js';
import type { CommandDefinition, ConfigLineDefinition } from '../cli/command.js';
import { CliInputError } from '../cli/error-text.js';
import { resolvePath, type ConfigNode } from '../config/tree.js';
import { runtimeOf } from '../device-runtime.js';

/** The CiscoTAC-1 destination when none is configured (seed 000:52). */
export const CISCO_TAC_DEFAULT_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';
const CISCO_TAC_EMAIL = 'callhome@cisco.com';

export interface CallHomeProfileView {
  readonly name: string;
  readonly active: boolean;
  readonly anonymous: boolean;
  readonly reporting: readonly ('Smart Call Home' | 'Smart Licensing')[];
  readonly messageFormat: string;
  readonly messageSizeLimit: number;
  readonly transports: readonly ('email' | 'http')[];
  readonly httpAddresses: readonly string[];
  readonly emailAddresses: readonly string[];
}

function profileName(line: string): string {
  return line.replace(/^profile\s+/, '').replace(/^"(.*)"$/, '$1');
}

const HTTP_ADDRESS = 'destination address http ';

/** Whether a URL is one of CiscoTAC-1's built-in Cisco destinations (the seeds print several paths, INDEX.md §7). */
function isCiscoTacAddress(url: string): boolean {
  return /^https?:\/\/tools\.cisco\.com(?::\d+)?\/its\/service\//i.test(url);
}

/**
 * `[no] destination address http <url>`. A configured address is added or removed as usual. CiscoTAC-1 also has
 * a built-in address that is not printed; `no destination address http <Cisco URL>` in CiscoTAC-1 turns it off
 * (001:330 "Removes the default destination address") and is kept as a `no …` line until the positive form
 * comes back [INF: how a real device prints it].
 */
export function httpDestinationOps(): NonNullable<ConfigLineDefinition['ops']> {
  return (m, { view, path, negated, order }) => {
    const url = m.args['url'] ?? '';
    const line = `${HTTP_ADDRESS}${url}`;
    if (!negated) return [{ kind: 'set', path, key: line, line, order, block: false }];
    const existing = resolvePath(view, path)?.children.find((c) => c.key === line);
    const parent = path[path.length - 1] ?? '';
    if (existing?.line !== line && parent !== '' && profileName(parent) === 'CiscoTAC-1' && isCiscoTacAddress(url)) {
      return [{ kind: 'set', path, key: line, line: `no ${line}`, order, block: false }];
    }
    return [{ kind: 'delete', path, key: line, line }];
  };
}

/** The effective settings of one profile (configured lines plus platform defaults). */
export function profileView(platform: PlatformId, node: ConfigNode): CallHomeProfileView {
  const name = profileName(node.line);
  const lines = new Set(node.children.map((c) => c.line));
  const has = (line: string): boolean => lines.has(line);
  const tac = name === 'CiscoTAC-1';
  const active = platform === 'ios-xe' ? !has('no active') : has('active');
  const licensing = has('reporting smart-licensing-data') || (tac && !has('no reporting smart-licensing-data'));
  const callHome = has('reporting smart-call-home-data') || (!has('no reporting smart-call-home-data') && !(has('reporting smart-licensing-data') && !tac));
  const emailOff = has('no destination transport-method email') || has('destination transport-method email disable');
  const transports: ('email' | 'http')[] = [];
  if (has('destination transport-method http')) transports.push('http');
  if (!emailOff) transports.push('email');
  const configuredHttp = node.children.filter((c) => c.line.startsWith(HTTP_ADDRESS)).map((c) => c.line.slice(HTTP_ADDRESS.length));
  const defaultHttpRemoved = node.children.some((c) => c.line.startsWith(`no ${HTTP_ADDRESS}`));
  const configuredEmail = node.children.filter((c) => c.line.startsWith('destination address email ')).map((c) => c.line.slice(26));
  const format = node.children.find((c) => c.line.startsWith('destination preferred-msg-format '))?.line.slice(33) ?? 'xml';
  const size = node.children.find((c) => c.line.startsWith('destination message-size-limit '))?.line.slice(31);
  return {
    name,
    active,
    anonymous: has('anonymous-reporting-only'),
    reporting: [...(callHome ? (['Smart Call Home'] as const) : []), ...(licensing ? (['Smart Licensing'] as const) : [])],
    messageFormat: format,
    messageSizeLimit: size === undefined ? 3145728 : Number(size),
    transports,
    httpAddresses: configuredHttp.length > 0 || !tac || defaultHttpRemoved ? configuredHttp : [CISCO_TAC_DEFAULT_URL],
    emailAddresses: configuredEmail.length > 0 || !tac ? configuredEmail : [CISCO_TAC_EMAIL],
  };
}

/** Every call-home profile of a configuration, CiscoTAC-1 first (IOS-XE has it even when not printed). */
export function callHomeProfiles(platform: PlatformId, tree: ConfigNode): CallHomeProfileView[] {
  const callHome = tree.children.find((c) => c.line === 'call-home');
  const nodes = callHome?.children.filter((c) => c.line.startsWith('profile ')) ?? [];
  const views = nodes.map((n) => profileView(platform, n));
  if (!views.some((v) => v.name === 'CiscoTAC-1')) {
    views.unshift(profileView(platform, { line: 'profile CiscoTAC-1', key: 'profile CiscoTAC-1', order: 0, block: true, children: [] }));
  }
  return views.sort((a, b) => (a.name === 'CiscoTAC-1' ? -1 : b.name === 'CiscoTAC-1' ? 1 : 0));
}

function table(header: string, rows: readonly (readonly [string, string])[]): string[] {
  return [
    `    ${header.padEnd(26)}Severity`,
    '    ------------------------  ------------',
    ...rows.map(([a, b]) => `    ${a.padEnd(26)}${b}`),
  ];
}

export function renderProfile(view: CallHomeProfileView): string[] {
  const transport = view.transports.length === 0 ? 'none' : view.transports.join(' and ');
  const lines = [
    `Profile Name: ${view.name}`,
    `    Profile status: ${view.active ? 'ACTIVE' : 'INACTIVE'}`,
    `    Profile mode: ${view.anonymous ? 'Anonymous Reporting Only' : 'Full Reporting'}`,
    `    Reporting Data: ${view.reporting.join(', ') || 'None'}`,
    `    Preferred Message Format: ${view.messageFormat}`,
    `    Message Size Limit: ${view.messageSizeLimit} Bytes`,
    `    Transport Method: ${transport}`,
  ];
  if (view.transports.includes('http')) {
    lines.push(...(view.httpAddresses.length === 0 ? ['    HTTP  address(es): Not yet set up'] : view.httpAddresses.map((a) => `    HTTP  address: ${a}`)));
  }
  if (view.transports.includes('email')) {
    lines.push(`    Email address(es): ${view.emailAddresses.join(', ') || 'Not yet set up'}`);
  }
  if (view.name === 'CiscoTAC-1') {
    lines.push(
      '    Other address(es): default',
      '',
      '    Periodic configuration info message is scheduled every 1 day of the month at 09:15',
      '',
      '    Periodic inventory info message is scheduled every 1 day of the month at 09:00',
      '',
      ...table('Alert-group', [
        ['crash', 'debugging'],
        ['diagnostic', 'minor'],
        ['environment', 'warning'],
        ['inventory', 'normal'],
      ]),
      '',
      ...table('Syslog-Pattern', [['.*', 'major']]),
    );
  } else {
    lines.push('', ...table('Alert-group', [['N/A', 'N/A']]));
  }
  return [...lines, ''];
}

export function showCallHomeProfile(modes: CommandDefinition['modes']): CommandDefinition {
  return {
    syntax: ['show call-home profile all', 'show call-home profile <name:word>'],
    modes,
    timestamp: true,
    run: (ctx, m) => {
      const rt = runtimeOf(ctx.device);
      const views = callHomeProfiles(rt.platform.id, rt.store.running());
      const name = m.args['name'];
      const chosen = name === undefined ? views : views.filter((v) => v.name === name);
      if (chosen.length === 0) throw new CliInputError('invalid', m.tokens[m.argIndex['name'] ?? 0]?.start ?? 0);
      ctx.print(chosen.flatMap(renderProfile));
    },
  };
}
