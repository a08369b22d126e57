/**
 * Pure: the licensing configuration a device holds once `edits` are applied, as `readLicensingConfig` would read
 * it. The planner says what to change line by line (the CLI's vocabulary); this turns that into the state the
 * change ends in, which a datastore-based transport (NETCONF) then writes as the difference between two states.
 *
 * Line semantics follow the platforms: on IOS-XE a `no` form of a line kept in both forms (`no active`, `no
 * reporting smart-licensing-data`, `no ip domain lookup`, `no service call-home`) is itself stored (false) and
 * `default …` clears it (null); on IOS-XR `no …` removes the line (null).
 */
import { PlatformError } from '../errors.js';
import type { PlatformId } from '../platforms/types.js';
import { parseCaCertificate } from './ca-certificate.js';
import {
  EMPTY_CALL_HOME,
  emptyProfile,
  emptyTrustpoint,
  type CallHomeProfileState,
  type CallHomeState,
  type Explicit,
  type LicensingConfig,
  type NameServer,
  type TrustpointState,
} from './licensing-config.js';
import type { PlannedEdit } from './planned-edit.js';

/** The value a removal leaves for a line kept as `line` / `no line` / nothing. */
function removedExplicit(platform: PlatformId, edit: PlannedEdit): Explicit {
  return platform === 'ios-xe' && edit.command.startsWith('no ') ? false : null;
}

function unsupported(edit: PlannedEdit): never {
  const where = edit.path.length === 0 ? 'the top level' : edit.path.join(' / ');
  throw new PlatformError(`cannot follow the planned ${edit.op} of "${edit.line}" under ${where}: no licensing setting reads that line`);
}

/** Replaces the line starting with the same first word (`enrollment …`, `revocation-check …`), or appends it. */
function withLine(lines: readonly string[], line: string): string[] {
  const head = line.split(' ')[0];
  const at = lines.findIndex((l) => l.split(' ')[0] === head);
  return at < 0 ? [...lines, line] : lines.map((l, i) => (i === at ? line : l));
}

class ConfigDraft {
  config: LicensingConfig;

  constructor(
    readonly platform: PlatformId,
    start: LicensingConfig,
  ) {
    this.config = start;
  }

  set(changes: Partial<LicensingConfig>): void {
    this.config = { ...this.config, ...changes };
  }

  callHome(change: (c: CallHomeState) => CallHomeState): void {
    this.set({ callHome: change(this.config.callHome ?? EMPTY_CALL_HOME) });
  }

  profile(name: string, change: (p: CallHomeProfileState) => CallHomeProfileState): void {
    this.callHome((c) => {
      const existing = c.profiles.find((p) => p.name === name);
      const profiles = existing === undefined ? [...c.profiles, change(emptyProfile(name))] : c.profiles.map((p) => (p.name === name ? change(p) : p));
      return { ...c, profiles };
    });
  }

  trustpoint(name: string, change: (t: TrustpointState) => TrustpointState): void {
    const list = this.config.trustpoints;
    const existing = list.find((t) => t.name === name);
    this.set({
      trustpoints: existing === undefined ? [...list, change(emptyTrustpoint(name))] : list.map((t) => (t.name === name ? change(t) : t)),
    });
  }

  nameServers(vrf: string | null, addresses: readonly string[], add: boolean): void {
    const has = (s: NameServer, a: string): boolean => s.vrf === vrf && s.address === a;
    const current = this.config.nameServers;
    const next = add
      ? [...current, ...addresses.filter((a) => !current.some((s) => has(s, a))).map((address) => ({ address, vrf }))]
      : current.filter((s) => !addresses.some((a) => has(s, a)));
    this.set({ nameServers: next });
  }
}

function topLevel(d: ConfigDraft, edit: PlannedEdit): void {
  const add = edit.op === 'add';
  const { line } = edit;
  let m: RegExpExecArray | null;
  if (line === 'call-home') {
    d.set({ callHome: add ? (d.config.callHome ?? EMPTY_CALL_HOME) : null });
    return;
  }
  if (d.platform === 'ios-xe') {
    if ((m = /^ip name-server (?:vrf (\S+) )?(.+)$/.exec(line)) !== null) d.nameServers(m[1] ?? null, (m[2] ?? '').split(' '), add);
    else if (line === 'ip domain lookup') d.set({ domainLookup: add ? true : removedExplicit(d.platform, edit) });
    else if ((m = /^ip domain name (\S+)$/.exec(line)) !== null || line === 'ip domain name') d.set({ domainName: add ? (m?.[1] ?? null) : null });
    else if (line === 'service call-home') d.set({ serviceActive: add ? true : removedExplicit(d.platform, edit) });
    else if ((m = /^ip http client source-interface(?: (\S+))?$/.exec(line)) !== null) {
      d.set({ httpClient: { ...d.config.httpClient, sourceInterface: add ? (m[1] ?? null) : null } });
    } else if ((m = /^crypto pki trustpoint (\S+)$/.exec(line)) !== null) {
      const name = m[1] ?? '';
      if (add) d.trustpoint(name, (t) => ({ ...t, declared: true }));
      else d.set({ trustpoints: d.config.trustpoints.filter((t) => t.name !== name) });
    } else unsupported(edit);
    return;
  }
  if ((m = /^domain (?:vrf (\S+) )?name-server (\S+)$/.exec(line)) !== null) d.nameServers(m[1] ?? null, [m[2] ?? ''], add);
  else if ((m = /^domain name(?: (\S+))?$/.exec(line)) !== null) d.set({ domainName: add ? (m[1] ?? null) : null });
  else if (line === 'domain lookup disable') d.set({ domainLookup: add ? false : null });
  else if ((m = /^http client source-interface (ipv4|ipv6) (\S+)$/.exec(line)) !== null) {
    d.set({ httpClient: { ...d.config.httpClient, [m[1] ?? 'ipv4']: add ? (m[2] ?? null) : null } });
  } else if (line === 'license smart flexible-consumption enable') d.set({ flexibleConsumption: add });
  else if (line === 'crypto ca trustpool policy') d.set({ trustpool: add ? (d.config.trustpool ?? { crlOptional: false }) : null });
  else if ((m = /^crypto ca trustpoint (\S+)$/.exec(line)) !== null) {
    const name = m[1] ?? '';
    if (add) d.trustpoint(name, (t) => ({ ...t, declared: true }));
    else d.set({ trustpoints: d.config.trustpoints.filter((t) => t.name !== name) });
  } else unsupported(edit);
}

function callHomeLine(d: ConfigDraft, edit: PlannedEdit): void {
  const add = edit.op === 'add';
  const { line } = edit;
  let m: RegExpExecArray | null;
  if (d.platform === 'ios-xr' && line === 'service active') {
    // IOS-XR keeps `service active` in the call-home block
    d.callHome((c) => c);
    d.set({ serviceActive: add ? true : null });
  }
  else if (line === 'contact smart-licensing') d.callHome((c) => ({ ...c, contactSmartLicensing: add }));
  else if ((m = /^contact-email-addr(?: (\S+))?$/.exec(line)) !== null) d.callHome((c) => ({ ...c, contactEmail: add ? (m?.[1] ?? null) : null }));
  else if ((m = /^http-proxy (\S+) port (\d+)$/.exec(line)) !== null) {
    d.callHome((c) => ({ ...c, httpProxy: add ? { address: m?.[1] ?? '', port: Number(m?.[2]) } : null }));
  } else if ((m = /^profile (\S+)$/.exec(line)) !== null) {
    const name = m[1] ?? '';
    if (add) d.profile(name, (p) => p);
    else d.callHome((c) => ({ ...c, profiles: c.profiles.filter((p) => p.name !== name) }));
  } else unsupported(edit);
}

function profileLine(d: ConfigDraft, name: string, edit: PlannedEdit): void {
  const add = edit.op === 'add';
  const { line } = edit;
  let m: RegExpExecArray | null;
  const change = (f: (p: CallHomeProfileState) => CallHomeProfileState): void => d.profile(name, f);
  if (line === 'active') change((p) => ({ ...p, active: add ? true : removedExplicit(d.platform, edit) }));
  else if (line === 'reporting smart-licensing-data') change((p) => ({ ...p, reportingSmartLicensing: add ? true : removedExplicit(d.platform, edit) }));
  else if (line === 'destination transport-method http') change((p) => ({ ...p, transportHttp: add }));
  else if (line === 'destination transport-method email') change((p) => ({ ...p, emailTransport: add ? null : false }));
  else if ((m = /^destination address http (\S+)$/.exec(line)) !== null) {
    const url = m[1] ?? '';
    change((p) => ({ ...p, httpAddresses: add ? (p.httpAddresses.includes(url) ? p.httpAddresses : [...p.httpAddresses, url]) : p.httpAddresses.filter((a) => a !== url) }));
  } else if ((m = /^destination preferred-msg-format(?: (\S+))?$/.exec(line)) !== null) change((p) => ({ ...p, messageFormat: add ? (m?.[1] ?? null) : null }));
  else unsupported(edit);
}

/** The PEM a `crypto pki authenticate` edit pastes (its first answer, ending in `quit`). */
function pastedCertificate(edit: PlannedEdit): ReturnType<typeof parseCaCertificate> | null {
  const answer = edit.expect?.[0]?.answer;
  if (typeof answer !== 'string') return null;
  try {
    return parseCaCertificate(answer.replace(/\nquit$/, ''));
  } catch {
    return null;
  }
}

function cryptoLine(d: ConfigDraft, block: string, edit: PlannedEdit): void {
  const add = edit.op === 'add';
  const { line } = edit;
  let m: RegExpExecArray | null;
  if (block === 'crypto ca trustpool policy' && line === 'crl optional') {
    d.set({ trustpool: add ? { crlOptional: true } : d.config.trustpool === null ? null : { crlOptional: false } });
    return;
  }
  if ((m = /^crypto pki certificate chain (\S+)$/.exec(block)) !== null && /^certificate ca \S+$/.test(line)) {
    const serial = line.slice('certificate ca '.length);
    const cert = pastedCertificate(edit);
    d.trustpoint(m[1] ?? '', (t) => ({
      ...t,
      caCertificates: add ? [...t.caCertificates, { serial, derHex: cert?.derHex ?? '' }] : t.caCertificates.filter((c) => c.serial !== serial),
    }));
    return;
  }
  if ((m = /^crypto (?:pki|ca) trustpoint (\S+)$/.exec(block)) === null) unsupported(edit);
  d.trustpoint(m[1] ?? '', (t) => {
    const lines = add ? withLine(t.lines, line) : t.lines.filter((l) => l !== line && l.split(' ')[0] !== line.split(' ')[0]);
    const value = (head: string): string | null => lines.find((l) => l.startsWith(`${head} `))?.slice(head.length + 1) ?? null;
    return { ...t, declared: true, lines, enrollment: value('enrollment'), revocationCheck: value('revocation-check'), crlOptional: lines.includes('crl optional') };
  });
}

/** The configuration `current` becomes once `edits` are applied in order. */
export function configAfterEdits(current: LicensingConfig, edits: readonly PlannedEdit[]): LicensingConfig {
  const draft = new ConfigDraft(current.platform, current);
  for (const edit of edits) {
    const [first, second] = edit.path;
    if (edit.path.length === 0) topLevel(draft, edit);
    else if (first === 'call-home' && edit.path.length === 1) callHomeLine(draft, edit);
    else if (first === 'call-home' && edit.path.length === 2 && second?.startsWith('profile ') === true) profileLine(draft, second.slice('profile '.length), edit);
    else if (edit.path.length === 1 && first?.startsWith('crypto ') === true) cryptoLine(draft, first, edit);
    else unsupported(edit);
  }
  return draft.config;
}
