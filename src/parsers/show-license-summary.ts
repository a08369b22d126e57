import { parseLicenseCommand, type LicenseCommandSpec } from './license-command.js';
import type { ParseOptions } from './options.js';
import type { LicenseSummaryReport } from './types.js';

const SUMMARY: LicenseCommandSpec<'license-summary'> = {
  kind: 'license-summary',
  canonical: 'show license summary',
  keys: ['license-summary'],
  check: (r) => {
    const facts =
      r.entitlements !== undefined ||
      r.registration !== undefined ||
      r.authorization !== undefined ||
      r.account !== undefined ||
      r.smartLicensing !== undefined;
    if (!facts) return 'no license summary (registration, authorization or usage table) in the output';
    if (r.udi !== undefined || r.agentVersion !== undefined) {
      return 'the output has product or agent information, which "show license summary" does not print';
    }
    return null;
  },
};

/**
 * `show license summary` — registration and authorization without dates, then the `License Usage:` table
 * `License  Entitlement tag  Count Status`; names and tags may be cut with `...` (001:956, corpus).
 */
export function parseLicenseSummary(text: string, options?: ParseOptions): LicenseSummaryReport {
  return parseLicenseCommand(SUMMARY, text, options);
}
