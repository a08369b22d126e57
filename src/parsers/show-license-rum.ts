import { ParseError } from '../errors.js';
import { parseDeviceTime } from './device-time.js';
import { parseUdi } from './license-report.js';
import { excerptOf, prepareOutput, type ParseOptions } from './options.js';
import type { LicenseRumReportDetail, LicenseRumReports } from './types.js';

const REPORT_ROW = /^(\d+)\s+(\S+)\s+(\S+)\s+(.+)$/;

/** `show license rum id all`: report id, state, flag and feature per usage report. */
export function parseLicenseRumReports(text: string, options?: ParseOptions): LicenseRumReports {
  const prepared = prepareOutput(text, 'show license rum id all', ['license-rum-reports'], options);
  const r: LicenseRumReports = { kind: 'license-rum-reports', command: prepared.canonical, platform: prepared.platform, unparsed: [], reports: [] };
  let header = false;
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (/^Smart Licensing Usage Report:$/i.test(body) || /^=+$/.test(body)) continue;
    if (/^Report Id,?\s+State,?\s+Flag,?\s+Feature Name$/i.test(body)) {
      header = true;
      continue;
    }
    const m = header ? REPORT_ROW.exec(body) : null;
    if (m === null) {
      r.unparsed.push({ line: line.no, text: line.text, section: null });
      continue;
    }
    r.reports.push({ id: m[1]!, state: m[2]!, flag: m[3]!, feature: m[4]!.trim() });
  }
  if (!header) throw new ParseError(prepared.command, 'no usage report table in the output', excerptOf(prepared.capture));
  return r;
}

/** `show license rum id <id> detail`: one usage report; pairs printed on one line are split at `,  `. */
export function parseLicenseRumReportDetail(text: string, options?: ParseOptions): LicenseRumReportDetail {
  const prepared = prepareOutput(text, options?.command ?? 'show license rum id <id> detail', ['license-rum-report-detail'], options);
  const r: LicenseRumReportDetail = { kind: 'license-rum-report-detail', command: prepared.canonical, platform: prepared.platform, unparsed: [], fields: [] };
  const time = (v: string) => parseDeviceTime(v, options) ?? { raw: v, iso: null, local: null, zone: null, offsetMinutes: null };
  for (const line of prepared.capture.lines) {
    const body = line.body;
    if (/^Smart Licensing Usage Report Detail:$/i.test(body) || /^=+$/.test(body)) continue;
    const parts = body.split(/,\s{2,}/);
    for (const part of parts) {
      const colon = part.indexOf(':');
      if (colon <= 0) {
        r.unparsed.push({ line: line.no, text: line.text, section: null });
        continue;
      }
      const key = part.slice(0, colon).trim();
      const value = part.slice(colon + 1).trim();
      r.fields.push({ key, value });
      switch (key.toLowerCase()) {
        case 'report id':
          r.reportId = value;
          break;
        case 'metric name':
          r.metricName = value;
          break;
        case 'feature name':
          r.featureName = value;
          break;
        case 'metric value':
          r.metricValue = value;
          break;
        case 'udi':
          r.udi = parseUdi(value);
          break;
        case 'previous report id':
          r.previousReportId = value;
          break;
        case 'next report id':
          r.nextReportId = value;
          break;
        case 'state':
          r.state = value;
          break;
        case 'state change reason':
          r.stateChangeReason = value;
          break;
        case 'close reason':
          r.closeReason = value;
          break;
        case 'start time':
          r.startTime = time(value);
          break;
        case 'end time':
          r.endTime = time(value);
          break;
        case 'storage state':
          r.storageState = value;
          break;
        default:
          break;
      }
    }
  }
  if (r.reportId === undefined) throw new ParseError(prepared.command, 'no "Report Id:" in the output', excerptOf(prepared.capture));
  return r;
}
