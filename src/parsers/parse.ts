import { resolveCommand, type CommandKey } from './command.js';
import type { ParseOptions } from './options.js';
import { parseCableLicenses } from './show-cable-license-all.js';
import { parseOpticsController } from './show-controllers-optics.js';
import { parseMxponder } from './show-hw-module-mxponder.js';
import { parseCallHome } from './show-call-home.js';
import { parseCallHomeAlertGroups } from './show-call-home-alert-group.js';
import { parseCallHomeDiagnosticSignature } from './show-call-home-diagnostic-signature.js';
import { parseCallHomeEvents } from './show-call-home-events.js';
import { parseCallHomeMailServerStatus } from './show-call-home-mail-server-status.js';
import { parseCallHomeProfiles } from './show-call-home-profile.js';
import { parseCallHomeSmartLicensing } from './show-call-home-smart-licensing.js';
import { parseCallHomeSmartLicensingStatistics } from './show-call-home-smart-licensing-statistics.js';
import { parseCallHomeStatistics } from './show-call-home-statistics.js';
import { parseCallHomeVersion } from './show-call-home-version.js';
import { parseLicenseAll } from './show-license-all.js';
import { parseLicenseAuthorization } from './show-license-authorization.js';
import { parseLicenseEventLog } from './show-license-eventlog.js';
import { parseLicenseHistoryMessage } from './show-license-history-message.js';
import { parseLicensePlatformDetail } from './show-license-platform-detail.js';
import { parseLicensePlatformSummary } from './show-license-platform-summary.js';
import { parseLicenseRumReportDetail, parseLicenseRumReports } from './show-license-rum.js';
import { parseLicenseStatus } from './show-license-status.js';
import { parseLicenseSummary } from './show-license-summary.js';
import { parseLicenseTechSupport } from './show-license-tech-support.js';
import { parseTraditionalLicenses } from './show-license-traditional.js';
import { parseLicenseUdi } from './show-license-udi.js';
import { parseLicenseUsage } from './show-license-usage.js';
import { parseLogging } from './show-logging.js';
import { parseCallHomeConfig } from './show-running-config-call-home.js';
import type { ParseResult } from './types.js';

type Parser = (text: string, options?: ParseOptions) => ParseResult;

/** The parser behind each command; `parse()` and the CLI go through this table. */
export const PARSERS: Readonly<Record<CommandKey, Parser>> = {
  'license-status': parseLicenseStatus,
  'license-all': parseLicenseAll,
  'license-summary': parseLicenseSummary,
  'license-usage': parseLicenseUsage,
  'license-udi': parseLicenseUdi,
  'license-tech-support': parseLicenseTechSupport,
  'license-authorization': parseLicenseAuthorization,
  'license-platform-summary': parseLicensePlatformSummary,
  'license-platform-detail': parseLicensePlatformDetail,
  'license-eventlog': parseLicenseEventLog,
  'license-history-message': parseLicenseHistoryMessage,
  'license-rum-reports': parseLicenseRumReports,
  'license-rum-report-detail': parseLicenseRumReportDetail,
  'license-traditional': parseTraditionalLicenses,
  'call-home-profiles': parseCallHomeProfiles,
  'call-home': parseCallHome,
  'call-home-detail': parseCallHome,
  'call-home-smart-licensing-statistics': parseCallHomeSmartLicensingStatistics,
  'call-home-smart-licensing': parseCallHomeSmartLicensing,
  'call-home-statistics': parseCallHomeStatistics,
  'call-home-alert-group': parseCallHomeAlertGroups,
  'call-home-diagnostic-signature': parseCallHomeDiagnosticSignature,
  'call-home-events': parseCallHomeEvents,
  'call-home-mail-server-status': parseCallHomeMailServerStatus,
  'call-home-version': parseCallHomeVersion,
  'running-config-call-home': parseCallHomeConfig,
  'cable-license': parseCableLicenses,
  logging: parseLogging,
  'controllers-optics': parseOpticsController,
  'hw-module-mxponder': parseMxponder,
};

/**
 * Parses the output of a show command. The command may be abbreviated as on the device (`sh lic sta`) and may
 * carry an output modifier (`| begin D3.1`). Throws `ParseError` (code `E_PARSE`, naming the command) when the
 * command has no parser, is ambiguous, the device refused it, or the text is not that command's output.
 */
export function parse(command: string, text: string, options: ParseOptions = {}): ParseResult {
  const resolved = resolveCommand(command);
  return PARSERS[resolved.key](text, options.command === undefined ? withCommand(options, command) : options);
}

/** The options with the command as typed, for messages (what the parsers read, without a generic object spread). */
function withCommand(options: ParseOptions, command: string): ParseOptions {
  const out: { -readonly [K in keyof ParseOptions]: ParseOptions[K] } = { command };
  if (options.platform !== undefined) out.platform = options.platform;
  if (options.zones !== undefined) out.zones = options.zones;
  if (options.year !== undefined) out.year = options.year;
  if (options.defaultZone !== undefined) out.defaultZone = options.defaultZone;
  return out;
}
