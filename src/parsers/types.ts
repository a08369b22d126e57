/**
 * Typed results of the show-command parsers. Every union value comes with the text the device printed
 * (`status` + `statusRaw`), every date is a {@link DeviceTime} (ISO 8601 UTC plus the raw text), and every
 * result lists the lines the parser did not understand in `unparsed` (never silently dropped).
 * `<none>` / `<empty>` placeholders are left out rather than kept as values.
 */
import type {
  AttemptResult,
  AuthorizationStatus,
  CallHomeTransport,
  EnforcementType,
  EntitlementStatus,
  EvaluationMode,
  ExportControl,
  ExportStatus,
  FeatureState,
  HaRole,
  InstallState,
  LicenseTerm,
  LicensingMode,
  ProfileStatus,
  RegistrationStatus,
  SiaStatus,
  TransportType,
} from '../licensing/types.js';
import type { DeviceTime } from './device-time.js';

export type { DeviceTime } from './device-time.js';

/** What produced the text. `asa` and `nx-os` outputs share the Smart Agent formats and are accepted too. */
export type ParsePlatform = 'ios-xe' | 'ios-xr' | 'asa' | 'nx-os';

export interface UnparsedLine {
  /** 1-based line number in the text given to the parser. */
  line: number;
  text: string;
  /** The section the line was found in (`Registration`, `License Usage` …), or null at top level. */
  section: string | null;
}

/** Fields every parser result carries. */
export interface ParsedOutput<K extends string = string> {
  kind: K;
  /** The canonical command the output answers (`show license status`). */
  command: string;
  platform: ParsePlatform | null;
  /** Device clock when the output was printed (XR exec timestamp or `Time source is …` header), if shown. */
  capturedAt?: DeviceTime;
  unparsed: UnparsedLine[];
}

export interface Duration {
  raw: string;
  /** Milliseconds, or null when the text holds no number of days/hours/minutes/seconds. */
  ms: number | null;
}

/** A `key: value` pair kept as printed, for sections that are not modelled field by field. */
export interface KeyValue {
  key: string;
  value: string;
}

/**
 * A section of a tech-support style output that is kept as printed (Policy, HA Info, Other Info …): its lines,
 * trimmed. `sectionEntries()` reads them as `key: value` pairs.
 */
export interface GenericSection {
  title: string;
  lines: string[];
}

// ---------------------------------------------------------------------------------------------- license state

/** `SUCCEEDED on Mar  5 02:01:03 2015 UTC`, `FAILED on … ` + an indented `Failure reason:`, or `None`. */
export interface Attempt {
  result: AttemptResult;
  resultRaw: string;
  at?: DeviceTime;
  /** The indented `Failure reason:` line under a failed attempt (ASA/XE agents), as printed. */
  failureReason?: string;
}

export interface StateField<S extends string> {
  status: S;
  statusRaw: string;
}

/** Classic Smart Licensing `Registration:` block. */
export interface RegistrationInfo extends StateField<RegistrationStatus> {
  smartAccount?: string;
  virtualAccount?: string;
  exportControlled?: ExportControl;
  exportControlledRaw?: string;
  initialRegistration?: Attempt;
  lastRenewalAttempt?: Attempt;
  nextRenewalAttempt?: DeviceTime;
  /** `Next Registration Attempt:` — the automatic retry of a failed registration (24 h later, 004:236). */
  nextRegistrationAttempt?: DeviceTime;
  /** `Registration Expires:` — a date, or `Never` (old agents, 000:561) with `neverExpires: true`. */
  registrationExpires?: DeviceTime;
  neverExpires?: boolean;
}

/** Classic Smart Licensing `License Authorization:` block (also the one-line SLP `Status: Not Applicable`). */
export interface AuthorizationInfo extends StateField<AuthorizationStatus> {
  /** The date after ` on ` in `Status: AUTHORIZED on <date>`. */
  since?: DeviceTime;
  lastCommunicationAttempt?: Attempt;
  nextCommunicationAttempt?: DeviceTime;
  communicationDeadline?: DeviceTime;
  /** ASA agents print `Evaluation Period Remaining:` here while in EVAL MODE. */
  evaluationPeriodRemaining?: Duration;
}

/** `Smart Account: X As of <date>` / `Virtual Account: Y` (SLP `Account Information:`). */
export interface AccountInfo {
  smartAccount?: string;
  smartAccountAsOf?: DeviceTime;
  virtualAccount?: string;
}

export interface DataPrivacy {
  sendingHostname?: boolean;
  callhomeHostnamePrivacy?: FeatureState;
  smartLicensingHostnamePrivacy?: FeatureState;
  versionPrivacy?: FeatureState;
}

export interface TransportInfo {
  type: TransportType;
  typeRaw: string;
  /** Smart transport URL (`URL:`), CSLU address (`Cslu address:`) or on-prem URL, when printed. */
  url?: string;
  csluAddress?: string;
  proxy?: {
    configured: boolean;
    address?: string;
    port?: string;
    username?: string;
    /** Only whether a password is set; the value is never kept. */
    passwordSet?: boolean;
  };
  vrf?: string;
  serverIdentityCheck?: boolean;
  ipMode?: string;
  trustPoint?: string;
}

/** SLP `Usage Reporting:` block. */
export interface UsageReporting {
  lastAckReceived?: DeviceTime;
  nextAckDeadline?: DeviceTime;
  reportingPushInterval?: { raw: string; days: number | null };
  nextAckPushCheck?: DeviceTime;
  nextReportPush?: DeviceTime;
  lastReportPush?: DeviceTime;
  lastReportFileWrite?: DeviceTime;
}

/** One HA member / stack member as `Active:PID:C9300-24UX,SN:FCW2303D16Y`. */
export interface UdiMember {
  role: HaRole;
  roleRaw: string;
  pid?: string;
  sn?: string;
}

export interface Udi {
  /** As printed after `UDI:` (`PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT`, `SN:CAT2231B18Y,UUID:default-sdr`). */
  raw: string;
  pid?: string;
  sn?: string;
  vid?: string;
  uuid?: string;
}

/** SLP `Trust Code Installed:` — a single date, `<none>`, or one block per HA member. */
export interface TrustCodeInfo {
  installed: boolean;
  installedAt?: DeviceTime;
  type?: string;
  members: Array<
    UdiMember & {
      state: InstallState;
      stateRaw: string;
      installedAt?: DeviceTime;
      validFrom?: DeviceTime;
      expiresAt?: DeviceTime;
      type?: string;
    }
  >;
}

export interface EvaluationInfo {
  mode: EvaluationMode;
  modeRaw: string;
  remaining?: Duration;
}

/** One entitlement: a `Name (TAG):` / `Handle: n` block, or a row of the `License Usage:` table. */
export interface Entitlement {
  /** License name (`network-advantage`, `Access Essentials SW...`); absent when the device prints none. */
  name?: string;
  /** The tag as printed: inside the parentheses, or the full `regid.…` tag of tech-support handles. */
  tag: string;
  /** `US_License` from `regid.2014-11.com.cisco.US_License,1.0_a3f3…`. */
  shortTag?: string;
  /** The summary table cut the name or tag (`C9300-48 Network Advan...`). */
  truncated?: boolean;
  handle?: number;
  description?: string;
  count?: number;
  /** The count as printed when it is not a number (`-`, `Non-Counted`). */
  countRaw?: string;
  version?: string;
  status?: EntitlementStatus;
  statusRaw?: string;
  /** `IN USE(15)` → 15 (tech-support handles). */
  statusCode?: number;
  exportStatus?: ExportStatus;
  exportStatusRaw?: string;
  featureName?: string;
  featureDescription?: string;
  enforcementType?: EnforcementType;
  enforcementTypeRaw?: string;
  licenseType?: LicenseTerm;
  licenseTypeRaw?: string;
  statusTime?: DeviceTime;
  requestTime?: DeviceTime;
  /** Traditional tables (NX-OS `show license usage`): `Ins`, `Expiry Date`, `Comments`. */
  installed?: boolean;
  installedRaw?: string;
  expiry?: DeviceTime;
  comments?: string;
  /** Secondary fields printed in the block (`Soft Enforced`, `Day-0 Verification`, measurement counters …). */
  details?: Record<string, string>;
}

/** `show license tech support` `Upcoming Scheduled Jobs` entry (000:770-784). */
export interface ScheduledJob {
  name: string;
  at?: DeviceTime;
  remaining?: Duration;
  /** Text instead of a date (`Not Available`, `Expired Not Rescheduled`). */
  note?: string;
}

export interface CertificateInfo {
  start?: DeviceTime;
  expiry?: DeviceTime;
  versionNumber?: string;
  serialNumber?: string;
  commonName?: string;
}

/** `License Certificates` of `show license tech support` (000:786-830). */
export interface LicenseCertificates {
  productionCert?: boolean;
  piid?: string;
  idCertificate?: CertificateInfo;
  signingCertificate?: CertificateInfo;
  subCa?: CertificateInfo;
  notes: string[];
}

/** One `Communication Statistics` item of SLP tech support (Trust Establishment, Usage Reporting …). */
export interface CommunicationStatistic {
  name: string;
  attempts?: { total: number; success: number; fail: number };
  ongoingFailure?: { overall: number; communication: number };
  lastResponse?: { raw: string; response: string; at?: DeviceTime };
  failureReason?: string;
  lastSuccessTime?: DeviceTime;
  lastFailureTime?: DeviceTime;
}

export interface LicenseAuthorizations {
  overallStatus: Array<UdiMember & { status: InstallState; statusRaw: string }>;
  purchasedLicenses: string[];
  lastDataPush?: DeviceTime;
  lastFileExport?: DeviceTime;
}

export type LicenseReportKind =
  | 'license-status'
  | 'license-all'
  | 'license-summary'
  | 'license-usage'
  | 'license-udi'
  | 'license-tech-support'
  | 'license-authorization';

/**
 * The shared shape of `show license status|all|summary|usage|udi|tech support|authorization`: each part is
 * present only when the output prints it.
 */
export interface LicenseReport<K extends LicenseReportKind = LicenseReportKind> extends ParsedOutput<K> {
  /** `classic` (Registration / License Authorization blocks), `slp` (Smart Licensing Using Policy) or
   * `traditional` (non-smart tables); absent when the output does not say. */
  licensingMode?: LicensingMode;
  smartLicensing?: StateField<FeatureState>;
  usingPolicy?: StateField<FeatureState> & { reportingMode?: string };
  registration?: RegistrationInfo;
  authorization?: AuthorizationInfo;
  account?: AccountInfo;
  exportAuthorizationKey?: { featuresAuthorized: string[] };
  utility?: StateField<FeatureState>;
  dataPrivacy?: DataPrivacy;
  transport?: TransportInfo;
  usageReporting?: UsageReporting;
  trustCode?: TrustCodeInfo;
  evaluation?: EvaluationInfo;
  customId?: string;
  /** `License Usage` blocks or table rows, in output order; `[]` for `No licenses in use`. */
  entitlements?: Entitlement[];
  udi?: Udi;
  haUdiList?: UdiMember[];
  /** Tabular `show license udi` (ASR 1000): `SlotID PID SN UDI`. */
  udiTable?: Array<{ slot: string; pid: string; sn: string; udi: string }>;
  agentVersion?: string;
  componentVersions?: string;
  reservation?: StateField<FeatureState>;
  licenseAuthorizations?: LicenseAuthorizations;
  scheduledJobs?: ScheduledJob[];
  certificates?: LicenseCertificates;
  communicationStatistics?: CommunicationStatistic[];
  /** From tech-support `Other Info`: `Agent State: OOC` (000:854), `authorized`, … */
  agentState?: string;
  softwareId?: string;
  /** Sections kept as printed (Policy, HA Info, Other Info, Usage Report Summary …). */
  sections: GenericSection[];
}

export type LicenseStatusReport = LicenseReport<'license-status'>;
export type LicenseAllReport = LicenseReport<'license-all'>;
export type LicenseSummaryReport = LicenseReport<'license-summary'>;
export type LicenseUsageReport = LicenseReport<'license-usage'>;
export type LicenseUdiReport = LicenseReport<'license-udi'>;
export type LicenseTechSupportReport = LicenseReport<'license-tech-support'>;
export type LicenseAuthorizationReport = LicenseReport<'license-authorization'>;

// ------------------------------------------------------------------------------------------- IOS-XR platform

export interface CollectionTimes {
  last?: DeviceTime;
  next?: DeviceTime;
}

/** `show license platform summary` (NCS 560, 001:116-178). */
export interface LicensePlatformSummary extends ParsedOutput<'license-platform-summary'> {
  currentState?: StateField<RegistrationStatus>;
  collection?: CollectionTimes;
  reporting?: CollectionTimes;
  sia?: StateField<SiaStatus> & { graceRemaining?: Duration; messages: string[] };
  entries: Array<{ area: string; entitlement: string; countLast: number; countNext: number }>;
}

/** `show license platform detail` (NCS 1004, 004:394-431). */
export interface LicensePlatformDetail extends ParsedOutput<'license-platform-detail'> {
  currentState?: StateField<RegistrationStatus>;
  collection?: CollectionTimes;
  reporting?: CollectionTimes;
  parameters: {
    collectionIntervalMinutes?: number;
    reportingIntervalMinutes?: number;
    throughputGaugeKbps?: number;
  };
  features: Array<{
    area: string;
    name?: string;
    status?: string;
    flags?: string;
    entitlements: Array<{ index: number; name: string; tag?: string; shortTag?: string; lastReported?: number; nextReport?: number }>;
  }>;
}

// ------------------------------------------------------------------------------------------------- call-home

export interface CallHomeProfile {
  name: string;
  status?: ProfileStatus;
  statusRaw?: string;
  mode?: string;
  /** `Reporting Data: Smart Call Home, Smart Licensing` as printed, and split. */
  reportingDataRaw?: string;
  reportingData: string[];
  /** True when the profile reports Smart Licensing data (what the Smart Agent sends through). */
  reportsSmartLicensing: boolean;
  preferredMessageFormat?: string;
  messageSizeLimitBytes?: number;
  transportMethodRaw?: string;
  transportMethods: CallHomeTransport[];
  emailAddresses: string[];
  httpAddresses: string[];
  otherAddresses: string[];
  periodicMessages: Array<{ kind: string; schedule: string }>;
  alertGroups: Array<{ group: string; severity: string }>;
  syslogPatterns: Array<{ pattern: string; severity: string }>;
}

/** `show call-home profile all` / `show call-home profile <name>`. */
export interface CallHomeProfiles extends ParsedOutput<'call-home-profiles'> {
  profiles: CallHomeProfile[];
}

export interface MailServer {
  index: number;
  address: string;
  priority?: number;
  secure?: string;
  status?: string;
}

export interface AlertGroupInfo {
  keyword: string;
  state: string;
  description: string;
}

/** `show call-home` and `show call-home detail` (settings; `detail` adds full profiles). */
export interface CallHomeSettings extends ParsedOutput<'call-home'> {
  feature?: StateField<FeatureState>;
  /** Settings as printed, keyed as the device prints them (`contact person's email address` …). */
  settings: KeyValue[];
  contactEmail?: string;
  fromAddress?: string;
  replyToAddress?: string;
  vrf?: string;
  sourceIpAddress?: string;
  sourceInterface?: string;
  httpProxy?: string;
  serverIdentityCheck?: FeatureState;
  mailServers: MailServer[];
  diagnosticSignature?: { status: FeatureState; statusRaw: string; profile?: string; profileStatus?: string };
  smartLicensingMessages?: StateField<FeatureState> & { profile?: string; profileStatus?: ProfileStatus; profileStatusRaw?: string };
  alertGroups: AlertGroupInfo[];
  profileNames: string[];
  /** Full profile blocks (`show call-home detail`). */
  profiles: CallHomeProfile[];
}

/** `show call-home smart-licensing statistics` (000:990-1005). */
export interface CallHomeSmartLicensingStatistics extends ParsedOutput<'call-home-smart-licensing-statistics'> {
  /** Zone of the `Last-sent (GMT-06:00)` column. */
  lastSentZone?: string;
  messages: Array<{ subtype: string; success: number; failed: number; inqueue: number; dropped: number; lastSent?: DeviceTime }>;
}

/** `show call-home smart-licensing`. */
export interface CallHomeSmartLicensing extends ParsedOutput<'call-home-smart-licensing'> {
  messages?: StateField<FeatureState>;
  profile?: string;
  profileStatus?: StateField<ProfileStatus>;
  destinationUrls: string[];
}

export interface CallHomeCounters {
  total: number;
  email: number;
  http: number;
  byType: Record<string, { total: number; email: number; http: number }>;
}

/** `show call-home statistics`. */
export interface CallHomeStatistics extends ParsedOutput<'call-home-statistics'> {
  totals: Record<string, CallHomeCounters>;
  lastMessageSentTime?: string;
}

/** `show call-home alert-group`. */
export interface CallHomeAlertGroups extends ParsedOutput<'call-home-alert-groups'> {
  alertGroups: AlertGroupInfo[];
}

/** `show call-home diagnostic-signature`. */
export interface CallHomeDiagnosticSignature extends ParsedOutput<'call-home-diagnostic-signature'> {
  status?: StateField<FeatureState>;
  profile?: string;
  profileStatus?: string;
  downloadUrls: string[];
  environment: string[];
  downloaded: Array<{ id: string; name: string; revision: string; status: string; lastUpdate?: string }>;
}

/** `show call-home events`. */
export interface CallHomeEvents extends ParsedOutput<'call-home-events'> {
  events: Array<{ profile: string; alertGroup: string; index: string; severity: string; subscription: string; lastTriggered?: string }>;
}

/** `show call-home mail-server status`. */
export interface CallHomeMailServerStatus extends ParsedOutput<'call-home-mail-server-status'> {
  mailServers: MailServer[];
}

/** `show call-home version`. */
export interface CallHomeVersion extends ParsedOutput<'call-home-version'> {
  version?: string;
  components: Record<string, string>;
}

/** One call-home destination profile as configured (`profile "CiscoTAC-1"` / `profile CiscoTAC-1`). */
export interface CallHomeProfileConfig {
  name: string;
  /** XE prints `active` only for user profiles and `no active` for a disabled CiscoTAC-1; null when not printed. */
  active: boolean | null;
  reportingSmartLicensing: boolean | null;
  reportingSmartCallHome: boolean | null;
  transportMethods: { http: boolean | null; email: boolean | null };
  httpAddresses: string[];
  emailAddresses: string[];
  preferredMessageFormat?: string;
  /** Other profile lines kept as printed (`subscribe-to-alert-group …`). */
  otherLines: string[];
}

/** `show running-config call-home` (XR) / `show running-config | section call-home` (XE). */
export interface CallHomeConfig extends ParsedOutput<'running-config-call-home'> {
  /** `service call-home` (XE) present. */
  serviceCallHome?: boolean;
  /** `service active` (XR) present. */
  serviceActive?: boolean;
  contactEmail?: string;
  /** XR `contact smart-licensing` (004:207). */
  contactSmartLicensing?: boolean;
  httpProxy?: { host: string; port?: number };
  sourceInterface?: string;
  vrf?: string;
  /** `no http secure server-identity-check` present → false. */
  serverIdentityCheck?: boolean;
  profiles: CallHomeProfileConfig[];
  /** Other call-home lines kept as printed. */
  otherLines: string[];
}

// -------------------------------------------------------------------------------------------- cBR-8 / logging

/** `show cable license all` (cBR-8, 000:1013-1025). */
export interface CableLicenses extends ParsedOutput<'cable-license'> {
  entitlements: Array<{
    entitlement: string;
    consumedCount?: number;
    consumedCountReported?: number;
    enforcedStateRaw?: string;
    /** False for `No Enforcement`; true for any enforced state. */
    enforced?: boolean;
    details: Record<string, string>;
  }>;
}

/** A syslog message id `%FACILITY-SEVERITY-MNEMONIC` (XR prefixes the facility with `LICENSE-`, 004:639). */
export interface SyslogMessageId {
  /** As printed without `%`, e.g. `LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED`. */
  raw: string;
  facility: string;
  severity: number;
  mnemonic: string;
}

export interface LicensingLogMessage {
  line: number;
  timestamp?: DeviceTime;
  /** IOS-XR node (`RP/0/RP0/CPU0`). */
  node?: string;
  /** IOS-XR process (`smartlicserver[311]`). */
  process?: string;
  id: SyslogMessageId;
  /** Message text after the id, continuation lines joined with a space. */
  text: string;
}

/** `show logging` (typically `| include SMART|CALL`): licensing and call-home messages. */
export interface LicensingLog extends ParsedOutput<'logging'> {
  messages: LicensingLogMessage[];
  /** Syslog messages of other facilities, counted but not kept. */
  otherMessages: number;
  /** Logging header lines (`Syslog logging: enabled …`). */
  header: string[];
}

// --------------------------------------------------------------------------- other Smart Agent show commands

/** Traditional `show license` (non-smart, ISR/ASR `Index n Feature:` listing). */
export interface TraditionalLicenses extends ParsedOutput<'license-traditional'> {
  licenses: Array<{
    index: number;
    name: string;
    periodLeft?: string;
    periodUsed?: string;
    type?: string;
    state?: string;
    count?: string;
    priority?: string;
    details: Record<string, string>;
  }>;
}

export interface LicenseEvent {
  line: number;
  timestamp: DeviceTime;
  type: string;
  /** `key="value"` attributes of the event, continuation lines joined. */
  attributes: Record<string, string>;
  text: string;
}

/** `show license eventlog [days]`. */
export interface LicenseEventLog extends ParsedOutput<'license-eventlog'> {
  events: LicenseEvent[];
  message?: string;
}

/** `show license history message`. */
export interface LicenseHistoryMessage extends ParsedOutput<'license-history-message'> {
  messageHistory: Record<string, string[]>;
  importHistory: Record<string, string[]>;
}

/** `show license rum id all`. */
export interface LicenseRumReports extends ParsedOutput<'license-rum-reports'> {
  reports: Array<{ id: string; state: string; flag: string; feature: string }>;
}

/** `show license rum id <id> detail`. */
export interface LicenseRumReportDetail extends ParsedOutput<'license-rum-report-detail'> {
  reportId?: string;
  fields: KeyValue[];
  metricName?: string;
  featureName?: string;
  metricValue?: string;
  udi?: Udi;
  previousReportId?: string;
  nextReportId?: string;
  state?: string;
  stateChangeReason?: string;
  closeReason?: string;
  startTime?: DeviceTime;
  endTime?: DeviceTime;
  storageState?: string;
}

// ------------------------------------------------------------------------------------------ NCS 1004 hardware

/** `show controllers optics <port>` (NCS 1004 trunk): what the trunk licenses depend on (004:525-572). */
export interface OpticsController extends ParsedOutput<'controllers-optics'> {
  port?: string;
  controllerState?: string;
  laserState?: string;
  /** `Bits per symbol = 3.0000000000 bits/symbol` (004:569). */
  bitsPerSymbol?: number;
  baudRateGbd?: number;
  modulation?: string;
  /** `Chromatic Dispersion 6 ps/nm`. */
  chromaticDispersionPsNm?: number;
  /** `Configured CD-MIN -2400 ps/nm  CD-MAX 2400 ps/nm`. */
  cdMinPsNm?: number;
  cdMaxPsNm?: number;
  /** Every other `key = value` / `key: value` line as printed. */
  fields: KeyValue[];
}

export interface MxponderSlice {
  location?: string;
  sliceId?: number;
  clientBitrate?: string;
  trunkBitrate?: string;
  /** `Provisioned`, … */
  status?: string;
  provisioned: boolean;
  trunkPorts: string[];
  clientPorts: Array<{ port: string; mapper?: string; peer?: string; trafficSplitPercent?: number }>;
  details: Record<string, string>;
}

/** `show hw-module location <loc> mxponder` / `mxponder-slice <n>` (004:732-758, 004:870-888). */
export interface Mxponder extends ParsedOutput<'hw-module-mxponder'> {
  slices: MxponderSlice[];
}

export type ParseResult =
  | LicenseReport
  | LicensePlatformSummary
  | LicensePlatformDetail
  | CallHomeProfiles
  | CallHomeSettings
  | CallHomeSmartLicensingStatistics
  | CallHomeSmartLicensing
  | CallHomeStatistics
  | CallHomeAlertGroups
  | CallHomeDiagnosticSignature
  | CallHomeEvents
  | CallHomeMailServerStatus
  | CallHomeVersion
  | CallHomeConfig
  | CableLicenses
  | LicensingLog
  | TraditionalLicenses
  | LicenseEventLog
  | LicenseHistoryMessage
  | LicenseRumReports
  | LicenseRumReportDetail
  | OpticsController
  | Mxponder;
