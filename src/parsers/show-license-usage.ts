import { ParseError } from '../errors.js';
import type { CaptureLine } from './capture.js';
import { parseDeviceTime } from './device-time.js';
import { parseLicenseCommand, type LicenseCommandSpec, readerOptions } from './license-command.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { Entitlement, LicenseUsageReport } from './types.js';
import { entitlementStatusOf } from './vocabulary.js';

/** NX-OS `Feature  Ins  Lic  Status Expiry Date Comments` (header wrapped onto a `Count` line). */
const TRADITIONAL_HEADER = /^Feature\s+Ins\s+Lic\s+Status\s+Expiry Date\s+Comments$/i;
const TRADITIONAL_ROW = /^(\S+)\s+(Yes|No)\s+(\S+)\s+(.+?)\s*$/i;

const USAGE: LicenseCommandSpec<'license-usage'> = {
  kind: 'license-usage',
  canonical: 'show license usage',
  keys: ['license-usage'],
  check: (r) => {
    if (r.entitlements === undefined && r.authorization === undefined) return 'no license usage in the output';
    if (r.registration !== undefined || r.udi !== undefined) {
      return 'the output has registration or product information, which "show license usage" does not print';
    }
    return null;
  },
};

/**
 * `show license usage` — `License Authorization: Status: …` then one block per entitlement (000:925-947,
 * 001:644-682, 004:466-483); NX-OS prints its traditional fixed-width table instead, read column by column.
 */
export function parseLicenseUsage(text: string, options?: ParseOptions): LicenseUsageReport {
  const prepared = prepareOutput(text, 'show license usage', ['license-usage'], options);
  const first = prepared.capture.lines[0];
  if (first !== undefined && TRADITIONAL_HEADER.test(first.body)) {
    return readTraditionalTable(prepared.capture.lines, prepared.canonical, prepared.platform, readerOptions(prepared, options));
  }
  return parseLicenseCommand(USAGE, text, options);
}

function readTraditionalTable(
  lines: readonly CaptureLine[],
  command: string,
  platform: LicenseUsageReport['platform'],
  timeOptions: Parameters<typeof parseDeviceTime>[1],
): LicenseUsageReport {
  const header = lines[0]!.text;
  const expiryCol = header.indexOf('Expiry Date');
  const commentsCol = header.indexOf('Comments');
  const report: LicenseUsageReport = {
    kind: 'license-usage',
    command,
    platform,
    unparsed: [],
    sections: [],
    licensingMode: 'traditional',
    entitlements: [],
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^-{3,}$/.test(line.body) || /^Count$/i.test(line.body)) continue;
    const head = line.text.slice(0, expiryCol).trimEnd();
    const m = TRADITIONAL_ROW.exec(head.trimStart());
    if (m === null) {
      report.unparsed.push({ line: line.no, text: line.text, section: 'License Usage' });
      continue;
    }
    const [, name, ins, count, status] = m as unknown as [string, string, string, string, string];
    const e: Entitlement = { name, tag: name, installed: ins.toLowerCase() === 'yes', installedRaw: ins };
    if (/^\d+$/.test(count)) e.count = Number(count);
    else e.countRaw = count;
    e.statusRaw = status;
    e.status = entitlementStatusOf(status);
    const expiry = line.text.slice(expiryCol, commentsCol).trim();
    const comments = line.text.slice(commentsCol).trim();
    if (expiry !== '') e.expiry = parseDeviceTime(expiry, timeOptions) ?? { raw: expiry, iso: null, local: null, zone: null, offsetMinutes: null };
    if (comments !== '') e.comments = comments;
    report.entitlements!.push(e);
  }
  if (report.entitlements!.length === 0) throw new ParseError(command, 'the license table has no rows', excerptOf({ lines, echo: null, prompt: null, capturedAt: null, deviceError: null }));
  return report;
}
