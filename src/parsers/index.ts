/** Public surface of the parsers: `parse()` and one function per show command, with their result types. */
export { parse, PARSERS } from './parse.js';
export { resolveCommand, COMMAND_PATTERNS, type CommandKey, type ResolvedCommand } from './command.js';
export type { ParseOptions } from './options.js';
export { readCapture, splitLines, type Capture, type CaptureLine } from './capture.js';
export { parseDeviceTime, parseDuration, deviceTimeMs, zoneOffset, ZONE_OFFSETS, type DeviceTime, type DeviceTimeOptions } from './device-time.js';
export { parseLicenseStatus } from './show-license-status.js';
export { parseLicenseAll } from './show-license-all.js';
export { parseLicenseSummary } from './show-license-summary.js';
export { parseLicenseUsage } from './show-license-usage.js';
export { parseLicenseUdi } from './show-license-udi.js';
export { parseLicenseTechSupport } from './show-license-tech-support.js';
export { parseLicenseAuthorization } from './show-license-authorization.js';
export { parseLicensePlatformSummary } from './show-license-platform-summary.js';
export { parseLicensePlatformDetail } from './show-license-platform-detail.js';
export { parseLicenseEventLog } from './show-license-eventlog.js';
export { parseLicenseHistoryMessage } from './show-license-history-message.js';
export { parseLicenseRumReports, parseLicenseRumReportDetail } from './show-license-rum.js';
export { parseTraditionalLicenses } from './show-license-traditional.js';
export { parseCallHomeProfiles } from './show-call-home-profile.js';
export { parseCallHome } from './show-call-home.js';
export { parseCallHomeSmartLicensingStatistics } from './show-call-home-smart-licensing-statistics.js';
export { parseCallHomeSmartLicensing } from './show-call-home-smart-licensing.js';
export { parseCallHomeStatistics } from './show-call-home-statistics.js';
export { parseCallHomeAlertGroups } from './show-call-home-alert-group.js';
export { parseCallHomeDiagnosticSignature } from './show-call-home-diagnostic-signature.js';
export { parseCallHomeEvents } from './show-call-home-events.js';
export { parseCallHomeMailServerStatus } from './show-call-home-mail-server-status.js';
export { parseCallHomeVersion } from './show-call-home-version.js';
export { parseCallHomeConfig } from './show-running-config-call-home.js';
export { parseCableLicenses } from './show-cable-license-all.js';
export { parseLogging, parseMessageId } from './show-logging.js';
export { parseOpticsController } from './show-controllers-optics.js';
export { parseMxponder } from './show-hw-module-mxponder.js';
export { licensingSnapshot, type SnapshotOptions } from './licensing-snapshot.js';
export type {
  ParsePlatform,
  ParseResult,
  ParsedOutput,
  UnparsedLine,
  Duration,
  KeyValue,
  GenericSection,
  Attempt,
  StateField,
  RegistrationInfo,
  AuthorizationInfo,
  AccountInfo,
  DataPrivacy,
  TransportInfo,
  UsageReporting,
  UdiMember,
  Udi,
  TrustCodeInfo,
  EvaluationInfo,
  Entitlement,
  ScheduledJob,
  CertificateInfo,
  LicenseCertificates,
  CommunicationStatistic,
  LicenseAuthorizations,
  LicenseReportKind,
  LicenseReport,
  LicenseStatusReport,
  LicenseAllReport,
  LicenseSummaryReport,
  LicenseUsageReport,
  LicenseUdiReport,
  LicenseTechSupportReport,
  LicenseAuthorizationReport,
  CollectionTimes,
  LicensePlatformSummary,
  LicensePlatformDetail,
  CallHomeProfile,
  CallHomeProfiles,
  MailServer,
  AlertGroupInfo,
  CallHomeSettings,
  CallHomeSmartLicensingStatistics,
  CallHomeSmartLicensing,
  CallHomeCounters,
  CallHomeStatistics,
  CallHomeAlertGroups,
  CallHomeDiagnosticSignature,
  CallHomeEvents,
  CallHomeMailServerStatus,
  CallHomeVersion,
  CallHomeProfileConfig,
  CallHomeConfig,
  CableLicenses,
  SyslogMessageId,
  LicensingLogMessage,
  LicensingLog,
  TraditionalLicenses,
  LicenseEvent,
  LicenseEventLog,
  LicenseHistoryMessage,
  LicenseRumReports,
  LicenseRumReportDetail,
  OpticsController,
  MxponderSlice,
  Mxponder,
} from './types.js';
