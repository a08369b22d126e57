/**
 * One reader for the Smart Agent's `show license …` family (status, all, summary, usage, udi, tech support,
 * authorization) on IOS-XE, IOS-XR, ASA and NX-OS, classic and Smart Licensing Using Policy. The outputs share
 * their blocks (`Registration:`, `License Authorization:`, `License Usage`, `Product Information` …), so one pass
 * fills a {@link LicenseReport} and each command's parser only checks that the output is what it should be.
 *
 * Layout quirks handled here, all seen in real captures or the seeds: keys at any indentation (a flush-left
 * `Virtual Account:` under `Registration:`), sections without blank lines between them, a block whose header the
 * document lost (004:441-443 prints `Initial Registration:` right after `Smart Licensing is ENABLED`), values wrapped
 * onto the next line (an `Entitlement Tag:` on its own line, 000:704; `Component Versions: … CH:(rel4)1.0.15,` then
 * `PK:(rel16)1.0.7`, 000:601; a `Description:` ending on a line of its own, 001:870-871), and several fields run
 * together on one line (`INSTALLED on … IST    Valid on … IST`).
 */
import type { LicensingMode } from '../licensing/types.js';
import type { Capture, CaptureLine } from './capture.js';
import { parseDeviceTime, parseDuration, type DeviceTime, type DeviceTimeOptions } from './device-time.js';
import type {
  Attempt,
  AuthorizationInfo,
  CommunicationStatistic,
  Duration,
  Entitlement,
  GenericSection,
  KeyValue,
  LicenseAuthorizations,
  LicenseCertificates,
  LicenseReport,
  ScheduledJob,
  TrustCodeInfo,
  LicenseReportKind,
  ParsePlatform,
  RegistrationInfo,
  TransportInfo,
  UdiMember,
  UnparsedLine,
  Udi,
  CertificateInfo,
} from './types.js';
import {
  attemptResultOf,
  authorizationStatusOf,
  booleanOf,
  enforcementTypeOf,
  entitlementStatusOf,
  evaluationModeOf,
  exportControlOf,
  exportStatusOf,
  featureStateOf,
  haRoleOf,
  installStateOf,
  isPlaceholder,
  licenseTermOf,
  registrationStatusOf,
  transportTypeOf,
} from './vocabulary.js';

type Section =
  | 'top'
  | 'registration'
  | 'authorization'
  | 'exportKey'
  | 'utility'
  | 'slp'
  | 'account'
  | 'privacy'
  | 'transport'
  | 'misc'
  | 'usageReporting'
  | 'trustCode'
  | 'evaluation'
  | 'usage'
  | 'product'
  | 'haUdi'
  | 'agent'
  | 'reservation'
  | 'authorizations'
  | 'jobs'
  | 'commStats'
  | 'certificates'
  | 'generic';

/** Section titles as printed (lower-cased, without the trailing colon). */
const HEADERS: ReadonlyMap<string, Section> = new Map<string, Section>([
  ['smart licensing status', 'top'],
  ['smart licensing tech support info', 'top'],
  ['registration', 'registration'],
  ['license authorization', 'authorization'],
  ['export authorization key', 'exportKey'],
  ['utility', 'utility'],
  ['smart licensing using policy', 'slp'],
  ['account information', 'account'],
  ['data privacy', 'privacy'],
  ['transport', 'transport'],
  ['miscellaneous', 'misc'],
  ['usage reporting', 'usageReporting'],
  ['trust code installed', 'trustCode'],
  ['evaluation period', 'evaluation'],
  ['license usage', 'usage'],
  ['product information', 'product'],
  ['ha udi list', 'haUdi'],
  ['agent version', 'agent'],
  ['reservation info', 'reservation'],
  ['license authorizations', 'authorizations'],
  ['upcoming scheduled jobs', 'jobs'],
  ['communication statistics', 'commStats'],
  ['license certificates', 'certificates'],
]);

/** Keys that only ever belong to one block: they open it when its header is missing (004:441-443). */
const IMPLICIT: ReadonlyMap<string, Section> = new Map<string, Section>([
  ['initial registration', 'registration'],
  ['last renewal attempt', 'registration'],
  ['next renewal attempt', 'registration'],
  ['next registration attempt', 'registration'],
  ['registration expires', 'registration'],
  ['export-controlled functionality', 'registration'],
  ['last communication attempt', 'authorization'],
  ['next communication attempt', 'authorization'],
  ['communication deadline', 'authorization'],
  ['udi', 'product'],
  ['smart agent for licensing', 'agent'],
]);

/** Entitlement block keys kept in `details` rather than as fields. */
const ENTITLEMENT_DETAILS: ReadonlySet<string> = new Set([
  'soft enforced',
  'day-0 verification',
  'authorized count',
  'out-of-compliance count',
  'insufficient count',
  'no license',
  'measurements',
  'entitlement',
  'interval',
  'current value',
  'current report',
  'previous',
  'reservation',
  'reserved count',
  'reserved',
  'subscription id',
  'subscription end date',
  'telemetry',
  'last usage',
  'enforced count',
  'period',
]);

/**
 * Every key the handlers switch on, lower-cased. Keys read from a line are mapped to these literals (see
 * {@link canonicalKey}) so that `switch` compares interned strings, not characters.
 */
const KNOWN_KEYS: readonly string[] = [
  'account information',
  'active',
  'address',
  'agent version',
  'attempts',
  'callhome hostname privacy',
  'common name',
  'communication deadline',
  'communication statistics',
  'component versions',
  'count',
  'cslu address',
  'custom id',
  'data privacy',
  'description',
  'enforcement type',
  'entitlement tag',
  'evaluation mode',
  'evaluation period',
  'evaluation period remaining',
  'expiry date',
  'export authorization key',
  'export status',
  'export-controlled functionality',
  'failure reason',
  'feature description',
  'feature name',
  'features authorized',
  'ha udi list',
  'id certificate info',
  'initial registration',
  'ip mode',
  'last ack received',
  'last communication attempt',
  'last data push',
  'last failure time',
  'last file export',
  'last renewal attempt',
  'last report file write',
  'last report push',
  'last response',
  'last success time',
  'license',
  'license authorization',
  'license authorizations',
  'license certificates',
  'license reservation',
  'license type',
  'license usage',
  'licensing certificated',
  'licensing certificates',
  'member',
  'miscellaneous',
  'next ack deadline',
  'next ack push check',
  'next communication attempt',
  'next registration attempt',
  'next renewal attempt',
  'next report push',
  'overall status',
  'password',
  'piid',
  'port',
  'product information',
  'production cert',
  'purchased licenses',
  'registration expires',
  'reporting mode',
  'reporting push interval',
  'request time',
  'reservation info',
  'sending hostname',
  'serial number',
  'server identity check',
  'server url',
  'signing certificate info',
  'smart account',
  'smart agent for licensing',
  'smart licensing hostname privacy',
  'smart licensing status',
  'smart licensing tech support info',
  'smart licensing using policy',
  'smart url',
  'standby',
  'start date',
  'status',
  'status time',
  'sub ca info',
  'trust code installed',
  'trust point',
  'trustpoint',
  'type',
  'udi',
  'upcoming scheduled jobs',
  'url',
  'usage reporting',
  'username',
  'version',
  'version number',
  'version privacy',
  'virtual account',
];

const KNOWN_KEY_SET: ReadonlyMap<string, string> = new Map(KNOWN_KEYS.map((k) => [k, k]));

interface PrintedKey {
  readonly printed: string;
  readonly key: string;
  /** The keys printed after this one the last two times: blocks print their keys in the same order every time. */
  next: PrintedKey | null;
  other: PrintedKey | null;
}

const printedKeys = new Map<string, PrintedKey>();
let lastKey: PrintedKey | null = null;

/**
 * A key as printed → its lower-cased form, the interned literal when the key is known (memoised). The keys that
 * followed the previous one before are tried first: comparing two strings is cheaper than hashing a new one.
 */
function canonicalKey(printed: string): string {
  const previous = lastKey;
  if (previous !== null) {
    const next = previous.next;
    if (next !== null && next.printed === printed) {
      lastKey = next;
      return next.key;
    }
    const other = previous.other;
    if (other !== null && other.printed === printed) {
      previous.other = next;
      previous.next = other;
      lastKey = other;
      return other.key;
    }
  }
  let entry = printedKeys.get(printed);
  if (entry === undefined) {
    const lower = printed.toLowerCase();
    entry = { printed, key: KNOWN_KEY_SET.get(lower) ?? lower, next: null, other: null };
    if (printedKeys.size >= 4096) printedKeys.clear();
    printedKeys.set(printed, entry);
  }
  if (previous !== null) {
    previous.other = previous.next;
    previous.next = entry;
  }
  lastKey = entry;
  return entry.key;
}

const ENTITLEMENT_HEADER = /^(.*?)\s*\(([^()]*)\):$/;
const HANDLE = /^Handle:\s*(\d+)$/i;
const TABLE_ROW = /^(.*?)\s*\(([^()]*)\)\s+(\d+|-|\S+)\s+(\S.*)$/;
const UDI_MEMBER = /^(Active|Standby|Member)\s*:\s*(.*)$/i;
const REGID = /^regid\.\d{4}-\d{2}\.com\.cisco\.([^,]+),/;
const STATUS_CODE = /^(.*?)\s*\((\d+)\)$/;
const SEPARATOR = /^[=\-*_]{3,}$/;
const ATTEMPTS = /Total=(\d+),\s*Success=(\d+),\s*Fail=(\d+)(?:.*?Overall=(\d+)\s+Communication=(\d+))?/;

export interface LicenseReportOptions extends DeviceTimeOptions {
  readonly command: string;
  readonly platform: ParsePlatform | null;
}

class LicenseReader {
  readonly report: LicenseReport;
  private section: Section = 'top';
  private generic: GenericSection | null = null;
  private lastAttempt: Attempt | null = null;
  private entitlement: Entitlement | null = null;
  private table = false;
  private udiTable = false;
  private transportSub: 'proxy' | 'vrf' | null = null;
  private exportFeatures = false;
  private authorizationsSub: 'overall' | 'purchased' | null = null;
  private authMember: AuthorizationMember | null = null;
  private commStat: CommunicationStatistic | null = null;
  private certSub: CertificateInfo | null = null;
  /** Appends a wrapped value; set by keys whose value may continue on the next line. */
  private cont: ((body: string) => void) | 'description' | 'tag' | null = null;
  private contOnlyAfterComma = false;
  private contLastValue = '';
  /** The entitlement whose `Description:` / `Entitlement Tag:` may continue on the next line. */
  private contEntitlement: Entitlement | null = null;
  private slpSeen = false;
  private classicSeen = false;
  private traditionalSeen = false;
  private unparsed: UnparsedLine[];

  constructor(
    kind: LicenseReportKind,
    private readonly lines: readonly CaptureLine[],
    private readonly options: LicenseReportOptions,
    capture: Capture,
  ) {
    this.unparsed = [];
    this.report = { kind, command: options.command, platform: options.platform, unparsed: this.unparsed, sections: [] };
    if (capture.capturedAt !== null) this.report.capturedAt = capture.capturedAt;
  }

  private time(raw: string): DeviceTime {
    return parseDeviceTime(raw, this.options) ?? { raw: raw.trim(), iso: null, local: null, zone: null, offsetMinutes: null };
  }

  private optionalTime(raw: string): DeviceTime | undefined {
    if (raw === '' || isPlaceholder(raw)) return undefined;
    return this.time(raw);
  }

  private attempt(raw: string): Attempt {
    const on = raw.indexOf(' on ');
    const resultRaw = on === -1 ? raw : raw.slice(0, on).trim();
    const attempt: Attempt = { result: attemptResultOf(resultRaw), resultRaw };
    if (on !== -1) attempt.at = this.time(raw.slice(on + 4));
    this.lastAttempt = attempt;
    return attempt;
  }

  private miss(line: CaptureLine): void {
    this.unparsed.push({ line: line.no, text: line.text, section: this.sectionTitle() });
  }

  private sectionTitle(): string | null {
    switch (this.section) {
      case 'top':
        return null;
      case 'generic':
        return this.generic?.title ?? null;
      default:
        return SECTION_TITLES[this.section];
    }
  }

  private enter(section: Section, title: string | null): void {
    this.section = section;
    this.cont = null;
    this.lastAttempt = null;
    this.entitlement = null;
    this.table = false;
    this.transportSub = null;
    this.exportFeatures = false;
    this.authorizationsSub = null;
    this.authMember = null;
    this.commStat = null;
    this.certSub = null;
    this.generic = null;
    if (section === 'generic' || section === 'reservation' || section === 'commStats') {
      this.generic = { title: title ?? SECTION_TITLES[section], lines: [] };
      this.report.sections.push(this.generic);
    }
    switch (section) {
      case 'registration':
        this.classicSeen = true;
        this.report.registration ??= { status: 'unknown', statusRaw: '' };
        break;
      case 'authorization':
        this.report.authorization ??= { status: 'unknown', statusRaw: '' };
        break;
      case 'slp':
      case 'account':
      case 'usageReporting':
      case 'trustCode':
        this.slpSeen = true;
        break;
      case 'usage':
        this.report.entitlements ??= [];
        break;
      case 'exportKey':
        this.report.exportAuthorizationKey ??= { featuresAuthorized: [] };
        break;
      case 'authorizations':
        this.report.licenseAuthorizations ??= { overallStatus: [], purchasedLicenses: [] };
        break;
      case 'jobs':
        this.report.scheduledJobs ??= [];
        break;
      case 'commStats':
        this.report.communicationStatistics ??= [];
        break;
      case 'certificates':
        this.report.certificates ??= { notes: [] };
        break;
      default:
        break;
    }
  }

  read(): LicenseReport {
    const lines = this.lines;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const body = line.body;
      const c0 = body.charCodeAt(0);
      if ((c0 === 61 || c0 === 45 || c0 === 42) && SEPARATOR.test(body)) continue; // ===== ----- *****
      const nextIsSeparator = i + 1 < lines.length && isSeparator(lines[i + 1]!.body);

      if (c0 === 83 /* S */ && body.charCodeAt(6) === 76 /* L */ && body.startsWith('Smart Licensing is ')) {
        const raw = body.slice(19).trim();
        this.report.smartLicensing = { status: featureStateOf(raw), statusRaw: raw };
        this.enter('top', null);
        continue;
      }

      const colon = body.indexOf(':');
      // Continuation of a wrapped value.
      if (this.cont !== null) {
        const continues = this.contOnlyAfterComma ? this.contLastValue.endsWith(',') : colon === -1;
        if (continues && !nextIsSeparator) {
          this.continueValue(this.cont, body);
          continue;
        }
        this.cont = null;
      }

      if (this.header(line, body, colon, i, nextIsSeparator)) continue;
      if (nextIsSeparator) {
        // A title over a ==== line that is not a known block (`HA Info`, `Other Info`): kept as printed.
        this.enter('generic', body.endsWith(':') ? body.slice(0, -1).trim() : body);
        continue;
      }
      if (this.section !== 'generic' && this.handle(line, body, colon)) continue;

      // An unknown flush-left `Title:` (or a title over a ==== line) opens a section kept as printed.
      const title = line.indent === 0 && endsWithColon(body) && body.indexOf(': ') === -1;
      if (title && this.section !== 'generic') {
        this.enter('generic', body.endsWith(':') ? body.slice(0, -1).trim() : body);
        continue;
      }
      if (this.generic !== null) {
        this.genericLine(line, body);
        continue;
      }
      this.miss(line);
    }
    this.finish();
    return this.report;
  }

  /** Switches section on a known header line; returns true when the line was a header. */
  private header(line: CaptureLine, body: string, colon: number, index: number, nextIsSeparator: boolean): boolean {
    // Section titles are printed at the left margin (one space tolerated); indented lines are never titles.
    if (line.indent > 1 && !nextIsSeparator) return false;
    const endsColon = endsWithColon(body);
    const trust = body.charCodeAt(0) === 84 /* T */ && body.startsWith('Trust Code Installed:');
    if (!endsColon && !nextIsSeparator && !trust) {
      // Entitlement block opened without a `License Usage` banner (`show license usage`, 000:930, 004:472).
      if (body.charCodeAt(0) === 72 /* H */ && this.section !== 'usage' && line.indent === 0 && HANDLE.test(body)) {
        this.enter('usage', null);
        return false;
      }
      // Banners printed without an underline (`Smart Licensing Tech Support info`, `License Usage` in 004:806).
      if (line.indent === 0 && colon === -1) {
        const banner = HEADERS.get(canonicalKey(body));
        if (banner !== undefined) {
          this.enter(banner, body);
          return true;
        }
      }
      return false;
    }
    if (trust) {
      this.enter('trustCode', null);
      const value = body.slice('Trust Code Installed:'.length).trim();
      this.trustHeader(value);
      return true;
    }
    const title = (endsColon ? body.slice(0, -1) : body).trim();
    if (endsColon && title.indexOf(': ') !== -1) return false;
    const key = canonicalKey(title);
    const section = HEADERS.get(key);
    if (section === undefined) {
      if (key === 'overall status' || key === 'purchased licenses') {
        if (this.section !== 'authorizations' && this.section !== 'top') return false;
        if (this.section === 'top') this.enter('authorizations', null);
        return false;
      }
      // `Name (TAG):` at the left margin opens an entitlement block even without a `License Usage` banner.
      if (endsColon && line.indent === 0 && this.section !== 'usage' && this.section !== 'generic' && isEntitlementHeader(body)) {
        this.enter('usage', null);
        return false;
      }
      return false;
    }
    // `Usage Reporting:` etc. inside Communication Statistics are statistic items, not sections.
    if (this.section === 'commStats' && index + 1 < this.lines.length && this.lines[index + 1]!.body.startsWith('Attempts:')) {
      return false;
    }
    this.enter(section, title);
    return true;
  }

  private genericLine(line: CaptureLine, body: string): void {
    this.generic!.lines.push(body);
    // Two `Other Info` facts the compliance rules use (000:852-854).
    if (line.indent === 0 && this.generic!.title === 'Other Info') {
      if (body.startsWith('Agent State:')) this.report.agentState = valueOf(body, 11);
      else if (body.startsWith('Software ID:')) this.report.softwareId = valueOf(body, 11);
    }
  }

  /** Dispatches a non-header line to the current section; returns false when not understood. */
  private handle(line: CaptureLine, body: string, colon: number): boolean {
    let key = '';
    let value = '';
    if (colon > 0) {
      key = canonicalKey(keyOf(body, colon));
      value = valueOf(body, colon);
    }
    if (this.section === 'usage') return this.usageLine(line, body, colon, key, value);
    if (this.section === 'top' && this.udiTable) return this.udiRow(body);
    if (colon <= 0) return this.textLine(line, body);
    if (this.keyValue(this.section, key, value, line)) return true;
    const implicit = IMPLICIT.get(key);
    if (implicit !== undefined && !(this.section === 'haUdi' && implicit === 'product')) {
      this.enter(implicit, null);
      return this.keyValue(implicit, key, value, line);
    }
    return false;
  }

  private textLine(line: CaptureLine, body: string): boolean {
    switch (this.section) {
      case 'exportKey':
        if (!isPlaceholder(body)) this.report.exportAuthorizationKey!.featuresAuthorized.push(body);
        return true;
      case 'transport':
        if (/^not configured$/i.test(body)) {
          if (this.transportSub === 'proxy' && this.report.transport !== undefined) this.report.transport.proxy = { configured: false };
          return this.transportSub !== null;
        }
        return false;
      case 'authorizations':
        if (this.authorizationsSub === 'purchased') {
          this.report.licenseAuthorizations!.purchasedLicenses.push(body);
          return true;
        }
        return false;
      case 'trustCode':
        return this.trustLine(body);
      case 'certificates':
        this.report.certificates!.notes.push(body);
        return true;
      case 'jobs':
      case 'commStats':
        this.generic?.lines.push(body);
        return this.generic !== null;
      case 'top':
        if (/^SlotID\s+PID\s+SN\s+UDI$/i.test(body)) {
          this.udiTable = true;
          this.report.udiTable ??= [];
          return true;
        }
        return this.traditionalMarker(body);
      default:
        void line;
        return false;
    }
  }

  private traditionalMarker(body: string): boolean {
    if (/^License (?:Type|Operation) Supported$|^Index \d+ Feature:/.test(body)) this.traditionalSeen = true;
    return false;
  }

  private udiRow(body: string): boolean {
    const parts = body.split(/\s+/);
    if (parts.length < 4) return false;
    const [slot, pid, sn, udi] = parts as [string, string, string, string];
    this.report.udiTable!.push({ slot, pid, sn, udi });
    this.report.udi ??= { raw: udi, pid, sn };
    return true;
  }

  private keyValue(section: Section, key: string, value: string, line: CaptureLine): boolean {
    switch (section) {
      case 'registration':
        return this.registrationKey(key, value);
      case 'authorization':
        return this.authorizationKey(key, value);
      case 'slp':
        if (key === 'status') {
          this.report.usingPolicy = { status: featureStateOf(value), statusRaw: value };
          return true;
        }
        if (key === 'reporting mode' && this.report.usingPolicy !== undefined) {
          this.report.usingPolicy.reportingMode = value;
          return true;
        }
        return false;
      case 'account':
        return this.accountKey(key, value);
      case 'exportKey':
        if (key === 'features authorized') {
          this.exportFeatures = true;
          if (value !== '' && !isPlaceholder(value)) this.report.exportAuthorizationKey!.featuresAuthorized.push(value);
          return true;
        }
        if (this.exportFeatures) {
          this.report.exportAuthorizationKey!.featuresAuthorized.push(`${key}: ${value}`);
          return true;
        }
        return false;
      case 'utility':
        if (key === 'status') {
          this.report.utility = { status: featureStateOf(value), statusRaw: value };
          return true;
        }
        return false;
      case 'privacy':
        return this.privacyKey(key, value);
      case 'transport':
        return this.transportKey(key, value);
      case 'misc':
        if (key === 'custom id') {
          if (!isPlaceholder(value) && value !== '') this.report.customId = value;
          return true;
        }
        return false;
      case 'usageReporting':
        return this.usageReportingKey(key, value);
      case 'trustCode':
        return this.trustLine(line.body);
      case 'evaluation':
        if (key === 'evaluation mode') {
          this.report.evaluation = { ...(this.report.evaluation ?? {}), mode: evaluationModeOf(value), modeRaw: value };
          return true;
        }
        if (key === 'evaluation period remaining') {
          this.report.evaluation ??= { mode: 'unknown', modeRaw: '' };
          this.report.evaluation.remaining = duration(value);
          return true;
        }
        return false;
      case 'product':
        if (key === 'udi') {
          this.report.udi = parseUdi(value);
          return true;
        }
        if (key === 'active' || key === 'standby' || key === 'member') return this.haMember(key, value);
        return false;
      case 'haUdi':
        if (key === 'active' || key === 'standby' || key === 'member') return this.haMember(key, value);
        if (key === 'udi') {
          this.report.udi = parseUdi(value);
          return true;
        }
        return false;
      case 'agent':
        if (key === 'smart agent for licensing') {
          this.report.agentVersion = value;
          return true;
        }
        if (key === 'component versions') {
          this.report.componentVersions = value;
          this.continueWith((more) => (this.report.componentVersions = `${this.report.componentVersions} ${more}`), value, true);
          return true;
        }
        return false;
      case 'reservation':
        if (key === 'license reservation') this.report.reservation = { status: featureStateOf(value), statusRaw: value };
        this.generic?.lines.push(line.body);
        return true;
      case 'authorizations':
        return this.authorizationsKey(key, value);
      case 'jobs':
        return this.jobKey(line.body, value);
      case 'commStats':
        return this.commStatKey(line.body, key, value);
      case 'certificates':
        return this.certificateKey(key, value, line.body);
      case 'top':
        if (key === 'overall status' || key === 'purchased licenses') {
          this.enter('authorizations', null);
          return this.authorizationsKey(key, value);
        }
        if (key === 'reporting push interval' || key === 'last ack received' || key === 'next ack deadline') {
          this.enter('usageReporting', null);
          return this.usageReportingKey(key, value);
        }
        return false;
      default:
        return false;
    }
  }

  /** Continuation of an entitlement's description or tag on colon-less lines, without a closure per block. */
  private continueOn(e: Entitlement, field: 'description' | 'tag'): void {
    this.contEntitlement = e;
    this.contOnlyAfterComma = false;
    this.cont = field;
  }

  private continueValue(cont: ((body: string) => void) | 'description' | 'tag', more: string): void {
    if (cont === 'description') {
      const e = this.contEntitlement!;
      e.description = e.description === undefined ? more : `${e.description} ${more}`;
    } else if (cont === 'tag') {
      const e = this.contEntitlement!;
      this.setTag(e, e.tag + more);
    } else {
      cont(more);
    }
  }

  private continueWith(apply: (more: string) => void, value: string, onlyAfterComma: boolean): void {
    this.contLastValue = value;
    this.contOnlyAfterComma = onlyAfterComma;
    this.cont = (more: string) => {
      apply(more);
      this.contLastValue = more;
    };
  }

  private registrationKey(key: string, value: string): boolean {
    const reg = (this.report.registration ??= { status: 'unknown', statusRaw: '' }) as RegistrationInfo;
    this.classicSeen = true;
    switch (key) {
      case 'status':
        reg.status = registrationStatusOf(value);
        reg.statusRaw = value;
        return true;
      case 'smart account': {
        const asOf = value.indexOf(' As of ');
        const name = asOf === -1 ? value : value.slice(0, asOf).trim();
        if (!isPlaceholder(name)) reg.smartAccount = name;
        return true;
      }
      case 'virtual account':
        if (!isPlaceholder(value)) reg.virtualAccount = value;
        return true;
      case 'export-controlled functionality':
        reg.exportControlled = exportControlOf(value);
        reg.exportControlledRaw = value;
        return true;
      case 'initial registration':
        reg.initialRegistration = this.attempt(value);
        return true;
      case 'last renewal attempt':
        reg.lastRenewalAttempt = this.attempt(value);
        return true;
      case 'next renewal attempt': {
        const t = this.optionalTime(value);
        if (t !== undefined) reg.nextRenewalAttempt = t;
        return true;
      }
      case 'next registration attempt': {
        const t = this.optionalTime(value);
        if (t !== undefined) reg.nextRegistrationAttempt = t;
        return true;
      }
      case 'registration expires':
        reg.registrationExpires = this.time(value);
        if (/^never$/i.test(value)) reg.neverExpires = true;
        return true;
      case 'failure reason':
        return this.failureReason(value);
      default:
        return false;
    }
  }

  private failureReason(value: string): boolean {
    if (this.lastAttempt === null) return false;
    if (!isPlaceholder(value)) this.lastAttempt.failureReason = value;
    const attempt = this.lastAttempt;
    this.continueWith((more) => (attempt.failureReason = `${attempt.failureReason ?? ''} ${more}`.trim()), value, false);
    return true;
  }

  private authorizationKey(key: string, value: string): boolean {
    const auth = (this.report.authorization ??= { status: 'unknown', statusRaw: '' }) as AuthorizationInfo;
    switch (key) {
      case 'status': {
        const on = value.indexOf(' on ');
        const raw = on === -1 ? value : value.slice(0, on).trim();
        auth.status = authorizationStatusOf(raw);
        auth.statusRaw = raw;
        if (on !== -1) auth.since = this.time(value.slice(on + 4));
        if (auth.status !== 'not-applicable') this.classicSeen = true;
        else this.slpSeen = true;
        return true;
      }
      case 'last communication attempt':
        auth.lastCommunicationAttempt = this.attempt(value);
        return true;
      case 'next communication attempt': {
        const t = this.optionalTime(value);
        if (t !== undefined) auth.nextCommunicationAttempt = t;
        return true;
      }
      case 'communication deadline': {
        const t = this.optionalTime(value);
        if (t !== undefined) auth.communicationDeadline = t;
        return true;
      }
      case 'evaluation period remaining':
        auth.evaluationPeriodRemaining = duration(value);
        return true;
      case 'failure reason':
        return this.failureReason(value);
      default:
        return false;
    }
  }

  private accountKey(key: string, value: string): boolean {
    const account = (this.report.account ??= {});
    if (key === 'smart account') {
      const asOf = value.indexOf(' As of ');
      const name = asOf === -1 ? value : value.slice(0, asOf).trim();
      if (!isPlaceholder(name)) account.smartAccount = name;
      if (asOf !== -1) account.smartAccountAsOf = this.time(value.slice(asOf + 7));
      return true;
    }
    if (key === 'virtual account') {
      if (!isPlaceholder(value)) account.virtualAccount = value;
      return true;
    }
    return false;
  }

  private privacyKey(key: string, value: string): boolean {
    const privacy = (this.report.dataPrivacy ??= {});
    switch (key) {
      case 'sending hostname': {
        const b = booleanOf(value);
        if (b !== undefined) privacy.sendingHostname = b;
        return true;
      }
      case 'callhome hostname privacy':
        privacy.callhomeHostnamePrivacy = featureStateOf(value);
        return true;
      case 'smart licensing hostname privacy':
        privacy.smartLicensingHostnamePrivacy = featureStateOf(value);
        return true;
      case 'version privacy':
        privacy.versionPrivacy = featureStateOf(value);
        return true;
      default:
        return false;
    }
  }

  private transportKey(key: string, value: string): boolean {
    const transport = (this.report.transport ??= { type: 'unknown', typeRaw: '' }) as TransportInfo;
    if (this.transportSub === 'proxy') {
      const proxy = (transport.proxy ??= { configured: true });
      switch (key) {
        case 'address':
          if (!isPlaceholder(value) && value !== '') proxy.address = value;
          proxy.configured = proxy.address !== undefined;
          return true;
        case 'port':
          if (!isPlaceholder(value) && value !== '') proxy.port = value;
          return true;
        case 'username':
          if (!isPlaceholder(value) && value !== '') proxy.username = value;
          return true;
        case 'password':
          proxy.passwordSet = value !== '' && !isPlaceholder(value);
          return true;
        default:
          this.transportSub = null;
      }
    }
    switch (key) {
      case 'type':
        transport.type = transportTypeOf(value);
        transport.typeRaw = value;
        return true;
      case 'url':
      case 'smart url':
      case 'server url':
        if (!isPlaceholder(value) && value !== '') transport.url = value;
        return true;
      case 'cslu address':
        if (!isPlaceholder(value) && value !== '') transport.csluAddress = value;
        return true;
      case 'proxy':
        this.transportSub = 'proxy';
        if (value !== '' && !isPlaceholder(value)) {
          if (/^not configured$/i.test(value)) transport.proxy = { configured: false };
          else transport.proxy = { configured: true, address: value };
        }
        return true;
      case 'vrf':
        this.transportSub = value === '' ? 'vrf' : null;
        if (value !== '' && !isPlaceholder(value) && !/^not configured$/i.test(value)) transport.vrf = value;
        return true;
      case 'server identity check': {
        const b = booleanOf(value);
        if (b !== undefined) transport.serverIdentityCheck = b;
        return true;
      }
      case 'ip mode':
        transport.ipMode = value;
        return true;
      case 'trust point':
      case 'trustpoint':
        if (!isPlaceholder(value) && value !== '') transport.trustPoint = value;
        return true;
      default:
        return false;
    }
  }

  private usageReportingKey(key: string, value: string): boolean {
    const ur = (this.report.usageReporting ??= {});
    this.slpSeen = true;
    switch (key) {
      case 'last ack received': {
        const t = this.optionalTime(value);
        if (t !== undefined) ur.lastAckReceived = t;
        return true;
      }
      case 'next ack deadline': {
        const t = this.optionalTime(value);
        if (t !== undefined) ur.nextAckDeadline = t;
        return true;
      }
      case 'reporting push interval': {
        const m = /^(\d+)/.exec(value);
        ur.reportingPushInterval = { raw: value, days: m === null ? null : Number(m[1]) };
        return true;
      }
      case 'next ack push check': {
        const t = this.optionalTime(value);
        if (t !== undefined) ur.nextAckPushCheck = t;
        return true;
      }
      case 'next report push': {
        const t = this.optionalTime(value);
        if (t !== undefined) ur.nextReportPush = t;
        return true;
      }
      case 'last report push': {
        const t = this.optionalTime(value);
        if (t !== undefined) ur.lastReportPush = t;
        return true;
      }
      case 'last report file write': {
        const t = this.optionalTime(value);
        if (t !== undefined) ur.lastReportFileWrite = t;
        return true;
      }
      default:
        return false;
    }
  }

  private trustHeader(value: string): void {
    const trust = (this.report.trustCode ??= { installed: false, members: [] });
    if (value === '' ) return;
    if (isPlaceholder(value)) return;
    for (const part of value.split(/\s{3,}/)) {
      if (!this.trustPart(part)) {
        const t = parseDeviceTime(part, this.options);
        if (t !== null) {
          trust.installed = true;
          trust.installedAt = t;
        } else {
          this.unparsed.push({ line: 0, text: part, section: 'Trust Code Installed' });
        }
      }
    }
  }

  private trustLine(body: string): boolean {
    if (body.indexOf('   ') === -1) return this.trustPart(body);
    let ok = true;
    for (const part of body.split(/\s{3,}/)) ok = this.trustPart(part) && ok;
    return ok;
  }

  private trustPart(part: string): boolean {
    const trust = (this.report.trustCode ??= { installed: false, members: [] });
    const member = trust.members[trust.members.length - 1];
    let m = UDI_MEMBER.exec(part);
    if (m !== null && /PID:|SN:/.test(m[2]!)) {
      const udi = parseUdi(m[2]!);
      const entry: TrustMember = { role: haRoleOf(m[1]!), roleRaw: m[1]!, state: 'unknown', stateRaw: '' };
      if (udi.pid !== undefined) entry.pid = udi.pid;
      if (udi.sn !== undefined) entry.sn = udi.sn;
      trust.members.push(entry);
      return true;
    }
    m = /^(NOT INSTALLED|INSTALLED)(?:\s+on\s+(.*))?$/i.exec(part);
    if (m !== null) {
      if (member === undefined) return false;
      member.state = installStateOf(m[1]!);
      member.stateRaw = m[1]!;
      if (m[2] !== undefined) member.installedAt = this.time(m[2]);
      if (member.state === 'installed') trust.installed = true;
      return true;
    }
    m = /^Valid on\s+(.*)$/i.exec(part);
    if (m !== null && member !== undefined) {
      member.validFrom = this.time(m[1]!);
      return true;
    }
    m = /^Expire[sd] on\s+(.*)$/i.exec(part);
    if (m !== null && member !== undefined) {
      member.expiresAt = this.time(m[1]!);
      return true;
    }
    m = /^Trust Code Type:\s*(.*)$/i.exec(part);
    if (m !== null) {
      if (member !== undefined) member.type = m[1]!;
      else trust.type = m[1]!;
      return true;
    }
    if (/^Attributes:\s*(?:<none>)?$/i.test(part)) return true;
    return false;
  }

  private haMember(roleKey: string, value: string): boolean {
    const udi = parseUdi(value);
    const role = roleKey.charAt(0).toUpperCase() + roleKey.slice(1);
    const member: UdiMember = { role: haRoleOf(role), roleRaw: role };
    if (udi.pid !== undefined) member.pid = udi.pid;
    if (udi.sn !== undefined) member.sn = udi.sn;
    (this.report.haUdiList ??= []).push(member);
    return true;
  }

  private authorizationsKey(key: string, value: string): boolean {
    const auths = (this.report.licenseAuthorizations ??= { overallStatus: [], purchasedLicenses: [] });
    if (key === 'overall status') {
      this.authorizationsSub = 'overall';
      return true;
    }
    if (key === 'purchased licenses') {
      this.authorizationsSub = 'purchased';
      if (value !== '') auths.purchasedLicenses.push(value);
      return true;
    }
    if (this.authorizationsSub === 'overall') {
      if (key === 'active' || key === 'standby' || key === 'member') {
        const udi = parseUdi(value);
        const role = key.charAt(0).toUpperCase() + key.slice(1);
        const member: AuthorizationMember = { role: haRoleOf(role), roleRaw: role, status: 'unknown', statusRaw: '' };
        if (udi.pid !== undefined) member.pid = udi.pid;
        if (udi.sn !== undefined) member.sn = udi.sn;
        auths.overallStatus.push(member);
        this.authMember = member;
        return true;
      }
      if (key === 'status' && this.authMember !== null) {
        this.authMember.status = installStateOf(value);
        this.authMember.statusRaw = value;
        return true;
      }
    }
    if (this.authorizationsSub === 'purchased') {
      auths.purchasedLicenses.push(value === '' ? key : `${key}: ${value}`);
      return true;
    }
    if (key === 'last data push' || key === 'last file export') {
      const t = this.optionalTime(value);
      if (t !== undefined) auths[key === 'last data push' ? 'lastDataPush' : 'lastFileExport'] = t;
      return true;
    }
    return false;
  }

  private jobKey(body: string, value: string): boolean {
    const job: ScheduledJob = { name: keyOf(body, body.indexOf(':')) };
    this.jobValue(job, value);
    this.report.scheduledJobs!.push(job);
    if (job.at !== undefined && job.name.length === 12 && job.name.toLowerCase() === 'current time') this.report.capturedAt ??= job.at;
    if (value.indexOf('(') !== -1 && value.indexOf(')') === -1) {
      // `IdCert Expiration Warning: Jan  4 02:00:41 2016 UTC (304 days, 22 hours, 22 minutes,` + `55 seconds remaining)`
      let text = value;
      this.continueWith((more) => {
        text = `${text} ${more}`;
        this.jobValue(job, text);
      }, value, false);
    }
    return true;
  }

  /** `<date> (<remaining> remaining)` or a note such as `Expired Not Rescheduled`. */
  private jobValue(job: ScheduledJob, text: string): void {
    const paren = text.indexOf('(');
    const t = parseDeviceTime(paren === -1 ? text : text.slice(0, paren), this.options);
    if (t === null) {
      job.note = text;
      return;
    }
    job.at = t;
    delete job.note;
    if (paren !== -1) {
      let end = text.lastIndexOf(')');
      if (end < paren) end = text.length;
      const inside = text.slice(paren + 1, end).trim();
      job.remaining = duration(inside.endsWith(' remaining') ? inside.slice(0, -10) : inside);
    }
  }

  private commStatKey(body: string, key: string, value: string): boolean {
    const stats = this.report.communicationStatistics!;
    if (value === '' && key !== '') {
      const stat: CommunicationStatistic = { name: body.slice(0, -1).trim() };
      stats.push(stat);
      this.commStat = stat;
      return true;
    }
    const stat = this.commStat;
    if (stat === null) {
      this.generic?.lines.push(body);
      return true;
    }
    switch (key) {
      case 'attempts': {
        const m = ATTEMPTS.exec(value);
        if (m === null) return false;
        stat.attempts = { total: Number(m[1]), success: Number(m[2]), fail: Number(m[3]) };
        if (m[4] !== undefined) stat.ongoingFailure = { overall: Number(m[4]), communication: Number(m[5]) };
        return true;
      }
      case 'last response': {
        if (isPlaceholder(value)) return true;
        const on = value.lastIndexOf(' on ');
        const response = on === -1 ? value : value.slice(0, on).trim();
        stat.lastResponse = { raw: value, response };
        if (on !== -1) stat.lastResponse.at = this.time(value.slice(on + 4));
        return true;
      }
      case 'failure reason':
        if (!isPlaceholder(value)) stat.failureReason = value;
        return true;
      case 'last success time': {
        const t = this.optionalTime(value);
        if (t !== undefined) stat.lastSuccessTime = t;
        return true;
      }
      case 'last failure time': {
        const t = this.optionalTime(value);
        if (t !== undefined) stat.lastFailureTime = t;
        return true;
      }
      default:
        this.generic?.lines.push(body);
        return true;
    }
  }

  private certificateKey(key: string, value: string, body: string): boolean {
    const certs = this.report.certificates as LicenseCertificates;
    switch (key) {
      case 'production cert': {
        const b = booleanOf(value);
        if (b !== undefined) certs.productionCert = b;
        return true;
      }
      case 'piid':
        certs.piid = value;
        return true;
      case 'licensing certificated':
      case 'licensing certificates':
        return true;
      case 'id certificate info':
        this.certSub = certs.idCertificate = {};
        return true;
      case 'signing certificate info':
        this.certSub = certs.signingCertificate = {};
        return true;
      case 'sub ca info':
        this.certSub = certs.subCa = {};
        return true;
      default:
        break;
    }
    const cert = this.certSub;
    if (cert === null) {
      certs.notes.push(body);
      return true;
    }
    switch (key) {
      case 'start date':
        cert.start = this.time(value);
        return true;
      case 'expiry date':
        cert.expiry = this.time(value);
        return true;
      case 'version number':
        cert.versionNumber = value;
        return true;
      case 'serial number':
        cert.serialNumber = value;
        return true;
      case 'common name':
        cert.commonName = value;
        return true;
      default:
        certs.notes.push(body);
        return true;
    }
  }

  // ------------------------------------------------------------------------------------------ License Usage

  private usageLine(line: CaptureLine, body: string, colon: number, key: string, value: string): boolean {
    const entitlements = (this.report.entitlements ??= []);
    // Summary table.
    if (this.table) {
      const m = TABLE_ROW.exec(body);
      if (m !== null) {
        entitlements.push(tableRow(m));
        return true;
      }
      this.table = false;
    }
    if (colon === -1 && /^License\s+Entitlement\s+tag\s+Count\s+Status$/i.test(body)) {
      this.table = true;
      return true;
    }
    if (endsWithColon(body)) {
      const m = body.charCodeAt(body.length - 2) === 41 /* ) */ ? ENTITLEMENT_HEADER.exec(body) : null;
      if (m !== null && (line.indent <= 2 || this.entitlement === null)) {
        const e: Entitlement = { tag: m[2]!.trim() };
        const name = m[1]!.trim();
        if (name !== '') e.name = name;
        const short = REGID.exec(e.tag);
        if (short !== null) e.shortTag = short[1]!;
        entitlements.push(e);
        this.entitlement = e;
        return true;
      }
    }
    const h = body.charCodeAt(0) | 32;
    const handle = h === 104 /* h */ ? HANDLE.exec(body) : null;
    if (handle !== null) {
      const e: Entitlement = { tag: '', handle: Number(handle[1]) };
      entitlements.push(e);
      this.entitlement = e;
      return true;
    }
    if (colon === -1) {
      if (/^no licenses in use$/i.test(body)) return true;
      if (this.table === false && TABLE_ROW.test(body) && this.entitlement === null) {
        entitlements.push(tableRow(TABLE_ROW.exec(body)!));
        return true;
      }
      return false;
    }
    const e = this.entitlement;
    if (e === null) return false;
    return this.entitlementKey(e, body, key, value);
  }

  private entitlementKey(e: Entitlement, body: string, key: string, value: string): boolean {
    switch (key) {
      case 'license': {
        const name = value.charCodeAt(0) === 39 /* ' */ ? value.replace(/^'(.*)'$/, '$1') : value;
        if (name !== '' && name !== 'nullPtr') e.name = name;
        return true;
      }
      case 'entitlement tag':
        if (value !== '') this.setTag(e, value);
        else this.continueOn(e, 'tag');
        return true;
      case 'description':
        if (value !== '' && !isPlaceholder(value)) e.description = value;
        this.continueOn(e, 'description');
        return true;
      case 'count': {
        if (/^-?\d+$/.test(value)) e.count = Number(value);
        else e.countRaw = value;
        return true;
      }
      case 'version':
        e.version = value;
        return true;
      case 'status': {
        e.statusRaw = value;
        const code = value.charCodeAt(value.length - 1) === 41 /* ) */ ? STATUS_CODE.exec(value) : null;
        if (code !== null) e.statusCode = Number(code[2]);
        e.status = entitlementStatusOf(value);
        return true;
      }
      case 'export status':
        e.exportStatus = exportStatusOf(value);
        e.exportStatusRaw = value;
        return true;
      case 'feature name':
        e.featureName = value;
        return true;
      case 'feature description':
        e.featureDescription = value;
        return true;
      case 'enforcement type':
        e.enforcementType = enforcementTypeOf(value);
        e.enforcementTypeRaw = value;
        this.slpSeen = true;
        return true;
      case 'license type':
        e.licenseType = licenseTermOf(value);
        e.licenseTypeRaw = value;
        return true;
      case 'status time': {
        const t = this.optionalTime(value);
        if (t !== undefined) e.statusTime = t;
        return true;
      }
      case 'request time': {
        const t = this.optionalTime(value);
        if (t !== undefined && attemptResultOf(value) !== 'none') e.requestTime = t;
        return true;
      }
      default:
        if (ENTITLEMENT_DETAILS.has(key)) {
          const details = (e.details ??= {});
          if (body.indexOf('   ') === -1) {
            details[keyOf(body, body.indexOf(':'))] = value;
            return true;
          }
          // `Current Report: 1641834470       Previous: 1641834468`
          for (const part of body.split(/\s{3,}/)) {
            const c = part.indexOf(':');
            if (c > 0) details[keyOf(part, c)] = valueOf(part, c);
          }
          return true;
        }
        return false;
    }
  }

  private setTag(e: Entitlement, tag: string): void {
    e.tag = tag;
    const short = REGID.exec(tag);
    if (short !== null) e.shortTag = short[1]!;
  }

  private finish(): void {
    const r = this.report;
    let mode: LicensingMode | undefined;
    if (this.slpSeen || r.usingPolicy !== undefined) mode = 'slp';
    else if (this.classicSeen || (r.registration !== undefined && r.registration.statusRaw !== '')) mode = 'classic';
    else if (this.traditionalSeen) mode = 'traditional';
    if (mode !== undefined) r.licensingMode = mode;
    if (r.registration !== undefined && r.registration.statusRaw === '' && Object.keys(r.registration).length === 2) delete r.registration;
    if (r.authorization !== undefined && r.authorization.statusRaw === '' && Object.keys(r.authorization).length === 2) delete r.authorization;
    if (r.transport !== undefined && r.transport.typeRaw === '' && Object.keys(r.transport).length === 2) delete r.transport;
  }

  get traditional(): boolean {
    return this.traditionalSeen;
  }
}

type TrustMember = TrustCodeInfo['members'][number];
type AuthorizationMember = LicenseAuthorizations['overallStatus'][number];

const SECTION_TITLES: Readonly<Record<Section, string>> = {
  top: '',
  registration: 'Registration',
  authorization: 'License Authorization',
  exportKey: 'Export Authorization Key',
  utility: 'Utility',
  slp: 'Smart Licensing Using Policy',
  account: 'Account Information',
  privacy: 'Data Privacy',
  transport: 'Transport',
  misc: 'Miscellaneous',
  usageReporting: 'Usage Reporting',
  trustCode: 'Trust Code Installed',
  evaluation: 'Evaluation Period',
  usage: 'License Usage',
  product: 'Product Information',
  haUdi: 'HA UDI List',
  agent: 'Agent Version',
  reservation: 'Reservation Info',
  authorizations: 'License Authorizations',
  jobs: 'Upcoming Scheduled Jobs',
  commStats: 'Communication Statistics',
  certificates: 'License Certificates',
  generic: '',
};

/** A banner underline (`=====`); dashed lines underline table headers and do not open sections. */
/** The key before `colon`, without the spaces before the colon (the body has no leading spaces). */
function keyOf(body: string, colon: number): string {
  let end = colon;
  while (end > 0 && body.charCodeAt(end - 1) === 32) end--;
  return body.slice(0, end);
}

/** The value after `colon` (the body has no trailing spaces). */
function valueOf(body: string, colon: number): string {
  let start = colon + 1;
  const n = body.length;
  while (start < n) {
    const c = body.charCodeAt(start);
    if (c !== 32 && c !== 9) break;
    start++;
  }
  return start === n ? '' : body.slice(start);
}

/** `Name (TAG):`; the pattern is tried only on lines that end with `):`. */
function isEntitlementHeader(body: string): boolean {
  return body.charCodeAt(body.length - 2) === 41 && ENTITLEMENT_HEADER.test(body);
}

function endsWithColon(body: string): boolean {
  return body.charCodeAt(body.length - 1) === 58;
}

function isSeparator(body: string): boolean {
  return body.charCodeAt(0) === 61 && SEPARATOR.test(body);
}

function duration(raw: string): Duration {
  return { raw, ms: parseDuration(raw) };
}

function tableRow(m: RegExpExecArray): Entitlement {
  const name = m[1]!.trim();
  const tag = m[2]!.trim();
  const countText = m[3]!;
  const statusRaw = m[4]!.trim();
  const e: Entitlement = { tag };
  if (name !== '') e.name = name;
  if (name.endsWith('...') || tag.endsWith('...')) e.truncated = true;
  if (/^\d+$/.test(countText)) e.count = Number(countText);
  else e.countRaw = countText;
  e.statusRaw = statusRaw;
  e.status = entitlementStatusOf(statusRaw);
  const short = REGID.exec(tag);
  if (short !== null) e.shortTag = short[1]!;
  return e;
}

/** `PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT`, `SN:CAT2231B18Y,UUID:default-sdr`, `PID:X,VID:V01,SN:Y`. */
export function parseUdi(raw: string): Udi {
  const udi: Udi = { raw: raw.trim() };
  // The comma-separated parts, walked by index (no array of parts).
  const n = raw.length;
  for (let from = 0; from <= n; ) {
    let to = raw.indexOf(',', from);
    if (to === -1) to = n;
    const c = raw.indexOf(':', from);
    const part = from;
    from = to + 1;
    if (c === -1 || c >= to) continue;
    const k = raw.slice(part, c).trim().toUpperCase();
    const v = raw.slice(c + 1, to).trim();
    if (v === '') continue;
    if (k === 'PID' || k === 'P') udi.pid = v;
    else if (k === 'SN' || k === 'S') udi.sn = v;
    else if (k === 'VID') udi.vid = v;
    else if (k === 'UUID') udi.uuid = v;
  }
  return udi;
}

/** The `key: value` lines of a section kept as printed (lines without a colon are left out). */
export function sectionEntries(section: GenericSection): KeyValue[] {
  const out: KeyValue[] = [];
  for (const line of section.lines) {
    const colon = line.indexOf(':');
    if (colon > 0) out.push({ key: keyOf(line, colon), value: valueOf(line, colon) });
  }
  return out;
}

export interface LicenseReadResult {
  report: LicenseReport;
  traditional: boolean;
}

/** Reads a `show license …` output into a report of the given kind (no validation; see the command parsers). */
export function readLicenseReport(kind: LicenseReportKind, capture: Capture, options: LicenseReportOptions): LicenseReadResult {
  const reader = new LicenseReader(kind, capture.lines, options, capture);
  const report = reader.read();
  return { report, traditional: reader.traditional };
}

/** True when the report holds any Smart Licensing fact at all. */
export function hasSmartLicensingFacts(report: LicenseReport): boolean {
  return (
    report.smartLicensing !== undefined ||
    report.usingPolicy !== undefined ||
    report.registration !== undefined ||
    report.authorization !== undefined ||
    report.account !== undefined ||
    report.transport !== undefined ||
    report.usageReporting !== undefined ||
    report.trustCode !== undefined ||
    (report.entitlements !== undefined && report.entitlements.length > 0) ||
    report.udi !== undefined ||
    report.haUdiList !== undefined ||
    report.licenseAuthorizations !== undefined ||
    report.agentVersion !== undefined
  );
}
