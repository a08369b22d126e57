import { ParseError } from '../errors.js';
import type { CaptureLine } from './capture.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import { readProfileBlock } from './show-call-home-profile.js';
import type { AlertGroupInfo, CallHomeSettings, MailServer, UnparsedLine } from './types.js';
import { featureStateOf, profileStatusOf, settingKeyOf } from './vocabulary.js';

/** `Mail-server[1]: Address: ott-ads-035 Priority: 1  Secure: none [Not Available]` */
const MAIL_SERVER = /^Mail-server\[(\d+)\]:\s*Address:\s*(\S+)(?:\s+Priority:\s*(\d+))?(?:\s+Secure:\s*(\S+))?(?:\s+\[([^\]]+)\])?\s*$/i;
/** `Profile: CiscoTAC-1 (status: ACTIVE)` */
const PROFILE_STATUS = /^Profile:\s*(\S+)\s*\(status:\s*([^)]+)\)$/i;
const ALERT_HEADER = /^Keyword\s+State\s+Description$/i;
const ALERT_ROW = /^(\S+)\s+(\S+)\s+(.*)$/;

export function parseMailServer(body: string): MailServer | null {
  const m = MAIL_SERVER.exec(body);
  if (m === null) return null;
  const server: MailServer = { index: Number(m[1]), address: m[2]! };
  if (m[3] !== undefined) server.priority = Number(m[3]);
  if (m[4] !== undefined) server.secure = m[4];
  if (m[5] !== undefined) server.status = m[5];
  return server;
}

/** Reads the `Keyword State Description` table of alert groups starting after its header line. */
export function readAlertGroups(lines: readonly CaptureLine[], start: number, out: AlertGroupInfo[]): number {
  let i = start;
  for (; i < lines.length; i++) {
    const body = lines[i]!.body;
    if (/^-[-\s]+$/.test(body)) continue;
    const m = ALERT_ROW.exec(body);
    if (m === null || body.includes(':')) break;
    out.push({ keyword: m[1]!, state: m[2]!, description: m[3]!.trim() });
  }
  return i;
}

/**
 * `show call-home` and `show call-home detail` (IOS-XE; IOS-XR prints the same settings layout): call-home
 * feature state, contact e-mail, mail servers, HTTP proxy, diagnostic signature and Smart Licensing profiles,
 * alert groups, and the profile list (names, or full blocks with `detail`).
 */
export function parseCallHome(text: string, options?: ParseOptions): CallHomeSettings {
  const prepared = prepareOutput(text, options?.command ?? 'show call-home', ['call-home', 'call-home-detail'], options);
  const lines = prepared.capture.lines;
  const r: CallHomeSettings = {
    kind: 'call-home',
    command: prepared.canonical,
    platform: prepared.platform,
    unparsed: [],
    settings: [],
    mailServers: [],
    alertGroups: [],
    profileNames: [],
    profiles: [],
  };
  if (prepared.capture.capturedAt !== null) r.capturedAt = prepared.capture.capturedAt;
  const unparsed: UnparsedLine[] = r.unparsed;
  /** Which setting a following `Profile: X (status: Y)` line belongs to. */
  let profileOwner: 'diagnostic' | 'smart' | null = null;
  let inProfiles = false;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const body = line.body;
    // Lower-cased first letter: which of the patterns below can match at all.
    const c0 = body.charCodeAt(0) | 32;
    if (c0 === 99 /* c */ && /^Current call home settings:$/i.test(body)) {
      i++;
      continue;
    }
    if (c0 === 97 /* a */ && /^Available alert groups:$/i.test(body)) {
      i++;
      if (i < lines.length && ALERT_HEADER.test(lines[i]!.body)) i = readAlertGroups(lines, i + 1, r.alertGroups);
      continue;
    }
    if (c0 === 112 /* p */ && /^Profiles:$/i.test(body)) {
      inProfiles = true;
      i++;
      continue;
    }
    if (c0 === 112 && /^Profile Name:/.test(body)) {
      const next = lines[i + 1];
      const detailed = next !== undefined && !/^Profile Name:/.test(next.body) && /^Profile (status|mode):/i.test(next.body);
      if (detailed) {
        const { profile, next: after } = readProfileBlock(lines, i, unparsed);
        r.profiles.push(profile);
        r.profileNames.push(profile.name);
        i = after;
      } else {
        r.profileNames.push(body.slice(body.indexOf(':') + 1).trim());
        i++;
      }
      continue;
    }
    const mail = c0 === 109 /* m */ ? parseMailServer(body) : null;
    if (mail !== null) {
      r.mailServers.push(mail);
      r.settings.push({ key: body.slice(0, body.indexOf(':')), value: body.slice(body.indexOf(':') + 1).trim() });
      i++;
      continue;
    }
    const ps = c0 === 112 && profileOwner !== null ? PROFILE_STATUS.exec(body) : null;
    if (ps !== null) {
      if (profileOwner === 'diagnostic' && r.diagnosticSignature !== undefined) {
        r.diagnosticSignature.profile = ps[1]!;
        r.diagnosticSignature.profileStatus = ps[2]!.trim();
      } else if (profileOwner === 'smart' && r.smartLicensingMessages !== undefined) {
        r.smartLicensingMessages.profile = ps[1]!;
        r.smartLicensingMessages.profileStatusRaw = ps[2]!.trim();
        r.smartLicensingMessages.profileStatus = profileStatusOf(ps[2]!);
      }
      profileOwner = null;
      i++;
      continue;
    }
    const colon = body.indexOf(':');
    if (colon <= 0 || inProfiles) {
      unparsed.push({ line: line.no, text: line.text, section: inProfiles ? 'Profiles' : null });
      i++;
      continue;
    }
    const rawKey = body.slice(0, colon).trim();
    const key = settingKeyOf(rawKey);
    const value = body.slice(colon + 1).trim();
    r.settings.push({ key: rawKey, value });
    profileOwner = null;
    switch (key) {
      case 'call home feature':
        r.feature = { status: featureStateOf(value), statusRaw: value };
        break;
      case "call home message's from address":
        r.fromAddress = value;
        break;
      case "call home message's reply-to address":
        r.replyToAddress = value;
        break;
      case 'vrf for call-home messages':
        r.vrf = value;
        break;
      case "contact person's email address":
        r.contactEmail = value;
        break;
      case 'source ip address':
        r.sourceIpAddress = value;
        break;
      case 'source interface':
        r.sourceInterface = value;
        break;
      case 'http proxy':
        r.httpProxy = value;
        break;
      case 'server identity check':
        r.serverIdentityCheck = featureStateOf(value);
        break;
      case 'diagnostic signature':
        r.diagnosticSignature = { status: featureStateOf(value), statusRaw: value };
        profileOwner = 'diagnostic';
        break;
      case 'smart licensing messages':
        r.smartLicensingMessages = { status: featureStateOf(value), statusRaw: value };
        profileOwner = 'smart';
        break;
      default:
        break;
    }
    i++;
  }
  if (r.settings.length === 0 && r.profileNames.length === 0) {
    throw new ParseError(prepared.command, 'no call-home settings in the output', excerptOf(prepared.capture));
  }
  return r;
}
