import { ParseError } from '../errors.js';
import type { CaptureLine } from './capture.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { CallHomeProfile, CallHomeProfiles, UnparsedLine } from './types.js';
import { profileStatusOf, settingKeyOf, transportMethodsOf } from './vocabulary.js';

const PROFILE_NAME = /^Profile Name:\s*(.+)$/;
const PERIODIC = /^Periodic (\S+) info message is scheduled (.+)$/;
const TABLE_HEADER = /^(Alert-group|Syslog-Pattern)\s+Severity$/i;
const TABLE_ROW = /^(.*\S)\s+(\S+)$/;

function newProfile(name: string): CallHomeProfile {
  return {
    name,
    reportingData: [],
    reportsSmartLicensing: false,
    transportMethods: [],
    emailAddresses: [],
    httpAddresses: [],
    otherAddresses: [],
    periodicMessages: [],
    alertGroups: [],
    syslogPatterns: [],
  };
}

function addresses(value: string): string[] {
  if (value === '' || /^not yet set up$/i.test(value) || value === '<none>') return [];
  return value.split(/[\s,]+/).filter((a) => a.length > 0);
}

/**
 * Reads one `Profile Name:` block starting at `start` (the `Profile Name:` line); stops at the next
 * `Profile Name:` or at `stop(line)`. Returns the profile and the index after it.
 */
export function readProfileBlock(
  lines: readonly CaptureLine[],
  start: number,
  unparsed: UnparsedLine[],
  stop: (line: CaptureLine) => boolean = () => false,
): { profile: CallHomeProfile; next: number } {
  const profile = newProfile(PROFILE_NAME.exec(lines[start]!.body)![1]!.trim());
  const section = `Profile ${profile.name}`;
  let list: string[] | null = null;
  let table: 'alert' | 'syslog' | null = null;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    const body = line.body;
    // The first character tells which patterns can match at all.
    const c0 = body.charCodeAt(0);
    if ((c0 === 80 /* P */ && PROFILE_NAME.test(body)) || stop(line)) break;
    if ((c0 === 45 /* - */ || c0 <= 32 || c0 >= 127) && /^[-\s]{3,}$/.test(body) && body.includes('---')) continue;
    const lower0 = c0 | 32;
    const header = lower0 === 97 /* a */ || lower0 === 115 /* s */ ? TABLE_HEADER.exec(body) : null;
    if (header !== null) {
      table = header[1]!.toLowerCase() === 'alert-group' ? 'alert' : 'syslog';
      list = null;
      continue;
    }
    const periodic = c0 === 80 ? PERIODIC.exec(body) : null;
    if (periodic !== null) {
      profile.periodicMessages.push({ kind: periodic[1]!, schedule: periodic[2]!.trim() });
      table = null;
      list = null;
      continue;
    }
    const colon = body.indexOf(':');
    const key = colon > 0 ? settingKeyOf(body.slice(0, colon)) : '';
    const value = colon > 0 ? body.slice(colon + 1).trim() : '';
    // A second address printed under the first (`Email address(es): a@x` / `b@y`).
    if (table === null && list !== null && !body.includes(' ') && (colon === -1 || /^https?:\/\//i.test(body))) {
      list.push(body);
      continue;
    }
    switch (key) {
      case 'profile status':
        profile.status = profileStatusOf(value);
        profile.statusRaw = value;
        continue;
      case 'profile mode':
        profile.mode = value;
        continue;
      case 'reporting data':
        profile.reportingDataRaw = value;
        profile.reportingData = value.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
        profile.reportsSmartLicensing = profile.reportingData.some((v) => /smart licensing/i.test(v));
        continue;
      case 'preferred message format':
        profile.preferredMessageFormat = value;
        continue;
      case 'message size limit': {
        const m = /^(\d+)/.exec(value);
        if (m !== null) profile.messageSizeLimitBytes = Number(m[1]);
        continue;
      }
      case 'transport method':
        profile.transportMethodRaw = value;
        profile.transportMethods = transportMethodsOf(value);
        continue;
      case 'email address(es)':
      case 'email address':
        profile.emailAddresses.push(...addresses(value));
        list = profile.emailAddresses;
        table = null;
        continue;
      case 'http address(es)':
      case 'http address':
        profile.httpAddresses.push(...addresses(value));
        list = profile.httpAddresses;
        table = null;
        continue;
      case 'other address(es)':
      case 'other address':
        profile.otherAddresses.push(...addresses(value));
        list = profile.otherAddresses;
        table = null;
        continue;
      default:
        break;
    }
    if (table !== null) {
      const row = TABLE_ROW.exec(body);
      if (row !== null) {
        if (!(row[1] === 'N/A' && row[2] === 'N/A')) {
          if (table === 'alert') profile.alertGroups.push({ group: row[1]!, severity: row[2]! });
          else profile.syslogPatterns.push({ pattern: row[1]!, severity: row[2]! });
        }
        continue;
      }
    }
    unparsed.push({ line: line.no, text: line.text, section });
  }
  return { profile, next: i };
}

/**
 * `show call-home profile all` and `show call-home profile <name>` (000:57-90, 000:954-983, 001:483-555): one
 * block per profile with its status, reporting data, transport method, HTTP/e-mail addresses and alert groups.
 */
export function parseCallHomeProfiles(text: string, options?: ParseOptions): CallHomeProfiles {
  const prepared = prepareOutput(text, options?.command ?? 'show call-home profile all', ['call-home-profiles'], options);
  const lines = prepared.capture.lines;
  const result: CallHomeProfiles = { kind: 'call-home-profiles', command: prepared.canonical, platform: prepared.platform, unparsed: [], profiles: [] };
  if (prepared.capture.capturedAt !== null) result.capturedAt = prepared.capture.capturedAt;
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (PROFILE_NAME.test(line.body)) {
      const { profile, next } = readProfileBlock(lines, i, result.unparsed);
      result.profiles.push(profile);
      i = next;
      continue;
    }
    result.unparsed.push({ line: line.no, text: line.text, section: null });
    i++;
  }
  if (result.profiles.length === 0) {
    throw new ParseError(prepared.command, 'no "Profile Name:" block in the output', excerptOf(prepared.capture));
  }
  return result;
}
